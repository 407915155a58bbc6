// Where the ingest loop folds: one store (shard 0), or in scale-out one store
// per owned partition number p under a directory (dir/<p>), each with its own
// fold and offsets. A shard opened with no (or stale) state starts from its
// stored offsets (0 when new), i.e. it is rebuilt from the log, and serves
// (publishes its rows) only once it has caught up (row_publisher.h). Released
// shards are closed but kept on disk as a warm standby.
//
// Thread-safety: not thread-safe; owned by the ingest thread.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "common/status.h"
#include "projections/fold.h"
#include "projections/kv.h"

namespace followup {

struct Shard {
  int32_t id = 0;  // partition number (scale-out), else 0
  KvStore* store = nullptr;
  std::unique_ptr<KvStore> owned;  // scale-out: its own store
  std::unique_ptr<Fold> fold;
  std::map<std::string, std::string> rows;  // projection rows of the open batch (the view's row topic)
  bool dirty = false;                       // holds part of the open batch
  bool serving = true;                      // scale-out: caught up and published; its rows may be published
  int64_t epoch = -1;                       // scale-out: claimed when it started serving (row_fence.h)
};

class ShardSet {
 public:
  explicit ShardSet(FoldOptions fold) : fold_(std::move(fold)) {}
  ~ShardSet();
  // Folds into store (not owned) as shard id, serving from the start.
  Shard& Adopt(int32_t id, KvStore* store);
  // Scale-out: the shard of partition p, opening dir/<p> when it is not open
  // (checking its projection version and that it belongs to identity,
  // log_checks.h). A newly opened shard does not serve yet.
  Status Open(const std::string& dir, int32_t p, const std::string& identity, Shard** out);
  // Closes shard id (its store stays on disk). False when it was not open.
  bool Release(int32_t id);
  Shard& at(int32_t id) { return shards_.at(id); }
  std::map<int32_t, Shard>& all() { return shards_; }
  const std::map<int32_t, Shard>& all() const { return shards_; }
  // Values the open batch holds in memory (fold overlays and rows).
  size_t touched() const;
  // Forgets the open batch in every shard without writing.
  void Discard();
  bool AllServing() const;

 private:
  FoldOptions fold_;
  std::map<int32_t, Shard> shards_;
};

}  // namespace followup
