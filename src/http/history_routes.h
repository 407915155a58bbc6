// The citizens' history surfaces (status.md "History"), public and read-only:
//   GET /api/v1/status/{service_id}/history?days=N       daily availability (N 1-400, default 90)
//   GET /api/v1/status/{service_id}/response-times       the last 24 h per probe location
//   GET /api/v1/announcements?before=RFC3339&limit=N     every announcement with its updates
//                                                        (limit 1-100, default 20), newest first;
//       &service=ID&kind=K&state=S&open=true|false       filtered (a bad value: 400; an unknown
//                                                        service: 400), next_url keeps the filters
//   GET /api/v1/announcements/{announcement_id}          one of them with every revision, ETag
//                                                        "rev-N" (its winning revision, for a
//                                                        PATCH's If-Match), never 304: the body
//                                                        has the phase, which moves with the clock
//   GET /driftinformation/historik?before=RFC3339        the archive page (20 a page)
//   GET /driftinformation/{service_id}/historik          a service's history page
//   GET /en/status/history?before=RFC3339                the archive in English
//   GET /en/status/{service_id}                          a service's history page in English
// The JSON documents are Cors::kPublic like the status API, except
// /api/v1/announcements: its path is the admin API's too, so it answers any
// origin (Access-Control-Allow-Origin: *) but no preflight (OPTIONS 405). Every body has a
// strong ETag (If-None-Match answers 304) and the status routes' headers.
// Bad input (days or limit not a whole number in range, a malformed before)
// gets 400 with a JSON error (an HTML page for the archive page); an unknown
// or retired service 404 (an HTML page for the pages); before the live status
// exists 503; a store error 500 without internal text (logged).
// In a query string '+' means a space: a before whose offset came as
// "+01:00" unencoded is read with the space as '+'.
//
// Register these BEFORE AddStatusRoutes: the router takes the first match,
// and /driftinformation/historik must win over the widget's
// /driftinformation/{service_id} ("historik" is a reserved word, never a
// service id).
#pragma once
#include <functional>
#include "http/router.h"

#include "readmodels/history_board.h"

namespace followup::http {

// revisions_missing: true while the served projections hold no announcement
// revisions (older than version 4, while a rebuild runs): /api/v1/announcements/
// {id}, which shows them, answers 503 "rebuilding" until the switch.
void AddHistoryRoutes(Router* router, HistoryBoard* board,
                      const std::function<bool()>& revisions_missing = {});

}  // namespace followup::http
