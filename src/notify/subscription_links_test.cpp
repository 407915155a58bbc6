#include "notify/subscription_links.h"

#include <gtest/gtest.h>

namespace followup::notify {
namespace {

const std::string kKey(32, 'k');

EmailSubscription Anna(const char* language) {
  EmailSubscription s;
  s.id = "em-0123456789abcdef";
  s.address = "anna@example.se";
  s.language = language;
  s.requested_at = *ParseRfc3339("2026-12-02T08:00:00Z");
  return s;
}

std::string TokenOf(const std::string& url) { return url.substr(url.find("?t=") + 3); }

TEST(SubscriptionLinks, AConfirmLinkIsUnderThePublicUrlInTheSubscribersLanguage) {
  std::string sv = ConfirmUrl("https://start.stockholm", kKey, Anna("sv"));
  std::string en = ConfirmUrl("https://start.stockholm", kKey, Anna("en"));
  EXPECT_EQ(
      sv.rfind("https://start.stockholm/driftinformation/prenumerera/bekrafta?t=confirm.em-0123456789abcdef.",
               0),
      0u);
  EXPECT_EQ(en.rfind("https://start.stockholm/en/status/subscribe/confirm?t=confirm.em-0123456789abcdef.", 0),
            0u);
}

TEST(SubscriptionLinks, EachLinksTokenIsForItsOwnPurpose) {
  EmailSubscription s = Anna("sv");
  const int64_t now = s.requested_at / 1000 + 60;
  std::string id;
  int64_t issued = 0;
  EXPECT_TRUE(VerifyLinkToken(kKey, TokenOf(UnsubscribeUrl("https://x.se", kKey, s)),
                              LinkPurpose::kUnsubscribe, now, 0, &id, &issued)
                  .ok());
  EXPECT_EQ(id, s.id);
  EXPECT_FALSE(VerifyLinkToken(kKey, TokenOf(UnsubscribeUrl("https://x.se", kKey, s)), LinkPurpose::kConfirm,
                               now, kConfirmLinkMaxAgeS, &id, &issued)
                   .ok());
  EXPECT_TRUE(VerifyLinkToken(kKey, TokenOf(ManageUrl("https://x.se", kKey, s)), LinkPurpose::kManage, now, 0,
                              &id, &issued)
                  .ok());
}

TEST(SubscriptionLinks, AConfirmLinkExpiresAfterTwoDays) {
  EmailSubscription s = Anna("sv");
  std::string id;
  int64_t issued = 0;
  std::string token = TokenOf(ConfirmUrl("https://x.se", kKey, s));
  EXPECT_TRUE(VerifyLinkToken(kKey, token, LinkPurpose::kConfirm, s.requested_at / 1000 + kConfirmLinkMaxAgeS,
                              kConfirmLinkMaxAgeS, &id, &issued)
                  .ok());
  EXPECT_FALSE(VerifyLinkToken(kKey, token, LinkPurpose::kConfirm,
                               s.requested_at / 1000 + kConfirmLinkMaxAgeS + 1, kConfirmLinkMaxAgeS, &id,
                               &issued)
                   .ok());
}

TEST(EmailSubscription, RoundTripsAndNeverRepeatsTheAddressInARefusal) {
  EmailSubscription s = Anna("en");
  s.services = {"bygglov", "parkering"};
  s.confirmed = true;
  s.confirmed_at = s.requested_at + 60000;
  std::string json = EncodeEmailSubscription(s);
  EXPECT_EQ(json,
            "{\"kind\":\"email\",\"id\":\"em-0123456789abcdef\",\"address\":\"anna@example.se\","
            "\"services\":[\"bygglov\",\"parkering\"],\"language\":\"en\",\"state\":\"confirmed\","
            "\"requested_at\":\"2026-12-02T08:00:00Z\",\"confirmed_at\":\"2026-12-02T08:01:00Z\"}");
  EmailSubscription back;
  ASSERT_TRUE(DecodeEmailSubscription(json, &back).ok());
  EXPECT_EQ(back.address, s.address);
  EXPECT_TRUE(back.confirmed);
  EXPECT_EQ(SubscriptionKind(json), "email");
  std::string bad = json;
  bad.replace(bad.find("anna@example.se"), 15, "anna@@example.se");
  Status st = DecodeEmailSubscription(bad, &back);
  EXPECT_FALSE(st.ok());
  EXPECT_EQ(st.message().find("anna"), std::string::npos);
}

}  // namespace
}  // namespace followup::notify
