// Scale-out rows: what an owner publishes to the aggregates topic (the global
// view copies them into its store), and how.
// - A shard that starts serving claims an epoch (row_fence.h), then publishes
//   every row it holds once; from then on each batch publishes the rows it
//   changed, before the batch is committed (like dead letters): a crash in
//   between republishes the same values, which is harmless for latest-wins rows.
// - Every row carries its shard's partition and epoch headers.
// - Hours (h/), days (v/) and quarters (q/) are published whole. Minutes (m/),
//   one row per service-minute, would make the compacted topic grow with time,
//   so they travel only in two forms, which hold what the reads of a view take
//   from minutes:
//   * the ring: s/<service>/<minute mod kMinuteSlots> carries the newest minute
//     of that slot the owner holds (its number, then its MinuteState).
//     Compaction keeps one row per slot: per service at most kMinuteSlots rows,
//     which hold the last 48 h (the status and its "since" over 24 h, the 24 h
//     of response times, the history's hour in progress) and the newest minute
//     of every service ("senast kontrollerad");
//   * under its own key, every minute inside a maintenance window of its
//     service: the reads take those minutes out of hours and quarters, the
//     edges from minute rows (readmodels/maintenance.h). The windows are the
//     instance's view's (announcements are a global table); when one appears
//     or moves, the owner publishes the minutes it covers.
//   A minute's counts only grow (each event folds once), and its two forms
//   travel on different partitions of the topic, in no order between them: of
//   the copies of a minute the view keeps the one with the most probes
//   (MinuteRowReplaces).
//
// Thread-safety: one caller at a time (the ingest thread); the producer is
// thread-safe.
#pragma once
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "common/time.h"
#include "ingest/partition_state.h"
#include "ingest/producer.h"
#include "ingest/shards.h"

namespace followup {

// The rows an owner publishes: everything derived from its partitions.
bool PublishedRow(std::string_view key);
// A row of the global view: only the projection families an owner publishes,
// each value decodable as its record.
bool ValidRow(std::string_view key, std::string_view value);

// Slots of the ring of minute rows: 48 hours.
inline constexpr int64_t kMinuteSlots = 48 * 60;
// The key and value a published row takes in the view's store: an s/ row the
// m/ row of the minute it carries, any other row itself. False for an s/ row
// that carries no minute.
bool ViewRow(std::string_view key, std::string_view value, std::string* view_key, std::string* view_value);
// For an m/ row of the view: whether incoming replaces held (the view's value
// of that key), i.e. counts more probes. Undecodable values count none.
bool MinuteRowReplaces(std::string_view held, std::string_view incoming);

// Per service, the merged minute ranges its live maintenance windows cover.
using MaintenanceWindows = std::map<std::string, std::vector<MinuteRange>, std::less<>>;
// The windows of the instance's view as they are now; null while the view has
// not caught up with the announcements (then they are not known yet).
using WindowsSource = std::function<std::shared_ptr<const MaintenanceWindows>()>;

// Receives rows to publish; a failure stops the caller.
using RowSink = std::function<Status(std::string_view key, std::string_view value)>;
// What the m/ rows of a store become when all of them are published (a shard
// that starts serving): the ring row of each slot's newest minute, and the
// minutes inside windows under their own keys.
Status PublishedMinuteRows(const KvReader& store, const MaintenanceWindows& windows, const RowSink& sink);

// The changed rows of one shard in one batch, to publish before writing it.
struct ShardRows {
  const Shard* shard = nullptr;
  std::vector<std::pair<std::string, std::string>> rows;
};

class RowPublisher {
 public:
  // windows: null when no service has maintenance windows (tests).
  RowPublisher(Producer* producer, std::string topic, WindowsSource windows = nullptr);
  const std::string& topic() const { return topic_; }
  // Reads the maintenance windows again. The minutes of a window that is new
  // or has moved are published from every serving shard (a shard not serving
  // yet publishes them with all its rows). On a failure the windows stay as
  // they were, so the next call publishes them again.
  Status RefreshWindows(ShardSet* shards);
  // Sends the rows and waits (10 s) until every one is acknowledged.
  Status PublishChanges(const std::vector<ShardRows>& changes);
  // Every shard that does not serve yet and whose partitions have all caught
  // up (and are not in a batch) claims an epoch, publishes all its rows and
  // starts serving; all of them together, with one wait for their claims and
  // one for their rows. On a failure none of them starts serving (the next
  // call claims again: a higher epoch, the same rows). Until the windows are
  // known (RefreshWindows) no shard starts serving.
  Status PublishRebuilt(ShardSet* shards, const PartitionMap& partitions);

 private:
  static KafkaHeaders Headers(const Shard& sh);
  Producer* producer_;
  std::string topic_;
  WindowsSource windows_source_;
  std::shared_ptr<const MaintenanceWindows> windows_;  // null: not known yet
};

}  // namespace followup
