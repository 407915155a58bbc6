#include "http/staff_routes.h"

#include <string>

#include "common/sha256.h"
#include "http/server.h"
#include "http/status_routes.h"

namespace followup::http {
namespace {

struct Asset {
  std::string_view body;
  std::string etag;
  const char* content_type;
};

Asset Make(std::string_view body, const char* content_type) {
  return Asset{body, "\"" + Sha256Hex(body).substr(0, 32) + "\"", content_type};
}

Response Serve(const Request& req, const Asset& a, bool html) {
  Response r;
  AddSecurityHeaders(&r, html);
  if (html) {
    for (auto& [name, value] : r.headers)
      if (name == "Content-Security-Policy") value += "; frame-ancestors 'none'";
    r.set("X-Frame-Options", "DENY");
  }
  r.set("Cache-Control", "no-cache");
  r.set("ETag", a.etag);
  r.content_type = a.content_type;
  if (IfNoneMatchMatches(req.header("if-none-match"), a.etag)) {
    r.status = 304;
    return r;
  }
  r.body = std::string(a.body);
  return r;
}

}  // namespace

void AddStaffRoutes(Router* router) {
  static const Asset page = Make(StaffPageHtml(), "text/html; charset=utf-8");
  static const Asset script = Make(StaffPageScript(), "text/javascript; charset=utf-8");
  router->Add({"GET"}, "/admin/driftinformation", "staff_page",
              [](const Request& req, const Params&) { return Serve(req, page, true); });
  router->Add({"GET"}, "/admin/driftinformation/app.js", "staff_script",
              [](const Request& req, const Params&) { return Serve(req, script, false); });
}

}  // namespace followup::http
