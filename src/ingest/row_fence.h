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
// Pending raises become stored in the batch that applies the rows (Flush), or
// are forgotten with it (Discard), so the fence always matches the view.
//
// Thread-safety: not thread-safe; the view's ingest thread owns it.
#pragma once
#include <cstdint>
#include <map>
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
  // Writes the raised fences into the batch; they count as stored from now on.
  void Flush(KvWriter* out);
  void Discard() { pending_ = committed_; }
  int64_t fence(int32_t p) const;

 private:
  std::map<int32_t, int64_t> committed_, pending_;
};

}  // namespace followup
