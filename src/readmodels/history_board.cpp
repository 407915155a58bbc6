#include "readmodels/history_board.h"

#include <chrono>

#include "common/sha256.h"
#include "common/time.h"
#include "readmodels/history.h"
#include "readmodels/history_render.h"
#include "store/served_store.h"

namespace followup {
namespace {

// The services' own page shows this many of its announcements; the archive pages this many.
constexpr size_t kServicePageAnnouncements = 10;
constexpr size_t kArchivePageSize = 20;

std::string BeforeKey(const std::optional<TimeMs>& before) { return before ? std::to_string(*before) : "-"; }

}  // namespace

HistoryBoard::HistoryBoard(const ServedStore* store, const StatusBoard* status)
    : HistoryBoard([store]() -> std::unique_ptr<KvReader> { return store->Snapshot(); },
                   [store] { return store->Sequence(); }, status) {}

HistoryBoard::HistoryBoard(ReaderFactory readers, VersionFn version, const StatusBoard* status,
                           std::function<TimeMs()> clock, size_t capacity)
    : readers_(std::move(readers)),
      version_(std::move(version)),
      status_(status),
      clock_(std::move(clock)),
      capacity_(capacity) {}

TimeMs HistoryBoard::Now() const {
  if (clock_) return clock_();
  return WallNowMs();
}

Status HistoryBoard::Get(const std::string& key, bool needs_status, const char* content_type,
                         const Compute& compute, std::shared_ptr<const RenderedBody>* out) {
  std::shared_ptr<const StatusBundle> bundle;
  if (status_) bundle = status_->Current();
  if (needs_status && !bundle) return Status::Unavailable("status not computed yet");
  // The version is read before the snapshot is taken: the snapshot holds at
  // least that state, so an entry is never older than its stamp.
  uint64_t version = version_ ? version_() : 0;
  TimeMs now = Now();
  int64_t minute = MinuteOf(now);
  const StatusBundle* b = needs_status ? bundle.get() : nullptr;
  {
    std::lock_guard<std::mutex> l(mu_);
    auto it = cache_.find(key);
    if (it != cache_.end() && it->second.version == version && it->second.minute == minute &&
        it->second.bundle == b) {
      *out = it->second.body;
      return Status::Ok();
    }
  }
  std::string text;
  {
    std::unique_ptr<KvReader> reader = readers_();
    Status s = compute(*reader, now, bundle.get(), &text);
    if (!s.ok()) return s;
  }
  auto body = std::make_shared<RenderedBody>();
  body->etag = "\"" + Sha256Hex(text).substr(0, 32) + "\"";
  body->body = std::move(text);
  body->content_type = content_type;
  {
    std::lock_guard<std::mutex> l(mu_);
    if (cache_.size() >= capacity_) cache_.clear();
    cache_[key] = Entry{version, minute, b, needs_status ? bundle : nullptr, body};
  }
  *out = std::move(body);
  return Status::Ok();
}

Status HistoryBoard::HistoryJson(const std::string& id, int days, std::shared_ptr<const RenderedBody>* out) {
  if (days < 1 || days > kHistoryMaxDays) return Status::Invalid("days must be a whole number from 1 to 400");
  return Get(
      "history|" + id + "|" + std::to_string(days), false, kJsonMediaType,
      [&](const KvReader& r, TimeMs now, const StatusBundle*, std::string* text) {
        ServiceHistory h;
        Status s = ComputeServiceHistory(r, id, days, now, &h);
        if (s.ok()) *text = RenderHistoryJson(h);
        return s;
      },
      out);
}

Status HistoryBoard::ResponseTimesJson(const std::string& id, std::shared_ptr<const RenderedBody>* out) {
  return Get(
      "rt|" + id, false, kJsonMediaType,
      [&](const KvReader& r, TimeMs now, const StatusBundle*, std::string* text) {
        ResponseTimes rt;
        Status s = ComputeResponseTimes(r, id, now, &rt);
        if (s.ok()) *text = RenderResponseTimesJson(rt);
        return s;
      },
      out);
}

Status HistoryBoard::AnnouncementsJson(std::optional<TimeMs> before, size_t limit,
                                       std::shared_ptr<const RenderedBody>* out) {
  ArchiveQuery q;
  q.before = before;
  q.limit = limit;
  return AnnouncementsJson(q, "", out);
}

Status HistoryBoard::AnnouncementsJson(const ArchiveQuery& q, const std::string& filters,
                                       std::shared_ptr<const RenderedBody>* out) {
  if (q.limit < 1 || q.limit > kArchiveMaxLimit)
    return Status::Invalid("limit must be a whole number from 1 to 100");
  return Get(
      "ann|" + BeforeKey(q.before) + "|" + std::to_string(q.limit) + "|" + filters, false, kJsonMediaType,
      [&](const KvReader& r, TimeMs now, const StatusBundle*, std::string* text) {
        ArchivePage p;
        Status s = ComputeArchive(r, q, now, &p);
        if (s.ok()) *text = RenderArchiveJson(p, q.limit, filters);
        return s;
      },
      out);
}

Status HistoryBoard::AnnouncementJson(const std::string& id, std::string* body, int64_t* revision) {
  std::unique_ptr<KvReader> reader = readers_();
  ArchivedAnnouncement x;
  Status s = ComputeAnnouncement(*reader, id, Now(), &x);
  if (!s.ok()) return s;
  *body = RenderAnnouncementJson(x);
  *revision = x.a.revision;
  return Status::Ok();
}

Status HistoryBoard::ServicePageHtml(const std::string& id, std::shared_ptr<const RenderedBody>* out,
                                     Lang lang) {
  return Get(
      std::string(lang == Lang::kEn ? "page-en|" : "page|") + id, true, kHtmlMediaType,
      [&](const KvReader& r, TimeMs now, const StatusBundle* b, std::string* text) {
        const ServiceStatus* st = b->status ? b->status->Find(id) : nullptr;
        if (!st) return Status::NotFound("unknown service");
        ServiceHistory h;
        Status s = ComputeServiceHistory(r, id, kHistoryDefaultDays, now, &h);
        ResponseTimes rt;
        if (s.ok()) s = ComputeResponseTimes(r, id, now, &rt);
        ArchiveQuery q;
        q.service_id = id;
        q.limit = kServicePageAnnouncements;
        ArchivePage anns;
        if (s.ok()) s = ComputeArchive(r, q, now, &anns);
        if (!s.ok()) return s;
        *text = RenderServiceHistoryHtml(*st, h, rt, anns, now, lang, status_ && status_->subscribe_link());
        return Status::Ok();
      },
      out);
}

Status HistoryBoard::ArchivePageHtml(std::optional<TimeMs> before, std::shared_ptr<const RenderedBody>* out,
                                     Lang lang) {
  return Get(
      std::string(lang == Lang::kEn ? "archive-en|" : "archive|") + BeforeKey(before), false, kHtmlMediaType,
      [&](const KvReader& r, TimeMs now, const StatusBundle*, std::string* text) {
        ArchiveQuery q;
        q.before = before;
        q.limit = kArchivePageSize;
        ArchivePage p;
        Status s = ComputeArchive(r, q, now, &p);
        if (s.ok()) *text = RenderArchiveHtml(p, before, now, lang);
        return s;
      },
      out);
}

}  // namespace followup
