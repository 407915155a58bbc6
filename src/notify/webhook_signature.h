// Signing webhook deliveries as the Standard Webhooks specification says
// (standardwebhooks.com): every delivery carries
//   webhook-id:        the message's id, the same on every retry (receivers
//                      deduplicate by it);
//   webhook-timestamp: seconds since the Unix epoch when it was sent;
//   webhook-signature: "v1," + base64(HMAC-SHA256(key, id + "." + timestamp +
//                      "." + body)), space-separated when several keys sign.
// A secret is "whsec_" + the base64 of its key bytes; the key is what signs.
// Secrets are secrets: never log, dump or put one on an event topic.
// Thread-safety: pure functions (NewWebhookSecret reads OpenSSL's CSPRNG,
// which is thread-safe).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace followup::notify {

// The prefix of a secret's text.
inline constexpr std::string_view kWebhookSecretPrefix = "whsec_";

// The key of a secret: "whsec_" + base64 (standard alphabet, padded) of 24 to
// 64 bytes. Invalid for anything else, with a message that does not repeat
// the text (it is a secret).
Status ParseWebhookSecret(std::string_view text, std::string* key);

// A new secret of 32 random bytes, as text ("whsec_..."); Unavailable when
// the random generator fails.
Status NewWebhookSecret(std::string* text);

// The value of the webhook-signature header: "v1,<base64>".
std::string WebhookSignature(std::string_view key, std::string_view message_id, int64_t timestamp_s,
                             std::string_view body);

// Standard base64 with padding (RFC 4648 section 4), OpenSSL's encoder.
std::string Base64(std::string_view bytes);
// base64url without padding (RFC 4648 section 5, the "-" and "_" alphabet,
// no "="): text that may stand in a URL as it is.
std::string Base64Url(std::string_view bytes);
// Decodes standard padded base64; false on any other character, a wrong
// length or bad padding.
bool FromBase64(std::string_view text, std::string* bytes);

}  // namespace followup::notify
