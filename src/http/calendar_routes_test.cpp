// The subscription surfaces over the router: the maintenance calendar (all
// services and ?service=) and the badges, with content types, ETag / 304,
// unknown ids, hostile text and their order before the widget route.
#include "http/calendar_routes.h"

#include <gtest/gtest.h>

#include "http/badge_routes.h"
#include "http/status_routes.h"
#include "projections/fold_testing.h"
#include "readmodels/maintenance_calendar.h"

namespace followup::http {
namespace {

std::string Service(const std::string& svc, const std::string& name) {
  return R"({"type":"service.v1","event_id":"s-)" + svc +
         R"(","occurred_at":"2026-11-01T00:00:00Z","service_id":")" + svc + R"(","name":")" + name +
         R"(","owner":"N","category":"grundlaggande","focus_area":1,"url":"https://start.stockholm/x",)" +
         R"("alternatives":[],"presents_case_status":true,"wcag_aa":true,"investment_sek":10})";
}

std::string Maintenance(const std::string& id, int revision, const std::string& services,
                        const std::string& state, const std::string& title, const std::string& body) {
  return R"({"type":"announcement.v1","event_id":"e-)" + id + "-" + std::to_string(revision) +
         R"(","occurred_at":"2026-11-20T08:00:00Z","announcement_id":")" + id + R"(","revision":)" +
         std::to_string(revision) + R"(,"kind":"planned_maintenance","service_ids":[)" + services +
         R"(],"state":")" + state +
         R"(","starts_at":"2026-11-27T21:00:00Z","ends_at":"2026-11-27T23:00:00Z",)" + R"("title_sv":")" +
         title + R"(","body_sv":")" + body + R"("})";
}

const TimeMs kNow = *ParseRfc3339("2026-11-26T10:05:30Z");

class CalendarRoutes : public ::testing::Test {
 protected:
  void SetUp() override {
    FoldTally t = FoldLines(
        &kv_,
        {Service("alfa", "Alfa"), Service("beta", R"(Beta <script>alert(\"x\")</script>)"),
         Maintenance("u1", 1, R"("alfa","beta")", "scheduled", "Uppgradering; del 1, steg 2 <script>",
                     R"(Rad ett\r\nRad två, tre; fyra\\fem)"),
         Maintenance("u2", 1, R"("beta")", "scheduled", "Nytt lagringssystem", "Kort."),
         Maintenance("u2", 2, R"("beta")", "cancelled", "Nytt lagringssystem", "Inställt tills vidare.")});
    ASSERT_EQ(t.rejected, 0) << (t.reasons.empty() ? "" : t.reasons[0]);
    board_ = std::make_unique<StatusBoard>([this] { return std::make_unique<KvReaderRef>(kv_); },
                                           StatusBoardOptions{});
    ASSERT_TRUE(board_->RefreshAt(kNow).ok());
    // As serve.cpp registers them: before the status routes.
    AddCalendarRoutes(&router_, board_.get());
    AddBadgeRoutes(&router_, board_.get());
    AddStatusRoutes(&router_, board_.get());
  }
  Response Get(const std::string& path, std::map<std::string, std::string> query = {},
               std::map<std::string, std::string> headers = {}) {
    Request req;
    req.method = "GET";
    req.path = path;
    req.query = std::move(query);
    req.headers = std::move(headers);
    std::string route;
    Response r = router_.Dispatch(req, &route);
    if (r.shared_body) r.body = *r.shared_body;  // the bytes the server would write
    return r;
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

TEST_F(CalendarRoutes, CalendarOfAllServices) {
  Response r = Get("/driftinformation/underhall.ics");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.content_type, "text/calendar; charset=utf-8");
  EXPECT_EQ(Header(r, "Cache-Control"), "public, max-age=300");
  EXPECT_EQ(Header(r, "Access-Control-Allow-Origin"), "*");
  EXPECT_EQ(Header(r, "X-Content-Type-Options"), "nosniff");
  EXPECT_NE(r.body.find("UID:u1@driftinformation.stockholm.se\r\n"), std::string::npos);
  EXPECT_NE(r.body.find("UID:u2@driftinformation.stockholm.se\r\nSEQUENCE:2\r\n"), std::string::npos);
  EXPECT_NE(r.body.find("STATUS:CANCELLED\r\n"), std::string::npos);
  EXPECT_NE(r.body.find("SUMMARY;LANGUAGE=sv:Uppgradering\\; del 1\\, steg 2 <script>\r\n"),
            std::string::npos);
  EXPECT_NE(r.body.find("Rad ett\\nRad två\\, tre\\; fyra\\\\fem"), std::string::npos);
  EXPECT_EQ(r.body.find("\nRad två"), std::string::npos);  // the line break is escaped, not written
  EXPECT_EQ(Header(r, "ETag"), board_->Current()->calendar.etag);
}

TEST_F(CalendarRoutes, CalendarOfOneService) {
  Response alfa = Get("/driftinformation/underhall.ics", {{"service", "alfa"}});
  ASSERT_EQ(alfa.status, 200);
  EXPECT_NE(alfa.body.find("UID:u1@"), std::string::npos);
  EXPECT_EQ(alfa.body.find("UID:u2@"), std::string::npos);
  EXPECT_NE(alfa.body.find("NAME:Planerat underhåll – Alfa\r\n"), std::string::npos);
  EXPECT_EQ(Header(alfa, "Content-Disposition"), "inline; filename=\"underhall-alfa.ics\"");
  Response beta = Get("/driftinformation/underhall.ics", {{"service", "beta"}});
  EXPECT_NE(beta.body.find("UID:u2@"), std::string::npos);
  EXPECT_NE(Header(alfa, "ETag"), Header(beta, "ETag"));
}

TEST_F(CalendarRoutes, UnknownServiceIs404) {
  for (const char* id : {"nope", "", "../alfa", "alfa\r\nX: y"}) {
    Response r = Get("/driftinformation/underhall.ics", {{"service", id}});
    EXPECT_EQ(r.status, 404) << id;
    EXPECT_EQ(r.body.find("nope"), std::string::npos);
  }
  for (const char* path : {"/driftinformation/nope/badge.svg", "/en/status/nope/badge.svg"}) {
    Response r = Get(path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(r.body.find("nope"), std::string::npos) << path;
  }
}

TEST_F(CalendarRoutes, IfNoneMatchGives304) {
  for (const char* path :
       {"/driftinformation/underhall.ics", "/driftinformation/alfa/badge.svg", "/en/status/alfa/badge.svg"}) {
    Response first = Get(path);
    ASSERT_EQ(first.status, 200) << path;
    std::string etag = Header(first, "ETag");
    ASSERT_EQ(etag.front(), '"') << path;
    Response again = Get(path, {}, {{"if-none-match", etag}});
    EXPECT_EQ(again.status, 304) << path;
    EXPECT_TRUE(again.body.empty()) << path;
    EXPECT_EQ(Header(again, "ETag"), etag) << path;
    // The same bytes after a recompute with nothing new: the same tag.
    ASSERT_TRUE(board_->RefreshAt(kNow + 2 * kMsPerMinute).ok());
    EXPECT_EQ(Header(Get(path), "ETag"), etag) << path;
  }
}

TEST_F(CalendarRoutes, BadgesInSwedishAndEnglish) {
  Response sv = Get("/driftinformation/alfa/badge.svg");
  ASSERT_EQ(sv.status, 200);
  EXPECT_EQ(sv.content_type, "image/svg+xml; charset=utf-8");
  EXPECT_EQ(Header(sv, "Cache-Control"), "public, max-age=60");
  EXPECT_EQ(Header(sv, "Content-Security-Policy"), "default-src 'none'; sandbox");
  EXPECT_NE(sv.body.find(">Okänd status</text>"), std::string::npos);  // no probes
  Response en = Get("/en/status/alfa/badge.svg");
  ASSERT_EQ(en.status, 200);
  EXPECT_NE(en.body.find(">Status unknown</text>"), std::string::npos);
  Response hostile = Get("/driftinformation/beta/badge.svg");
  ASSERT_EQ(hostile.status, 200);
  EXPECT_EQ(hostile.body.find("<script"), std::string::npos);
  EXPECT_NE(hostile.body.find("Beta &lt;script&gt;"), std::string::npos);
}

TEST_F(CalendarRoutes, WidgetStillServedBesideThem) {
  EXPECT_EQ(Get("/driftinformation/alfa").status, 200);
  EXPECT_EQ(Get("/driftinformation/alfa").content_type, "text/html; charset=utf-8");
  EXPECT_NE(Get("/driftinformation").body.find("href=\"/driftinformation/underhall.ics\""),
            std::string::npos);
}

TEST_F(CalendarRoutes, NoBundleYetIs503) {
  MemKv empty;
  StatusBoard board([&empty] { return std::make_unique<KvReaderRef>(empty); }, StatusBoardOptions{});
  Router router;
  AddCalendarRoutes(&router, &board);
  AddBadgeRoutes(&router, &board);
  for (const char* path : {"/driftinformation/underhall.ics", "/driftinformation/alfa/badge.svg"}) {
    Request req;
    req.method = "GET";
    req.path = path;
    std::string route;
    Response r = router.Dispatch(req, &route);
    EXPECT_EQ(r.status, 503) << path;
    EXPECT_EQ(Header(r, "Cache-Control"), "no-store");
  }
}

}  // namespace
}  // namespace followup::http
