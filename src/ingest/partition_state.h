// What the ingest loop knows of each input partition it has seen: the stored
// offset and counters, the open batch's, and its progress through the log.
//
// Thread-safety: plain data, owned by the ingest thread.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "projections/records.h"

namespace followup {

using TopicPartition = std::pair<std::string, int32_t>;

struct PartitionState {
  // Stored (IngestBatch writes them with the state they produced).
  int64_t committed_offset = 0;  // next offset to fold, as stored
  IngestCounters committed;
  // The open batch.
  int64_t pending_offset = 0;  // next offset after the open batch
  IngestCounters pending;
  bool in_batch = false;
  int32_t shard = 0;  // the ShardSet key its state is folded into
  // Progress (readiness.h).
  int64_t high_watermark = -1;  // -1: not yet known; -2: not assigned to this instance
  int64_t caught_up_at = -1;    // end of the log when assigned: reached = caught up
  bool blocked = false;         // gap or foreign log: never folded past
  bool caught_up = false;
};

using PartitionMap = std::map<TopicPartition, PartitionState>;
// Partitions with an offset each (where to consume from, what was stored).
using PartitionOffsets = std::vector<std::pair<TopicPartition, int64_t>>;

}  // namespace followup
