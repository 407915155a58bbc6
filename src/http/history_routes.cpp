#include "http/history_routes.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <optional>
#include <string>

#include "events/names.h"
#include "events/slug.h"
#include "http/admin_common.h"
#include "http/rendered.h"
#include "http/server.h"
#include "http/status_routes.h"
#include "readmodels/history.h"
#include "readmodels/history_render.h"
#include "readmodels/status_render.h"

namespace followup::http {
namespace {

// A whole number without sign, spaces or leading '+', at most 9 digits.
bool ParseCount(const std::string& text, int64_t* out) {
  if (text.empty() || text.size() > 9) return false;
  int64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}

bool ParseBefore(const std::string& text, std::optional<TimeMs>* out) {
  auto t = ParseRfc3339(text);
  if (!t) {
    std::string plus = text;
    std::replace(plus.begin(), plus.end(), ' ', '+');
    t = ParseRfc3339(plus);
  }
  if (!t) return false;
  *out = *t;
  return true;
}

Response BadRequestJson(const std::string& message) {
  Response r = JsonError(400, message);
  AddSecurityHeaders(&r, false);
  r.set("Cache-Control", "no-store");
  return r;
}

Response BadRequestPage(Lang lang) {
  Response r;
  r.status = 400;
  r.content_type = "text/html; charset=utf-8";
  r.body = RenderBadAddressHtml(lang);
  AddSecurityHeaders(&r, true);
  r.set("Cache-Control", "no-store");
  return r;
}

// The list's filters (service, kind, state, open) into q, and their query
// string for next_url into *filters; a message for the client when one is bad.
std::optional<std::string> ParseFilters(const Request& req, ArchiveQuery* q, std::string* filters) {
  if (auto it = req.query.find("service"); it != req.query.end()) {
    if (!IsSlug(it->second, kServiceIdMax)) return "service must be a service id (^[a-z0-9][a-z0-9-]{0,63}$)";
    q->service_id = it->second;
    *filters += "&service=" + it->second;
  }
  if (auto it = req.query.find("kind"); it != req.query.end()) {
    q->kind = ParseName<AnnouncementKind>(it->second);
    if (!q->kind) return "kind must be incident or planned_maintenance";
    *filters += "&kind=" + it->second;
  }
  if (auto it = req.query.find("state"); it != req.query.end()) {
    q->state = ParseName<AnnouncementState>(it->second);
    if (!q->state)
      return "state must be one of scheduled, investigating, identified, monitoring, resolved, cancelled";
    *filters += "&state=" + it->second;
  }
  if (auto it = req.query.find("open"); it != req.query.end()) {
    if (it->second != "true" && it->second != "false") return "open must be true or false";
    q->open = it->second == "true";
    *filters += "&open=" + it->second;
  }
  return std::nullopt;
}

Response Failure(const Status& s, bool html, Lang lang = Lang::kSv) {
  switch (s.code()) {
    case Status::Code::kInvalid:
      return html ? BadRequestPage(lang) : BadRequestJson(s.message());
    case Status::Code::kNotFound:
      return html ? UnknownServicePage(lang) : UnknownServiceJson();
    case Status::Code::kUnavailable:
      return StatusNotYetAvailable();
    default: {
      spdlog::warn("history: cannot answer a request: {}", s.ToString());
      Response r = JsonError(500, "internal error");
      AddSecurityHeaders(&r, false);
      r.set("Cache-Control", "no-store");
      return r;
    }
  }
}

Response Answer(const Request& req, const Status& s, const std::shared_ptr<const RenderedBody>& body,
                bool html, Lang lang = Lang::kSv) {
  if (!s.ok()) return Failure(s, html, lang);
  return ServeCitizenBody(req, *body, html);
}

}  // namespace

void AddHistoryRoutes(Router* router, HistoryBoard* board, const std::function<bool()>& revisions_missing) {
  router->Add(
      {"GET"}, "/api/v1/status/{service_id}/history", "status_history",
      [board](const Request& req, const Params& p) {
        int64_t days = kHistoryDefaultDays;
        if (auto it = req.query.find("days"); it != req.query.end()) {
          if (!ParseCount(it->second, &days) || days < 1 || days > kHistoryMaxDays)
            return BadRequestJson("days must be a whole number from 1 to 400");
        }
        std::shared_ptr<const RenderedBody> body;
        Status s = board->HistoryJson(p.at("service_id"), int(days), &body);
        return Answer(req, s, body, false);
      },
      Cors::kPublic);
  router->Add(
      {"GET"}, "/api/v1/status/{service_id}/response-times", "status_response_times",
      [board](const Request& req, const Params& p) {
        std::shared_ptr<const RenderedBody> body;
        Status s = board->ResponseTimesJson(p.at("service_id"), &body);
        return Answer(req, s, body, false);
      },
      Cors::kPublic);
  router->Add({"GET"}, "/api/v1/announcements", "announcements", [board](const Request& req, const Params&) {
    int64_t limit = kArchiveDefaultLimit;
    if (auto it = req.query.find("limit"); it != req.query.end()) {
      if (!ParseCount(it->second, &limit) || limit < 1 || limit > int64_t(kArchiveMaxLimit))
        return BadRequestJson("limit must be a whole number from 1 to 100");
    }
    ArchiveQuery q;
    q.limit = size_t(limit);
    if (auto it = req.query.find("before"); it != req.query.end() && !ParseBefore(it->second, &q.before))
      return BadRequestJson("before must be an RFC 3339 time with an offset");
    std::string filters;
    if (auto bad = ParseFilters(req, &q, &filters)) return BadRequestJson(*bad);
    std::shared_ptr<const RenderedBody> body;
    Status s = board->AnnouncementsJson(q, filters, &body);
    if (s.code() == Status::Code::kNotFound) return BadRequestJson("service names no catalogued e-service");
    Response r = Answer(req, s, body, false);
    // Readable from any origin, but without a CORS preflight: the path
    // is shared with the admin API's POST, which must get none.
    r.set("Access-Control-Allow-Origin", "*");
    r.set("Access-Control-Expose-Headers", "ETag");
    return r;
  });
  // One announcement with every revision. ETag "rev-N" names its winning
  // revision (what a PATCH names in If-Match); the body also carries what
  // moves with the clock (phase), so it is never answered 304.
  router->Add({"GET"}, "/api/v1/announcements/{announcement_id}", "announcement",
              [board, revisions_missing](const Request& req, const Params& p) {
                if (revisions_missing && revisions_missing()) {
                  Response r = JsonError(
                      503,
                      "rebuilding: the projections that hold every revision of an announcement are being "
                      "rebuilt; try again in a few minutes");
                  AddSecurityHeaders(&r, false);
                  r.set("Cache-Control", "no-store");
                  r.set("Retry-After", "60");
                  r.set("Access-Control-Allow-Origin", "*");
                  return r;
                }
                std::string body;
                int64_t revision = 0;
                Status s = board->AnnouncementJson(p.at("announcement_id"), &body, &revision);
                Response r;
                if (s.code() == Status::Code::kNotFound) {
                  r = JsonError(404, "unknown announcement");
                  AddSecurityHeaders(&r, false);
                  r.set("Cache-Control", "no-store");
                } else if (!s.ok()) {
                  r = Failure(s, false);
                } else {
                  r.status = 200;
                  r.content_type = "application/json";
                  r.body = std::move(body);
                  AddSecurityHeaders(&r, false);
                  r.set("Cache-Control", "no-cache");
                  r.set("ETag", RevisionETag(revision));
                }
                r.set("Access-Control-Allow-Origin", "*");
                r.set("Access-Control-Expose-Headers", "ETag");
                return r;
              });
  auto archive = [board](Lang lang) {
    return [board, lang](const Request& req, const Params&) {
      std::optional<TimeMs> before;
      if (auto it = req.query.find("before"); it != req.query.end() && !ParseBefore(it->second, &before))
        return BadRequestPage(lang);
      std::shared_ptr<const RenderedBody> body;
      Status s = board->ArchivePageHtml(before, &body, lang);
      return Answer(req, s, body, true, lang);
    };
  };
  auto service_page = [board](Lang lang) {
    return [board, lang](const Request& req, const Params& p) {
      std::shared_ptr<const RenderedBody> body;
      Status s = board->ServicePageHtml(p.at("service_id"), &body, lang);
      return Answer(req, s, body, true, lang);
    };
  };
  router->Add({"GET"}, "/driftinformation/historik", "status_archive_page", archive(Lang::kSv));
  router->Add({"GET"}, "/driftinformation/{service_id}/historik", "status_history_page",
              service_page(Lang::kSv));
  // English: the fixed /en/status/history before /en/status/{service_id}
  // ("history" is a reserved service id, events.md; the router takes the
  // first match).
  router->Add({"GET"}, "/en/status/history", "status_archive_page_en", archive(Lang::kEn));
  router->Add({"GET"}, "/en/status/{service_id}", "status_history_page_en", service_page(Lang::kEn));
}

}  // namespace followup::http
