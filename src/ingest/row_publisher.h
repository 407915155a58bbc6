// Scale-out rows: what an owner publishes to the aggregates topic (the global
// view copies them into its store), and how.
// - A shard that starts serving claims an epoch (row_fence.h), then publishes
//   every row it holds once; from then on each batch publishes the rows it
//   changed, before the batch is committed (like dead letters): a crash in
//   between republishes the same values, which is harmless for latest-wins rows.
// - Every row carries its shard's partition and epoch headers.
//
// Thread-safety: one caller at a time (the ingest thread); the producer is
// thread-safe.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "ingest/partition_state.h"
#include "ingest/producer.h"
#include "ingest/shards.h"

namespace followup {

// The rows an owner publishes: everything derived from its partitions.
bool PublishedRow(std::string_view key);
// A row of the global view: only the projection families an owner publishes,
// each value decodable as its record.
bool ValidRow(std::string_view key, std::string_view value);

// The changed rows of one shard in one batch, to publish before writing it.
struct ShardRows {
  const Shard* shard = nullptr;
  std::vector<std::pair<std::string, std::string>> rows;
};

class RowPublisher {
 public:
  RowPublisher(Producer* producer, std::string topic) : producer_(producer), topic_(std::move(topic)) {}
  const std::string& topic() const { return topic_; }
  // Sends the rows and waits (10 s) until every one is acknowledged.
  Status PublishChanges(const std::vector<ShardRows>& changes);
  // Every shard that does not serve yet and whose partitions have all caught
  // up (and are not in a batch) claims an epoch, publishes all its rows and
  // starts serving; all of them together, with one wait for their claims and
  // one for their rows. On a failure none of them starts serving (the next
  // call claims again: a higher epoch, the same rows).
  Status PublishRebuilt(ShardSet* shards, const PartitionMap& partitions);

 private:
  static KafkaHeaders Headers(const Shard& sh);
  Producer* producer_;
  std::string topic_;
};

}  // namespace followup
