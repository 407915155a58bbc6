// The embedded OpenAPI document: valid JSON of version 3.1 that describes the
// public routes, served with a stable strong ETag and 304.
#include "http/openapi_routes.h"

#include <gtest/gtest.h>
#include <simdjson.h>

namespace followup::http {
namespace {

Response Get(const Router& router, std::map<std::string, std::string> headers = {}) {
  Request req;
  req.method = "GET";
  req.path = kOpenApiPath;
  req.headers = std::move(headers);
  std::string route;
  return router.Dispatch(req, &route);
}

std::string Header(const Response& r, const std::string& name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return v;
  return "";
}

TEST(OpenApi, EmbeddedDocumentIsOpenApi31) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  std::string text(OpenApiDocument());
  ASSERT_EQ(parser.parse(text).get(doc), simdjson::SUCCESS);
  std::string_view version;
  ASSERT_EQ(doc["openapi"].get(version), simdjson::SUCCESS);
  EXPECT_EQ(version, "3.1.0");
  simdjson::dom::object paths;
  ASSERT_EQ(doc["paths"].get(paths), simdjson::SUCCESS);
  for (const char* p : {"/api/v1/status", "/api/v1/status/{service_id}", "/api/v1/targets",
                        "/api/openapi.json", "/driftinformation/underhall.ics"}) {
    simdjson::dom::element item;
    EXPECT_EQ(paths.at_key(p).get(item), simdjson::SUCCESS) << p;
  }
}

TEST(OpenApi, ServedWithAStableEtagAnd304) {
  Router router;
  AddOpenApiRoutes(&router);
  Response r = Get(router);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_EQ(r.body, std::string(OpenApiDocument()));
  EXPECT_EQ(Header(r, "Access-Control-Allow-Origin"), "*");
  std::string etag = Header(r, "ETag");
  ASSERT_FALSE(etag.empty());
  EXPECT_EQ(Header(Get(router), "ETag"), etag);
  Response again = Get(router, {{"if-none-match", etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
}

}  // namespace
}  // namespace followup::http
