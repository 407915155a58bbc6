#include "notify/webhook_payload.h"

#include "common/escape.h"

namespace followup::notify {
namespace {

void Member(std::string_view name, std::string_view text, std::string* out) {
  if (out->back() != '{') *out += ',';
  *out += '"';
  out->append(name);
  *out += "\":\"";
  *out += JsonEscapeText(text);
  *out += '"';
}

}  // namespace

std::string LevelChangedPayload(const LevelChange& change, std::string_view service_name, TimeMs now,
                                std::string_view public_url) {
  std::string out = "{";
  Member("type", "service.level_changed", &out);
  Member("timestamp", FormatRfc3339Utc(now), &out);
  out += ",\"data\":{";
  Member("id", change.id, &out);
  Member("service_id", change.service_id, &out);
  Member("name", service_name, &out);
  Member("from", LevelName(change.from), &out);
  Member("to", LevelName(change.to), &out);
  Member("to_sv", LevelLabelSv(change.to), &out);
  Member("to_en", LevelLabelEn(change.to), &out);
  Member("since", FormatRfc3339Utc(change.since), &out);
  std::string base(public_url);
  Member("url", base + "/driftinformation/" + change.service_id + "/historik", &out);
  Member("url_en", base + "/en/status/" + change.service_id, &out);
  out += "}}";
  return out;
}

}  // namespace followup::notify
