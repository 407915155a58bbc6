// Targets (målvärden) of kommunstyrelsen, as commands that become events:
//   POST /api/v1/targets          set, revise or withdraw one target (bearer token)
//   GET  /api/v1/targets?year=Y   the targets in force for year Y (public, CORS)
//
// POST takes {"indicator","scope","scope_id","year","value","tolerance"?,
// "withdrawn"?}. Fields other than these are refused (400 naming them); the
// rest is checked by writing the target.v1 event and decoding it with the
// ingest's own EventDecoder, so the API accepts exactly what the fold will.
// A valid request is written to the catalog topic (key: the indicator) with a
// new event_id and occurred_at now, flushed, and answered 202
// {"event_id"}; the event's actor is the token's id. GET and the goals report
// show it once it is folded. POST needs a token with the scope `targets`
// (Authorize, admin_common.h: 401, 403, 429, and 503 without any token).
// Thread-safety: the handlers may run on any server thread.
#pragma once
#include <functional>
#include <memory>
#include <string>

#include "common/status.h"
#include "common/time.h"
#include "http/admin_common.h"
#include "http/router.h"
#include "projections/kv.h"

namespace followup::http {

struct TargetOptions {
  std::shared_ptr<const AdminAuth> auth;  // null or without tokens: POST answers 503
  // Writes one event (key, value) to the catalog topic and confirms it; null: 503.
  std::function<Status(const std::string& key, const std::string& value)> publish;
  std::function<std::unique_ptr<KvReader>()> readers;
  std::function<TimeMs()> clock;  // default: system clock
};

// The targets of a year as JSON: {"year":Y,"targets":[{indicator, scope,
// scope_id, value, tolerance, direction, decided_at, event_id}]}.
Status TargetsJson(const KvReader& store, int year, std::string* out);

void AddTargetRoutes(Router* router, TargetOptions options);

}  // namespace followup::http
