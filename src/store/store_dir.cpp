#include "store/store_dir.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace followup {
namespace fs = std::filesystem;

namespace {

constexpr const char* kSwitched = "SWITCHED";
constexpr const char* kPromoting = "PROMOTING";

Status FsError(const std::string& what, const std::error_code& ec) {
  return Status::Io(what + ": " + ec.message());
}

Status SyncDir(const fs::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Status::Io("cannot open " + dir.string() + ": " + std::strerror(errno));
  int rc = ::fsync(fd);
  ::close(fd);
  return rc == 0 ? Status::Ok() : Status::Io("cannot sync " + dir.string() + ": " + std::strerror(errno));
}

// Creates an empty file and syncs it and its directory.
Status WriteDurably(const fs::path& file) {
  int fd = ::open(file.c_str(), O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Status::Io("cannot create " + file.string() + ": " + std::strerror(errno));
  int rc = ::fsync(fd);
  ::close(fd);
  Status s = rc == 0 ? SyncDir(file.parent_path())
                     : Status::Io("cannot sync " + file.string() + ": " + std::strerror(errno));
  // Not durable: not there either (a marker is either written or absent).
  if (!s.ok()) {
    ::unlink(file.c_str());
    (void)SyncDir(file.parent_path());
  }
  return s;
}

// Whether another process holds RocksDB's lock of the store in dir (RocksDB
// locks LOCK with fcntl). Never called by a process that has it open: closing
// any descriptor of the file would drop that process's own lock.
bool HeldByAnotherProcess(const fs::path& dir) {
  int fd = ::open((dir / "LOCK").c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) return false;
  struct flock f {};
  f.l_type = F_WRLCK;
  f.l_whence = SEEK_SET;
  bool held = ::fcntl(fd, F_GETLK, &f) == 0 && f.l_type != F_UNLCK;
  ::close(fd);
  return held;
}

}  // namespace

std::string RebuildDir(const std::string& data_dir) { return (fs::path(data_dir) / "rebuild").string(); }

bool RebuildSwitched(const std::string& data_dir) {
  std::error_code ec;
  return fs::exists(fs::path(RebuildDir(data_dir)) / kSwitched, ec);
}

bool SwitchPending(const std::string& data_dir) {
  std::error_code ec;
  return RebuildSwitched(data_dir) || fs::exists(fs::path(data_dir) / kPromoting, ec);
}

Status MarkRebuildSwitched(const std::string& data_dir) {
  return WriteDurably(fs::path(RebuildDir(data_dir)) / kSwitched);
}

Status RemoveSupersededStore(const std::string& data_dir) {
  // RocksDB keeps only files in its directory; a directory there (rebuild/,
  // a file system's lost+found) is not the store's.
  std::error_code ec;
  for (const fs::directory_entry& e : fs::directory_iterator(data_dir, ec)) {
    if (e.path().filename() == kPromoting || !e.is_regular_file(ec)) continue;
    fs::remove(e.path(), ec);
    if (ec) return FsError("cannot remove " + e.path().string(), ec);
  }
  if (ec) return FsError("cannot list " + data_dir, ec);
  return SyncDir(data_dir);
}

namespace {

// An exclusive flock on the data dir itself for the time of a FinishSwitch:
// two processes opening one data dir must not both move files.
class DirLock {
 public:
  explicit DirLock(const fs::path& dir) : fd_(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) {
    if (fd_ >= 0 && ::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      ::close(fd_);
      fd_ = -1;
    }
  }
  ~DirLock() {
    if (fd_ >= 0) ::close(fd_);  // closing releases the flock
  }
  DirLock(const DirLock&) = delete;
  DirLock& operator=(const DirLock&) = delete;
  bool held() const { return fd_ >= 0; }

 private:
  int fd_;
};

Status FinishSwitchLocked(const std::string& data_dir);

}  // namespace

Status FinishSwitch(const std::string& data_dir) {
  if (!SwitchPending(data_dir)) return Status::Ok();
  DirLock lock(data_dir);
  if (!lock.held())
    return Status::Unavailable("another process is moving the rebuilt store of " + data_dir +
                               " into place; try again in a moment");
  return FinishSwitchLocked(data_dir);
}

namespace {

Status FinishSwitchLocked(const std::string& data_dir) {
  const fs::path data(data_dir), rebuild(RebuildDir(data_dir)), promoting = data / kPromoting;
  std::error_code ec;
  const bool switched = fs::exists(rebuild / kSwitched, ec);
  if (!switched && !fs::exists(promoting, ec)) return Status::Ok();  // another process finished it
  if (fs::exists(rebuild, ec) && HeldByAnotherProcess(rebuild))
    return Status::Unavailable("the data dir " + data_dir +
                               " is served by a running followup from its rebuilt store (" +
                               rebuild.string() + "); stop it first, or read it with `followup report`");
  Status s;
  if (!fs::exists(promoting, ec)) {
    if (!(s = RemoveSupersededStore(data_dir)).ok()) return s;
    if (!(s = WriteDurably(promoting)).ok()) return s;
  }
  if (fs::exists(rebuild, ec)) {
    for (const fs::directory_entry& e : fs::directory_iterator(rebuild, ec)) {
      if (e.path().filename() == kSwitched) continue;
      fs::rename(e.path(), data / e.path().filename(), ec);
      if (ec) return FsError("cannot move " + e.path().string() + " into " + data_dir, ec);
    }
    if (ec) return FsError("cannot list " + rebuild.string(), ec);
    if (!(s = SyncDir(data)).ok()) return s;
    fs::remove_all(rebuild, ec);
    if (ec) return FsError("cannot remove " + rebuild.string(), ec);
  }
  fs::remove(promoting, ec);
  if (ec) return FsError("cannot remove " + promoting.string(), ec);
  return SyncDir(data);
}

}  // namespace

std::string CurrentStoreDir(const std::string& data_dir) {
  return RebuildSwitched(data_dir) ? RebuildDir(data_dir) : data_dir;
}

}  // namespace followup
