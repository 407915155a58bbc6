#include "notify/notify_state.h"

#include <simdjson.h>

#include "common/escape.h"
#include "events/decoder.h"
#include "events/slug.h"
#include "notify/json_member.h"
#include "readmodels/render_json.h"

namespace followup::notify {
namespace {

constexpr std::string_view kTold = "told/", kQueue = "queue/", kEndpoint = "endpoint/",
                           kAnnouncement = "announcement/", kConfirmation = "confirm/";

Status Parse(simdjson::dom::parser* parser, std::string_view json, const char* what,
             simdjson::dom::object* out) {
  simdjson::dom::element doc;
  if (parser->parse(json.data(), json.size()).get(doc) != simdjson::SUCCESS ||
      doc.get_object().get(*out) != simdjson::SUCCESS)
    return Status::Invalid(std::string("notifier state: a ") + what + " record is not a JSON object");
  return Status::Ok();
}

Status Int(simdjson::dom::object o, const char* what, const char* name, int64_t* out) {
  if (o[name].get_int64().get(*out) != simdjson::SUCCESS)
    return Status::Invalid(std::string("notifier state: a ") + what + " record's \"" + name +
                           "\" must be an integer");
  return Status::Ok();
}

Status Str(simdjson::dom::object o, const char* what, const char* name, std::string* out) {
  std::string_view v;
  if (o[name].get_string().get(v) != simdjson::SUCCESS)
    return Status::Invalid(std::string("notifier state: a ") + what + " record's \"" + name +
                           "\" must be a string");
  *out = std::string(v);
  return Status::Ok();
}

void AppendInt(std::string_view name, int64_t v, std::string* out) {
  if (!out->empty() && out->back() != '{') *out += ',';
  *out += '"';
  out->append(name);
  *out += "\":" + std::to_string(v);
}

}  // namespace

std::string ToldKey(std::string_view service_id) { return std::string(kTold) + std::string(service_id); }

std::string QueueKey(std::string_view subscription_id, std::string_view message_id) {
  return std::string(kQueue) + std::string(subscription_id) + "/" + std::string(message_id);
}

std::string EndpointKey(std::string_view subscription_id) {
  return std::string(kEndpoint) + std::string(subscription_id);
}

std::string ConfirmationKey(std::string_view subscription_id) {
  return std::string(kConfirmation) + std::string(subscription_id);
}

std::string AnnouncementKey(std::string_view announcement_id) {
  return std::string(kAnnouncement) + std::string(announcement_id);
}

Status ParseStateKey(std::string_view key, StateKey* out) {
  StateKey k;
  auto bad = [&] { return Status::Invalid("notifier state: a record's key is of no known form"); };
  if (key.substr(0, kTold.size()) == kTold) {
    k.kind = StateKind::kTold;
    k.id = std::string(key.substr(kTold.size()));
  } else if (key.substr(0, kEndpoint.size()) == kEndpoint) {
    k.kind = StateKind::kEndpoint;
    k.id = std::string(key.substr(kEndpoint.size()));
  } else if (key.substr(0, kConfirmation.size()) == kConfirmation) {
    k.kind = StateKind::kConfirmation;
    k.id = std::string(key.substr(kConfirmation.size()));
  } else if (key.substr(0, kAnnouncement.size()) == kAnnouncement) {
    k.kind = StateKind::kAnnouncement;
    k.id = std::string(key.substr(kAnnouncement.size()));
    if (!IsEventId(k.id)) return bad();
    *out = std::move(k);
    return Status::Ok();
  } else if (key.substr(0, kQueue.size()) == kQueue) {
    std::string_view rest = key.substr(kQueue.size());
    size_t slash = rest.find('/');
    if (slash == std::string_view::npos || slash + 1 == rest.size()) return bad();
    k.kind = StateKind::kQueued;
    k.id = std::string(rest.substr(0, slash));
    k.message_id = std::string(rest.substr(slash + 1));
    if (k.message_id.find('/') != std::string::npos) return bad();
  } else {
    return bad();
  }
  if (!IsSlug(k.id, 64)) return bad();
  *out = std::move(k);
  return Status::Ok();
}

std::string EncodeTold(const ToldLevel& told) {
  std::string out = "{";
  AppendStringMember("level", LevelName(told.level), &out);
  AppendInt("changes", told.changes, &out);
  return out + "}";
}

Status DecodeTold(std::string_view json, ToldLevel* out) {
  simdjson::dom::parser parser;
  simdjson::dom::object o;
  ToldLevel told;
  Status s = Parse(&parser, json, "told", &o);
  std::string name;
  if (s.ok()) s = Str(o, "told", "level", &name);
  // Records written before "changes" was kept have none: 0.
  if (s.ok() && o["changes"].error() != simdjson::NO_SUCH_FIELD) s = Int(o, "told", "changes", &told.changes);
  if (s.ok() && told.changes < 0)
    s = Status::Invalid("notifier state: a told record's \"changes\" is out of range");
  if (!s.ok()) return s;
  auto level = ParseLevelName(name);
  if (!level) return Status::Invalid("notifier state: a told record's \"level\" is not a level");
  told.level = *level;
  *out = told;
  return Status::Ok();
}

std::string EncodeAnnouncementTold(const AnnouncementTold& t) {
  std::string out = "{";
  AppendInt("revision", t.revision, &out);
  AppendStringMember("phase", render_json::PhaseName(t.phase), &out);
  out += std::string(",\"reminded\":") + (t.reminded ? "true" : "false");
  return out + "}";
}

Status DecodeAnnouncementTold(std::string_view json, AnnouncementTold* out) {
  simdjson::dom::parser parser;
  simdjson::dom::object o;
  AnnouncementTold t;
  std::string phase;
  Status s = Parse(&parser, json, "announcement", &o);
  if (s.ok()) s = Int(o, "announcement", "revision", &t.revision);
  if (s.ok()) s = Str(o, "announcement", "phase", &phase);
  if (s.ok() && o["reminded"].get_bool().get(t.reminded) != simdjson::SUCCESS)
    s = Status::Invalid("notifier state: an announcement record's \"reminded\" must be true or false");
  if (!s.ok()) return s;
  bool known = false;
  for (AnnouncementPhase p :
       {AnnouncementPhase::kActive, AnnouncementPhase::kUpcoming, AnnouncementPhase::kPast})
    if (phase == render_json::PhaseName(p)) {
      t.phase = p;
      known = true;
    }
  if (!known) return Status::Invalid("notifier state: an announcement record's \"phase\" is not a phase");
  *out = t;
  return Status::Ok();
}

std::string EncodeQueued(const QueuedRecord& r) {
  std::string out = "{";
  AppendInt("seq", r.seq, &out);
  AppendInt("failed", r.failed, &out);
  AppendInt("next_at", r.next_at, &out);
  AppendStringMember("body", JsonEscape(r.body), &out);
  return out + "}";
}

Status DecodeQueued(std::string_view json, QueuedRecord* out) {
  simdjson::dom::parser parser;
  simdjson::dom::object o;
  QueuedRecord r;
  int64_t failed = 0;
  Status s = Parse(&parser, json, "queued", &o);
  if (s.ok()) s = Int(o, "queued", "seq", &r.seq);
  if (s.ok()) s = Int(o, "queued", "failed", &failed);
  if (s.ok() && (failed < 0 || failed > 1000))
    s = Status::Invalid("notifier state: a queued record's \"failed\" is out of range");
  if (s.ok()) s = Int(o, "queued", "next_at", &r.next_at);
  if (s.ok()) s = Str(o, "queued", "body", &r.body);
  if (!s.ok()) return s;
  r.failed = static_cast<int>(failed);
  *out = std::move(r);
  return Status::Ok();
}

std::string EncodeEndpoint(const EndpointRecord& r) {
  std::string out = "{";
  out += std::string("\"disabled\":") + (r.disabled ? "true" : "false");
  AppendStringMember("disabled_reason", JsonEscape(r.disabled_reason), &out);
  AppendInt("disabled_at", r.disabled_at, &out);
  AppendInt("last_attempt_at", r.last_attempt_at, &out);
  AppendStringMember("last_error", JsonEscape(r.last_error), &out);
  AppendInt("sent", r.sent, &out);
  return out + "}";
}

Status DecodeEndpoint(std::string_view json, EndpointRecord* out) {
  simdjson::dom::parser parser;
  simdjson::dom::object o;
  EndpointRecord r;
  Status s = Parse(&parser, json, "endpoint", &o);
  if (s.ok() && o["disabled"].get_bool().get(r.disabled) != simdjson::SUCCESS)
    s = Status::Invalid("notifier state: an endpoint record's \"disabled\" must be true or false");
  if (s.ok()) s = Str(o, "endpoint", "disabled_reason", &r.disabled_reason);
  if (s.ok()) s = Int(o, "endpoint", "disabled_at", &r.disabled_at);
  if (s.ok()) s = Int(o, "endpoint", "last_attempt_at", &r.last_attempt_at);
  if (s.ok()) s = Str(o, "endpoint", "last_error", &r.last_error);
  if (s.ok()) s = Int(o, "endpoint", "sent", &r.sent);
  if (!s.ok()) return s;
  *out = std::move(r);
  return Status::Ok();
}

}  // namespace followup::notify
