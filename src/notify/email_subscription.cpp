#include "notify/email_subscription.h"

#include <simdjson.h>

#include <algorithm>

#include "common/escape.h"
#include "events/slug.h"
#include "notify/json_member.h"
#include "notify/mail_message.h"

namespace followup::notify {
namespace {

Status Str(simdjson::dom::object o, const char* name, std::string* out) {
  std::string_view v;
  if (o[name].get_string().get(v) != simdjson::SUCCESS)
    return Status::Invalid(std::string("e-mail subscription: \"") + name + "\" must be a string");
  *out = std::string(v);
  return Status::Ok();
}

Status Time(simdjson::dom::object o, const char* name, TimeMs* out) {
  std::string text;
  Status s = Str(o, name, &text);
  if (!s.ok()) return s;
  auto t = ParseRfc3339(text);
  if (!t)
    return Status::Invalid(std::string("e-mail subscription: \"") + name + "\" must be an RFC 3339 time");
  *out = *t;
  return Status::Ok();
}

}  // namespace

std::string EncodeEmailSubscription(const EmailSubscription& s) {
  std::string out = "{";
  AppendStringMember("kind", "email", &out);
  AppendStringMember("id", JsonEscape(s.id), &out);
  AppendStringMember("address", JsonEscape(s.address), &out);
  out += ",\"services\":[";
  if (s.services.empty()) out += "\"*\"";
  for (size_t i = 0; i < s.services.size(); ++i) out += (i ? ",\"" : "\"") + JsonEscape(s.services[i]) + "\"";
  out += "]";
  AppendStringMember("language", JsonEscape(s.language), &out);
  AppendStringMember("state", s.confirmed ? "confirmed" : "pending", &out);
  AppendStringMember("requested_at", FormatRfc3339Utc(s.requested_at), &out);
  if (s.confirmed) AppendStringMember("confirmed_at", FormatRfc3339Utc(s.confirmed_at), &out);
  return out + "}";
}

std::string SubscriptionKind(std::string_view json) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  std::string_view kind;
  if (parser.parse(json.data(), json.size()).get(doc) != simdjson::SUCCESS ||
      doc["kind"].get_string().get(kind) != simdjson::SUCCESS)
    return "";
  return std::string(kind);
}

Status DecodeEmailSubscription(std::string_view json, EmailSubscription* out) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  simdjson::dom::object o;
  if (parser.parse(json.data(), json.size()).get(doc) != simdjson::SUCCESS ||
      doc.get_object().get(o) != simdjson::SUCCESS)
    return Status::Invalid("e-mail subscription: not a JSON object");
  EmailSubscription s;
  std::string kind, state;
  Status st = Str(o, "kind", &kind);
  if (st.ok() && kind != "email") st = Status::Invalid("e-mail subscription: \"kind\" must be \"email\"");
  if (st.ok()) st = Str(o, "id", &s.id);
  if (st.ok() && !IsSlug(s.id, 64))
    st = Status::Invalid("e-mail subscription: \"id\" must be 1-64 of a-z, 0-9 and -");
  if (st.ok()) st = Str(o, "address", &s.address);
  if (st.ok() && !IsMailAddress(s.address))
    st = Status::Invalid("e-mail subscription " + s.id + ": \"address\" is not an e-mail address");
  if (st.ok()) st = Str(o, "language", &s.language);
  if (st.ok() && s.language != "sv" && s.language != "en")
    st = Status::Invalid("e-mail subscription " + s.id + ": \"language\" must be \"sv\" or \"en\"");
  if (st.ok()) st = Str(o, "state", &state);
  if (st.ok() && state != "pending" && state != "confirmed")
    st = Status::Invalid("e-mail subscription " + s.id + ": \"state\" must be \"pending\" or \"confirmed\"");
  s.confirmed = state == "confirmed";
  if (st.ok()) st = Time(o, "requested_at", &s.requested_at);
  if (st.ok() && s.confirmed) st = Time(o, "confirmed_at", &s.confirmed_at);
  if (!st.ok()) return st;
  simdjson::dom::array services;
  if (o["services"].get_array().get(services) != simdjson::SUCCESS || services.size() == 0)
    return Status::Invalid("e-mail subscription " + s.id + ": \"services\" must be a list");
  bool every = false;
  for (auto e : services) {
    std::string_view v;
    if (e.get_string().get(v) != simdjson::SUCCESS)
      return Status::Invalid("e-mail subscription " + s.id + ": \"services\" must list strings");
    if (v == "*")
      every = true;
    else if (IsSlug(v, kServiceIdMax))
      s.services.emplace_back(v);
    else
      return Status::Invalid("e-mail subscription " + s.id +
                             ": an entry of \"services\" is not a service id");
  }
  if (every && !s.services.empty())
    return Status::Invalid("e-mail subscription " + s.id +
                           ": \"services\" is [\"*\"] or a list of service ids");
  std::sort(s.services.begin(), s.services.end());
  s.services.erase(std::unique(s.services.begin(), s.services.end()), s.services.end());
  *out = std::move(s);
  return Status::Ok();
}

bool Follows(const EmailSubscription& s, std::string_view service_id) {
  return s.services.empty() || std::binary_search(s.services.begin(), s.services.end(), service_id);
}

}  // namespace followup::notify
