#include "notify/webhook_routes.h"

#include <simdjson.h>
#include <spdlog/spdlog.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <mutex>
#include <set>

#include "common/escape.h"
#include "events/slug.h"
#include "http/asio_address.h"
#include "notify/subscription_table.h"
#include "notify/target_address.h"
#include "notify/webhook_signature.h"
#include "probe/url.h"
#include "projections/keys.h"

namespace followup::notify {
namespace {

using http::FieldError;
using http::Request;
using http::Response;

constexpr size_t kUrlMax = 2048, kDescriptionMax = 200;
constexpr int kReadBackMs = 5000;
const std::set<std::string, std::less<>> kFields = {"id", "url", "services", "description"};

struct Shared {
  WebhookRouteOptions o;
  std::mutex write_mu;  // one command at a time
};

Status SystemResolve(const std::string& host, std::vector<http::IpAddress>* out) {
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::resolver resolver(ioc);
  boost::system::error_code ec;
  auto results = resolver.resolve(host, "443", ec);
  if (ec) return Status::NotFound(ec.message());
  for (const auto& r : results) out->push_back(http::FromAsio(r.endpoint().address()));
  if (out->empty()) return Status::NotFound("no address");
  return Status::Ok();
}

std::string Origin(const std::string& url) {
  auto u = probe::ParseUrl(url);
  if (!u) return "";
  return std::string(u->tls ? "https://" : "http://") + u->host_header();
}

std::string OptionalTime(TimeMs t) { return t ? "\"" + FormatRfc3339Utc(t) + "\"" : "null"; }
std::string OptionalText(const std::string& s) {
  return s.empty() ? "null" : "\"" + JsonEscapeText(s) + "\"";
}

std::string ServicesJson(const WebhookSubscription& s) {
  std::string out = "[";
  if (s.services.empty()) out += "\"*\"";
  for (size_t i = 0; i < s.services.size(); ++i) out += (i ? ",\"" : "\"") + JsonEscape(s.services[i]) + "\"";
  return out + "]";
}

std::string EndpointJson(const WebhookSubscription& s, const std::optional<EndpointView>& view) {
  EndpointView v = view.value_or(EndpointView{});
  return "{\"id\":\"" + JsonEscape(s.id) + "\",\"url_origin\":\"" + JsonEscape(Origin(s.url)) +
         "\",\"services\":" + ServicesJson(s) + ",\"description\":\"" + JsonEscapeText(s.description) +
         "\",\"created_at\":\"" + FormatRfc3339Utc(s.created_at) +
         "\",\"queued\":" + std::to_string(v.queued) +
         ",\"disabled\":" + (v.record.disabled ? "true" : "false") +
         ",\"disabled_reason\":" + (v.record.disabled ? OptionalText(v.record.disabled_reason) : "null") +
         ",\"last_attempt_at\":" + OptionalTime(v.record.last_attempt_at) +
         ",\"last_error\":" + OptionalText(v.record.last_error) + "}";
}

// The answer to a registration: what was registered, with the whole URL (the
// caller has just sent it) and the secret, shown here only.
std::string CreatedJson(const WebhookSubscription& s) {
  return "{\"id\":\"" + JsonEscape(s.id) + "\",\"url\":\"" + JsonEscape(s.url) +
         "\",\"services\":" + ServicesJson(s) + ",\"description\":\"" + JsonEscape(s.description) +
         "\",\"created_at\":\"" + FormatRfc3339Utc(s.created_at) + "\",\"secret\":\"" + JsonEscape(s.secret) +
         "\"}\n";
}

Response Json(int status, std::string body) {
  Response r;
  r.status = status;
  r.content_type = "application/json";
  r.body = std::move(body);
  return http::FinishAdmin(std::move(r));
}

// Why the URL may not be registered (never repeating it), or "".
std::string UrlProblem(const Shared& sh, const std::string& text) {
  if (text.size() > kUrlMax) return "must be at most 2048 bytes";
  auto url = probe::ParseUrl(text);
  if (!url) return "must be an absolute https URL";
  std::vector<http::IpAddress> addresses;
  if (auto literal = http::IpAddress::Parse(url->host)) {
    addresses.push_back(*literal);
  } else {
    Status s = sh.o.resolve ? sh.o.resolve(url->host, &addresses) : SystemResolve(url->host, &addresses);
    if (!s.ok()) return "its host name does not resolve (" + s.message() + ")";
  }
  bool all_allowed = true;
  for (const auto& a : addresses) {
    if (http::AnyContains(sh.o.allow, a)) continue;
    all_allowed = false;
    if (const char* why = NonPublicReason(a))
      return std::string("its host has a ") + why +
             " address, which webhooks may not reach unless an operator allow-lists it (--webhook-allow)";
  }
  if (!url->tls && !all_allowed) return "must be https (plain http only to networks an operator allow-lists)";
  return "";
}

Status ParseBody(const Shared& sh, const Request& req, WebhookSubscription* out,
                 std::vector<FieldError>* errors) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  simdjson::dom::object obj;
  if (parser.parse(req.body).get(root) != simdjson::SUCCESS ||
      root.get_object().get(obj) != simdjson::SUCCESS) {
    errors->push_back({"body", "must be a JSON object"});
    return Status::Invalid("body");
  }
  for (auto field : obj)
    if (!kFields.count(field.key))
      errors->push_back(
          {std::string(field.key), "is not a field of a webhook (id, url, services, description)"});
  std::string_view v;
  auto id = obj["id"];
  if (id.error() == simdjson::SUCCESS) {
    if (id.get_string().get(v) != simdjson::SUCCESS || !IsSlug(v, 64))
      errors->push_back({"id", "must be 1-64 of a-z, 0-9 and -, starting with a letter or digit"});
    else
      out->id = std::string(v);
  }
  if (obj["url"].get_string().get(v) != simdjson::SUCCESS) {
    errors->push_back({"url", "must be a string: the endpoint's https URL"});
  } else if (std::string why = UrlProblem(sh, std::string(v)); !why.empty()) {
    errors->push_back({"url", why});
  } else {
    out->url = std::string(v);
  }
  simdjson::dom::array services;
  if (obj["services"].get_array().get(services) != simdjson::SUCCESS || services.size() == 0) {
    errors->push_back({"services", "must be a list of service ids, or [\"*\"] for every service"});
  } else {
    std::unique_ptr<KvReader> reader = sh.o.readers ? sh.o.readers() : nullptr;
    bool every = false;
    size_t i = 0;
    for (auto e : services) {
      std::string field = "services[" + std::to_string(i++) + "]";
      std::string raw;
      if (e.get_string().get(v) != simdjson::SUCCESS) {
        errors->push_back({field, "must be a string"});
      } else if (v == "*") {
        every = true;
      } else if (!IsSlug(v, kServiceIdMax)) {
        errors->push_back({field, "must be a service id (^[a-z0-9][a-z0-9-]{0,63}$) or \"*\""});
      } else if (!reader || !reader->Get(keys::Catalog(v), &raw).ok()) {
        errors->push_back({field, "unknown service \"" + std::string(v) + "\": not in the catalog"});
      } else {
        out->services.emplace_back(v);
      }
    }
    if (every && services.size() > 1)
      errors->push_back({"services", "is [\"*\"] alone or a list of service ids"});
    std::sort(out->services.begin(), out->services.end());
    out->services.erase(std::unique(out->services.begin(), out->services.end()), out->services.end());
  }
  auto description = obj["description"];
  if (description.error() == simdjson::SUCCESS) {
    if (description.get_string().get(v) != simdjson::SUCCESS || v.size() > kDescriptionMax ||
        FirstUnsafeCharacter(v) != std::string_view::npos)
      errors->push_back({"description", "must be text of at most 200 bytes, without control characters"});
    else
      out->description = std::string(v);
  }
  return errors->empty() ? Status::Ok() : Status::Invalid("fields");
}

Response Post(Shared& sh, const Request& req) {
  http::Authorization who = http::Authorize(*sh.o.auth, http::AdminScope::kWebhooks, req);
  if (who.refusal) return std::move(*who.refusal);
  if (!sh.o.publish)
    return http::FinishAdmin(http::JsonError(503, "admin API unavailable: no Kafka producer"));
  if (sh.o.table_ready && !sh.o.table_ready())
    return http::FinishAdmin(
        http::JsonError(503, "the subscriptions are still being read; try again shortly"));
  WebhookSubscription s;
  std::vector<FieldError> errors;
  if (!ParseBody(sh, req, &s, &errors).ok()) return http::FinishAdmin(http::FieldErrors(errors));
  if (s.id.empty()) s.id = "wh-" + http::RandomHex(8);
  Status st = NewWebhookSecret(&s.secret);
  if (!st.ok()) return http::FinishAdmin(http::JsonError(503, "no secret could be made; try again"));
  s.created_at = sh.o.clock ? sh.o.clock() : WallNowMs();
  s.actor = who.token->id;
  std::lock_guard<std::mutex> l(sh.write_mu);
  if (sh.o.table->Snapshot()->count(s.id))
    return http::FinishAdmin(
        http::JsonError(409, "a webhook with this id exists; DELETE it first or pick another id"));
  std::string record = EncodeWebhookSubscription(s);
  st = sh.o.publish(s.id, &record);
  if (!st.ok()) {
    spdlog::error("admin: writing webhook {} failed: {}", s.id, st.ToString());
    return http::FinishAdmin(
        http::JsonError(503, "the webhook could not be written to Kafka; nothing is registered, try again"));
  }
  spdlog::info(
      "admin: webhook {} registered by {} for {}", s.id, s.actor,
      s.services.empty() ? std::string("every service") : std::to_string(s.services.size()) + " service(s)");
  (void)sh.o.table->WaitFor([&](const Subscriptions& subs) { return subs.count(s.id) > 0; }, kReadBackMs);
  return Json(201, CreatedJson(s));
}

Response Get(const Shared& sh, const Request& req, const std::string* id) {
  http::Authorization who = http::Authorize(*sh.o.auth, http::AdminScope::kWebhooks, req);
  if (who.refusal) return std::move(*who.refusal);
  if (sh.o.table_ready && !sh.o.table_ready())
    return http::FinishAdmin(
        http::JsonError(503, "the subscriptions are still being read; try again shortly"));
  auto subs = sh.o.table->Snapshot();
  auto state = [&](const std::string& sub) {
    return sh.o.state ? sh.o.state(sub) : std::optional<EndpointView>();
  };
  if (id) {
    auto it = subs->find(*id);
    if (it == subs->end()) return http::FinishAdmin(http::JsonError(404, "no webhook with this id"));
    return Json(200, EndpointJson(it->second, state(*id)) + "\n");
  }
  std::string body = "{\"webhooks\":[";
  bool first = true;
  for (const auto& [sub, s] : *subs) {
    body += (first ? "" : ",") + EndpointJson(s, state(sub));
    first = false;
  }
  return Json(200, body + "]}\n");
}

Response Delete(Shared& sh, const Request& req, const std::string& id) {
  http::Authorization who = http::Authorize(*sh.o.auth, http::AdminScope::kWebhooks, req);
  if (who.refusal) return std::move(*who.refusal);
  if (!sh.o.publish)
    return http::FinishAdmin(http::JsonError(503, "admin API unavailable: no Kafka producer"));
  std::lock_guard<std::mutex> l(sh.write_mu);
  if (!sh.o.table->Snapshot()->count(id))
    return http::FinishAdmin(http::JsonError(404, "no webhook with this id"));
  Status st = sh.o.publish(id, nullptr);
  if (!st.ok()) {
    spdlog::error("admin: removing webhook {} failed: {}", id, st.ToString());
    return http::FinishAdmin(http::JsonError(503, "the removal could not be written to Kafka; try again"));
  }
  spdlog::info("admin: webhook {} removed by {}", id, who.token->id);
  (void)sh.o.table->WaitFor([&](const Subscriptions& subs) { return subs.count(id) == 0; }, kReadBackMs);
  Response r;
  r.status = 204;
  return http::FinishAdmin(std::move(r));
}

Response Enable(Shared& sh, const Request& req, const std::string& id) {
  http::Authorization who = http::Authorize(*sh.o.auth, http::AdminScope::kWebhooks, req);
  if (who.refusal) return std::move(*who.refusal);
  if (!sh.o.publish)
    return http::FinishAdmin(http::JsonError(503, "admin API unavailable: no Kafka producer"));
  std::lock_guard<std::mutex> l(sh.write_mu);
  auto subs = sh.o.table->Snapshot();
  auto it = subs->find(id);
  if (it == subs->end()) return http::FinishAdmin(http::JsonError(404, "no webhook with this id"));
  WebhookSubscription s = it->second;
  s.enabled_at = std::max(sh.o.clock ? sh.o.clock() : WallNowMs(), s.enabled_at + 1);
  std::string record = EncodeWebhookSubscription(s);
  Status st = sh.o.publish(id, &record);
  if (!st.ok())
    return http::FinishAdmin(http::JsonError(503, "the request could not be written to Kafka; try again"));
  spdlog::info("admin: webhook {} enabled by {}", id, who.token->id);
  return Json(202, "{\"id\":\"" + JsonEscape(id) + "\"}\n");
}

}  // namespace

void AddWebhookRoutes(http::Router* router, WebhookRouteOptions options) {
  auto sh = std::make_shared<Shared>();
  sh->o = std::move(options);
  if (!sh->o.auth) sh->o.auth = std::make_shared<http::AdminAuth>();
  router->Add({"POST"}, "/api/v1/webhooks", "admin_webhooks",
              [sh](const Request& req, const http::Params&) { return Post(*sh, req); });
  router->Add({"GET"}, "/api/v1/webhooks", "admin_webhooks",
              [sh](const Request& req, const http::Params&) { return Get(*sh, req, nullptr); });
  router->Add({"GET"}, "/api/v1/webhooks/{webhook_id}", "admin_webhook",
              [sh](const Request& req, const http::Params& p) { return Get(*sh, req, &p.at("webhook_id")); });
  router->Add(
      {"DELETE"}, "/api/v1/webhooks/{webhook_id}", "admin_webhook",
      [sh](const Request& req, const http::Params& p) { return Delete(*sh, req, p.at("webhook_id")); });
  router->Add(
      {"POST"}, "/api/v1/webhooks/{webhook_id}/enable", "admin_webhook_enable",
      [sh](const Request& req, const http::Params& p) { return Enable(*sh, req, p.at("webhook_id")); });
}

}  // namespace followup::notify
