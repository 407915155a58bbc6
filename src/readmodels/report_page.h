// GET /rapport/{quarter}: the board's report (board_report.h) as a printable
// Swedish page, and GET /rapport: the quarters that have data.
//
// The first page summarises the quarter (targets met per perspective, the
// city-wide indicators that moved most); then one section per perspective:
// a city table, per indicator its explanation (indicator_texts.h) and tables
// by owner, focus area and category, then one table of the perspective's
// indicators grouped by e-service (its name once, in Swedish order). Attainment is always
// a symbol and a word; a trend is an SVG with its text alternative.
//
// Print (A4): every table has a fixed number of narrow columns with fixed
// layout and wrapping, so nothing is clipped; headings keep with what
// follows; table headers repeat; @page margin boxes print the quarter, the
// production date and "Sida n av m" on every page (Chromium 131+).
// No JavaScript; every text from events is escaped with HtmlEscape.
//
// Thread-safety: pure functions.
#pragma once
#include <string>
#include <vector>

#include "common/time.h"
#include "readmodels/board_report.h"

namespace followup {

std::string RenderReportPage(const BoardReport& report);

// quarters: newest first (QuartersWithData in ils_report.h, reversed).
std::string RenderReportIndex(const std::vector<QuarterId>& quarters, TimeMs now);

}  // namespace followup
