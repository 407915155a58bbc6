#include "readmodels/sparkline.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "common/escape.h"

namespace followup {

std::string Sparkline(const std::vector<TrendPoint>& points) {
  if (points.empty()) return "";
  constexpr double kW = 48, kH = 16, kPad = 2;
  std::vector<double> v;
  v.reserve(points.size());
  for (const auto& p : points) v.push_back(std::strtod(p.value.c_str(), nullptr));
  const double lo = *std::min_element(v.begin(), v.end()), hi = *std::max_element(v.begin(), v.end());
  auto x = [&](size_t i) {
    return points.size() == 1 ? kW / 2 : kPad + (kW - 2 * kPad) * i / (points.size() - 1);
  };
  auto y = [&](double d) { return hi == lo ? kH / 2 : kPad + (kH - 2 * kPad) * (hi - d) / (hi - lo); };
  std::string alt = "Trend: ";
  for (size_t i = 0; i < points.size(); ++i) alt += (i ? ", " : "") + points[i].label + " " + points[i].text;
  alt = HtmlEscape(alt);
  std::string out =
      "<svg class=\"spark\" width=\"48\" height=\"16\" viewBox=\"0 0 48 16\" role=\"img\" aria-label=\"" +
      alt + "\"><title>" + alt + "</title>";
  char buf[64];
  if (points.size() > 1) {
    out += "<polyline fill=\"none\" stroke=\"#1f5f8b\" stroke-width=\"1.5\" points=\"";
    for (size_t i = 0; i < points.size(); ++i) {
      std::snprintf(buf, sizeof buf, "%s%.1f,%.1f", i ? " " : "", x(i), y(v[i]));
      out += buf;
    }
    out += "\"/>";
  }
  std::snprintf(buf, sizeof buf, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2\" fill=\"#1a1a1a\"/>",
                x(points.size() - 1), y(v.back()));
  return out + buf + "</svg>";
}

}  // namespace followup
