#include "ingest/readiness.h"

#include <algorithm>
#include <set>

namespace followup {

void NoteCaughtUp(PartitionMap* partitions) {
  for (auto& [tp, ps] : *partitions) {
    if (ps.high_watermark == -2) continue;  // not assigned to this instance
    // Caught up = folded up to where the log ended when it was assigned.
    if (ps.caught_up_at < 0 && ps.high_watermark >= 0) ps.caught_up_at = ps.high_watermark;
    if (!ps.caught_up && ps.caught_up_at >= 0 && ps.committed_offset >= ps.caught_up_at) ps.caught_up = true;
  }
}

IngestSnapshot DescribeIngest(const IngestStatus& in) {
  IngestSnapshot snap;
  snap.published_ms = in.now_ms;
  snap.copartition_conflicts = in.copartition_conflicts;
  bool any_assigned = false, all_known = true;
  std::set<int32_t> behind;  // partitions (shards) not yet caught up since assignment
  int64_t behind_lag = 0;
  for (const auto& [tp, ps] : *in.partitions) {
    snap.events_folded += ps.committed.folded;
    snap.events_rejected += ps.committed.rejected;
    snap.duplicates += ps.committed.duplicates;
    snap.id_conflicts += ps.committed.id_conflicts;
    snap.deadletters_dropped += ps.committed.deadletters_dropped;
    for (int t = 0; t < kEventTypeCount; ++t) snap.folded_by_type[t] += ps.committed.folded_by_type[t];
    for (size_t c = 0; c < kRejectReasonCount; ++c)
      snap.rejected_by_category[c] += ps.committed.rejected_by_category[c];
    if (ps.high_watermark == -2) continue;  // not assigned to this instance
    any_assigned = true;
    if (ps.high_watermark < 0) all_known = false;
    if (!ps.caught_up && !ps.blocked) {
      behind.insert(tp.second);
      behind_lag += std::max<int64_t>(0, ps.caught_up_at - ps.committed_offset);
    }
    PartitionProgress p;
    p.topic = tp.first;
    p.partition = tp.second;
    p.offset = ps.committed_offset;
    p.high_watermark = ps.high_watermark;
    snap.partitions.push_back(p);
  }
  const Problem& problem = !in.blocked.empty()       ? in.blocked
                           : !in.batch_error.empty() ? in.batch_error
                                                     : in.snapshot_error;
  if (!problem.empty()) {
    snap.ready = false;
    snap.not_ready_reason = problem.reason;
    snap.not_ready_detail = problem.detail;
  } else if (!any_assigned && !(in.sharded && in.assignment_received)) {
    // (Scale-out: an instance the group gave nothing still answers every read.)
    snap.ready = false;
    snap.not_ready_reason = "waiting for partition assignment";
  } else if (!behind.empty() || !all_known) {
    snap.ready = false;
    std::string list;
    for (int32_t p : behind) list += (list.empty() ? "" : ",") + std::to_string(p);
    snap.not_ready_reason = in.sharded ? "rebuilding partition(s) " + list + " from the log (lag " +
                                             std::to_string(behind_lag) + ")"
                                       : "catching up with the log (lag " + std::to_string(snap.lag()) + ")";
  } else if (!in.all_serving) {
    snap.ready = false;
    snap.not_ready_reason =
        in.windows_known
            ? "publishing rebuilt partitions to " + in.row_publish_topic
            : "rebuilt partitions wait for the global view to read the maintenance windows (announcements)";
  } else if (in.now_ms - in.last_watermark_ok_ms > kBrokersSilentMs && in.last_watermark_ok_ms > 0) {
    snap.ready = false;
    snap.not_ready_reason = "Kafka brokers unreachable";
  } else {
    snap.ready = true;
    snap.not_ready_reason.clear();
  }
  return snap;
}

}  // namespace followup
