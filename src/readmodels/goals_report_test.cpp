// Hand-computed goals reports (indicators.md "Targets, attainment and trend").
#include "readmodels/goals_report.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "projections/fold_testing.h"

namespace followup {
namespace {

constexpr const char* kHeader =
    "quarter,perspective,indicator,scope,scope_id,value,target,tolerance,direction,attainment,previous_value,change,"
    "improved,year_ago_value\n";

std::string Catalog() {
  return R"({"type":"service.v1","event_id":"cat-a","occurred_at":"2025-01-01T00:00:00Z","service_id":"svc-a","name":"Tjänst A","owner":"Nämnd A","category":"grundlaggande","focus_area":1,"url":"https://a","alternatives":[],"presents_case_status":false,"wcag_aa":true,"investment_sek":0})";
}

std::string Usage(const std::string& id, const std::string& start, const std::string& end,
                  const std::string& channel, int cases) {
  return R"({"type":"usage.v1","event_id":")" + id + R"(","occurred_at":")" + end +
         R"(","service_id":"svc-a","period_start":")" + start + R"(","period_end":")" + end +
         R"(","channel":")" + channel + R"(","cases":)" + std::to_string(cases) + "}";
}

std::string Cost(const std::string& id, const std::string& month, const std::string& amount) {
  return R"({"type":"cost.v1","event_id":")" + id + R"(","occurred_at":")" + month +
         R"(-15T00:00:00Z","service_id":"svc-a","month":")" + month +
         R"(","kind":"operations","amount_sek":)" + amount + R"(,"funding":"line"})";
}

// extra: more fields, e.g. R"(,"tolerance":0.05)" or R"(,"withdrawn":true)".
std::string Target(const std::string& id, const std::string& at, const std::string& indicator,
                   const std::string& scope, const std::string& scope_id, int year, const std::string& value,
                   const std::string& extra = "") {
  std::string v = value.empty() ? "" : R"(,"value":)" + value;
  return R"({"type":"target.v1","event_id":")" + id + R"(","occurred_at":")" + at + R"(","indicator":")" +
         indicator + R"(","scope":")" + scope + R"(","scope_id":")" + scope_id + R"(","year":)" +
         std::to_string(year) + v + extra + "}";
}

std::string Goals(const KvReader& kv, std::string_view quarter) {
  GoalsReport r;
  Status s = BuildGoalsReport(kv, *ParseQuarter(quarter), &r);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return GoalsCsv(r);
}

// svc-a (Nämnd A, focus 1, grundlaggande). Digital share: 2025Q3 50/100 = 0.5,
// 2026Q2 60/100 = 0.6, 2026Q3 80/100 = 0.8. Cost: 2026Q2 1500, 2026Q3 1200.
// No adoption, no incidents.
std::vector<std::string> Scenario() {
  return {
      Catalog(),
      Usage("u1", "2025-07-01T00:00:00+02:00", "2025-08-01T00:00:00+02:00", "digital", 50),
      Usage("u2", "2025-07-01T00:00:00+02:00", "2025-08-01T00:00:00+02:00", "phone", 50),
      Usage("u3", "2026-04-01T00:00:00+02:00", "2026-05-01T00:00:00+02:00", "digital", 60),
      Usage("u4", "2026-04-01T00:00:00+02:00", "2026-05-01T00:00:00+02:00", "phone", 40),
      Usage("u5", "2026-07-01T00:00:00+02:00", "2026-08-01T00:00:00+02:00", "digital", 80),
      Usage("u6", "2026-07-01T00:00:00+02:00", "2026-08-01T00:00:00+02:00", "phone", 20),
      Cost("c1", "2026-05", "1500"),
      Cost("c2", "2026-08", "1200"),
      // Exactly on the target (0.8 >= 0.8): met.
      Target("t1", "2026-01-10T09:00:00Z", "ext.digital_share", "city", "stockholm", 2026, "0.8"),
      // 0.8 misses 0.85 by 0.05 = the tolerance: partly met.
      Target("t2", "2026-01-10T09:00:00Z", "ext.digital_share", "owner", "Nämnd A", 2026, "0.85",
             R"(,"tolerance":0.05)"),
      // 0.8 misses 0.9 by 0.1 > 0.05: not met.
      Target("t3", "2026-01-10T09:00:00Z", "ext.digital_share", "service", "svc-a", 2026, "0.9",
             R"(,"tolerance":0.05)"),
      // Revised (later occurred_at) to 0.9; the older 0.75 must not win whatever the order.
      Target("t4-rev", "2026-02-01T09:00:00Z", "ext.digital_share", "category", "grundlaggande", 2026, "0.9"),
      Target("t4-old", "2026-01-15T09:00:00Z", "ext.digital_share", "category", "grundlaggande", 2026,
             "0.75"),
      // Withdrawn after it was set: no row.
      Target("t5", "2026-01-10T09:00:00Z", "ext.digital_share", "focus_area", "1", 2026, "0.7"),
      Target("t5-w", "2026-03-01T09:00:00Z", "ext.digital_share", "focus_area", "1", 2026, "",
             R"(,"withdrawn":true)"),
      // Lower is better: 1200 > 1000 by 200 <= 250: partly met; change 1200 - 1500 = -300: improved.
      Target("t6", "2026-01-10T09:00:00Z", "cost.total_sek", "city", "stockholm", 2026, "1000",
             R"(,"tolerance":250)"),
      // No adoption events: no data.
      Target("t7", "2026-01-10T09:00:00Z", "mat.license_utilization", "city", "stockholm", 2026, "0.9"),
      // No incident, but the city has catalog rows: 0 in each quarter with data; change 0.
      Target("t8", "2026-01-10T09:00:00Z", "qual.incidents", "city", "stockholm", 2026, "0"),
      // Last year's target counts only in last year's quarters.
      Target("t9", "2025-01-10T09:00:00Z", "ext.digital_share", "city", "stockholm", 2025, "0.4"),
  };
}

const std::string kExpected2026Q3 =
    std::string(kHeader) +
    "2026Q3,cost,cost.total_sek,city,stockholm,1200,1000,250,lower_is_better,partly_met,1500,-300,true,\n"
    "2026Q3,external,ext.digital_share,city,stockholm,0.8,0.8,0,higher_is_better,met,0.6,0.2,true,0.5\n"
    "2026Q3,external,ext.digital_share,owner,Nämnd A,0.8,0.85,0.05,higher_is_better,partly_met,0.6,0.2,true,0.5\n"
    "2026Q3,external,ext.digital_share,category,grundlaggande,0.8,0.9,0,higher_is_better,not_met,0.6,0.2,true,0.5\n"
    "2026Q3,external,ext.digital_share,service,svc-a,0.8,0.9,0.05,higher_is_better,not_met,0.6,0.2,true,0.5\n"
    "2026Q3,maturity,mat.license_utilization,city,stockholm,,0.9,0,higher_is_better,no_data,,,,\n"
    "2026Q3,quality,qual.incidents,city,stockholm,0,0,0,lower_is_better,met,0,0,,0\n";

TEST(GoalsGolden, AttainmentAndTrendOfOneQuarter) {
  MemKv kv;
  FoldTally t = FoldLines(&kv, Scenario());
  EXPECT_EQ(t.rejected, 0) << (t.reasons.empty() ? "" : t.reasons[0]);
  EXPECT_EQ(Goals(kv, "2026Q3"), kExpected2026Q3);
}

// 2025Q3 has only the 2025 target: 0.5 >= 0.4, no previous quarter (2025Q2 has no
// data), no year-ago quarter.
TEST(GoalsGolden, LastYearsTargetInLastYearsQuarter) {
  MemKv kv;
  FoldLines(&kv, Scenario());
  EXPECT_EQ(Goals(kv, "2025Q3"),
            std::string(kHeader) +
                "2025Q3,external,ext.digital_share,city,stockholm,0.5,0.4,0,higher_is_better,met,,,,"
                "\n");
}

TEST(GoalsGolden, AQuarterWithoutTargetsIsHeaderOnly) {
  MemKv kv;
  FoldLines(&kv, Scenario());
  EXPECT_EQ(Goals(kv, "2027Q1"), kHeader);
}

// Shuffled delivery, in batches, with a restart (a new Fold over the kept
// store) in the middle: the same report.
TEST(GoalsGolden, ShuffledDeliveryAndARestartGiveTheSameReport) {
  std::mt19937 rng(7);
  for (int round = 0; round < 6; ++round) {
    std::vector<std::string> lines = Scenario();
    std::shuffle(lines.begin(), lines.end(), rng);
    MemKv kv;
    size_t half = lines.size() / 2;
    FoldLines(&kv, std::vector<std::string>(lines.begin(), lines.begin() + half), 3);
    FoldLines(&kv, std::vector<std::string>(lines.begin() + half, lines.end()), 1000);
    EXPECT_EQ(Goals(kv, "2026Q3"), kExpected2026Q3) << "round " << round;
  }
}

// Equal occurred_at: the greater event_id wins, in either order.
TEST(GoalsGolden, TiesGoToTheGreaterEventId) {
  for (bool reversed : {false, true}) {
    std::vector<std::string> lines = {
        Catalog(), Usage("u5", "2026-07-01T00:00:00+02:00", "2026-08-01T00:00:00+02:00", "digital", 80),
        Target("tie-b", "2026-01-10T09:00:00Z", "ext.digital_share", "city", "stockholm", 2026, "0.7"),
        Target("tie-a", "2026-01-10T09:00:00Z", "ext.digital_share", "city", "stockholm", 2026, "0.95")};
    if (reversed) std::swap(lines[2], lines[3]);
    MemKv kv;
    FoldLines(&kv, lines);
    EXPECT_EQ(Goals(kv, "2026Q3"),
              std::string(kHeader) +
                  "2026Q3,external,ext.digital_share,city,stockholm,1,0.7,0,higher_is_better,met,,,,"
                  "\n")
        << reversed;
  }
}

TEST(GoalsJson, NullsForAbsentValues) {
  MemKv kv;
  FoldLines(&kv, Scenario());
  GoalsReport r;
  ASSERT_TRUE(BuildGoalsReport(kv, *ParseQuarter("2026Q3"), &r).ok());
  std::string json = GoalsJson(r);
  EXPECT_NE(
      json.find(
          R"({"indicator":"mat.license_utilization","perspective":"maturity","scope":"city","scope_id":"stockholm","value":null,"target":0.9,"tolerance":0,"direction":"higher_is_better","attainment":"no_data","previous_value":null,"change":null,"improved":null,"year_ago_value":null})"),
      std::string::npos)
      << json;
  EXPECT_EQ(json.rfind(R"({"quarter":"2026Q3","rows":[)", 0), 0u);
}

}  // namespace
}  // namespace followup
