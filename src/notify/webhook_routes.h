// The admin API of webhook subscriptions (issue 16), for the systems that
// want to be told when an e-service's level changes (the contact centre's
// tools, stockholm.se, chat bridges). Each needs "Authorization: Bearer
// <token>" of a token with the scope `webhooks` (Authorize, admin_common.h).
//
//   POST   /api/v1/webhooks                   register an endpoint: 201 with its secret
//   GET    /api/v1/webhooks                   every endpoint and its delivery state
//   GET    /api/v1/webhooks/{webhook_id}      one
//   DELETE /api/v1/webhooks/{webhook_id}      remove it (and what waits for it): 204
//   POST   /api/v1/webhooks/{webhook_id}/enable  a disabled endpoint takes messages again: 202
//
// POST body {"id"?, "url", "services", "description"?}:
//  - id: 1-64 of [a-z0-9-], first a letter or digit; "wh-<16 hex>" when absent;
//    an id that exists is 409;
//  - url: absolute https (plain http only when every address its host has
//    is in the operator's allow-list), at most 2048 bytes; its host is
//    resolved now and refused when an address is not public
//    (target_address.h) and not allow-listed; deliveries check again on the
//    address they connect to. An error never repeats the URL (it may carry a
//    token of its own);
//  - services: ["*"] (every service) or service ids of the catalog;
//  - description: at most 200 bytes of text for the operator.
// The secret ("whsec_...", 32 random bytes) is made by the server and shown
// in the 201 answer only: {"id","url","services","description","created_at",
// "secret"}. The other answers describe an endpoint as
//   {"id","url_origin","services","description","created_at","queued",
//    "disabled","disabled_reason","last_attempt_at","last_error"}
// with the URL's origin only (scheme, host, port).
//
// Commands become records on the subscriptions topic (subscription_record.h):
// a registration or an enable writes the subscription's record, a removal
// its tombstone. The answer waits (up to 5 s) until this instance has read
// the record back, so that a GET right after it shows it.
// Thread-safety: the handlers run on any server thread; writes are
// serialized.
#pragma once
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "http/admin_common.h"
#include "http/client_address.h"
#include "http/router.h"
#include "notify/outbox.h"
#include "projections/kv.h"

namespace followup::notify {

class SubscriptionTable;

struct WebhookRouteOptions {
  std::shared_ptr<const http::AdminAuth> auth;  // null or without tokens: 503
  // Writes one record to the subscriptions topic (value null: a tombstone)
  // and confirms it; null: 503.
  std::function<Status(const std::string& key, const std::string* value)> publish;
  const SubscriptionTable* table = nullptr;                               // what is subscribed (required)
  std::function<bool()> table_ready;                                      // every record read; else 503
  std::function<std::optional<EndpointView>(std::string_view id)> state;  // may be empty
  std::function<std::unique_ptr<KvReader>()> readers;                     // the catalog
  std::vector<http::IpNetwork> allow;                                     // the operator's allow-list
  std::function<TimeMs()> clock;                                          // default: the system clock
  // A host name's addresses; default: the system resolver.
  std::function<Status(const std::string& host, std::vector<http::IpAddress>* out)> resolve;
};

void AddWebhookRoutes(http::Router* router, WebhookRouteOptions options);

}  // namespace followup::notify
