#include "notify/subscription_record.h"

#include <simdjson.h>

#include <algorithm>

#include "common/escape.h"
#include "events/slug.h"
#include "notify/json_member.h"
#include "notify/webhook_signature.h"
#include "probe/url.h"

namespace followup::notify {
namespace {

constexpr size_t kDescriptionMax = 200;

Status Field(simdjson::dom::object o, const char* name, std::string* out) {
  std::string_view v;
  if (o[name].get_string().get(v) != simdjson::SUCCESS)
    return Status::Invalid(std::string("webhook subscription: \"") + name + "\" must be a string");
  *out = std::string(v);
  return Status::Ok();
}

}  // namespace

std::string EncodeWebhookSubscription(const WebhookSubscription& s) {
  std::string out = "{";
  AppendStringMember("kind", JsonEscape("webhook"), &out);
  AppendStringMember("id", JsonEscape(s.id), &out);
  AppendStringMember("url", JsonEscape(s.url), &out);
  AppendStringMember("secret", JsonEscape(s.secret), &out);
  out += ",\"services\":[";
  if (s.services.empty()) out += "\"*\"";
  for (size_t i = 0; i < s.services.size(); ++i) out += (i ? ",\"" : "\"") + JsonEscape(s.services[i]) + "\"";
  out += "]";
  AppendStringMember("description", JsonEscape(s.description), &out);
  AppendStringMember("created_at", JsonEscape(FormatRfc3339Utc(s.created_at)), &out);
  AppendStringMember("actor", JsonEscape(s.actor), &out);
  if (s.enabled_at) AppendStringMember("enabled_at", JsonEscape(FormatRfc3339Utc(s.enabled_at)), &out);
  out += "}";
  return out;
}

Status DecodeWebhookSubscription(std::string_view json, WebhookSubscription* out) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(json.data(), json.size()).get(doc) != simdjson::SUCCESS)
    return Status::Invalid("webhook subscription: not JSON");
  simdjson::dom::object o;
  if (doc.get_object().get(o) != simdjson::SUCCESS)
    return Status::Invalid("webhook subscription: not an object");
  WebhookSubscription s;
  std::string kind, created_at, key;
  Status st = Field(o, "kind", &kind);
  if (st.ok() && kind != "webhook")
    st = Status::Invalid("webhook subscription: \"kind\" must be \"webhook\"");
  if (st.ok()) st = Field(o, "id", &s.id);
  if (st.ok() && !IsSlug(s.id, 64))
    st = Status::Invalid("webhook subscription: \"id\" must be 1-64 of a-z, 0-9 and -, not starting with -");
  if (st.ok()) st = Field(o, "url", &s.url);
  if (st.ok() && !probe::ParseUrl(s.url))
    st = Status::Invalid("webhook subscription " + s.id + ": \"url\" must be an absolute http(s) URL");
  if (st.ok()) st = Field(o, "secret", &s.secret);
  if (st.ok()) st = ParseWebhookSecret(s.secret, &key).WithContext("webhook subscription " + s.id);
  if (st.ok()) st = Field(o, "description", &s.description);
  if (st.ok() && s.description.size() > kDescriptionMax)
    st = Status::Invalid("webhook subscription " + s.id + ": \"description\" is longer than 200 bytes");
  if (st.ok()) st = Field(o, "created_at", &created_at);
  if (st.ok()) {
    auto at = ParseRfc3339(created_at);
    if (at)
      s.created_at = *at;
    else
      st = Status::Invalid("webhook subscription " + s.id + ": \"created_at\" must be an RFC 3339 time");
  }
  if (st.ok()) st = Field(o, "actor", &s.actor);
  std::string_view enabled_at;
  if (st.ok() && o["enabled_at"].get_string().get(enabled_at) == simdjson::SUCCESS) {
    auto at = ParseRfc3339(enabled_at);
    if (at)
      s.enabled_at = *at;
    else
      st = Status::Invalid("webhook subscription " + s.id + ": \"enabled_at\" must be an RFC 3339 time");
  }
  if (!st.ok()) return st;
  simdjson::dom::array services;
  if (o["services"].get_array().get(services) != simdjson::SUCCESS)
    return Status::Invalid("webhook subscription " + s.id + ": \"services\" must be a list");
  bool every = false;
  for (auto e : services) {
    std::string_view v;
    if (e.get_string().get(v) != simdjson::SUCCESS)
      return Status::Invalid("webhook subscription " + s.id + ": \"services\" must list strings");
    if (v == "*") {
      every = true;
    } else if (IsSlug(v, kServiceIdMax)) {
      s.services.emplace_back(v);
    } else {
      return Status::Invalid("webhook subscription " + s.id +
                             ": an entry of \"services\" is not a service id");
    }
  }
  if (every && !s.services.empty())
    return Status::Invalid("webhook subscription " + s.id +
                           ": \"services\" is [\"*\"] or a list of service ids");
  if (!every && s.services.empty())
    return Status::Invalid("webhook subscription " + s.id +
                           ": \"services\" is empty (use [\"*\"] for every service)");
  std::sort(s.services.begin(), s.services.end());
  s.services.erase(std::unique(s.services.begin(), s.services.end()), s.services.end());
  *out = std::move(s);
  return Status::Ok();
}

bool Follows(const WebhookSubscription& s, std::string_view service_id) {
  return s.services.empty() || std::binary_search(s.services.begin(), s.services.end(), service_id);
}

}  // namespace followup::notify
