// Readiness: what the ingest loop tells readers (ingest_state.h), as a pure
// function of the ingest state. Not ready, most serious first:
//  1. a problem: a partition that is never consumed (gap, foreign log,
//     unusable store; until restart), else the last batch's failure (cleared
//     by the next commit), else a failed publication of a rebuilt partition
//     (cleared when it succeeds);
//  2. no partition assigned yet (scale-out: an instance the group gave
//     nothing still answers every read);
//  3. an assigned partition not caught up with the log, or whose end is not
//     known yet;
//  4. scale-out: a rebuilt partition not yet published (or not yet
//     publishable: the global view has not caught up on the maintenance
//     windows, row_publisher.h);
//  5. the brokers have not answered for 15 s.
//
// Thread-safety: pure functions; the ingest thread calls them.
#pragma once
#include <cstdint>
#include <string>

#include "ingest/ingest_state.h"
#include "ingest/partition_state.h"

namespace followup {

// Why the loop cannot go on as it should: reason in the service's own words
// (any listener may show it); detail: the underlying error text (log and
// management listener only).
struct Problem {
  std::string reason, detail;
  bool empty() const { return reason.empty(); }
  void clear() {
    reason.clear();
    detail.clear();
  }
};

// How long the brokers may stay silent before the loop is not ready.
constexpr int64_t kBrokersSilentMs = 15000;

struct IngestStatus {
  const PartitionMap* partitions = nullptr;
  bool sharded = false;              // IngestMode::kScaleOutPartitions
  bool assignment_received = false;  // the group has answered (maybe with nothing)
  bool all_serving = true;           // every shard published (scale-out)
  bool windows_known = true;         // the maintenance windows to publish by are known (scale-out)
  Problem blocked, batch_error, snapshot_error;
  std::string row_publish_topic;  // for the wording of 4
  int64_t now_ms = 0;
  int64_t last_watermark_ok_ms = 0;  // 0: never checked
  int64_t copartition_conflicts = 0;
};

// Marks the assigned partitions that have folded up to where the log ended
// when they were assigned (the first known end, if that was not known then).
// Caught up stays caught up until the partition is assigned again.
void NoteCaughtUp(PartitionMap* partitions);

// The snapshot readers see: totals over every partition, the progress of the
// assigned ones, and readiness (published_ms = now_ms).
IngestSnapshot DescribeIngest(const IngestStatus& status);

}  // namespace followup
