#include "store/store.h"

#include "store/store_dir.h"

#include <rocksdb/db.h>
#include <rocksdb/env.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdarg>
#include <cstdio>
#include <cstdlib>

#include <algorithm>
#include <filesystem>
#include <vector>

#include "common/parse.h"
#include "store/meta.h"

namespace followup {
namespace {

Status FromRocks(const rocksdb::Status& s, const std::string& what) {
  if (s.ok()) return Status::Ok();
  if (s.IsNotFound()) return Status::NotFound(what);
  if (s.IsCorruption()) return Status::Corruption(what + ": " + s.ToString());
  if (s.IsIOError()) return Status::Io(what + ": " + s.ToString());
  return Status::Unavailable(what + ": " + s.ToString());
}

// RocksDB's own messages go to the service's log (warnings and errors), not
// to a LOG file in the data dir: on a full disk that file fails like any
// other, and RocksDB 7.8 (Debian's build keeps its assertions) aborts the
// process when it then logs the write error through the failed file.
class ServiceLogger : public rocksdb::Logger {
 public:
  ServiceLogger() : rocksdb::Logger(rocksdb::InfoLogLevel::WARN_LEVEL) {}
  using rocksdb::Logger::Logv;
  void Logv(const char* format, va_list ap) override { Logv(rocksdb::InfoLogLevel::INFO_LEVEL, format, ap); }
  void Logv(const rocksdb::InfoLogLevel level, const char* format, va_list ap) override {
    if (level < GetInfoLogLevel() || level == rocksdb::InfoLogLevel::HEADER_LEVEL) return;
    char buf[1024];
    va_list copy;
    va_copy(copy, ap);
    std::vsnprintf(buf, sizeof buf, format, copy);  // longer messages are cut
    va_end(copy);
    if (level >= rocksdb::InfoLogLevel::ERROR_LEVEL)
      spdlog::error("rocksdb: {}", buf);
    else
      spdlog::warn("rocksdb: {}", buf);
  }
};

rocksdb::Options MakeOptions() {
  rocksdb::Options o;
  o.create_if_missing = true;
  o.info_log = std::make_shared<ServiceLogger>();
  o.IncreaseParallelism(2);
  o.OptimizeLevelStyleCompaction(64 << 20);
  rocksdb::BlockBasedTableOptions t;
  // Dedup lookups mostly miss: a bloom filter answers them without disk reads.
  t.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10, false));
  t.whole_key_filtering = true;
  o.table_factory.reset(rocksdb::NewBlockBasedTableFactory(t));
  // Most dedup lookups are for new ids: a memtable bloom filter answers those
  // without walking the skiplist.
  o.memtable_whole_key_filtering = true;
  o.memtable_prefix_bloom_size_ratio = 0.1;
  // No fallocate preallocation of WAL and SST space: a full disk then shows at
  // the next write (and on /readyz) instead of only after the reserved region
  // is used up, and no space is reserved that nothing was written to.
  o.allow_fallocate = false;
  return o;
}

// KvReader over a snapshot (none: the latest state); releases it on
// destruction.
class StoreReader : public KvReader {
 public:
  StoreReader(rocksdb::DB* db, const rocksdb::Snapshot* snap) : db_(db), snap_(snap) {}
  ~StoreReader() override {
    if (snap_) db_->ReleaseSnapshot(snap_);
  }
  StoreReader(const StoreReader&) = delete;
  StoreReader& operator=(const StoreReader&) = delete;
  Status Get(std::string_view key, std::string* value) const override;
  Status Scan(std::string_view from, std::string_view to,
              const std::function<bool(std::string_view, std::string_view)>& fn) const override;
  Status ScanReverse(std::string_view from, std::string_view to,
                     const std::function<bool(std::string_view, std::string_view)>& fn) const override;

 private:
  rocksdb::DB* db_;
  const rocksdb::Snapshot* snap_;
};

// Collects the writes of one batch and hands them to RocksDB in key order
// (equal keys in the order written, so the last write of a key still wins):
// the memtable's skiplist then inserts each key next to the previous one
// instead of searching from its top for every key, which was half of the
// cost of a commit (the fold writes from hash maps, in no order;
// bench/README.md, fold_bench).
class RocksBatch : public KvBatch {
 public:
  void Put(std::string_view k, std::string_view v) override { Add(k, v, false); }
  void Delete(std::string_view k) override { Add(k, {}, true); }
  // Puts the writes into the WriteBatch in key order (again from the start
  // when called again).
  rocksdb::Status Sort();
  rocksdb::WriteBatch* get() { return &b_; }

 private:
  struct Entry {
    size_t key, key_size, value, value_size;
    bool del;
  };
  void Add(std::string_view k, std::string_view v, bool del) {
    entries_.push_back({arena_.size(), k.size(), arena_.size() + k.size(), v.size(), del});
    arena_.append(k).append(v);
  }
  std::string_view Key(const Entry& e) const { return std::string_view(arena_).substr(e.key, e.key_size); }
  std::string arena_;  // every key and value, back to back
  std::vector<Entry> entries_;
  rocksdb::WriteBatch b_;
};

rocksdb::Status RocksBatch::Sort() {
  std::stable_sort(entries_.begin(), entries_.end(),
                   [this](const Entry& a, const Entry& b) { return Key(a) < Key(b); });
  b_.Clear();
  for (const Entry& e : entries_) {
    rocksdb::Slice k(arena_.data() + e.key, e.key_size);
    rocksdb::Status s =
        e.del ? b_.Delete(k) : b_.Put(k, rocksdb::Slice(arena_.data() + e.value, e.value_size));
    if (!s.ok()) return s;
  }
  return rocksdb::Status::OK();
}

}  // namespace

Status Store::Open(const std::string& data_dir, Mode mode, std::unique_ptr<Store>* out) {
  // A rebuilt store that has taken over (store_dir.h): a writer finishes
  // moving it into place, a reader reads it where it is.
  std::string dir = data_dir;
  if (mode == Mode::kReadWrite) {
    Status fs = FinishSwitch(data_dir);
    if (!fs.ok()) return fs;
  } else {
    dir = CurrentStoreDir(data_dir);
  }
  std::unique_ptr<Store> s(new Store());
  s->mode_ = mode;
  rocksdb::Options opts = MakeOptions();
  rocksdb::DB* db = nullptr;
  rocksdb::Status rs;
  if (mode == Mode::kReadWrite) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return Status::Io("cannot create data dir " + dir + ": " + ec.message());
    rs = rocksdb::DB::Open(opts, dir, &db);
  } else {
    if (!std::filesystem::exists(std::filesystem::path(dir) / "CURRENT"))
      return Status::NotFound("no projection store in " + dir);
    opts.create_if_missing = false;
    opts.max_open_files = -1;  // required by secondary instances
    s->secondary_dir_ =
        (std::filesystem::temp_directory_path() / ("followup-secondary-" + std::to_string(::getpid())))
            .string();
    rs = rocksdb::DB::OpenAsSecondary(opts, dir, s->secondary_dir_, &db);
    if (rs.ok()) rs = db->TryCatchUpWithPrimary();
  }
  if (!rs.ok()) {
    return FromRocks(rs, "cannot open projection store in " + dir +
                             " (if it is damaged, move it away and rebuild it with `followup replay`)");
  }
  s->db_.reset(db);
  s->live_ = std::make_unique<StoreReader>(db, nullptr);
  *out = std::move(s);
  return Status::Ok();
}

Store::~Store() {
  live_.reset();
  db_.reset();
  if (!secondary_dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(secondary_dir_, ec);
  }
}

std::unique_ptr<KvReader> Store::Snapshot() const {
  // A secondary instance cannot take snapshots; its view changes only on
  // CatchUp(), so between two catch-ups it is a consistent state anyway.
  if (mode_ == Mode::kReadOnlySecondary) return std::make_unique<StoreReader>(db_.get(), nullptr);
  return std::make_unique<StoreReader>(db_.get(), db_->GetSnapshot());
}

std::unique_ptr<KvBatch> Store::NewBatch() { return std::make_unique<RocksBatch>(); }

Status Store::Write(KvBatch* kv_batch, bool sync) {
  auto* batch = dynamic_cast<RocksBatch*>(kv_batch);
  if (!batch) return Status::Invalid("projection store write: the batch was not made by this store");
  // After a failed write (disk full, I/O error) RocksDB stays read-only until
  // resumed; try that first so a fixed disk lets ingestion go on by itself.
  if (write_failed_) {
    rocksdb::Status r = db_->Resume();
    if (!r.ok()) return FromRocks(r, "projection store still failing");
    write_failed_ = false;
  }
  rocksdb::WriteOptions wo;
  wo.sync = sync;
  rocksdb::Status rs = batch->Sort();
  if (rs.ok()) rs = db_->Write(wo, batch->get());
  if (!rs.ok()) write_failed_ = true;
  return FromRocks(rs, "projection store write failed");
}

Status Store::CatchUp() {
  if (mode_ != Mode::kReadOnlySecondary) return Status::Ok();
  return FromRocks(db_->TryCatchUpWithPrimary(), "catching up with the primary");
}

Status Store::StoredVersion(int* version) const {
  std::string v;
  Status s = GetMeta(Live(), "projection_version", &v);
  *version = 0;
  if (s.code() == Status::Code::kNotFound) return Status::Ok();
  if (!s.ok()) return s;
  *version = std::atoi(v.c_str());
  return Status::Ok();
}

Status Store::CheckServableVersion(int* version) {
  Status s = StoredVersion(version);
  if (!s.ok()) return s;
  if (*version != kPreviousProjectionVersion) *version = kProjectionVersion;
  return CheckVersion(*version);
}

Status Store::CheckVersion(int version) {
  std::string v;
  Status s = GetMeta(Live(), "projection_version", &v);
  if (s.code() == Status::Code::kNotFound) {
    if (!HoldsNoOffsets(Live()))
      return Status::Conflict(
          "projection store has offsets but no projection version; rebuild it with `followup replay`");
    if (mode_ == Mode::kReadOnlySecondary) return Status::Ok();
    return PutMeta(this, "projection_version", std::to_string(version));
  }
  if (!s.ok()) return s;
  if (v != std::to_string(version))
    return Status::Conflict(
        "projections were written by projection version " + v + ", this build folds version " +
        std::to_string(version) +
        ": rebuild them with `followup replay --data-dir NEW` (or start with --auto-replay)");
  return Status::Ok();
}

Status Store::CompactAll() {
  rocksdb::CompactRangeOptions o;
  o.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
  return FromRocks(db_->CompactRange(o, nullptr, nullptr), "compaction");
}

uint64_t Store::SizeBytes() const {
  uint64_t v = 0;
  db_->GetIntProperty(rocksdb::DB::Properties::kTotalSstFilesSize, &v);
  uint64_t mem = 0;
  db_->GetIntProperty(rocksdb::DB::Properties::kCurSizeAllMemTables, &mem);
  return v + mem;
}

uint64_t Store::StallMicros() const {
  std::map<std::string, std::string> stats;
  if (db_->GetMapProperty(rocksdb::DB::Properties::kDBStats, &stats)) {
    auto it = stats.find("db.stall.micros");
    uint64_t v = 0;
    if (it != stats.end() && ParseInteger(it->second, &v)) return v;
  }
  return 0;
}

uint64_t Store::Sequence() const { return db_->GetLatestSequenceNumber(); }

Status StoreReader::Get(std::string_view key, std::string* value) const {
  rocksdb::ReadOptions ro;
  ro.snapshot = snap_;
  rocksdb::Status s = db_->Get(ro, rocksdb::Slice(key.data(), key.size()), value);
  if (s.ok()) return Status::Ok();  // (the key's text is made only for the other outcomes)
  return FromRocks(s, std::string(key));
}

Status StoreReader::Scan(std::string_view from, std::string_view to,
                         const std::function<bool(std::string_view, std::string_view)>& fn) const {
  rocksdb::ReadOptions ro;
  ro.snapshot = snap_;
  rocksdb::Slice upper(to.data(), to.size());
  ro.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro));
  for (it->Seek(rocksdb::Slice(from.data(), from.size())); it->Valid(); it->Next()) {
    if (!fn(it->key().ToStringView(), it->value().ToStringView())) break;
  }
  return FromRocks(it->status(), "scan");
}

Status StoreReader::ScanReverse(std::string_view from, std::string_view to,
                                const std::function<bool(std::string_view, std::string_view)>& fn) const {
  rocksdb::ReadOptions ro;
  ro.snapshot = snap_;
  rocksdb::Slice lower(from.data(), from.size());
  ro.iterate_lower_bound = &lower;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro));
  for (it->SeekForPrev(rocksdb::Slice(to.data(), to.size())); it->Valid(); it->Prev()) {
    if (it->key().ToStringView() >= to) continue;
    if (!fn(it->key().ToStringView(), it->value().ToStringView())) break;
  }
  return FromRocks(it->status(), "scan");
}

}  // namespace followup
