// The maintenance calendar (RFC 5545): content-line folding at 75 octets
// without cutting a UTF-8 sequence, TEXT escaping, one VEVENT per planned
// maintenance with a stable UID, SEQUENCE = revision, UTC times, cancelled
// ones kept as CANCELLED. Every expected string below is worked out by hand
// from RFC 5545 (3.1 folding, 3.3.5 DATE-TIME, 3.3.11 TEXT, 3.8.x properties).
#include "readmodels/maintenance_calendar.h"

#include <gtest/gtest.h>

#include <cstdint>

#include "common/escape.h"

namespace followup {
namespace {

// Undoes folding (RFC 5545 3.1: a CRLF followed by one space or tab is removed).
std::string Unfold(std::string s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s.compare(i, 3, "\r\n ") == 0) {
      i += 2;
      continue;
    }
    out.push_back(s[i]);
  }
  return out;
}

void ExpectLinesAtMost75Octets(const std::string& ics) {
  size_t start = 0;
  while (start < ics.size()) {
    size_t end = ics.find("\r\n", start);
    ASSERT_NE(end, std::string::npos) << "every line ends in CRLF";
    EXPECT_LE(end - start, 75u) << ics.substr(start, end - start);
    EXPECT_EQ(ics.substr(start, end - start).find('\n'), std::string::npos);
    // A physical line never starts with a UTF-8 continuation byte.
    size_t first = start < ics.size() && ics[start] == ' ' ? start + 1 : start;
    if (first < end) {
      EXPECT_NE(static_cast<unsigned char>(ics[first]) & 0xC0, 0x80) << start;
    }
    start = end + 2;
  }
}

TEST(IcsEscapeText, EscapesBackslashSemicolonCommaAndLineBreaks) {
  EXPECT_EQ(IcsEscapeText("a\\b;c,d"), "a\\\\b\\;c\\,d");
  // CRLF, LF and a lone CR are each one line break: "\n".
  EXPECT_EQ(IcsEscapeText("ett\r\ntvå\ntre\rfyra"), "ett\\ntvå\\ntre\\nfyra");
  EXPECT_EQ(IcsEscapeText("\r\n\r\n"), "\\n\\n");
  // Markup means nothing in iCalendar: kept as text.
  EXPECT_EQ(IcsEscapeText("<script>alert(\"x\")</script>"), "<script>alert(\"x\")</script>");
  // Colons and quotes need no escape in a TEXT value.
  EXPECT_EQ(IcsEscapeText("kl. 22:00 \"Mina sidor\""), "kl. 22:00 \"Mina sidor\"");
  // The output rule of common/escape.h: controls become U+FFFD, bidi controls go.
  EXPECT_EQ(IcsEscapeText(std::string("a\x01") + "b\xE2\x80\xAE" + "c"),
            "a\xEF\xBF\xBD"
            "bc");
  EXPECT_EQ(IcsEscapeText(std::string("a\0b", 3)),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(IcsEscapeText("\xFF"), "\xEF\xBF\xBD");  // not UTF-8
}

TEST(FoldContentLine, ShortLinesAreKept) {
  EXPECT_EQ(FoldContentLine("VERSION:2.0"), "VERSION:2.0\r\n");
  EXPECT_EQ(FoldContentLine(""), "\r\n");
}

TEST(FoldContentLine, SeventyFiveOctetsFitSeventySixFold) {
  const std::string p = "SUMMARY:";  // 8 octets
  EXPECT_EQ(FoldContentLine(p + std::string(67, 'a')), p + std::string(67, 'a') + "\r\n");
  EXPECT_EQ(FoldContentLine(p + std::string(68, 'a')), p + std::string(67, 'a') + "\r\n a\r\n");
  // 8 + 67 | 74 | 5: a continuation line holds the space and 74 octets.
  EXPECT_EQ(
      FoldContentLine(p + std::string(67 + 74 + 5, 'a')),
      p + std::string(67, 'a') + "\r\n " + std::string(74, 'a') + "\r\n " + std::string(5, 'a') + "\r\n");
}

TEST(FoldContentLine, NeverCutsAUtf8Sequence) {
  const std::string p = "SUMMARY:";
  // "ä" (C3 A4) would be octets 75 and 76: the line ends after octet 74.
  EXPECT_EQ(FoldContentLine(p + std::string(66, 'a') + "äb"), p + std::string(66, 'a') + "\r\n äb\r\n");
  // "€" (E2 82 AC) at octets 74-76: the line ends after octet 73.
  EXPECT_EQ(FoldContentLine(p + std::string(65, 'a') + "€"), p + std::string(65, 'a') + "\r\n €\r\n");
  // A 4-octet character that ends exactly at octet 75 stays on the line.
  EXPECT_EQ(FoldContentLine(p + std::string(63, 'a') + "😀"), p + std::string(63, 'a') + "😀\r\n");
  // ... and one that would end at octet 76 moves whole to the next line.
  EXPECT_EQ(FoldContentLine(p + std::string(64, 'a') + "😀"), p + std::string(64, 'a') + "\r\n 😀\r\n");
  // On a continuation line too: " " + 73 octets, then "ä" on the next.
  const std::string first = "X:" + std::string(73, 'a');  // 75 octets
  EXPECT_EQ(FoldContentLine(first + std::string(73, 'b') + "ä"),
            first + "\r\n " + std::string(73, 'b') + "\r\n ä\r\n");
}

TEST(FoldContentLine, LongMultiByteTextUnfoldsToItself) {
  std::string value;
  for (int i = 0; i < 200; ++i) value += i % 3 ? "å" : (i % 5 ? "€" : "😀");
  std::string line = "DESCRIPTION:" + value;
  std::string folded = FoldContentLine(line);
  ExpectLinesAtMost75Octets(folded);
  EXPECT_EQ(Unfold(folded), line + "\r\n");
}

// Two services, two planned maintenances (one cancelled) and an incident.
CityStatus Sample() {
  CityStatus c;
  ServiceStatus skolval, bibliotek;
  skolval.service_id = "skolval";
  skolval.name = "Skolval";
  bibliotek.service_id = "bibliotek";
  bibliotek.name = "Bibliotekskonto";
  c.services = {bibliotek, skolval};  // by name
  AnnouncementInfo m1;
  m1.a.announcement_id = "underhall-1";
  m1.a.revision = 3;
  m1.a.kind = AnnouncementKind::kPlannedMaintenance;
  m1.a.state = AnnouncementState::kScheduled;
  m1.a.starts_at = *ParseRfc3339("2026-11-26T22:00:00+01:00");
  m1.a.ends_at = *ParseRfc3339("2026-11-26T23:30:00.001Z");
  m1.a.title_sv = "Uppgradering; del 1, steg 2 <script>";
  m1.a.body_sv = "Rad ett\r\nRad två\\slut, ring 08-508 00 508; nu återställs tjänsten.";
  m1.updated_at = *ParseRfc3339("2026-11-20T08:00:00.250Z");
  m1.services = {1};
  AnnouncementInfo m2;
  m2.a.announcement_id = "underhall-2";
  m2.a.revision = 2;
  m2.a.kind = AnnouncementKind::kPlannedMaintenance;
  m2.a.state = AnnouncementState::kCancelled;
  m2.a.starts_at = *ParseRfc3339("2026-11-25T22:00:00Z");
  m2.a.ends_at = *ParseRfc3339("2026-11-26T02:00:00Z");
  m2.a.title_sv = "Byte av server";
  m2.updated_at = *ParseRfc3339("2026-11-21T10:15:30Z");
  m2.services = {1, 0};
  AnnouncementInfo inc;
  inc.a.announcement_id = "fel-1";
  inc.a.revision = 1;
  inc.a.kind = AnnouncementKind::kIncident;
  inc.a.state = AnnouncementState::kInvestigating;
  inc.a.starts_at = *ParseRfc3339("2026-11-26T09:00:00Z");
  inc.a.title_sv = "Ett fel";
  inc.updated_at = inc.a.starts_at;
  inc.services = {0, 1};
  c.announcements = {m2, m1, inc};  // newest update first
  return c;
}

TEST(MaintenanceCalendar, AllServices) {
  const std::string expected =
      "BEGIN:VCALENDAR\r\n"
      "VERSION:2.0\r\n"
      "PRODID:-//Stockholms stad//Driftinformation för e-tjänster//SV\r\n"
      "CALSCALE:GREGORIAN\r\n"
      "NAME:Planerat underhåll – Stockholms stads e-tjänster\r\n"
      "X-WR-CALNAME:Planerat underhåll – Stockholms stads e-tjänster\r\n"
      "REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n"
      "X-PUBLISHED-TTL:PT1H\r\n"
      // By starts_at: the cancelled one (25 Nov) first.
      "BEGIN:VEVENT\r\n"
      "UID:underhall-2@driftinformation.stockholm.se\r\n"
      "SEQUENCE:2\r\n"
      "DTSTAMP:20261121T101530Z\r\n"
      "LAST-MODIFIED:20261121T101530Z\r\n"
      "DTSTART:20261125T220000Z\r\n"
      "DTEND:20261126T020000Z\r\n"
      "SUMMARY;LANGUAGE=sv:Inställt: Byte av server\r\n"
      "DESCRIPTION;LANGUAGE=sv:Berör: Skolval\\, Bibliotekskonto\r\n"
      "STATUS:CANCELLED\r\n"
      "TRANSP:TRANSPARENT\r\n"
      "END:VEVENT\r\n"
      "BEGIN:VEVENT\r\n"
      "UID:underhall-1@driftinformation.stockholm.se\r\n"
      "SEQUENCE:3\r\n"
      "DTSTAMP:20261120T080000Z\r\n"  // .250 rounded down
      "LAST-MODIFIED:20261120T080000Z\r\n"
      "DTSTART:20261126T210000Z\r\n"  // 22:00+01:00 in UTC
      "DTEND:20261126T233001Z\r\n"    // 23:30:00.001 rounded up
      "SUMMARY;LANGUAGE=sv:Uppgradering\\; del 1\\, steg 2 <script>\r\n"
      // 24 + 50 = 74 octets, then "å" (octets 75-76) opens the next line.
      "DESCRIPTION;LANGUAGE=sv:Rad ett\\nRad två\\\\slut\\, ring 08-508 00 508\\; nu \r\n"
      " återställs tjänsten.\\n\\nBerör: Skolval\r\n"
      "STATUS:CONFIRMED\r\n"
      "TRANSP:TRANSPARENT\r\n"
      "END:VEVENT\r\n"
      "END:VCALENDAR\r\n";
  std::string ics = RenderMaintenanceCalendar(Sample());
  EXPECT_EQ(ics, expected);
  ExpectLinesAtMost75Octets(ics);
}

TEST(MaintenanceCalendar, OneServiceHasOnlyItsMaintenance) {
  CityStatus c = Sample();
  std::string ics = RenderMaintenanceCalendar(c, &c.services[0]);  // Bibliotekskonto
  EXPECT_NE(ics.find("NAME:Planerat underhåll – Bibliotekskonto\r\n"), std::string::npos);
  EXPECT_NE(ics.find("UID:underhall-2@"), std::string::npos);
  EXPECT_EQ(ics.find("UID:underhall-1@"), std::string::npos);
  EXPECT_EQ(ics.find("fel-1"), std::string::npos);  // incidents are not in the calendar
  EXPECT_EQ(RenderMaintenanceCalendar(c, &c.services[1]).find("fel-1"), std::string::npos);
}

TEST(MaintenanceCalendar, HostileIdAndNamesStayInsideTheirValues) {
  CityStatus c = Sample();
  c.services[1].name = "Skol;val,\r\nEND:VCALENDAR";
  c.announcements[1].a.announcement_id = "a,b;c\\d";
  c.announcements[1].a.title_sv = "Titel\r\nBEGIN:VEVENT\nUID:falsk";
  c.announcements[1].a.revision = INT64_MAX;  // beyond iCalendar's INTEGER
  std::string ics = RenderMaintenanceCalendar(c);
  ExpectLinesAtMost75Octets(ics);
  std::string flat = Unfold(ics);
  EXPECT_NE(flat.find("UID:a\\,b\\;c\\\\d@driftinformation.stockholm.se\r\n"), std::string::npos);
  EXPECT_NE(flat.find("SUMMARY;LANGUAGE=sv:Titel\\nBEGIN:VEVENT\\nUID:falsk\r\n"), std::string::npos);
  EXPECT_NE(flat.find("Berör: Skol\\;val\\,\\nEND:VCALENDAR\r\n"), std::string::npos);
  EXPECT_NE(flat.find("SEQUENCE:2147483647\r\n"), std::string::npos);
  // Exactly one calendar and two events: nothing the text says starts a line.
  auto count = [&flat](const std::string& what) {
    size_t n = 0;
    for (size_t at = flat.find(what); at != std::string::npos; at = flat.find(what, at + 1)) ++n;
    return n;
  };
  EXPECT_EQ(count("\r\nBEGIN:VEVENT\r\n"), 2u);
  EXPECT_EQ(count("\r\nEND:VCALENDAR\r\n"), 1u);
  EXPECT_EQ(count("\r\nUID:"), 2u);
}

TEST(MaintenanceCalendar, NoMaintenanceIsAnEmptyCalendar) {
  CityStatus c;
  std::string ics = RenderMaintenanceCalendar(c);
  EXPECT_EQ(ics.find("BEGIN:VEVENT"), std::string::npos);
  EXPECT_EQ(ics.substr(0, 17), "BEGIN:VCALENDAR\r\n");
  EXPECT_EQ(ics.substr(ics.size() - 15), "END:VCALENDAR\r\n");
}

TEST(FormatIcsUtc, BasicFormatRoundedToTheSecond) {
  TimeMs t = *ParseRfc3339("2026-03-29T01:59:59.999Z");
  EXPECT_EQ(FormatIcsUtc(t), "20260329T015959Z");
  EXPECT_EQ(FormatIcsUtc(t, /*round_up=*/true), "20260329T020000Z");
  EXPECT_EQ(FormatIcsUtc(*ParseRfc3339("2026-12-31T23:59:59.5Z"), true), "20270101T000000Z");
  EXPECT_EQ(FormatIcsUtc(*ParseRfc3339("2026-11-26T10:00:00Z"), true), "20261126T100000Z");
}

}  // namespace
}  // namespace followup
