#include "readmodels/status_render.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <map>
#include <set>

#include "common/collate.h"
#include "common/escape.h"
#include "readmodels/history_render.h"  // AnnouncementPermalink: where each feed entry links
#include "readmodels/render_json.h"

namespace followup {
namespace {

using followup::HtmlEscape;
using followup::JsonEscapeText;
using followup::XmlEscape;

// ---------------------------------------------------------------- JSON ----

using render_json::PhaseName;
using render_json::Q;
using render_json::QTime;
std::string QTimeOrNull(const std::optional<TimeMs>& t) { return t ? QTime(*t) : "null"; }

constexpr const char* kFeedPath = "/driftinformation/feed.atom";

// The services an announcement is shown for (AnnouncementInfo::services).
std::string AnnouncementJson(const CityStatus& c, const AnnouncementInfo& info) {
  const AnnouncementEvent& a = info.a;
  std::string out = "{\"announcement_id\":" + Q(a.announcement_id) +
                    ",\"revision\":" + std::to_string(a.revision) + ",\"kind\":" + Q(Name(a.kind)) +
                    ",\"kind_sv\":" + Q(AnnouncementKindSv(a.kind)) + ",\"state\":" + Q(Name(a.state)) +
                    ",\"state_sv\":" + Q(AnnouncementStatusSv(a, info.phase)) +
                    ",\"phase\":" + Q(PhaseName(info.phase)) + ",\"service_ids\":[";
  for (size_t i = 0; i < info.services.size(); ++i)
    out += (i ? "," : "") + Q(c.services[info.services[i]].service_id);
  out += "],\"starts_at\":" + QTime(a.starts_at) + ",\"ends_at\":" + QTimeOrNull(a.ends_at) +
         ",\"title_sv\":" + Q(a.title_sv) + ",\"body_sv\":" + Q(a.body_sv);
  if (!a.title_en.empty()) out += ",\"title_en\":" + Q(a.title_en);
  if (!a.body_en.empty()) out += ",\"body_en\":" + Q(a.body_en);
  out += ",\"updated_at\":" + QTime(info.updated_at) + "}";
  return out;
}

std::string ServiceFields(const CityStatus& c, const ServiceStatus& s) {
  std::string out = "\"service_id\":" + Q(s.service_id) + ",\"name\":" + Q(s.name) +
                    ",\"owner\":" + Q(s.owner) + ",\"url\":" + Q(s.url) +
                    ",\"level\":" + Q(LevelName(s.level)) + ",\"label_sv\":" + Q(LevelLabelSv(s.level)) +
                    ",\"since\":" + (s.since_lower_bound ? std::string("null") : QTime(s.since)) +
                    ",\"explanation_sv\":" + Q(s.explanation_sv) + ",\"alternatives\":[";
  for (size_t i = 0; i < s.alternatives.size(); ++i) {
    const Alternative& a = s.alternatives[i];
    out += std::string(i ? "," : "") + "{\"channel\":" + Q(Name(a.channel)) +
           ",\"channel_sv\":" + Q(AltChannelSv(a.channel)) + ",\"label\":" + Q(a.label) +
           ",\"contact\":" + Q(a.contact) + "}";
  }
  // At most kShownAnnouncementsPerService; the count says how many there are.
  out += "],\"announcement_count\":" + std::to_string(s.announcements.size());
  if (s.shown.size() < s.announcements.size()) out += ",\"more_announcements_url\":" + Q(kFeedPath);
  out += ",\"announcements\":[";
  for (size_t i = 0; i < s.shown.size(); ++i)
    out += (i ? "," : "") + AnnouncementJson(c, c.announcements[s.shown[i]]);
  out += "],\"details\":{\"observed_minutes\":" + std::to_string(s.observed) +
         ",\"locations\":" + std::to_string(s.locations) +
         ",\"failing_locations\":" + std::to_string(s.failing) + ",\"mean_latency_ms\":" +
         (s.mean_latency_us < 0 ? std::string("null") : std::to_string((s.mean_latency_us + 500) / 1000)) +
         ",\"latency_threshold_ms\":" + std::to_string(s.latency_threshold_us / 1000) + "}";
  return out;
}

// ---------------------------------------------------------------- text ----

bool SameLocalDay(TimeMs a, TimeMs b) {
  LocalTime x = ToStockholm(a), y = ToStockholm(b);
  return x.year == y.year && x.month == y.month && x.day == y.day;
}

std::string SinceSv(const ServiceStatus& s, TimeMs now) {
  if (s.since_lower_bound) return "i mer än ett dygn";
  if (SameLocalDay(s.since, now)) return "sedan kl. " + FormatSwedishClock(s.since);
  return "sedan " + FormatSwedish(s.since);
}

// "26 nov 2026 kl. 22:00 – 23:30", or with the end date when it differs.
std::string RangeSv(TimeMs from, const std::optional<TimeMs>& to) {
  std::string out = FormatSwedish(from);
  if (!to) return "från " + out;
  out += " – ";
  out += SameLocalDay(from, *to) ? FormatSwedishClock(*to) : FormatSwedish(*to);
  return out;
}

// The services the announcement is shown for (retired or unknown ones are not named).
std::string ServiceNames(const CityStatus& c, const AnnouncementInfo& info) {
  std::string out;
  for (size_t i : info.services) out += (out.empty() ? "" : ", ") + c.services[i].name;
  return out;
}

// Escaped text with line breaks kept.
std::string HtmlText(std::string_view s) {
  std::string e = HtmlEscape(s), out;
  out.reserve(e.size());
  for (char ch : e) {
    if (ch == '\n')
      out += "<br>";
    else if (ch != '\r')
      out.push_back(ch);
  }
  return out;
}

bool HttpUrl(std::string_view u) {
  if (!(u.rfind("https://", 0) == 0 || u.rfind("http://", 0) == 0)) return false;
  for (unsigned char ch : u)
    if (ch <= 0x20 || ch == 0x7f || ch == '"' || ch == '<' || ch == '>' || ch == '\\') return false;
  return true;
}

std::string TelHref(std::string_view contact) {
  std::string digits;
  for (size_t i = 0; i < contact.size(); ++i) {
    char ch = contact[i];
    if (ch >= '0' && ch <= '9')
      digits.push_back(ch);
    else if (ch == '+' && digits.empty())
      digits.push_back(ch);
    else if (!(ch == ' ' || ch == '-' || ch == '(' || ch == ')' || ch == '.'))
      return "";
  }
  return digits.size() >= 3 ? "tel:" + digits : "";
}

bool EmailAddress(std::string_view s) {
  auto at = s.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 >= s.size() ||
      s.find('@', at + 1) != std::string_view::npos)
    return false;
  for (char ch : s) {
    bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '.' ||
              ch == '_' || ch == '-' || ch == '+' || ch == '@';
    if (!ok) return false;
  }
  return s.find('.', at) != std::string_view::npos;
}

std::string ContactHtml(const Alternative& a) {
  std::string text = HtmlEscape(a.contact);
  std::string href;
  switch (a.channel) {
    case AltChannel::kPhone:
      href = TelHref(a.contact);
      break;
    case AltChannel::kEmail:
      if (EmailAddress(a.contact)) href = "mailto:" + a.contact;
      break;
    case AltChannel::kWeb:
    case AltChannel::kVisit:
      if (HttpUrl(a.contact)) href = a.contact;
      break;
  }
  if (href.empty()) return text;
  return "<a href=\"" + HtmlEscape(href) + "\">" + text + "</a>";
}

// ---------------------------------------------------------------- icons ----

const char* Icon(StatusLevel l) {
  switch (l) {
    case StatusLevel::kOperational:
      return "<svg class=\"icon\" viewBox=\"0 0 20 20\" aria-hidden=\"true\" focusable=\"false\">"
             "<circle cx=\"10\" cy=\"10\" r=\"9.5\" fill=\"currentColor\"/>"
             "<path d=\"M5.2 10.4l3.1 3.1 6.4-6.8\" fill=\"none\" class=\"i-fg\" stroke=\"#fff\" stroke-width=\"2.4\"/></svg>";
    case StatusLevel::kDegraded:
      return "<svg class=\"icon\" viewBox=\"0 0 20 20\" aria-hidden=\"true\" focusable=\"false\">"
             "<path d=\"M10 .8L19.6 18.6H.4z\" fill=\"currentColor\"/>"
             "<rect x=\"8.9\" y=\"6.5\" width=\"2.2\" height=\"6.5\" class=\"i-fgf\" fill=\"#fff\"/>"
             "<rect x=\"8.9\" y=\"14.3\" width=\"2.2\" height=\"2.2\" class=\"i-fgf\" fill=\"#fff\"/></svg>";
    case StatusLevel::kOutage:
      return "<svg class=\"icon\" viewBox=\"0 0 20 20\" aria-hidden=\"true\" focusable=\"false\">"
             "<path d=\"M6 .5h8L19.5 6v8L14 19.5H6L.5 14V6z\" fill=\"currentColor\"/>"
             "<path d=\"M6.3 6.3l7.4 7.4M13.7 6.3l-7.4 7.4\" class=\"i-fg\" stroke=\"#fff\" stroke-width=\"2.4\"/></svg>";
    case StatusLevel::kMaintenance:
      return "<svg class=\"icon\" viewBox=\"0 0 20 20\" aria-hidden=\"true\" focusable=\"false\">"
             "<rect x=\".5\" y=\".5\" width=\"19\" height=\"19\" rx=\"3\" fill=\"currentColor\"/>"
             "<circle cx=\"10\" cy=\"10\" r=\"6\" fill=\"none\" class=\"i-fg\" stroke=\"#fff\" stroke-width=\"1.8\"/>"
             "<path d=\"M10 6.2V10l2.6 1.8\" fill=\"none\" class=\"i-fg\" stroke=\"#fff\" stroke-width=\"1.8\"/></svg>";
    case StatusLevel::kUnknown:
      return "<svg class=\"icon\" viewBox=\"0 0 20 20\" aria-hidden=\"true\" focusable=\"false\">"
             "<circle cx=\"10\" cy=\"10\" r=\"8.6\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"2\" "
             "stroke-dasharray=\"3.2 2.2\"/>"
             "<path d=\"M7.4 7.6a2.7 2.7 0 1 1 3.6 2.5c-.7.3-1 .8-1 1.5v.9\" fill=\"none\" stroke=\"currentColor\" "
             "stroke-width=\"2\"/><rect x=\"9\" y=\"13.8\" width=\"2\" height=\"2\" fill=\"currentColor\"/></svg>";
  }
  return "";
}

std::string Badge(StatusLevel l) {
  return std::string("<span class=\"badge\">") + Icon(l) + "<span>" + LevelLabelSv(l) + "</span></span>";
}

// ---------------------------------------------------------------- HTML ----

constexpr const char* kCss = R"CSS(
:root{color-scheme:light dark;--fg:#1b1b1b;--bg:#f3f3f3;--surface:#fff;--muted:#3d3d3d;--link:#0a4f94;
--link-hover:#062f5a;--focus-bg:#ffe9a6;--border:#8c8c8c;--rule:#c4c4c4;--alt-bg:#fff6d6;--stale-bg:#fff6d6;
--c-op:#0b6b2f;--c-deg:#8a4a00;--c-out:#b3001b;--c-maint:#0a4f94;--c-unk:#4a4a4a}
@media (prefers-color-scheme:dark){:root{--fg:#ececec;--bg:#121212;--surface:#1e1e1e;--muted:#c4c4c4;
--link:#8cc4ff;--link-hover:#b8dcff;--focus-bg:#3d3300;--border:#8c8c8c;--rule:#4a4a4a;--alt-bg:#332b00;
--stale-bg:#332b00;--c-op:#6fdc8c;--c-deg:#ffb45c;--c-out:#ff8a8a;--c-maint:#8cc4ff;--c-unk:#c4c4c4}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;font-size:1.0625rem;
line-height:1.5;color:var(--fg);background:var(--bg)}
a{color:var(--link);text-decoration:underline;text-underline-offset:.15em}
a:hover{color:var(--link-hover)}
a:focus-visible{outline:3px solid var(--fg);outline-offset:2px;background:var(--focus-bg)}
.skip{position:absolute;left:-10000px;top:auto}
.skip:focus{left:1rem;top:1rem;z-index:10;background:var(--surface);color:var(--fg);padding:.5rem 1rem;border:3px solid var(--fg)}
.visually-hidden{position:absolute;width:1px;height:1px;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
.wrap{max-width:62rem;margin:0 auto;padding:0 1rem}
.top{background:var(--surface);border-bottom:4px solid var(--fg);padding:1rem 0}
.org{margin:0;font-weight:700;letter-spacing:.02em}
h1{font-size:2rem;line-height:1.2;margin:.25rem 0 .5rem}
h2{font-size:1.5rem;line-height:1.25;margin:2rem 0 .75rem}
h3{font-size:1.25rem;margin:0 0 .25rem}
h4{font-size:1.0625rem;margin:.75rem 0 .25rem}
.lead{margin:.25rem 0 0;max-width:46rem}
.checked{color:var(--muted);margin:1rem 0 0;font-size:.95rem}
.lvl-operational{--c:var(--c-op)}
.lvl-degraded{--c:var(--c-deg)}
.lvl-outage{--c:var(--c-out)}
.lvl-maintenance{--c:var(--c-maint)}
.lvl-unknown{--c:var(--c-unk)}
.badge{display:inline-flex;align-items:center;gap:.4rem;font-weight:700;color:var(--c,var(--fg))}
.icon{width:1.25rem;height:1.25rem;flex:none}
.overall{display:flex;gap:.75rem;align-items:flex-start;background:var(--surface);border:2px solid var(--c,var(--fg));
border-left-width:.5rem;border-radius:.5rem;padding:1rem 1.25rem;margin-top:1rem}
.overall .icon{width:2rem;height:2rem;color:var(--c,var(--fg))}
.overall p{margin:0}
.overall strong{display:block;font-size:1.25rem}
.card{background:var(--surface);border:1px solid var(--border);border-left:.5rem solid var(--c,var(--border));border-radius:.35rem;
padding:1rem 1.25rem;margin:0 0 1rem}
.card p{margin:.25rem 0}
.state{display:flex;flex-wrap:wrap;align-items:center;column-gap:.6rem}
.alternatives{background:var(--alt-bg);border:2px solid var(--fg);border-radius:.35rem;padding:.5rem 1rem .75rem;margin:.75rem 0}
.alternatives h4,.alternatives h2{margin-top:.25rem;font-size:1.0625rem}
.alternatives ul{margin:.25rem 0 0;padding-left:1.25rem}
.ann{border-top:1px solid var(--rule);margin-top:.75rem;padding-top:.5rem}
.ann h2{font-size:1.0625rem;margin:.25rem 0}
.meta{color:var(--muted);font-size:.95rem}
.more{margin:.75rem 0 0}
.maint{list-style:none;padding:0;margin:0}
.maint li{background:var(--surface);border:1px solid var(--border);border-radius:.35rem;padding:1rem 1.25rem;margin:0 0 1rem}
.maint p{margin:.25rem 0}
table{border-collapse:collapse;width:100%;background:var(--surface)}
th,td{text-align:left;vertical-align:top;padding:.6rem .75rem;border-bottom:1px solid var(--rule)}
thead th{border-bottom:2px solid var(--fg)}
.expl{color:var(--muted);font-size:.95rem;display:block}
footer{margin:2.5rem auto 2rem;padding-top:1rem;border-top:1px solid var(--border)}
.notice{background:var(--surface);border:2px solid var(--fg);padding:.5rem 1rem}
@media (max-width:40rem){th,td{padding:.5rem .4rem}h1{font-size:1.6rem}}
.alternatives a,.card a,td,th{overflow-wrap:anywhere}
h1,h2,h3,h4,p,li,summary{overflow-wrap:break-word}
.history-link{margin:.75rem 0 0}
.crumbs{margin:1rem 0 0;padding:0;list-style:none;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
.bars{display:flex;align-items:flex-end;gap:1px;height:3rem;margin:.75rem 0 .25rem;padding:0;list-style:none}
.bars li{flex:1 1 0;min-width:0;height:100%;display:flex;align-items:flex-end}
.bars .bar{display:block;width:100%;background:var(--c,var(--c-unk))}
.bar.lvl-operational{height:100%}.bar.lvl-maintenance{height:85%}.bar.lvl-degraded{height:65%}
.bar.lvl-outage{height:40%}.bar.lvl-unknown{height:15%}
.axis{display:flex;justify-content:space-between;margin:0;font-size:.95rem;color:var(--muted)}
.keys{display:flex;flex-wrap:wrap;gap:.25rem 1rem;list-style:none;padding:0;margin:.5rem 0}
.keys li{display:flex;align-items:center;gap:.35rem}
.keys .swatch{display:inline-block;width:.9rem;height:.9rem;background:var(--c,var(--c-unk))}
details{margin:.75rem 0}
summary{cursor:pointer;font-weight:700}
.scroll{overflow-x:auto;max-width:100%}
.chart{display:block;width:100%;height:auto;max-width:44rem;background:#fff;border:1px solid var(--border)}
.timeline{list-style:none;margin:.5rem 0;padding:0 0 0 1rem;border-left:3px solid var(--border)}
.timeline li{margin:0 0 .75rem}
.timeline p{margin:.15rem 0}
.archive article{background:var(--surface);border:1px solid var(--border);border-radius:.35rem;padding:1rem 1.25rem;margin:0 0 1rem}
.archive article p{margin:.25rem 0}
.archive h3{overflow-wrap:anywhere}
.pager{display:flex;flex-wrap:wrap;gap:1rem;margin:1rem 0}
body.widget{background:var(--surface);font-size:1rem}
body.widget .card{margin:0;border-radius:0}
body.widget h1{font-size:1.2rem;margin:0 0 .25rem}
body.widget .checked{margin:.5rem 0 0}
.icon .i-fg{stroke:var(--surface)}
.icon .i-fgf{fill:var(--surface)}
.keys svg{background:#fff;border-radius:2px}
.stale{display:flex;gap:.75rem;align-items:flex-start;background:var(--stale-bg);border:3px solid var(--fg);
border-radius:.5rem;padding:.75rem 1rem;margin:1rem 0 0}
.stale strong{display:block}
.stale p{margin:0}
.groups-intro{margin:.25rem 0 .5rem}
.jump{list-style:none;padding:0;margin:.5rem 0 1rem;display:flex;flex-wrap:wrap;gap:.25rem 1.25rem}
.filter{min-height:6.5rem;margin:.5rem 0}
.filter label{display:block;font-weight:700}
.filter input{font:inherit;width:100%;max-width:30rem;height:2.75rem;padding:.4rem .6rem;color:var(--fg);
background:var(--surface);border:2px solid var(--fg);border-radius:.25rem}
.filter input:focus-visible{outline:3px solid var(--link);outline-offset:2px}
.filter p{margin:0}
#filter-resultat{min-height:1.5em;margin:.25rem 0 0}
.group h3{margin:1.5rem 0 .5rem}
.group table{table-layout:fixed}
.group thead th:nth-child(1){width:40%}
.group thead th:nth-child(2){width:38%}
.group h3 .count{font-weight:400;color:var(--muted);font-size:1rem}
.top-link{margin:.5rem 0 0;font-size:.95rem}
)CSS";

std::string Head(std::string_view title) {
  return "<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<link rel=\"icon\" href=\"data:,\">\n<title>" +
         HtmlEscape(title) + "</title>\n<style>" + kCss +
         "</style>\n<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Driftinformation (Atom)\" "
         "href=\"/driftinformation/feed.atom\">\n<script src=\"/driftinformation/app.js\" defer></script>\n</head>\n";
}

std::string AnnouncementHtml(const CityStatus& c, const AnnouncementInfo& info, TimeMs now,
                             const char* heading) {
  const AnnouncementEvent& a = info.a;
  std::string out =
      "<div class=\"ann\"><" + std::string(heading) + ">" + HtmlEscape(a.title_sv) + "</" + heading + ">";
  out += "<p class=\"meta\">";
  out += info.phase == AnnouncementPhase::kUpcoming ? "Kommande " : "";
  out += info.phase == AnnouncementPhase::kUpcoming
             ? (a.kind == AnnouncementKind::kIncident ? "känt fel" : "underhåll")
             : AnnouncementKindSv(a.kind);
  out += std::string(" · ") + AnnouncementStatusSv(a, info.phase);
  out += " · " + RangeSv(a.starts_at, a.ends_at);
  if (a.kind == AnnouncementKind::kIncident && a.ends_at && *a.ends_at > now) out += " (beräknat slut)";
  out += "</p>";
  if (!a.body_sv.empty()) out += "<p>" + HtmlText(a.body_sv) + "</p>";
  out += "</div>";
  return out;
}

std::string AlternativesHtml(const ServiceStatus& s, const char* heading) {
  std::string out = "<div class=\"alternatives\"><" + std::string(heading) +
                    ">Gör ditt ärende på annat sätt</" + heading + ">";
  if (s.alternatives.empty()) {
    out += "<p>Det finns ingen annan kontaktväg registrerad för den här e-tjänsten. Försök igen senare.</p>";
  } else {
    out += "<ul>";
    for (const auto& a : s.alternatives)
      out += std::string("<li><strong>") + AltChannelSv(a.channel) + ":</strong> " + HtmlEscape(a.label) +
             ", " + ContactHtml(a) + "</li>";
    out += "</ul>";
  }
  out += "</div>";
  return out;
}

std::string ServiceCard(const CityStatus& c, const ServiceStatus& s, TimeMs now, bool widget,
                        std::string_view tail = {}) {
  const char* h_name = widget ? "h1" : "h3";
  const char* h_sub = widget ? "h2" : "h4";
  std::string out = std::string("<div class=\"card lvl-") + LevelName(s.level) + "\">";
  out += "<" + std::string(h_name) + ">" + (widget ? "Driftinformation: " : "") + HtmlEscape(s.name) + "</" +
         h_name + ">";
  out += "<p class=\"state\">" + Badge(s.level) + " <span class=\"since\">" + SinceSv(s, now) + "</span></p>";
  out += "<p>" + HtmlEscape(s.explanation_sv) + "</p>";
  if (s.level != StatusLevel::kOperational) out += AlternativesHtml(s, h_sub);
  for (size_t i : s.shown) out += AnnouncementHtml(c, c.announcements[i], now, h_sub);
  if (s.shown.size() < s.announcements.size()) {
    out += "<p class=\"more\">Här visas " + std::to_string(s.shown.size()) + " av " +
           std::to_string(s.announcements.size()) +
           " aktuella meddelanden om e-tjänsten, de senaste först. <a href=\"" + kFeedPath + "\"" +
           (widget ? " target=\"_blank\" rel=\"noopener\"" : "") + ">Alla driftmeddelanden i Atom-flödet" +
           (widget ? " (öppnas i nytt fönster)" : "") + "</a></p>";
  }
  out += std::string("<p class=\"history-link\"><a href=\"") + HtmlEscape(HistoryPagePath(s.service_id)) +
         "\"" + (widget ? " target=\"_blank\" rel=\"noopener\"" : "") + ">Så har " + HtmlEscape(s.name) +
         " fungerat: historik och driftmeddelanden" + (widget ? " (öppnas i nytt fönster)" : "") + "</a></p>";
  out += tail;
  out += "</div>";
  return out;
}

int Severity(StatusLevel l) {
  switch (l) {
    case StatusLevel::kOutage:
      return 0;
    case StatusLevel::kDegraded:
      return 1;
    case StatusLevel::kMaintenance:
      return 2;
    case StatusLevel::kUnknown:
      return 3;
    case StatusLevel::kOperational:
      return 4;
  }
  return 4;
}

std::string Count(int n) { return std::to_string(n) + (n == 1 ? " e-tjänst" : " e-tjänster"); }

std::string OverallHtml(const CityStatus& c) {
  int o = c.Count(StatusLevel::kOutage), d = c.Count(StatusLevel::kDegraded),
      m = c.Count(StatusLevel::kMaintenance), u = c.Count(StatusLevel::kUnknown);
  StatusLevel worst = o   ? StatusLevel::kOutage
                      : d ? StatusLevel::kDegraded
                      : m ? StatusLevel::kMaintenance
                      : u ? StatusLevel::kUnknown
                          : StatusLevel::kOperational;
  std::string head, detail;
  if (c.services.empty()) {
    head = "Det finns inga e-tjänster att visa ännu";
  } else if (worst == StatusLevel::kOperational) {
    head = "Alla e-tjänster fungerar normalt";
  } else {
    // One number: every service that is not operational, and the counts
    // after it add up to it.
    int n = o + d + m + u;
    head = std::to_string(n) + " av " + Count(int(c.services.size())) + " fungerar inte normalt just nu";
    auto part = [&detail](int n, StatusLevel l) {
      if (n) detail += (detail.empty() ? "" : " · ") + std::string(LevelLabelSv(l)) + ": " + Count(n);
    };
    part(o, StatusLevel::kOutage);
    part(d, StatusLevel::kDegraded);
    part(m, StatusLevel::kMaintenance);
    part(u, StatusLevel::kUnknown);
  }
  std::string out = std::string("<div class=\"overall lvl-") + LevelName(worst) + "\">" + Icon(worst) +
                    "<p><strong>" + head + "</strong>";
  if (!detail.empty()) out += detail;
  out += "</p></div>";
  return out;
}

std::string ServiceLink(const ServiceStatus& s) {
  if (HttpUrl(s.url)) return "<a href=\"" + HtmlEscape(s.url) + "\">" + HtmlEscape(s.name) + "</a>";
  return HtmlEscape(s.name);
}

// ------------------------------------------------------------ freshness ----

std::string CheckedSv(const std::optional<TimeMs>& newest) {
  return newest ? "Senast kontrollerad " + FormatSwedish(*newest) : std::string("Inga mätningar ännu");
}

// The banner of status_render.h's staleness rule; empty when fresh.
std::string StaleHtml(bool ready, const std::optional<TimeMs>& newest, TimeMs now) {
  if (!InformationMayBeStale(ready, newest, now)) return "";
  std::string why;
  if (!ready) why = "Vi får just nu inte in ny driftinformation som vi ska. ";
  if (newest)
    why += "Den senaste mätningen av e-tjänsterna är från " +
           (SameLocalDay(*newest, now) ? "kl. " + FormatSwedishClock(*newest) : FormatSwedish(*newest)) +
           ". Det som visas här kan ha ändrats sedan dess.";
  else
    why += "Vi har inga mätningar av e-tjänsterna ännu.";
  return std::string("<div class=\"stale\" id=\"inaktuell\">") + Icon(StatusLevel::kUnknown) +
         "<p><strong>Informationen kan vara inaktuell</strong>" + why + "</p></div>";
}

// ------------------------------------------------------------ grouping ----

// "grupp-" and the owner in lower-case a-z, 0-9 and "-" (å, ä → a, ö → o, é → e).
std::string GroupSlug(std::string_view owner) {
  std::string out = "grupp-";
  bool dash = true;
  auto put = [&](char ch) {
    if (ch == '-') {
      if (!dash) out.push_back('-');
      dash = true;
    } else {
      out.push_back(ch);
      dash = false;
    }
  };
  for (size_t i = 0; i < owner.size(); ++i) {
    unsigned char ch = owner[i];
    if (ch >= 'A' && ch <= 'Z')
      put(char(ch - 'A' + 'a'));
    else if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))
      put(char(ch));
    else if (ch == 0xC3 && i + 1 < owner.size()) {
      unsigned cp = 0xC0u | (static_cast<unsigned char>(owner[++i]) & 0x3Fu);  // U+00C0-U+00FF
      switch (cp | 0x20u) {                                                    // its lower-case letter
        case 0xe0:
        case 0xe1:
        case 0xe2:
        case 0xe3:
        case 0xe4:
        case 0xe5:
        case 0xe6:
          put('a');
          break;
        case 0xe7:
          put('c');
          break;
        case 0xe8:
        case 0xe9:
        case 0xea:
        case 0xeb:
          put('e');
          break;
        case 0xec:
        case 0xed:
        case 0xee:
        case 0xef:
          put('i');
          break;
        case 0xf2:
        case 0xf3:
        case 0xf4:
        case 0xf5:
        case 0xf6:
        case 0xf8:
          put('o');
          break;
        case 0xf9:
        case 0xfa:
        case 0xfb:
        case 0xfc:
          put('u');
          break;
        default:
          put('-');
      }
    } else {
      put('-');
    }
  }
  while (out.size() > 6 && out.back() == '-') out.pop_back();
  if (out.size() == 6) out += "ovriga";
  return out;
}

struct ServiceGroup {
  std::string owner, anchor;
  std::vector<const ServiceStatus*> services;
};

// Every service under its owner (nämnd or bolag), owners in Swedish order
// (å, ä, ö last), services by name in Swedish order; anchors unique.
std::vector<ServiceGroup> GroupByOwner(const CityStatus& c) {
  std::map<std::string, std::vector<const ServiceStatus*>> by_owner;
  for (const auto& s : c.services) by_owner[SanitizeText(s.owner)].push_back(&s);
  std::vector<ServiceGroup> out;
  for (auto& [owner, list] : by_owner) out.push_back({owner, "", std::move(list)});
  std::sort(out.begin(), out.end(),
            [](const ServiceGroup& x, const ServiceGroup& y) { return SwedishLess(x.owner, y.owner); });
  std::set<std::string> taken;
  for (auto& g : out) {
    std::string base = GroupSlug(g.owner), a = base;
    for (int n = 2; !taken.insert(a).second; ++n) a = base + "-" + std::to_string(n);
    g.anchor = a;
    std::stable_sort(
        g.services.begin(), g.services.end(),
        [](const ServiceStatus* x, const ServiceStatus* y) { return SwedishLess(x->name, y->name); });
  }
  return out;
}

std::string OwnerSv(const std::string& owner) {
  return owner.empty() ? "Utan angiven nämnd eller bolag" : owner;
}

std::string ServiceRowHtml(const ServiceStatus& s, TimeMs now) {
  return "<tr data-namn=\"" + HtmlEscape(s.name) + "\"><th scope=\"row\">" + ServiceLink(s) +
         "<span class=\"expl\"><a href=\"" + HtmlEscape(HistoryPagePath(s.service_id)) +
         "\">Historik<span class=\"visually-hidden\"> för " + HtmlEscape(s.name) +
         "</span></a></span></th><td class=\"lvl-" + LevelName(s.level) + "\">" + Badge(s.level) +
         "<span class=\"expl\">" + HtmlEscape(s.explanation_sv) + "</span></td><td>" + SinceSv(s, now) +
         "</td></tr>";
}

// "Alla e-tjänster": a jump list to the owners, the filter's place (app.js
// puts the field there; without JavaScript a hint, the same height), and a
// table per owner.
std::string AllServicesHtml(const CityStatus& c, TimeMs now) {
  std::string out = "<section aria-labelledby=\"rubrik-alla\"><h2 id=\"rubrik-alla\">Alla e-tjänster</h2>\n";
  if (c.services.empty()) return out + "<p>Det finns inga e-tjänster att visa ännu.</p>\n</section>\n";
  std::vector<ServiceGroup> groups = GroupByOwner(c);
  out += "<p class=\"groups-intro\">" + Count(int(c.services.size())) +
         " ordnade efter den nämnd eller det bolag som "
         "ansvarar för dem.</p>\n";
  out +=
      "<div class=\"filter\" id=\"filtrera\" data-antal=\"" + std::to_string(c.services.size()) +
      "\"><p>Välj nämnd eller bolag i listan nedan, eller sök på sidan med webbläsarens sökfunktion.</p></div>\n";
  out +=
      "<nav aria-labelledby=\"rubrik-grupper\" id=\"grupper\"><h3 id=\"rubrik-grupper\" class=\"visually-hidden\">"
      "Nämnder och bolag</h3><ul class=\"jump\">";
  for (const auto& g : groups)
    out += "<li data-grupp=\"" + g.anchor + "\"><a href=\"#" + g.anchor + "\">" +
           HtmlEscape(OwnerSv(g.owner)) + " (" + std::to_string(g.services.size()) + ")</a></li>";
  out += "</ul></nav>\n";
  for (const auto& g : groups) {
    std::string owner = HtmlEscape(OwnerSv(g.owner));
    out +=
        "<div class=\"group\" data-grupp=\"" + g.anchor + "\"><h3 id=\"" + g.anchor + "\">" + owner +
        " <span class=\"count\">(" + Count(int(g.services.size())) +
        ")</span></h3>"
        "<table><caption class=\"visually-hidden\">Status för e-tjänsterna hos " +
        owner +
        "</caption><thead><tr><th scope=\"col\">E-tjänst</th><th scope=\"col\">Status</th><th scope=\"col\">Sedan"
        "</th></tr></thead><tbody>";
    for (const ServiceStatus* s : g.services) out += ServiceRowHtml(*s, now);
    out +=
        "</tbody></table><p class=\"top-link\"><a href=\"#rubrik-alla\">Till listan över nämnder och bolag</a>"
        "</p></div>\n";
  }
  out += "</section>\n";
  return out;
}

const char* kLiveRegion = "<p id=\"uppdatering\" class=\"visually-hidden\" role=\"status\"></p>\n";

// A name-based UUID (SHA-256 truncated, version bits 8 = custom) for Atom ids.
std::string UrnUuid(std::string_view name) {
  std::string hex = Sha256Hex(name);
  hex[12] = '8';
  int v = hex[16] <= '9' ? hex[16] - '0' : hex[16] - 'a' + 10;
  hex[16] = "89ab"[v & 3];
  return "urn:uuid:" + hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20, 12);
}

}  // namespace

std::string RenderStatusJson(const CityStatus& c, TimeMs updated_at) {
  std::string out = "{\"updated_at\":" + QTime(updated_at) + ",\"services\":[";
  for (size_t i = 0; i < c.services.size(); ++i)
    out += (i ? ",{" : "{") + ServiceFields(c, c.services[i]) + "}";
  out += "],\"upcoming_maintenance\":[";
  for (size_t i = 0; i < c.upcoming_maintenance.size(); ++i)
    out += (i ? "," : "") + AnnouncementJson(c, c.announcements[c.upcoming_maintenance[i]]);
  out += "]}\n";
  return out;
}

std::string RenderServiceJson(const CityStatus& c, const ServiceStatus& s, TimeMs updated_at) {
  return "{\"updated_at\":" + QTime(updated_at) + "," + ServiceFields(c, s) + "}\n";
}

const char* StatuspageComponentStatus(const ServiceStatus& s) {
  switch (s.level) {
    case StatusLevel::kOperational:
      return "operational";
    case StatusLevel::kDegraded:
      return s.cause == StatusCause::kLocationsFailing ? "partial_outage" : "degraded_performance";
    case StatusLevel::kOutage:
      return "major_outage";
    case StatusLevel::kMaintenance:
      return "under_maintenance";
    // Statuspage has no "unknown": reported conservatively as degraded, with
    // our own level alongside.
    case StatusLevel::kUnknown:
      return "degraded_performance";
  }
  return "degraded_performance";
}

std::string RenderSummaryJson(const CityStatus& c, TimeMs updated_at, const StatusPageInfo& page) {
  int o = c.Count(StatusLevel::kOutage), d = c.Count(StatusLevel::kDegraded),
      m = c.Count(StatusLevel::kMaintenance), u = c.Count(StatusLevel::kUnknown);
  const char* indicator = o ? "major" : (d || u) ? "minor" : m ? "maintenance" : "none";
  const char* description = o   ? "Driftstörning i en eller flera e-tjänster"
                            : d ? "Begränsad funktion i en eller flera e-tjänster"
                            : u ? "Okänd status för en eller flera e-tjänster"
                            : m ? "Planerat underhåll pågår"
                                : "Alla e-tjänster fungerar normalt";
  std::string page_json = "{\"id\":" + Q(page.id) + ",\"name\":" + Q(page.name) + ",\"url\":" + Q(page.path) +
                          ",\"time_zone\":\"Europe/Stockholm\",\"updated_at\":" + QTime(updated_at) + "}";
  std::string out = "{\"page\":" + page_json + ",\"status\":{\"indicator\":\"" + indicator +
                    "\",\"description\":" + Q(description) + "},\"components\":[";
  std::map<std::string, const char*, std::less<>> comp_status;
  for (size_t i = 0; i < c.services.size(); ++i) {
    const ServiceStatus& s = c.services[i];
    TimeMs changed = s.since_lower_bound ? updated_at : s.since;
    comp_status[s.service_id] = StatuspageComponentStatus(s);
    out += std::string(i ? "," : "") + "{\"id\":" + Q(s.service_id) + ",\"name\":" + Q(s.name) +
           ",\"status\":\"" + StatuspageComponentStatus(s) + "\",\"created_at\":" + QTime(changed) +
           ",\"updated_at\":" + QTime(changed) + ",\"position\":" + std::to_string(i + 1) +
           ",\"description\":" + Q(s.explanation_sv) +
           ",\"showcase\":true,\"start_date\":null,\"group_id\":null," + "\"page_id\":" + Q(page.id) +
           ",\"group\":false,\"only_show_if_degraded\":false,\"level\":" + Q(LevelName(s.level)) +
           ",\"label_sv\":" + Q(LevelLabelSv(s.level)) + "}";
  }
  out += "]";
  auto components = [&](const AnnouncementInfo& info) {
    std::string list = "[";
    bool first = true;
    for (size_t i : info.services) {
      const ServiceStatus* s = &c.services[i];
      list += std::string(first ? "" : ",") + "{\"id\":" + Q(s->service_id) + ",\"name\":" + Q(s->name) +
              ",\"status\":\"" + comp_status[s->service_id] + "\"}";
      first = false;
    }
    return list + "]";
  };
  auto update = [&](const AnnouncementInfo& info, const char* status) {
    const AnnouncementEvent& a = info.a;
    std::string uid = a.announcement_id + "-r" + std::to_string(a.revision);
    return "[{\"id\":" + Q(uid) + ",\"status\":\"" + status + "\",\"body\":" + Q(a.body_sv) +
           ",\"incident_id\":" + Q(a.announcement_id) + ",\"created_at\":" + QTime(info.updated_at) +
           ",\"updated_at\":" + QTime(info.updated_at) + ",\"display_at\":" + QTime(info.updated_at) +
           ",\"affected_components\":null}]";
  };
  auto common = [&](const AnnouncementInfo& info, const char* status, const char* impact) {
    const AnnouncementEvent& a = info.a;
    return "{\"id\":" + Q(a.announcement_id) + ",\"name\":" + Q(a.title_sv) + ",\"status\":\"" + status +
           "\",\"created_at\":" + QTime(std::min(a.starts_at, info.updated_at)) +
           ",\"updated_at\":" + QTime(info.updated_at) + ",\"monitoring_at\":" +
           (a.state == AnnouncementState::kMonitoring ? QTime(info.updated_at) : std::string("null")) +
           ",\"resolved_at\":null,\"impact\":\"" + impact + "\",\"shortlink\":" + Q(page.path) +
           ",\"started_at\":" + QTime(a.starts_at) + ",\"page_id\":" + Q(page.id) +
           ",\"incident_updates\":" + update(info, status) + ",\"components\":" + components(info);
  };
  out += ",\"incidents\":[";
  bool first = true;
  // Only what the page shows (AnnouncementInfo::shown): at most five per service.
  for (const auto& info : c.announcements) {
    const AnnouncementEvent& a = info.a;
    if (!info.shown || a.kind != AnnouncementKind::kIncident || info.phase == AnnouncementPhase::kPast)
      continue;
    if (a.state != AnnouncementState::kInvestigating && a.state != AnnouncementState::kIdentified &&
        a.state != AnnouncementState::kMonitoring)
      continue;
    bool major = false;
    for (size_t i : info.services) major |= c.services[i].level == StatusLevel::kOutage;
    out += std::string(first ? "" : ",") + common(info, Name(a.state), major ? "major" : "minor") + "}";
    first = false;
  }
  out += "],\"scheduled_maintenances\":[";
  std::vector<const AnnouncementInfo*> maint;
  for (const auto& info : c.announcements)
    if (info.shown && info.a.kind == AnnouncementKind::kPlannedMaintenance &&
        info.phase != AnnouncementPhase::kPast)
      maint.push_back(&info);
  std::sort(maint.begin(), maint.end(), [](auto* x, auto* y) {
    return x->a.starts_at != y->a.starts_at ? x->a.starts_at < y->a.starts_at
                                            : x->a.announcement_id < y->a.announcement_id;
  });
  first = true;
  for (const auto* info : maint) {
    const char* status = info->phase == AnnouncementPhase::kActive ? "in_progress" : "scheduled";
    out += std::string(first ? "" : ",") + common(*info, status, "maintenance") +
           ",\"scheduled_for\":" + QTime(info->a.starts_at) +
           ",\"scheduled_until\":" + QTimeOrNull(info->a.ends_at) + "}";
    first = false;
  }
  out += "]}\n";
  return out;
}

std::string RenderStatusHtml(const CityStatus& c, TimeMs now, std::string_view version, bool ingest_ready) {
  std::string out = Head("Driftinformation – Stockholms stads e-tjänster");
  out += "<body>\n<a class=\"skip\" href=\"#innehall\">Hoppa till innehållet</a>\n";
  out +=
      "<header class=\"top\"><div class=\"wrap\"><p class=\"org\">Stockholms stad</p>"
      "<h1>Driftinformation för e-tjänster</h1>"
      "<p class=\"lead\">Här ser du om stadens e-tjänster fungerar just nu, vilket underhåll som är planerat "
      "och hur du kan göra ditt ärende på annat sätt när en e-tjänst inte fungerar.</p></div></header>\n";
  out += "<main id=\"innehall\" class=\"wrap\" data-version=\"" + HtmlEscape(version) + "\">\n";
  out += "<p class=\"checked\" id=\"kontrollerad\">" + CheckedSv(c.newest_probe_at) + "</p>\n";
  out += StaleHtml(ingest_ready, c.newest_probe_at, now);
  out += OverallHtml(c) + "\n";

  std::vector<const ServiceStatus*> affected;
  for (const auto& s : c.services)
    if (s.level != StatusLevel::kOperational) affected.push_back(&s);
  std::stable_sort(affected.begin(), affected.end(),
                   [](auto* x, auto* y) { return Severity(x->level) < Severity(y->level); });
  out +=
      "<section aria-labelledby=\"rubrik-just-nu\"><h2 id=\"rubrik-just-nu\">Störningar och underhåll just nu</h2>\n";
  if (affected.empty()) out += "<p>Inga e-tjänster har störningar eller underhåll just nu.</p>\n";
  for (const auto* s : affected) out += ServiceCard(c, *s, now, false) + "\n";
  // Operational services with an upcoming announcement are listed under their own name too.
  out += "</section>\n";

  out +=
      "<section aria-labelledby=\"rubrik-planerat\"><h2 id=\"rubrik-planerat\">Planerat underhåll de kommande "
      "14 dagarna</h2>\n";
  if (c.upcoming_maintenance.empty()) {
    out += "<p>Inget underhåll är planerat de kommande 14 dagarna.</p>\n";
  } else {
    out += "<ul class=\"maint\">";
    for (size_t i : c.upcoming_maintenance) {
      const AnnouncementInfo& info = c.announcements[i];
      const AnnouncementEvent& a = info.a;
      out +=
          "<li><h3>" + HtmlEscape(a.title_sv) + "</h3><p class=\"meta\">" + RangeSv(a.starts_at, a.ends_at);
      std::string names = ServiceNames(c, info);
      if (!names.empty()) out += " · Berör: " + HtmlEscape(names);
      out += "</p>";
      if (!a.body_sv.empty()) out += "<p>" + HtmlText(a.body_sv) + "</p>";
      out += "</li>";
    }
    out += "</ul>\n";
  }
  out += "</section>\n";

  out += AllServicesHtml(c, now);
  out += "</main>\n";
  out += kLiveRegion;
  out +=
      "<footer class=\"wrap\"><p>Följ driftinformationen i en flödesläsare: "
      "<a href=\"/driftinformation/feed.atom\">Atom-flöde med driftmeddelanden</a>. "
      "Tidigare störningar och underhåll: <a href=\"/driftinformation/historik\">arkiv med driftmeddelanden</a>. "
      "Öppna data: <a href=\"/api/v1/status\">status som JSON</a>, "
      "<a href=\"/api/v2/summary.json\">sammanfattning (Statuspage-format)</a>.</p>"
      "<p><a href=\"/driftinformation/underhall.ics\">Prenumerera på planerat underhåll</a> i din kalender "
      "(iCalendar).</p>"
      "<p>Varje e-tjänst kan visa sin egen status på sin startsida med adressen "
      "/driftinformation/&lt;tjänstens id&gt;.</p></footer>\n</body>\n</html>\n";
  return out;
}

std::string RenderWidgetHtml(const CityStatus& c, const ServiceStatus& s, TimeMs now,
                             std::string_view version, bool ingest_ready) {
  std::string out = Head("Driftinformation: " + s.name);
  out += "<body class=\"widget\">\n<main id=\"innehall\" data-version=\"" + HtmlEscape(version) + "\">\n";
  std::string tail =
      "<p class=\"checked\" id=\"kontrollerad\">" + CheckedSv(s.newest_probe_at) + "</p>" +
      StaleHtml(ingest_ready, c.newest_probe_at, now) +
      "<p><a href=\"/driftinformation\" target=\"_blank\" rel=\"noopener\">Driftinformation för "
      "alla e-tjänster (öppnas i nytt fönster)</a></p>";
  out += ServiceCard(c, s, now, true, tail) + "\n</main>\n";
  out += kLiveRegion;
  out += "</body>\n</html>\n";
  return out;
}

std::string RenderUnknownServiceHtml() {
  std::string out = Head("Okänd e-tjänst – driftinformation");
  out +=
      "<body>\n<main id=\"innehall\" class=\"wrap\"><h1>Okänd e-tjänst</h1><p>Det finns ingen driftinformation "
      "för den här adressen.</p><p><a href=\"/driftinformation\">Se driftinformation för alla e-tjänster</a></p>"
      "</main>\n</body>\n</html>\n";
  return out;
}

std::string RenderAtomFeed(const CityStatus& c, TimeMs updated_at, const StatusPageInfo& page) {
  TimeMs feed_updated = c.announcements.empty() ? updated_at : c.announcements.front().updated_at;
  std::string out =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" "
      "xml:lang=\"sv\">\n<title>" +
      XmlEscape(page.name) +
      "</title>\n<subtitle>Kända fel och "
      "planerat underhåll i Stockholms stads e-tjänster</subtitle>\n<id>" +
      UrnUuid("followup/driftinformation/feed/" + page.id) + "</id>\n<updated>" +
      FormatRfc3339Utc(feed_updated) +
      "</updated>\n<link rel=\"self\" "
      "type=\"application/atom+xml\" href=\"" +
      XmlEscape(page.path) +
      "/feed.atom\"/>\n"
      "<link rel=\"alternate\" type=\"text/html\" href=\"" +
      XmlEscape(page.path) +
      "\"/>\n"
      "<author><name>Stockholms stad</name></author>\n";
  size_t n = 0;
  for (const auto& info : c.announcements) {
    if (++n > 100) break;
    const AnnouncementEvent& a = info.a;
    std::string summary = std::string(AnnouncementKindSv(a.kind)) + " · " +
                          AnnouncementStatusSv(a, info.phase) + " · " + RangeSv(a.starts_at, a.ends_at);
    std::string names = ServiceNames(c, info);
    if (!names.empty()) summary += " · Berör: " + names;
    out +=
        "<entry>\n<id>" + UrnUuid("followup/driftinformation/announcement/" + a.announcement_id) + "</id>\n";
    out += "<title type=\"text\">" + XmlEscape(std::string(AnnouncementKindSv(a.kind)) + ": " + a.title_sv) +
           "</title>\n<updated>" + FormatRfc3339Utc(info.updated_at) + "</updated>\n<published>" +
           FormatRfc3339Utc(std::min(a.starts_at, info.updated_at)) + "</published>\n";
    // Its own announcement in the archive, not the page of all services.
    out +=
        "<link rel=\"alternate\" type=\"text/html\" href=\"" + XmlEscape(AnnouncementPermalink(a)) + "\"/>\n";
    out += "<category term=\"" + std::string(Name(a.kind)) + "\" label=\"" + AnnouncementKindSv(a.kind) +
           "\"/>\n";
    out += "<summary type=\"text\">" + XmlEscape(summary) + "</summary>\n";
    out += "<content type=\"text\">" + XmlEscape(a.body_sv) + "</content>\n</entry>\n";
  }
  out += "</feed>\n";
  return out;
}

const std::string& StatusAppJs() {
  static const std::string js =
      R"JS(// Driftinformation: keeps the page current without a reload, and filters the
// list of all e-services by name. The page works without this script (every
// service is listed under its owner, with a jump list); with it, the page
// asks the server again every 60 s while the tab is visible (HTTP
// revalidation with ETag), and replaces the main content only when the
// information itself changed.
(function () {
  'use strict';
  // --- The filter field, in the place the page keeps for it (#filtrera, the
  // same height with and without the field, so nothing moves).
  var query = '';
  function fold(text) {
    var t = String(text || '').toLowerCase();
    return t.normalize ? t.normalize('NFD').replace(/[\u0300-\u036f]/g, '') : t;
  }
  function applyFilter() {
    var box = document.getElementById('filtrera');
    if (!box) return;
    var q = fold(query).trim();
    var shown = 0;
    var groups = document.querySelectorAll('div.group[data-grupp]');
    for (var i = 0; i < groups.length; i++) {
      var rows = groups[i].querySelectorAll('tr[data-namn]');
      var inGroup = 0;
      for (var j = 0; j < rows.length; j++) {
        var hit = q === '' || fold(rows[j].getAttribute('data-namn')).indexOf(q) !== -1;
        rows[j].hidden = !hit;
        if (hit) inGroup++;
      }
      groups[i].hidden = inGroup === 0;
      var jump = document.querySelector('#grupper li[data-grupp="' + groups[i].getAttribute('data-grupp') + '"]');
      if (jump) jump.hidden = inGroup === 0;
      shown += inGroup;
    }
    var result = document.getElementById('filter-resultat');
    if (result) {
      var all = box.getAttribute('data-antal') || String(shown);
      result.textContent = q === '' ? '' : shown === 0 ? 'Ingen e-tjänst matchar sökningen.'
                                             : 'Visar ' + shown + ' av ' + all + ' e-tjänster.';
    }
  }
  function setupFilter() {
    var box = document.getElementById('filtrera');
    if (!box || !document.querySelectorAll) return;
    box.textContent = '';
    var label = document.createElement('label');
    label.htmlFor = 'filter-falt';
    label.textContent = 'Sök bland e-tjänsterna';
    var input = document.createElement('input');
    input.type = 'search';
    input.id = 'filter-falt';
    input.autocomplete = 'off';
    input.spellcheck = false;
    input.setAttribute('aria-describedby', 'filter-resultat');
    input.value = query;
    var result = document.createElement('p');
    result.id = 'filter-resultat';
    result.setAttribute('role', 'status');
    box.appendChild(label);
    box.appendChild(input);
    box.appendChild(result);
    input.addEventListener('input', function () { query = input.value; applyFilter(); });
    applyFilter();
  }
  setupFilter();

  // --- Keeping the page current.
  if (!window.fetch || !window.DOMParser) return;
  var INTERVAL = 60000;
  var timer = null;
  var last = Date.now();
  function main() { return document.getElementById('innehall'); }
  function say(text) {
    var live = document.getElementById('uppdatering');
    if (live) { live.textContent = ''; window.setTimeout(function () { live.textContent = text; }, 50); }
  }
  function schedule() {
    window.clearTimeout(timer);
    if (document.visibilityState === 'visible') timer = window.setTimeout(refresh, INTERVAL);
  }
  function apply(html) {
    var doc = new DOMParser().parseFromString(html, 'text/html');
    var fresh = doc.getElementById('innehall');
    var cur = main();
    if (!fresh || !cur) return;
    var checkedNew = doc.getElementById('kontrollerad');
    var checkedCur = document.getElementById('kontrollerad');
    if (fresh.getAttribute('data-version') === cur.getAttribute('data-version')) {
      if (checkedNew && checkedCur) checkedCur.textContent = checkedNew.textContent;
      return;
    }
    var active = document.activeElement;
    if (active && active !== cur && cur.contains(active)) {
      // Do not pull the content from under a keyboard user: offer a reload instead.
      if (!document.getElementById('ny-information')) {
        var p = document.createElement('p');
        p.id = 'ny-information';
        p.className = 'notice';
        var a = document.createElement('a');
        a.href = window.location.pathname;
        a.textContent = 'Det finns ny driftinformation. Ladda om sidan.';
        p.appendChild(a);
        cur.insertBefore(p, cur.firstChild);
        say('Det finns ny driftinformation.');
      }
      return;
    }
    cur.innerHTML = fresh.innerHTML;
    cur.setAttribute('data-version', fresh.getAttribute('data-version') || '');
    setupFilter();
    say('Driftinformationen har uppdaterats.');
  }
  function refresh() {
    last = Date.now();
    window.fetch(window.location.pathname, { credentials: 'same-origin', cache: 'no-cache',
                                            headers: { 'Accept': 'text/html' } })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) { if (html) apply(html); })
      .catch(function () { /* offline: try again later */ })
      .then(schedule);
  }
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState !== 'visible') { window.clearTimeout(timer); return; }
    if (Date.now() - last >= INTERVAL) refresh(); else schedule();
  });
  schedule();
})();
)JS";
  return js;
}

bool InformationMayBeStale(bool ingest_ready, const std::optional<TimeMs>& newest_probe_at, TimeMs now) {
  return !ingest_ready || !newest_probe_at || now - *newest_probe_at >= kStaleAfterMs;
}
std::string CheckedTextSv(const std::optional<TimeMs>& newest_probe_at) { return CheckedSv(newest_probe_at); }
std::string PageHeadHtml(std::string_view title) { return Head(title); }
std::string LevelBadgeHtml(StatusLevel l) { return Badge(l); }
const char* LevelIconSvg(StatusLevel l) { return Icon(l); }
std::string AlternativesBlockHtml(const ServiceStatus& s, const char* heading) {
  return AlternativesHtml(s, heading);
}
std::string SinceTextSv(const ServiceStatus& s, TimeMs now) { return SinceSv(s, now); }
std::string TimeRangeSv(TimeMs from, const std::optional<TimeMs>& to) { return RangeSv(from, to); }
std::string HtmlTextWithBreaks(std::string_view s) { return HtmlText(s); }
std::string HistoryPagePath(std::string_view service_id) {
  return "/driftinformation/" + std::string(service_id) + "/historik";
}

}  // namespace followup
