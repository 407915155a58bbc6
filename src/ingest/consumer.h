// The ingest loop's Kafka consumer: librdkafka set-up, subscription or direct
// assignment, seeking, watermarks, metadata and the informational offset
// commit, with librdkafka's types kept inside. Offsets are never committed
// automatically: the ones that count are stored with the state (batch.h).
//
// Thread-safety: one thread at a time (the ingest thread; the rebalance
// callback runs inside Poll on that thread). Close() after that thread ends.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "ingest/kafka_config.h"
#include "ingest/partition_state.h"

namespace followup {

// One consumed message, as the ingest loop sees it. Views into the message,
// valid during the callback that receives it.
struct InputMessage {
  std::string_view topic;
  int32_t partition = 0;
  int64_t offset = 0;
  std::string_view key, value;
  bool has_value = false;  // false: a null value (the message has no payload)
  int64_t log_time = -1;   // the record timestamp, < 0 when there is none
  // Reads the row headers (row_fence.h: partition, epoch): false when the
  // message does not carry both as numbers. Null: no headers to read.
  std::function<bool(int64_t* partition, int64_t* epoch)> row_origin;
};

class Consumer {
 public:
  // assigned: true when partitions are handed over, false when revoked or
  // lost. Called inside Poll; it must call Assign or Unassign itself.
  using RebalanceFn = std::function<void(bool assigned, const std::vector<TopicPartition>& partitions)>;

  // A consumer in group_id with the loop's fixed settings over the caller's
  // (no automatic commits, earliest start; session and fetch timings unless
  // set). cooperative: incremental rebalancing (cooperative-sticky).
  static Status Create(const KafkaSettings& kafka, const std::string& group_id, bool cooperative,
                       RebalanceFn on_rebalance, std::unique_ptr<Consumer>* out);
  ~Consumer();

  // The cluster id the brokers report ("kafka-cluster:<id>"); Unavailable
  // when they cannot be reached within timeout_ms.
  Status ClusterIdentity(int timeout_ms, std::string* out);
  // The partition ids of every topic that exists (without error).
  Status Partitions(int timeout_ms, std::map<std::string, std::vector<int32_t>>* out);
  // Asks, without waiting, for the largest message the brokers accept on
  // topic (kafka_config.h). The query must be destroyed before the Consumer.
  std::unique_ptr<TopicMaxBytesQuery> QueryTopicMaxBytes(const std::string& topic, int timeout_ms);

  // Joins the group for topics; partitions then come through RebalanceFn.
  Status Subscribe(const std::vector<std::string>& topics);
  // Starts consuming each partition at its offset: added to the assignment
  // when incremental, else replacing it.
  Status Assign(const PartitionOffsets& at, bool incremental);
  // Gives partitions up: only those when the protocol is cooperative, else all.
  void Unassign(const std::vector<TopicPartition>& partitions);
  // The group's rebalance protocol is incremental.
  bool Cooperative() const;
  // The assignment was lost (session expired), not handed over.
  bool AssignmentLost() const;
  // Moves consumption of each partition back to its offset (logs failures).
  void Seek(const PartitionOffsets& at);

  // The partition's log range [start, end) as the brokers say now.
  Status QueryWatermarks(const TopicPartition& tp, int timeout_ms, int64_t* start, int64_t* end);
  // The same for many partitions in two requests per broker (ListOffsets,
  // earliest and latest): a partition the brokers did not answer for is not
  // in *out. Both return within about twice timeout_ms even while the brokers
  // are down (librdkafka 2.0's rd_kafka_query_watermark_offsets then does not
  // return until they are back, which kept the loop from stopping).
  Status QueryWatermarks(const std::vector<TopicPartition>& parts, int timeout_ms,
                         std::map<TopicPartition, std::pair<int64_t, int64_t>>* out);
  // The end of the partition's log as last fetched (no broker call); false when unknown.
  bool CachedEnd(const TopicPartition& tp, int64_t* end) const;
  // Commits offsets to the group asynchronously, for information only.
  void CommitForInformation(const PartitionOffsets& offsets);

  // What a Poll returned: nothing, a consumer error (logged; end-of-partition
  // events are not), or a message (handed to on_message).
  enum class Polled { kNothing, kError, kMessage };
  Polled Poll(int timeout_ms, const std::function<void(const InputMessage&)>& on_message);

  // Leaves the group. Idempotent.
  void Close();

 private:
  Consumer() = default;
  static void RebalanceTrampoline(rd_kafka_t*, rd_kafka_resp_err_t, rd_kafka_topic_partition_list_t*, void*);
  RdKafkaPtr rk_;
  RebalanceFn on_rebalance_;
  std::string bootstrap_;  // for the operator's message when the brokers cannot be reached
  bool closed_ = false;
};

}  // namespace followup
