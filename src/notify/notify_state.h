// The records of the notifier's state topic (followup.notifications, Topics::
// notifications()): compacted, one partition, read whole when an instance
// becomes the notifier, so that what was told and what waits survives a
// kill -9 with the same care as the fold's offsets. A later record of a key
// replaces an earlier one; a tombstone (null value) removes it.
//
//   told/<service_id>               {"level":"outage","changes":3}
//       the level last told to subscribers of the service (or its baseline)
//       and how many changes of it were told (level_changes.h: the ordinal in
//       a change's id); a record without "changes" (written before it was
//       kept) reads as 0;
//   announcement/<announcement_id>  {"revision":3,"phase":"upcoming","reminded":false}
//       what was last told of an announcement (announcement_changes.h);
//   confirm/<subscription>          {}
//       the confirmation mail of a pending e-mail subscription was queued;
//   queue/<subscription>/<msg id>   {"seq":12,"failed":0,"next_at":<ms>,"body":"<JSON text>"}
//       a message waiting for one endpoint: seq orders an endpoint's queue,
//       failed counts failed attempts, next_at is when it may be tried again;
//       a tombstone when it was delivered or the subscription removed;
//   endpoint/<subscription>         {"disabled":false,"disabled_reason":"","disabled_at":<ms>,
//                                    "last_attempt_at":<ms>,"last_error":"","sent":<n>}
//       the endpoint's state, shown by GET /api/v1/webhooks.
// Times are milliseconds since the Unix epoch (an internal topic). No record
// holds an endpoint's URL or secret (those are on the subscriptions topic).
// Thread-safety: pure functions.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"
#include "common/time.h"
#include "notify/announcement_changes.h"
#include "notify/level_changes.h"
#include "readmodels/status_engine.h"

namespace followup::notify {

enum class StateKind : uint8_t { kTold, kQueued, kEndpoint, kAnnouncement, kConfirmation };

struct StateKey {
  StateKind kind = StateKind::kTold;
  std::string id;          // service_id (told), announcement_id or subscription id
  std::string message_id;  // queued only
};

std::string ToldKey(std::string_view service_id);
std::string QueueKey(std::string_view subscription_id, std::string_view message_id);
std::string EndpointKey(std::string_view subscription_id);
std::string AnnouncementKey(std::string_view announcement_id);
std::string ConfirmationKey(std::string_view subscription_id);
// Invalid for a key of no known form.
Status ParseStateKey(std::string_view key, StateKey* out);

struct QueuedRecord {
  int64_t seq = 0;
  int failed = 0;
  TimeMs next_at = 0;
  std::string body;
};

struct EndpointRecord {
  bool disabled = false;
  std::string disabled_reason;
  TimeMs disabled_at = 0;
  TimeMs last_attempt_at = 0;  // 0: never attempted
  std::string last_error;      // of the last attempt; empty when it was delivered
  int64_t sent = 0;            // messages delivered
};

std::string EncodeTold(const ToldLevel& told);
Status DecodeTold(std::string_view json, ToldLevel* out);
std::string EncodeAnnouncementTold(const AnnouncementTold& t);
Status DecodeAnnouncementTold(std::string_view json, AnnouncementTold* out);
std::string EncodeQueued(const QueuedRecord& r);
Status DecodeQueued(std::string_view json, QueuedRecord* out);
std::string EncodeEndpoint(const EndpointRecord& r);
Status DecodeEndpoint(std::string_view json, EndpointRecord* out);

}  // namespace followup::notify
