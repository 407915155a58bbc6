#include "readmodels/board_report.h"

#include <gtest/gtest.h>

#include "common/collate.h"
#include "events/indicators.h"
#include "readmodels/indicator_texts.h"

namespace followup {
namespace {

QuarterId Q(const char* n) { return *ParseQuarter(n); }

GoalRow Goal(IndicatorId ind, const char* scope, const char* id, const char* att,
             std::optional<std::string> value = std::nullopt) {
  GoalRow g;
  g.indicator = ind;
  g.scope = scope;
  g.scope_id = id;
  g.attainment = att;
  g.value = value;
  g.target = "0.99";
  g.tolerance = "0.005";
  return g;
}

BoardInputs Inputs() {
  BoardInputs in;
  in.quarter = Q("2026Q3");
  in.now = QuarterEnd(Q("2026Q4"));  // the quarter is over
  in.current.quarter = in.quarter;
  in.current.rows = {
      {IndicatorId::kQualAvailability, "city", "stockholm", "0.995", "995", "1000"},
      {IndicatorId::kQualAvailability, "service", "a", "0.9", "9", "10"},
      {IndicatorId::kQualAvailability, "service", "b", "0.9", "9", "10"},
      {IndicatorId::kQualAvailability, "service", "c", "0.9", "9", "10"},
      {IndicatorId::kExtSatisfiedShare, "city", "stockholm", "0.8", "20", "25"},
      {IndicatorId::kExtDigitalShare, "city", "stockholm", "0.6", "60", "100"},
  };
  in.previous.quarter = Q("2026Q2");
  in.previous.rows = {{IndicatorId::kQualAvailability, "city", "stockholm", "0.99", "99", "100"},
                      {IndicatorId::kExtDigitalShare, "city", "stockholm", "0.4", "40", "100"}};
  in.history = {in.previous, in.current};
  in.goals.quarter = in.quarter;
  in.goals.rows = {Goal(IndicatorId::kQualAvailability, "city", "stockholm", "met", "0.995"),
                   Goal(IndicatorId::kQualAvailability, "service", "a", "not_met", "0.9"),
                   Goal(IndicatorId::kQualAvailability, "service", "b", "partly_met", "0.9"),
                   Goal(IndicatorId::kQualIncidents, "city", "stockholm", "no_data"),
                   Goal(IndicatorId::kExtDigitalShare, "city", "stockholm", "met", "0.6")};
  // As BuildGoalsReport fills them in from the same two reports.
  in.goals.rows[0].previous_value = "0.99";
  in.goals.rows[0].change = "0.005";
  in.goals.rows[0].improved = true;
  in.goals.rows[4].previous_value = "0.4";
  in.goals.rows[4].change = "0.2";
  in.goals.rows[4].improved = true;
  in.service_names = {{"a", "Ölkort"}, {"b", "Zebralagret"}, {"c", "Äldreomsorg"}};
  in.quarters_with_data = {Q("2026Q4"), Q("2026Q3"), Q("2026Q2")};
  return in;
}

const BoardRow* Find(const BoardReport& r, IndicatorId ind, const std::string& scope, const std::string& id) {
  for (const auto& row : r.rows)
    if (row.indicator == ind && row.scope == scope && row.scope_id == id) return &row;
  return nullptr;
}

TEST(ReportBoard, CountsTargetsPerPerspective) {
  BoardReport r = AssembleBoardReport(Inputs());
  ASSERT_EQ(r.summary.size(), 5u);
  EXPECT_EQ(r.summary[0].perspective, Perspective::kExternal);
  EXPECT_EQ(r.summary[0].met, 1);
  EXPECT_EQ(r.summary[0].Targets(), 1);
  EXPECT_EQ(r.summary[1].Targets(), 0);
  const PerspectiveSummary& q = r.summary[4];
  EXPECT_EQ(q.perspective, Perspective::kQuality);
  EXPECT_EQ(q.met, 1);
  EXPECT_EQ(q.partly_met, 1);
  EXPECT_EQ(q.not_met, 1);
  EXPECT_EQ(q.no_data, 1);
}

TEST(ReportBoard, ServicesInSwedishNameOrder) {
  BoardReport r = AssembleBoardReport(Inputs());
  std::vector<std::string> names;
  for (const auto& row : r.rows)
    if (row.indicator == IndicatorId::kQualAvailability && row.scope == "service") names.push_back(row.label);
  EXPECT_EQ(names, (std::vector<std::string>{"Zebralagret", "Äldreomsorg", "Ölkort"}));
}

TEST(ReportBoard, EveryIndicatorHasACityRowEvenWithoutData) {
  BoardReport r = AssembleBoardReport(Inputs());
  for (const auto& i : kIndicators) {
    const BoardRow* row = Find(r, i.id, "city", "stockholm");
    ASSERT_NE(row, nullptr) << i.name;
  }
  const BoardRow* inc = Find(r, IndicatorId::kQualIncidents, "city", "stockholm");
  EXPECT_FALSE(inc->value);
  EXPECT_EQ(inc->attainment, "no_data");
  EXPECT_EQ(Find(r, IndicatorId::kIntHoursSaved, "city", "stockholm")->attainment, "");  // no target
}

TEST(ReportBoard, SurveySharesCarryAnswersAndFlagSmallSamples) {
  BoardReport r = AssembleBoardReport(Inputs());
  const BoardRow* s = Find(r, IndicatorId::kExtSatisfiedShare, "city", "stockholm");
  ASSERT_TRUE(s->answers);
  EXPECT_EQ(*s->answers, "25");
  EXPECT_TRUE(s->small_sample);
  EXPECT_FALSE(Find(r, IndicatorId::kExtDigitalShare, "city", "stockholm")->answers);  // usage, not a survey
}

TEST(ReportBoard, ChangeTrendAndMovers) {
  BoardReport r = AssembleBoardReport(Inputs());
  const BoardRow* d = Find(r, IndicatorId::kExtDigitalShare, "city", "stockholm");
  ASSERT_TRUE(d->change);
  EXPECT_EQ(*d->change, "0.2");
  // Without a target the change comes from the two reports.
  const BoardRow* a = Find(r, IndicatorId::kQualAvailability, "service", "a");
  EXPECT_FALSE(a->change);  // not measured in the previous quarter
  ASSERT_EQ(d->trend.size(), 2u);
  EXPECT_EQ(d->trend[0].first, Q("2026Q2"));
  EXPECT_EQ(d->trend[1].second, "0.6");
  ASSERT_EQ(r.movers.size(), 2u);
  EXPECT_EQ(r.movers[0].indicator, IndicatorId::kExtDigitalShare);  // +50 % relative beats +0.5 %
  EXPECT_EQ(r.movers[1].indicator, IndicatorId::kQualAvailability);
}

TEST(ReportBoard, PreliminaryWhileTheQuarterRuns) {
  BoardInputs in = Inputs();
  EXPECT_FALSE(AssembleBoardReport(in).preliminary);
  in.now = QuarterStart(in.quarter) + 1000;
  BoardReport r = AssembleBoardReport(in);
  EXPECT_TRUE(r.preliminary);
  EXPECT_EQ(r.data_until, in.now);
}

TEST(ReportBoard, NeighbouringQuartersWithData) {
  BoardReport r = AssembleBoardReport(Inputs());
  EXPECT_EQ(r.previous, Q("2026Q2"));
  EXPECT_EQ(r.next, Q("2026Q4"));
}

TEST(ReportCollate, SwedishLettersAfterZ) {
  EXPECT_TRUE(SwedishLess("Zebra", "Åsa"));
  EXPECT_TRUE(SwedishLess("Åsa", "Ärende"));
  EXPECT_TRUE(SwedishLess("Ärende", "Öppen"));
  EXPECT_TRUE(SwedishLess("ärende", "Öppen"));  // case-insensitive
  EXPECT_TRUE(SwedishLess("Bibliotek", "bygglov"));
  EXPECT_FALSE(SwedishLess("Élan", "Dag"));  // é as e, not before every letter
  EXPECT_TRUE(SwedishLess("Crème", "Crepe"));
  EXPECT_FALSE(SwedishLess("Öppen", "Zebra"));
}

TEST(ReportTexts, EveryIndicatorHasAText) {
  for (const auto& i : kIndicators) {
    const IndicatorText& t = TextOf(i.id);
    EXPECT_FALSE(t.name.empty()) << i.name;
    EXPECT_FALSE(t.about.empty()) << i.name;
    EXPECT_FALSE(t.source.empty()) << i.name;
    // Shares are percentages, and so is the one ratio of kronor to kronor.
    EXPECT_EQ(UnitText(i.unit) == "%", i.share || i.id == IndicatorId::kIntBenefitToInvestment) << i.name;
  }
  EXPECT_EQ(TextOf(IndicatorId::kQualAvailability).name, "Tillgänglighet");
  EXPECT_EQ(UnitText(Info(IndicatorId::kQualMeanTimeToRestoreMinutes).unit), "minuter");
  EXPECT_EQ(PerspectiveTitle(Perspective::kMaturity), "Internt it-mognadsperspektiv");
}

TEST(ReportTexts, SwedishNumbers) {
  EXPECT_EQ(SwedishValue("0.953", IndicatorUnit::kPercent), "95,3\u00a0%");
  EXPECT_EQ(SwedishValue("1234567.5", IndicatorUnit::kSek), "1\u00a0234\u00a0568\u00a0kr");
  EXPECT_EQ(SwedishChange("0.012", IndicatorUnit::kPercent), "+1,2 procentenheter");
  EXPECT_EQ(SwedishChange("-3500", IndicatorUnit::kSek), "−3\u00a0500\u00a0kr");
  EXPECT_EQ(SwedishChange("0.0001", IndicatorUnit::kPercent), "±0");
}

}  // namespace
}  // namespace followup
