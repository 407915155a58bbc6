// What the ingest thread publishes for readers (/readyz, /api/v1/ingest,
// /metrics): an immutable snapshot swapped in after every batch, so readers
// never take a lock the fold holds.
#pragma once
#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "events/event.h"
#include "events/reject_reason.h"

namespace followup {

struct PartitionProgress {
  std::string topic;
  int32_t partition = 0;
  int64_t offset = 0;           // next offset to fold
  int64_t high_watermark = -1;  // -1: not yet known
  int64_t lag() const { return high_watermark < 0 ? 0 : std::max<int64_t>(0, high_watermark - offset); }
};

// A rebuild of the projections beside the served ones
// (app/live_projections.h), as the ingest API and the metrics show it.
struct RebuildProgress {
  bool active = false;  // a rebuild runs (folding, paused or switching)
  // "folding", "paused" (reason says why) or "switching".
  std::string state;
  // Why it runs ("projection version 3 -> 4", "requested"), and when paused
  // why it cannot go on, in the service's own words.
  std::string cause, reason;
  int from_version = 0, to_version = 0;
  int64_t processed = 0;    // messages the rebuild has folded, duplicates and rejects included
  int64_t remaining = 0;    // messages still to fold to reach what the served projections hold
  double rate = 0;          // messages per second over the last few seconds
  double eta_seconds = -1;  // -1: not known yet
  double elapsed_seconds = 0;
};

struct IngestSnapshot {
  // Steady-clock ms when the ingest thread published this. A snapshot that
  // stops being refreshed means the loop is stuck (e.g. in a Kafka call).
  int64_t published_ms = 0;
  bool ready = false;
  // Why not ready, in the service's own words: safe for any listener.
  std::string not_ready_reason = "starting";
  // The underlying error text (librdkafka's, RocksDB's), for the log and the
  // management listener only; never on a public route.
  std::string not_ready_detail;
  // Event ids seen again with other content (events.md "id conflicts").
  int64_t id_conflicts = 0;
  // Dead letters the dead-letter topic refused for good (size, format): the
  // message was passed over, counted and logged (events.md).
  int64_t deadletters_dropped = 0;
  int64_t events_folded = 0, events_rejected = 0, duplicates = 0;
  std::array<int64_t, kEventTypeCount> folded_by_type{};
  std::array<int64_t, kRejectReasonCount> rejected_by_category{};  // indexed by RejectReason
  std::vector<PartitionProgress> partitions;
  // Scale-out view: services whose published rows came from two partitions.
  int64_t copartition_conflicts = 0;
  // Batches this loop has committed since it started, and the generation
  // at which it last became ready (-1 while not ready). A reader that must
  // show the caught-up state (IngestStateBoard::RequireServed) has done so
  // once it has published from a store snapshot taken after the commit of
  // ready_generation.
  int64_t generation = 0;
  int64_t ready_generation = -1;
  // Scale-out, the owned partitions: when its partitions last started
  // serving (rows_published_seq counts those moments, 0: never), the rows it
  // published to the aggregates topic all lay before these end offsets
  // (aggregates partition, offset). The view shows them once it has folded
  // that far.
  int64_t rows_published_seq = 0;
  std::vector<std::pair<int32_t, int64_t>> rows_published_to;
  // Scale-out, the view: the newest rows_published_seq of its instance whose
  // offsets it has folded, and the generation of the batch that got there
  // (RequireServed waits for the read side to show that one too).
  int64_t rows_shown_seq = 0;
  int64_t rows_shown_generation = -1;
  // A rebuild beside the served projections (IngestStateBoard::ShowRebuild).
  RebuildProgress rebuild;
  int64_t lag() const {
    int64_t l = 0;
    for (const auto& p : partitions) l += p.lag();
    return l;
  }
};

// Single writer (ingest thread), many readers. Readers get a shared_ptr they
// may keep as long as they like.
// How long a snapshot may go unrefreshed before readers treat the ingest
// loop as stalled (it publishes at least every 2 s).
constexpr int64_t kIngestStaleMs = 10000;
int64_t SteadyNowMs();
// ready, after checking that the snapshot is fresh; *reason says why not.
bool IngestReady(const IngestSnapshot& s, std::string* reason);

// Scale-out: one instance runs two loops (its partitions, and the global
// view); readers see them as one: ready when both are and the view has folded
// the rows the instance published when its partitions started serving
// (rows_published_seq), counters summed.
IngestSnapshot JoinSnapshots(const IngestSnapshot& own, const IngestSnapshot& view);

// The reason readers see in scale-out while the global view has not yet
// folded the rows this instance published (JoinSnapshots).
inline constexpr std::string_view kRowsNotYetShownReason =
    "global view: reading the rows of this instance's partitions back from the aggregates topic";

// The reason readers see while the loop has caught up but the citizen status
// does not show it yet (IngestStateBoard::RequireServed).
inline constexpr std::string_view kNotYetServedReason = "updating the status pages to the caught-up state";

// Whether Get() applies RequireServed: kIgnore is for the read side itself
// (the status board asks whether the loop is ready; waiting for its own
// publication there would be a cycle).
enum class ReadSide { kAwait, kIgnore };

class IngestStateBoard {
 public:
  IngestStateBoard() : current_(std::make_shared<IngestSnapshot>()) {}
  // Get() then answers JoinSnapshots(this, *other). Set before readers start.
  void Join(const IngestStateBoard* other) { other_ = other; }
  // Ready means every read surface shows the caught-up state: served answers
  // the newest generation the pre-rendered read side has published from (-1:
  // nothing yet), and Get() reports not ready (kNotYetServedReason) while it
  // is below the snapshot's ready_generation. Set before readers start.
  void RequireServed(std::function<int64_t()> served) { served_ = std::move(served); }
  // Get() then reports the rebuild's progress too (IngestSnapshot::rebuild).
  // Set before readers start; rebuild is called from any thread.
  void ShowRebuild(std::function<RebuildProgress()> rebuild) { rebuild_ = std::move(rebuild); }
  std::shared_ptr<const IngestSnapshot> Get(ReadSide read_side = ReadSide::kAwait) const {
    std::shared_ptr<const IngestSnapshot> mine;
    {
      std::lock_guard<std::mutex> l(mu_);
      mine = current_;
    }
    if (read_side == ReadSide::kAwait && served_ && mine->ready &&
        served_() < std::max(mine->ready_generation, mine->rows_shown_generation)) {
      auto held = std::make_shared<IngestSnapshot>(*mine);
      held->ready = false;
      held->not_ready_reason = std::string(kNotYetServedReason);
      mine = std::move(held);
    }
    if (rebuild_) {
      RebuildProgress r = rebuild_();
      if (r.active) {
        auto with = std::make_shared<IngestSnapshot>(*mine);
        with->rebuild = std::move(r);
        mine = std::move(with);
      }
    }
    if (!other_) return mine;
    return std::make_shared<const IngestSnapshot>(JoinSnapshots(*mine, *other_->Get(read_side)));
  }
  // This loop's own latest snapshot: no join, no RequireServed (any thread).
  std::shared_ptr<const IngestSnapshot> Own() const {
    std::lock_guard<std::mutex> l(mu_);
    return current_;
  }
  // Called after a Publish that can change what Get() says of readiness: the
  // snapshot's own `ready`, or (scale-out) the rows published or shown, differ
  // from the one before (on the publishing thread; keep it short, e.g. a
  // poke). The pre-rendered read side learns of readiness this way instead of
  // at its next period. Set before the loop starts.
  void OnReadyChange(std::function<void()> changed) { ready_changed_ = std::move(changed); }
  void Publish(std::shared_ptr<const IngestSnapshot> s) {
    bool changed;
    {
      std::lock_guard<std::mutex> l(mu_);
      changed = current_->ready != s->ready || current_->rows_shown_seq != s->rows_shown_seq ||
                current_->rows_published_seq != s->rows_published_seq;
      current_ = std::move(s);
    }
    if (changed && ready_changed_) ready_changed_();
  }

 private:
  mutable std::mutex mu_;  // guards only the pointer swap
  std::shared_ptr<const IngestSnapshot> current_;
  const IngestStateBoard* other_ = nullptr;
  std::function<int64_t()> served_;
  std::function<RebuildProgress()> rebuild_;
  std::function<void()> ready_changed_;
};

}  // namespace followup
