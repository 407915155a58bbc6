#include "notify/erasure_routes.h"

#include <simdjson.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <vector>

#include "notify/mail_message.h"
#include "notify/subscription_table.h"

namespace followup::notify {
namespace {

http::Response Erase(const ErasureRouteOptions& o, const http::Request& req) {
  http::Authorization who = http::Authorize(*o.auth, http::AdminScope::kSubscriptions, req);
  if (who.refusal) return std::move(*who.refusal);
  if (!o.remove) return http::FinishAdmin(http::JsonError(503, "admin API unavailable: no Kafka producer"));
  if (o.table_ready && !o.table_ready())
    return http::FinishAdmin(
        http::JsonError(503, "the subscriptions are still being read; try again shortly"));
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  std::string_view address;
  if (parser.parse(req.body).get(root) != simdjson::SUCCESS ||
      root["address"].get_string().get(address) != simdjson::SUCCESS)
    return http::FinishAdmin(
        http::FieldErrors({{"address", "must be a string: the e-mail address to forget"}}));
  if (!IsMailAddress(address))
    return http::FinishAdmin(http::FieldErrors({{"address", "is not an e-mail address (local@domain)"}}));
  const std::string wanted = CanonicalMailAddress(address);
  std::vector<std::string> ids;
  for (const auto& [id, s] : *o.table->EmailSnapshot())
    if (CanonicalMailAddress(s.address) == wanted) ids.push_back(id);
  for (const std::string& id : ids) {
    Status st = o.remove(id);
    if (!st.ok()) {
      spdlog::error("admin: erasure by {}: removing subscription {} failed: {}", who.token->id, id,
                    st.ToString());
      return http::FinishAdmin(
          http::JsonError(503, "the erasure could not be written to Kafka completely; try again"));
    }
  }
  (void)o.table->WaitForEmails(
      [&](const EmailSubscriptions& now) {
        return std::none_of(ids.begin(), ids.end(), [&](const std::string& id) { return now.count(id) > 0; });
      },
      5000);
  spdlog::info("admin: erasure by {}: {} subscription(s) removed", who.token->id, ids.size());
  http::Response r;
  r.content_type = "application/json";
  r.body = "{\"removed\":" + std::to_string(ids.size()) + "}\n";
  return http::FinishAdmin(std::move(r));
}

}  // namespace

void AddErasureRoutes(http::Router* router, ErasureRouteOptions options) {
  auto o = std::make_shared<ErasureRouteOptions>(std::move(options));
  if (!o->auth) o->auth = std::make_shared<http::AdminAuth>();
  router->Add({"POST"}, "/api/v1/subscriptions/erasure", "admin_subscriptions_erasure",
              [o](const http::Request& req, const http::Params&) { return Erase(*o, req); });
}

}  // namespace followup::notify
