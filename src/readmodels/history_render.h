// Renders the citizens' history (history.h) into its public surfaces:
//   JSON: a service's daily history, the announcement archive page, a
//         service's response times;
//   HTML: a service's history page (status now with the alternatives, the
//         90-day availability bar with each day's level in text, the
//         response-time chart as server-rendered SVG with a table, the
//         service's announcements with their update timelines) and the
//         archive of every announcement, newest first, paged, each one
//         linkable (an anchor on a page that starts with it).
// One file per surface: history_render_json.cpp, history_render_chart.cpp
// (the SVG chart, its legend and table), history_render_page.cpp (the two
// pages, from templates/service_history, archive and archived_announcement);
// the words come from texts.h, in Swedish or English.
// Pure functions, like status_render.h, whose page pieces (citizen_html.h) they share. Every
// announcement and catalog text is untrusted: SanitizeText and the escaping
// of its context (common/escape.h) apply to all of it, in HTML, SVG and JSON.
//
// Thread-safety: pure functions.
#pragma once
#include <string>
#include <string_view>

#include "readmodels/history.h"
#include "readmodels/status_engine.h"
#include "readmodels/texts.h"

namespace followup {

// {"service_id", "days": [{"date", "minutes": {...}, "availability", "announcements"}]}
std::string RenderHistoryJson(const ServiceHistory& h);
// {"announcements": [...with "updates"...], "next_before", "next_url"}; limit
// goes into next_url, and so does `filters` (a query string such as
// "&kind=incident", already encoded) so that the next page keeps them.
std::string RenderArchiveJson(const ArchivePage& p, size_t limit, std::string_view filters = {});
// One announcement with its "updates", as an item of RenderArchiveJson.
std::string RenderAnnouncementJson(const ArchivedAnnouncement& x);
// {"service_id", "from", "to", "bucket_minutes", "latency_threshold_ms",
//  "locations": [{"location", "buckets": [{"start", "passed", "failed", "mean_ms"}]}]}
std::string RenderResponseTimesJson(const ResponseTimes& rt);

// The page for one service. status: its current ServiceStatus; announcements:
// the first page of its archive (only announcements that list it).
// lang: Swedish (/driftinformation/<id>/historik) or English
// (/en/status/<id>); each page links to its counterpart in the other language.
std::string RenderServiceHistoryHtml(const ServiceStatus& status, const ServiceHistory& h,
                                     const ResponseTimes& rt, const ArchivePage& announcements, TimeMs now,
                                     Lang lang = Lang::kSv, bool subscribe_link = false);
// The archive page; before: the query the page answers (nullopt: the newest).
std::string RenderArchiveHtml(const ArchivePage& p, const std::optional<TimeMs>& before, TimeMs now,
                              Lang lang = Lang::kSv);
// The 400 page of the HTML history routes (a date that cannot be read).
std::string RenderBadAddressHtml(Lang lang = Lang::kSv);

// The server-rendered response-time chart alone (an <svg> element). Its y
// labels (font-size 14, text-anchor end) fit in the view box: the left margin
// is made wide enough for the longest one (ChartLabelWidth).
std::string RenderResponseTimeSvg(const ResponseTimes& rt, Lang lang = Lang::kSv);
// The width a chart label takes at font-size 14, estimated generously:
// kChartCharWidth per character (0.64 em: a digit of DejaVu Sans, the widest
// of the usual fallback fonts; letters and spaces of the labels are about as
// wide or narrower).
inline constexpr double kChartCharWidth = 9.0;
double ChartLabelWidth(std::string_view label);
// The chart's legend (a key per location and the slow-answer limit) and its
// figures hour by hour as a table (in a <details>).
std::string ResponseTimeLegendHtml(const ResponseTimes& rt, Lang lang = Lang::kSv);
std::string ResponseTimeTableHtml(const ResponseTimes& rt, Lang lang = Lang::kSv);

// The anchor of an announcement on the archive pages ("m-" and the id, every
// byte outside [A-Za-z0-9_-] as "." and two hex digits), and the address of
// the archive page that starts with it.
std::string AnnouncementAnchor(std::string_view announcement_id);
std::string AnnouncementPermalink(const AnnouncementEvent& a, Lang lang = Lang::kSv);
// An update's state in the words of its kind: a maintenance is "Planerat",
// "Avslutat" or "Inställt" (never "Löst"), an incident as AnnouncementStateSv.
const char* UpdateStateSv(AnnouncementKind kind, AnnouncementState state);

}  // namespace followup
