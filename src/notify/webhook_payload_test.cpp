#include "notify/webhook_payload.h"

#include <gtest/gtest.h>

namespace followup::notify {
namespace {

// Expected written out by hand: the level words are those of status.md
// (Driftstörning / Outage), times in UTC.
TEST(WebhookPayload, LevelChangedNamesBothLevelsAndLinksThePages) {
  LevelChange c;
  c.id = "parkering/outage/2026-12-02T08:05:00Z/1";
  c.service_id = "parkering";
  c.from = StatusLevel::kOperational;
  c.to = StatusLevel::kOutage;
  c.since = *ParseRfc3339("2026-12-02T08:05:00Z");
  EXPECT_EQ(
      LevelChangedPayload(c, "Parkeringstillstånd \"boende\"", *ParseRfc3339("2026-12-02T08:08:00Z"),
                          "https://start.stockholm"),
      "{\"type\":\"service.level_changed\",\"timestamp\":\"2026-12-02T08:08:00Z\",\"data\":{"
      "\"id\":\"parkering/outage/2026-12-02T08:05:00Z/1\",\"service_id\":\"parkering\","
      "\"service_name\":\"Parkeringstillstånd \\\"boende\\\"\",\"from\":\"operational\",\"to\":\"outage\","
      "\"from_sv\":\"Fungerar normalt\",\"to_sv\":\"Driftstörning\",\"from_en\":\"Operating normally\","
      "\"to_en\":\"Outage\",\"since\":\"2026-12-02T08:05:00Z\","
      "\"url_sv\":\"https://start.stockholm/driftinformation/parkering/historik\","
      "\"url_en\":\"https://start.stockholm/en/status/parkering\"}}");
}

}  // namespace
}  // namespace followup::notify
