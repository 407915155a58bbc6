// The open batch of the ingest loop, and its commit: where exactly-once lives.
//
// Per shard (shards.h), one KvBatch holds the folded state, the dedup
// records, the counters and the next offsets of the partitions it folds, and
// is written atomically: offsets live only with the state they produced, so a
// crash at any instant loses nothing and counts nothing twice (on assignment
// the consumer seeks to the offsets stored here; Kafka's committed offsets
// are for information only).
//
// Before anything is written, the batch's dead letters must be acknowledged
// (deadletters.h) and the changed rows of serving shards published
// (row_publisher.h); if either fails, nothing is written and no offset moves.
// A failed write of one shard leaves the shards written before it committed;
// the others keep their stored offsets. After a failure the caller drops the
// batch and seeks back to RewindPoints(), so the same messages are folded
// again.
//
// Thread-safety: not thread-safe; owned by the ingest thread.
#pragma once
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "common/status.h"
#include "events/reject_reason.h"
#include "ingest/deadletters.h"
#include "ingest/partition_state.h"
#include "ingest/row_fence.h"
#include "ingest/row_publisher.h"
#include "ingest/shards.h"

namespace followup {

class IngestBatch {
 public:
  struct Outlets {
    // Acknowledges every dead letter, OK only when each was delivered or
    // passed over for good ((*dropped)[i], counted). Empty: they are counted
    // but not sent (replay).
    std::function<Status(const std::vector<DeadLetter>&, std::vector<bool>* dropped)> dead_letters;
    std::string dead_letter_topic;  // named in the reason when they are not acknowledged
    // Publishes the changed rows of serving shards, OK when all are
    // acknowledged. Empty: nothing is published.
    std::function<Status(const std::vector<ShardRows>&)> rows;
    std::string row_topic;  // named in the reason when they are not
  };

  // partitions and shards are shared with the loop and must outlive the
  // batch; fence (the global view's, else null) is flushed with its rows.
  IngestBatch(PartitionMap* partitions, ShardSet* shards, RowFence* fence, Outlets outlets, bool sync_writes);

  // The state of the partition a message at offset belongs to, when it is
  // to be folded now; null when the partition is not consumed here, is
  // blocked, or offset is already part of this or an earlier batch.
  PartitionState* Accept(const TopicPartition& tp, int64_t offset);
  // Counts a rejected event and keeps its dead letter for the commit.
  void Reject(PartitionState* ps, DeadLetter letter, RejectReason category);
  // Makes the message at offset part of the batch (after its fold or row).
  void Take(PartitionState* ps, int64_t offset);

  size_t messages() const { return messages_; }
  bool empty() const { return messages_ == 0; }
  // Values held in memory until the commit (a second limit on its size).
  size_t touched() const { return shards_->touched(); }

  struct Outcome {
    Status status;
    // When status is not OK: why, in the service's own words.
    std::string reason;
    // The partitions written and their new stored offsets.
    PartitionOffsets committed;
  };
  // Acknowledges the dead letters, publishes rows, writes each dirty shard's
  // batch. On OK the batch is empty; on failure the caller calls Drop().
  Outcome Commit();
  // The partitions of the open batch and their stored offsets: where
  // consumption goes back to when the batch is dropped.
  PartitionOffsets RewindPoints() const;
  // Forgets the open batch without writing; the caller seeks back or gives
  // the partitions up.
  void Drop();

 private:
  Outcome Fail(Status s, std::string reason);
  PartitionMap* partitions_;
  ShardSet* shards_;
  RowFence* fence_;
  Outlets outlets_;
  bool sync_writes_;
  std::vector<DeadLetter> dead_;
  size_t messages_ = 0;
};

}  // namespace followup
