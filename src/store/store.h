// The projection store: one RocksDB instance per data dir. Holds the
// projections, the dedup records and the consumed offsets; every batch of the
// fold is one atomic WriteBatch, so state and offsets can never disagree.
//
// Writers see it as a KvStore (projections/kv.h): no RocksDB type leaves
// store/. Metadata (version, log identity) is in store/meta.h.
//
// Thread-safety: Store is safe to use from several threads (RocksDB is); the
// single writer is the ingest thread. Readers take a Snapshot so a report sees
// one consistent state while the fold goes on.
#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include "common/status.h"
#include "projections/kv.h"

namespace rocksdb {
class DB;  // store.cpp is the only file that includes RocksDB's headers
}

namespace followup {

// Bumped whenever a change to the fold alters what is stored: a data dir
// written by another version must be rebuilt with `followup replay`.
// 2: exact amounts from their decimal text, 128-bit sums, reserved service_ids
//    rejected; dedup per window with content digests (id conflicts), ties by
//    event_id; target.v1 (a rebuild of the same log can fold different figures).
// 3: hour records (h/) of minute verdicts.
// 4: every announcement revision (ar/), for the update timelines.
constexpr int kProjectionVersion = 4;
// The version before, which this build can still fold (FoldOptions::
// projection_version) for one release: a data dir of it goes on serving
// while its successor is rebuilt beside it (app/live_projections.h).
constexpr int kPreviousProjectionVersion = 3;

class Store : public KvStore {
 public:
  enum class Mode { kReadWrite, kReadOnlySecondary };
  // Opens (creating when absent in read-write mode) the store in dir. In
  // secondary mode the store can be read while another process writes it.
  // A rebuilt store that took over (store_dir.h) is moved into dir first
  // (read-write; Unavailable while a running process serves it) or read where
  // it is (secondary).
  static Status Open(const std::string& dir, Mode mode, std::unique_ptr<Store>* out);
  ~Store() override;

  // A reader of the latest state (no snapshot): for the ingest thread.
  const KvReader& Live() const override { return *live_; }
  // A consistent point-in-time view, for readers on other threads; it holds a
  // RocksDB snapshot until destroyed (destroy it before the Store).
  std::unique_ptr<KvReader> Snapshot() const;
  // A RocksDB WriteBatch behind the KvBatch interface.
  std::unique_ptr<KvBatch> NewBatch() override;
  // Applies one batch (from NewBatch) atomically.
  Status Write(KvBatch* batch, bool sync) override;
  // A number that grows with every write (RocksDB's latest sequence number):
  // readers that cache what they derived from a snapshot compare it to know
  // whether the store may have changed since. Safe from any thread.
  uint64_t Sequence() const;
  // Secondary mode: catch up with the primary's latest writes.
  Status CatchUp();

  // Checks that the store holds projections of `version` (writes it into an
  // empty store). Conflict, with advice, for any other version.
  Status CheckVersion(int version = kProjectionVersion);
  // The version the store's projections were written by (0: none yet).
  Status StoredVersion(int* version) const;
  // CheckVersion for a store this build can serve: kProjectionVersion (written
  // into an empty store) or kPreviousProjectionVersion; *version says which.
  Status CheckServableVersion(int* version);

  // Full manual compaction (maintenance; safe to interrupt at any point).
  Status CompactAll();

  uint64_t SizeBytes() const;
  uint64_t StallMicros() const;

 private:
  Store() = default;
  std::unique_ptr<rocksdb::DB> db_;
  std::unique_ptr<KvReader> live_;
  std::string secondary_dir_;
  Mode mode_ = Mode::kReadWrite;
  bool write_failed_ = false;  // the writer thread only
};

}  // namespace followup
