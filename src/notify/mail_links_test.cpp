#include "notify/mail_links.h"

#include <gtest/gtest.h>

#include <string>

namespace followup::notify {
namespace {

constexpr std::string_view kKey = "0123456789abcdef0123456789abcdef";  // 32 bytes
constexpr int64_t kIssued = 1764633600;                                // 2025-12-02T00:00:00Z
constexpr int64_t kHour = 3600;

// The MACs with an independent implementation:
//   printf 'followup-link/1\nconfirm\nabc-123\n1764633600' |
//     openssl dgst -sha256 -hmac 0123456789abcdef0123456789abcdef -binary |
//     base64 | tr '+/' '-_' | tr -d '='
constexpr std::string_view kConfirmToken =
    "confirm.abc-123.1764633600.isLArBJjUfTweY57VX6Tst3hyc7JhK-fOCw9U4Dippg";
// The same with "unsubscribe" in place of "confirm".
constexpr std::string_view kUnsubscribeToken =
    "unsubscribe.abc-123.1764633600.rHK8AofsaO7ugrD15568U32-QQ4evukwrSyVQE6ra94";

Status Verify(std::string_view token, LinkPurpose purpose, int64_t now_s, int64_t max_age_s) {
  std::string id;
  int64_t issued = 0;
  return VerifyLinkToken(kKey, token, purpose, now_s, max_age_s, &id, &issued);
}

TEST(LinkToken, MatchesOpensslVector) {
  EXPECT_EQ(MakeLinkToken(kKey, LinkPurpose::kConfirm, "abc-123", kIssued), kConfirmToken);
  EXPECT_EQ(MakeLinkToken(kKey, LinkPurpose::kUnsubscribe, "abc-123", kIssued), kUnsubscribeToken);
}

TEST(LinkToken, RoundTrip) {
  std::string token = MakeLinkToken(kKey, LinkPurpose::kManage, "7f3a-subscription", kIssued);
  std::string id;
  int64_t issued = 0;
  Status s = VerifyLinkToken(kKey, token, LinkPurpose::kManage, kIssued + 10, 0, &id, &issued);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(id, "7f3a-subscription");
  EXPECT_EQ(issued, kIssued);
}

TEST(LinkToken, IsUrlSafe) {
  std::string token = MakeLinkToken(kKey, LinkPurpose::kConfirm, "abc-123", kIssued);
  EXPECT_EQ(token.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_."),
            std::string::npos);
}

TEST(LinkToken, ConfirmWithinItsAgeIsValid) {
  EXPECT_TRUE(Verify(kConfirmToken, LinkPurpose::kConfirm, kIssued + 48 * kHour, kConfirmLinkMaxAgeS).ok());
}

TEST(LinkToken, ExpiredConfirmIsRefused) {
  Status s = Verify(kConfirmToken, LinkPurpose::kConfirm, kIssued + 48 * kHour + 1, kConfirmLinkMaxAgeS);
  EXPECT_EQ(s.code(), Status::Code::kInvalid);
  EXPECT_NE(s.message().find("expired"), std::string::npos);
  EXPECT_NE(s.message().find("48 hours"), std::string::npos);
}

TEST(LinkToken, OldUnsubscribeIsStillValid) {
  EXPECT_TRUE(Verify(kUnsubscribeToken, LinkPurpose::kUnsubscribe, kIssued + 10 * 365 * 24 * kHour, 0).ok());
}

TEST(LinkToken, ConfirmIsNotAnUnsubscribe) {
  Status s = Verify(kConfirmToken, LinkPurpose::kUnsubscribe, kIssued, 0);
  EXPECT_EQ(s.code(), Status::Code::kInvalid);
  EXPECT_NE(s.message().find("confirmation link, not an unsubscribe link"), std::string::npos);
}

TEST(LinkToken, UnsubscribeIsNotAConfirm) {
  EXPECT_FALSE(Verify(kUnsubscribeToken, LinkPurpose::kConfirm, kIssued, kConfirmLinkMaxAgeS).ok());
}

// The purpose word changed, the MAC kept: the MAC covers the purpose.
TEST(LinkToken, RelabelledPurposeIsForged) {
  std::string token(kConfirmToken);
  token.replace(0, 7, "unsubscribe");
  Status s = Verify(token, LinkPurpose::kUnsubscribe, kIssued, 0);
  EXPECT_EQ(s.code(), Status::Code::kInvalid);
  EXPECT_NE(s.message().find("not signed"), std::string::npos);
}

TEST(LinkToken, OtherSubscriptionIsForged) {
  std::string token(kUnsubscribeToken);
  token.replace(12, 7, "abc-124");
  Status s = Verify(token, LinkPurpose::kUnsubscribe, kIssued, 0);
  EXPECT_NE(s.message().find("not signed"), std::string::npos);
}

TEST(LinkToken, LaterIssuedAtIsForged) {
  std::string token(kConfirmToken);
  token.replace(8 + 8, 10, "1764720000");
  Status s = Verify(token, LinkPurpose::kConfirm, kIssued + kHour, kConfirmLinkMaxAgeS);
  EXPECT_NE(s.message().find("not signed"), std::string::npos);
}

TEST(LinkToken, OneFlippedMacCharacterIsForged) {
  std::string token(kConfirmToken);
  token.back() = token.back() == 'g' ? 'h' : 'g';
  Status s = Verify(token, LinkPurpose::kConfirm, kIssued, kConfirmLinkMaxAgeS);
  EXPECT_EQ(s.code(), Status::Code::kInvalid);
  EXPECT_NE(s.message().find("not signed"), std::string::npos);
}

TEST(LinkToken, OtherKeyIsForged) {
  std::string id;
  int64_t issued = 0;
  Status s = VerifyLinkToken("another key of thirty-two bytes!", kConfirmToken, LinkPurpose::kConfirm,
                             kIssued, 0, &id, &issued);
  EXPECT_NE(s.message().find("not signed"), std::string::npos);
}

TEST(LinkToken, TruncatedMacIsIncomplete) {
  Status s = Verify(kConfirmToken.substr(0, kConfirmToken.size() - 5), LinkPurpose::kConfirm, kIssued, 0);
  EXPECT_EQ(s.code(), Status::Code::kInvalid);
  EXPECT_NE(s.message().find("incomplete"), std::string::npos);
}

TEST(LinkToken, TruncatedInsideTheIdIsIncomplete) {
  Status s = Verify("confirm.abc-", LinkPurpose::kConfirm, kIssued, 0);
  EXPECT_NE(s.message().find("incomplete"), std::string::npos);
}

TEST(LinkToken, TruncatedAfterADotIsIncomplete) {
  Status s = Verify("confirm.abc-123.", LinkPurpose::kConfirm, kIssued, 0);
  EXPECT_NE(s.message().find("incomplete"), std::string::npos);
}

TEST(LinkToken, GarbageIsDamaged) {
  for (std::string_view garbage :
       {"", "hello", "confirm.ABC.1.x", "confirm.abc-123.0123.x", "<script>",
        "confirm.abc-123.1764633600.isLArBJjUfTweY57VX6Tst3hyc7JhK-fOCw9U4Dippg.x",
        "confirm.abc-123.1764633600.isLArBJjUfTweY57VX6Tst3hyc7JhK-fOCw9U4Dippgg",
        "confirm.abc-123.1764633600.isLArBJjUfTweY57VX6Tst3hyc7JhK+fOCw9U4Dippg"}) {
    Status s = Verify(garbage, LinkPurpose::kConfirm, kIssued, 0);
    EXPECT_EQ(s.code(), Status::Code::kInvalid) << garbage;
    EXPECT_NE(s.message().find("damaged"), std::string::npos) << garbage;
  }
}

TEST(LinkToken, RefusalsDoNotRepeatTheToken) {
  std::string forged(kConfirmToken);
  forged.back() = 'A';
  for (std::string_view token : std::initializer_list<std::string_view>{forged, kConfirmToken.substr(0, 30),
                                                                        "confirm.abc-123.1764633600.!!"}) {
    Status s = Verify(token, LinkPurpose::kConfirm, kIssued, 0);
    EXPECT_FALSE(s.ok());
    EXPECT_EQ(s.message().find("abc-123"), std::string::npos) << s.message();
    EXPECT_EQ(s.message().find("isLAr"), std::string::npos) << s.message();
  }
}

// Every token one character away from a genuine one (in the token's own
// alphabet) is refused, whatever the purpose asked for.
TEST(LinkToken, EveryOneCharacterChangeIsRefused) {
  constexpr std::string_view kAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.";
  int tried = 0;
  for (size_t i = 0; i < kUnsubscribeToken.size(); ++i) {
    for (char c : kAlphabet) {
      if (c == kUnsubscribeToken[i]) continue;
      std::string token(kUnsubscribeToken);
      token[i] = c;
      ++tried;
      EXPECT_FALSE(Verify(token, LinkPurpose::kUnsubscribe, kIssued, 0).ok()) << token;
      EXPECT_FALSE(Verify(token, LinkPurpose::kConfirm, kIssued, 0).ok()) << token;
      EXPECT_FALSE(Verify(token, LinkPurpose::kManage, kIssued, 0).ok()) << token;
    }
  }
  EXPECT_EQ(tried, int(kUnsubscribeToken.size() * (kAlphabet.size() - 1)));
}

// Every proper prefix is refused as incomplete or damaged, never as valid.
TEST(LinkToken, EveryTruncationIsRefused) {
  for (size_t n = 0; n < kConfirmToken.size(); ++n) {
    Status s = Verify(kConfirmToken.substr(0, n), LinkPurpose::kConfirm, kIssued, 0);
    EXPECT_EQ(s.code(), Status::Code::kInvalid) << n;
    bool said = s.message().find("incomplete") != std::string::npos ||
                s.message().find("damaged") != std::string::npos;
    EXPECT_TRUE(said) << n << ": " << s.message();
  }
}

TEST(LinkToken, FutureConfirmIsRefused) {
  Status s = Verify(kConfirmToken, LinkPurpose::kConfirm, kIssued - kLinkClockSkewS - 1, kConfirmLinkMaxAgeS);
  EXPECT_NE(s.message().find("future"), std::string::npos);
}

TEST(LinkToken, SmallClockSkewIsTolerated) {
  EXPECT_TRUE(
      Verify(kConfirmToken, LinkPurpose::kConfirm, kIssued - kLinkClockSkewS, kConfirmLinkMaxAgeS).ok());
}

TEST(LinkToken, ShortKeyChecksNothing) {
  std::string id;
  int64_t issued = 0;
  EXPECT_FALSE(VerifyLinkToken("short", kConfirmToken, LinkPurpose::kConfirm, kIssued, 0, &id, &issued).ok());
}

TEST(LinkToken, PurposeNamesRoundTrip) {
  for (LinkPurpose p : {LinkPurpose::kConfirm, LinkPurpose::kUnsubscribe, LinkPurpose::kManage})
    EXPECT_EQ(ParseLinkPurpose(LinkPurposeName(p)), p);
  EXPECT_FALSE(ParseLinkPurpose("Confirm").has_value());
}

TEST(SubscriptionId, Rule) {
  EXPECT_TRUE(IsSubscriptionId("a"));
  EXPECT_TRUE(IsSubscriptionId(std::string(64, '7')));
  EXPECT_FALSE(IsSubscriptionId(""));
  EXPECT_FALSE(IsSubscriptionId(std::string(65, '7')));
  EXPECT_FALSE(IsSubscriptionId("Abc"));
  EXPECT_FALSE(IsSubscriptionId("a.b"));
}

}  // namespace
}  // namespace followup::notify
