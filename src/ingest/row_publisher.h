// Scale-out rows: what an owner publishes to the aggregates topic (the global
// view copies them into its store), and how.
// - A shard that starts serving claims an epoch (row_fence.h), then publishes
//   every row it holds once; from then on each batch publishes the rows it
//   changed, before the batch is committed (like dead letters): a crash in
//   between republishes the same values, which is harmless for latest-wins rows.
// - Every row carries its shard's partition and epoch headers.
// - Days (v/) and quarters (q/) are published whole. Minutes (m/) and hours
//   (h/), one row per service-minute and service-hour, would make the
//   compacted topic grow with time, so they travel only in the forms that hold
//   what the reads of a view take from them (readmodels/maintenance.h,
//   CountProbeVerdicts; bench/README.md gives the sizes for a city-year):
//   * a ring each: s/<service>/<minute mod kMinuteSlots> and
//     u/<service>/<hour mod kHourSlots> carry the newest minute or hour of
//     that slot the owner holds (its number, then its record). Compaction
//     keeps one row per slot: per service the last 48 hours (the status and
//     its "since" over 24 h, the 24 h of response times, the history's day in
//     progress) and its newest minute ("senast kontrollerad");
//   * under its own key, every minute inside a maintenance window of its
//     service and every hour of a UTC day a window touches (the reads take
//     those minutes out of days, hours and quarters), and every hour between a
//     Stockholm midnight and the UTC midnight after it (a local day of the
//     history is a UTC day's record plus and less those). The windows are the
//     instance's view's (announcements are a global table); when one appears
//     or moves, the owner publishes the rows it needs.
//   A minute's or an hour's counts only grow (each event folds once), and its
//   forms travel on different partitions of the topic, in no order between
//   them: of the copies of one the view keeps the one with the most probes
//   (RowReplaces).
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

// Slots of the rings of minute and hour rows: 48 hours each.
inline constexpr int64_t kMinuteSlots = 48 * 60;
inline constexpr int64_t kHourSlots = 48;
// The key and value a published row takes in the view's store: a ring row
// (s/, u/) the m/ or h/ row it carries, any other row itself. False for a ring
// row whose number is not of its slot.
bool ViewRow(std::string_view key, std::string_view value, std::string* view_key, std::string* view_value);
// Whether RowReplaces needs the held value of view_key (minute and hour rows).
bool ComparesCopies(std::string_view view_key);
// For a row of the view: whether incoming replaces held (the view's value of
// that key). Any row does, except a minute or hour row, which must count more
// probes. Undecodable values count none.
bool RowReplaces(std::string_view view_key, std::string_view held, std::string_view incoming);
// RowReplaces against what the view holds for view_key: its open batch's
// value (pending) if any, else the store's; a key held by neither is replaced.
bool ViewReplaces(const std::map<std::string, std::string>& pending, const KvReader& store,
                  const std::string& view_key, std::string_view incoming);

// The windows of the instance's view as they are now; null while the view has
// not caught up with the announcements (then they are not known yet).
using WindowsSource = std::function<std::shared_ptr<const MaintenanceWindows>()>;

// Receives rows to publish; a failure stops the caller.
using RowSink = std::function<Status(std::string_view key, std::string_view value)>;
// What the m/ and h/ rows of a store become when all of them are published (a
// shard that starts serving): the ring row of each slot's newest minute and
// hour, and the rows the reads need under their own keys (above).
Status PublishedRingRows(const KvReader& store, const MaintenanceWindows& windows, const RowSink& sink);

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
  // Asks the brokers for the topic's partitions now, so that the first claim
  // does not wait for them (Producer::Prepare). Call once the topic is known
  // to exist: a producer's metadata request may create a missing one.
  void PrepareTopic();
  // Whether the windows are known (RefreshWindows): until then no shard serves.
  bool WindowsKnown() const { return windows_ != nullptr; }
  // Reads the maintenance windows again. The minutes and hours of a window
  // that is new or has moved are published from every serving shard (a shard not serving
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
  // Sends the shard's rows of [from, to) as they are; *sent counts them.
  Status SendRange(const Shard& sh, const std::string& from, const std::string& to, const KafkaHeaders& h,
                   size_t* sent);
  Producer* producer_;
  std::string topic_;
  WindowsSource windows_source_;
  std::shared_ptr<const MaintenanceWindows> windows_;  // null: not known yet
};

}  // namespace followup
