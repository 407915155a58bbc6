// The public status surfaces: rendering (escaping), caching (ETag / 304),
// unknown ids, path tricks, methods, frame and CORS headers.
#include "http/status_routes.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include "projections/fold_testing.h"
#include "readmodels/status_render.h"

namespace followup::http {
namespace {

const std::string kXss = R"(<script>alert(\"x\")</script>)";

std::string Service(const std::string& svc, const std::string& name) {
  return R"({"type":"service.v1","event_id":"s-)" + svc +
         R"(","occurred_at":"2026-11-01T00:00:00Z","service_id":")" + svc + R"(","name":")" + name +
         R"(","owner":"N","category":"grundlaggande","focus_area":1,"url":"https://start.stockholm/x",)" +
         R"("alternatives":[{"channel":"phone","label":"Kontaktcenter","contact":"08-508 00 508"},)" +
         R"J({"channel":"web","label":"Webb","contact":"javascript:alert(1)"}],)J" +
         R"("presents_case_status":true,"wcag_aa":true,"investment_sek":10})";
}

std::string Probe(int n, const std::string& svc, bool ok, const std::string& at) {
  return R"({"type":"probe.v1","event_id":"p)" + std::to_string(n) + R"(","occurred_at":")" + at +
         R"(","service_id":")" + svc + R"(","location":"kista","ok":)" + (ok ? "true" : "false") +
         R"(,"latency_ms":100})";
}

std::string Incident(const std::string& id, const std::string& svc, const std::string& title,
                     const std::string& body, const std::string& updated) {
  return R"({"type":"announcement.v1","event_id":"e-)" + id + R"(","occurred_at":")" + updated +
         R"(","announcement_id":")" + id + R"(","revision":1,"kind":"incident","service_ids":[")" + svc +
         R"("],"state":"investigating","starts_at":"2026-11-26T09:00:00Z","ends_at":null,"title_sv":")" +
         title + R"(","body_sv":")" + body + R"("})";
}

const TimeMs kNow = *ParseRfc3339("2026-11-26T10:05:30Z");

class StatusRoutes : public ::testing::Test {
 protected:
  void SetUp() override {
    FoldTally t =
        FoldLines(&kv_, {Service("alfa", "Alfa"), Service("beta", "Beta"),
                         Probe(1, "alfa", true, "2026-11-26T10:04:10Z"),
                         Probe(2, "beta", false, "2026-11-26T10:04:10Z"),
                         Incident("old", "beta", "Första", "Äldre", "2026-11-26T09:00:00Z"),
                         Incident("xss", "beta", kXss, kXss + "\\nrad två", "2026-11-26T10:00:00Z")});
    ASSERT_EQ(t.rejected, 0) << (t.reasons.empty() ? "" : t.reasons[0]);
    board_ = std::make_unique<StatusBoard>([this] { return std::make_unique<KvReaderRef>(kv_); },
                                           StatusBoardOptions{});
    ASSERT_TRUE(board_->RefreshAt(kNow).ok());
    AddStatusRoutes(&router_, board_.get());
  }
  Response Get(const std::string& path, const std::string& method = "GET",
               std::map<std::string, std::string> headers = {}) {
    Request req;
    req.method = method;
    req.path = path;
    req.headers = std::move(headers);
    std::string route;
    Response r = router_.Dispatch(req, &route);
    if (r.shared_body) r.body = *r.shared_body;  // the bytes the server would write
    return r;
  }
  Response Raw(const std::string& path) {
    Request req;
    req.method = "GET";
    req.path = path;
    std::string route;
    return router_.Dispatch(req, &route);
  }
  static std::string Header(const Response& r, const std::string& name) {
    for (const auto& [k, v] : r.headers)
      if (k == name) return v;
    return "";
  }
  MemKv kv_;
  std::unique_ptr<StatusBoard> board_;
  Router router_;
};

TEST_F(StatusRoutes, AnnouncementTextIsEscapedEverywhere) {
  for (const char* path : {"/driftinformation", "/driftinformation/beta", "/driftinformation/feed.atom",
                           "/api/v1/status", "/api/v1/status/beta", "/api/v2/summary.json"}) {
    Response r = Get(path);
    ASSERT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.body.find("<script>alert"), std::string::npos) << path;
    EXPECT_EQ(r.body.find("javascript:"), r.body.find("javascript:alert(1)")) << path;
  }
  EXPECT_NE(Get("/driftinformation").body.find("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"),
            std::string::npos);
  EXPECT_NE(Get("/driftinformation/beta").body.find("&lt;script&gt;"), std::string::npos);
  EXPECT_NE(Get("/driftinformation/feed.atom").body.find("&lt;script&gt;alert(&quot;x&quot;)"),
            std::string::npos);
  EXPECT_NE(Get("/api/v1/status/beta").body.find("\\u003cscript\\u003e"), std::string::npos);
  // A catalog contact is linked only when its scheme is safe.
  EXPECT_EQ(Get("/driftinformation").body.find("href=\"javascript:"), std::string::npos);
  EXPECT_NE(Get("/driftinformation").body.find("href=\"tel:0850800508\""), std::string::npos);
  // Line breaks survive as <br>, nothing else becomes markup.
  EXPECT_NE(Get("/driftinformation/beta").body.find("&lt;/script&gt;<br>rad två"), std::string::npos);
}

// Finding 5: U+FFFE, U+FFFF, NUL and other controls, bidi controls: written
// to an event as they are (events stay as written), every surface sanitises
// them (common/escape.h) so the feed stays XML and the pages cannot be reordered.
TEST_F(StatusRoutes, HostileCharactersAreSanitisedOnEverySurface) {
  const std::string hostile = R"(A\uffffB\ufffeC\u0000D\u0001E\u202eF\u2066G\u0085H)";
  FoldTally t = FoldLines(
      &kv_, {Service("gamma", "Gam" + hostile + "ma"),
             Incident("fiende", "gamma", "Rubrik " + hostile, "Text " + hostile, "2026-11-26T10:01:00Z")});
  ASSERT_EQ(t.rejected, 0) << (t.reasons.empty() ? "" : t.reasons[0]);
  std::string raw;
  ASSERT_TRUE(kv_.Get("ann/fiende", &raw).ok());
  EXPECT_NE(raw.find("\xEF\xBF\xBF"), std::string::npos);  // the fold keeps the original text
  ASSERT_TRUE(board_->RefreshAt(kNow).ok());
  for (const char* path : {"/driftinformation", "/driftinformation/gamma", "/driftinformation/feed.atom",
                           "/api/v1/status", "/api/v1/status/gamma", "/api/v2/summary.json"}) {
    std::string body = Get(path).body;
    ASSERT_NE(body.find("Rubrik A"), std::string::npos) << path;
    EXPECT_EQ(body.find("\xEF\xBF\xBF"), std::string::npos) << path;  // U+FFFF
    EXPECT_EQ(body.find("\xEF\xBF\xBE"), std::string::npos) << path;  // U+FFFE
    EXPECT_EQ(body.find('\0'), std::string::npos) << path;
    EXPECT_EQ(body.find('\x01'), std::string::npos) << path;
    EXPECT_EQ(body.find("\xC2\x85"), std::string::npos) << path;      // U+0085
    EXPECT_EQ(body.find("\xE2\x80\xAE"), std::string::npos) << path;  // U+202E
    EXPECT_EQ(body.find("\xE2\x81\xA6"), std::string::npos) << path;  // U+2066
    EXPECT_EQ(body.find("\\u0000"), std::string::npos) << path;
    EXPECT_EQ(body.find("\\u0001"), std::string::npos) << path;
  }
  EXPECT_NE(Get("/driftinformation/feed.atom")
                .body.find("Rubrik A\xEF\xBF\xBD"
                           "B\xEF\xBF\xBD"
                           "C\xEF\xBF\xBD"
                           "D"),
            std::string::npos);
  EXPECT_NE(Get("/driftinformation/gamma").body.find("EFG"), std::string::npos);  // bidi controls dropped
  simdjson::dom::parser parser;
  for (const char* path : {"/api/v1/status", "/api/v1/status/gamma", "/api/v2/summary.json"}) {
    simdjson::dom::element doc;
    EXPECT_EQ(parser.parse(Get(path).body).get(doc), simdjson::SUCCESS) << path;
  }
}

TEST_F(StatusRoutes, JsonHasCorsCacheAndStrongEtag) {
  Response r = Get("/api/v1/status");
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_EQ(Header(r, "Access-Control-Allow-Origin"), "*");
  EXPECT_EQ(Header(r, "Cache-Control"), "public, max-age=15");
  std::string etag = Header(r, "ETag");
  ASSERT_GE(etag.size(), 3u);
  EXPECT_EQ(etag.front(), '"');
  EXPECT_NE(etag.substr(0, 2), "W/");
  EXPECT_EQ(Header(r, "X-Content-Type-Options"), "nosniff");
}

TEST_F(StatusRoutes, IfNoneMatchGives304WithEmptyBody) {
  for (const char* path :
       {"/api/v1/status", "/api/v1/status/alfa", "/api/v2/summary.json", "/driftinformation",
        "/driftinformation/alfa", "/driftinformation/feed.atom", "/driftinformation/app.js"}) {
    Response first = Get(path);
    std::string etag = Header(first, "ETag");
    ASSERT_FALSE(etag.empty()) << path;
    Response again = Get(path, "GET", {{"if-none-match", etag}});
    EXPECT_EQ(again.status, 304) << path;
    EXPECT_TRUE(again.body.empty()) << path;
    EXPECT_EQ(Header(again, "ETag"), etag) << path;
    EXPECT_EQ(Get(path, "GET", {{"if-none-match", "\"other\", W/" + etag}}).status, 304) << path;
    EXPECT_EQ(Get(path, "HEAD", {{"if-none-match", etag}}).status, 304) << path;
    EXPECT_EQ(Get(path, "GET", {{"if-none-match", "\"stale\""}}).status, 200) << path;
  }
}

TEST_F(StatusRoutes, EtagStableWhileContentUnchanged) {
  std::string json = Header(Get("/api/v1/status"), "ETag");
  std::string html = Header(Get("/driftinformation"), "ETag");
  ASSERT_TRUE(board_->RefreshAt(kNow + 10'000).ok());  // same minute, same content
  EXPECT_EQ(Header(Get("/api/v1/status"), "ETag"), json);
  EXPECT_EQ(Header(Get("/driftinformation"), "ETag"), html);
  // Next minute, nothing new: the page shows the newest measurement, not the
  // clock, so its bytes stay too.
  ASSERT_TRUE(board_->RefreshAt(kNow + 40'000).ok());
  EXPECT_EQ(Header(Get("/api/v1/status"), "ETag"), json);
  EXPECT_EQ(Header(Get("/driftinformation"), "ETag"), html);
  ASSERT_TRUE(board_->RefreshAt(kNow + 10 * kMsPerMinute).ok());  // probes stale: content changes
  EXPECT_NE(Header(Get("/api/v1/status"), "ETag"), json);
}

TEST_F(StatusRoutes, UnknownServiceIs404) {
  Response r = Get("/api/v1/status/nope");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.content_type, "application/json");
  Response w = Get("/driftinformation/nope");
  EXPECT_EQ(w.status, 404);
  EXPECT_EQ(w.body.find("nope"), std::string::npos);  // the id is not echoed
}

// Each service object names its owner (nämnd or bolag) from the catalog, in
// the list and in the one-service document.
TEST_F(StatusRoutes, ServiceCarriesItsOwner) {
  FoldTally t =
      FoldLines(&kv_, {R"({"type":"service.v1","event_id":"s-delta","occurred_at":"2026-11-01T00:00:00Z",)"
                       R"("service_id":"delta","name":"Delta","owner":"Utbildningsnämnden <b>","category":)"
                       R"("grundlaggande","focus_area":1,"url":"https://x","alternatives":[],)"
                       R"("presents_case_status":true,"wcag_aa":true,"investment_sek":10})"});
  ASSERT_EQ(t.rejected, 0);
  ASSERT_TRUE(board_->RefreshAt(kNow).ok());
  simdjson::dom::parser parser;
  simdjson::dom::element one;
  ASSERT_EQ(parser.parse(Get("/api/v1/status/delta").body).get(one), simdjson::SUCCESS);
  std::string_view owner;
  ASSERT_EQ(one["owner"].get(owner), simdjson::SUCCESS);
  EXPECT_EQ(owner, "Utbildningsnämnden <b>");
  std::string all_body = Get("/api/v1/status").body;
  simdjson::dom::parser all_parser;
  simdjson::dom::element all;
  simdjson::dom::array services;
  ASSERT_EQ(all_parser.parse(all_body).get(all), simdjson::SUCCESS);
  ASSERT_EQ(all["services"].get(services), simdjson::SUCCESS);
  EXPECT_EQ(services.size(), 3u);
  for (simdjson::dom::element s : services) {
    std::string_view id, o;
    ASSERT_EQ(s["service_id"].get(id), simdjson::SUCCESS);
    ASSERT_EQ(s["owner"].get(o), simdjson::SUCCESS);
    EXPECT_EQ(o, id == "delta" ? "Utbildningsnämnden <b>" : "N") << id;
  }
}

TEST_F(StatusRoutes, PathTricksNeverReachAnotherService) {
  for (const char* path : {"/driftinformation/..%2Fapi", "/driftinformation/%2F", "/driftinformation/..",
                           "/driftinformation/alfa%2F..%2Fbeta", "/api/v1/status/..%2Fstatus%2Fbeta",
                           "/api/v1/status/beta%2F", "/driftinformation//beta", "/driftinformation/%2e%2e",
                           "/api/v1/status/%00beta", "/driftinformation/beta%zz"}) {
    Response r = Get(path);
    EXPECT_GE(r.status, 400) << path;
    EXPECT_LT(r.status, 500) << path;
    EXPECT_EQ(r.body.find("Beta"), std::string::npos) << path;
  }
}

TEST_F(StatusRoutes, OnlyGetAndHead) {
  for (const char* path :
       {"/api/v1/status", "/api/v1/status/alfa", "/api/v2/summary.json", "/driftinformation",
        "/driftinformation/alfa", "/driftinformation/feed.atom", "/driftinformation/app.js"}) {
    for (const char* method : {"POST", "PUT", "DELETE", "PATCH"})
      EXPECT_EQ(Get(path, method).status, 405) << path;
    Response head = Get(path, "HEAD");
    EXPECT_EQ(head.status, 200) << path;
  }
}

TEST_F(StatusRoutes, OnlyTheWidgetMayBeFramed) {
  Response page = Get("/driftinformation");
  EXPECT_EQ(Header(page, "X-Frame-Options"), "DENY");
  EXPECT_NE(Header(page, "Content-Security-Policy").find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_NE(Header(page, "Content-Security-Policy").find("script-src 'self'"), std::string::npos);
  Response widget = Get("/driftinformation/alfa");
  EXPECT_EQ(Header(widget, "X-Frame-Options"), "");
  EXPECT_EQ(Header(widget, "Content-Security-Policy").find("frame-ancestors"), std::string::npos);
  EXPECT_NE(Header(widget, "Content-Security-Policy").find("script-src 'self'"), std::string::npos);
}

TEST_F(StatusRoutes, PageIsSwedishAndNeedsNoInlineScript) {
  std::string html = Get("/driftinformation").body;
  EXPECT_NE(html.find("<html lang=\"sv\">"), std::string::npos);
  EXPECT_NE(html.find("<script src=\"/driftinformation/app.js\" defer></script>"), std::string::npos);
  // Exactly one script element, and it is external.
  EXPECT_EQ(html.find("<script", html.find("<script") + 1), std::string::npos);
  // Status in words, not only colour.
  EXPECT_NE(html.find("Fungerar normalt"), std::string::npos);
  EXPECT_NE(html.find("Begränsad funktion"), std::string::npos);
  EXPECT_NE(html.find("Gör ditt ärende på annat sätt"), std::string::npos);
  Response js = Get("/driftinformation/app.js");
  EXPECT_EQ(js.content_type, "text/javascript; charset=utf-8");
}

TEST_F(StatusRoutes, FeedNewestFirst) {
  std::string feed = Get("/driftinformation/feed.atom").body;
  size_t xss = feed.find("2026-11-26T10:00:00Z</updated>");
  size_t old = feed.find("2026-11-26T09:00:00Z</updated>");
  ASSERT_NE(xss, std::string::npos);
  ASSERT_NE(old, std::string::npos);
  EXPECT_LT(xss, old);
}

TEST_F(StatusRoutes, SummaryHasStatuspageShape) {
  std::string s = Get("/api/v2/summary.json").body;
  for (const char* key :
       {"\"page\":{\"id\":", "\"time_zone\":\"Europe/Stockholm\"",
        "\"updated_at\":", "\"status\":{\"indicator\":\"minor\"", "\"components\":[", "\"incidents\":[",
        "\"scheduled_maintenances\":[", "\"status\":\"operational\"", "\"status\":\"partial_outage\""})
    EXPECT_NE(s.find(key), std::string::npos) << key;
}

TEST_F(StatusRoutes, NoBundleYetIs503WithoutDetails) {
  StatusBoard empty([this] { return std::make_unique<KvReaderRef>(kv_); }, StatusBoardOptions{});
  Router r;
  AddStatusRoutes(&r, &empty);
  Request req;
  req.method = "GET";
  req.path = "/api/v1/status";
  std::string route;
  Response resp = r.Dispatch(req, &route);
  EXPECT_EQ(resp.status, 503);
}

TEST(StatusRender, IfNoneMatchParsing) {
  EXPECT_TRUE(IfNoneMatchMatches("\"a\"", "\"a\""));
  EXPECT_TRUE(IfNoneMatchMatches("W/\"a\"", "\"a\""));
  EXPECT_TRUE(IfNoneMatchMatches(" \"b\" , \"a\"", "\"a\""));
  EXPECT_TRUE(IfNoneMatchMatches("*", "\"a\""));
  EXPECT_FALSE(IfNoneMatchMatches("\"ab\"", "\"a\""));
  EXPECT_FALSE(IfNoneMatchMatches("", "\"a\""));
}

TEST(StatusRender, XmlEscapeReplacesControlCharacters) {
  EXPECT_EQ(XmlEscape(std::string("a\x01<b>&\"'\tc\n", 11)), "a\xEF\xBF\xBD&lt;b&gt;&amp;&quot;&apos;\tc\n");
}

TEST_F(StatusRoutes, PublicDocumentsAnswerTheCorsPreflight) {
  for (const char* path :
       {"/api/v1/status", "/api/v1/status/alfa", "/api/v2/summary.json", "/driftinformation/feed.atom"}) {
    Response r = Get(path, "OPTIONS",
                     {{"origin", "https://example.org"},
                      {"access-control-request-method", "GET"},
                      {"access-control-request-headers", "if-none-match"}});
    EXPECT_EQ(r.status, 204) << path;
    EXPECT_TRUE(r.body.empty()) << path;
    EXPECT_EQ(Header(r, "Access-Control-Allow-Origin"), "*") << path;
    EXPECT_EQ(Header(r, "Access-Control-Allow-Methods"), "GET, HEAD, OPTIONS") << path;
    EXPECT_NE(Header(r, "Access-Control-Allow-Headers").find("If-None-Match"), std::string::npos) << path;
    EXPECT_FALSE(Header(r, "Access-Control-Max-Age").empty()) << path;
    // Every answer of those routes is readable cross-origin, errors included.
    EXPECT_EQ(Header(Get(path), "Access-Control-Allow-Origin"), "*") << path;
    Response bad = Get(path, "DELETE");
    EXPECT_EQ(bad.status, 405) << path;
    EXPECT_EQ(Header(bad, "Allow"), "GET, HEAD, OPTIONS") << path;
  }
  EXPECT_EQ(Header(Get("/api/v1/status/nope"), "Access-Control-Allow-Origin"), "*");
  // The HTML pages are not for other origins.
  for (const char* path : {"/driftinformation", "/driftinformation/alfa", "/driftinformation/app.js"}) {
    Response r = Get(path, "OPTIONS");
    EXPECT_EQ(r.status, 405) << path;
    EXPECT_EQ(Header(r, "Access-Control-Allow-Origin"), "") << path;
    EXPECT_EQ(Header(Get(path), "Access-Control-Allow-Origin"), "") << path;
  }
}

TEST_F(StatusRoutes, PublishedBodiesAreServedWithoutACopy) {
  auto bundle = board_->Current();
  Response all = Raw("/api/v1/status");
  EXPECT_EQ(all.shared_body.get(), &bundle->all_json.body);
  EXPECT_TRUE(all.body.empty());
  EXPECT_EQ(Raw("/driftinformation").shared_body.get(), &bundle->html.body);
  EXPECT_EQ(Raw("/api/v1/status/beta").shared_body.get(), &bundle->service_json.at("beta").body);
}

TEST_F(StatusRoutes, ASharedBodyKeepsItsBundleAlive) {
  Response all = Raw("/api/v1/status");
  std::string expected = board_->Current()->all_json.body;
  board_.reset();  // the board and its reference to the bundle are gone
  EXPECT_EQ(all.Body(), expected);
}

}  // namespace
}  // namespace followup::http
