// HistoryBoard: answers the citizens' history surfaces (history.h,
// history_render.h) with rendered bodies and strong ETags.
//
// Unlike the live status (StatusBoard), the history has a body per query
// (service, days, page), so it is computed on request: through a fresh store
// snapshot (readers never stall the fold, the fold never waits on a reader)
// and the StatusBoard's current bundle for "just nu". The rendered bodies of
// recent queries are kept and handed out again while nothing they depend on
// can have changed: the same store version (Store::Sequence: any folded batch
// changes it), the same minute of the clock (today's counts and "now" move
// with it) and, for the service page, the same status bundle. The bytes are a
// pure function of those, so a recomputation gives the same ETag whenever the
// content is the same. At most `capacity` bodies are kept; when full, all are
// forgotten (queries are cheap to recompute: a 400-day history is a few ms).
//
// Thread-safety: every method may be called from any number of threads.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "common/status.h"
#include "projections/kv.h"
#include "readmodels/history.h"
#include "readmodels/status_board.h"
#include "readmodels/texts.h"

namespace followup {

class ServedStore;

class HistoryBoard {
 public:
  using ReaderFactory = std::function<std::unique_ptr<KvReader>()>;
  using VersionFn = std::function<uint64_t()>;
  HistoryBoard(const ServedStore* store, const StatusBoard* status);
  // Any source of consistent readers and of a store version (tests use a MemKv).
  HistoryBoard(ReaderFactory readers, VersionFn version, const StatusBoard* status,
               std::function<TimeMs()> clock = {}, size_t capacity = 512);

  // Each gives OK and *out, or: Invalid (bad arguments; the message is fit
  // for the client), NotFound (not a catalogued, non-retired service),
  // Unavailable (the live status is not computed yet), another code for a
  // store error (never shown to clients).
  Status HistoryJson(const std::string& service_id, int days, std::shared_ptr<const RenderedBody>* out);
  Status ResponseTimesJson(const std::string& service_id, std::shared_ptr<const RenderedBody>* out);
  Status AnnouncementsJson(std::optional<TimeMs> before, size_t limit,
                           std::shared_ptr<const RenderedBody>* out);
  // The list with filters (q.before, q.limit, q.service_id, q.kind, q.state,
  // q.open); `filters` is their query string for next_url (e.g.
  // "&kind=incident"), and the cache key. NotFound: q.service_id unknown.
  Status AnnouncementsJson(const ArchiveQuery& q, const std::string& filters,
                           std::shared_ptr<const RenderedBody>* out);
  // One announcement (RenderAnnouncementJson) through a fresh snapshot, not
  // cached, and its winning revision. NotFound: unknown or shown nowhere.
  Status AnnouncementJson(const std::string& announcement_id, std::string* body, int64_t* revision);
  // The HTML pages in Swedish or English (lang; cached apart).
  Status ServicePageHtml(const std::string& service_id, std::shared_ptr<const RenderedBody>* out,
                         Lang lang = Lang::kSv);
  Status ArchivePageHtml(std::optional<TimeMs> before, std::shared_ptr<const RenderedBody>* out,
                         Lang lang = Lang::kSv);

  TimeMs Now() const;

 private:
  struct Entry {
    uint64_t version = 0;
    int64_t minute = 0;
    const StatusBundle* bundle = nullptr;  // compared only, kept alive by `hold`
    std::shared_ptr<const StatusBundle> hold;
    std::shared_ptr<const RenderedBody> body;
  };
  using Compute = std::function<Status(const KvReader&, TimeMs, const StatusBundle*, std::string*)>;
  Status Get(const std::string& key, bool needs_status, const char* content_type, const Compute& compute,
             std::shared_ptr<const RenderedBody>* out);

  ReaderFactory readers_;
  VersionFn version_;
  const StatusBoard* status_;
  std::function<TimeMs()> clock_;
  size_t capacity_;
  std::mutex mu_;  // guards cache_ only; never held while computing
  std::map<std::string, Entry> cache_;
};

}  // namespace followup
