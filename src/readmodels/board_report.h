// The board's report (/rapport/{quarter}): what kommunstyrelsen reads each
// quarter, assembled from the ILS report, the goals report and the ILS reports
// of the earlier quarters that have data. Presentation-free: the page
// (report_page.h) renders it.
//
// - Rows: for each indicator (perspective order, then the order of the list
//   in events/indicators.h), the city always (attainment "no_data" and no value
//   when it was not measured: shown as "ej mätt", never left out), then the
//   owners, focus areas, categories and e-services that have a value or a
//   target this quarter; owners and e-services in Swedish name order
//   (common/collate.h), focus areas and categories in their own order.
// - Attainment and change are the goals report's (exact decimals); rows
//   without a target have attainment "" and change from the ILS reports.
// - Trend: the values of the last quarters that have data (at most eight,
//   oldest first, this quarter included) where the row has a value.
// - Survey shares carry their number of answers (the ILS row's denominator);
//   fewer than kSmallSample answers is a small sample.
// - Preliminary: `now` lies before the quarter's end; the data then runs to
//   `now`.
//
// Thread-safety: pure functions of the reader's state; use a snapshot reader.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/time.h"
#include "events/indicators.h"
#include "projections/kv.h"
#include "readmodels/goals_report.h"
#include "readmodels/ils_report.h"

namespace followup {

inline constexpr int kSmallSample = 30;

struct BoardRow {
  IndicatorId indicator = IndicatorId::kQualAvailability;  // its perspective: Info(indicator).perspective
  std::string scope, scope_id;
  std::string label;  // display name (e-service name, owner, "Stockholms stad", ...)
  std::optional<std::string> value, target, tolerance, change, previous_value;
  std::string attainment;  // met, partly_met, not_met, no_data; "" without a target
  std::optional<bool> improved;
  std::optional<std::string> answers;  // survey shares: the number of answers
  bool small_sample = false;
  std::vector<std::pair<QuarterId, std::string>> trend;  // oldest first
};

struct PerspectiveSummary {
  Perspective perspective = Perspective::kExternal;
  int met = 0, partly_met = 0, not_met = 0, no_data = 0;
  int Targets() const { return met + partly_met + not_met + no_data; }
};

// A city-wide indicator that moved since the previous quarter.
struct Mover {
  IndicatorId indicator = IndicatorId::kQualAvailability;
  std::string previous_value, value, change;
  std::optional<bool> improved;
};

struct BoardReport {
  QuarterId quarter = 0;
  bool has_data = false;
  bool preliminary = false;
  TimeMs data_until = 0;                    // the quarter's end, or now while it is in progress
  TimeMs produced_at = 0;                   // now
  std::optional<QuarterId> previous, next;  // neighbouring quarters that have data
  std::vector<PerspectiveSummary> summary;  // the five perspectives, in order
  std::vector<Mover> movers;  // largest relative change first, at most kMaxMovers; none that rounds to ±0
  std::vector<BoardRow> rows;
};
inline constexpr size_t kMaxMovers = 5;

struct BoardInputs {
  QuarterId quarter = 0;
  IlsReport current, previous;     // previous: the quarter before (empty when it has no data)
  std::vector<IlsReport> history;  // the last quarters with data, oldest first, `current` included
  GoalsReport goals;
  std::map<std::string, std::string> service_names;  // service_id -> name
  std::vector<QuarterId> quarters_with_data;         // newest first (QuartersWithData, reversed)
  TimeMs now = 0;
};

// Pure assembly (for tests with hand-built reports).
BoardReport AssembleBoardReport(const BoardInputs& in);

Status BuildBoardReport(const KvReader& store, QuarterId quarter, TimeMs now, BoardReport* out);

}  // namespace followup
