// Planned maintenance as a calendar to subscribe to (status.md, History):
//   GET /driftinformation/underhall.ics                 every service
//   GET /driftinformation/underhall.ics?service={id}    one service (404 when
//                                                       the id is not in the status)
// text/calendar (readmodels/maintenance_calendar.h), pre-rendered by
// StatusBoard, with a strong ETag (If-None-Match answers 304) and
// Cache-Control public, max-age=300; open to other origins (Cors::kPublic);
// 503 before the first status is computed.
// Register before AddStatusRoutes: the router takes the first match, and
// /driftinformation/{service_id} would take "underhall.ics" as an id.
// Thread-safety: handlers only read the board's published bundle.
#pragma once
#include "http/router.h"
#include "readmodels/status_board.h"

namespace followup::http {

inline constexpr char kMaintenanceCalendarPath[] = "/driftinformation/underhall.ics";

void AddCalendarRoutes(Router* router, const StatusBoard* board);

}  // namespace followup::http
