// The goals report (indicators.md "Targets, attainment and trend"): one row per
// winning, not withdrawn target of the quarter's year, with the indicator's
// value for that scope and quarter, the attainment, the previous quarter, the
// change, whether it improved, and the same quarter a year earlier. Computed
// from the projections alone: the targets (tgt/) and three ILS reports.
//
// Arithmetic is decimal, never binary floating point: values as the ILS report
// writes them (6 decimals, half away from zero) and targets and tolerances as
// stored (micro-units, rounded the same way by the decoder) compare exactly.
//
// Thread-safety: pure functions of the reader's state; use a snapshot reader.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/time.h"
#include "events/indicators.h"
#include "projections/kv.h"
#include "projections/records.h"

namespace followup {

struct GoalRow {
  IndicatorId indicator = IndicatorId::kQualAvailability;  // its perspective: Info(indicator).perspective
  std::string scope, scope_id;
  std::optional<std::string> value;  // decimal text as in the ILS report
  std::string target, tolerance, direction, attainment;
  std::optional<std::string> previous_value, change, year_ago_value;
  std::optional<bool> improved;
};

struct GoalsReport {
  QuarterId quarter = 0;
  std::vector<GoalRow> rows;  // sorted like the ILS report
};

// The winning targets in force for a year (withdrawn ones left out), in key order.
Status LoadTargets(const KvReader& store, int year, std::vector<TargetRecord>* out);

Status BuildGoalsReport(const KvReader& store, QuarterId quarter, GoalsReport* out);

// RFC 4180 CSV with the header of indicators.md; absent values are empty fields.
std::string GoalsCsv(const GoalsReport& r);
// {"quarter": ..., "rows": [...]}: numbers as JSON numbers, null for absent values.
std::string GoalsJson(const GoalsReport& r);

}  // namespace followup
