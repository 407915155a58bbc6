#include "notify/webhook_signature.h"

#include <gtest/gtest.h>

namespace followup::notify {
namespace {

// The example of the Standard Webhooks reference libraries (their sign
// test), also checked with Python's hmac and base64 modules.
constexpr std::string_view kSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
constexpr std::string_view kId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
constexpr int64_t kTimestamp = 1614265330;
constexpr std::string_view kBody = "{\"test\": 2432232314}";

TEST(WebhookSignature, MatchesTheSpecificationsExample) {
  std::string key;
  ASSERT_TRUE(ParseWebhookSecret(kSecret, &key).ok());
  EXPECT_EQ(WebhookSignature(key, kId, kTimestamp, kBody), "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
}

TEST(WebhookSignature, AnotherBodyGivesAnotherSignature) {
  std::string key;
  ASSERT_TRUE(ParseWebhookSecret(kSecret, &key).ok());
  EXPECT_NE(WebhookSignature(key, kId, kTimestamp, "{\"test\": 2432232315}"),
            WebhookSignature(key, kId, kTimestamp, kBody));
}

TEST(WebhookSignature, TheTimestampIsSigned) {
  std::string key;
  ASSERT_TRUE(ParseWebhookSecret(kSecret, &key).ok());
  EXPECT_NE(WebhookSignature(key, kId, kTimestamp + 1, kBody), WebhookSignature(key, kId, kTimestamp, kBody));
}

TEST(WebhookSecret, KeyIsTheDecodedBase64) {
  std::string key;
  ASSERT_TRUE(ParseWebhookSecret(kSecret, &key).ok());
  EXPECT_EQ(key.size(), 24u);
}

TEST(WebhookSecret, WithoutPrefixIsInvalid) {
  std::string key;
  EXPECT_FALSE(ParseWebhookSecret("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", &key).ok());
}

TEST(WebhookSecret, RefusalDoesNotRepeatTheSecret) {
  std::string key;
  Status s = ParseWebhookSecret("whsec_MfKQ9r8GKYqrTwjU!D8ILPZIo2LaLaSw", &key);
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.message().find("MfKQ"), std::string::npos);
}

TEST(WebhookSecret, ShortKeyIsInvalid) {
  std::string key;
  EXPECT_FALSE(ParseWebhookSecret("whsec_" + Base64(std::string(16, 'k')), &key).ok());
}

TEST(WebhookSecret, NewSecretParsesToThirtyTwoBytes) {
  std::string text, key;
  ASSERT_TRUE(NewWebhookSecret(&text).ok());
  ASSERT_TRUE(ParseWebhookSecret(text, &key).ok());
  EXPECT_EQ(key.size(), 32u);
}

TEST(WebhookSecret, TwoNewSecretsDiffer) {
  std::string a, b;
  ASSERT_TRUE(NewWebhookSecret(&a).ok());
  ASSERT_TRUE(NewWebhookSecret(&b).ok());
  EXPECT_NE(a, b);
}

// RFC 4648 section 10's test vectors.
TEST(Base64, RfcVectors) {
  EXPECT_EQ(Base64(""), "");
  EXPECT_EQ(Base64("f"), "Zg==");
  EXPECT_EQ(Base64("fo"), "Zm8=");
  EXPECT_EQ(Base64("foo"), "Zm9v");
  EXPECT_EQ(Base64("foob"), "Zm9vYg==");
  EXPECT_EQ(Base64("fooba"), "Zm9vYmE=");
  EXPECT_EQ(Base64("foobar"), "Zm9vYmFy");
}

TEST(Base64, DecodesWithPadding) {
  std::string out;
  ASSERT_TRUE(FromBase64("Zm9vYg==", &out));
  EXPECT_EQ(out, "foob");
}

TEST(Base64, DecodesWithoutPadding) {
  std::string out;
  ASSERT_TRUE(FromBase64("Zm9vYmFy", &out));
  EXPECT_EQ(out, "foobar");
}

TEST(Base64, RefusesAWrongLength) {
  std::string out;
  EXPECT_FALSE(FromBase64("Zm9vY", &out));
}

TEST(Base64, RefusesPaddingInTheMiddle) {
  std::string out;
  EXPECT_FALSE(FromBase64("Zg==Zm8=", &out));
}

TEST(Base64, RefusesTheUrlAlphabet) {
  std::string out;
  EXPECT_FALSE(FromBase64("-_-_", &out));
}

// RFC 4648 section 5: FB FF is 111110 111111 1111(00), "+/8=" in base64.
TEST(Base64Url, UsesTheUrlAlphabet) { EXPECT_EQ(Base64Url("\xfb\xff"), "-_8"); }

TEST(Base64Url, HasNoPadding) {
  EXPECT_EQ(Base64Url("f"), "Zg");
  EXPECT_EQ(Base64Url("fo"), "Zm8");
  EXPECT_EQ(Base64Url("foo"), "Zm9v");
}

}  // namespace
}  // namespace followup::notify
