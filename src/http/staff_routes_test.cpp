// The staff page's routes: the page and its script with their headers; the
// page needs no token, is never framed and names its script, which keeps the
// token in sessionStorage only.
#include "http/staff_routes.h"

#include <gtest/gtest.h>

namespace followup::http {
namespace {

Response Get(const Router& router, const std::string& path, const std::string& if_none_match = "") {
  Request req;
  req.method = "GET";
  req.path = path;
  if (!if_none_match.empty()) req.headers["if-none-match"] = if_none_match;
  std::string route;
  return router.Dispatch(req, &route);
}

std::string Header(const Response& r, const std::string& name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return v;
  return "";
}

TEST(StaffRoutes, PageLoadsWithoutATokenAndIsNeverFramed) {
  Router router;
  AddStaffRoutes(&router);
  Response r = Get(router, "/admin/driftinformation");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(Header(r, "X-Frame-Options"), "DENY");
  EXPECT_NE(Header(r, "Content-Security-Policy").find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_NE(Header(r, "Content-Security-Policy").find("script-src 'self'"), std::string::npos);
  EXPECT_NE(r.body.find("<html lang=\"sv\">"), std::string::npos);
  EXPECT_NE(r.body.find("<script src=\"/admin/driftinformation/app.js\" defer></script>"), std::string::npos);
  EXPECT_EQ(r.body.find("<script>"), std::string::npos);  // no inline script: the CSP forbids it
}

TEST(StaffRoutes, ScriptKeepsTheTokenInSessionStorageOnly) {
  Router router;
  AddStaffRoutes(&router);
  Response r = Get(router, "/admin/driftinformation/app.js");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/javascript; charset=utf-8");
  EXPECT_NE(r.body.find("sessionStorage"), std::string::npos);
  EXPECT_EQ(r.body.find("localStorage"), std::string::npos);
  EXPECT_EQ(r.body.find("document.cookie"), std::string::npos);
}

TEST(StaffRoutes, StrongETagAnd304) {
  Router router;
  AddStaffRoutes(&router);
  Response r = Get(router, "/admin/driftinformation");
  std::string etag = Header(r, "ETag");
  EXPECT_EQ(etag.size(), 34u);
  EXPECT_EQ(Get(router, "/admin/driftinformation", etag).status, 304);
  EXPECT_EQ(Header(r, "Cache-Control"), "no-cache");
}

}  // namespace
}  // namespace followup::http
