// The citizens' history (status.md "History"), from folded event sequences.
// Every expected value is worked out from the spec in the comment beside it.
#include "readmodels/history.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "common/decimal.h"
#include "projections/fold_testing.h"
#include "readmodels/dump.h"

namespace followup {
namespace {

int seq = 0;
std::string Id(const char* prefix) { return std::string(prefix) + std::to_string(++seq); }
TimeMs At(const std::string& s) { return *ParseRfc3339(s); }

std::string Service(const std::string& svc, const std::string& name = "Bibliotekskonto",
                    bool retired = false) {
  return R"({"type":"service.v1","event_id":")" + Id("s") +
         R"(","occurred_at":"2025-01-01T00:00:00Z","service_id":")" + svc + R"(","name":")" + name +
         R"(","owner":"Kulturnämnden","category":"grundlaggande","focus_area":1,"url":"https://start.stockholm/)" +
         svc +
         R"(","alternatives":[],"presents_case_status":true,"wcag_aa":true,"investment_sek":10,"retired":)" +
         (retired ? "true" : "false") + "}";
}

std::string Probe(const std::string& svc, const std::string& loc, bool ok, const std::string& at,
                  int latency_ms = 100) {
  return R"({"type":"probe.v1","event_id":")" + Id("p") + R"(","occurred_at":")" + at +
         R"(","service_id":")" + svc + R"(","location":")" + loc + R"(","ok":)" + (ok ? "true" : "false") +
         R"(,"latency_ms":)" + std::to_string(latency_ms) + "}";
}

// `failing` of three locations fail in the minute of `at`.
std::vector<std::string> Minute(const std::string& svc, const std::string& at, int failing) {
  const char* locs[] = {"kista", "liljeholmen", "skarholmen"};
  std::vector<std::string> out;
  for (int i = 0; i < 3; ++i) out.push_back(Probe(svc, locs[i], i >= failing, at));
  return out;
}

std::string Ann(const std::string& ann, int rev, const std::string& kind, const std::string& svc,
                const std::string& state, const std::string& starts, const std::string& ends,
                const std::string& occurred, const std::string& title = "Titel",
                const std::string& event_id = "") {
  return R"({"type":"announcement.v1","event_id":")" + (event_id.empty() ? Id("a") : event_id) +
         R"(","occurred_at":")" + occurred + R"(","announcement_id":")" + ann + R"(","revision":)" +
         std::to_string(rev) + R"(,"kind":")" + kind + R"(","service_ids":[")" + svc + R"("],"state":")" +
         state + R"(","starts_at":")" + starts + R"(","ends_at":)" +
         (ends.empty() ? std::string("null") : "\"" + ends + "\"") + R"(,"title_sv":")" + title +
         R"(","body_sv":"Text )" + std::to_string(rev) + R"(","title_en":"Title","body_en":"Body"})";
}

class History : public ::testing::Test {
 protected:
  void SetUp() override { Add({Service("svc")}); }
  void Add(const std::vector<std::string>& lines) {
    FoldTally t = FoldLines(&kv_, lines);
    ASSERT_EQ(t.rejected, 0) << (t.reasons.empty() ? "" : t.reasons[0]);
  }
  ServiceHistory Get(int days, const std::string& now, const std::string& svc = "svc") {
    ServiceHistory h;
    Status s = ComputeServiceHistory(kv_, svc, days, At(now), &h);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return h;
  }
  MemKv kv_;
};

void ExpectDay(const DayHistory& d, const char* date, int64_t up, int64_t degraded, int64_t down,
               int64_t maint, int64_t unknown) {
  SCOPED_TRACE(date);
  EXPECT_EQ(FormatLocalDate(d.day), date);
  EXPECT_EQ(d.up, up);
  EXPECT_EQ(d.degraded, degraded);
  EXPECT_EQ(d.down, down);
  EXPECT_EQ(d.maintenance, maint);
  EXPECT_EQ(d.unknown, unknown);
}

// Summer time ends on Sunday 2026-10-25 at 03:00 CEST = 01:00 UTC: that local
// day runs from 2026-10-24T22:00Z to 2026-10-25T23:00Z, 25 h = 1500 minutes.
TEST_F(History, TwentyFiveHourDayAtTheEndOfSummerTime) {
  Add({Probe("svc", "kista", true, "2026-10-24T21:59:10Z"),     // 23:59 CEST on the 24th
       Probe("svc", "kista", true, "2026-10-24T22:30:10Z"),     // 00:30 CEST on the 25th
       Probe("svc", "kista", true, "2026-10-25T00:30:10Z"),     // 02:30 CEST on the 25th
       Probe("svc", "kista", true, "2026-10-25T01:30:10Z"),     // 02:30 CET on the 25th (the hour again)
       Probe("svc", "kista", true, "2026-10-25T22:59:10Z"),     // 23:59 CET on the 25th
       Probe("svc", "kista", false, "2026-10-25T23:00:10Z")});  // 00:00 CET on the 26th
  ServiceHistory h = Get(4, "2026-10-27T12:00:45Z");
  ASSERT_EQ(h.days.size(), 4u);
  // The 24th is a 24-hour CEST day: 1 up, 1439 unknown.
  ExpectDay(h.days[0], "2026-10-24", 1, 0, 0, 0, 1439);
  // The 25th: 4 up minutes of 1500.
  ExpectDay(h.days[1], "2026-10-25", 4, 0, 0, 0, 1496);
  EXPECT_EQ(h.days[1].day.end - h.days[1].day.start, 25 * 3600 * 1000LL);
  // The 26th: one minute whose only location failed: down (2f = 2 > n = 1).
  ExpectDay(h.days[2], "2026-10-26", 0, 0, 1, 0, 1439);
  EXPECT_EQ(DayLevel(h.days[2]), StatusLevel::kOutage);
  // Today, the 27th, began at 2026-10-26T23:00Z; at 12:00:45Z the minutes that
  // have ended are 23:00Z..11:59Z: 13 h = 780, none with a probe.
  ExpectDay(h.days[3], "2026-10-27", 0, 0, 0, 0, 780);
  EXPECT_FALSE(h.days[3].has_availability());
  EXPECT_EQ(DayLevel(h.days[3]), StatusLevel::kUnknown);
}

// Summer time starts on Sunday 2026-03-29 at 02:00 CET = 01:00 UTC: that day
// runs from 2026-03-28T23:00Z to 2026-03-29T22:00Z, 23 h = 1380 minutes.
TEST_F(History, TwentyThreeHourDayInMarch) {
  Add({Probe("svc", "kista", true, "2026-03-29T00:59:10Z")});  // 01:59 CET
  Add(Minute("svc", "2026-03-29T01:00:10Z", 1));               // 03:00 CEST: 1 of 3 fail -> degraded
  // Now is local midnight of the 30th: today has no ended minute yet.
  ServiceHistory h = Get(2, "2026-03-30T00:00:00+02:00");
  ASSERT_EQ(h.days.size(), 2u);
  ExpectDay(h.days[0], "2026-03-29", 1, 1, 0, 0, 1378);
  EXPECT_EQ(DayLevel(h.days[0]), StatusLevel::kDegraded);
  ExpectDay(h.days[1], "2026-03-30", 0, 0, 0, 0, 0);
}

// Today counts up to the last ended minute, also inside an hour: at
// 12:30:45Z on 2026-11-26 (13:30 CET) the ended minutes of today are
// 2026-11-25T23:00Z..12:29Z = 13 h 30 min = 810; the probe of the minute in
// progress (12:30) does not count yet.
TEST_F(History, TodayIsPartialUpToTheLastEndedMinute) {
  Add(Minute("svc", "2026-11-26T11:59:10Z", 0));
  Add(Minute("svc", "2026-11-26T12:10:10Z", 3));
  Add(Minute("svc", "2026-11-26T12:30:20Z", 3));
  ServiceHistory h = Get(1, "2026-11-26T12:30:45Z");
  ASSERT_EQ(h.days.size(), 1u);
  ExpectDay(h.days[0], "2026-11-26", 1, 0, 1, 0, 808);
  // Once the minute has ended it counts: 811 minutes, 3 of them observed.
  h = Get(1, "2026-11-26T12:31:00Z");
  ExpectDay(h.days[0], "2026-11-26", 1, 0, 2, 0, 808);
}

// Maintenance 2026-11-20 22:30 CET to 2026-11-21 01:00 CET: 90 minutes of the
// 20th and 60 of the 21st. Probes inside do not matter; one at 01:00 does
// (ends_at is exclusive). It comes late, after the probes: the history must
// follow it, and its cancellation must undo it.
TEST_F(History, LateMaintenanceOverMidnightCorrectsTheHistory) {
  Add({Probe("svc", "kista", true, "2026-11-20T20:00:10Z"),   // 21:00 CET: up
       Probe("svc", "kista", false, "2026-11-20T22:00:10Z"),  // 23:00 CET: down, then maintenance
       Probe("svc", "kista", false, "2026-11-20T23:30:10Z"),  // 00:30 CET on the 21st: down, then maintenance
       Probe("svc", "kista", false, "2026-11-21T00:00:10Z")});  // 01:00 CET: down, stays down
  const char* now = "2026-11-22T12:00:00Z";
  ServiceHistory h = Get(3, now);
  ExpectDay(h.days[0], "2026-11-20", 1, 0, 1, 0, 1438);
  ExpectDay(h.days[1], "2026-11-21", 0, 0, 2, 0, 1438);

  Add({Ann("m1", 1, "planned_maintenance", "svc", "scheduled", "2026-11-20T22:30:00+01:00",
           "2026-11-21T01:00:00+01:00", "2026-11-23T08:00:00Z")});
  h = Get(3, now);
  // The 20th: 1 up, 90 maintenance (the down minute inside is maintenance), 1440-91 unknown.
  ExpectDay(h.days[0], "2026-11-20", 1, 0, 0, 90, 1349);
  EXPECT_EQ(h.days[0].announcements, std::vector<std::string>{"m1"});
  EXPECT_EQ(FormatRatio(h.days[0].up + h.days[0].degraded, h.days[0].observed()), "1");
  // The 21st: 60 maintenance, the 01:00 minute down, 1440-61 unknown.
  ExpectDay(h.days[1], "2026-11-21", 0, 0, 1, 60, 1379);
  EXPECT_EQ(h.days[1].announcements, std::vector<std::string>{"m1"});
  // Today (the 22nd), 00:00 CET = 2026-11-21T23:00Z to 12:00Z: 780 minutes, no announcement.
  ExpectDay(h.days[2], "2026-11-22", 0, 0, 0, 0, 780);
  EXPECT_TRUE(h.days[2].announcements.empty());

  // Revision 2 cancels it: the probe verdicts are back.
  Add({Ann("m1", 2, "planned_maintenance", "svc", "cancelled", "2026-11-20T22:30:00+01:00",
           "2026-11-21T01:00:00+01:00", "2026-11-23T09:00:00Z")});
  h = Get(3, now);
  ExpectDay(h.days[0], "2026-11-20", 1, 0, 1, 0, 1438);
  EXPECT_TRUE(h.days[0].announcements.empty());
}

// A minute with kista and liljeholmen failing and skarholmen passing is down
// (n = 3, f = 2, 2f > n). A late probe from farsta that passes makes n = 4,
// f = 2: 2f = n is not a majority, so the minute is degraded; the day's
// availability goes from 0/1 to 1/1.
TEST_F(History, LateProbeTurnsADownMinuteDegraded) {
  const std::string at = "2026-11-24T10:15:10Z";
  std::vector<std::string> lines = Minute("svc", at, 2);
  Add(lines);
  ServiceHistory h = Get(3, "2026-11-26T12:00:00Z");
  ExpectDay(h.days[0], "2026-11-24", 0, 0, 1, 0, 1439);
  std::string late = Probe("svc", "farsta", true, "2026-11-24T10:15:50Z");
  Add({late});
  h = Get(3, "2026-11-26T12:00:00Z");
  ExpectDay(h.days[0], "2026-11-24", 0, 1, 0, 0, 1439);
  EXPECT_EQ(FormatRatio(h.days[0].up + h.days[0].degraded, h.days[0].observed()), "1");

  // The same events in another order fold to the same history and the same bytes.
  MemKv other;
  lines.push_back(late);
  lines.insert(lines.begin(), Service("svc"));
  std::reverse(lines.begin(), lines.end());
  FoldLines(&other, lines, 2);
  ServiceHistory h2;
  ASSERT_TRUE(ComputeServiceHistory(other, "svc", 3, At("2026-11-26T12:00:00Z"), &h2).ok());
  ExpectDay(h2.days[0], "2026-11-24", 0, 1, 0, 0, 1439);
}

// Which days an incident belongs to: an open one up to now; a resolved one
// without ends_at up to its winning revision's occurred_at; a cancelled one never.
TEST_F(History, IncidentSpans) {
  Add({Ann("open", 1, "incident", "svc", "investigating", "2026-11-24T10:00:00Z", "", "2026-11-24T10:05:00Z"),
       Ann("res", 1, "incident", "svc", "investigating", "2026-11-24T23:30:00Z", "", "2026-11-24T23:31:00Z"),
       // 2026-11-24T23:30Z is 00:30 CET on the 25th; resolved at 2026-11-25T23:10Z = 00:10 CET on the 26th.
       Ann("res", 2, "incident", "svc", "resolved", "2026-11-24T23:30:00Z", "", "2026-11-25T23:10:00Z"),
       Ann("gone", 1, "incident", "svc", "cancelled", "2026-11-23T10:00:00Z", "", "2026-11-23T10:05:00Z"),
       Ann("other", 1, "incident", "other-svc", "investigating", "2026-11-24T10:00:00Z", "",
           "2026-11-24T10:05:00Z")});
  ServiceHistory h = Get(4, "2026-11-26T12:00:00Z");
  EXPECT_TRUE(h.days[0].announcements.empty());                                   // the 23rd
  EXPECT_EQ(h.days[1].announcements, std::vector<std::string>{"open"});           // the 24th
  EXPECT_EQ(h.days[2].announcements, (std::vector<std::string>{"open", "res"}));  // the 25th
  EXPECT_EQ(h.days[3].announcements, (std::vector<std::string>{"open", "res"}));  // the 26th, today
  // Spans directly.
  AnnouncementEvent a;
  a.kind = AnnouncementKind::kIncident;
  a.state = AnnouncementState::kMonitoring;
  a.starts_at = 1000;
  a.ends_at = 5000;
  EXPECT_EQ(AnnouncementSpan(a, 0, 3000)->to, 3000);  // open, expected end later: up to now
  EXPECT_EQ(AnnouncementSpan(a, 0, 9000)->to, 5000);  // its ends_at has passed
}

TEST_F(History, UnknownAndRetiredServicesAreNotFound) {
  Add({Service("old", "Gammal", true)});
  ServiceHistory h;
  EXPECT_EQ(ComputeServiceHistory(kv_, "nope", 10, At("2026-11-26T12:00:00Z"), &h).code(),
            Status::Code::kNotFound);
  EXPECT_EQ(ComputeServiceHistory(kv_, "old", 10, At("2026-11-26T12:00:00Z"), &h).code(),
            Status::Code::kNotFound);
  EXPECT_EQ(ComputeServiceHistory(kv_, "svc", 401, At("2026-11-26T12:00:00Z"), &h).code(),
            Status::Code::kInvalid);
  EXPECT_EQ(ComputeServiceHistory(kv_, "svc", 0, At("2026-11-26T12:00:00Z"), &h).code(),
            Status::Code::kInvalid);
  ASSERT_TRUE(ComputeServiceHistory(kv_, "svc", 400, At("2026-11-26T12:00:00Z"), &h).ok());
  ASSERT_EQ(h.days.size(), 400u);
  EXPECT_EQ(FormatLocalDate(h.days.back().day), "2026-11-26");
  // 399 days before 2026-11-26 is 2025-10-23.
  EXPECT_EQ(FormatLocalDate(h.days.front().day), "2025-10-23");
}

// Revisions 1 (investigating), 2 (identified, two copies: the greater event_id
// wins) and 3 (resolved), folded in any order, give the timeline 1, 2, 3 with
// revision 3 deciding the state; the projections are byte-identical.
TEST_F(History, RevisionTimelineIsOrderIndependent) {
  const std::string s = "2026-11-25T08:00:00Z";
  std::vector<std::string> lines = {
      Ann("inc", 3, "incident", "svc", "resolved", s, "2026-11-25T09:30:00Z", "2026-11-25T09:31:00Z", "Löst",
          "e3"),
      Ann("inc", 1, "incident", "svc", "investigating", s, "", "2026-11-25T08:02:00Z", "Vi undersöker", "e1"),
      Ann("inc", 2, "incident", "svc", "identified", s, "", "2026-11-25T08:40:00Z", "Fel hittat A", "e2a"),
      Ann("inc", 2, "incident", "svc", "identified", s, "", "2026-11-25T08:41:00Z", "Fel hittat B", "e2b"),
  };
  Add(lines);
  ArchivePage page;
  ASSERT_TRUE(ComputeArchive(kv_, ArchiveQuery{}, At("2026-11-26T12:00:00Z"), &page).ok());
  ASSERT_EQ(page.items.size(), 1u);
  const ArchivedAnnouncement& x = page.items[0];
  EXPECT_EQ(x.a.revision, 3);
  EXPECT_EQ(x.a.state, AnnouncementState::kResolved);
  EXPECT_EQ(x.phase, AnnouncementPhase::kPast);
  ASSERT_EQ(x.updates.size(), 3u);
  EXPECT_EQ(x.updates[0].revision, 1);
  EXPECT_EQ(x.updates[0].state, AnnouncementState::kInvestigating);
  EXPECT_EQ(x.updates[0].occurred_at, At("2026-11-25T08:02:00Z"));
  EXPECT_EQ(x.updates[1].title_sv, "Fel hittat B");  // event_id e2b > e2a
  EXPECT_EQ(x.updates[1].state, AnnouncementState::kIdentified);
  EXPECT_EQ(x.updates[2].title_sv, "Löst");
  EXPECT_EQ(x.updates[2].body_en, "Body");
  EXPECT_EQ(x.service_ids, std::vector<std::string>{"svc"});

  std::string dump1, dump2;
  ASSERT_TRUE(DumpProjections(kv_, &dump1).ok());
  std::mt19937 rng(7);
  for (int round = 0; round < 5; ++round) {
    std::vector<std::string> shuffled = lines;
    std::shuffle(shuffled.begin(), shuffled.end(), rng);
    shuffled.insert(shuffled.begin(), Service("svc"));
    MemKv other;
    FoldLines(&other, shuffled, 1);
    dump2.clear();
    ASSERT_TRUE(DumpProjections(other, &dump2).ok());
    // The service.v1 event id differs; compare the announcement rows.
    auto rows = [](const std::string& d) {
      std::string out;
      size_t i = 0;
      while (i < d.size()) {
        size_t j = d.find('\n', i);
        std::string line = d.substr(i, j - i);
        if (line.rfind("ar/", 0) == 0 || line.rfind("ann/", 0) == 0) out += line + "\n";
        i = j + 1;
      }
      return out;
    };
    EXPECT_EQ(rows(dump2), rows(dump1));
    EXPECT_NE(rows(dump1).find("ar/inc/2 rev=2"), std::string::npos);
  }
}

// Five announcements starting at t5 > t4 > t3 = t3 > t1, paged two at a time
// by `before`: [A, B] (next t4), [C, D] (next t3), [E] (no next). With a limit
// of one, the tie C/D is never split.
TEST_F(History, PagingByBefore) {
  auto inc = [](const std::string& id, const std::string& starts) {
    return Ann(id, 1, "incident", "svc", "resolved", starts, "2026-11-26T00:00:00Z", "2026-11-26T00:00:00Z");
  };
  Add({inc("E", "2026-11-21T10:00:00Z"), inc("D", "2026-11-23T10:00:00Z"), inc("C", "2026-11-23T10:00:00Z"),
       inc("B", "2026-11-24T10:00:00Z"), inc("A", "2026-11-25T10:00:00Z"),
       Ann("X", 1, "incident", "unknown-svc", "resolved", "2026-11-25T11:00:00Z", "2026-11-26T00:00:00Z",
           "2026-11-26T00:00:00Z")});
  TimeMs now = At("2026-11-26T12:00:00Z");
  auto ids = [](const ArchivePage& p) {
    std::string out;
    for (const auto& x : p.items) out += x.a.announcement_id;
    return out;
  };
  ArchiveQuery q;
  q.limit = 2;
  ArchivePage p;
  ASSERT_TRUE(ComputeArchive(kv_, q, now, &p).ok());
  EXPECT_EQ(ids(p), "AB");  // X lists no catalogued service: shown nowhere
  ASSERT_TRUE(p.next_before);
  EXPECT_EQ(*p.next_before, At("2026-11-24T10:00:00Z"));
  q.before = p.next_before;
  ASSERT_TRUE(ComputeArchive(kv_, q, now, &p).ok());
  EXPECT_EQ(ids(p), "CD");
  EXPECT_EQ(*p.next_before, At("2026-11-23T10:00:00Z"));
  q.before = p.next_before;
  ASSERT_TRUE(ComputeArchive(kv_, q, now, &p).ok());
  EXPECT_EQ(ids(p), "E");
  EXPECT_FALSE(p.next_before);

  q.limit = 1;
  q.before = At("2026-11-24T10:00:00Z");
  ASSERT_TRUE(ComputeArchive(kv_, q, now, &p).ok());
  EXPECT_EQ(ids(p), "CD");
  q.limit = 101;
  EXPECT_EQ(ComputeArchive(kv_, q, now, &p).code(), Status::Code::kInvalid);
  q.limit = 5;
  q.before.reset();
  q.service_id = "nope";
  EXPECT_EQ(ComputeArchive(kv_, q, now, &p).code(), Status::Code::kNotFound);
}

// Filters of the list, at now = 2026-11-26T12:00Z, over:
//   I1 incident resolved (past), I2 incident investigating since 11:00 (open,
//   active), M1 maintenance scheduled 27 Nov (open, upcoming), M2 maintenance
//   cancelled (past), O1 incident on another service "bib" (open).
TEST_F(History, FiltersByServiceKindStateAndOpen) {
  Add({Service("bib", "Bibliotek"),
       Ann("I1", 1, "incident", "svc", "resolved", "2026-11-25T08:00:00Z", "2026-11-25T09:00:00Z",
           "2026-11-25T09:00:00Z"),
       Ann("I2", 1, "incident", "svc", "investigating", "2026-11-26T11:00:00Z", "", "2026-11-26T11:00:00Z"),
       Ann("M1", 1, "planned_maintenance", "svc", "scheduled", "2026-11-27T22:00:00Z", "2026-11-27T23:00:00Z",
           "2026-11-26T10:00:00Z"),
       Ann("M2", 1, "planned_maintenance", "svc", "cancelled", "2026-11-24T22:00:00Z", "2026-11-24T23:00:00Z",
           "2026-11-24T10:00:00Z"),
       Ann("O1", 1, "incident", "bib", "identified", "2026-11-26T10:00:00Z", "", "2026-11-26T10:00:00Z")});
  TimeMs now = At("2026-11-26T12:00:00Z");
  auto ids = [&](const ArchiveQuery& q) {
    ArchivePage p;
    EXPECT_TRUE(ComputeArchive(kv_, q, now, &p).ok());
    std::string out;
    for (const auto& x : p.items) out += x.a.announcement_id + " ";
    return out;
  };
  ArchiveQuery q;
  EXPECT_EQ(ids(q), "M1 I2 O1 I1 M2 ");  // newest starts_at first
  q.service_id = "svc";
  EXPECT_EQ(ids(q), "M1 I2 I1 M2 ");
  q.kind = AnnouncementKind::kIncident;
  EXPECT_EQ(ids(q), "I2 I1 ");
  q.state = AnnouncementState::kResolved;
  EXPECT_EQ(ids(q), "I1 ");
  q = ArchiveQuery{};
  q.open = true;
  EXPECT_EQ(ids(q), "M1 I2 O1 ");
  q.open = false;
  EXPECT_EQ(ids(q), "I1 M2 ");
  q.open.reset();
  q.kind = AnnouncementKind::kPlannedMaintenance;
  q.state = AnnouncementState::kCancelled;
  EXPECT_EQ(ids(q), "M2 ");
}

TEST_F(History, OneAnnouncementWithEveryRevision) {
  const std::string s = "2026-11-25T08:00:00Z";
  Add({Ann("inc", 2, "incident", "svc", "resolved", s, "2026-11-25T09:30:00Z", "2026-11-25T09:31:00Z",
           "Löst"),
       Ann("inc", 1, "incident", "svc", "investigating", s, "", "2026-11-25T08:02:00Z", "Vi undersöker"),
       Ann("other", 1, "incident", "svc", "investigating", s, "", "2026-11-25T08:02:00Z")});
  ArchivedAnnouncement x;
  ASSERT_TRUE(ComputeAnnouncement(kv_, "inc", At("2026-11-26T12:00:00Z"), &x).ok());
  EXPECT_EQ(x.a.announcement_id, "inc");
  EXPECT_EQ(x.a.revision, 2);
  EXPECT_EQ(x.updated_at, At("2026-11-25T09:31:00Z"));
  ASSERT_EQ(x.updates.size(), 2u);
  EXPECT_EQ(x.updates[0].title_sv, "Vi undersöker");
  EXPECT_EQ(x.updates[1].title_sv, "Löst");
  EXPECT_EQ(x.updates[1].title_en, "Title");
  EXPECT_EQ(ComputeAnnouncement(kv_, "in", At("2026-11-26T12:00:00Z"), &x).code(), Status::Code::kNotFound);
}

TEST_F(History, OneAnnouncementShownNowhereIsNotFound) {
  Add({Ann("X", 1, "incident", "unknown-svc", "resolved", "2026-11-25T11:00:00Z", "2026-11-26T00:00:00Z",
           "2026-11-26T00:00:00Z")});
  ArchivedAnnouncement x;
  EXPECT_EQ(ComputeAnnouncement(kv_, "X", At("2026-11-26T12:00:00Z"), &x).code(), Status::Code::kNotFound);
}

// Two passing kista probes of 100 and 151 ms in one 15-minute bucket: mean
// 125.5 ms, shown as 126 (half up); a failed probe is counted but not in the
// mean. The window is the 24 h before 12:00Z: 11:59Z of the day before is
// outside it, 12:00Z of the day before is its first minute.
TEST_F(History, ResponseTimesPerLocation) {
  Add({Probe("svc", "kista", true, "2026-11-26T10:01:10Z", 100),
       Probe("svc", "kista", true, "2026-11-26T10:14:10Z", 151),
       Probe("svc", "kista", false, "2026-11-26T10:14:20Z", 5000),
       Probe("svc", "farsta", true, "2026-11-26T10:20:00Z", 80),
       Probe("svc", "farsta", true, "2026-11-25T11:59:00Z", 999),
       Probe("svc", "farsta", true, "2026-11-25T12:00:00Z", 40),
       Probe("svc", "farsta", true, "2026-11-26T12:00:10Z", 999)});  // the minute in progress
  ResponseTimes rt;
  ASSERT_TRUE(ComputeResponseTimes(kv_, "svc", At("2026-11-26T12:00:30Z"), &rt).ok());
  EXPECT_EQ(rt.from, At("2026-11-25T12:00:00Z"));
  EXPECT_EQ(rt.to, At("2026-11-26T12:00:00Z"));
  ASSERT_EQ(rt.locations.size(), 2u);
  EXPECT_EQ(rt.locations[0].location, "farsta");
  EXPECT_EQ(rt.locations[1].location, "kista");
  ASSERT_EQ(rt.locations[1].buckets.size(), 96u);  // 24 h of aligned 15-minute buckets
  // 10:00Z is bucket (10:00 - 12:00 the day before) / 15 min = 22 h * 4 = 88.
  const LatencyBucket& b = rt.locations[1].buckets[88];
  EXPECT_EQ(b.start, At("2026-11-26T10:00:00Z"));
  EXPECT_EQ(b.passed, 2u);
  EXPECT_EQ(b.failed, 1u);
  EXPECT_EQ(b.mean_ms, 126);
  EXPECT_EQ(rt.locations[1].buckets[87].mean_ms, -1);
  EXPECT_EQ(rt.locations[0].buckets[0].mean_ms, 40);
  EXPECT_EQ(rt.locations[0].buckets[89].mean_ms, 80);
  EXPECT_EQ(rt.locations[0].buckets[95].mean_ms, -1);
  EXPECT_EQ(ComputeResponseTimes(kv_, "nope", At("2026-11-26T12:00:30Z"), &rt).code(),
            Status::Code::kNotFound);
}

}  // namespace
}  // namespace followup
