// An e-mail subscription as it is kept on the compacted followup.subscriptions
// topic (issue 16), keyed by its id like a webhook's (subscription_record.h),
// tombstoned when it ends (an unsubscribe, an erasure, an unconfirmed request
// that expired). The address is personal data: it is on this topic only,
// never on an event topic, in the dead-letter topic, a log line, a page, a
// dump or a RocksDB store.
//
//   {"kind":"email","id":"em-<16 hex>","address":"anna@example.se",
//    "services":["*"] or ["parkering",...],"language":"sv" or "en",
//    "state":"pending" or "confirmed","requested_at":"RFC 3339 UTC",
//    "confirmed_at":"RFC 3339 UTC" (confirmed only)}
//
// A pending subscription is sent nothing but its confirmation mail (double
// opt-in); it expires kPendingExpiryMs after requested_at, when the notifier
// writes its tombstone. Decoding refuses anything else with a message that
// names the field and never repeats the address.
// Thread-safety: pure functions.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/time.h"

namespace followup::notify {

inline constexpr TimeMs kPendingExpiryMs = 48LL * 3600 * 1000;

struct EmailSubscription {
  std::string id;                     // "em-" + 16 hex digits (IsSlug, 64)
  std::string address;                // IsMailAddress (mail_message.h): personal data
  std::vector<std::string> services;  // service ids, in name order; empty: every service
  std::string language = "sv";        // "sv" or "en": the mails' language
  bool confirmed = false;
  TimeMs requested_at = 0;
  TimeMs confirmed_at = 0;  // confirmed only
};

std::string EncodeEmailSubscription(const EmailSubscription& s);
Status DecodeEmailSubscription(std::string_view json, EmailSubscription* out);
// The "kind" of a subscription record ("webhook", "email"); "" when it has none.
std::string SubscriptionKind(std::string_view json);

// Whether s follows the service.
bool Follows(const EmailSubscription& s, std::string_view service_id);

}  // namespace followup::notify
