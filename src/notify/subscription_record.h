// A webhook subscription as it is kept on the compacted followup.subscriptions
// topic (issue 16): keyed by its id, one JSON value per subscription, a
// tombstone (null value) when it is removed, so that compaction leaves only
// what is subscribed now. Never on an event topic or in the dead-letter topic:
// it holds the endpoint's secret, and e-mail subscriptions (later) hold
// personal data.
//
//   {"kind":"webhook","id":"wh-kontaktcenter","url":"https://...",
//    "secret":"whsec_...","services":["parkering","bygglov"],
//    "description":"Kontaktcenter Stockholm","created_at":"RFC 3339 UTC",
//    "actor":"<admin token id>","enabled_at":"RFC 3339 UTC"}
//
// "enabled_at" (optional): when an operator last asked that the endpoint,
// disabled after failing too long, take messages again (POST
// /api/v1/webhooks/{id}/enable writes the record again with it): a command
// that reaches the notifier through the topic, whichever instance took it.
// "services": ["*"] follows every service. Decoding refuses anything else
// with a message that names the field and never repeats the secret or the
// URL (a URL may carry a token of its own, as incoming-webhook bridges do).
// Thread-safety: pure functions.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/time.h"

namespace followup::notify {

struct WebhookSubscription {
  std::string id;                     // 1-64 of [a-z0-9-], starting with a letter or digit
  std::string url;                    // absolute http(s); where it may go is decided per delivery
  std::string secret;                 // "whsec_...": a secret, never logged or dumped
  std::vector<std::string> services;  // service ids, in name order; empty: every service
  std::string description;            // for the operator, at most 200 bytes
  TimeMs created_at = 0;
  std::string actor;      // the admin token that made it
  TimeMs enabled_at = 0;  // the last "enable" asked for; 0: never
};

std::string EncodeWebhookSubscription(const WebhookSubscription& s);
Status DecodeWebhookSubscription(std::string_view json, WebhookSubscription* out);

// Whether s follows the service.
bool Follows(const WebhookSubscription& s, std::string_view service_id);

}  // namespace followup::notify
