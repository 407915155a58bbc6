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

std::string ConfirmationPayload(const EmailSubscription& s, TimeMs now) {
  std::string out = "{";
  AppendStringMember("type", "subscription.confirm", &out);
  AppendStringMember("timestamp", JsonEscapeText(FormatRfc3339Utc(now)), &out);
  out += ",\"data\":{";
  AppendStringMember("id", JsonEscapeText(s.id), &out);
  return out + "}}";
}

std::string AnnouncementPayload(const AnnouncementChange& change, const AnnouncementInfo& info,
                                const std::vector<ServiceStatus>& services, TimeMs now,
                                std::string_view public_url) {
  const AnnouncementEvent& a = info.a;
  std::string out = "{";
  AppendStringMember("type", JsonEscapeText(MessageType(change.what)), &out);
  AppendStringMember("timestamp", JsonEscapeText(FormatRfc3339Utc(now)), &out);
  out += ",\"data\":{";
  AppendStringMember("id", JsonEscapeText(change.id), &out);
  AppendStringMember("announcement_id", JsonEscapeText(a.announcement_id), &out);
  AppendStringMember("kind", JsonEscapeText(Name(a.kind)), &out);
  AppendStringMember("state", JsonEscapeText(Name(a.state)), &out);
  out += ",\"revision\":" + std::to_string(a.revision) + ",\"services\":[";
  for (size_t i = 0; i < info.services.size(); ++i) {
    const ServiceStatus& s = services[info.services[i]];
    out += i ? ",{" : "{";
    AppendStringMember("service_id", JsonEscapeText(s.service_id), &out);
    AppendStringMember("service_name", JsonEscapeText(s.name), &out);
    out += "}";
  }
  out += "]";
  AppendStringMember("title_sv", JsonEscapeText(a.title_sv), &out);
  AppendStringMember("body_sv", JsonEscapeText(a.body_sv), &out);
  out += a.title_en.empty() ? ",\"title_en\":null" : ",\"title_en\":\"" + JsonEscapeText(a.title_en) + "\"";
  out += a.body_en.empty() ? ",\"body_en\":null" : ",\"body_en\":\"" + JsonEscapeText(a.body_en) + "\"";
  AppendStringMember("starts_at", JsonEscapeText(FormatRfc3339Utc(a.starts_at)), &out);
  out += a.ends_at ? ",\"ends_at\":\"" + FormatRfc3339Utc(*a.ends_at) + "\"" : ",\"ends_at\":null";
  std::string base(public_url);
  AppendStringMember("url_sv", JsonEscapeText(base + "/driftinformation"), &out);
  AppendStringMember("url_en", JsonEscapeText(base + "/en/status"), &out);
  out += "}}";
  return out;
}

}  // namespace followup::notify
