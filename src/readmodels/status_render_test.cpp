// The citizen page, widget and feed as rendered from a hand-built CityStatus:
// "Senast kontrollerad" is the newest measurement, the stale banner follows
// readiness and the 5-minute rule, the headline's number is the sum of the
// counts after it, feed entries link to their own announcement, a finished
// maintenance is "Avslutat", and all services are grouped by owner with a
// jump list. Expected texts are worked out by hand (times: Stockholm is
// UTC+1 in November).
#include "readmodels/status_render.h"

#include <gtest/gtest.h>

#include <regex>

namespace followup {
namespace {

TimeMs Utc(const char* rfc3339) { return *ParseRfc3339(rfc3339); }

bool Has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

ServiceStatus Svc(const std::string& id, const std::string& name, StatusLevel level,
                  const std::string& owner = "N") {
  ServiceStatus s;
  s.service_id = id;
  s.name = name;
  s.owner = owner;
  s.url = "https://start.stockholm/" + id + "/";
  s.level = level;
  s.cause = level == StatusLevel::kOperational ? StatusCause::kNone : StatusCause::kLocationsFailing;
  s.since = Utc("2026-11-26T08:00:00Z");
  s.explanation_sv = "Förklaring";
  return s;
}

// The part of the page between two markers.
std::string Between(const std::string& page, const std::string& from, const std::string& to) {
  size_t a = page.find(from);
  if (a == std::string::npos) return "";
  size_t b = page.find(to, a);
  return page.substr(a, b == std::string::npos ? std::string::npos : b - a);
}

const TimeMs kNow = Utc("2026-11-26T09:44:30Z");  // 10:44:30 in Stockholm

CityStatus OneService(std::optional<TimeMs> newest) {
  CityStatus c;
  c.computed_at = kNow;
  c.services.push_back(Svc("a", "Bibliotekskonto", StatusLevel::kOperational));
  c.services[0].newest_probe_at = newest;
  c.newest_probe_at = newest;
  return c;
}

// ---------------------------------------------------------- freshness ----

TEST(StatusRender, CheckedShowsTheNewestMeasurementNotTheTimeOfRendering) {
  CityStatus c = OneService(Utc("2026-11-26T09:42:00Z"));
  std::string html = RenderStatusHtml(c, kNow, "v", true);
  EXPECT_TRUE(
      Has(html, "<p class=\"checked\" id=\"kontrollerad\">Senast kontrollerad 26 nov 2026 kl. 10:42</p>"));
  EXPECT_FALSE(Has(html, "kl. 10:44"));
}

TEST(StatusRender, WidgetShowsItsOwnServicesNewestMeasurement) {
  CityStatus c = OneService(Utc("2026-11-26T09:43:00Z"));
  c.services.push_back(Svc("b", "Skolval", StatusLevel::kUnknown));
  c.services[1].newest_probe_at = Utc("2026-11-26T09:20:00Z");
  std::string widget = RenderWidgetHtml(c, c.services[1], kNow, "v", true);
  EXPECT_TRUE(Has(widget, "Senast kontrollerad 26 nov 2026 kl. 10:20"));
  EXPECT_FALSE(Has(widget, "kl. 10:43"));
}

TEST(StatusRender, TheSubscribeLinkOnlyWhenSubscriptionsAreOffered) {
  CityStatus c = OneService(Utc("2026-11-26T09:42:00Z"));
  std::string link = "<a href=\"/driftinformation/prenumerera\">";
  EXPECT_FALSE(Has(RenderStatusHtml(c, kNow, "v", true), link));
  EXPECT_TRUE(Has(RenderStatusHtml(c, kNow, "v", true, Lang::kSv, true), link));
  EXPECT_TRUE(
      Has(RenderStatusHtml(c, kNow, "v", true, Lang::kEn, true), "<a href=\"/en/status/subscribe\">"));
}

TEST(StatusRender, NoMeasurementYetIsSaid) {
  CityStatus c = OneService(std::nullopt);
  std::string html = RenderStatusHtml(c, kNow, "v", true);
  EXPECT_TRUE(Has(html, "<p class=\"checked\" id=\"kontrollerad\">Inga mätningar ännu</p>"));
  EXPECT_FALSE(Has(html, "Senast kontrollerad"));
}

TEST(StatusRender, NoStaleBannerWhenReadyAndMeasuredRecently) {
  // 10:40:00 is 4 min 30 s before 10:44:30: under the 5 minutes.
  CityStatus c = OneService(Utc("2026-11-26T09:40:00Z"));
  EXPECT_FALSE(Has(RenderStatusHtml(c, kNow, "v", true), "Informationen kan vara inaktuell"));
  EXPECT_FALSE(Has(RenderWidgetHtml(c, c.services[0], kNow, "v", true), "Informationen kan vara inaktuell"));
}

TEST(StatusRender, StaleBannerWhenIngestIsNotReady) {
  CityStatus c = OneService(Utc("2026-11-26T09:44:00Z"));
  std::string html = RenderStatusHtml(c, kNow, "v", false);
  EXPECT_TRUE(Has(html, "<div class=\"stale\" id=\"inaktuell\">"));
  EXPECT_TRUE(Has(html, "<strong>Informationen kan vara inaktuell</strong>"));
  EXPECT_TRUE(Has(html, "Vi får just nu inte in ny driftinformation som vi ska."));
  EXPECT_TRUE(Has(RenderWidgetHtml(c, c.services[0], kNow, "v", false), "Informationen kan vara inaktuell"));
}

TEST(StatusRender, StaleBannerWhenTheNewestProbeIsFiveMinutesOld) {
  // 10:39:30 is exactly 5 minutes before 10:44:30, shown as "kl. 10:39".
  CityStatus c = OneService(Utc("2026-11-26T09:39:30Z"));
  std::string html = RenderStatusHtml(c, kNow, "v", true);
  EXPECT_TRUE(Has(html, "<strong>Informationen kan vara inaktuell</strong>"));
  EXPECT_TRUE(Has(html,
                  "Den senaste mätningen av e-tjänsterna är från kl. 10:39. Det som visas här kan ha ändrats "
                  "sedan dess.</p>"));
  EXPECT_FALSE(Has(html, "Vi får just nu inte in"));
}

TEST(StatusRender, StaleBannerWhenThereIsNoMeasurementAtAll) {
  CityStatus c = OneService(std::nullopt);
  std::string html = RenderStatusHtml(c, kNow, "v", true);
  EXPECT_TRUE(Has(html, "Vi har inga mätningar av e-tjänsterna ännu.</p>"));
  EXPECT_FALSE(Has(html, "sedan dess"));  // there is no "then" to refer to
}

TEST(StatusRender, StaleRuleAtItsEdges) {
  EXPECT_FALSE(InformationMayBeStale(true, kNow - kStaleAfterMs + 1, kNow));
  EXPECT_TRUE(InformationMayBeStale(true, kNow - kStaleAfterMs, kNow));
  EXPECT_TRUE(InformationMayBeStale(false, kNow, kNow));
  EXPECT_TRUE(InformationMayBeStale(true, std::nullopt, kNow));
  EXPECT_EQ(kStaleAfterMs, 5 * 60 * 1000);
}

// ------------------------------------------------------------ headline ----

TEST(StatusRender, HeadlineCountIsTheSumOfTheCountsAfterIt) {
  CityStatus c;
  c.computed_at = kNow;
  c.newest_probe_at = kNow;
  c.services = {Svc("o1", "A", StatusLevel::kOutage),   Svc("d1", "B", StatusLevel::kDegraded),
                Svc("d2", "C", StatusLevel::kDegraded), Svc("m1", "D", StatusLevel::kMaintenance),
                Svc("u1", "E", StatusLevel::kUnknown),  Svc("u2", "F", StatusLevel::kUnknown),
                Svc("u3", "G", StatusLevel::kUnknown),  Svc("k1", "H", StatusLevel::kOperational)};
  std::string html = RenderStatusHtml(c, kNow, "v", true);
  // 1 + 2 + 1 + 3 = 7 of the 8 services.
  std::string overall = Between(html, "<div class=\"overall", "</div>");
  EXPECT_TRUE(Has(overall, "<strong>7 av 8 e-tjänster fungerar inte normalt just nu</strong>"));
  EXPECT_TRUE(Has(overall,
                  "Driftstörning: 1 e-tjänst · Begränsad funktion: 2 e-tjänster · "
                  "Planerat underhåll: 1 e-tjänst · Okänd status: 3 e-tjänster"));
  // And the same by reading the numbers back.
  std::smatch m;
  ASSERT_TRUE(std::regex_search(overall, m, std::regex("<strong>(\\d+) av")));
  int headline = std::stoi(m[1]);
  int sum = 0;
  std::string detail = overall.substr(overall.find("</strong>"));
  const std::regex count(": (\\d+) e-tjänst");
  for (std::sregex_iterator it(detail.begin(), detail.end(), count), end; it != end; ++it)
    sum += std::stoi((*it)[1]);
  EXPECT_EQ(headline, sum);
}

TEST(StatusRender, OnlyMaintenanceStillCountsEveryServiceThatIsNotOperational) {
  CityStatus c;
  c.computed_at = kNow;
  c.newest_probe_at = kNow;
  c.services = {Svc("m1", "D", StatusLevel::kMaintenance), Svc("k1", "H", StatusLevel::kOperational)};
  std::string html = RenderStatusHtml(c, kNow, "v", true);
  EXPECT_TRUE(
      Has(html,
          "<strong>1 av 2 e-tjänster fungerar inte normalt just nu</strong>Planerat underhåll: 1 e-tjänst"));
}

// ----------------------------------------------------------------- feed ----

AnnouncementInfo Ann(const std::string& id, AnnouncementKind kind, AnnouncementState state,
                     AnnouncementPhase phase, const char* starts) {
  AnnouncementInfo info;
  info.a.announcement_id = id;
  info.a.revision = 2;
  info.a.kind = kind;
  info.a.state = state;
  info.a.starts_at = Utc(starts);
  info.a.ends_at = info.a.starts_at + 3600 * 1000;
  info.a.title_sv = "Titel " + id;
  info.updated_at = info.a.starts_at;
  info.phase = phase;
  info.services = {0};
  return info;
}

CityStatus WithAnnouncements() {
  CityStatus c = OneService(kNow);
  c.announcements = {
      Ann("inc-1", AnnouncementKind::kIncident, AnnouncementState::kResolved, AnnouncementPhase::kPast,
          "2026-11-26T07:00:00Z"),
      Ann("plan/2", AnnouncementKind::kPlannedMaintenance, AnnouncementState::kResolved,
          AnnouncementPhase::kPast, "2026-11-25T21:00:00Z"),
      Ann("plan-3", AnnouncementKind::kPlannedMaintenance, AnnouncementState::kScheduled,
          AnnouncementPhase::kPast, "2026-11-24T21:00:00Z"),
  };
  return c;
}

// The <entry> of an announcement.
std::string Entry(const std::string& feed, const std::string& title) {
  size_t t = feed.find("<title type=\"text\">" + title + "</title>");
  if (t == std::string::npos) return "";
  size_t a = feed.rfind("<entry>", t);
  return feed.substr(a, feed.find("</entry>", t) - a);
}

TEST(StatusRender, EveryFeedEntryLinksToItsOwnAnnouncement) {
  std::string feed = RenderAtomFeed(WithAnnouncements(), kNow);
  // The archive page that starts just after starts_at, at the announcement's anchor.
  EXPECT_TRUE(Has(Entry(feed, "Känt fel: Titel inc-1"),
                  "<link rel=\"alternate\" type=\"text/html\" "
                  "href=\"/driftinformation/historik?before=2026-11-26T07:00:00.001Z#m-inc-1\"/>"));
  EXPECT_TRUE(Has(Entry(feed, "Planerat underhåll: Titel plan/2"),
                  "href=\"/driftinformation/historik?before=2026-11-25T21:00:00.001Z#m-plan.2f2\"/>"));
  EXPECT_TRUE(Has(Entry(feed, "Planerat underhåll: Titel plan-3"),
                  "href=\"/driftinformation/historik?before=2026-11-24T21:00:00.001Z#m-plan-3\"/>"));
  // Only the feed itself links to the page of all services.
  EXPECT_EQ(Between(feed, "<entry>", "</feed>").find("href=\"/driftinformation\""), std::string::npos);
}

// The feed's own texts, as the Swedish table has them (texts_sv.cpp).
TEST(StatusRender, TheFeedIsSwedish) {
  std::string feed = RenderAtomFeed(WithAnnouncements(), kNow);
  EXPECT_TRUE(Has(feed,
                  "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"sv\">\n"
                  "<title>Stockholms stad – driftinformation för e-tjänster</title>\n"
                  "<subtitle>Kända fel och planerat underhåll i Stockholms stads e-tjänster</subtitle>\n"));
  EXPECT_TRUE(Has(feed, "<author><name>Stockholms stad</name></author>\n"));
  EXPECT_TRUE(Has(feed, "<category term=\"incident\" label=\"Känt fel\"/>"));
}

// summary.json's line for all services follows the worst level: outage,
// degraded, unknown, maintenance, else all normal.
TEST(StatusRender, SummaryDescriptionFollowsTheWorstLevel) {
  auto description = [](std::initializer_list<StatusLevel> levels) {
    CityStatus c;
    for (StatusLevel l : levels) c.services.push_back(Svc("s" + std::to_string(c.services.size()), "S", l));
    std::string json = RenderSummaryJson(c, kNow);
    size_t at = json.find("\"status\":{\"indicator\":");
    return json.substr(at, json.find('}', at) - at);
  };
  EXPECT_EQ(
      description({StatusLevel::kOperational, StatusLevel::kMaintenance, StatusLevel::kOutage}),
      "\"status\":{\"indicator\":\"major\",\"description\":\"Driftstörning i en eller flera e-tjänster\"");
  EXPECT_EQ(
      description({StatusLevel::kUnknown, StatusLevel::kDegraded}),
      "\"status\":{\"indicator\":\"minor\",\"description\":\"Begränsad funktion i en eller flera e-tjänster\"");
  EXPECT_EQ(
      description({StatusLevel::kUnknown, StatusLevel::kMaintenance}),
      "\"status\":{\"indicator\":\"minor\",\"description\":\"Okänd status för en eller flera e-tjänster\"");
  EXPECT_EQ(description({StatusLevel::kMaintenance}),
            "\"status\":{\"indicator\":\"maintenance\",\"description\":\"Planerat underhåll pågår\"");
  EXPECT_EQ(description({StatusLevel::kOperational}),
            "\"status\":{\"indicator\":\"none\",\"description\":\"Alla e-tjänster fungerar normalt\"");
}

TEST(StatusRender, FinishedMaintenanceIsEndedInTheFeed) {
  std::string feed = RenderAtomFeed(WithAnnouncements(), kNow);
  EXPECT_TRUE(Has(Entry(feed, "Planerat underhåll: Titel plan/2"), "Planerat underhåll · Avslutat · "));
  EXPECT_TRUE(Has(Entry(feed, "Planerat underhåll: Titel plan-3"), "Planerat underhåll · Avslutat · "));
  EXPECT_FALSE(Has(Entry(feed, "Planerat underhåll: Titel plan/2"), "Löst"));
  EXPECT_FALSE(Has(Entry(feed, "Planerat underhåll: Titel plan-3"), "Löst"));
  // A resolved incident is still solved.
  EXPECT_TRUE(Has(Entry(feed, "Känt fel: Titel inc-1"), "Känt fel · Löst · "));
}

TEST(StatusRender, IncidentsAreNotNamedLikeTheOutageLevel) {
  std::string feed = RenderAtomFeed(WithAnnouncements(), kNow);
  EXPECT_FALSE(Has(feed, "Driftstörning"));
  EXPECT_TRUE(Has(feed, "<category term=\"incident\" label=\"Känt fel\"/>"));
}

// ------------------------------------------------------------- grouping ----

CityStatus Owners() {
  CityStatus c;
  c.computed_at = kNow;
  c.newest_probe_at = kNow;
  c.services = {Svc("s1", "Skolval", StatusLevel::kOperational, "Utbildningsnämnden"),
                Svc("s2", "Bygglov", StatusLevel::kOperational, "Östermalms stadsdelsnämnd"),
                Svc("s3", "Ansök om förskoleplats", StatusLevel::kOutage, "Utbildningsnämnden"),
                Svc("s4", "Bibliotekskonto", StatusLevel::kOperational, "Kulturnämnden"),
                Svc("s5", "Äldreomsorg", StatusLevel::kOperational, "Älvsjö stadsdelsnämnd"),
                Svc("s6", "Zonparkering", StatusLevel::kOperational, "Idrottsnamnden"),
                Svc("s7", "Simskola", StatusLevel::kOperational, "Idrottsnämnden")};
  return c;
}

TEST(StatusRender, JumpListNamesEveryOwnerInSwedishOrderWithItsCount) {
  std::string html = RenderStatusHtml(Owners(), kNow, "v", true);
  std::string jump = Between(html, "<ul class=\"jump\">", "</ul>");
  // Swedish order: i, k, u, then ä before ö (after z). "Idrottsnamnden" and
  // "Idrottsnämnden" are told apart: a < ä.
  EXPECT_EQ(
      jump,
      "<ul class=\"jump\">"
      "<li data-grupp=\"grupp-idrottsnamnden\"><a href=\"#grupp-idrottsnamnden\">Idrottsnamnden (1)</a></li>"
      "<li data-grupp=\"grupp-idrottsnamnden-2\"><a href=\"#grupp-idrottsnamnden-2\">Idrottsnämnden (1)</a></li>"
      "<li data-grupp=\"grupp-kulturnamnden\"><a href=\"#grupp-kulturnamnden\">Kulturnämnden (1)</a></li>"
      "<li data-grupp=\"grupp-utbildningsnamnden\"><a href=\"#grupp-utbildningsnamnden\">Utbildningsnämnden (2)"
      "</a></li>"
      "<li data-grupp=\"grupp-alvsjo-stadsdelsnamnd\"><a href=\"#grupp-alvsjo-stadsdelsnamnd\">Älvsjö "
      "stadsdelsnämnd (1)</a></li>"
      "<li data-grupp=\"grupp-ostermalms-stadsdelsnamnd\"><a href=\"#grupp-ostermalms-stadsdelsnamnd\">Östermalms "
      "stadsdelsnämnd (1)</a></li>");
}

TEST(StatusRender, EveryJumpListAnchorIsAGroupHeading) {
  std::string html = RenderStatusHtml(Owners(), kNow, "v", true);
  for (const char* id :
       {"grupp-idrottsnamnden", "grupp-idrottsnamnden-2", "grupp-kulturnamnden", "grupp-utbildningsnamnden",
        "grupp-alvsjo-stadsdelsnamnd", "grupp-ostermalms-stadsdelsnamnd"})
    EXPECT_TRUE(Has(html, "<h3 id=\"" + std::string(id) + "\">")) << id;
}

TEST(StatusRender, GroupsFollowTheJumpListAndServicesTheirNames) {
  std::string html = RenderStatusHtml(Owners(), kNow, "v", true);
  std::string all = html.substr(html.find("<section aria-labelledby=\"rubrik-alla\">"));
  size_t kultur = all.find("<h3 id=\"grupp-kulturnamnden\">");
  size_t utb = all.find("<h3 id=\"grupp-utbildningsnamnden\">");
  size_t alvsjo = all.find("<h3 id=\"grupp-alvsjo-stadsdelsnamnd\">");
  size_t oster = all.find("<h3 id=\"grupp-ostermalms-stadsdelsnamnd\">");
  EXPECT_LT(kultur, utb);
  EXPECT_LT(utb, alvsjo);
  EXPECT_LT(alvsjo, oster);
  // Within Utbildningsnämnden: "Ansök om förskoleplats" before "Skolval".
  std::string group = Between(all, "<h3 id=\"grupp-utbildningsnamnden\">", "</table>");
  EXPECT_LT(group.find("data-namn=\"Ansök om förskoleplats\""), group.find("data-namn=\"Skolval\""));
  EXPECT_TRUE(Has(group, "Utbildningsnämnden <span class=\"count\">(2 e-tjänster)</span></h3>"));
}

TEST(StatusRender, ServicesInTroubleComeFirstAndAreAlsoInTheirGroup) {
  std::string html = RenderStatusHtml(Owners(), kNow, "v", true);
  size_t card = html.find("<div class=\"card lvl-outage\"><h3>Ansök om förskoleplats</h3>");
  size_t all = html.find("<h2 id=\"rubrik-alla\">Alla e-tjänster</h2>");
  size_t row = html.find("<tr data-namn=\"Ansök om förskoleplats\">");
  ASSERT_NE(card, std::string::npos);
  EXPECT_LT(card, all);
  EXPECT_LT(all, row);
}

TEST(StatusRender, FilterHasItsPlaceWithAHintWithoutJavaScript) {
  std::string html = RenderStatusHtml(Owners(), kNow, "v", true);
  EXPECT_TRUE(Has(html,
                  "<div class=\"filter\" id=\"filtrera\" data-antal=\"7\"><p>Välj nämnd eller bolag i listan "
                  "nedan, eller sök på sidan med webbläsarens sökfunktion.</p></div>"));
  // No inline script: the CSP allows only /driftinformation/app.js.
  EXPECT_FALSE(Has(html, "<script>"));
  // app.js takes the field's words from the page (the page's language).
  EXPECT_TRUE(Has(StatusAppJs(), "label.textContent = text('filter-label', 'Sök bland e-tjänsterna');"));
  EXPECT_TRUE(Has(html, "<body data-filter-label=\"Sök bland e-tjänsterna\""));
}

TEST(StatusRender, BothColourSchemesAreStyled) {
  std::string html = RenderStatusHtml(Owners(), kNow, "v", true);
  EXPECT_TRUE(Has(html, ":root{color-scheme:light dark;"));
  EXPECT_TRUE(
      Has(html, "@media (prefers-color-scheme:dark){:root{--fg:#ececec;--bg:#121212;--surface:#1e1e1e;"));
}

// ------------------------------------------------------------ English ----

// One outage service with two active incidents: one written in both
// languages, one only in Swedish.
CityStatus OneEnglishAndOneSwedish() {
  CityStatus c;
  c.computed_at = kNow;
  c.newest_probe_at = kNow;
  c.services = {Svc("skolval", "Skolval", StatusLevel::kOutage)};
  c.services[0].locations = 3;
  c.services[0].failing = 3;
  // What its explanation says (the engine's StatusFacts of these fields).
  StatusFacts& f = c.services[0].facts;
  f.cause = StatusCause::kLocationsFailing;
  f.level = StatusLevel::kOutage;
  f.at = kNow;
  f.since = c.services[0].since;
  f.locations = 3;
  f.failing = 3;
  for (int i = 0; i < 2; ++i) {
    AnnouncementInfo info;
    info.a.announcement_id = i ? "inc-sv" : "inc-en";
    info.a.kind = AnnouncementKind::kIncident;
    info.a.state = AnnouncementState::kInvestigating;
    info.a.starts_at = Utc("2026-11-26T08:30:00Z");
    info.a.title_sv = i ? "Bara svensk rubrik" : "Svensk rubrik";
    info.a.body_sv = i ? "Bara svensk text" : "Svensk text";
    if (!i) {
      info.a.title_en = "English title";
      info.a.body_en = "English text";
    }
    info.phase = AnnouncementPhase::kActive;
    info.services = {0};
    info.shown = true;
    c.announcements.push_back(info);
    c.services[0].announcements.push_back(size_t(i));
    c.services[0].shown.push_back(size_t(i));
  }
  return c;
}

TEST(StatusRenderEnglish, ThePageIsEnglishAndLinksToTheSwedishOne) {
  std::string html = RenderStatusHtml(OneEnglishAndOneSwedish(), kNow, "v", true, Lang::kEn);
  EXPECT_TRUE(Has(html, "<html lang=\"en\">"));
  EXPECT_TRUE(Has(html, "<link rel=\"alternate\" hreflang=\"sv\" href=\"/driftinformation\">"));
  EXPECT_TRUE(Has(html, "<link rel=\"alternate\" hreflang=\"en\" href=\"/en/status\">"));
  EXPECT_TRUE(Has(html, "<a href=\"/driftinformation\" hreflang=\"sv\" lang=\"sv\">På svenska</a>"));
  EXPECT_TRUE(Has(html, "<strong>1 of 1 e-service are not operating normally right now</strong>"));
  EXPECT_TRUE(Has(html, "None of 3 measuring points reach the service since 09:00"));
  EXPECT_TRUE(Has(html, "<span>Outage</span>"));
  EXPECT_TRUE(Has(html, "href=\"/en/status/skolval\""));
  EXPECT_FALSE(Has(html, "Driftstörning"));
  EXPECT_FALSE(Has(html, "Förklaring"));  // the Swedish explanation_sv
}

TEST(StatusRenderEnglish, TheSwedishPageLinksToTheEnglishOne) {
  std::string html = RenderStatusHtml(OneEnglishAndOneSwedish(), kNow, "v", true);
  EXPECT_TRUE(Has(html, "<html lang=\"sv\">"));
  EXPECT_TRUE(Has(html, "<link rel=\"alternate\" hreflang=\"en\" href=\"/en/status\">"));
  EXPECT_TRUE(Has(html, "<a href=\"/en/status\" hreflang=\"en\" lang=\"en\">In English</a>"));
}

TEST(StatusRenderEnglish, AnnouncementsUseTheirEnglishTextOrTheSwedishMarkedSv) {
  std::string html = RenderStatusHtml(OneEnglishAndOneSwedish(), kNow, "v", true, Lang::kEn);
  EXPECT_TRUE(Has(html, "<h4>English title</h4>"));
  EXPECT_TRUE(Has(html, "<p>English text</p>"));
  EXPECT_FALSE(Has(html, "Svensk rubrik"));
  EXPECT_TRUE(Has(html, "<h4 lang=\"sv\">Bara svensk rubrik</h4>"));
  EXPECT_TRUE(Has(html, "<p lang=\"sv\">Bara svensk text</p>"));
  EXPECT_TRUE(Has(html, "Known problem · We are investigating the problem · "));
  // The Swedish page shows the Swedish texts, none marked.
  std::string sv = RenderStatusHtml(OneEnglishAndOneSwedish(), kNow, "v", true);
  EXPECT_TRUE(Has(sv, "<h4>Svensk rubrik</h4>"));
  EXPECT_TRUE(Has(sv, "<h4>Bara svensk rubrik</h4>"));
  EXPECT_FALSE(Has(sv, "English title"));
  EXPECT_FALSE(Has(sv, "<h4 lang=\"sv\">"));
  EXPECT_FALSE(Has(sv, "<p lang=\"sv\">"));
}

TEST(StatusRenderEnglish, TheWidgetAndTheUnknownPageAreEnglish) {
  CityStatus c = OneEnglishAndOneSwedish();
  std::string widget = RenderWidgetHtml(c, c.services[0], kNow, "v", true, Lang::kEn);
  EXPECT_TRUE(Has(widget, "<html lang=\"en\">"));
  EXPECT_TRUE(Has(widget, "<h1>Service status: <span lang=\"sv\">Skolval</span></h1>"));
  EXPECT_TRUE(Has(widget, "Get your errand done another way"));
  EXPECT_TRUE(
      Has(widget, "<a href=\"/driftinformation/skolval\" hreflang=\"sv\" lang=\"sv\">På svenska</a>"));
  std::string unknown = RenderUnknownServiceHtml(Lang::kEn);
  EXPECT_TRUE(Has(unknown, "<html lang=\"en\">"));
  EXPECT_TRUE(Has(unknown, "<h1>Unknown e-service</h1>"));
  EXPECT_TRUE(Has(unknown, "href=\"/driftinformation\" hreflang=\"sv\""));
}

// The catalog's names are Swedish: on the English page each service's name,
// its owner and its alternatives' labels are marked lang="sv"; the Swedish
// page has no such mark.
TEST(StatusRenderEnglish, SwedishNamesAreMarkedOnEnglishPages) {
  CityStatus c = OneEnglishAndOneSwedish();
  c.services[0].owner = "Utbildningsnämnden";
  c.services[0].alternatives = {{AltChannel::kPhone, "Kontaktcenter Stockholm", "08-508 00 508"}};
  std::string en = RenderStatusHtml(c, kNow, "v", true, Lang::kEn);
  EXPECT_TRUE(Has(en, "<h3><span lang=\"sv\">Skolval</span></h3>"));  // the card
  EXPECT_TRUE(Has(en, "How <span lang=\"sv\">Skolval</span> has worked: history and announcements"));
  EXPECT_TRUE(Has(en, "<strong>Phone:</strong> <span lang=\"sv\">Kontaktcenter Stockholm</span>, "));
  EXPECT_TRUE(
      Has(en, "<a href=\"#grupp-utbildningsnamnden\"><span lang=\"sv\">Utbildningsnämnden</span> (1)</a>"));
  EXPECT_TRUE(
      Has(en, "<h3 id=\"grupp-utbildningsnamnden\"><span lang=\"sv\">Utbildningsnämnden</span> <span"));
  EXPECT_TRUE(Has(en, "the e-services of <span lang=\"sv\">Utbildningsnämnden</span></caption>"));
  EXPECT_TRUE(Has(en, "<a href=\"https://start.stockholm/skolval/\" lang=\"sv\">Skolval</a>"));
  EXPECT_TRUE(Has(en, "<span class=\"visually-hidden\"> of <span lang=\"sv\">Skolval</span></span>"));
  std::string sv = RenderStatusHtml(c, kNow, "v", true);
  EXPECT_FALSE(Has(sv, "<span lang=\"sv\">"));
  EXPECT_FALSE(Has(sv, " lang=\"sv\">Skolval"));
  // Without an owner the group is named in the page's language: not marked.
  c.services[0].owner.clear();
  en = RenderStatusHtml(c, kNow, "v", true, Lang::kEn);
  EXPECT_TRUE(Has(en, ">No committee or company given <span class=\"count\">"));
}

TEST(StatusRenderEnglish, HostileTextStaysInert) {
  CityStatus c = OneEnglishAndOneSwedish();
  c.announcements[1].a.title_sv = "<script>alert(1)</script>";
  c.announcements[0].a.body_en = "a\r\n<img src=x onerror=alert(1)>";
  c.services[0].name = "Skolval <b>";
  std::string html = RenderStatusHtml(c, kNow, "v", true, Lang::kEn);
  EXPECT_FALSE(Has(html, "<script>"));
  EXPECT_FALSE(Has(html, "<img"));
  EXPECT_FALSE(Has(html, "<b>"));
  EXPECT_TRUE(Has(html, "<h4 lang=\"sv\">&lt;script&gt;alert(1)&lt;/script&gt;</h4>"));
  EXPECT_TRUE(Has(html, "<p>a<br>&lt;img src=x onerror=alert(1)&gt;</p>"));
}

}  // namespace
}  // namespace followup
