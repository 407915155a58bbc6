// The status rules of status.md, from folded event sequences.
#include "readmodels/status_engine.h"

#include <gtest/gtest.h>

#include "projections/fold_testing.h"
#include "readmodels/texts.h"

namespace followup {
namespace {

int seq = 0;

std::string Id(const char* prefix) { return std::string(prefix) + std::to_string(++seq); }

std::string Service(const std::string& svc, const std::string& name, bool retired = false,
                    int threshold_ms = 2000) {
  return R"({"type":"service.v1","event_id":")" + Id("s") +
         R"(","occurred_at":"2026-11-01T00:00:00Z","service_id":")" + svc + R"(","name":")" + name +
         R"(","owner":"Kulturnämnden","category":"grundlaggande","focus_area":1,"url":"https://start.stockholm/)" +
         svc +
         R"(","alternatives":[{"channel":"phone","label":"Kontaktcenter Stockholm","contact":"08-508 00 508"}],)" +
         R"("presents_case_status":true,"wcag_aa":true,"investment_sek":10,"latency_threshold_ms":)" +
         std::to_string(threshold_ms) + R"(,"retired":)" + (retired ? "true" : "false") + "}";
}

std::string Probe(const std::string& svc, const std::string& loc, bool ok, const std::string& at,
                  int latency_ms = 100) {
  return R"({"type":"probe.v1","event_id":")" + Id("p") + R"(","occurred_at":")" + at +
         R"(","service_id":")" + svc + R"(","location":")" + loc + R"(","ok":)" + (ok ? "true" : "false") +
         R"(,"latency_ms":)" + std::to_string(latency_ms) + "}";
}

std::string Ann(const std::string& ann, int rev, const std::string& kind, const std::string& svc,
                const std::string& state, const std::string& starts, const std::string& ends,
                const std::string& occurred = "2026-11-26T09:00:00Z", const std::string& title = "Titel") {
  return R"({"type":"announcement.v1","event_id":")" + Id("a") + R"(","occurred_at":")" + occurred +
         R"(","announcement_id":")" + ann + R"(","revision":)" + std::to_string(rev) + R"(,"kind":")" + kind +
         R"(","service_ids":[")" + svc + R"("],"state":")" + state + R"(","starts_at":")" + starts +
         R"(","ends_at":)" + (ends.empty() ? std::string("null") : "\"" + ends + "\"") + R"(,"title_sv":")" +
         title + R"(","body_sv":"Text"})";
}

// 2026-11-26 10:00 UTC plus minutes and seconds, as RFC 3339.
std::string At(int minute, int second = 10) {
  return FormatRfc3339Utc(*ParseRfc3339("2026-11-26T10:00:00Z") + minute * kMsPerMinute + second * 1000);
}
TimeMs T(int minute, int second = 0) { return *ParseRfc3339(At(minute, second)); }

// One minute of probes from three locations; `failing` of them fail.
std::vector<std::string> Minute(const std::string& svc, int minute, int failing, int latency_ms = 100) {
  const char* locs[] = {"kista", "liljeholmen", "skarholmen"};
  std::vector<std::string> out;
  for (int i = 0; i < 3; ++i) out.push_back(Probe(svc, locs[i], i >= failing, At(minute), latency_ms));
  return out;
}

class StatusEngine : public ::testing::Test {
 protected:
  void SetUp() override { Add({Service("svc", "Bibliotekskonto")}); }
  void Add(const std::vector<std::string>& lines) {
    FoldTally t = FoldLines(&kv_, lines);
    ASSERT_EQ(t.rejected, 0) << (t.reasons.empty() ? "" : t.reasons[0]);
  }
  void Minutes(std::initializer_list<std::pair<int, int>> minute_failing, int latency_ms = 100,
               const std::string& svc = "svc") {
    for (auto [m, f] : minute_failing) Add(Minute(svc, m, f, latency_ms));
  }
  CityStatus Compute(TimeMs t) {
    CityStatus c;
    Status s = ComputeStatus(kv_, t, &c);
    EXPECT_TRUE(s.ok()) << s.ToString();
    for (const auto& st : c.services)  // alternatives are shown exactly when not operational
      EXPECT_EQ(st.alternatives.empty(), st.level == StatusLevel::kOperational) << st.service_id;
    return c;
  }
  ServiceStatus Svc(TimeMs t, const std::string& id = "svc") {
    CityStatus c = Compute(t);
    const ServiceStatus* s = c.Find(id);
    EXPECT_NE(s, nullptr);
    return s ? *s : ServiceStatus{};
  }
  MemKv kv_;
};

TEST_F(StatusEngine, OperationalWhenRecentProbesPass) {
  Minutes({{0, 0}, {1, 0}, {2, 0}});
  ServiceStatus s = Svc(T(3, 30));
  EXPECT_EQ(s.level, StatusLevel::kOperational);
  EXPECT_EQ(s.explanation_sv, "Alla 3 mätpunkter når tjänsten");
  EXPECT_TRUE(s.alternatives.empty());
  EXPECT_EQ(s.observed, 3);
  // Since: the first observed minute ended at 10:01 (before, it was unknown).
  EXPECT_FALSE(s.since_lower_bound);
  EXPECT_EQ(s.since, T(1));
}

TEST_F(StatusEngine, DegradedWhenOneLocationFails) {
  Minutes({{0, 0}, {1, 0}, {2, 1}});
  ServiceStatus s = Svc(T(3, 30));
  EXPECT_EQ(s.level, StatusLevel::kDegraded);
  EXPECT_EQ(s.cause, StatusCause::kLocationsFailing);
  EXPECT_EQ(s.since, T(3));
  // 10:03 UTC is 11:03 in Stockholm (CET).
  EXPECT_EQ(s.explanation_sv, "1 av 3 mätpunkter når inte tjänsten sedan 11:03");
  ASSERT_EQ(s.alternatives.size(), 1u);
  EXPECT_EQ(s.alternatives[0].contact, "08-508 00 508");
}

TEST_F(StatusEngine, DegradedWhenLastObservedMinuteIsSlow) {
  Minutes({{0, 0}, {1, 0}});
  Minutes({{2, 0}}, /*latency_ms=*/2500);
  ServiceStatus s = Svc(T(3, 30));
  EXPECT_EQ(s.level, StatusLevel::kDegraded);
  EXPECT_EQ(s.cause, StatusCause::kSlow);
  EXPECT_EQ(s.explanation_sv, "Tjänsten svarar långsamt (i genomsnitt 2,5 sekunder) sedan 11:03");
  // Only the last observed minute's latency counts: a fast minute after it is operational.
  Minutes({{3, 0}});
  EXPECT_EQ(Svc(T(4, 30)).level, StatusLevel::kOperational);
}

TEST_F(StatusEngine, LatencyAtThresholdIsNotSlow) {
  Minutes({{0, 0}}, 2000);
  EXPECT_EQ(Svc(T(1, 30)).level, StatusLevel::kOperational);
}

TEST_F(StatusEngine, FailedProbesDoNotCountInLatency) {
  // Failed probes are slow (timeouts) but only passing probes are averaged.
  Add({Probe("svc", "kista", true, At(0), 300), Probe("svc", "kista", true, At(0, 40), 300),
       Probe("svc", "liljeholmen", true, At(0), 300), Probe("svc", "liljeholmen", false, At(0, 20), 30000),
       Probe("svc", "liljeholmen", true, At(0, 40), 300)});
  EXPECT_EQ(Svc(T(1, 30)).level, StatusLevel::kOperational);
}

TEST_F(StatusEngine, OutageWhenTwoOfLastThreeObservedMinutesAreDown) {
  Minutes({{0, 2}, {1, 0}, {2, 3}});
  ServiceStatus s = Svc(T(3, 30));
  EXPECT_EQ(s.level, StatusLevel::kOutage);
  EXPECT_EQ(s.since, T(3));  // before 10:03 only one down minute was in the window: degraded
  EXPECT_EQ(s.explanation_sv, "Ingen av 3 mätpunkter når tjänsten sedan 11:03");
}

TEST_F(StatusEngine, OutageExplanationCountsFailingLocations) {
  Minutes({{0, 2}, {1, 2}});
  ServiceStatus s = Svc(T(2, 30));
  EXPECT_EQ(s.level, StatusLevel::kOutage);
  EXPECT_EQ(s.explanation_sv, "2 av 3 mätpunkter når inte tjänsten sedan 11:02");
}

TEST_F(StatusEngine, OneDownOfThreeIsDegraded) {
  Minutes({{0, 0}, {1, 2}, {2, 0}});
  ServiceStatus s = Svc(T(3, 30));
  EXPECT_EQ(s.level, StatusLevel::kDegraded);
  EXPECT_EQ(s.explanation_sv, "Tjänsten svarar igen men hade störningar kl. 11:01");
}

TEST_F(StatusEngine, OutageWithAGoodLatestMinuteDoesNotSayItAnswersAgain) {
  // 10:00 and 10:01 down (all three fail), 10:02 all pass: 2 of 3 down is an outage.
  Minutes({{0, 3}, {1, 3}, {2, 0}});
  ServiceStatus s = Svc(T(3, 30));
  EXPECT_EQ(s.level, StatusLevel::kOutage);
  EXPECT_EQ(
      s.explanation_sv,
      "De flesta mätpunkter nådde inte tjänsten under 2 av de 3 senaste mätta minuterna, senast kl. 11:01");
}

TEST_F(StatusEngine, NewestProbeIsTheStartOfTheNewestMinuteWithAProbe) {
  Add({Service("tyst", "Aaa utan mätningar")});
  Minutes({{0, 0}, {4, 1}});
  Add(Minute("svc", 20, 0));  // stamped after t: not yet measured at t
  CityStatus c = Compute(T(9, 30));
  ASSERT_TRUE(c.Find("svc")->newest_probe_at.has_value());
  EXPECT_EQ(*c.Find("svc")->newest_probe_at, T(4));
  EXPECT_FALSE(c.Find("tyst")->newest_probe_at.has_value());
  ASSERT_TRUE(c.newest_probe_at.has_value());
  EXPECT_EQ(*c.newest_probe_at, T(4));
}

TEST_F(StatusEngine, NoProbeAnywhereMeansNoNewestMeasurement) {
  CityStatus c = Compute(T(9, 30));
  EXPECT_FALSE(c.newest_probe_at.has_value());
}

TEST_F(StatusEngine, IncidentIsCalledKnownFaultNotTheOutageLevel) {
  EXPECT_STREQ(AnnouncementKindSv(AnnouncementKind::kIncident), "Känt fel");
  EXPECT_STRNE(AnnouncementKindSv(AnnouncementKind::kIncident), LevelLabelSv(StatusLevel::kOutage));
}

TEST_F(StatusEngine, FinishedMaintenanceIsEndedNotSolved) {
  AnnouncementEvent m;
  m.kind = AnnouncementKind::kPlannedMaintenance;
  m.state = AnnouncementState::kResolved;
  EXPECT_STREQ(AnnouncementStatusSv(m, AnnouncementPhase::kPast), "Avslutat");
  m.state = AnnouncementState::kScheduled;
  EXPECT_STREQ(AnnouncementStatusSv(m, AnnouncementPhase::kPast), "Avslutat");
  EXPECT_STREQ(AnnouncementStatusSv(m, AnnouncementPhase::kActive), "Pågår");
  EXPECT_STREQ(AnnouncementStatusSv(m, AnnouncementPhase::kUpcoming), "Planerat");
  m.state = AnnouncementState::kCancelled;
  EXPECT_STREQ(AnnouncementStatusSv(m, AnnouncementPhase::kPast), "Inställt");
}

TEST_F(StatusEngine, ResolvedIncidentIsStillSolved) {
  AnnouncementEvent i;
  i.kind = AnnouncementKind::kIncident;
  i.state = AnnouncementState::kResolved;
  EXPECT_STREQ(AnnouncementStatusSv(i, AnnouncementPhase::kPast), "Löst");
}

TEST_F(StatusEngine, OnlyTheLastThreeObservedMinutesCount) {
  // Two down minutes, then three good ones: the down minutes fall out of the
  // last three observed even though they ended within 5 minutes.
  Minutes({{0, 2}, {1, 2}, {2, 0}, {3, 0}, {4, 0}});
  EXPECT_EQ(Svc(T(5, 30)).level, StatusLevel::kOperational);
  EXPECT_EQ(Svc(T(4, 30)).level, StatusLevel::kDegraded);  // 10:01 down, 10:02-03 up
  EXPECT_EQ(Svc(T(2, 30)).level, StatusLevel::kOutage);    // 10:00 and 10:01 down
}

TEST_F(StatusEngine, MinutesWithoutProbesAreSkipped) {
  // 10:02 has no probes: the last three observed are 10:03, 10:01, 10:00.
  Minutes({{0, 2}, {1, 2}, {3, 0}});
  EXPECT_EQ(Svc(T(4, 30)).level, StatusLevel::kOutage);
}

TEST_F(StatusEngine, WindowIsFiveMinutesOfEndedMinutes) {
  Minutes({{0, 0}, {1, 0}, {2, 0}});
  // Minute 10:02 ends 10:03; it counts while its end >= t - 5 min.
  EXPECT_EQ(Svc(T(7, 59)).level, StatusLevel::kOperational);
  EXPECT_EQ(Svc(T(8, 0)).level, StatusLevel::kOperational);
  ServiceStatus s = Svc(T(8, 1));
  EXPECT_EQ(s.level, StatusLevel::kUnknown);  // same data, time advanced: stale
  EXPECT_EQ(s.cause, StatusCause::kNoProbes);
  EXPECT_EQ(s.explanation_sv, "Vi har inga mätningar av tjänsten från de senaste 5 minuterna");
  EXPECT_EQ(s.since, T(8));  // the window loses its last minute just after 10:08:00
  EXPECT_FALSE(s.alternatives.empty());
}

TEST_F(StatusEngine, TheRunningMinuteIsNotYetObserved) {
  Minutes({{5, 0}});
  EXPECT_EQ(Svc(T(5, 30)).level, StatusLevel::kUnknown);
  EXPECT_EQ(Svc(T(6, 0)).level, StatusLevel::kOperational);
}

TEST_F(StatusEngine, NoProbesEverIsUnknownSinceMoreThanTheBound) {
  ServiceStatus s = Svc(T(0));
  EXPECT_EQ(s.level, StatusLevel::kUnknown);
  EXPECT_TRUE(s.since_lower_bound);
}

TEST_F(StatusEngine, MaintenanceWindowBeatsEverything) {
  Minutes({{0, 3}, {1, 3}, {2, 3}, {3, 3}});
  Add({Ann("m1", 1, "planned_maintenance", "svc", "scheduled", At(2, 15), At(30, 0))});
  ServiceStatus s = Svc(T(3, 30));
  EXPECT_EQ(s.level, StatusLevel::kMaintenance);
  EXPECT_EQ(s.since, T(2, 15));
  EXPECT_EQ(s.explanation_sv, "Planerat underhåll pågår till 11:30");
  EXPECT_FALSE(s.alternatives.empty());
  // starts_at <= t < ends_at: at ends_at the probes decide again.
  EXPECT_EQ(Svc(T(2, 14)).level, StatusLevel::kOutage);
  EXPECT_EQ(Svc(T(30, 0)).level, StatusLevel::kUnknown);
  // Maintenance also beats an open incident.
  Add({Ann("i1", 1, "incident", "svc", "investigating", At(0, 0), "")});
  EXPECT_EQ(Svc(T(3, 30)).level, StatusLevel::kMaintenance);
}

TEST_F(StatusEngine, CancelledMaintenanceDoesNotApply) {
  Minutes({{0, 0}, {1, 0}, {2, 0}});
  Add({Ann("m1", 1, "planned_maintenance", "svc", "scheduled", At(0, 0), At(30, 0))});
  EXPECT_EQ(Svc(T(3, 30)).level, StatusLevel::kMaintenance);
  Add({Ann("m1", 2, "planned_maintenance", "svc", "cancelled", At(0, 0), At(30, 0))});
  ServiceStatus s = Svc(T(3, 30));
  EXPECT_EQ(s.level, StatusLevel::kOperational);
  EXPECT_TRUE(s.announcements.empty());
  // A lower revision arriving late does not bring it back.
  Add({Ann("m1", 1, "planned_maintenance", "svc", "scheduled", At(0, 0), At(30, 0))});
  EXPECT_EQ(Svc(T(3, 30)).level, StatusLevel::kOperational);
}

TEST_F(StatusEngine, UpcomingMaintenanceWithinFourteenDays) {
  Add({Ann("soon", 1, "planned_maintenance", "svc", "scheduled", "2026-11-29T21:00:00Z",
           "2026-11-29T23:00:00Z"),
       Ann("later", 1, "planned_maintenance", "svc", "scheduled", "2026-12-20T21:00:00Z",
           "2026-12-20T23:00:00Z"),
       Ann("gone", 1, "planned_maintenance", "svc", "cancelled", "2026-11-28T21:00:00Z",
           "2026-11-28T23:00:00Z")});
  CityStatus c = Compute(T(0));
  ASSERT_EQ(c.upcoming_maintenance.size(), 1u);
  EXPECT_EQ(c.announcements[c.upcoming_maintenance[0]].a.announcement_id, "soon");
  // The service lists every upcoming announcement for it (not the cancelled one).
  const ServiceStatus* s = c.Find("svc");
  ASSERT_EQ(s->announcements.size(), 2u);
  EXPECT_EQ(c.announcements[s->announcements[0]].a.announcement_id, "soon");
  EXPECT_EQ(c.announcements[s->announcements[1]].a.announcement_id, "later");
}

TEST_F(StatusEngine, OpenIncidentLiftsOperationalToDegraded) {
  Minutes({{0, 0}, {1, 0}, {2, 0}});
  Add({Ann("i1", 1, "incident", "svc", "investigating", At(2, 30), "")});
  ServiceStatus s = Svc(T(3, 30));
  EXPECT_EQ(s.level, StatusLevel::kDegraded);
  EXPECT_EQ(s.cause, StatusCause::kIncident);
  EXPECT_EQ(s.since, T(2, 30));
  EXPECT_EQ(s.explanation_sv, "Vi undersöker ett fel som påverkar tjänsten");
  ASSERT_EQ(s.announcements.size(), 1u);
  EXPECT_EQ(Svc(T(2, 29)).level, StatusLevel::kOperational);  // starts_at <= t
}

TEST_F(StatusEngine, OpenIncidentLiftsUnknownToDegraded) {
  Add({Ann("i1", 1, "incident", "svc", "identified", At(0, 0), "")});
  ServiceStatus s = Svc(T(3, 30));
  EXPECT_EQ(s.level, StatusLevel::kDegraded);
  EXPECT_EQ(s.explanation_sv, "Ett känt fel påverkar tjänsten och åtgärdas");
}

TEST_F(StatusEngine, OpenIncidentDoesNotLowerAnOutage) {
  Minutes({{0, 3}, {1, 3}, {2, 3}});
  Add({Ann("i1", 1, "incident", "svc", "monitoring", At(0, 0), "")});
  ServiceStatus s = Svc(T(3, 30));
  EXPECT_EQ(s.level, StatusLevel::kOutage);
  EXPECT_EQ(s.cause, StatusCause::kLocationsFailing);
}

TEST_F(StatusEngine, ResolvedIncidentDoesNotApply) {
  Minutes({{0, 0}, {1, 0}, {2, 0}});
  Add({Ann("i1", 1, "incident", "svc", "investigating", At(0, 0), "")});
  EXPECT_EQ(Svc(T(3, 30)).level, StatusLevel::kDegraded);
  Add({Ann("i1", 2, "incident", "svc", "resolved", At(0, 0), At(3, 0), At(3, 0))});
  ServiceStatus s = Svc(T(3, 30));
  EXPECT_EQ(s.level, StatusLevel::kOperational);
  // Since: the resolved incident is taken to have applied until it ended.
  EXPECT_EQ(s.since, T(3, 0));
  EXPECT_TRUE(s.announcements.empty());
}

TEST_F(StatusEngine, IncidentWhoseEndIsPastDoesNotApply) {
  Minutes({{0, 0}, {1, 0}, {2, 0}});
  Add({Ann("i1", 1, "incident", "svc", "investigating", At(0, 0), At(2, 0))});
  EXPECT_EQ(Svc(T(3, 30)).level, StatusLevel::kOperational);
  EXPECT_EQ(Svc(T(1, 59)).level, StatusLevel::kDegraded);
}

TEST_F(StatusEngine, FutureIncidentIsUpcomingNotApplied) {
  Minutes({{0, 0}, {1, 0}, {2, 0}});
  Add({Ann("i1", 1, "incident", "svc", "investigating", At(40, 0), "")});
  CityStatus c = Compute(T(3, 30));
  EXPECT_EQ(c.Find("svc")->level, StatusLevel::kOperational);
  ASSERT_EQ(c.announcements.size(), 1u);
  EXPECT_EQ(c.announcements[0].phase, AnnouncementPhase::kUpcoming);
}

TEST_F(StatusEngine, IncidentOnlyAffectsListedServices) {
  Add({Service("other", "Skolval")});
  Minutes({{0, 0}, {1, 0}, {2, 0}});
  Minutes({{0, 0}, {1, 0}, {2, 0}}, 100, "other");
  Add({Ann("i1", 1, "incident", "other", "investigating", At(0, 0), "")});
  CityStatus c = Compute(T(3, 30));
  EXPECT_EQ(c.Find("svc")->level, StatusLevel::kOperational);
  EXPECT_TRUE(c.Find("svc")->announcements.empty());
  EXPECT_EQ(c.Find("other")->level, StatusLevel::kDegraded);
}

TEST_F(StatusEngine, RetiredServicesAreAbsent) {
  Add({Service("old", "Gammal tjänst", /*retired=*/true)});
  Minutes({{0, 3}, {1, 3}}, 100, "old");
  CityStatus c = Compute(T(3, 30));
  EXPECT_EQ(c.Find("old"), nullptr);
  EXPECT_EQ(c.services.size(), 1u);
}

TEST_F(StatusEngine, ServicesSortedByName) {
  Add({Service("a-svc", "Öppna förskolan"), Service("b-svc", "Ansök om bygglov")});
  CityStatus c = Compute(T(0));
  ASSERT_EQ(c.services.size(), 3u);
  EXPECT_EQ(c.services[0].name, "Ansök om bygglov");
  EXPECT_EQ(c.services[1].name, "Bibliotekskonto");
  EXPECT_EQ(c.services[2].name, "Öppna förskolan");
}

TEST_F(StatusEngine, SinceOnAnEarlierDayShowsTheDate) {
  // Degraded since 10:03 UTC; looked at the next day.
  std::vector<std::string> lines;
  for (int m = 0; m < 60 * 20; ++m) {
    auto minute = Minute("svc", m, 1);
    lines.insert(lines.end(), minute.begin(), minute.end());
  }
  Add(lines);
  ServiceStatus s = Svc(T(60 * 20, 30));  // 2026-11-27 06:00:30 UTC
  EXPECT_EQ(s.level, StatusLevel::kDegraded);
  EXPECT_EQ(s.since, T(1));
  EXPECT_EQ(s.explanation_sv, "1 av 3 mätpunkter når inte tjänsten sedan 26 nov 2026 kl. 11:01");
}

TEST_F(StatusEngine, SinceIsBoundedToADay) {
  std::vector<std::string> lines;
  for (int m = 0; m < 60 * 25; ++m) lines.push_back(Probe("svc", "kista", true, At(m)));
  Add(lines);
  ServiceStatus s = Svc(T(60 * 25, 30));
  EXPECT_EQ(s.level, StatusLevel::kOperational);
  EXPECT_TRUE(s.since_lower_bound);
}

TEST_F(StatusEngine, LateProbeChangesTheLevel) {
  Minutes({{0, 0}, {1, 0}, {2, 0}});
  EXPECT_EQ(Svc(T(3, 30)).level, StatusLevel::kOperational);
  // Two locations report failures for 10:01 and 10:02 late.
  Add({Probe("svc", "kista", false, At(1, 50)), Probe("svc", "kista", false, At(1, 51)),
       Probe("svc", "liljeholmen", false, At(1, 52)), Probe("svc", "liljeholmen", false, At(1, 53)),
       Probe("svc", "kista", false, At(2, 50)), Probe("svc", "kista", false, At(2, 51)),
       Probe("svc", "liljeholmen", false, At(2, 52)), Probe("svc", "liljeholmen", false, At(2, 53))});
  EXPECT_EQ(Svc(T(3, 30)).level, StatusLevel::kOutage);
}

// The board sleeps until next_change_at: the next minute boundary (+1 ms,
// when a minute that ended 5 minutes ago leaves the window), or earlier the
// next start or end of an announcement, or its entry into the 14-day horizon.
TEST_F(StatusEngine, NextChangeIsTheNextMinuteOrAnnouncementInstant) {
  EXPECT_EQ(Compute(T(5, 30)).next_change_at, T(6) + 1);
  EXPECT_EQ(Compute(T(6)).next_change_at, T(6) + 1);
  EXPECT_EQ(Compute(T(6) + 1).next_change_at, T(7) + 1);
  Add({Ann("inc", 1, "incident", "svc", "investigating", At(5, 40), At(5, 50))});
  EXPECT_EQ(Compute(T(5, 30)).next_change_at, T(5, 40));
  EXPECT_EQ(Compute(T(5, 40)).next_change_at, T(5, 50));
  EXPECT_EQ(Compute(T(5, 50)).next_change_at, T(6) + 1);
  std::string in_15_days = FormatRfc3339Utc(T(5, 45) + 15LL * 24 * 3600 * 1000);
  std::string later = FormatRfc3339Utc(T(5, 45) + 16LL * 24 * 3600 * 1000);
  Add({Ann("pm", 1, "planned_maintenance", "svc", "scheduled", in_15_days, later)});
  const TimeMs kDay = 24 * 3600 * 1000;
  EXPECT_EQ(Compute(T(5, 41)).next_change_at, T(5, 50));
  EXPECT_EQ(Compute(T(5, 35) + kDay).next_change_at, T(5, 45) + kDay);  // enters the 14-day horizon
}

// At most five shown per service: active ones first, then the newest update.
TEST_F(StatusEngine, ShownAreFiveActiveFirstThenNewest) {
  Add({Ann("aktiv", 1, "incident", "svc", "investigating", At(-30), "", "2026-11-26T08:00:00Z")});
  for (int i = 0; i < 6; ++i)
    Add({Ann("kommande-" + std::to_string(i), 1, "incident", "svc", "investigating", At(60 + i), "",
             "2026-11-26T09:0" + std::to_string(i) + ":00Z")});
  CityStatus c = Compute(T(5));
  const ServiceStatus* s = c.Find("svc");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->announcements.size(), 7u);
  ASSERT_EQ(s->shown.size(), 5u);
  std::vector<std::string> shown;
  for (size_t i : s->shown) shown.push_back(c.announcements[i].a.announcement_id);
  // Listed as on the page: active, then upcoming by starts_at.
  EXPECT_EQ(shown,
            (std::vector<std::string>{"aktiv", "kommande-2", "kommande-3", "kommande-4", "kommande-5"}));
  for (const auto& info : c.announcements)
    EXPECT_EQ(info.shown, info.a.announcement_id != "kommande-0" && info.a.announcement_id != "kommande-1")
        << info.a.announcement_id;
}

// An announcement none of whose services is catalogued and non-retired is
// not part of the status at all; one that lists a catalogued one too names
// only that one.
TEST_F(StatusEngine, AnnouncementsOnlyForCataloguedServices) {
  Add({Service("gammal", "Gammal", /*retired=*/true),
       Ann("bort", 1, "incident", "gammal", "investigating", At(0), ""),
       Ann("okand", 1, "incident", "finns-inte", "investigating", At(0), "")});
  CityStatus c = Compute(T(5));
  EXPECT_TRUE(c.announcements.empty());
}

// ------------------------------------------- the explanation in English ----
// The engine gives the facts (StatusFacts) and each text table words them:
// the English states the same facts as the Swedish explanation_sv of the
// tests above, for each of their cases. Times: 10:03 UTC is 11:03 in
// Stockholm (CET).

std::string English(const ServiceStatus& s) { return kTextsEn.explain(s.facts); }

TEST_F(StatusEngine, EnglishExplanationOfAllLocationsReaching) {
  Minutes({{0, 0}, {1, 0}, {2, 0}});
  EXPECT_EQ(English(Svc(T(3, 30))), "All 3 measuring points reach the service");
}

TEST_F(StatusEngine, EnglishExplanationOfSomeLocationsFailing) {
  Minutes({{0, 0}, {1, 0}, {2, 1}});
  EXPECT_EQ(English(Svc(T(3, 30))), "1 of 3 measuring points cannot reach the service since 11:03");
  Minutes({{3, 2}});
  // 10:03 (one failing) and 10:04 (two: down) are both disturbed: since 10:03.
  EXPECT_EQ(English(Svc(T(4, 30))), "2 of 3 measuring points cannot reach the service since 11:03");
}

TEST_F(StatusEngine, EnglishExplanationOfASlowService) {
  Minutes({{0, 0}, {1, 0}});
  Minutes({{2, 0}}, /*latency_ms=*/2500);
  ServiceStatus s = Svc(T(3, 30));
  EXPECT_EQ(s.facts.mean_latency_us, 2'500'000);
  EXPECT_EQ(English(s), "The service responds slowly (on average 2.5 seconds) since 11:03");
}

TEST_F(StatusEngine, EnglishExplanationOfNoLocationReaching) {
  Minutes({{0, 2}, {1, 0}, {2, 3}});
  EXPECT_EQ(English(Svc(T(3, 30))), "None of 3 measuring points reach the service since 11:03");
}

TEST_F(StatusEngine, EnglishExplanationOfAnEarlierDisturbance) {
  Minutes({{0, 0}, {1, 2}, {2, 0}});
  ServiceStatus s = Svc(T(3, 30));
  ASSERT_TRUE(s.facts.disturbed_at.has_value());
  EXPECT_EQ(*s.facts.disturbed_at, T(1));
  EXPECT_EQ(English(s), "The service responds again but had problems at 11:01");
}

TEST_F(StatusEngine, EnglishExplanationOfAnOutageWithAGoodLatestMinute) {
  Minutes({{0, 3}, {1, 3}, {2, 0}});
  ServiceStatus s = Svc(T(3, 30));
  EXPECT_EQ(s.facts.down_minutes, 2);
  EXPECT_EQ(s.facts.observed_minutes, 3);
  EXPECT_EQ(s.facts.last_down_at, T(1));
  EXPECT_EQ(
      English(s),
      "Most measuring points could not reach the service during 2 of the 3 latest measured minutes, the "
      "latest at 11:01");
}

TEST_F(StatusEngine, EnglishExplanationOfNoMeasurements) {
  Minutes({{0, 0}, {1, 0}, {2, 0}});
  EXPECT_EQ(English(Svc(T(8, 1))), "We have no measurements of the service from the last 5 minutes");
}

TEST_F(StatusEngine, EnglishExplanationOfMaintenance) {
  Add({Ann("m1", 1, "planned_maintenance", "svc", "scheduled", At(2, 15), At(30, 0))});
  EXPECT_EQ(English(Svc(T(3, 30))), "Planned maintenance is in progress until 11:30");
  // A window ending on a later day gives the date.
  Add({Ann("m2", 1, "planned_maintenance", "svc", "scheduled", At(40, 0), "2026-11-27T08:00:00Z")});
  ServiceStatus s = Svc(T(41));
  EXPECT_EQ(s.explanation_sv, "Planerat underhåll pågår till 27 nov 2026 kl. 09:00");
  EXPECT_EQ(English(s), "Planned maintenance is in progress until 27 Nov 2026, 09:00");
}

TEST_F(StatusEngine, EnglishExplanationOfEachIncidentState) {
  Minutes({{0, 0}, {1, 0}, {2, 0}});
  Add({Ann("i1", 1, "incident", "svc", "investigating", At(2, 30), "")});
  EXPECT_EQ(English(Svc(T(3, 30))), "We are investigating a problem that affects the service");
  Add({Ann("i1", 2, "incident", "svc", "identified", At(2, 30), "")});
  EXPECT_EQ(English(Svc(T(3, 30))), "A known problem affects the service and is being fixed");
  Add({Ann("i1", 3, "incident", "svc", "monitoring", At(2, 30), "")});
  ServiceStatus s = Svc(T(3, 30));
  EXPECT_EQ(s.explanation_sv, "Ett fel har åtgärdats och vi följer upp att tjänsten fungerar");
  EXPECT_EQ(English(s), "A problem has been fixed and we are checking that the service works");
}

TEST_F(StatusEngine, EnglishExplanationOfASinceOnAnEarlierDay) {
  std::vector<std::string> lines;
  for (int m = 0; m < 60 * 20; ++m) {
    auto minute = Minute("svc", m, 1);
    lines.insert(lines.end(), minute.begin(), minute.end());
  }
  Add(lines);
  EXPECT_EQ(English(Svc(T(60 * 20, 30))),
            "1 of 3 measuring points cannot reach the service since 26 Nov 2026, 11:01");
}

}  // namespace
}  // namespace followup
