// Fencing of the rows owners publish to followup.aggregates (scale-out).
//
// When an instance starts serving partition p it claims an epoch: the offset
// of a claim message keyed "claim/<p>", which grows with every claim of p
// (one key, one partition). Every row it publishes carries (p, epoch). The
// global view keeps, per p, the highest epoch seen and drops rows of a lower
// one: they come from an instance that lost p without knowing it yet (a
// stalled member), and their values may be older than the new owner's, which
// published every row of p when it claimed.
//
// It also checks co-partitioning as it happens: every row names its service,
// and a service's rows must always come from the same partition. Rows of one
// service from two partitions mean producers do not share one partitioner
// (its figures are then split between owners and wrong); that is counted and
// logged, not hidden. Origins are stored (r/<service>), so it survives restarts.
//
// Pending changes are written into the batch that applies the rows (Flush)
// and count as stored once that write succeeded (Stored), or are forgotten
// with it (Discard), so both always match the view: a batch whose write
// failed writes its fences again when it is retried.
//
// Thread-safety: not thread-safe; the view's ingest thread owns it.
#pragma once
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>

#include "common/status.h"
#include "projections/kv.h"

namespace followup {

// Headers of a published row, and the key prefix of claim messages.
inline constexpr std::string_view kRowPartitionHeader = "partition";
inline constexpr std::string_view kRowEpochHeader = "epoch";
inline constexpr std::string_view kClaimKeyPrefix = "claim/";

class RowFence {
 public:
  // Reads the stored fences (x/<p> keys) of the view.
  Status Load(const KvReader& store);
  // Whether a row of partition p claimed at epoch may be applied; raises the
  // pending fence of p to epoch when it does.
  bool Admit(int32_t p, int64_t epoch);
  // Records that a row of service came from partition p. False when the
  // service's rows came from another partition before (*first gets it).
  bool NoteOrigin(const std::string& service, int32_t p, int32_t* first);
  // Services seen from more than one partition since start.
  size_t conflicts() const { return conflicting_.size(); }
  // Writes the changes since the last Stored() into the batch.
  void Flush(KvWriter* out) const;
  // The batch Flush wrote into was written: its changes count as stored.
  void Stored();
  // The batch was dropped (or its write failed): back to what is stored.
  void Discard();
  int64_t fence(int32_t p) const;

 private:
  std::map<int32_t, int64_t> committed_, pending_;
  std::map<std::string, int32_t> origins_, new_origins_;
  std::set<std::string> conflicting_;
};

}  // namespace followup
