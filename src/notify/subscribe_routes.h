// The citizens' e-mail subscription pages (issue 16, item 3), Swedish paths
// (the English ones under /en/status/subscribe, subscription_links.h):
//
//   GET  /driftinformation/prenumerera[?tjanst=<id>]  the form (one service preselected)
//   POST /driftinformation/prenumerera                epost, tjanst (repeated) or alla=1
//   GET  /driftinformation/prenumerera/bekrafta?t=    a page with a button; nothing written
//   POST /driftinformation/prenumerera/bekrafta       t: confirms a pending subscription
//   GET  /driftinformation/prenumerera/avsluta?t=     a page with a button; nothing written
//   POST /driftinformation/prenumerera/avsluta        t (form, or ?t= with the RFC 8058
//                                                     one-click body): ends it (a tombstone)
//   GET  /driftinformation/prenumerera/andra?t=       the services, prechecked; end button
//   POST /driftinformation/prenumerera/andra          t, tjanst/alla: saves the services
//
// A request (POST of the form) is refused with the form again and the error
// beside its field (400) when the address is not IsMailAddress, a service
// is not in the catalog (or retired) or none is chosen; it is limited
// (SubscribeLimits: 429 with Retry-After) per client, per address and in
// total. A good one writes a NEW pending record (EmailSubscription, id
// "em-<16 hex>", the path's language, requested_at now) and answers the
// same page whether or not the address was known.
// Links are verified with VerifyLinkToken (mail_links.h): confirm for
// kConfirmLinkMaxAgeS, unsubscribe and manage forever; a bad one is a 400
// page and nothing else. A confirmation writes the pending record confirmed
// (confirmed_at now); an already confirmed one succeeds and writes nothing;
// one that no longer exists (ended, expired) is a 410 page and is never
// re-created. An unsubscribe writes a tombstone when the record exists and
// succeeds either way.
//
// Every answer: Cache-Control: no-store, Referrer-Policy: no-referrer (the
// tokens are in URLs), the citizen pages' other security headers, no
// framing. Form actions and links are relative paths, never built from the
// Host header. No address in a page or a log line; no token in a log line.
// Writes wait (up to 5 s) until this instance has read them back.
// Thread-safety: handlers run on any server thread; writes are serialized.
#pragma once
#include <functional>
#include <memory>
#include <string>

#include "common/status.h"
#include "common/time.h"
#include "http/router.h"
#include "notify/subscribe_limits.h"
#include "projections/kv.h"

namespace followup::notify {

class SubscriptionTable;

struct SubscribeRouteOptions {
  // Writes one record to the subscriptions topic (value null: a tombstone)
  // and confirms it; null: 503 pages.
  std::function<Status(const std::string& key, const std::string* value)> publish;
  const SubscriptionTable* table = nullptr;            // what is subscribed (required)
  std::function<bool()> table_ready;                   // every record read; else 503
  std::function<std::unique_ptr<KvReader>()> readers;  // the catalog
  std::string link_key;                                // the link key's bytes (mail_links.h)
  std::function<TimeMs()> clock;                       // default: the system clock
  SubscribeLimits::Options limits;
};

void AddSubscribeRoutes(http::Router* router, SubscribeRouteOptions options);

}  // namespace followup::notify
