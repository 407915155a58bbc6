#include "store/store_dir.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>

#include <filesystem>
#include <fstream>

#include "store/meta.h"
#include "store/store.h"
#include "store/store_testing.h"

namespace followup {
namespace {

namespace fs = std::filesystem;

class StoreDirTest : public TempDirTest {
 protected:
  static void Write(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }
  static std::string Read(const fs::path& p) {
    std::ifstream f(p);
    return std::string(std::istreambuf_iterator<char>(f), {});
  }
  // An old store in dir_ and a switched rebuild beside it (files only).
  void SwitchedLayout() {
    Write(dir_ / "CURRENT", "old");
    Write(dir_ / "000001.sst", "old");
    fs::create_directories(dir_ / "rebuild");
    Write(dir_ / "rebuild" / "CURRENT", "new");
    Write(dir_ / "rebuild" / "000009.sst", "new");
    ASSERT_TRUE(MarkRebuildSwitched(dir_.string()).ok());
  }
};

TEST_F(StoreDirTest, NothingPendingLeavesTheDirAlone) {
  Write(dir_ / "CURRENT", "old");
  EXPECT_TRUE(FinishSwitch(dir_.string()).ok());
  EXPECT_EQ(Read(dir_ / "CURRENT"), "old");
  EXPECT_EQ(CurrentStoreDir(dir_.string()), dir_.string());
}

TEST_F(StoreDirTest, AnUnswitchedRebuildIsNotMoved) {
  Write(dir_ / "CURRENT", "old");
  fs::create_directories(dir_ / "rebuild");
  Write(dir_ / "rebuild" / "CURRENT", "new");
  EXPECT_TRUE(FinishSwitch(dir_.string()).ok());
  EXPECT_EQ(Read(dir_ / "CURRENT"), "old");
  EXPECT_EQ(Read(dir_ / "rebuild" / "CURRENT"), "new");
}

TEST_F(StoreDirTest, ReadersReadASwitchedRebuildWhereItIs) {
  SwitchedLayout();
  EXPECT_TRUE(RebuildSwitched(dir_.string()));
  EXPECT_EQ(CurrentStoreDir(dir_.string()), (dir_ / "rebuild").string());
}

TEST_F(StoreDirTest, FinishSwitchMovesTheRebuiltStoreUp) {
  SwitchedLayout();
  ASSERT_TRUE(FinishSwitch(dir_.string()).ok());
  EXPECT_EQ(Read(dir_ / "CURRENT"), "new");
  EXPECT_TRUE(fs::exists(dir_ / "000009.sst"));
  EXPECT_FALSE(fs::exists(dir_ / "000001.sst"));
  EXPECT_FALSE(fs::exists(dir_ / "rebuild"));
  EXPECT_FALSE(fs::exists(dir_ / "PROMOTING"));
  EXPECT_FALSE(fs::exists(dir_ / "SWITCHED"));
}

// A kill -9 after the old files were removed and PROMOTING written, with
// one file already moved: the next open finishes the move.
TEST_F(StoreDirTest, AnInterruptedMoveIsFinished) {
  SwitchedLayout();
  ASSERT_TRUE(RemoveSupersededStore(dir_.string()).ok());
  Write(dir_ / "PROMOTING", "");
  fs::rename(dir_ / "rebuild" / "000009.sst", dir_ / "000009.sst");
  ASSERT_TRUE(FinishSwitch(dir_.string()).ok());
  EXPECT_EQ(Read(dir_ / "CURRENT"), "new");
  EXPECT_EQ(Read(dir_ / "000009.sst"), "new");
  EXPECT_FALSE(fs::exists(dir_ / "rebuild"));
  EXPECT_FALSE(fs::exists(dir_ / "PROMOTING"));
}

// A kill -9 after the rebuild dir was removed, before PROMOTING was.
TEST_F(StoreDirTest, OnlyPromotingLeftIsRemoved) {
  Write(dir_ / "CURRENT", "new");
  Write(dir_ / "PROMOTING", "");
  ASSERT_TRUE(FinishSwitch(dir_.string()).ok());
  EXPECT_EQ(Read(dir_ / "CURRENT"), "new");
  EXPECT_FALSE(fs::exists(dir_ / "PROMOTING"));
}

// RocksDB keeps only files in its directory: a directory there (a file
// system's lost+found) is not the old store's and stays.
TEST_F(StoreDirTest, RemoveSupersededStoreRemovesOnlyTheOldFiles) {
  SwitchedLayout();
  fs::create_directories(dir_ / "lost+found");
  Write(dir_ / "lost+found" / "kept", "x");
  ASSERT_TRUE(RemoveSupersededStore(dir_.string()).ok());
  std::vector<std::string> left;
  for (const auto& e : fs::directory_iterator(dir_)) left.push_back(e.path().filename().string());
  std::sort(left.begin(), left.end());
  EXPECT_EQ(left, (std::vector<std::string>{"lost+found", "rebuild"}));
  EXPECT_TRUE(fs::exists(dir_ / "lost+found" / "kept"));
  EXPECT_TRUE(fs::exists(dir_ / "rebuild" / "SWITCHED"));
}

// Two processes opening one data dir: the one that finds the switch being
// finished by the other waits for it instead of moving files too.
TEST_F(StoreDirTest, AConcurrentFinishIsRefused) {
  SwitchedLayout();
  int fd = ::open(dir_.c_str(), O_RDONLY | O_DIRECTORY);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::flock(fd, LOCK_EX), 0);
  Status s = FinishSwitch(dir_.string());
  EXPECT_EQ(s.code(), Status::Code::kUnavailable);
  EXPECT_EQ(Read(dir_ / "CURRENT"), "old");
  ::close(fd);
  EXPECT_TRUE(FinishSwitch(dir_.string()).ok());
  EXPECT_EQ(Read(dir_ / "CURRENT"), "new");
}

// Through Store::Open: a real rebuilt store takes the data dir's place.
TEST_F(StoreDirTest, StoreOpenFinishesASwitch) {
  {
    std::unique_ptr<Store> old, rebuilt;
    ASSERT_TRUE(Store::Open(dir_.string(), Store::Mode::kReadWrite, &old).ok());
    ASSERT_TRUE(PutMeta(old.get(), "which", "old").ok());
    ASSERT_TRUE(Store::Open((dir_ / "rebuild").string(), Store::Mode::kReadWrite, &rebuilt).ok());
    ASSERT_TRUE(PutMeta(rebuilt.get(), "which", "rebuilt").ok());
  }
  ASSERT_TRUE(MarkRebuildSwitched(dir_.string()).ok());
  {
    std::unique_ptr<Store> reader;
    ASSERT_TRUE(Store::Open(dir_.string(), Store::Mode::kReadOnlySecondary, &reader).ok());
    std::string v;
    ASSERT_TRUE(GetMeta(reader->Live(), "which", &v).ok());
    EXPECT_EQ(v, "rebuilt");
  }
  std::unique_ptr<Store> s;
  ASSERT_TRUE(Store::Open(dir_.string(), Store::Mode::kReadWrite, &s).ok());
  std::string v;
  ASSERT_TRUE(GetMeta(s->Live(), "which", &v).ok());
  EXPECT_EQ(v, "rebuilt");
  EXPECT_FALSE(fs::exists(dir_ / "rebuild"));
}

}  // namespace
}  // namespace followup
