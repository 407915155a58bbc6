// One delivery attempt of one webhook message to one endpoint: a POST of the
// JSON body, signed as webhook_signature.h says, through the outbound client
// (probe/http_client.h) with its rules for where it may go:
//   - https only; a plain http URL only where every address it is connected
//     to is in the operator's allow-list (test receivers on loopback);
//   - no address that is not public (target_address.h) unless allow-listed,
//     judged on the address connected to;
//   - no redirect is followed: a 3xx is a failed attempt, like any status
//     outside 200-299.
// What is retried, when, and in which order is the caller's (the outbox); an
// attempt only says what happened. Neither the secret nor the URL's query is
// ever put in the result's error.
// Thread-safety: run on one io_context; the callback runs on its thread.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "http/client_address.h"
#include "probe/http_client.h"

namespace followup::notify {

struct WebhookEndpoint {
  std::string id;   // the endpoint's id (for logs and metrics)
  std::string url;  // https://...
  std::string key;  // the secret's key bytes (ParseWebhookSecret)
};

struct WebhookMessage {
  std::string id;           // webhook-id: the same on every attempt
  int64_t timestamp_s = 0;  // webhook-timestamp: when this attempt is made
  std::string body;         // JSON
};

struct DeliveryOptions {
  std::vector<http::IpNetwork> allow;  // networks allowed although not public (and over http)
  int64_t timeout_ms = 10'000;
};

struct DeliveryResult {
  bool delivered = false;  // a 2xx answer
  int status = 0;          // the answer's status; 0: none
  std::string error;       // why not delivered
};

using DeliveryDone = std::function<void(const DeliveryResult&)>;

// Starts the attempt; `done` is called exactly once on the io_context's thread.
void DeliverWebhook(const probe::ClientEnv& env, const WebhookEndpoint& endpoint,
                    const WebhookMessage& message, const DeliveryOptions& options, DeliveryDone done);

}  // namespace followup::notify
