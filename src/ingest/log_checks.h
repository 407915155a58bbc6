// The checks that keep a data dir on the one log it was built from, each a
// function of what the store holds and what the brokers report (no Kafka
// calls here; consumer.h asks the brokers):
// - identity: a data dir belongs to one log (a Kafka cluster id, or the
//   configured identity); a broker serving another log is refused;
// - position: the next offset to fold must lie within the log: before its
//   start means events were deleted unfolded (a gap), past its end means the
//   brokers hold another log;
// - co-partitioning (scale-out): partition p of every input must carry the
//   same services, which needs equal partition counts (and one partitioner,
//   keyed by service).
// Each message is for the operator and says what to do.
//
// Thread-safety: CheckLogIdentity writes the store (the writer thread only);
// the others are pure.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/status.h"
#include "ingest/readiness.h"
#include "projections/kv.h"

namespace followup {

// OK when store belongs to identity; stores identity in a fresh store.
// Conflict on another log, or on offsets without an identity.
Status CheckLogIdentity(KvStore* store, const std::string& identity);

// Where next (the next offset to fold of topic/partition) lies in the log
// [start, end]: an empty Problem when within it, else why the partition must
// not be consumed.
Problem CheckPosition(const std::string& topic, int32_t partition, int64_t next, int64_t start, int64_t end);

// partition_counts: every existing topic's partition count. inputs must all
// exist with one count; row_publish_topic ("" for none) must exist. Conflict
// says which rule is broken.
Status CheckCopartitioned(const std::map<std::string, int>& partition_counts,
                          const std::vector<std::string>& inputs, const std::string& row_publish_topic);

}  // namespace followup
