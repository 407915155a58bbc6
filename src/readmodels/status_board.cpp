#include "readmodels/status_board.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>

#include "common/time.h"
#include "readmodels/badge.h"
#include "readmodels/maintenance_calendar.h"
#include "readmodels/status_render.h"
#include "store/served_store.h"

namespace followup {
namespace {

RenderedBody Body(std::string body, const char* content_type) {
  RenderedBody r;
  r.etag = "\"" + Sha256Hex(body).substr(0, 32) + "\"";
  r.body = std::move(body);
  r.content_type = content_type;
  return r;
}

constexpr const char* kAtom = "application/atom+xml; charset=utf-8";

// Everything the surfaces show except the clock: the services (levels,
// since, explanations, announcements) and every announcement's phase.
std::string Fingerprint(const CityStatus& c) {
  std::string text = RenderStatusJson(c, 0);
  for (const auto& info : c.announcements)
    text += info.a.announcement_id + '\x1f' + std::to_string(info.a.revision) + '\x1f' +
            std::to_string(int(info.phase)) + '\x1f' + std::to_string(info.updated_at) + '\x1e';
  return Sha256Hex(text).substr(0, 32);
}

std::string LocalDate(TimeMs t) {
  LocalTime l = ToStockholm(t);
  return std::to_string(l.year) + "-" + std::to_string(l.month) + "-" + std::to_string(l.day);
}

// What the HTML shows besides the content: the newest measurement ("Senast
// kontrollerad") and the stale banner. A change re-renders the HTML only.
bool SamePageClock(const StatusBundle& b, const CityStatus& c, bool ingest_ready) {
  return b.ingest_ready == ingest_ready && b.status && b.status->newest_probe_at == c.newest_probe_at &&
         InformationMayBeStale(b.ingest_ready, b.status->newest_probe_at, b.status->computed_at) ==
             InformationMayBeStale(ingest_ready, c.newest_probe_at, c.computed_at);
}

// Once per publication (seconds apart): the shared_ptr passed by value is not a cost.
// NOLINTNEXTLINE(performance-unnecessary-value-param)
std::shared_ptr<const StatusBundle> Render(std::shared_ptr<const CityStatus> status,
                                           const StatusBundle* previous, std::string fingerprint,
                                           bool ingest_ready, bool subscribe_link) {
  auto b = std::make_shared<StatusBundle>();
  const CityStatus& c = *status;
  TimeMs now = c.computed_at;
  b->status = status;
  b->fingerprint = std::move(fingerprint);
  b->updated_at = previous && previous->fingerprint == b->fingerprint ? previous->updated_at : now;
  b->rendered_minute = MinuteOf(now);
  b->ingest_ready = ingest_ready;
  // The HTML says "kl. 10:42" for today's times: the local date is part of its
  // version, and so is the stale banner (app.js replaces the content when the
  // version changes; a new "Senast kontrollerad" alone it copies over).
  std::string stale = InformationMayBeStale(ingest_ready, c.newest_probe_at, now) ? "stale" : "fresh";
  std::string page_version = Sha256Hex(b->fingerprint + LocalDate(now) + stale).substr(0, 16);
  b->html =
      Body(RenderStatusHtml(c, now, page_version, ingest_ready, Lang::kSv, subscribe_link), kHtmlMediaType);
  b->html_en =
      Body(RenderStatusHtml(c, now, page_version, ingest_ready, Lang::kEn, subscribe_link), kHtmlMediaType);
  bool same = previous && previous->fingerprint == b->fingerprint;
  if (same) {
    // Only the minute changed: the JSON and the feed carry no clock (updated_at is kept).
    b->all_json = previous->all_json;
    b->summary_json = previous->summary_json;
    b->feed = previous->feed;
    b->service_json = previous->service_json;
    b->calendar = previous->calendar;
    b->service_calendar = previous->service_calendar;
    b->badge_sv = previous->badge_sv;
    b->badge_en = previous->badge_en;
  } else {
    b->all_json = Body(RenderStatusJson(c, b->updated_at), kJsonMediaType);
    b->summary_json = Body(RenderSummaryJson(c, b->updated_at), kJsonMediaType);
    b->feed = Body(RenderAtomFeed(c, b->updated_at), kAtom);
    b->calendar = Body(RenderMaintenanceCalendar(c), kCalendarContentType);
  }
  for (const auto& s : c.services) {
    std::string json = RenderServiceJson(c, s, 0);
    std::string version = Sha256Hex(json + LocalDate(now) + stale).substr(0, 16);
    if (!same) {
      b->service_json.emplace(s.service_id, Body(RenderServiceJson(c, s, b->updated_at), kJsonMediaType));
      b->service_calendar.emplace(s.service_id, Body(RenderMaintenanceCalendar(c, &s), kCalendarContentType));
      b->badge_sv.emplace(s.service_id, Body(RenderBadgeSvg(s, BadgeLanguage::kSv), kBadgeContentType));
      b->badge_en.emplace(s.service_id, Body(RenderBadgeSvg(s, BadgeLanguage::kEn), kBadgeContentType));
    }
    b->widget.emplace(s.service_id, Body(RenderWidgetHtml(c, s, now, version, ingest_ready), kHtmlMediaType));
    b->widget_en.emplace(s.service_id,
                         Body(RenderWidgetHtml(c, s, now, version, ingest_ready, Lang::kEn), kHtmlMediaType));
  }
  return b;
}

}  // namespace

std::shared_ptr<const StatusBundle> RenderBundle(std::shared_ptr<const CityStatus> status,
                                                 const StatusBundle* previous, bool ingest_ready,
                                                 bool subscribe_link) {
  std::string fp = Fingerprint(*status);
  return Render(std::move(status), previous, std::move(fp), ingest_ready, subscribe_link);
}

StatusBoard::StatusBoard(const ServedStore* store, StatusBoardOptions options)
    : StatusBoard([store]() -> std::unique_ptr<KvReader> { return store->Snapshot(); }, std::move(options)) {}

StatusBoard::StatusBoard(ReaderFactory readers, StatusBoardOptions options)
    : readers_(std::move(readers)), options_(std::move(options)) {}

StatusBoard::~StatusBoard() { Stop(); }

TimeMs StatusBoard::Now() const {
  if (options_.clock) return options_.clock();
  return WallNowMs();
}

void StatusBoard::SetIngestReady(std::function<bool()> ready) {
  {
    std::lock_guard<std::mutex> l(ready_mu_);
    ingest_ready_ = std::move(ready);
  }
  Poke();
}

bool StatusBoard::IngestReady() const {
  std::lock_guard<std::mutex> l(ready_mu_);
  return ingest_ready_ ? ingest_ready_() : true;
}

std::shared_ptr<const StatusBundle> StatusBoard::Current() const {
  std::lock_guard<std::mutex> l(publish_mu_);
  return bundle_;
}

std::shared_ptr<const CityStatus> StatusBoard::Status() const {
  std::lock_guard<std::mutex> l(publish_mu_);
  return status_;
}

followup::Status StatusBoard::RefreshAt(TimeMs now) {
  auto status = std::make_shared<CityStatus>();
  followup::Status s;
  int64_t generation;  // read before the snapshot: the snapshot holds at least its commit
  {
    std::lock_guard<std::mutex> l(wake_mu_);
    generation = poked_generation_;
  }
  {
    std::unique_ptr<KvReader> reader = readers_();
    s = ComputeStatus(*reader, now, status.get(), options_.params);
  }
  if (!s.ok()) {
    if (failures_++ % 60 == 0)
      spdlog::warn("status: cannot compute the citizen status, keeping the last one: {}", s.ToString());
    std::lock_guard<std::mutex> l(wake_mu_);
    next_due_ = now + options_.refresh_ms;  // try again a little later
    return s;
  }
  {
    std::lock_guard<std::mutex> l(wake_mu_);
    next_due_ = status->next_change_at;
  }
  std::shared_ptr<const CityStatus> computed = std::move(status);
  std::shared_ptr<const StatusBundle> previous = Current();
  std::string fp = Fingerprint(*computed);
  bool ready = IngestReady();
  std::shared_ptr<const StatusBundle> bundle;
  if (!previous || previous->fingerprint != fp || previous->rendered_minute != MinuteOf(now) ||
      !SamePageClock(*previous, *computed, ready))
    bundle = Render(computed, previous.get(), std::move(fp), ready, options_.subscribe_link);
  {
    std::lock_guard<std::mutex> l(publish_mu_);
    status_ = computed;
    if (bundle) bundle_ = std::move(bundle);
  }
  // What /readyz waits for: bytes that show this generation with the loop
  // ready (no "not ready" banner). Also when nothing was rendered: the
  // published bytes already show this state.
  if (ready && served_generation_.load() < generation) served_generation_.store(generation);
  return s;
}

void StatusBoard::Start() {
  if (thread_.joinable()) return;
  // A failure is logged by RefreshAt, which keeps the last status and retries
  // soon; the pages answer "not yet available" until a compute succeeds.
  (void)RefreshAt(Now());
  {
    std::lock_guard<std::mutex> l(wake_mu_);
    stop_ = false;
  }
  thread_ = std::thread([this] { Run(); });
}

void StatusBoard::Stop() {
  {
    std::lock_guard<std::mutex> l(wake_mu_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void StatusBoard::Poke(int64_t generation) {
  {
    std::lock_guard<std::mutex> l(wake_mu_);
    poked_ = true;
    poked_generation_ = std::max(poked_generation_, generation);
  }
  wake_.notify_one();
}

bool StatusBoard::ShowsOtherReadiness() const {
  auto shown = Current();
  return shown && shown->ingest_ready != IngestReady();
}

void StatusBoard::Run() {
  using Clock = std::chrono::steady_clock;
  auto last = Clock::now();
  const auto period = std::chrono::milliseconds(options_.refresh_ms);
  const auto min_gap = std::chrono::milliseconds(options_.min_interval_ms);
  for (;;) {
    {
      std::unique_lock<std::mutex> l(wake_mu_);
      // Wake for a poke, or look at the (possibly injected) clock every period:
      // recompute only when the status can have changed.
      for (;;) {
        TimeMs left = next_due_ - Now();
        if (left <= 0) break;
        auto wait = std::min<std::chrono::milliseconds>(period, std::chrono::milliseconds(left));
        wake_.wait_until(l, Clock::now() + wait, [this] { return stop_ || poked_; });
        if (stop_ || poked_) break;
        // Readiness moves without a batch (the brokers fall silent): the
        // stale banner must follow it within a period.
        if (ShowsOtherReadiness()) break;
      }
      if (stop_) return;
      // Coalesce a burst of pokes: no more than one recompute per min_gap,
      // unless what is shown says another readiness than the loop's now.
      if (!ShowsOtherReadiness() && Clock::now() < last + min_gap) {
        wake_.wait_until(l, last + min_gap, [this] { return stop_ || ShowsOtherReadiness(); });
        if (stop_) return;
      }
      poked_ = false;
    }
    last = Clock::now();
    try {
      (void)RefreshAt(Now());  // logged and retried by RefreshAt itself
    } catch (const std::exception& e) {
      spdlog::error("status: recompute failed: {}", e.what());
    }
  }
}

}  // namespace followup
