#include "readmodels/history_render.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>

#include "common/decimal.h"
#include "common/escape.h"
#include "readmodels/render_json.h"
#include "readmodels/status_render.h"

namespace followup {
namespace {

// ---------------------------------------------------------------- JSON ----

using render_json::PhaseName;
using render_json::Q;
using render_json::QTime;
std::string QOrNull(std::string_view s) { return s.empty() ? std::string("null") : Q(s); }

// An update's state in the words of its kind: a maintenance is "Planerat",
// "Avslutat" or "Inställt" (never "Löst"), an incident as AnnouncementStateSv.
const char* UpdateStateSv(AnnouncementKind kind, AnnouncementState state) {
  AnnouncementEvent e;
  e.kind = kind;
  e.state = state;
  return AnnouncementStatusSv(e, AnnouncementPhase::kUpcoming);
}

std::string ArchivedJson(const ArchivedAnnouncement& x) {
  const AnnouncementEvent& a = x.a;
  std::string out = "{\"announcement_id\":" + Q(a.announcement_id) +
                    ",\"revision\":" + std::to_string(a.revision) + ",\"kind\":" + Q(Name(a.kind)) +
                    ",\"kind_sv\":" + Q(AnnouncementKindSv(a.kind)) + ",\"state\":" + Q(Name(a.state)) +
                    ",\"state_sv\":" + Q(AnnouncementStatusSv(a, x.phase)) +
                    ",\"phase\":" + Q(PhaseName(x.phase)) + ",\"service_ids\":[";
  for (size_t i = 0; i < x.service_ids.size(); ++i) out += (i ? "," : "") + Q(x.service_ids[i]);
  out += "],\"starts_at\":" + QTime(a.starts_at) +
         ",\"ends_at\":" + (a.ends_at ? QTime(*a.ends_at) : "null") + ",\"title_sv\":" + Q(a.title_sv) +
         ",\"body_sv\":" + Q(a.body_sv) + ",\"title_en\":" + QOrNull(a.title_en) +
         ",\"body_en\":" + QOrNull(a.body_en) + ",\"updated_at\":" + QTime(x.updated_at) +
         ",\"url\":" + Q(AnnouncementPermalink(a)) + ",\"updates\":[";
  for (size_t i = 0; i < x.updates.size(); ++i) {
    const AnnouncementUpdate& u = x.updates[i];
    out += std::string(i ? "," : "") + "{\"revision\":" + std::to_string(u.revision) +
           ",\"occurred_at\":" + QTime(u.occurred_at) + ",\"state\":" + Q(Name(u.state)) +
           ",\"state_sv\":" + Q(UpdateStateSv(a.kind, u.state)) + ",\"title_sv\":" + Q(u.title_sv) +
           ",\"body_sv\":" + Q(u.body_sv) + ",\"title_en\":" + QOrNull(u.title_en) +
           ",\"body_en\":" + QOrNull(u.body_en) + "}";
  }
  out += "]}";
  return out;
}

// ---------------------------------------------------------------- text ----

constexpr std::array<const char*, 12> kMonths = {"jan", "feb", "mar", "apr", "maj", "jun",
                                                 "jul", "aug", "sep", "okt", "nov", "dec"};

std::string DateSv(const LocalDay& d) {
  return std::to_string(d.day) + " " + kMonths[size_t(d.month - 1)] + " " + std::to_string(d.year);
}

// (up + degraded) / observed as a Swedish percentage with two decimals,
// rounded down: "100 %" only when no minute was down.
std::string PercentSv(int64_t num, int64_t den) {
  __int128 x = __int128(num) * 10000 / den;
  int64_t v = int64_t(x);
  char buf[32];
  if (v == 10000) return "100 %";
  std::snprintf(buf, sizeof buf, "%lld,%02lld %%", static_cast<long long>(v / 100),
                static_cast<long long>(v % 100));
  return buf;
}

// A title is one line: its line breaks (CR, LF) become spaces.
std::string TitleHtml(std::string_view s) {
  std::string out = HtmlEscape(s);
  for (char& c : out)
    if (c == '\r' || c == '\n') c = ' ';
  return out;
}

std::string MinutesSv(int64_t n) { return std::to_string(n) + " min"; }

std::string DayDetailSv(const DayHistory& d) {
  std::string out;
  auto add = [&out](int64_t n, const char* what) {
    if (n > 0) out += (out.empty() ? "" : ", ") + MinutesSv(n) + " " + what;
  };
  add(d.down, "nere");
  add(d.degraded, "begränsad");
  add(d.maintenance, "planerat underhåll");
  add(d.unknown, "utan mätning");
  return out.empty() ? "–" : out;
}

std::string DaySummarySv(const DayHistory& d) {
  std::string out = DateSv(d.day) + ": " + LevelLabelSv(DayLevel(d));
  if (d.has_availability())
    out += ", tillgänglighet " + PercentSv(d.up + d.degraded, d.observed());
  else
    out += ", ingen mätning";
  if (!d.announcements.empty())
    out += d.announcements.size() == 1 ? ", 1 driftmeddelande"
                                       : ", " + std::to_string(d.announcements.size()) + " driftmeddelanden";
  return out;
}

std::string Header(std::string_view h1, std::string_view lead) {
  return "<body>\n<a class=\"skip\" href=\"#innehall\">Hoppa till innehållet</a>\n"
         "<header class=\"top\"><div class=\"wrap\"><p class=\"org\">Stockholms stad</p><h1>" +
         std::string(h1) + "</h1><p class=\"lead\">" + std::string(lead) + "</p></div></header>\n";
}

std::string Footer() {
  return "<footer class=\"wrap\"><p><a href=\"/driftinformation\">Driftinformation för alla e-tjänster</a> · "
         "<a href=\"/driftinformation/historik\">Arkiv med driftmeddelanden</a> · "
         "<a href=\"/driftinformation/feed.atom\">Atom-flöde</a></p></footer>\n</body>\n</html>\n";
}

// One announcement with its update timeline. heading: "h2"/"h3".
std::string ArchivedHtml(const ArchivedAnnouncement& x, TimeMs now, const char* heading) {
  const AnnouncementEvent& a = x.a;
  std::string h(heading);
  std::string out = "<article id=\"" + HtmlEscape(AnnouncementAnchor(a.announcement_id)) + "\" class=\"lvl-" +
                    (a.kind == AnnouncementKind::kIncident ? "degraded" : "maintenance") + "\"><" + h + ">" +
                    TitleHtml(a.title_sv) + "</" + h + ">";
  out += "<p class=\"meta\">" + std::string(AnnouncementKindSv(a.kind)) + " · " +
         AnnouncementStatusSv(a, x.phase) + " · " + TimeRangeSv(a.starts_at, a.ends_at);
  if (a.kind == AnnouncementKind::kIncident && a.ends_at && *a.ends_at > now &&
      x.phase != AnnouncementPhase::kPast)
    out += " (beräknat slut)";
  out += "</p><p class=\"meta\">Berör: ";
  for (size_t i = 0; i < x.service_ids.size(); ++i)
    out += std::string(i ? ", " : "") + "<a href=\"" + HtmlEscape(HistoryPagePath(x.service_ids[i])) + "\">" +
           HtmlEscape(x.service_names[i]) + "</a>";
  out += "</p>";
  if (!a.body_sv.empty()) out += "<p>" + HtmlTextWithBreaks(a.body_sv) + "</p>";
  if (!a.title_en.empty() || !a.body_en.empty()) {
    out += "<div lang=\"en\">";
    if (!a.title_en.empty()) out += "<p><strong>" + TitleHtml(a.title_en) + "</strong></p>";
    if (!a.body_en.empty()) out += "<p>" + HtmlTextWithBreaks(a.body_en) + "</p>";
    out += "</div>";
  }
  if (!x.updates.empty()) {
    std::string sub = heading[1] == '2' ? "h3" : "h4";
    out += "<" + sub + ">Så har det gått</" + sub + "><ol class=\"timeline\">";
    for (const auto& u : x.updates) {
      out += "<li><p class=\"meta\"><time datetime=\"" + FormatRfc3339Utc(u.occurred_at) + "\">" +
             FormatSwedish(u.occurred_at) + "</time> · " + UpdateStateSv(a.kind, u.state) +
             "</p><p><strong>" + TitleHtml(u.title_sv) + "</strong></p>";
      if (!u.body_sv.empty()) out += "<p>" + HtmlTextWithBreaks(u.body_sv) + "</p>";
      out += "</li>";
    }
    out += "</ol>";
  }
  out += "<p><a href=\"" + HtmlEscape(AnnouncementPermalink(a)) +
         "\">Länk till det här meddelandet<span "
         "class=\"visually-hidden\">: " +
         TitleHtml(a.title_sv) + "</span></a></p></article>";
  return out;
}

// ---------------------------------------------------------------- chart ----

constexpr std::array<const char*, 6> kLineColours = {"#0a4f94", "#b3001b", "#0b6b2f",
                                                     "#8a4a00", "#5b2a86", "#1b1b1b"};
constexpr std::array<const char*, 6> kLineDashes = {"", "8 4", "2 3", "10 3 2 3", "4 4", "1 5"};

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
  *mean_ms = passed ? int64_t((sum + ExactSum(passed) * 500) / (ExactSum(passed) * 1000)) : -1;
}

std::string MsSv(int64_t ms) {
  // Thousands with a (non-breaking) space, as written in Swedish: "2 000 ms".
  std::string d = std::to_string(ms), out;
  for (size_t i = 0; i < d.size(); ++i) {
    if (i && (d.size() - i) % 3 == 0) out += "\u00a0";
    out += d[i];
  }
  return out + "\u00a0ms";
}

std::string ChartDescription(const ResponseTimes& rt) {
  if (rt.locations.empty()) return "Inga mätningar det senaste dygnet.";
  std::string out;
  for (const auto& s : rt.locations) {
    int64_t mean = -1, max = -1;
    SeriesStats(s, &mean, &max);
    out += "Mätpunkt " + s.location + ": ";
    out += mean < 0 ? std::string("inga godkända svar")
                    : "i genomsnitt " + MsSv(mean) + ", som högst " + MsSv(max) + " under en kvart";
    out += ". ";
  }
  return out;
}

std::string Legend(const ResponseTimes& rt) {
  std::string out = "<ul class=\"keys\">";
  for (size_t i = 0; i < rt.locations.size(); ++i) {
    size_t k = i % kLineColours.size();
    out +=
        "<li><svg width=\"32\" height=\"10\" viewBox=\"0 0 32 10\" aria-hidden=\"true\" focusable=\"false\">"
        "<line x1=\"0\" y1=\"5\" x2=\"32\" y2=\"5\" stroke=\"" +
        std::string(kLineColours[k]) + "\" stroke-width=\"3\"" +
        (kLineDashes[k][0] ? std::string(" stroke-dasharray=\"") + kLineDashes[k] + "\"" : std::string()) +
        "/></svg>Mätpunkt " + HtmlEscape(rt.locations[i].location) + "</li>";
  }
  out +=
      "<li><svg width=\"32\" height=\"10\" viewBox=\"0 0 32 10\" aria-hidden=\"true\" focusable=\"false\">"
      "<line x1=\"0\" y1=\"5\" x2=\"32\" y2=\"5\" stroke=\"#3d3d3d\" stroke-width=\"1.5\" stroke-dasharray=\"3 3\"/>"
      "</svg>Gräns för långsamt svar (" +
      MsSv(rt.latency_threshold_ms) + ")</li></ul>";
  return out;
}

// Hour by hour (local time), per location: the mean of the passing probes.
std::string ChartTable(const ResponseTimes& rt) {
  if (rt.locations.empty()) return "";
  constexpr TimeMs kHour = 3600 * 1000;
  std::string out =
      "<details><summary>Svarstiderna som tabell</summary><div class=\"scroll\" role=\"region\" "
      "aria-label=\"Svarstider per timme\" tabindex=\"0\"><table><caption class=\"visually-hidden\">"
      "Genomsnittlig svarstid per timme och mätpunkt</caption><thead><tr><th scope=\"col\">Timme</th>";
  for (const auto& s : rt.locations) out += "<th scope=\"col\">" + HtmlEscape(s.location) + "</th>";
  out += "</tr></thead><tbody>";
  TimeMs first = rt.from - ((rt.from % kHour) + kHour) % kHour;
  for (TimeMs h = first; h < rt.to; h += kHour) {
    out += "<tr><th scope=\"row\">" + FormatSwedish(std::max(h, rt.from)) + "</th>";
    for (const auto& s : rt.locations) {
      ExactSum sum = 0;
      uint64_t passed = 0, failed = 0;
      for (const auto& b : s.buckets)
        if (b.start >= h && b.start < h + kHour) {
          sum += b.latency_us;
          passed += b.passed;
          failed += b.failed;
        }
      std::string cell =
          passed ? MsSv(int64_t((sum + ExactSum(passed) * 500) / (ExactSum(passed) * 1000))) : "–";
      if (failed)
        cell += " (" + std::to_string(failed) + (failed == 1 ? " misslyckad" : " misslyckade") + ")";
      out += "<td>" + cell + "</td>";
    }
    out += "</tr>";
  }
  out += "</tbody></table></div></details>";
  return out;
}

// ---------------------------------------------------------------- bar ----

std::string AvailabilityBar(const ServiceHistory& h) {
  std::string out = "<ol class=\"bars\">";
  for (const auto& d : h.days) {
    StatusLevel l = DayLevel(d);
    out += std::string("<li><span class=\"bar lvl-") + LevelName(l) +
           "\" aria-hidden=\"true\"></span>"
           "<span class=\"visually-hidden\">" +
           HtmlEscape(DaySummarySv(d)) + "</span></li>";
  }
  out += "</ol><p class=\"axis\" aria-hidden=\"true\"><span>" + DateSv(h.days.front().day) +
         "</span><span>Idag</span></p>";
  out += "<ul class=\"keys\">";
  for (StatusLevel l : {StatusLevel::kOperational, StatusLevel::kDegraded, StatusLevel::kOutage,
                        StatusLevel::kMaintenance, StatusLevel::kUnknown}) {
    const char* what = l == StatusLevel::kOperational   ? "inga störningar"
                       : l == StatusLevel::kDegraded    ? "någon störning"
                       : l == StatusLevel::kOutage      ? "nere minst 5 % av tiden"
                       : l == StatusLevel::kMaintenance ? "bara planerat underhåll"
                                                        : "ingen mätning";
    out += std::string("<li><span class=\"swatch lvl-") + LevelName(l) + "\" aria-hidden=\"true\"></span>" +
           (l == StatusLevel::kUnknown ? "Ingen mätning" : LevelLabelSv(l)) + ": " + what + "</li>";
  }
  out += "</ul>";
  return out;
}

std::string DayTable(const ServiceHistory& h) {
  std::string out =
      "<details><summary>Dag för dag som tabell</summary><div class=\"scroll\" role=\"region\" "
      "aria-label=\"Tillgänglighet dag för dag\" tabindex=\"0\"><table><caption "
      "class=\"visually-hidden\">Tillgänglighet dag för dag, den senaste först</caption><thead><tr>"
      "<th scope=\"col\">Dag</th><th scope=\"col\">Status</th><th scope=\"col\">Tillgänglighet</th>"
      "<th scope=\"col\">Störningar</th></tr></thead><tbody>";
  for (auto it = h.days.rbegin(); it != h.days.rend(); ++it) {
    const DayHistory& d = *it;
    out += "<tr><th scope=\"row\">" + DateSv(d.day) + "</th><td>" + LevelLabelSv(DayLevel(d)) + "</td><td>" +
           (d.has_availability() ? PercentSv(d.up + d.degraded, d.observed()) : std::string("–")) +
           "</td><td>" + DayDetailSv(d) + "</td></tr>";
  }
  out += "</tbody></table></div></details>";
  return out;
}

}  // namespace

std::string AnnouncementAnchor(std::string_view id) {
  static const char* kHex = "0123456789abcdef";
  std::string out = "m-";
  for (unsigned char c : id) {
    bool keep =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (keep) {
      out.push_back(char(c));
    } else {
      out.push_back('.');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::string AnnouncementPermalink(const AnnouncementEvent& a) {
  return "/driftinformation/historik?before=" + FormatRfc3339Utc(a.starts_at + 1) + "#" +
         AnnouncementAnchor(a.announcement_id);
}

std::string RenderHistoryJson(const ServiceHistory& h) {
  std::string out = "{\"service_id\":" + Q(h.service_id) + ",\"days\":[";
  for (size_t i = 0; i < h.days.size(); ++i) {
    const DayHistory& d = h.days[i];
    out += std::string(i ? "," : "") + "{\"date\":\"" + FormatLocalDate(d.day) +
           "\",\"minutes\":{\"up\":" + std::to_string(d.up) + ",\"degraded\":" + std::to_string(d.degraded) +
           ",\"down\":" + std::to_string(d.down) + ",\"maintenance\":" + std::to_string(d.maintenance) +
           ",\"unknown\":" + std::to_string(d.unknown) + "},\"availability\":" +
           (d.has_availability() ? FormatRatio(d.up + d.degraded, d.observed()) : std::string("null")) +
           ",\"announcements\":[";
    for (size_t j = 0; j < d.announcements.size(); ++j) out += (j ? "," : "") + Q(d.announcements[j]);
    out += "]}";
  }
  out += "]}\n";
  return out;
}

std::string RenderAnnouncementJson(const ArchivedAnnouncement& x) { return ArchivedJson(x) + "\n"; }

std::string RenderArchiveJson(const ArchivePage& p, size_t limit, std::string_view filters) {
  std::string out = "{\"announcements\":[";
  for (size_t i = 0; i < p.items.size(); ++i) out += (i ? "," : "") + ArchivedJson(p.items[i]);
  out += "],\"next_before\":" + (p.next_before ? QTime(*p.next_before) : std::string("null")) +
         ",\"next_url\":" +
         (p.next_before ? Q("/api/v1/announcements?before=" + FormatRfc3339Utc(*p.next_before) +
                            "&limit=" + std::to_string(limit) + std::string(filters))
                        : std::string("null")) +
         "}\n";
  return out;
}

std::string RenderResponseTimesJson(const ResponseTimes& rt) {
  std::string out = "{\"service_id\":" + Q(rt.service_id) + ",\"from\":" + QTime(rt.from) +
                    ",\"to\":" + QTime(rt.to) + ",\"bucket_minutes\":" + std::to_string(rt.bucket_minutes) +
                    ",\"latency_threshold_ms\":" + std::to_string(rt.latency_threshold_ms) +
                    ",\"locations\":[";
  for (size_t i = 0; i < rt.locations.size(); ++i) {
    const LocationSeries& s = rt.locations[i];
    out += std::string(i ? "," : "") + "{\"location\":" + Q(s.location) + ",\"buckets\":[";
    for (size_t j = 0; j < s.buckets.size(); ++j) {
      const LatencyBucket& b = s.buckets[j];
      out += std::string(j ? "," : "") + "{\"start\":" + QTime(b.start) +
             ",\"passed\":" + std::to_string(b.passed) + ",\"failed\":" + std::to_string(b.failed) +
             ",\"mean_ms\":" + (b.mean_ms < 0 ? std::string("null") : std::to_string(b.mean_ms)) + "}";
    }
    out += "]}";
  }
  out += "]}\n";
  return out;
}

std::string RenderResponseTimeSvg(const ResponseTimes& rt) {
  constexpr double kW = 640, kH = 260, kLeft = 64, kRight = 12, kTop = 14, kBottom = 34;
  const double pw = kW - kLeft - kRight, ph = kH - kTop - kBottom;
  int64_t top = 0;
  for (const auto& s : rt.locations)
    for (const auto& b : s.buckets) top = std::max(top, b.mean_ms);
  int64_t ymax = NiceCeil(std::max<int64_t>(top * 6 / 5, 100));
  const double span = double(std::max<TimeMs>(1, rt.to - rt.from));
  auto x_of = [&](TimeMs t) { return kLeft + pw * double(t - rt.from) / span; };
  auto y_of = [&](int64_t ms) { return kTop + ph * (1.0 - double(ms) / double(ymax)); };

  std::string out =
      "<svg class=\"chart\" viewBox=\"0 0 640 260\" role=\"img\" aria-labelledby=\"svar-titel "
      "svar-beskrivning\" focusable=\"false\"><title id=\"svar-titel\">Svarstider för " +
      XmlEscape(rt.name) + " det senaste dygnet, per mätpunkt</title><desc id=\"svar-beskrivning\">" +
      XmlEscape(ChartDescription(rt)) + "</desc>";
  out += "<rect x=\"" + Num(kLeft) + "\" y=\"" + Num(kTop) + "\" width=\"" + Num(pw) + "\" height=\"" +
         Num(ph) + "\" fill=\"#fff\" stroke=\"#8c8c8c\"/>";
  // The y axis: 0, half and the top.
  for (int64_t v : {int64_t(0), ymax / 2, ymax}) {
    double y = y_of(v);
    out += "<line x1=\"" + Num(kLeft) + "\" y1=\"" + Num(y) + "\" x2=\"" + Num(kLeft + pw) + "\" y2=\"" +
           Num(y) + "\" stroke=\"#c4c4c4\"/><text x=\"" + Num(kLeft - 6) + "\" y=\"" + Num(y + 5) +
           "\" text-anchor=\"end\" font-size=\"14\" fill=\"#1b1b1b\">" + MsSv(v) + "</text>";
  }
  // The x axis: every sixth local hour.
  constexpr TimeMs kHour = 3600 * 1000;
  for (TimeMs t = rt.from - ((rt.from % kHour) + kHour) % kHour + kHour; t < rt.to; t += kHour) {
    if (ToStockholm(t).hour % 6 != 0) continue;
    double x = x_of(t);
    out += "<line x1=\"" + Num(x) + "\" y1=\"" + Num(kTop) + "\" x2=\"" + Num(x) + "\" y2=\"" +
           Num(kTop + ph) + "\" stroke=\"#e0e0e0\"/><text x=\"" + Num(x) + "\" y=\"" + Num(kH - 12) +
           "\" text-anchor=\"middle\" font-size=\"14\" fill=\"#1b1b1b\">kl. " + FormatSwedishClock(t) +
           "</text>";
  }
  if (rt.latency_threshold_ms > 0 && rt.latency_threshold_ms <= ymax) {
    double y = y_of(rt.latency_threshold_ms);
    out += "<line x1=\"" + Num(kLeft) + "\" y1=\"" + Num(y) + "\" x2=\"" + Num(kLeft + pw) + "\" y2=\"" +
           Num(y) + "\" stroke=\"#3d3d3d\" stroke-width=\"1.5\" stroke-dasharray=\"3 3\"/>";
  }
  const TimeMs bucket = TimeMs(rt.bucket_minutes) * kMsPerMinute;
  for (size_t i = 0; i < rt.locations.size(); ++i) {
    size_t k = i % kLineColours.size();
    std::string d;
    bool pen = false;
    for (const auto& b : rt.locations[i].buckets) {
      if (b.mean_ms < 0) {
        pen = false;
        continue;
      }
      TimeMs mid = std::min(rt.to, b.start - ((b.start % bucket) + bucket) % bucket + bucket / 2);
      d += std::string(pen ? "L" : "M") + Num(x_of(std::max(rt.from, mid))) + " " + Num(y_of(b.mean_ms));
      pen = true;
    }
    if (d.empty()) continue;
    out += "<path d=\"" + d + "\" fill=\"none\" stroke=\"" + kLineColours[k] +
           "\" stroke-width=\"2.5\" stroke-linejoin=\"round\"" +
           (kLineDashes[k][0] ? std::string(" stroke-dasharray=\"") + kLineDashes[k] + "\"" : std::string()) +
           "/>";
  }
  out += "</svg>";
  return out;
}

std::string RenderServiceHistoryHtml(const ServiceStatus& st, const ServiceHistory& h,
                                     const ResponseTimes& rt, const ArchivePage& anns, TimeMs now) {
  std::string name = HtmlEscape(st.name);
  std::string out = PageHeadHtml("Historik för " + st.name + " – driftinformation");
  out += Header("Så har " + name + " fungerat",
                "Driftstatus just nu, tillgänglighet de senaste " + std::to_string(h.days.size()) +
                    " dagarna, svarstider det senaste dygnet och driftmeddelanden om e-tjänsten.");
  out +=
      "<main id=\"innehall\" class=\"wrap\">\n<nav aria-label=\"Du är här\"><ul class=\"crumbs\"><li><a "
      "href=\"/driftinformation\">Driftinformation för alla e-tjänster</a></li><li><a "
      "href=\"/driftinformation/historik\">Arkiv med driftmeddelanden</a></li></ul></nav>\n";
  out += "<p class=\"checked\">" + CheckedTextSv(st.newest_probe_at) + "</p>\n";

  out +=
      std::string(
          "<section aria-labelledby=\"rubrik-nu\"><h2 id=\"rubrik-nu\">Just nu</h2><div class=\"card lvl-") +
      LevelName(st.level) + "\"><p class=\"state\">" + LevelBadgeHtml(st.level) + " <span class=\"since\">" +
      SinceTextSv(st, now) + "</span></p><p>" + HtmlEscape(st.explanation_sv) + "</p>";
  if (st.level != StatusLevel::kOperational) out += AlternativesBlockHtml(st, "h3");
  out += "</div></section>\n";

  int64_t num = 0, den = 0;
  for (const auto& d : h.days) {
    num += d.up + d.degraded;
    den += d.observed();
  }
  out += "<section aria-labelledby=\"rubrik-dagar\"><h2 id=\"rubrik-dagar\">Tillgänglighet de senaste " +
         std::to_string(h.days.size()) + " dagarna</h2><p>" +
         (den ? "Tjänsten gick att nå " + PercentSv(num, den) +
                    " av den tid vi mätte, planerat underhåll oräknat."
              : std::string("Vi har inga mätningar av tjänsten under perioden.")) +
         " Varje stapel är en dag, den äldsta först.</p>";
  out += AvailabilityBar(h) + DayTable(h) + "</section>\n";

  out +=
      "<section aria-labelledby=\"rubrik-svar\"><h2 id=\"rubrik-svar\">Svarstider det senaste dygnet</h2>"
      "<p>Genomsnittlig svarstid per kvart för godkända mätningar, från " +
      FormatSwedish(rt.from) + " till " + FormatSwedish(rt.to) + ".</p>";
  out += RenderResponseTimeSvg(rt) + Legend(rt) + ChartTable(rt) + "</section>\n";

  out +=
      "<section aria-labelledby=\"rubrik-meddelanden\" class=\"archive\"><h2 id=\"rubrik-meddelanden\">"
      "Driftmeddelanden om e-tjänsten</h2>";
  if (anns.items.empty()) out += "<p>Det finns inga driftmeddelanden om e-tjänsten.</p>";
  for (const auto& x : anns.items) out += ArchivedHtml(x, now, "h3");
  if (anns.next_before)
    out += "<p><a href=\"/driftinformation/historik\">Äldre driftmeddelanden finns i arkivet</a></p>";
  out += "</section>\n</main>\n";
  out += Footer();
  return out;
}

std::string RenderArchiveHtml(const ArchivePage& p, const std::optional<TimeMs>& before, TimeMs now) {
  std::string out = PageHeadHtml("Arkiv med driftmeddelanden – driftinformation");
  out += Header("Arkiv med driftmeddelanden",
                "Alla kända fel och allt planerat underhåll i stadens e-tjänster, det senaste först, med hur "
                "varje störning utvecklades.");
  out +=
      "<main id=\"innehall\" class=\"wrap archive\">\n<nav aria-label=\"Du är här\"><ul class=\"crumbs\"><li><a "
      "href=\"/driftinformation\">Driftinformation för alla e-tjänster</a></li></ul></nav>\n";
  out += "<p class=\"checked\">Uppdaterad " + FormatSwedish(now) + "</p>\n";
  if (before) out += "<p>Meddelanden som började före " + FormatSwedish(*before) + ".</p>\n";
  out += "<h2>Driftmeddelanden</h2>\n";
  if (p.items.empty()) out += "<p>Det finns inga driftmeddelanden att visa.</p>\n";
  for (const auto& x : p.items) out += ArchivedHtml(x, now, "h3") + "\n";
  out += "<nav aria-label=\"Sidor\" class=\"pager\">";
  if (before) out += "<a href=\"/driftinformation/historik\">De senaste meddelandena</a>";
  if (p.next_before)
    out += "<a href=\"/driftinformation/historik?before=" + FormatRfc3339Utc(*p.next_before) +
           "\">Äldre meddelanden</a>";
  out += "</nav>\n</main>\n";
  out += Footer();
  return out;
}

}  // namespace followup
