#include "notify/subscription_record.h"

#include <gtest/gtest.h>

namespace followup::notify {
namespace {

constexpr const char* kSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

WebhookSubscription Kontaktcenter() {
  WebhookSubscription s;
  s.id = "wh-kontaktcenter";
  s.url = "https://hooks.example.se/in?token=abc";
  s.secret = kSecret;
  s.services = {"bygglov", "parkering"};
  s.description = "Kontaktcenter \"KC\"";
  s.created_at = *ParseRfc3339("2026-12-02T08:00:00Z");
  s.actor = "kc-admin";
  return s;
}

// Written out by hand from the header's form.
constexpr const char* kEncoded =
    "{\"kind\":\"webhook\",\"id\":\"wh-kontaktcenter\",\"url\":\"https://hooks.example.se/in?token=abc\","
    "\"secret\":\"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\",\"services\":[\"bygglov\",\"parkering\"],"
    "\"description\":\"Kontaktcenter \\\"KC\\\"\",\"created_at\":\"2026-12-02T08:00:00Z\",\"actor\":\"kc-admin\"}";

TEST(SubscriptionRecord, EncodesAsTheHeaderSays) {
  EXPECT_EQ(EncodeWebhookSubscription(Kontaktcenter()), kEncoded);
}

TEST(SubscriptionRecord, DecodesWhatItEncodes) {
  WebhookSubscription s;
  ASSERT_TRUE(DecodeWebhookSubscription(kEncoded, &s).ok());
  EXPECT_EQ(EncodeWebhookSubscription(s), kEncoded);
}

TEST(SubscriptionRecord, AnEnableRequestIsKeptAsEnabledAt) {
  WebhookSubscription s = Kontaktcenter();
  s.enabled_at = *ParseRfc3339("2026-12-03T10:30:00Z");
  std::string encoded = EncodeWebhookSubscription(s);
  EXPECT_EQ(encoded, std::string(kEncoded).substr(0, std::string(kEncoded).size() - 1) +
                         ",\"enabled_at\":\"2026-12-03T10:30:00Z\"}");
  WebhookSubscription back;
  ASSERT_TRUE(DecodeWebhookSubscription(encoded, &back).ok());
  EXPECT_EQ(back.enabled_at, s.enabled_at);
}

TEST(SubscriptionRecord, ABadEnabledAtIsRefused) {
  std::string bad =
      std::string(kEncoded).substr(0, std::string(kEncoded).size() - 1) + ",\"enabled_at\":\"soon\"}";
  WebhookSubscription s;
  EXPECT_FALSE(DecodeWebhookSubscription(bad, &s).ok());
}

TEST(SubscriptionRecord, StarFollowsEveryService) {
  WebhookSubscription s = Kontaktcenter();
  s.services.clear();
  std::string json = EncodeWebhookSubscription(s);
  EXPECT_NE(json.find("\"services\":[\"*\"]"), std::string::npos);
  WebhookSubscription back;
  ASSERT_TRUE(DecodeWebhookSubscription(json, &back).ok());
  EXPECT_TRUE(Follows(back, "anything"));
}

TEST(SubscriptionRecord, AListFollowsOnlyItsServices) {
  WebhookSubscription s;
  ASSERT_TRUE(DecodeWebhookSubscription(kEncoded, &s).ok());
  EXPECT_TRUE(Follows(s, "parkering"));
  EXPECT_FALSE(Follows(s, "skola"));
}

std::string With(const std::string& from, const std::string& to) {
  std::string json = kEncoded;
  json.replace(json.find(from), from.size(), to);
  return json;
}

Status Decode(const std::string& json) {
  WebhookSubscription s;
  return DecodeWebhookSubscription(json, &s);
}

TEST(SubscriptionRecord, BadSecretIsRefusedWithoutRepeatingIt) {
  Status s = Decode(With(kSecret, "whsec_MfKQ9r8GKYqrTwjU!D8ILPZIo2LaLaSw"));
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.message().find("MfKQ"), std::string::npos) << s.message();
}

TEST(SubscriptionRecord, BadUrlIsRefusedWithoutRepeatingIt) {
  Status s = Decode(With("https://hooks.example.se/in?token=abc", "ftp://hooks.example.se/in?token=abc"));
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.message().find("token=abc"), std::string::npos) << s.message();
}

TEST(SubscriptionRecord, StarWithOthersIsRefused) {
  EXPECT_FALSE(Decode(With("[\"bygglov\",\"parkering\"]", "[\"*\",\"parkering\"]")).ok());
}

TEST(SubscriptionRecord, NoServicesIsRefused) {
  EXPECT_FALSE(Decode(With("[\"bygglov\",\"parkering\"]", "[]")).ok());
}

TEST(SubscriptionRecord, ANonSlugServiceIsRefused) {
  EXPECT_FALSE(Decode(With("\"bygglov\"", "\"Bygglov\"")).ok());
}

TEST(SubscriptionRecord, AnotherKindIsRefused) {
  EXPECT_FALSE(Decode(With("\"webhook\"", "\"email\"")).ok());
}

TEST(SubscriptionRecord, ALongDescriptionIsRefused) {
  EXPECT_FALSE(Decode(With("Kontaktcenter \\\"KC\\\"", std::string(201, 'x'))).ok());
}

TEST(SubscriptionRecord, NotJsonIsRefused) { EXPECT_FALSE(Decode("{\"kind\":").ok()); }

TEST(SubscriptionRecord, DuplicateServicesAreKeptOnce) {
  WebhookSubscription s;
  ASSERT_TRUE(DecodeWebhookSubscription(
                  With("[\"bygglov\",\"parkering\"]", "[\"parkering\",\"bygglov\",\"parkering\"]"), &s)
                  .ok());
  EXPECT_EQ(s.services, (std::vector<std::string>{"bygglov", "parkering"}));
}

}  // namespace
}  // namespace followup::notify
