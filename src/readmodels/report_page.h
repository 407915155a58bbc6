// GET /rapport/{quarter}: the quarter's indicators as a printable Swedish page,
// one section per perspective, tables by owner and by e-service with inline
// SVG bars for shares. The CSV and JSON are the open-data form of the same rows.
#pragma once
#include <map>
#include <string>

#include "readmodels/ils_report.h"

namespace followup {

// names: service_id -> Swedish display name (from the catalog).
std::string RenderReportPage(const IlsReport& report, const std::map<std::string, std::string>& names);

}  // namespace followup
