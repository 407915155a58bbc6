// The history surfaces keep untrusted text inert and tell every level in text.
#include "readmodels/history_render.h"

#include <gtest/gtest.h>

namespace followup {
namespace {

const char* kHostile = "Fel <script>alert(\"x\")</script>\r\nrad två & 'citat' </svg><svg onload=alert(1)>";

ArchivedAnnouncement Hostile() {
  ArchivedAnnouncement x;
  x.a.announcement_id = "a/b c\"<";
  x.a.revision = 2;
  x.a.kind = AnnouncementKind::kIncident;
  x.a.state = AnnouncementState::kResolved;
  x.a.starts_at = *ParseRfc3339("2026-11-25T08:00:00Z");
  x.a.ends_at = *ParseRfc3339("2026-11-25T09:00:00Z");
  x.a.title_sv = kHostile;
  x.a.body_sv = kHostile;
  x.updated_at = *ParseRfc3339("2026-11-25T09:00:00Z");
  x.service_ids = {"svc"};
  x.service_names = {"Tjänst <b>"};
  x.updates.push_back({1, *ParseRfc3339("2026-11-25T08:01:00Z"), AnnouncementState::kInvestigating, kHostile,
                       kHostile, "", ""});
  x.updates.push_back(
      {2, *ParseRfc3339("2026-11-25T09:00:00Z"), AnnouncementState::kResolved, "Löst", "", "", ""});
  return x;
}

TEST(HistoryRender, AnchorsAreInjectiveAndSafe) {
  EXPECT_EQ(AnnouncementAnchor("inc-2026_1"), "m-inc-2026_1");
  EXPECT_EQ(AnnouncementAnchor("a.b"), "m-a.2eb");
  EXPECT_EQ(AnnouncementAnchor("a/b c\"<"), "m-a.2fb.20c.22.3c");
  EXPECT_NE(AnnouncementAnchor("a.2eb"), AnnouncementAnchor("a.b"));
}

TEST(HistoryRender, HostileTextIsInertInHtmlAndJson) {
  ArchivePage p;
  p.items.push_back(Hostile());
  TimeMs now = *ParseRfc3339("2026-11-26T12:00:00Z");
  std::string html = RenderArchiveHtml(p, std::nullopt, now);
  EXPECT_EQ(html.find("<script>alert"), std::string::npos);
  EXPECT_EQ(html.find("<svg onload"), std::string::npos);
  EXPECT_EQ(html.find("<b>"), std::string::npos);
  EXPECT_EQ(html.find('\r'), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<br>rad två &amp; &#39;citat&#39;"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("id=\"m-a.2fb.20c.22.3c\""), std::string::npos);
  // Both updates, oldest first, with their Swedish state.
  size_t first = html.find("Vi undersöker felet"), second = html.find("<strong>Löst</strong>");
  ASSERT_NE(first, std::string::npos);
  ASSERT_NE(second, std::string::npos);
  EXPECT_LT(first, second);

  std::string json = RenderArchiveJson(p, 20);
  EXPECT_EQ(json.find('<'), std::string::npos);
  EXPECT_EQ(json.find('\r'), std::string::npos);
  EXPECT_NE(json.find("\\r\\n"), std::string::npos);
  EXPECT_NE(json.find("\"updates\":[{\"revision\":1,"), std::string::npos);
  EXPECT_NE(json.find("\"title_en\":null"), std::string::npos);
  EXPECT_NE(json.find("\"next_before\":null"), std::string::npos);
}

TEST(HistoryRender, EveryDayHasItsLevelInText) {
  ServiceHistory h;
  h.service_id = "svc";
  h.name = "Tjänst";
  LocalDay d = StockholmDayOf(*ParseRfc3339("2026-11-24T12:00:00Z"));
  DayHistory down;  // 60 down of 1000 observed: 6 % >= 5 %: Driftstörning
  down.day = d;
  down.up = 940;
  down.down = 60;
  down.unknown = 440;
  DayHistory none;  // nothing observed
  none.day = StockholmDayAdd(d, 1);
  none.unknown = 1440;
  DayHistory maint;
  maint.day = StockholmDayAdd(d, 2);
  maint.maintenance = 120;
  maint.unknown = 600;
  h.days = {down, none, maint};
  EXPECT_EQ(DayLevel(down), StatusLevel::kOutage);
  EXPECT_EQ(DayLevel(none), StatusLevel::kUnknown);
  EXPECT_EQ(DayLevel(maint), StatusLevel::kMaintenance);

  ServiceStatus st;
  st.service_id = "svc";
  st.name = "Tjänst";
  st.level = StatusLevel::kOutage;
  ResponseTimes rt;
  rt.name = "Tjänst";
  rt.from = *ParseRfc3339("2026-11-25T12:00:00Z");
  rt.to = *ParseRfc3339("2026-11-26T12:00:00Z");
  rt.latency_threshold_ms = 2000;
  std::string html =
      RenderServiceHistoryHtml(st, h, rt, ArchivePage{}, *ParseRfc3339("2026-11-26T12:00:00Z"));
  // 940 / 1000 = 94 %.
  EXPECT_NE(html.find("24 nov 2026: Driftstörning, tillgänglighet 94,00 %"), std::string::npos);
  EXPECT_NE(html.find("25 nov 2026: Okänd status, ingen mätning"), std::string::npos);
  EXPECT_NE(html.find("26 nov 2026: Planerat underhåll, ingen mätning"), std::string::npos);
  EXPECT_NE(html.find("60 min nere, 440 min utan mätning"), std::string::npos);
  EXPECT_NE(html.find("Gör ditt ärende på annat sätt"), std::string::npos);  // not operational
  EXPECT_NE(html.find("role=\"img\""), std::string::npos);
  EXPECT_NE(html.find("Inga mätningar det senaste dygnet."), std::string::npos);

  std::string json = RenderHistoryJson(h);
  EXPECT_NE(
      json.find(
          "{\"date\":\"2026-11-24\",\"minutes\":{\"up\":940,\"degraded\":0,\"down\":60,\"maintenance\":0,"
          "\"unknown\":440},\"availability\":0.94,\"announcements\":[]}"),
      std::string::npos)
      << json;
  EXPECT_NE(json.find("\"availability\":null"), std::string::npos);
}

}  // namespace
}  // namespace followup
