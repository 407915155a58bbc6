// The 24 quarterly indicators of indicators.md, declared once:
// X(name, perspective, direction, share). `share`: a target's value must lie in
// 0..1 (events.md target.v1: names ending in _share, qual.availability,
// qual.monitoring_coverage, mat.license_utilization). `direction`: which way is
// better (indicators.md "Targets, attainment and trend").
// Thread-safety: everything here is immutable.
#pragma once
#include <array>
#include <optional>
#include <string_view>

namespace followup {

enum class Direction : uint8_t { kHigherIsBetter, kLowerIsBetter };

// clang-format off
#define FOLLOWUP_INDICATOR_LIST(X)                                              \
  X("cost.per_digital_case_sek", "cost", kLowerIsBetter, false)                  \
  X("cost.portfolio_share", "cost", kHigherIsBetter, true)                       \
  X("cost.total_sek", "cost", kLowerIsBetter, false)                             \
  X("ext.case_status_share", "external", kHigherIsBetter, true)                  \
  X("ext.contact_details_share", "external", kHigherIsBetter, true)              \
  X("ext.digital_share", "external", kHigherIsBetter, true)                      \
  X("ext.easy_to_find_share", "external", kHigherIsBetter, true)                 \
  X("ext.eased_contact_share", "external", kHigherIsBetter, true)                \
  X("ext.meets_expectations_share", "external", kHigherIsBetter, true)           \
  X("ext.satisfied_share", "external", kHigherIsBetter, true)                    \
  X("int.benefit_to_investment", "internal", kHigherIsBetter, false)             \
  X("int.cost_defensible_share", "internal", kHigherIsBetter, true)              \
  X("int.hours_saved", "internal", kHigherIsBetter, false)                       \
  X("int.influence_share", "internal", kHigherIsBetter, true)                    \
  X("int.realized_benefit_sek", "internal", kHigherIsBetter, false)              \
  X("mat.it_ability_share", "maturity", kHigherIsBetter, true)                   \
  X("mat.license_utilization", "maturity", kHigherIsBetter, true)                \
  X("qual.availability", "quality", kHigherIsBetter, true)                       \
  X("qual.drift_info_found_share", "quality", kHigherIsBetter, true)             \
  X("qual.incidents", "quality", kLowerIsBetter, false)                          \
  X("qual.maintenance_night_share", "quality", kHigherIsBetter, true)            \
  X("qual.mean_time_to_restore_minutes", "quality", kLowerIsBetter, false)       \
  X("qual.monitoring_coverage", "quality", kHigherIsBetter, true)                \
  X("qual.wcag_aa_share", "quality", kHigherIsBetter, true)
// clang-format on

struct IndicatorInfo {
  std::string_view name, perspective;
  Direction direction;
  bool share;
};

inline constexpr std::array<IndicatorInfo, 24> kIndicators = {{
// clang-format off
#define FOLLOWUP_INDICATOR_INFO(name, perspective, direction, share) \
  {name, perspective, Direction::direction, share},
    // clang-format on
    FOLLOWUP_INDICATOR_LIST(FOLLOWUP_INDICATOR_INFO)
#undef FOLLOWUP_INDICATOR_INFO
}};

// The indicator of that name, or nullptr.
constexpr const IndicatorInfo* FindIndicator(std::string_view name) {
  for (const auto& i : kIndicators)
    if (i.name == name) return &i;
  return nullptr;
}

constexpr std::string_view DirectionName(Direction d) {
  return d == Direction::kHigherIsBetter ? "higher_is_better" : "lower_is_better";
}

}  // namespace followup
