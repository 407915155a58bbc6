// Status badges (readmodels/badge.h), SVG images to embed:
//   GET /driftinformation/{service_id}/badge.svg   the level in Swedish
//   GET /en/status/{service_id}/badge.svg          the level in English
// Pre-rendered by StatusBoard; a strong ETag (If-None-Match answers 304),
// Cache-Control public, max-age=60, and a Content-Security-Policy that lets
// the image run nothing when it is opened on its own. An id that is not in
// the status answers 404 (JSON, the id not echoed); 503 before the first
// status is computed.
// Thread-safety: handlers only read the board's published bundle.
#pragma once
#include "http/router.h"
#include "readmodels/status_board.h"

namespace followup::http {

void AddBadgeRoutes(Router* router, const StatusBoard* board);

}  // namespace followup::http
