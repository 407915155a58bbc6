// Renders a CityStatus into the public surfaces (status.md, "Surfaces"): JSON
// for all services and for one, a Statuspage-shaped summary.json, the Swedish
// HTML page, the embeddable per-service widget and the Atom feed. Pure
// functions: StatusBoard calls them on its own thread and publishes the bytes.
//
// Every announcement and catalog text is untrusted: it is sanitised by the one
// rule of common/escape.h (SanitizeText) and escaped for the context it lands
// in (JSON, HTML text/attribute, XML), and only http(s), tel: and mailto:
// links are ever built from catalog contacts.
//
// What is shown is decided by ComputeStatus (status_engine.h), not here: each
// service's card, widget and JSON carry its ServiceStatus::shown (at most
// kShownAnnouncementsPerService) with the total (JSON announcement_count and
// more_announcements_url; HTML "Här visas 5 av N ..." linking to the Atom
// feed); an announcement names only AnnouncementInfo::services. So one body's
// size is bounded by the number of services, not of announcements.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/sha256.h"  // Sha256Hex: the ETags of rendered bodies
#include "readmodels/status_engine.h"

namespace followup {

struct StatusPageInfo {
  std::string id = "stockholm-driftinformation";
  std::string name = "Stockholms stad – driftinformation för e-tjänster";
  std::string path = "/driftinformation";  // relative: the public host is not known here
};

// JSON bodies. updated_at: when the content last changed (kept stable while
// nothing changes, so the bytes and the ETag stay the same).
std::string RenderStatusJson(const CityStatus& c, TimeMs updated_at);
std::string RenderServiceJson(const CityStatus& c, const ServiceStatus& s, TimeMs updated_at);
std::string RenderSummaryJson(const CityStatus& c, TimeMs updated_at, const StatusPageInfo& page = {});
// Statuspage component status of a service.
const char* StatuspageComponentStatus(const ServiceStatus& s);

// The information on the pages may be stale (a banner says so) when the
// ingest loop is not ready (/readyz) or when the newest folded measurement
// (CityStatus::newest_probe_at, the time "Senast kontrollerad" shows) is
// kStaleAfterMs or more before now, or there is none. 5 minutes: the same
// window after which a service without probes turns "Okänd status"
// (status.md), and five times the probe interval of the city's monitors.
inline constexpr TimeMs kStaleAfterMs = 5 * kMsPerMinute;
bool InformationMayBeStale(bool ingest_ready, const std::optional<TimeMs>& newest_probe_at, TimeMs now);

// HTML. now: the instant the status is for (times of today are written "kl.
// 10:42"); "Senast kontrollerad" shows the newest folded measurement
// (CityStatus::newest_probe_at, the widget: its service's), never now;
// ingest_ready: whether the ingest loop is ready (the stale banner); version:
// a fingerprint of the content, which app.js compares before it replaces the
// page's main content. The page lists the services that are not operational
// first, then every service under its owner (Swedish order) with a jump list
// and the place of app.js's filter field (#filtrera).
std::string RenderStatusHtml(const CityStatus& c, TimeMs now, std::string_view version, bool ingest_ready);
std::string RenderWidgetHtml(const CityStatus& c, const ServiceStatus& s, TimeMs now,
                             std::string_view version, bool ingest_ready);
// The widget's 404 page (an unknown service id; the id is not echoed).
std::string RenderUnknownServiceHtml();
// Atom 1.0 feed of the announcements, newest update first (at most 100); each
// entry links to its own announcement in the archive (AnnouncementPermalink).
std::string RenderAtomFeed(const CityStatus& c, TimeMs updated_at, const StatusPageInfo& page = {});
// The page's progressive-enhancement script (served at /driftinformation/app.js).
const std::string& StatusAppJs();

// Pieces of the citizen pages that the history pages (history_render.h)
// share, so that both look and escape alike. Each escapes what it is given.
// "<!DOCTYPE html>" up to "</head>", with the shared style sheet.
std::string PageHeadHtml(std::string_view title);
// A level's icon and Swedish label (never colour alone).
std::string LevelBadgeHtml(StatusLevel l);
// The icon alone (aria-hidden).
const char* LevelIconSvg(StatusLevel l);
// The "Gör ditt ärende på annat sätt" block of a service.
std::string AlternativesBlockHtml(const ServiceStatus& s, const char* heading);
// "sedan kl. 10:42", "sedan 25 nov 2026 kl. 10:42", "i mer än ett dygn".
std::string SinceTextSv(const ServiceStatus& s, TimeMs now);
// "26 nov 2026 kl. 22:00 – 23:30" (the end date when it differs), "från ..." without an end.
std::string TimeRangeSv(TimeMs from, const std::optional<TimeMs>& to);
// Escaped text with its line breaks as <br>.
std::string HtmlTextWithBreaks(std::string_view s);
// Where a service's history page is: "/driftinformation/<id>/historik".
std::string HistoryPagePath(std::string_view service_id);
// "Senast kontrollerad 26 nov 2026 kl. 10:42" (the measurement's minute), or
// "Inga mätningar ännu" without one; escaped HTML text.
std::string CheckedTextSv(const std::optional<TimeMs>& newest_probe_at);

}  // namespace followup
