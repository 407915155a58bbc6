// The announcement command of the admin API (admin_routes.h, where the rules
// are listed): a request body checked field by field into a Draft, a Draft as
// a command body and as the announcement.v1 event it becomes, and the If-Match
// header of a PATCH. Pure functions; thread-safe.
#pragma once
#include <simdjson.h>

#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "common/time.h"
#include "events/event.h"
#include "http/admin_common.h"
#include "projections/kv.h"

namespace followup::http {

// A revision that can still be followed by another (current + 1 never overflows).
inline constexpr int64_t kMaxRevision = std::numeric_limits<int64_t>::max() - 1;

// The announcement as the request describes it, before ids and revisions.
struct Draft {
  std::string announcement_id;  // empty: not given
  std::optional<int64_t> revision;
  std::string kind, state;
  std::vector<std::string> service_ids;
  TimeMs starts_at = 0;
  std::optional<TimeMs> ends_at;
  std::string title_sv, body_sv, title_en, body_en;
  bool complete = false;  // every field set (a revision read back or written), not a request's
};

// Checks a command body (POST: path_id null; PUT and a merged PATCH: the id of
// the path) against every rule of admin_routes.h and fills *d; the errors,
// all at once, or none. reader (may be null: not checked) knows the catalog;
// now gives the time of the request (a resolved incident's missing ends_at).
std::vector<FieldError> ValidateAnnouncement(simdjson::dom::object obj, const std::string* path_id,
                                             const KvReader* reader, const std::function<TimeMs()>& now,
                                             Draft* d);

// A folded revision as a complete Draft.
Draft DraftFromEvent(const AnnouncementEvent& a);

// A revision as a command body (what a PUT of it would send): the target of
// a PATCH. Absent English texts are absent members.
std::string DraftJson(const Draft& d);

// The announcement.v1 event of a checked Draft.
std::string AnnouncementEventJson(const Draft& d, const std::string& event_id, int64_t revision, TimeMs now,
                                  const std::string& actor);

// If-Match: a comma-separated list of entity tags. Sets *revisions to the
// revisions named by strong tags of the form "rev-N"; false when the header
// is not a list of entity tags or is "*".
bool ParseIfMatch(std::string_view h, std::vector<int64_t>* revisions);

}  // namespace followup::http
