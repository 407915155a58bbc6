#include "notify/subscription_links.h"

namespace followup::notify {
namespace {

std::string Link(std::string_view public_url, const char* sv, const char* en, std::string_view language,
                 const std::string& token) {
  return std::string(public_url) + (language == "en" ? en : sv) + "?t=" + token;
}

}  // namespace

std::string ConfirmUrl(std::string_view public_url, std::string_view key, const EmailSubscription& s) {
  return Link(public_url, kConfirmPathSv, kConfirmPathEn, s.language,
              MakeLinkToken(key, LinkPurpose::kConfirm, s.id, s.requested_at / 1000));
}

std::string UnsubscribeUrl(std::string_view public_url, std::string_view key, const EmailSubscription& s) {
  return Link(public_url, kUnsubscribePathSv, kUnsubscribePathEn, s.language,
              MakeLinkToken(key, LinkPurpose::kUnsubscribe, s.id, s.requested_at / 1000));
}

std::string ManageUrl(std::string_view public_url, std::string_view key, const EmailSubscription& s) {
  return Link(public_url, kManagePathSv, kManagePathEn, s.language,
              MakeLinkToken(key, LinkPurpose::kManage, s.id, s.requested_at / 1000));
}

}  // namespace followup::notify
