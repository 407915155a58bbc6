#include "notify/webhook_payload.h"

#include "common/escape.h"
#include "notify/json_member.h"

namespace followup::notify {
std::string LevelChangedPayload(const LevelChange& change, std::string_view service_name, TimeMs now,
                                std::string_view public_url) {
  std::string out = "{";
  AppendStringMember("type", JsonEscapeText("service.level_changed"), &out);
  AppendStringMember("timestamp", JsonEscapeText(FormatRfc3339Utc(now)), &out);
  out += ",\"data\":{";
  AppendStringMember("id", JsonEscapeText(change.id), &out);
  AppendStringMember("service_id", JsonEscapeText(change.service_id), &out);
  AppendStringMember("service_name", JsonEscapeText(service_name), &out);
  AppendStringMember("from", JsonEscapeText(LevelName(change.from)), &out);
  AppendStringMember("to", JsonEscapeText(LevelName(change.to)), &out);
  AppendStringMember("from_sv", JsonEscapeText(LevelLabelSv(change.from)), &out);
  AppendStringMember("to_sv", JsonEscapeText(LevelLabelSv(change.to)), &out);
  AppendStringMember("from_en", JsonEscapeText(LevelLabelEn(change.from)), &out);
  AppendStringMember("to_en", JsonEscapeText(LevelLabelEn(change.to)), &out);
  AppendStringMember("since", JsonEscapeText(FormatRfc3339Utc(change.since)), &out);
  std::string base(public_url);
  AppendStringMember("url_sv", JsonEscapeText(base + "/driftinformation/" + change.service_id + "/historik"),
                     &out);
  AppendStringMember("url_en", JsonEscapeText(base + "/en/status/" + change.service_id), &out);
  out += "}}";
  return out;
}

}  // namespace followup::notify
