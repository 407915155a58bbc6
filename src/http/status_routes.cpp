#include "http/status_routes.h"

#include "http/rendered.h"
#include "http/server.h"
#include "readmodels/status_render.h"

namespace followup::http {
namespace {

enum class Kind { kJson, kHtml, kWidget, kFeed, kScript };

// Cache lifetimes: JSON 15 s (the brief); HTML 15 s too (the page is
// re-rendered once a minute and on every change); the feed 60 s; the script
// 5 min (it rarely changes; revalidated by ETag).
const char* CacheControl(Kind k) {
  switch (k) {
    case Kind::kFeed:
      return "public, max-age=60";
    case Kind::kScript:
      return "public, max-age=300";
    default:
      return "public, max-age=15";
  }
}

void Headers(Response* r, Kind k, const std::string& etag) {
  bool html = k == Kind::kHtml || k == Kind::kWidget;
  AddSecurityHeaders(r, html);
  if (html && k != Kind::kWidget) {
    // Every page but the widget refuses to be framed.
    for (auto& [name, value] : r->headers)
      if (name == "Content-Security-Policy") value += "; frame-ancestors 'none'";
    r->set("X-Frame-Options", "DENY");
  }
  r->set("Cache-Control", CacheControl(k));
  if (!etag.empty()) r->set("ETag", etag);
}

// owner: what holds b (the published bundle); given, the response refers to
// b's bytes instead of copying them, and keeps the bundle alive until they
// are written.
Response Serve(const Request& req, const RenderedBody& b, Kind k,
               std::shared_ptr<const void> owner = nullptr) {
  Response r;
  Headers(&r, k, b.etag);
  if (IfNoneMatchMatches(req.header("if-none-match"), b.etag)) {
    r.status = 304;
    r.content_type = b.content_type;
    return r;
  }
  r.content_type = b.content_type;
  if (owner)
    r.shared_body = std::shared_ptr<const std::string>(std::move(owner), &b.body);
  else
    r.body = b.body;
  return r;
}

// 404 for an unknown service on an HTML route: the page or the widget (which may be framed).
Response UnknownServiceHtml(Kind k, Lang lang) {
  Response r;
  r.status = 404;
  r.content_type = "text/html; charset=utf-8";
  r.body = RenderUnknownServiceHtml(lang);
  Headers(&r, k, "");
  return r;
}

}  // namespace

Response ServeCitizenBody(const Request& req, const RenderedBody& b, bool html) {
  return Serve(req, b, html ? Kind::kHtml : Kind::kJson);
}

Response UnknownServicePage(Lang lang) { return UnknownServiceHtml(Kind::kHtml, lang); }

bool IfNoneMatchMatches(std::string_view header, std::string_view etag) {
  if (header.empty() || etag.empty()) return false;
  auto strip = [](std::string_view t) {
    while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
    while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.remove_suffix(1);
    if (t.size() >= 2 && (t[0] == 'W' || t[0] == 'w') && t[1] == '/') t.remove_prefix(2);
    return t;
  };
  std::string_view want = strip(etag);
  size_t i = 0;
  while (i <= header.size()) {
    size_t j = header.find(',', i);
    if (j == std::string_view::npos) j = header.size();
    std::string_view tag = strip(header.substr(i, j - i));
    if (tag == "*" || tag == want) return true;
    i = j + 1;
  }
  return false;
}

void AddStatusRoutes(Router* router, const StatusBoard* board) {
  auto whole = [board](Kind k, RenderedBody StatusBundle::*field) {
    return [board, k, field](const Request& req, const Params&) {
      auto b = board->Current();
      if (!b) return StatusNotYetAvailable();
      return Serve(req, (*b).*field, k, b);
    };
  };
  // The JSON documents and the feed are open to other origins (the router
  // adds Access-Control-Allow-Origin and answers their preflight).
  router->Add({"GET"}, "/api/v1/status", "status", whole(Kind::kJson, &StatusBundle::all_json),
              Cors::kPublic);
  router->Add(
      {"GET"}, "/api/v1/status/{service_id}", "status_service",
      [board](const Request& req, const Params& p) {
        auto b = board->Current();
        if (!b) return StatusNotYetAvailable();
        auto it = b->service_json.find(p.at("service_id"));
        if (it == b->service_json.end()) return UnknownServiceJson();
        return Serve(req, it->second, Kind::kJson, b);
      },
      Cors::kPublic);
  router->Add({"GET"}, "/api/v2/summary.json", "status_summary",
              whole(Kind::kJson, &StatusBundle::summary_json), Cors::kPublic);
  router->Add({"GET"}, "/driftinformation", "status_page", whole(Kind::kHtml, &StatusBundle::html));
  router->Add({"GET"}, "/en/status", "status_page_en", whole(Kind::kHtml, &StatusBundle::html_en));
  // Literal routes before {service_id}: the router takes the first match.
  static const RenderedBody script = [] {
    RenderedBody r;
    r.body = StatusAppJs();
    r.etag = "\"" + Sha256Hex(r.body).substr(0, 32) + "\"";
    r.content_type = "text/javascript; charset=utf-8";
    return r;
  }();
  router->Add({"GET"}, "/driftinformation/app.js", "status_script",
              [](const Request& req, const Params&) { return Serve(req, script, Kind::kScript); });
  router->Add({"GET"}, "/driftinformation/feed.atom", "status_feed", whole(Kind::kFeed, &StatusBundle::feed),
              Cors::kPublic);
  auto widget = [board](std::map<std::string, RenderedBody, std::less<>> StatusBundle::*widgets, Lang lang) {
    return [board, widgets, lang](const Request& req, const Params& p) {
      auto b = board->Current();
      if (!b) return StatusNotYetAvailable();
      const auto& map = (*b).*widgets;
      auto it = map.find(p.at("service_id"));
      if (it == map.end()) return UnknownServiceHtml(Kind::kWidget, lang);
      return Serve(req, it->second, Kind::kWidget, b);
    };
  };
  router->Add({"GET"}, "/driftinformation/{service_id}", "status_widget",
              widget(&StatusBundle::widget, Lang::kSv));
  router->Add({"GET"}, "/en/status/{service_id}/widget", "status_widget_en",
              widget(&StatusBundle::widget_en, Lang::kEn));
}

}  // namespace followup::http
