// The two languages' tables (texts.h) and the embedded templates
// (templates.h): every template parses, every Swedish word of the engine has
// its English one, the English formats are worked out by hand.
#include "readmodels/texts.h"

#include <gtest/gtest.h>

#include "readmodels/templates.h"

namespace followup {
namespace {

TEST(Templates, EveryEmbeddedTemplateParses) {
  size_t templates = 0;
  for (std::string_view name : EmbeddedFileNames()) {
    if (name.size() < 9 || name.substr(name.size() - 9) != ".mustache") continue;
    std::string error;
    EXPECT_TRUE(TemplateIsValid(name.substr(0, name.size() - 9), &error)) << name << ": " << error;
    ++templates;
  }
  EXPECT_GE(templates, 10u);
}

TEST(Templates, TheAssetsAreEmbedded) {
  EXPECT_NE(EmbeddedFile("page.css").find(":root{color-scheme:light dark;"), std::string_view::npos);
  EXPECT_NE(EmbeddedFile("app.js").find("'use strict';"), std::string_view::npos);
  EXPECT_TRUE(EmbeddedFile("no-such-file").empty());
}

TEST(Templates, ValuesAreEscapedForTheirSurface) {
  mustache::data d;
  d.set("title", std::string("<b>\"x\" & 'y'</b>"));
  d.set("description", std::string("a\x01z"));
  std::string html = RenderTemplate("stale", d);
  std::string svg = RenderTemplate("chart", d, Escaping::kXml);
  EXPECT_EQ(svg.find("<b>"), std::string::npos);
  EXPECT_NE(svg.find("&lt;b&gt;&quot;x&quot; &amp;"), std::string::npos) << svg;
  // SanitizeText shows the control character as U+FFFD.
  EXPECT_NE(svg.find("<desc id=\"svar-beskrivning\">a\uFFFDz</desc>"), std::string::npos) << svg;
  EXPECT_NE(html.find("<div class=\"stale\""), std::string::npos);
}

TEST(Texts, EveryWordOfTheEngineHasItsEnglishWord) {
  std::vector<std::string> sv;
  for (AnnouncementKind k : {AnnouncementKind::kIncident, AnnouncementKind::kPlannedMaintenance}) {
    sv.push_back(AnnouncementKindSv(k));
    for (AnnouncementState s :
         {AnnouncementState::kScheduled, AnnouncementState::kInvestigating, AnnouncementState::kIdentified,
          AnnouncementState::kMonitoring, AnnouncementState::kResolved, AnnouncementState::kCancelled})
      for (AnnouncementPhase p :
           {AnnouncementPhase::kActive, AnnouncementPhase::kUpcoming, AnnouncementPhase::kPast}) {
        AnnouncementEvent a;
        a.kind = k;
        a.state = s;
        sv.push_back(AnnouncementStatusSv(a, p));
      }
  }
  for (AltChannel c : {AltChannel::kPhone, AltChannel::kVisit, AltChannel::kWeb, AltChannel::kEmail})
    sv.push_back(AltChannelSv(c));
  for (const auto& w : sv) {
    EXPECT_EQ(kTextsSv.word(w), w);
    EXPECT_NE(kTextsEn.word(w), w) << "no English word for " << w;
  }
  EXPECT_EQ(kTextsEn.word("Vi undersöker felet"), "We are investigating the problem");
  EXPECT_EQ(kTextsEn.word("Avslutat"), "Completed");
}

TEST(Texts, EnglishFormatsNumbersAndTimesTheEnglishWay) {
  TimeMs t = *ParseRfc3339("2026-11-26T09:42:00Z");  // 10:42 in Stockholm (UTC+1)
  EXPECT_EQ(kTextsEn.date_time(t), "26 Nov 2026, 10:42");
  EXPECT_EQ(kTextsSv.date_time(t), "26 nov 2026 kl. 10:42");
  EXPECT_EQ(kTextsEn.at_clock(t), "10:42");
  EXPECT_EQ(kTextsSv.at_clock(t), "kl. 10:42");
  // 940 / 1000 = 94 %; 2 / 3 = 66.666... rounded down.
  EXPECT_EQ(kTextsEn.percent(940, 1000), "94.00 %");
  EXPECT_EQ(kTextsSv.percent(940, 1000), "94,00 %");
  EXPECT_EQ(kTextsEn.percent(2, 3), "66.66 %");
  EXPECT_EQ(kTextsEn.milliseconds(12000), "12,000\u00a0ms");
  EXPECT_EQ(kTextsSv.milliseconds(12000), "12\u00a0000\u00a0ms");
  EXPECT_EQ(kTextsEn.services_count(1), "1 e-service");
  EXPECT_EQ(kTextsEn.services_count(3), "3 e-services");
  EXPECT_EQ(kTextsEn.history_path("skolval"), "/en/status/skolval");
  EXPECT_EQ(kTextsSv.history_path("skolval"), "/driftinformation/skolval/historik");
}

TEST(Texts, EnglishExplanationFollowsTheCause) {
  StatusFacts f;
  f.at = *ParseRfc3339("2026-11-26T09:44:00Z");
  f.since = *ParseRfc3339("2026-11-26T08:00:00Z");  // 09:00 in Stockholm, the same day
  f.cause = StatusCause::kLocationsFailing;
  f.level = StatusLevel::kDegraded;
  f.locations = 3;
  f.failing = 1;
  EXPECT_EQ(kTextsEn.explain(f), "1 of 3 measuring points cannot reach the service since 09:00");
  EXPECT_EQ(kTextsSv.explain(f), "1 av 3 mätpunkter når inte tjänsten sedan 09:00");
  f.cause = StatusCause::kSlow;
  f.mean_latency_us = 2'460'000;  // 2.46 s: 2.5 with one decimal
  EXPECT_EQ(kTextsEn.explain(f), "The service responds slowly (on average 2.5 seconds) since 09:00");
  EXPECT_EQ(kTextsSv.explain(f), "Tjänsten svarar långsamt (i genomsnitt 2,5 sekunder) sedan 09:00");
}

// The feeds' and the calendar's texts in both tables.
TEST(Texts, FeedAndCalendarTextsInBothLanguages) {
  EXPECT_EQ(kTextsSv.calendar_name(""), "Planerat underhåll – Stockholms stads e-tjänster");
  EXPECT_EQ(kTextsSv.calendar_name("Skolval"), "Planerat underhåll – Skolval");
  EXPECT_EQ(kTextsEn.calendar_name(""), "Planned maintenance – City of Stockholm e-services");
  EXPECT_EQ(kTextsEn.calendar_name("Skolval"), "Planned maintenance – Skolval");
  EXPECT_STREQ(kTextsSv.calendar_cancelled.s, "Inställt: ");
  EXPECT_STREQ(kTextsEn.calendar_cancelled.s, "Cancelled: ");
  EXPECT_STREQ(kTextsEn.feed_subtitle.s,
               "Known problems and planned maintenance in the City of Stockholm's e-services");
  EXPECT_STREQ(kTextsEn.summary_description(StatusLevel::kOutage), "Outage in one or more e-services");
  EXPECT_STREQ(kTextsEn.summary_description(StatusLevel::kUnknown),
               "Status unknown for one or more e-services");
  EXPECT_STREQ(kTextsEn.summary_description(StatusLevel::kOperational),
               "All e-services are operating normally");
}

// The cases the engine's tests (status_engine_test.cpp) do not reach with
// three locations, in both languages.
TEST(Texts, ExplanationsOfTheRarerFacts) {
  StatusFacts f;
  f.at = *ParseRfc3339("2026-11-26T09:44:00Z");
  f.since_lower_bound = true;
  f.cause = StatusCause::kLocationsFailing;
  f.level = StatusLevel::kOutage;
  f.locations = 1;
  f.failing = 1;
  EXPECT_EQ(kTextsSv.explain(f), "Mätpunkten når inte tjänsten sedan mer än ett dygn");
  EXPECT_EQ(kTextsEn.explain(f), "The measuring point cannot reach the service for more than a day");
  // Below outage, the latest minute passing and no minute with a failing location.
  f.level = StatusLevel::kDegraded;
  f.failing = 0;
  EXPECT_EQ(kTextsSv.explain(f), "Tjänsten har haft störningar de senaste minuterna");
  EXPECT_EQ(kTextsEn.explain(f), "The service has had problems in the last few minutes");
  f.cause = StatusCause::kNone;
  f.level = StatusLevel::kOperational;
  EXPECT_EQ(kTextsSv.explain(f), "Tjänsten svarar normalt");
  EXPECT_EQ(kTextsEn.explain(f), "The service responds normally");
  f.cause = StatusCause::kMaintenance;  // a window without an end
  EXPECT_EQ(kTextsSv.explain(f), "Planerat underhåll pågår");
  EXPECT_EQ(kTextsEn.explain(f), "Planned maintenance is in progress");
  f.cause = StatusCause::kIncident;  // the incident's state not known
  EXPECT_EQ(kTextsSv.explain(f), "Ett känt fel påverkar tjänsten");
  EXPECT_EQ(kTextsEn.explain(f), "A known problem affects the service");
}

}  // namespace
}  // namespace followup
