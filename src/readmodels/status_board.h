// StatusBoard: keeps the citizen status (driftinformation) computed and
// pre-rendered, so that request handlers only hand out bytes.
//
// A background thread recomputes ComputeStatus() through a fresh store
// snapshot soon after Poke() (called by the ingest thread after each
// committed batch; at most one recompute per min_interval_ms) and when the
// clock reaches the computed status's next_change_at (levels depend on the
// clock: a service whose probes stop turns unknown; announcements start and
// end). In between, an idle process does no work: the thread only looks at
// the clock every refresh_ms. It then publishes an immutable StatusBundle
// behind a shared_ptr swap. Reads never stall the fold (they use a RocksDB
// snapshot) and the fold never waits on a reader (Poke only sets a flag under
// a mutex nobody holds for long).
//
// Bytes stay identical while the content does not change: JSON bodies carry
// updated_at = when the content last changed, so their ETags are stable; the
// HTML pages show "Senast kontrollerad" as the minute of the newest folded
// measurement and a stale banner (status_render.h) that follows the clock and
// the ingest loop's readiness (SetIngestReady). Rendering is proportional to
// what changed: nothing is rendered when neither the content, the minute, the
// newest measurement nor readiness changed, and only the HTML pages when just
// one of the last three did.
// What one body holds is bounded by the engine (five announcements per
// service, the feed's 100 entries), not by the number of announcements.
//
// On a store read error the previous bundle stays published (a warning is
// logged); before the first success Current() is null and the routes answer
// 503 without internal details.
//
// Thread-safety: Start/Stop from one thread; Poke from any thread; Current()
// and Status() from any number of threads.
#pragma once
#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "projections/kv.h"
#include "readmodels/status_engine.h"

namespace followup {

class ServedStore;

// The media types of the pre-rendered JSON and HTML bodies.
constexpr const char* kJsonMediaType = "application/json";
constexpr const char* kHtmlMediaType = "text/html; charset=utf-8";

struct RenderedBody {
  std::string body;
  std::string etag;  // strong: "\"<sha-256 prefix>\""
  std::string content_type;
};

struct StatusBundle {
  std::shared_ptr<const CityStatus> status;  // the status these bytes were rendered from
  TimeMs updated_at = 0;                     // when the content last changed
  TimeMs rendered_minute = 0;                // MinuteOf(computed_at) of the HTML
  std::string fingerprint;                   // content fingerprint (hash)
  bool ingest_ready = true;                  // what the HTML's stale banner was rendered with
  RenderedBody all_json, summary_json, html, feed;
  RenderedBody html_en;  // the page in English (/en/status)
  std::map<std::string, RenderedBody, std::less<>> service_json, widget;
  std::map<std::string, RenderedBody, std::less<>> widget_en;  // /en/status/{id}/widget
  // The maintenance calendar (readmodels/maintenance_calendar.h), of all
  // services and per service, and the badges (readmodels/badge.h) per
  // service: rendered only when the content changes.
  RenderedBody calendar;
  std::map<std::string, RenderedBody, std::less<>> service_calendar, badge_sv, badge_en;
};

struct StatusBoardOptions {
  int refresh_ms = 1000;      // how often the thread looks at the clock (next_change_at)
  int min_interval_ms = 500;  // at most this often, however often poked (a compute of a
                              // 30-service catalog with a day of probes takes ~30 ms)
  StatusParams params;
  std::function<TimeMs()> clock;  // default: system clock
  // E-mail subscriptions are offered (a relay is configured): the status
  // page and each service's page link to the subscription form.
  bool subscribe_link = false;
};

class StatusBoard {
 public:
  using ReaderFactory = std::function<std::unique_ptr<KvReader>()>;
  explicit StatusBoard(const ServedStore* store, StatusBoardOptions options = {});
  // Any source of consistent readers (tests use a MemKv).
  StatusBoard(ReaderFactory readers, StatusBoardOptions options);
  ~StatusBoard();
  StatusBoard(const StatusBoard&) = delete;
  StatusBoard& operator=(const StatusBoard&) = delete;

  // Computes once synchronously (so the routes have bodies from the start),
  // then starts the background thread.
  void Start();
  void Stop();
  // Asks for a recompute soon. Never blocks on the computation. generation:
  // the ingest loop's generation whose commit is already in the store
  // (IngestSnapshot::generation); the next compute reads a snapshot taken
  // after this call, so what it publishes shows at least that generation.
  // A poke while the published bundle shows another readiness than the
  // ingest loop's now is not held by min_interval_ms: the stale banner and
  // /readyz follow a change of readiness at once (such changes are rare,
  // batches are not).
  void Poke(int64_t generation = 0);
  // The newest generation a published bundle shows, rendered while the
  // ingest loop was ready (-1 before that): what /readyz waits for
  // (IngestStateBoard::RequireServed).
  int64_t ServedGeneration() const { return served_generation_.load(); }
  // Where the pages learn whether the ingest loop is ready (the stale banner,
  // status_render.h); unset: always ready. Looked at on every refresh period,
  // and the HTML is rendered again when the answer changes. Any thread.
  void SetIngestReady(std::function<bool()> ready);

  // The latest published bundle (null before the first successful compute).
  std::shared_ptr<const StatusBundle> Current() const;
  // StatusBoardOptions::subscribe_link (any thread).
  bool subscribe_link() const { return options_.subscribe_link; }
  // The latest computed status (also for metrics); null before the first.
  std::shared_ptr<const CityStatus> Status() const;

  // Recomputes and publishes for instant now, on the calling thread. Used by
  // the background thread and by tests.
  followup::Status RefreshAt(TimeMs now);

 private:
  void Run();
  TimeMs Now() const;
  bool IngestReady() const;
  // The latest bundle was rendered with another readiness than IngestReady().
  bool ShowsOtherReadiness() const;

  ReaderFactory readers_;
  StatusBoardOptions options_;
  mutable std::mutex publish_mu_;  // guards only the pointer swaps
  std::shared_ptr<const StatusBundle> bundle_;
  std::shared_ptr<const CityStatus> status_;

  std::mutex wake_mu_;
  std::condition_variable wake_;
  bool poked_ = false;
  int64_t poked_generation_ = 0;  // guarded by wake_mu_
  bool stop_ = false;
  TimeMs next_due_ = 0;  // when to recompute without a poke (next_change_at). Guarded by wake_mu_.
  std::thread thread_;
  int64_t failures_ = 0;
  std::atomic<int64_t> served_generation_{-1};
  mutable std::mutex ready_mu_;  // guards ingest_ready_ only
  std::function<bool()> ingest_ready_;
};

// Builds the bundle for a status (pure; exposed for tests). previous: the
// bundle published before, whose updated_at is kept when the content is the same.
std::shared_ptr<const StatusBundle> RenderBundle(std::shared_ptr<const CityStatus> status,
                                                 const StatusBundle* previous, bool ingest_ready = true,
                                                 bool subscribe_link = false);

}  // namespace followup
