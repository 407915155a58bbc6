#include "notify/mail_texts.h"

#include <gtest/gtest.h>

#include "notify/webhook_payload.h"

namespace followup::notify {
namespace {

const std::string kKey(32, 'k');

EmailSubscription Anna(const char* language) {
  EmailSubscription s;
  s.id = "em-0123456789abcdef";
  s.address = "anna@example.se";
  s.language = language;
  s.confirmed = true;
  s.requested_at = *ParseRfc3339("2026-12-02T08:00:00Z");
  return s;
}

std::string LevelBody() {
  LevelChange c;
  c.id = "parkering/outage/2026-12-02T08:05:00Z/1";
  c.service_id = "parkering";
  c.from = StatusLevel::kOperational;
  c.to = StatusLevel::kOutage;
  c.since = *ParseRfc3339("2026-12-02T08:05:00Z");
  return LevelChangedPayload(c, "Parkering", *ParseRfc3339("2026-12-02T08:08:00Z"),
                             "https://start.stockholm");
}

TEST(MailTexts, ALevelChangeSaysTheServiceItsLevelAndSinceWhenInStockholmTime) {
  MailText m;
  ASSERT_TRUE(RenderMail(LevelBody(), Anna("sv"), "https://start.stockholm", kKey, &m).ok());
  EXPECT_EQ(m.subject, "Parkering: Driftstörning");
  // 08:05 UTC is 09:05 in Stockholm in December.
  EXPECT_EQ(
      m.text.rfind("Parkering har nu status: Driftstörning (sedan 2 dec 2026 kl. 09:05).\nTidigare: "
                   "Fungerar normalt.\n\nMer information: https://start.stockholm/driftinformation/parkering/"
                   "historik\n",
                   0),
      0u)
      << m.text;
  EXPECT_NE(
      m.text.find("Avsluta prenumerationen: https://start.stockholm/driftinformation/prenumerera/avsluta?t="),
      std::string::npos);
  EXPECT_EQ(m.unsubscribe_url.rfind(
                "https://start.stockholm/driftinformation/prenumerera/avsluta?t=unsubscribe.", 0),
            0u);
  EXPECT_EQ(m.text.find("anna@"), std::string::npos);
}

TEST(MailTexts, InEnglishForAnEnglishSubscriber) {
  MailText m;
  ASSERT_TRUE(RenderMail(LevelBody(), Anna("en"), "https://start.stockholm", kKey, &m).ok());
  EXPECT_EQ(m.subject, "Parkering: Outage");
  EXPECT_NE(m.text.find("End the subscription: https://start.stockholm/en/status/subscribe/unsubscribe?t="),
            std::string::npos);
}

TEST(MailTexts, TheConfirmationCarriesTheConfirmLinkAndNoUnsubscribeHeader) {
  EmailSubscription s = Anna("sv");
  s.confirmed = false;
  MailText m;
  ASSERT_TRUE(
      RenderMail(ConfirmationPayload(s, s.requested_at), s, "https://start.stockholm", kKey, &m).ok());
  EXPECT_EQ(m.subject, "Bekräfta prenumerationen på driftinformation");
  EXPECT_NE(
      m.text.find(
          "https://start.stockholm/driftinformation/prenumerera/bekrafta?t=confirm.em-0123456789abcdef."),
      std::string::npos);
  EXPECT_EQ(m.unsubscribe_url, "");
}

TEST(MailTexts, AnUnknownMessageIsRefused) {
  MailText m;
  EXPECT_FALSE(RenderMail("{\"type\":\"x\",\"data\":{}}", Anna("sv"), "https://x.se", kKey, &m).ok());
  EXPECT_FALSE(RenderMail("not json", Anna("sv"), "https://x.se", kKey, &m).ok());
}

}  // namespace
}  // namespace followup::notify
