// Signed links in subscription mails: the token in a confirm, unsubscribe or
// manage link says which subscription it is for, when it was issued and for
// what, and a server key vouches for it, so no state is needed to check one
// and any instance behind the load balancer can.
//
// Token text (URL-safe, no padding, no percent-encoding needed):
//   <purpose>.<subscription id>.<issued_at seconds>.<mac>
//   purpose     confirm | unsubscribe | manage
//   id          1-64 characters [a-z0-9-]
//   issued_at   decimal seconds since the Unix epoch, no leading zeros
//   mac         base64url without padding (RFC 4648 5) of
//               HMAC-SHA256(key, "followup-link/1\n" purpose "\n" id "\n"
//               issued_at): 43 characters
// The purpose is signed, so a token of one purpose is never valid for
// another. The token carries no address; it still lets its holder act on a
// subscription, so it is a secret of the subscriber's: never log one.
//
// Expiry is the caller's policy, given as max_age_s: a confirm link expires
// (kConfirmLinkMaxAgeS by default), unsubscribe and manage links never do (a
// genuine unsubscribe link always works, however old).
//
// The key: at least kMinLinkKeyBytes bytes from the configuration; a secret
// (never logged or dumped). Changing it invalidates every link sent.
// Thread-safety: pure functions.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace followup::notify {

enum class LinkPurpose { kConfirm, kUnsubscribe, kManage };

// "confirm", "unsubscribe", "manage": the word in the token.
std::string_view LinkPurposeName(LinkPurpose purpose);
std::optional<LinkPurpose> ParseLinkPurpose(std::string_view name);

inline constexpr size_t kMinLinkKeyBytes = 32;
// How long a confirmation link is valid unless configured otherwise: 48 h.
inline constexpr int64_t kConfirmLinkMaxAgeS = 48 * 3600;
// The longest subscription id.
inline constexpr size_t kMaxSubscriptionId = 64;

// True for 1-64 characters of [a-z0-9-].
bool IsSubscriptionId(std::string_view id);

// The token. Preconditions: key has at least kMinLinkKeyBytes bytes,
// IsSubscriptionId(subscription_id), issued_at_s >= 0.
std::string MakeLinkToken(std::string_view key, LinkPurpose purpose, std::string_view subscription_id,
                          int64_t issued_at_s);

// Checks a token from a link for `purpose` at now_s; max_age_s 0: it does
// not expire, otherwise it is refused when now_s - issued_at > max_age_s, or
// when it is dated more than kLinkClockSkewS after now_s. On success sets
// *subscription_id and *issued_at_s. Every refusal is Status::Invalid with a
// message for the person who followed the link that says why (damaged or
// incomplete, not signed by this service, for another purpose, expired)
// and never repeats the token. The signature is compared in constant time
// (CRYPTO_memcmp), and before the purpose, so a forged token always reads
// as not signed.
Status VerifyLinkToken(std::string_view key, std::string_view token, LinkPurpose purpose, int64_t now_s,
                       int64_t max_age_s, std::string* subscription_id, int64_t* issued_at_s);

// Clocks of the instances may differ this much (seconds) before a token
// that expires counts as dated in the future.
inline constexpr int64_t kLinkClockSkewS = 300;

}  // namespace followup::notify
