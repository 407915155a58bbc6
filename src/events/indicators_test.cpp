#include "events/indicators.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

namespace followup {
namespace {

// The table of indicators.md, "The indicators", typed from the spec: 7
// external, 5 internal, 2 maturity, 3 cost and 7 quality indicators, 24 in all.
const std::map<std::string, std::string>& SpecIndicators() {
  static const std::map<std::string, std::string> kSpec = {
      {"ext.digital_share", "external"},
      {"ext.contact_details_share", "external"},
      {"ext.satisfied_share", "external"},
      {"ext.easy_to_find_share", "external"},
      {"ext.meets_expectations_share", "external"},
      {"ext.eased_contact_share", "external"},
      {"ext.case_status_share", "external"},
      {"int.realized_benefit_sek", "internal"},
      {"int.hours_saved", "internal"},
      {"int.benefit_to_investment", "internal"},
      {"int.cost_defensible_share", "internal"},
      {"int.influence_share", "internal"},
      {"mat.license_utilization", "maturity"},
      {"mat.it_ability_share", "maturity"},
      {"cost.total_sek", "cost"},
      {"cost.per_digital_case_sek", "cost"},
      {"cost.portfolio_share", "cost"},
      {"qual.availability", "quality"},
      {"qual.monitoring_coverage", "quality"},
      {"qual.incidents", "quality"},
      {"qual.mean_time_to_restore_minutes", "quality"},
      {"qual.maintenance_night_share", "quality"},
      {"qual.drift_info_found_share", "quality"},
      {"qual.wcag_aa_share", "quality"},
  };
  return kSpec;
}

TEST(IndicatorList, ExactlyTheIndicatorsOfTheSpec) {
  EXPECT_EQ(SpecIndicators().size(), 24u);
  ASSERT_EQ(kIndicatorCount, 24u);
  std::set<std::string_view> names;
  for (const IndicatorInfo& i : kIndicators) {
    EXPECT_TRUE(names.insert(i.name).second) << "twice: " << i.name;
    auto spec = SpecIndicators().find(std::string(i.name));
    ASSERT_NE(spec, SpecIndicators().end()) << "not in indicators.md: " << i.name;
    EXPECT_EQ(Name(i.perspective), spec->second) << i.name;
  }
  for (const auto& [name, perspective] : SpecIndicators())
    EXPECT_TRUE(names.count(name)) << "missing: " << name;
}

TEST(IndicatorList, IdsNamesAndLookupAgree) {
  for (size_t k = 0; k < kIndicatorCount; ++k) {
    const IndicatorInfo& i = kIndicators[k];
    EXPECT_EQ(static_cast<size_t>(i.id), k) << i.name;
    EXPECT_EQ(&Info(i.id), &i) << i.name;
    EXPECT_EQ(Name(i.id), i.name);
    EXPECT_EQ(FindIndicator(i.name), &i) << i.name;
  }
  EXPECT_EQ(FindIndicator("qual.availability")->id, IndicatorId::kQualAvailability);
  EXPECT_EQ(FindIndicator("qual.Availability"), nullptr);
  EXPECT_EQ(FindIndicator("qual.availability "), nullptr);
  EXPECT_EQ(FindIndicator(""), nullptr);
}

// indicators.md "Targets, attainment and trend": these four are lower_is_better,
// every other indicator higher_is_better.
TEST(IndicatorList, DirectionsOfTheSpec) {
  const std::set<std::string_view> lower = {"cost.total_sek", "cost.per_digital_case_sek", "qual.incidents",
                                            "qual.mean_time_to_restore_minutes"};
  for (const IndicatorInfo& i : kIndicators)
    EXPECT_EQ(i.direction == Direction::kLowerIsBetter, lower.count(i.name) == 1) << i.name;
}

// indicators.md: the rows whose denominator is "—" are the three sums and the
// one count; every other indicator is a ratio.
TEST(IndicatorList, SumsCountsAndRatiosOfTheSpec) {
  const std::set<std::string_view> sums = {"int.realized_benefit_sek", "int.hours_saved", "cost.total_sek"};
  for (const IndicatorInfo& i : kIndicators) {
    IndicatorKind want = sums.count(i.name)           ? IndicatorKind::kSum
                         : i.name == "qual.incidents" ? IndicatorKind::kCount
                                                      : IndicatorKind::kRatio;
    EXPECT_EQ(i.kind, want) << i.name;
  }
}

// events.md target.v1: a target is a share in 0..1 for the names ending in
// _share and for qual.availability, qual.monitoring_coverage and
// mat.license_utilization: 14 names with the suffix (7 external, 2 internal,
// 1 maturity, 1 cost, 3 quality) and those 3, 17 of the 24.
TEST(IndicatorList, SharesOfTheContract) {
  size_t shares = 0;
  for (const IndicatorInfo& i : kIndicators) {
    const bool suffix = i.name.size() > 6 && i.name.substr(i.name.size() - 6) == "_share";
    const bool listed = i.name == "qual.availability" || i.name == "qual.monitoring_coverage" ||
                        i.name == "mat.license_utilization";
    EXPECT_EQ(i.share, suffix || listed) << i.name;
    shares += i.share;
  }
  EXPECT_EQ(shares, 17u);
}

TEST(IndicatorList, PerspectivesInTheProgrammesOrder) {
  ASSERT_EQ(kPerspectives.size(), 5u);
  const char* want[] = {"external", "internal", "maturity", "cost", "quality"};
  for (size_t k = 0; k < kPerspectives.size(); ++k) {
    EXPECT_EQ(static_cast<size_t>(kPerspectives[k]), k);
    EXPECT_EQ(Name(kPerspectives[k]), want[k]);
  }
}

TEST(IndicatorList, NameOrderIsTheReportsRowOrder) {
  // "eased" < "easy": the one place where the list's order is not name order.
  EXPECT_TRUE(IndicatorNameLess(IndicatorId::kExtEasedContactShare, IndicatorId::kExtEasyToFindShare));
  EXPECT_FALSE(IndicatorNameLess(IndicatorId::kExtEasyToFindShare, IndicatorId::kExtEasedContactShare));
  EXPECT_TRUE(IndicatorNameLess(IndicatorId::kCostTotalSek, IndicatorId::kExtCaseStatusShare));
}

}  // namespace
}  // namespace followup
