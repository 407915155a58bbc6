// The ingest loop: consume the input topics, decode and validate, dead-letter
// what is rejected, fold the rest, and write state + dedup records + counters +
// next offsets in ONE atomic write (a RocksDB WriteBatch) per batch.
//
// Exactly-once effect: offsets live only with the state they produced. On
// partition assignment the consumer seeks to the offsets stored in RocksDB;
// Kafka's committed offsets are written too, but only for information.
//
// Dead letters are acknowledged by Kafka before the batch that passes their
// offset is written; if the dead-letter topic is unavailable the batch is
// discarded and retried, so no bad event is ever skipped; a dead letter the
// topic refuses for good is truncated or passed over (deadletters.h), so no
// message can stop ingestion.
//
// Id conflicts (fold.h) are counted per partition with the other counters,
// logged with the id and both copies' positions, and shown to readers.
//
// Scale-out (shard_dir set): the group assignment of lead_topic decides which
// partition numbers this instance owns; for each owned p it consumes partition
// p of every co-partitioned input into its own store shard_dir/<p>. A shard it
// has no (or stale) state for starts from its stored offsets (0 when new),
// i.e. it is rebuilt from the log; until it has caught up it is not ready and
// publishes nothing, then it publishes all its rows once and every change
// after that (before the change is committed, like dead letters). Revoked
// shards are closed but kept on disk as a warm standby.
//
// Thread-safety: Start/Stop from one thread; the loop runs on its own thread;
// readers use the IngestStateBoard.
#pragma once
#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>

#include "common/status.h"
#include "ingest/deadletters.h"
#include "ingest/ingest_state.h"
#include "ingest/kafka_config.h"
#include "ingest/producer.h"
#include "ingest/row_fence.h"
#include "ingest/topics.h"
#include "projections/fold.h"
#include "projections/records.h"
#include "store/store.h"

namespace followup {

struct IngestOptions {
  KafkaSettings kafka;          // bootstrap.servers and pass-through settings
  std::string group_id = "followup";
  // false: consume every partition of the input topics directly (no group
  // membership, no rebalance wait): for replay and single-process tools.
  bool use_group = true;
  // false for replay: the live run already sent these dead letters; they are
  // counted but not sent again.
  bool produce_dead_letters = true;
  Topics topics;
  // The identity of the log this data dir belongs to. Empty: use the Kafka
  // cluster id reported by the brokers.
  std::string log_identity;
  size_t max_batch = 10000;
  int max_batch_ms = 50;
  bool sync_writes = false;
  FoldOptions fold;
  // Called on the ingest thread after every committed batch.
  std::function<void()> on_commit;
  // Input topics; empty: topics.inputs().
  std::vector<std::string> inputs;
  // Messages on this topic are projection rows (key = store key, value =
  // record) copied into the store as they are: the global view of scale-out.
  std::string row_topic;
  // Scale-out: non-empty = one store per partition number under this dir.
  std::string shard_dir;
  // Scale-out: subscribed topic whose assignment decides ownership (the other
  // inputs follow it partition for partition).
  std::string lead_topic;
  // Scale-out: where the rows of serving shards are published (not owned).
  Producer* row_producer = nullptr;
  std::string row_publish_topic;
  // A reason to dead-letter a valid but misrouted event, or "" (scale-out).
  std::function<std::string(const Event&, std::string_view key)> route_check;
};

// Per-batch measurements, for metrics.
struct BatchReport {
  size_t messages = 0;
  double seconds = 0;
};

class Ingestor {
 public:
  Ingestor(Store* store, IngestOptions options, IngestStateBoard* board);
  ~Ingestor();
  // Connects, checks that the broker holds this data dir's log, and starts the
  // loop. Fails (with a message for the operator) on a foreign log.
  Status Start();
  void Stop();
  void set_batch_observer(std::function<void(const BatchReport&)> f) { observer_ = std::move(f); }

 private:
  struct PartitionState {
    int64_t committed_offset = 0;  // next offset to fold, as stored
    int64_t pending_offset = 0;    // next offset after the open batch
    int64_t high_watermark = -1;   // -2: not assigned to this instance
    int64_t caught_up_at = -1;     // end of the log when assigned: reached = caught up
    IngestCounters committed, pending;
    int32_t shard = 0;             // key of shards_
    bool in_batch = false;
    bool blocked = false;          // gap or foreign log: never folded past
    bool caught_up = false;
  };
  // Where state is folded: the one store, or (scale-out) one per partition.
  struct Shard {
    int32_t id = 0;  // partition number (scale-out), else 0
    Store* store = nullptr;
    std::unique_ptr<Store> owned;
    std::unique_ptr<Fold> fold;
    std::map<std::string, std::string> rows;  // row_topic values of the open batch
    bool dirty = false;
    bool serving = true;  // scale-out: caught up and published; its rows may be published
    int64_t epoch = -1;   // scale-out: claimed when it started serving (row_fence.h)
  };
  using TopicPartition = std::pair<std::string, int32_t>;

  void Run();
  void OnRebalance(rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* parts);
  Status Assign(rd_kafka_topic_partition_list_t* parts);
  Status PrepareAssignment(rd_kafka_topic_partition_list_t* parts, rd_kafka_topic_partition_list_t* to_assign);
  Status AssignAll();
  Status CheckCopartitioned();
  Status CheckLogIdentity(Store* store);
  Status OpenShard(int32_t p, Shard** out);
  void ReleaseShards(rd_kafka_topic_partition_list_t* revoked);
  rd_kafka_topic_partition_list_t* FollowLead(const rd_kafka_topic_partition_list_t* lead) const;
  Status PublishShardSnapshots();
  static KafkaHeaders RowHeaders(const Shard& sh);
  bool AdmitRow(rd_kafka_message_t* msg);
  void PublishSnapshotsIfDue();
  bool sharded() const { return !options_.shard_dir.empty(); }
  bool cooperative() const;  // the group's rebalance protocol is incremental
  Status CommitBatch();
  // reason: in the service's own words (any listener may show it); detail:
  // the underlying error text (log and management listener only).
  void AbortBatch(const std::string& reason, const std::string& detail);
  // Forgets the open batch without writing; the caller seeks back or gives the partitions up.
  void DropBatch();
  void RefreshWatermarks();
  void Publish();
  void HandleMessage(rd_kafka_message_t* msg);
  static void RebalanceTrampoline(rd_kafka_t*, rd_kafka_resp_err_t, rd_kafka_topic_partition_list_t*, void*);

  Store* store_;
  IngestOptions options_;
  IngestStateBoard* board_;
  RdKafkaPtr consumer_;
  std::unique_ptr<Producer> deadletters_;
  std::unique_ptr<DeadLetterSink> sink_;
  std::map<int32_t, Shard> shards_;
  RowFence fence_;  // the view (row_topic): drops rows of fenced-off owners
  std::map<TopicPartition, PartitionState> parts_;
  std::vector<std::string> inputs_;
  std::string identity_;
  std::vector<DeadLetter> dead_;
  size_t batch_messages_ = 0;
  size_t batch_touched() const;
  // Why not ready, most serious first: a partition that is never consumed
  // (gap, foreign log, unusable store; until restart), the last batch's
  // failure (cleared by the next commit), a failed publication of a rebuilt
  // partition (cleared when it succeeds).
  struct Problem {
    std::string reason, detail;
    bool empty() const { return reason.empty(); }
    void clear() { reason.clear(); detail.clear(); }
  };
  Problem blocked_, error_, snapshot_error_;
  void SetBlocked(std::string reason, std::string detail);
  bool assignment_received_ = false;  // the group has answered (maybe with nothing)
  int64_t last_watermark_ok_ms_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  std::function<void(const BatchReport&)> observer_;
};

}  // namespace followup
