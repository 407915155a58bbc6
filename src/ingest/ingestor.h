// The ingest loop: consume the input topics, decode and validate, dead-letter
// what is rejected, fold the rest, and write state + dedup records + counters +
// next offsets in ONE atomic write per batch (and per shard in scale-out).
//
// Exactly-once effect: offsets live only with the state they produced. On
// partition assignment the consumer seeks to the offsets stored with the
// state; Kafka's committed offsets are written too, but only for information.
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
// Scale-out (IngestMode::kScaleOutPartitions): the group assignment of the
// lead topic decides which partition numbers this instance owns; for each
// owned p it consumes partition p of every co-partitioned input into its own
// store partitions_dir/<p>. A shard it has no (or stale) state for starts from
// its stored offsets (0 when new), i.e. it is rebuilt from the log; until it
// has caught up it is not ready and publishes nothing, then it publishes all
// its rows once and every change after that (before the change is committed,
// like dead letters). Revoked shards are closed but kept on disk as a warm
// standby.
//
// The jobs, each in its own unit: consumer.h (Kafka), log_checks.h (identity,
// co-partitioning, gaps), shards.h (where state is folded), intake.h (decoding
// and dead letters, rows of the view), batch.h (the commit), row_publisher.h
// (scale-out rows), readiness.h (what readers are told). This class wires them
// and handles rebalancing.
//
// Thread-safety: Start/Stop from one thread; the loop runs on its own thread;
// readers use the IngestStateBoard.
#pragma once
#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "common/status.h"
#include "ingest/batch.h"
#include "ingest/consumer.h"
#include "ingest/deadletters.h"
#include "ingest/ingest_state.h"
#include "ingest/intake.h"
#include "ingest/kafka_config.h"
#include "ingest/mode.h"
#include "ingest/partition_state.h"
#include "ingest/producer.h"
#include "ingest/readiness.h"
#include "ingest/row_fence.h"
#include "ingest/row_publisher.h"
#include "ingest/shards.h"
#include "ingest/topics.h"
#include "projections/fold.h"
#include "projections/kv.h"

namespace followup {

struct IngestOptions {
  IngestMode mode = IngestMode::kSingle;
  KafkaSettings kafka;  // bootstrap.servers and pass-through settings
  std::string group_id = "followup";
  Topics topics;
  // The identity of the log this data dir belongs to. Empty: use the Kafka
  // cluster id reported by the brokers.
  std::string log_identity;
  size_t max_batch = 10000;
  int max_batch_ms = 50;
  bool sync_writes = false;
  FoldOptions fold;
  // Called on the ingest thread after every committed batch, with the
  // loop's generation (IngestSnapshot::generation) that batch made.
  std::function<void(int64_t generation)> on_commit;
  // kScaleOutPartitions: the directory of the per-partition stores.
  std::string partitions_dir;
  // kScaleOutPartitions: publishes the rows of serving shards (not owned).
  Producer* row_producer = nullptr;
  // kScaleOutPartitions: the maintenance windows of the instance's view,
  // whose minutes are published as they are (row_publisher.h); null: none.
  // Called on the ingest thread; must be thread-safe against the view's loop.
  WindowsSource maintenance_windows;
  // kScaleOutView: the board of the same instance's kScaleOutPartitions loop,
  // whose published rows the view reports once it has folded them
  // (IngestSnapshot::rows_shown_seq). Must outlive the Ingestor.
  const IngestStateBoard* rows_of = nullptr;
  // kRebuild: the next offset the serving loop has stored for a partition
  // (0 when none). A message at or past it is not folded yet: the loop goes
  // back for it once the serving loop has stored past it. Called on the
  // ingest thread; must be thread-safe against the serving loop.
  std::function<int64_t(const TopicPartition&)> stay_behind;
  // The generation the loop starts counting from (IngestSnapshot::
  // generation): a loop that takes over from another on the same read side
  // continues its numbering, so the read side's served generation stays
  // comparable.
  int64_t first_generation = 0;
  // >= 0: the loop takes over from a loop on the same read side that was
  // ready since this generation, at the offsets that one stored
  // (app/live_projections.h): the partitions of its first assignment count as
  // caught up, and it is ready since that generation (which the read side has
  // shown), so readiness does not drop at the switch. Partitions found later
  // catch up as usual.
  int64_t caught_up_since_generation = -1;
};

// Per-batch measurements, for metrics.
struct BatchReport {
  size_t messages = 0;
  double seconds = 0;
};

class Ingestor {
 public:
  // store: where state is folded; null in kScaleOutPartitions (one store per
  // partition). Must outlive the Ingestor.
  Ingestor(KvStore* store, IngestOptions options, IngestStateBoard* board);
  ~Ingestor();
  // Connects, checks that the broker holds this data dir's log, and starts the
  // loop. Fails (with a message for the operator) on a foreign log.
  Status Start();
  void Stop();
  void set_batch_observer(std::function<void(const BatchReport&)> f) { observer_ = std::move(f); }

 private:
  bool sharded() const { return Sharded(options_.mode); }
  IngestBatch::Outlets MakeOutlets();
  Status LoadCounters();
  void Run();
  void HandleMessage(const InputMessage& msg);
  void OnRebalance(bool assigned, const std::vector<TopicPartition>& partitions);
  Status Assign(const std::vector<TopicPartition>& partitions);
  Status PrepareAssignment(const std::vector<TopicPartition>& partitions, PartitionOffsets* to_assign);
  Status AssignAll();
  // The partitions of the inputs that exist in topics (Consumer::Partitions);
  // the inputs that do not are added to *missing (when not null).
  std::vector<TopicPartition> InputPartitions(const std::map<std::string, std::vector<int32_t>>& topics,
                                              std::vector<std::string>* missing) const;
  // Direct assignment: every DiscoveryIntervalMs, between batches, assigns the
  // input partitions created since (a subscription would be given them).
  void DiscoverPartitions();
  // Once the brokers have said how large a dead letter may be, sends the next
  // ones with a producer of that limit. wait: waits for the answer (bounded).
  void ApplyDeadLetterLimit(bool wait);
  // Every co-partitioned input's partition p for each lead partition p.
  std::vector<TopicPartition> FollowLead(const std::vector<TopicPartition>& lead) const;
  void ReleaseShards(const std::vector<TopicPartition>& revoked);
  // Commits the open batch. A failure is handled here: the batch is dropped,
  // consumption goes back to the stored offsets, and readiness says why.
  void CommitBatch();
  // reason: in the service's own words (any listener may show it); detail:
  // the underlying error text (log and management listener only).
  void AbortBatch(const std::string& reason, const std::string& detail);
  void SetBlocked(std::string reason, std::string detail);
  void RefreshWatermarks();
  void Publish();
  void PublishSnapshotsIfDue();
  // kScaleOutPartitions: records where the aggregates topic ends once newly
  // serving shards' rows are acknowledged (IngestSnapshot::rows_published_to).
  void NoteRowsPublished();
  // kScaleOutView: notes when the committed offsets reach the instance's
  // latest rows_published_to (IngestSnapshot::rows_shown_seq).
  void NoteRowsShown();
  bool RowsShownPending() const;
  // kRebuild: whether msg lies before what the serving loop has stored
  // (else it is held: not folded, and fetched again by ReleaseHeld).
  bool BehindServingLoop(const InputMessage& msg);
  // kRebuild, between batches: fetches the held partitions again from their
  // stored offsets once the serving loop has stored past them.
  void ReleaseHeld();

  KvStore* store_;
  IngestOptions options_;
  IngestStateBoard* board_;
  std::unique_ptr<Consumer> consumer_;
  std::unique_ptr<TopicMaxBytesQuery> limit_query_;  // destroyed before consumer_
  std::unique_ptr<Producer> deadletters_;
  std::unique_ptr<DeadLetterSink> sink_;
  std::unique_ptr<RowPublisher> rows_;  // kScaleOutPartitions with a row producer
  PartitionMap parts_;
  ShardSet shards_;
  RowFence fence_;  // the view (kScaleOutView): drops rows of fenced-off owners
  IngestBatch batch_;
  Intake intake_;
  std::vector<std::string> inputs_;
  std::string identity_;
  // Why not ready (readiness.h): a partition never consumed, the last
  // batch's failure, a failed publication of a rebuilt partition.
  Problem blocked_, error_, snapshot_error_;
  bool assignment_received_ = false;  // the group has answered (maybe with nothing)
  std::set<TopicPartition> direct_;   // assigned directly (not by the group), blocked or not
  int64_t last_discovery_ms_ = 0;
  int64_t last_watermark_ok_ms_ = 0;
  // Batches committed since Start (IngestSnapshot::generation), and the
  // generation when readiness last turned true (ready_generation).
  int64_t generation_ = 0;
  int64_t ready_generation_ = -1;
  // IngestSnapshot's rows_published_* (partitions loop) and rows_shown_* (view).
  bool rows_published_due_ = false;
  int64_t rows_published_seq_ = 0;
  std::vector<std::pair<int32_t, int64_t>> rows_published_to_;
  int64_t rows_shown_seq_ = 0;
  int64_t rows_shown_generation_ = -1;
  int64_t windows_checked_ms_ = 0;  // NowMs() of the last RowPublisher::RefreshWindows
  // caught_up_since_generation, until the first assignment has used it.
  bool inherit_caught_up_ = false;
  // kRebuild: the serving loop's stored offsets as last read, and the
  // partitions with a held message (the offset held).
  std::map<TopicPartition, int64_t> behind_limit_;
  std::map<TopicPartition, int64_t> held_;
  int64_t last_release_ms_ = 0;
  // What its log lines begin with: "rebuild" for kRebuild, else "ingest".
  const char* log_name_ = "ingest";
  std::atomic<bool> stop_{false};
  std::thread thread_;
  std::function<void(const BatchReport&)> observer_;
};

}  // namespace followup
