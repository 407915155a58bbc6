#include "notify/webhook_delivery.h"

#include <memory>
#include <string>
#include <utility>

#include "http/asio_address.h"
#include "notify/target_address.h"
#include "notify/webhook_signature.h"
#include "probe/url.h"

namespace followup::notify {
void DeliverWebhook(const probe::ClientEnv& env, const WebhookEndpoint& endpoint,
                    const WebhookMessage& message, const DeliveryOptions& options, DeliveryDone done) {
  auto url = probe::ParseUrl(endpoint.url);
  if (!url) {
    DeliveryResult r;
    r.error = "the endpoint's URL is not an absolute http(s) URL";
    return done(r);
  }
  auto request = std::make_shared<probe::OutboundRequest>();
  request->method = "POST";
  request->url = endpoint.url;
  request->body = message.body;
  request->timeout_ms = options.timeout_ms;
  request->max_redirects = 0;
  request->max_body_bytes = 64 * 1024;  // the answer is read and dropped
  request->headers = {
      {"Content-Type", "application/json"},
      {"webhook-id", message.id},
      {"webhook-timestamp", std::to_string(message.timestamp_s)},
      {"webhook-signature", WebhookSignature(endpoint.key, message.id, message.timestamp_s, message.body)},
  };
  request->admit_address = [allow = options.allow,
                            tls = url->tls](const boost::asio::ip::address& a) -> const char* {
    http::IpAddress ip = http::FromAsio(a);
    if (http::AnyContains(allow, ip)) return nullptr;
    if (!tls) return "not allow-listed, and the URL is not https";
    return NonPublicReason(ip);
  };
  probe::StartRequest(env, std::move(request), [done = std::move(done)](const probe::OutboundResponse& o) {
    DeliveryResult r;
    r.status = o.status;
    if (!o.ok)
      r.error = o.error;
    else if (o.status < 200 || o.status > 299)
      r.error = "the endpoint answered " + std::to_string(o.status);
    else
      r.delivered = true;
    done(r);
  });
}

}  // namespace followup::notify
