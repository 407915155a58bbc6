// The links of e-mail subscriptions (issue 16), built from the configured
// public URL, never from a request's Host header, each carrying a signed
// token (mail_links.h):
//   confirm      <public>/driftinformation/prenumerera/bekrafta?t=<token>   (en:
//   /en/status/subscribe/confirm) unsubscribe  <public>/driftinformation/prenumerera/avsluta?t=<token> (en:
//   /en/status/subscribe/unsubscribe) manage       <public>/driftinformation/prenumerera/andra?t=<token> (en:
//   /en/status/subscribe/manage)
// in the subscription's language. A confirm token is issued at the request
// (requested_at) and expires after kConfirmLinkMaxAgeS; unsubscribe and
// manage tokens never expire. A GET of a link only shows a page (mail
// scanners follow links); a POST acts. The unsubscribe link is also the
// RFC 8058 one-click URL (List-Unsubscribe).
// Thread-safety: pure functions.
#pragma once
#include <string>
#include <string_view>

#include "notify/email_subscription.h"
#include "notify/mail_links.h"

namespace followup::notify {

// The paths, per language ("sv", "en").
inline constexpr const char* kSubscribePathSv = "/driftinformation/prenumerera";
inline constexpr const char* kConfirmPathSv = "/driftinformation/prenumerera/bekrafta";
inline constexpr const char* kUnsubscribePathSv = "/driftinformation/prenumerera/avsluta";
inline constexpr const char* kManagePathSv = "/driftinformation/prenumerera/andra";
inline constexpr const char* kSubscribePathEn = "/en/status/subscribe";
inline constexpr const char* kConfirmPathEn = "/en/status/subscribe/confirm";
inline constexpr const char* kUnsubscribePathEn = "/en/status/subscribe/unsubscribe";
inline constexpr const char* kManagePathEn = "/en/status/subscribe/manage";

// key: the link key's bytes; public_url: absolute, without a trailing '/'.
std::string ConfirmUrl(std::string_view public_url, std::string_view key, const EmailSubscription& s);
std::string UnsubscribeUrl(std::string_view public_url, std::string_view key, const EmailSubscription& s);
std::string ManageUrl(std::string_view public_url, std::string_view key, const EmailSubscription& s);

}  // namespace followup::notify
