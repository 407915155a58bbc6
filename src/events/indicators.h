// The 24 quarterly indicators of indicators.md, declared once:
// X(id, name, perspective, direction, kind, unit, share, survey).
//   id           IndicatorId::<id>, what code refers to an indicator by;
//   name         the wire name (target.v1, the reports' `indicator` column);
//   perspective  the perspective of indicators.md's table;
//   direction    which way is better (indicators.md "Targets, attainment and trend");
//   kind         a ratio (numerator over denominator: a row only where the
//                denominator is > 0), a sum or a count (no denominator);
//   unit         what the value measures (a ratio shown as a percentage, kronor,
//                hours, a number of things, minutes);
//   share        a target's value must lie in 0..1 (events.md target.v1: names
//                ending in _share, qual.availability, qual.monitoring_coverage,
//                mat.license_utilization);
//   survey       a share of survey answers: its denominator is the number of answers.
// The order of the list is the board report's order within a perspective
// (nearly name order: ext.easy_to_find_share comes before ext.eased_contact_share);
// the ILS and goals reports sort their rows by name (IndicatorNameLess).
// Thread-safety: everything here is immutable.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace followup {

enum class Direction : uint8_t { kHigherIsBetter, kLowerIsBetter };
enum class IndicatorKind : uint8_t { kRatio, kSum, kCount };
enum class IndicatorUnit : uint8_t { kPercent, kSek, kHours, kCount, kMinutes };

// The five perspectives, in the programme's order (external .. quality).
enum class Perspective : uint8_t { kExternal, kInternal, kMaturity, kCost, kQuality };
inline constexpr std::array<Perspective, 5> kPerspectives = {Perspective::kExternal, Perspective::kInternal,
                                                             Perspective::kMaturity, Perspective::kCost,
                                                             Perspective::kQuality};
// The wire name: "external", "internal", "maturity", "cost", "quality".
constexpr std::string_view Name(Perspective p) {
  constexpr std::array<std::string_view, 5> kNames = {"external", "internal", "maturity", "cost", "quality"};
  return kNames[static_cast<size_t>(p)];
}

// clang-format off
#define FOLLOWUP_INDICATOR_LIST(X)                                                                                     \
  X(kCostPerDigitalCaseSek, "cost.per_digital_case_sek", kCost, kLowerIsBetter, kRatio, kSek, false, false)            \
  X(kCostPortfolioShare, "cost.portfolio_share", kCost, kHigherIsBetter, kRatio, kPercent, true, false)                \
  X(kCostTotalSek, "cost.total_sek", kCost, kLowerIsBetter, kSum, kSek, false, false)                                  \
  X(kExtCaseStatusShare, "ext.case_status_share", kExternal, kHigherIsBetter, kRatio, kPercent, true, false)           \
  X(kExtContactDetailsShare, "ext.contact_details_share", kExternal, kHigherIsBetter, kRatio, kPercent, true, false)   \
  X(kExtDigitalShare, "ext.digital_share", kExternal, kHigherIsBetter, kRatio, kPercent, true, false)                  \
  X(kExtEasyToFindShare, "ext.easy_to_find_share", kExternal, kHigherIsBetter, kRatio, kPercent, true, true)           \
  X(kExtEasedContactShare, "ext.eased_contact_share", kExternal, kHigherIsBetter, kRatio, kPercent, true, true)        \
  X(kExtMeetsExpectationsShare, "ext.meets_expectations_share", kExternal, kHigherIsBetter, kRatio, kPercent, true,    \
    true)                                                                                                              \
  X(kExtSatisfiedShare, "ext.satisfied_share", kExternal, kHigherIsBetter, kRatio, kPercent, true, true)               \
  X(kIntBenefitToInvestment, "int.benefit_to_investment", kInternal, kHigherIsBetter, kRatio, kPercent, false, false)  \
  X(kIntCostDefensibleShare, "int.cost_defensible_share", kInternal, kHigherIsBetter, kRatio, kPercent, true, true)    \
  X(kIntHoursSaved, "int.hours_saved", kInternal, kHigherIsBetter, kSum, kHours, false, false)                         \
  X(kIntInfluenceShare, "int.influence_share", kInternal, kHigherIsBetter, kRatio, kPercent, true, true)               \
  X(kIntRealizedBenefitSek, "int.realized_benefit_sek", kInternal, kHigherIsBetter, kSum, kSek, false, false)          \
  X(kMatItAbilityShare, "mat.it_ability_share", kMaturity, kHigherIsBetter, kRatio, kPercent, true, true)              \
  X(kMatLicenseUtilization, "mat.license_utilization", kMaturity, kHigherIsBetter, kRatio, kPercent, true, false)      \
  X(kQualAvailability, "qual.availability", kQuality, kHigherIsBetter, kRatio, kPercent, true, false)                  \
  X(kQualDriftInfoFoundShare, "qual.drift_info_found_share", kQuality, kHigherIsBetter, kRatio, kPercent, true, true)  \
  X(kQualIncidents, "qual.incidents", kQuality, kLowerIsBetter, kCount, kCount, false, false)                          \
  X(kQualMaintenanceNightShare, "qual.maintenance_night_share", kQuality, kHigherIsBetter, kRatio, kPercent, true,     \
    false)                                                                                                             \
  X(kQualMeanTimeToRestoreMinutes, "qual.mean_time_to_restore_minutes", kQuality, kLowerIsBetter, kRatio, kMinutes,    \
    false, false)                                                                                                      \
  X(kQualMonitoringCoverage, "qual.monitoring_coverage", kQuality, kHigherIsBetter, kRatio, kPercent, true, false)     \
  X(kQualWcagAaShare, "qual.wcag_aa_share", kQuality, kHigherIsBetter, kRatio, kPercent, true, false)
// clang-format on

enum class IndicatorId : uint8_t {
#define FOLLOWUP_INDICATOR_ID(id, name, perspective, direction, kind, unit, share, survey) id,
  FOLLOWUP_INDICATOR_LIST(FOLLOWUP_INDICATOR_ID)
#undef FOLLOWUP_INDICATOR_ID
};

struct IndicatorInfo {
  IndicatorId id;
  std::string_view name;
  Perspective perspective;
  Direction direction;
  IndicatorKind kind;
  IndicatorUnit unit;
  bool share, survey;
};

inline constexpr std::array kIndicators = {
#define FOLLOWUP_INDICATOR_INFO(id, name, perspective, direction, kind, unit, share, survey) \
  IndicatorInfo{IndicatorId::id,                                                             \
                name,                                                                        \
                Perspective::perspective,                                                    \
                Direction::direction,                                                        \
                IndicatorKind::kind,                                                         \
                IndicatorUnit::unit,                                                         \
                share,                                                                       \
                survey},
    FOLLOWUP_INDICATOR_LIST(FOLLOWUP_INDICATOR_INFO)
#undef FOLLOWUP_INDICATOR_INFO
};
inline constexpr size_t kIndicatorCount = kIndicators.size();

// The entry of an indicator.
constexpr const IndicatorInfo& Info(IndicatorId id) { return kIndicators[static_cast<size_t>(id)]; }
// Its wire name: "qual.availability".
constexpr std::string_view Name(IndicatorId id) { return Info(id).name; }

// The one lookup by wire name: the indicator of that name, or nullptr.
constexpr const IndicatorInfo* FindIndicator(std::string_view name) {
  for (const auto& i : kIndicators)
    if (i.name == name) return &i;
  return nullptr;
}

constexpr std::string_view DirectionName(Direction d) {
  return d == Direction::kHigherIsBetter ? "higher_is_better" : "lower_is_better";
}

// Wire-name order, the order of the reports' rows.
constexpr bool IndicatorNameLess(IndicatorId a, IndicatorId b) { return Name(a) < Name(b); }

namespace indicators_detail {
constexpr bool Consistent() {
  for (size_t i = 0; i < kIndicators.size(); ++i) {
    if (static_cast<size_t>(kIndicators[i].id) != i) return false;
    for (size_t j = 0; j < i; ++j)
      if (kIndicators[j].name == kIndicators[i].name) return false;
  }
  return true;
}
}  // namespace indicators_detail
static_assert(indicators_detail::Consistent(), "FOLLOWUP_INDICATOR_LIST: each wire name once");

}  // namespace followup
