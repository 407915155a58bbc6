// The quarterly ILS report (spec/indicators.md): every indicator for every
// scope, computed from the projections alone (never by rescanning the log).
//
// Decisions where the spec is silent:
// - A quarter "has data" when at least one event counts in it (a quarter
//   record or an announcement starting in it). A quarter without data yields
//   no rows at all, so catalog-based rows (which are not bound to a quarter)
//   appear only in quarters that have data.
// - qual.monitoring_coverage counts, in numerator and denominator alike, only
//   services with at least one probe in the quarter.
//
// Thread-safety: pure functions of the reader's state; use a snapshot reader.
#pragma once
#include <string>
#include <vector>

#include "common/status.h"
#include "common/time.h"
#include "events/indicators.h"
#include "projections/kv.h"

namespace followup {

struct IlsRow {
  IndicatorId indicator = IndicatorId::kQualAvailability;  // its perspective: Info(indicator).perspective
  std::string scope, scope_id;
  std::string value, numerator, denominator;  // decimal text; denominator empty for sums and counts
};

struct IlsReport {
  QuarterId quarter = 0;
  std::vector<IlsRow> rows;  // sorted as the spec requires
};

Status BuildIlsReport(const KvReader& store, QuarterId quarter, IlsReport* out);
// The reports of several quarters (same order), reading the catalog and the
// announcements once: what BuildIlsReport gives for each.
Status BuildIlsReports(const KvReader& store, const std::vector<QuarterId>& quarters,
                       std::vector<IlsReport>* out);

// Every quarter that has data in the sense above (a q/<quarter>/ record, or a
// live announcement starting in it), ascending: exactly the quarters whose
// BuildIlsReport has rows. Cost: one seek per quarter of the q/ family, plus
// one pass over the announcements.
Status QuartersWithData(const KvReader& store, std::vector<QuarterId>* out);

// One RFC 4180 field: quoted when it holds a comma, quote, CR or LF.
std::string CsvField(const std::string& s);

// RFC 4180 CSV with the spec's header; '\n' line ends.
std::string IlsCsv(const IlsReport& r);
// {"quarter": ..., "rows": [...]}; numbers as JSON numbers, denominator null for sums.
std::string IlsJson(const IlsReport& r);

}  // namespace followup
