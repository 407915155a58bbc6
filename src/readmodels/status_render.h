// Renders a CityStatus into the public surfaces (status.md, "Surfaces"): JSON
// for all services and for one, a Statuspage-shaped summary.json, the HTML
// page and the embeddable per-service widget in Swedish (/driftinformation)
// and English (/en/status), and the (Swedish) Atom feed. Pure functions:
// StatusBoard calls them on its own thread and publishes the bytes.
//
// One file per surface: status_render_json.cpp, status_render_page.cpp (the
// page, the widget, the 404 page), status_render_feed.cpp; the HTML and the
// feed come from the templates in templates/ (templates.h), their words from
// texts_sv.cpp / texts_en.cpp (texts.h), the pieces every page shares from
// citizen_html.h. On an English page an announcement without title_en /
// body_en shows its Swedish text marked lang="sv".
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
#include "readmodels/texts.h"

namespace followup {

struct StatusPageInfo {
  std::string id = "stockholm-driftinformation";
  std::string name = kTextsSv.site_name.str();
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
// lang: the page's language (Swedish texts and links to /driftinformation,
// or English ones and links to /en/status); each page links to its
// counterpart in the other language (hreflang and a visible link).
// subscribe_link: e-mail subscriptions are offered; the page links to
// their form (t.subscribe_path).
std::string RenderStatusHtml(const CityStatus& c, TimeMs now, std::string_view version, bool ingest_ready,
                             Lang lang = Lang::kSv, bool subscribe_link = false);
std::string RenderWidgetHtml(const CityStatus& c, const ServiceStatus& s, TimeMs now,
                             std::string_view version, bool ingest_ready, Lang lang = Lang::kSv);
// The 404 page of an unknown service id (the id is not echoed).
std::string RenderUnknownServiceHtml(Lang lang = Lang::kSv);
// Atom 1.0 feed of the announcements, newest update first (at most 100); each
// entry links to its own announcement in the archive (AnnouncementPermalink).
std::string RenderAtomFeed(const CityStatus& c, TimeMs updated_at, const StatusPageInfo& page = {});
// The page's progressive-enhancement script (served at /driftinformation/app.js;
// its words come from data-* attributes of the page's <body>).
const std::string& StatusAppJs();

}  // namespace followup
