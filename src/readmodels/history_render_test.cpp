// The history surfaces keep untrusted text inert and tell every level in text.
#include "readmodels/history_render.h"

#include <gtest/gtest.h>

#include "readmodels/status_render.h"  // RenderStatusJson: the other writer of an announcement

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

// One service, "svc" named "Service", with no days yet and the response
// times of the day before 2026-11-26T12:00Z: what a service page needs.
struct OneService {
  ServiceHistory h;
  ServiceStatus st;
  ResponseTimes rt;
};

OneService MakeOneService() {
  OneService s;
  s.h.service_id = s.st.service_id = "svc";
  s.h.name = s.st.name = s.rt.name = "Service";
  s.rt.from = *ParseRfc3339("2026-11-25T12:00:00Z");
  s.rt.to = *ParseRfc3339("2026-11-26T12:00:00Z");
  return s;
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

TEST(HistoryRenderEnglish, ArchiveUsesEnglishTextsOrTheSwedishMarkedSv) {
  ArchivePage p;
  ArchivedAnnouncement en = Hostile();
  en.a.announcement_id = "inc-en";
  en.a.title_sv = "Svensk rubrik";
  en.a.title_en = "English title";
  en.a.body_en = "English text";
  p.items.push_back(en);
  ArchivedAnnouncement sv = Hostile();
  sv.a.announcement_id = "inc-sv";
  sv.a.title_sv = "Bara svensk rubrik";
  sv.a.body_sv = "Bara svensk text";
  sv.updates.clear();
  p.items.push_back(sv);
  TimeMs now = *ParseRfc3339("2026-11-26T12:00:00Z");
  std::string html = RenderArchiveHtml(p, std::nullopt, now, Lang::kEn);
  EXPECT_NE(html.find("<html lang=\"en\">"), std::string::npos);
  EXPECT_NE(html.find("<a href=\"/driftinformation/historik\" hreflang=\"sv\" lang=\"sv\">På svenska</a>"),
            std::string::npos);
  EXPECT_NE(html.find("<h3>English title</h3>"), std::string::npos) << html;
  EXPECT_NE(html.find("<p>English text</p>"), std::string::npos);
  EXPECT_NE(html.find("<h3 lang=\"sv\">Bara svensk rubrik</h3>"), std::string::npos);
  EXPECT_NE(html.find("<p lang=\"sv\">Bara svensk text</p>"), std::string::npos);
  EXPECT_NE(html.find("Known problem · Resolved · "), std::string::npos);
  EXPECT_NE(html.find("href=\"/en/status/svc\""), std::string::npos);
  EXPECT_NE(html.find("href=\"/en/status/history?before=2026-11-25T08:00:00.001Z#m-inc-en\""),
            std::string::npos)
      << html;
  // The hostile update texts of the first stay inert in English too.
  EXPECT_EQ(html.find("<script>alert"), std::string::npos);
  EXPECT_EQ(html.find("<svg onload"), std::string::npos);
  // The Swedish archive shows the English text of the first beside the Swedish one.
  std::string swedish = RenderArchiveHtml(p, std::nullopt, now);
  EXPECT_NE(swedish.find("<h3>Svensk rubrik</h3>"), std::string::npos);
  EXPECT_NE(swedish.find("<div lang=\"en\"><p><strong>English title</strong></p><p>English text</p></div>"),
            std::string::npos);
}

TEST(HistoryRender, TheServicesSubscribeLinkOnlyWhenSubscriptionsAreOffered) {
  auto [h, st, rt] = MakeOneService();
  DayHistory day;
  day.day = StockholmDayOf(*ParseRfc3339("2026-11-24T12:00:00Z"));
  day.up = 1000;
  h.days = {day};
  const TimeMs now = *ParseRfc3339("2026-11-26T12:00:00Z");
  std::string link = "<a href=\"/driftinformation/prenumerera?tjanst=svc\">";
  EXPECT_EQ(RenderServiceHistoryHtml(st, h, rt, ArchivePage{}, now).find(link), std::string::npos);
  EXPECT_NE(RenderServiceHistoryHtml(st, h, rt, ArchivePage{}, now, Lang::kSv, true).find(link),
            std::string::npos);
  EXPECT_NE(RenderServiceHistoryHtml(st, h, rt, ArchivePage{}, now, Lang::kEn, true)
                .find("<a href=\"/en/status/subscribe?tjanst=svc\">"),
            std::string::npos);
}

TEST(HistoryRender, AServiceWithoutDaysStillHasAPage) {
  const auto [h, st, rt] = MakeOneService();
  const TimeMs now = *ParseRfc3339("2026-11-26T12:00:00Z");
  std::string page = RenderServiceHistoryHtml(st, h, rt, ArchivePage{}, now);
  EXPECT_NE(page.find("</html>"), std::string::npos);
}

TEST(HistoryRenderEnglish, ServicePageIsEnglish) {
  auto [h, st, rt] = MakeOneService();
  DayHistory down;  // 940 of 1000 observed: 94 %
  down.day = StockholmDayOf(*ParseRfc3339("2026-11-24T12:00:00Z"));
  down.up = 940;
  down.down = 60;
  down.unknown = 440;
  h.days = {down};
  st.level = StatusLevel::kOutage;
  st.cause = StatusCause::kNoProbes;
  std::string html =
      RenderServiceHistoryHtml(st, h, rt, ArchivePage{}, *ParseRfc3339("2026-11-26T12:00:00Z"), Lang::kEn);
  EXPECT_NE(html.find("<html lang=\"en\">"), std::string::npos);
  // The name is the catalog's Swedish one.
  EXPECT_NE(html.find("<h1>How <span lang=\"sv\">Service</span> has worked</h1>"), std::string::npos);
  EXPECT_NE(html.find("24 Nov 2026: Outage, availability 94.00 %"), std::string::npos) << html;
  EXPECT_NE(html.find("60 min down, 440 min without measurement"), std::string::npos);
  EXPECT_NE(html.find("No measurements in the last 24 hours."), std::string::npos);
  EXPECT_NE(
      html.find("<a href=\"/driftinformation/svc/historik\" hreflang=\"sv\" lang=\"sv\">På svenska</a>"),
      std::string::npos);
  EXPECT_NE(html.find("<link rel=\"alternate\" hreflang=\"sv\" href=\"/driftinformation/svc/historik\">"),
            std::string::npos);
  EXPECT_EQ(html.find("tillgänglighet"), std::string::npos);
}

// The y labels are right-aligned (text-anchor end) at x: each needs x minus
// its width inside the view box. A 9 000 ms mean: ymax = NiceCeil(10 800) =
// 20 000, labels "0 ms", "10 000 ms", "20 000 ms"; "20 000 ms" is 9
// characters, 9 * 9.0 = 81 px, so x must be at least 81 (it was 58 with the
// fixed margin of 64 px, which cut "2 000 ms" to "000 ms").
TEST(HistoryRender, ChartYLabelsFitInTheViewBox) {
  ResponseTimes rt;
  rt.name = "Tjänst";
  rt.from = *ParseRfc3339("2026-11-25T12:00:00Z");
  rt.to = *ParseRfc3339("2026-11-26T12:00:00Z");
  rt.bucket_minutes = 15;
  rt.latency_threshold_ms = 2000;
  LocationSeries s;
  s.location = "sth";
  LatencyBucket b;
  b.start = *ParseRfc3339("2026-11-26T10:00:00Z");
  b.passed = 1;
  b.latency_us = 9'000'000;
  b.mean_ms = 9000;
  s.buckets.push_back(b);
  rt.locations.push_back(s);
  std::string svg = RenderResponseTimeSvg(rt);
  EXPECT_NE(svg.find("20\u00a0000\u00a0ms</text>"), std::string::npos) << svg;
  size_t labels = 0;
  for (size_t at = svg.find("text-anchor=\"end\""); at != std::string::npos;
       at = svg.find("text-anchor=\"end\"", at + 1)) {
    size_t open = svg.rfind("<text x=\"", at);
    ASSERT_NE(open, std::string::npos);
    double x = std::stod(svg.substr(open + 9));
    size_t from = svg.find('>', at) + 1, to = svg.find("</text>", at);
    std::string label = svg.substr(from, to - from);
    size_t chars = 0;
    for (unsigned char c : label) chars += (c & 0xC0) != 0x80;
    EXPECT_GE(x - double(chars) * 9.0, 0.0) << label;
    ++labels;
  }
  EXPECT_EQ(labels, 3u);
}

// Two locations over an hour and a half; expected worked out by hand from
// the texts (texts_sv.cpp): hours in Stockholm time (UTC+1 in November), the
// first row from the window's start, means of passing probes rounded to ms.
ResponseTimes TwoLocations() {
  ResponseTimes rt;
  rt.name = "Tjänst";
  rt.from = *ParseRfc3339("2026-11-26T10:30:00Z");
  rt.to = *ParseRfc3339("2026-11-26T12:00:00Z");
  rt.latency_threshold_ms = 2000;
  LocationSeries sth;
  sth.location = "sth";
  LatencyBucket b;
  b.start = *ParseRfc3339("2026-11-26T10:30:00Z");
  b.passed = 2;
  b.failed = 1;
  b.latency_us = 300'000;
  b.mean_ms = 150;
  sth.buckets.push_back(b);
  b = LatencyBucket();
  b.start = *ParseRfc3339("2026-11-26T11:15:00Z");
  sth.buckets.push_back(b);
  LocationSeries got;
  got.location = "göt<";
  b = LatencyBucket();
  b.start = *ParseRfc3339("2026-11-26T11:00:00Z");
  b.passed = 1;
  b.latency_us = 1'234'600;
  b.mean_ms = 1235;
  got.buckets.push_back(b);
  rt.locations = {sth, got};
  return rt;
}

constexpr const char* kKeySvg =
    "<svg width=\"32\" height=\"10\" viewBox=\"0 0 32 10\" aria-hidden=\"true\" focusable=\"false\">"
    "<line x1=\"0\" y1=\"5\" x2=\"32\" y2=\"5\" ";

TEST(HistoryRender, ResponseTimeLegendNamesEveryLineAndTheThreshold) {
  std::string k = kKeySvg;
  EXPECT_EQ(
      ResponseTimeLegendHtml(TwoLocations()),
      "<ul class=\"keys\"><li>" + k + "stroke=\"#0a4f94\" stroke-width=\"3\"/></svg>Mätpunkt sth</li><li>" +
          k +
          "stroke=\"#b3001b\" stroke-width=\"3\" stroke-dasharray=\"8 4\"/></svg>Mätpunkt göt&lt;</li><li>" +
          k +
          "stroke=\"#3d3d3d\" stroke-width=\"1.5\" stroke-dasharray=\"3 3\"/></svg>"
          "Gräns för långsamt svar (2\u00a0000\u00a0ms)</li></ul>");
}

TEST(HistoryRender, ResponseTimeTableHasAnHourPerRowAndALocationPerColumn) {
  EXPECT_EQ(
      ResponseTimeTableHtml(TwoLocations()),
      "<details><summary>Svarstiderna som tabell</summary><div class=\"scroll\" role=\"region\" "
      "aria-label=\"Svarstider per timme\" tabindex=\"0\"><table><caption class=\"visually-hidden\">"
      "Genomsnittlig svarstid per timme och mätpunkt</caption><thead><tr><th scope=\"col\">Timme</th>"
      "<th scope=\"col\">sth</th><th scope=\"col\">göt&lt;</th></tr></thead><tbody>"
      "<tr><th scope=\"row\">26 nov 2026 kl. 11:30</th><td>150\u00a0ms (1 misslyckad)</td><td>–</td></tr>"
      "<tr><th scope=\"row\">26 nov 2026 kl. 12:00</th><td>–</td><td>1\u00a0235\u00a0ms</td></tr>"
      "</tbody></table></div></details>");
}

TEST(HistoryRender, ResponseTimeTableIsEmptyWithoutLocations) {
  ResponseTimes rt = TwoLocations();
  rt.locations.clear();
  EXPECT_EQ(ResponseTimeTableHtml(rt), "");
}

// One announcement as the status document (api/v1/status) and the archive
// (api/v1/announcements/{id}) write it: the same members up to updated_at,
// title_en / body_en left out of the first when empty and null in the
// second, then the archive's url and updates. Expected worked out by hand.
TEST(HistoryRender, BothDocumentsWriteAnAnnouncementAlike) {
  AnnouncementInfo info;
  info.a.announcement_id = "m1";
  info.a.revision = 2;
  info.a.kind = AnnouncementKind::kPlannedMaintenance;
  info.a.state = AnnouncementState::kScheduled;
  info.a.service_ids = {"b", "a"};
  info.a.starts_at = *ParseRfc3339("2026-11-27T21:00:00Z");
  info.a.ends_at = *ParseRfc3339("2026-11-27T23:00:00Z");
  info.a.title_sv = "Byte av server";
  info.a.body_sv = "Kort \"avbrott\"";
  info.a.title_en = "Server change";
  info.updated_at = *ParseRfc3339("2026-11-26T08:00:00Z");
  info.phase = AnnouncementPhase::kUpcoming;
  info.services = {1, 0};
  info.shown = true;
  CityStatus c;
  c.services.resize(2);
  c.services[0].service_id = "a";
  c.services[1].service_id = "b";
  c.announcements = {info};
  c.upcoming_maintenance = {0};
  const std::string fields =
      "\"announcement_id\":\"m1\",\"revision\":2,\"kind\":\"planned_maintenance\","
      "\"kind_sv\":\"Planerat underhåll\",\"state\":\"scheduled\",\"state_sv\":\"Planerat\","
      "\"phase\":\"upcoming\",\"service_ids\":[\"b\",\"a\"],\"starts_at\":\"2026-11-27T21:00:00Z\","
      "\"ends_at\":\"2026-11-27T23:00:00Z\",\"title_sv\":\"Byte av server\","
      "\"body_sv\":\"Kort \\\"avbrott\\\"\",\"title_en\":\"Server change\"";
  std::string status = RenderStatusJson(c, info.updated_at);
  EXPECT_NE(
      status.find("\"upcoming_maintenance\":[{" + fields + ",\"updated_at\":\"2026-11-26T08:00:00Z\"}]"),
      std::string::npos)
      << status;
  ArchivedAnnouncement x;
  x.a = info.a;
  x.updated_at = info.updated_at;
  x.phase = info.phase;
  x.service_ids = {"b", "a"};
  x.updates.push_back({2, info.updated_at, AnnouncementState::kScheduled, "Byte av server", "", "", ""});
  EXPECT_EQ(
      RenderAnnouncementJson(x),
      "{" + fields +
          ",\"body_en\":null,\"updated_at\":\"2026-11-26T08:00:00Z\","
          "\"url\":\"/driftinformation/historik?before=2026-11-27T21:00:00.001Z#m-m1\",\"updates\":["
          "{\"revision\":2,\"occurred_at\":\"2026-11-26T08:00:00Z\",\"state\":\"scheduled\","
          "\"state_sv\":\"Planerat\",\"title_sv\":\"Byte av server\",\"body_sv\":\"\",\"title_en\":null,"
          "\"body_en\":null}]}\n");
}

}  // namespace
}  // namespace followup
