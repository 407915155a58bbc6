// The per-service figures of /metrics (service_figures.h), folded from events.
#include "readmodels/service_figures.h"

#include <gtest/gtest.h>

#include "projections/fold_testing.h"

namespace followup {
namespace {

std::string Service(const char* id, bool retired) {
  return std::string(R"({"type":"service.v1","event_id":"c-)") + id +
         R"(","occurred_at":"2026-06-01T08:00:00Z","service_id":")" + id +
         R"(","name":"N","owner":"U","category":"innovativt","focus_area":1,"url":"https://x","alternatives":[],"presents_case_status":true,"wcag_aa":true,"investment_sek":1,"retired":)" +
         (retired ? "true" : "false") + "}";
}

std::string Probe(const char* id, const char* at, const char* location, bool ok, int latency_ms) {
  return std::string(R"({"type":"probe.v1","event_id":")") + id + R"(","occurred_at":")" + at +
         R"(","service_id":"skolval","location":")" + location + R"(","ok":)" + (ok ? "true" : "false") +
         R"(,"latency_ms":)" + std::to_string(latency_ms) + "}";
}

// skolval on 2026-11-26: 10:00 up (kista passes, 100 ms), 10:01 down (kista
// fails), 10:02 up (kista 300 ms and liljeholmen 100 ms pass). bibliotek has
// no probes; gammal is retired.
std::vector<std::string> Lines() {
  return {Service("skolval", false),
          Service("bibliotek", false),
          Service("gammal", true),
          Probe("p1", "2026-11-26T10:00:15Z", "kista", true, 100),
          Probe("p2", "2026-11-26T10:01:15Z", "kista", false, 5000),
          Probe("p3", "2026-11-26T10:02:15Z", "kista", true, 300),
          Probe("p4", "2026-11-26T10:02:20Z", "liljeholmen", true, 100)};
}

const TimeMs kNow = *ParseRfc3339("2026-11-26T10:05:00Z");

std::vector<ServiceFigures> Build(const std::vector<std::string>& lines) {
  MemKv kv;
  FoldTally t = FoldLines(&kv, lines);
  EXPECT_EQ(t.rejected, 0) << (t.reasons.empty() ? "" : t.reasons[0]);
  std::vector<ServiceFigures> out;
  Status s = BuildServiceFigures(kv, kNow, &out);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return out;
}

TEST(ServiceFigures, OneEntryPerCurrentServiceInIdOrder) {
  auto f = Build(Lines());
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].service.service_id, "bibliotek");
  EXPECT_EQ(f[1].service.service_id, "skolval");
}

TEST(ServiceFigures, TheLatestMinuteGivesLatencyAndAge) {
  auto f = Build(Lines());
  ASSERT_EQ(f.size(), 2u);
  // 10:02: (300 + 100) / 2 ms; it ended at 10:03, two minutes before now.
  EXPECT_DOUBLE_EQ(f[1].latest_latency_seconds.value_or(-1), 0.2);
  EXPECT_DOUBLE_EQ(f[1].probe_age_seconds.value_or(-1), 120);
}

TEST(ServiceFigures, ThirtyDaysOfMinuteVerdicts) {
  auto f = Build(Lines());
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[1].window_30d.up, 2);
  EXPECT_EQ(f[1].window_30d.down, 1);
  EXPECT_DOUBLE_EQ(f[1].availability_30d.value_or(-1), 2.0 / 3.0);
}

TEST(ServiceFigures, ProbeTotals) {
  auto f = Build(Lines());
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[1].probes_ok, 3);
  EXPECT_EQ(f[1].probes_failed, 1);
}

TEST(ServiceFigures, AServiceWithoutProbesHasNoFigures) {
  auto f = Build(Lines());
  ASSERT_EQ(f.size(), 2u);
  EXPECT_FALSE(f[0].latest_latency_seconds.has_value());
  EXPECT_FALSE(f[0].probe_age_seconds.has_value());
  EXPECT_FALSE(f[0].availability_30d.has_value());
  EXPECT_EQ(f[0].probes_ok + f[0].probes_failed, 0);
}

TEST(ServiceFigures, PlannedMaintenanceIsTakenOutOfTheWindow) {
  auto lines = Lines();
  // Covers 10:01, the down minute.
  lines.push_back(
      R"({"type":"announcement.v1","event_id":"a1","occurred_at":"2026-11-20T10:00:00Z","announcement_id":"m-1","revision":1,"kind":"planned_maintenance","service_ids":["skolval"],"state":"scheduled","starts_at":"2026-11-26T10:01:00Z","ends_at":"2026-11-26T10:02:00Z","title_sv":"Underhåll","body_sv":"Planerat."})");
  auto f = Build(lines);
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[1].window_30d.up, 2);
  EXPECT_EQ(f[1].window_30d.down, 0);
  EXPECT_DOUBLE_EQ(f[1].availability_30d.value_or(-1), 1.0);
}

}  // namespace
}  // namespace followup
