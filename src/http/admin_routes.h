// The staff admin API for driftinformation (commands become events):
//   POST /api/v1/announcements                    create an incident or a planned maintenance
//   PUT  /api/v1/announcements/{announcement_id}  publish a new revision of one
//   PATCH /api/v1/announcements/{announcement_id} a new revision from a JSON Merge
//                                                 Patch (RFC 7396) of the current one
// Each needs "Authorization: Bearer <token>" of a token with the scope
// `announcements` (Authorize, admin_common.h: 401, 403, 429, and 503 without
// any configured token); the token is never logged.
//
// A valid request becomes an announcement.v1 event (event_id unique,
// occurred_at now, actor = the token's id), checked once more by EventDecoder, written to the
// announcements topic with key = announcement_id and flushed; the answer is
// 202 {"event_id","announcement_id","revision"}. The status changes only when
// the ingest folds that event.
//
// Revisions: POST writes revision 1 (announcement_id assigned by the server
// when absent; an id already known answers 409). PUT takes the revision from
// the body when given (it must be above the current one, else 409 with the
// current revision), else uses current + 1, where current is the higher of
// the folded winning revision in the store and the last revision this process
// wrote (which covers the ingest lag). Writes are serialized, so two
// concurrent PUTs never produce the same revision. PUT of an unknown id is 404.
// A revision is at most INT64_MAX - 1 so that another can always follow; an
// announcement another producer wrote at INT64_MAX answers 409 to a PUT
// without revision (current + 1 is never computed when it would overflow).
//
// PATCH: If-Match must name the current revision as "rev-N" (RevisionETag;
// GET /api/v1/announcements/{id} answers it as ETag): none or "*" is 428,
// another revision 409 with the current ETag, a malformed header 400. Under
// the write lock, the body is merged into the current revision (the folded
// winner, or what this process last wrote when that is newer: the ingest
// lag), the result is validated exactly as a PUT body and written as current
// + 1 (or the body's revision, as PUT). Every 202 carries ETag "rev-N".
//
// Validation beyond announcement.v1 (commands are stricter than events):
//  - no member but those of an announcement (an unknown one is named);
//  - the state fits the kind (events.md "Commands"): incident: investigating,
//    identified, monitoring, resolved, cancelled; planned_maintenance:
//    scheduled, resolved, cancelled;
//  - a resolved incident without ends_at gets the time of the request as its
//    ends_at (a 400 when it starts later);
//  - a client-chosen announcement_id (POST) is 1-128 characters of
//    [A-Za-z0-9._:-], as event ids, and not "." or "..": an id the PUT route
//    can address (the router refuses '/', "." and ".." in a path segment);
//  - title_sv (and title_en when given) has visible text: not empty, not only
//    white space;
//  - no text contains a character the output rule (SanitizeText in
//    common/escape.h) would drop or replace: controls other than tab/LF/CR,
//    noncharacters such as U+FFFE/U+FFFF, bidirectional formatting characters;
//  - every service_id is in the catalog.
// All field errors are reported at once:
// 400 {"errors":[{"field":"ends_at","message":"..."}]}.
#pragma once
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "common/status.h"
#include "common/time.h"
#include "http/admin_common.h"
#include "http/router.h"
#include "projections/kv.h"

namespace followup {
class Producer;
}

namespace followup::http {

struct AdminOptions {
  std::shared_ptr<const AdminAuth> auth;  // null or without tokens: the admin API is disabled (503)
  // Writes one event (key, value) and confirms it; null: 503.
  std::function<Status(const std::string& key, const std::string& value)> publish;
  // Consistent readers of the projection store (catalog, winning revisions).
  std::function<std::unique_ptr<KvReader>()> readers;
  std::function<TimeMs()> clock;  // default: system clock
};

// A publish function over a Kafka producer: Send to topic, then Flush.
std::function<Status(const std::string&, const std::string&)> KafkaPublisher(Producer* producer,
                                                                             std::string topic);

void AddAdminRoutes(Router* router, AdminOptions options);

}  // namespace followup::http
