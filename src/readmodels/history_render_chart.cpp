// The response-time chart of a service's history page (history_render.h):
// the SVG (templates/chart.mustache, XML escaping), its legend
// (chart_keys.mustache) and the same figures as a table (rt_table.mustache),
// in Swedish or English (texts.h).
#include <algorithm>
#include <array>
#include <cstdio>

#include "common/decimal.h"
#include "readmodels/citizen_html.h"
#include "readmodels/history_render.h"

namespace followup {
namespace {

constexpr std::array<const char*, 6> kLineColours = {"#0a4f94", "#b3001b", "#0b6b2f",
                                                     "#8a4a00", "#5b2a86", "#1b1b1b"};
constexpr std::array<const char*, 6> kLineDashes = {"", "8 4", "2 3", "10 3 2 3", "4 4", "1 5"};
constexpr TimeMs kHour = 3600 * 1000;

int64_t NiceCeil(int64_t v) {
  int64_t step = 1;
  while (step * 10 < v) step *= 10;
  for (int64_t m : {1, 2, 5, 10})
    if (step * m >= v) return step * m;
  return step * 10;
}

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// The mean of passing probes in ms, rounded; -1 when none passed.
int64_t MeanMs(ExactSum sum_us, uint64_t passed) {
  return passed ? int64_t((sum_us + ExactSum(passed) * 500) / (ExactSum(passed) * 1000)) : -1;
}

// Whole-series mean of the passing probes, and the highest bucket mean; -1 when none.
void SeriesStats(const LocationSeries& s, int64_t* mean_ms, int64_t* max_ms) {
  ExactSum sum = 0;
  uint64_t passed = 0;
  *max_ms = -1;
  for (const auto& b : s.buckets) {
    sum += b.latency_us;
    passed += b.passed;
    *max_ms = std::max(*max_ms, b.mean_ms);
  }
  *mean_ms = MeanMs(sum, passed);
}

std::string ChartDescription(const PageTexts& t, const ResponseTimes& rt) {
  if (rt.locations.empty()) return t.chart_none.str();
  std::string out;
  for (const auto& s : rt.locations) {
    int64_t mean = -1, max = -1;
    SeriesStats(s, &mean, &max);
    out += t.chart_location.str() + s.location + ": ";
    out += mean < 0 ? t.chart_no_passed.str() : t.chart_mean_max(t.milliseconds(mean), t.milliseconds(max));
    out += ". ";
  }
  return out;
}

// One line of the legend (templates/chart_keys.mustache): a sample of the
// line as the chart draws it, and its label.
mustache::data KeyLine(const char* colour, const char* width, const char* dash, const std::string& label) {
  mustache::data x;
  x.set("colour", TemplateString(colour));
  x.set("width", TemplateString(width));
  if (dash[0]) x.set("dash", TemplateString(dash));
  x.set("label", TemplateString(label));
  return x;
}

}  // namespace

double ChartLabelWidth(std::string_view label) {
  // Characters, not bytes: a UTF-8 continuation byte starts no character.
  size_t chars = 0;
  for (unsigned char c : label) chars += (c & 0xC0) != 0x80;
  return double(chars) * kChartCharWidth;
}

std::string ResponseTimeLegendHtml(const ResponseTimes& rt, Lang lang) {
  const PageTexts& t = TextsFor(lang);
  mustache::data keys{mustache::data::type::list};
  for (size_t i = 0; i < rt.locations.size(); ++i) {
    size_t k = i % kLineColours.size();
    keys.push_back(
        KeyLine(kLineColours[k], "3", kLineDashes[k], t.chart_location.str() + rt.locations[i].location));
  }
  keys.push_back(
      KeyLine("#3d3d3d", "1.5", "3 3", t.chart_threshold(t.milliseconds(rt.latency_threshold_ms))));
  mustache::data d;
  d.set("keys", keys);
  return RenderTemplate("chart_keys", d);
}

// Hour by hour (local time), per location: the mean of the passing probes
// (templates/rt_table.mustache).
std::string ResponseTimeTableHtml(const ResponseTimes& rt, Lang lang) {
  if (rt.locations.empty()) return "";
  const PageTexts& t = TextsFor(lang);
  mustache::data d;
  d.set("summary", TemplateString(t.rt_table_summary.str()));
  d.set("region", TemplateString(t.rt_table_region.str()));
  d.set("caption", TemplateString(t.rt_table_caption.str()));
  d.set("col_hour", TemplateString(t.col_hour.str()));
  mustache::data locations{mustache::data::type::list};
  for (const auto& s : rt.locations) {
    mustache::data x;
    x.set("name", TemplateString(s.location));
    locations.push_back(x);
  }
  d.set("locations", locations);
  mustache::data rows{mustache::data::type::list};
  TimeMs first = rt.from - ((rt.from % kHour) + kHour) % kHour;
  for (TimeMs h = first; h < rt.to; h += kHour) {
    mustache::data cells{mustache::data::type::list};
    for (const auto& s : rt.locations) {
      ExactSum sum = 0;
      uint64_t passed = 0, failed = 0;
      for (const auto& b : s.buckets)
        if (b.start >= h && b.start < h + kHour) {
          sum += b.latency_us;
          passed += b.passed;
          failed += b.failed;
        }
      std::string cell = passed ? t.milliseconds(MeanMs(sum, passed)) : "–";
      if (failed) cell += t.failed_probes(failed);
      mustache::data c;
      c.set("text", TemplateString(cell));
      cells.push_back(c);
    }
    mustache::data row;
    row.set("hour", TemplateString(t.date_time(std::max(h, rt.from))));
    row.set("cells", cells);
    rows.push_back(row);
  }
  d.set("rows", rows);
  return RenderTemplate("rt_table", d);
}

std::string RenderResponseTimeSvg(const ResponseTimes& rt, Lang lang) {
  const PageTexts& t = TextsFor(lang);
  int64_t top = 0;
  for (const auto& s : rt.locations)
    for (const auto& b : s.buckets) top = std::max(top, b.mean_ms);
  int64_t ymax = NiceCeil(std::max<int64_t>(top * 6 / 5, 100));
  // The left margin holds the longest y label ("10 000 ms"), right-aligned
  // kLabelGap before the plot: the label's estimated width, kLabelGap and
  // kLabelPad to the edge of the view box, at least kMinLeft.
  constexpr double kW = 640, kH = 260, kRight = 12, kTop = 14, kBottom = 34;
  constexpr double kMinLeft = 64, kLabelGap = 6, kLabelPad = 4;
  const double kLeft = std::max(kMinLeft, ChartLabelWidth(t.milliseconds(ymax)) + kLabelGap + kLabelPad);
  const double pw = kW - kLeft - kRight, ph = kH - kTop - kBottom;
  const double span = double(std::max<TimeMs>(1, rt.to - rt.from));
  auto x_of = [&](TimeMs at) { return kLeft + pw * double(at - rt.from) / span; };
  auto y_of = [&](int64_t ms) { return kTop + ph * (1.0 - double(ms) / double(ymax)); };

  mustache::data d;
  d.set("title", TemplateString(t.chart_title(rt.name)));
  d.set("description", TemplateString(ChartDescription(t, rt)));
  d.set("left", TemplateString(Num(kLeft)));
  d.set("top", TemplateString(Num(kTop)));
  d.set("width", TemplateString(Num(pw)));
  d.set("height", TemplateString(Num(ph)));
  // The y axis: 0, half and the top.
  mustache::data y_ticks{mustache::data::type::list};
  for (int64_t v : {int64_t(0), ymax / 2, ymax}) {
    mustache::data x;
    x.set("x1", TemplateString(Num(kLeft)));
    x.set("x2", TemplateString(Num(kLeft + pw)));
    x.set("y", TemplateString(Num(y_of(v))));
    x.set("label_x", TemplateString(Num(kLeft - kLabelGap)));
    x.set("label_y", TemplateString(Num(y_of(v) + 5)));
    x.set("label", TemplateString(t.milliseconds(v)));
    y_ticks.push_back(x);
  }
  d.set("y_ticks", y_ticks);
  // The x axis: every sixth local hour.
  mustache::data x_ticks{mustache::data::type::list};
  for (TimeMs at = rt.from - ((rt.from % kHour) + kHour) % kHour + kHour; at < rt.to; at += kHour) {
    if (ToStockholm(at).hour % 6 != 0) continue;
    mustache::data x;
    x.set("x", TemplateString(Num(x_of(at))));
    x.set("y1", TemplateString(Num(kTop)));
    x.set("y2", TemplateString(Num(kTop + ph)));
    x.set("label_y", TemplateString(Num(kH - 12)));
    x.set("label", TemplateString(t.at_clock(at)));
    x_ticks.push_back(x);
  }
  d.set("x_ticks", x_ticks);
  if (rt.latency_threshold_ms > 0 && rt.latency_threshold_ms <= ymax) {
    mustache::data x;
    x.set("x1", TemplateString(Num(kLeft)));
    x.set("x2", TemplateString(Num(kLeft + pw)));
    x.set("y", TemplateString(Num(y_of(rt.latency_threshold_ms))));
    d.set("threshold", x);
  }
  const TimeMs bucket = TimeMs(rt.bucket_minutes) * kMsPerMinute;
  mustache::data series{mustache::data::type::list};
  for (size_t i = 0; i < rt.locations.size(); ++i) {
    size_t k = i % kLineColours.size();
    std::string path;
    bool pen = false;
    for (const auto& b : rt.locations[i].buckets) {
      if (b.mean_ms < 0) {
        pen = false;
        continue;
      }
      TimeMs mid = std::min(rt.to, b.start - ((b.start % bucket) + bucket) % bucket + bucket / 2);
      path += std::string(pen ? "L" : "M") + Num(x_of(std::max(rt.from, mid))) + " " + Num(y_of(b.mean_ms));
      pen = true;
    }
    if (path.empty()) continue;
    mustache::data x;
    x.set("d", TemplateString(path));
    x.set("colour", TemplateString(kLineColours[k]));
    if (kLineDashes[k][0]) x.set("dash", TemplateString(kLineDashes[k]));
    series.push_back(x);
  }
  d.set("series", series);
  return RenderTemplate("chart", d, Escaping::kXml);
}

}  // namespace followup
