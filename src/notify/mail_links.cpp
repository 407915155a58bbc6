#include "notify/mail_links.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <array>

#include "notify/webhook_signature.h"

namespace followup::notify {
namespace {

// base64url of a 32-byte HMAC-SHA256 without padding.
constexpr size_t kMacChars = 43;
// Seconds since the epoch: up to 12 digits (the year 33658).
constexpr size_t kMaxIssuedDigits = 12;

std::string Mac(std::string_view key, std::string_view purpose, std::string_view id,
                std::string_view issued) {
  std::string content = "followup-link/1\n";
  content.append(purpose);
  content += '\n';
  content.append(id);
  content += '\n';
  content.append(issued);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), int(key.size()), reinterpret_cast<const unsigned char*>(content.data()),
       content.size(), mac, &len);
  return Base64Url(std::string_view(reinterpret_cast<char*>(mac), len));
}

bool IsBase64UrlText(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

// Canonical decimal: digits only, no leading zero but for "0".
bool ParseIssued(std::string_view s, int64_t* out) {
  if (s.empty() || s.size() > kMaxIssuedDigits || (s.size() > 1 && s[0] == '0')) return false;
  int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}

std::string_view LinkKind(LinkPurpose p) {
  switch (p) {
    case LinkPurpose::kConfirm:
      return "a confirmation link";
    case LinkPurpose::kUnsubscribe:
      return "an unsubscribe link";
    case LinkPurpose::kManage:
      return "a link to manage a subscription";
  }
  return "a link";
}

// Part `index` of a token (0 purpose, 1 id, 2 issued_at, 3 mac); a part
// that is not whole may be the first characters of one (or empty).
bool PartWellFormed(size_t index, std::string_view part, bool whole) {
  int64_t issued = 0;
  switch (index) {
    case 0:
      if (whole) return ParseLinkPurpose(part).has_value();
      for (LinkPurpose p : {LinkPurpose::kConfirm, LinkPurpose::kUnsubscribe, LinkPurpose::kManage})
        if (!part.empty() && LinkPurposeName(p).substr(0, part.size()) == part) return true;
      return false;
    case 1:
      return whole ? IsSubscriptionId(part) : part.empty() || IsSubscriptionId(part);
    case 2:
      return whole ? ParseIssued(part, &issued) : part.empty() || ParseIssued(part, &issued);
    default:
      return part.size() <= kMacChars && IsBase64UrlText(part);
  }
}

}  // namespace

std::string_view LinkPurposeName(LinkPurpose purpose) {
  switch (purpose) {
    case LinkPurpose::kConfirm:
      return "confirm";
    case LinkPurpose::kUnsubscribe:
      return "unsubscribe";
    case LinkPurpose::kManage:
      return "manage";
  }
  return "";
}

std::optional<LinkPurpose> ParseLinkPurpose(std::string_view name) {
  for (LinkPurpose p : {LinkPurpose::kConfirm, LinkPurpose::kUnsubscribe, LinkPurpose::kManage})
    if (LinkPurposeName(p) == name) return p;
  return std::nullopt;
}

bool IsSubscriptionId(std::string_view id) {
  if (id.empty() || id.size() > kMaxSubscriptionId) return false;
  return std::all_of(id.begin(), id.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

std::string MakeLinkToken(std::string_view key, LinkPurpose purpose, std::string_view subscription_id,
                          int64_t issued_at_s) {
  std::string issued = std::to_string(issued_at_s);
  std::string_view name = LinkPurposeName(purpose);
  std::string token(name);
  token += '.';
  token.append(subscription_id);
  token += '.';
  token += issued;
  token += '.';
  token += Mac(key, name, subscription_id, issued);
  return token;
}

Status VerifyLinkToken(std::string_view key, std::string_view token, LinkPurpose purpose, int64_t now_s,
                       int64_t max_age_s, std::string* subscription_id, int64_t* issued_at_s) {
  if (key.size() < kMinLinkKeyBytes)
    return Status::Invalid("the link key is shorter than " + std::to_string(kMinLinkKeyBytes) +
                           " bytes: no link can be checked (a configuration error)");
  constexpr std::string_view kDamaged = "the link is damaged: it is not a link of this service";
  // Split at the dots: purpose . id . issued . mac.
  std::array<std::string_view, 4> parts;
  size_t n = 0;
  for (size_t start = 0;;) {
    size_t dot = token.find('.', start);
    if (n == parts.size()) return Status::Invalid(std::string(kDamaged));  // a fifth part
    parts[n++] = token.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  // Every part before the last must be whole; the last may be cut short.
  for (size_t i = 0; i < n; ++i) {
    bool whole = i + 1 < n || i == 3;
    if (!PartWellFormed(i, parts[i], whole)) return Status::Invalid(std::string(kDamaged));
  }
  if (n < 4 || parts[3].size() < kMacChars)
    return Status::Invalid(
        "the link is incomplete: it may have been cut off; copy the whole link from the mail");
  LinkPurpose kind = *ParseLinkPurpose(parts[0]);
  int64_t issued = 0;
  (void)ParseIssued(parts[2], &issued);  // checked by PartWellFormed
  std::string expected = Mac(key, parts[0], parts[1], parts[2]);
  if (CRYPTO_memcmp(expected.data(), parts[3].data(), kMacChars) != 0)
    return Status::Invalid("the link is not signed by this service: it was altered or forged");
  if (kind != purpose)
    return Status::Invalid("this is " + std::string(LinkKind(kind)) + ", not " +
                           std::string(LinkKind(purpose)));
  if (max_age_s > 0) {
    if (issued > now_s + kLinkClockSkewS)
      return Status::Invalid("the link is dated in the future: the server clocks disagree");
    if (now_s - issued > max_age_s)
      return Status::Invalid("the link has expired: it was valid for " +
                             (max_age_s % 3600 == 0 ? std::to_string(max_age_s / 3600) + " hours"
                                                    : std::to_string(max_age_s) + " seconds") +
                             "; ask for a new one");
  }
  subscription_id->assign(parts[1]);
  *issued_at_s = issued;
  return Status::Ok();
}

}  // namespace followup::notify
