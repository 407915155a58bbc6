// A small trend line as inline SVG for the board's report: one point per
// quarter (oldest first), scaled to the points' own range. The SVG is an
// image with a text alternative (role="img", aria-label and <title>) that
// lists every point, so the trend is never shown by the line alone.
//
// Thread-safety: pure function.
#pragma once
#include <string>
#include <vector>

namespace followup {

struct TrendPoint {
  std::string label;  // "2026Q3"
  std::string value;  // the report's decimal text (only drawn, never computed with)
  std::string text;   // the value as people read it, "95,3 %"
};

// "" for no points. With one point a dot; the alternative text reads
// "Trend: 2026Q1 95,0 %, 2026Q2 96,1 %". Every text is escaped (HtmlEscape).
std::string Sparkline(const std::vector<TrendPoint>& points);

}  // namespace followup
