// The ingest loop: consume the input topics, decode and validate, dead-letter
// what is rejected, fold the rest, and write state + dedup records + counters +
// next offsets in ONE RocksDB WriteBatch per batch.
//
// Exactly-once effect: offsets live only with the state they produced. On
// partition assignment the consumer seeks to the offsets stored in RocksDB;
// Kafka's committed offsets are written too, but only for information.
//
// Dead letters are acknowledged by Kafka before the batch that passes their
// offset is written; if the dead-letter topic is unavailable the batch is
// discarded and retried, so no bad event is ever skipped.
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
#include "ingest/ingest_state.h"
#include "ingest/kafka_config.h"
#include "ingest/producer.h"
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
    int64_t high_watermark = -1;
    IngestCounters committed, pending;
    bool in_batch = false;
    bool blocked = false;          // gap or foreign log: never folded past
  };
  using TopicPartition = std::pair<std::string, int32_t>;

  void Run();
  void OnRebalance(rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* parts);
  Status Assign(rd_kafka_topic_partition_list_t* parts);
  Status AssignAll();
  Status CommitBatch();
  void AbortBatch(const std::string& why);
  void RefreshWatermarks();
  void Publish();
  void HandleMessage(rd_kafka_message_t* msg);
  static void RebalanceTrampoline(rd_kafka_t*, rd_kafka_resp_err_t, rd_kafka_topic_partition_list_t*, void*);

  Store* store_;
  IngestOptions options_;
  IngestStateBoard* board_;
  RdKafkaPtr consumer_;
  std::unique_ptr<Producer> deadletters_;
  std::unique_ptr<Fold> fold_;
  std::map<TopicPartition, PartitionState> parts_;
  struct DeadLetter { std::string value, key, reason; std::string topic; int32_t partition; int64_t offset; };
  std::vector<DeadLetter> dead_;
  size_t batch_messages_ = 0;
  std::string error_;             // sticky reason for not being ready
  bool caught_up_once_ = false;
  int64_t last_watermark_ok_ms_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  std::function<void(const BatchReport&)> observer_;
};

}  // namespace followup
