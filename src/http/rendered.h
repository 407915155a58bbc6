// Answers from the bytes StatusBoard pre-rendered (RenderedBody,
// readmodels/status_board.h) for the calendar and badge routes
// (calendar_routes.h, badge_routes.h): the body with its strong ETag and
// Cache-Control, 304 without a body when If-None-Match matches
// (IfNoneMatchMatches, status_routes.h), and the headers every response
// carries (AddSecurityHeaders, server.h). The 503 and the JSON 404 serve
// every status route (status_routes.cpp too).
// Thread-safety: pure functions.
#pragma once
#include "http/http_types.h"
#include "readmodels/status_board.h"

namespace followup::http {

Response ServeRendered(const Request& req, const RenderedBody& b, const char* cache_control);
// 503 before StatusBoard published its first bundle; no internal detail.
Response StatusNotYetAvailable();
// 404 for a service id that is not in the status (the id is not echoed).
Response UnknownServiceJson();

}  // namespace followup::http
