// The public, read-only citizen status surfaces (status.md "Surfaces"):
//   GET /api/v1/status                 all services (JSON, CORS)
//   GET /api/v1/status/{service_id}    one service (JSON, CORS; 404 unknown id)
//   GET /api/v2/summary.json           Statuspage-shaped summary (JSON, CORS)
//   GET /driftinformation              the Swedish HTML page
//   GET /driftinformation/app.js       its optional refresh script
//   GET /driftinformation/feed.atom    Atom feed of announcements
//   GET /driftinformation/{service_id} embeddable widget (the only frameable page)
//   GET /en/status                     the same page in English
//   GET /en/status/{service_id}/widget the widget in English (frameable too)
// (The per-service history pages and the archive, in both languages:
// history_routes.h; the badges: badge_routes.h.)
// Handlers only pick up the bytes StatusBoard pre-rendered; every body has a
// strong ETag and If-None-Match answers 304. HEAD is served wherever GET is;
// the JSON documents and the feed are Cors::kPublic (any origin; OPTIONS is
// their CORS preflight); other methods get 405 from the router.
#pragma once
#include "http/router.h"
#include "readmodels/status_board.h"
#include "readmodels/texts.h"

namespace followup::http {

void AddStatusRoutes(Router* router, const StatusBoard* board);

// How every citizen surface answers with a pre-rendered body: security
// headers (pages other than the widget refuse to be framed), Cache-Control,
// the strong ETag, and 304 when If-None-Match matches. html: a page.
Response ServeCitizenBody(const Request& req, const RenderedBody& b, bool html);
// The 404 of the citizen pages (an HTML page that does not echo the id);
// the JSON documents' is UnknownServiceJson (rendered.h).
Response UnknownServicePage(Lang lang = Lang::kSv);

// True when an If-None-Match header value matches the entity tag (weak
// comparison, as RFC 9110 prescribes for If-None-Match; "*" matches).
bool IfNoneMatchMatches(std::string_view header, std::string_view etag);

}  // namespace followup::http
