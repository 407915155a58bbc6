// Renders the citizens' history (history.h) into its public surfaces:
//   JSON: a service's daily history, the announcement archive page, a
//         service's response times;
//   HTML: a service's history page (status now with the alternatives, the
//         90-day availability bar with each day's level in text, the
//         response-time chart as server-rendered SVG with a table, the
//         service's announcements with their update timelines) and the
//         archive of every announcement, newest first, paged, each one
//         linkable (an anchor on a page that starts with it).
// Pure functions, like status_render.h, whose page pieces they share. Every
// announcement and catalog text is untrusted: SanitizeText and the escaping
// of its context (common/escape.h) apply to all of it, in HTML, SVG and JSON.
//
// Thread-safety: pure functions.
#pragma once
#include <string>
#include <string_view>

#include "readmodels/history.h"
#include "readmodels/status_engine.h"

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
std::string RenderServiceHistoryHtml(const ServiceStatus& status, const ServiceHistory& h,
                                     const ResponseTimes& rt, const ArchivePage& announcements, TimeMs now);
// The archive page; before: the query the page answers (nullopt: the newest).
std::string RenderArchiveHtml(const ArchivePage& p, const std::optional<TimeMs>& before, TimeMs now);

// The server-rendered response-time chart alone (an <svg> element).
std::string RenderResponseTimeSvg(const ResponseTimes& rt);

// The anchor of an announcement on the archive pages ("m-" and the id, every
// byte outside [A-Za-z0-9_-] as "." and two hex digits), and the address of
// the archive page that starts with it.
std::string AnnouncementAnchor(std::string_view announcement_id);
std::string AnnouncementPermalink(const AnnouncementEvent& a);

}  // namespace followup
