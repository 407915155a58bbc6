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

// Expected written out by hand from the header: the winning revision as the
// status API shows it, no English text as null.
TEST(WebhookPayload, AnAnnouncementCarriesItsRevisionServicesAndTexts) {
  ServiceStatus parkering;
  parkering.service_id = "parkering";
  parkering.name = "Parkeringstillstånd";
  AnnouncementInfo info;
  info.a.announcement_id = "uppgradering-1";
  info.a.kind = AnnouncementKind::kPlannedMaintenance;
  info.a.revision = 2;
  info.a.state = AnnouncementState::kScheduled;
  info.a.starts_at = *ParseRfc3339("2026-12-05T21:00:00Z");
  info.a.ends_at = *ParseRfc3339("2026-12-05T23:00:00Z");
  info.a.title_sv = "Planerat underhåll";
  info.a.body_sv = "Tjänsten är stängd <b>två</b> timmar.";
  info.services = {0};
  AnnouncementChange c{"uppgradering-1/reminder/2026-12-05T21:00:00Z", AnnouncementChange::What::kReminder,
                       0};
  EXPECT_EQ(
      AnnouncementPayload(c, info, {parkering}, *ParseRfc3339("2026-12-04T21:00:00Z"),
                          "https://start.stockholm"),
      "{\"type\":\"maintenance.reminder\",\"timestamp\":\"2026-12-04T21:00:00Z\",\"data\":{"
      "\"id\":\"uppgradering-1/reminder/2026-12-05T21:00:00Z\",\"announcement_id\":\"uppgradering-1\","
      "\"kind\":\"planned_maintenance\",\"state\":\"scheduled\",\"revision\":2,"
      "\"services\":[{\"service_id\":\"parkering\",\"service_name\":\"Parkeringstillstånd\"}],"
      "\"title_sv\":\"Planerat underhåll\",\"body_sv\":\"Tjänsten är stängd \\u003cb\\u003etvå\\u003c/b\\u003e timmar.\","
      "\"title_en\":null,\"body_en\":null,\"starts_at\":\"2026-12-05T21:00:00Z\","
      "\"ends_at\":\"2026-12-05T23:00:00Z\",\"url_sv\":\"https://start.stockholm/driftinformation\","
      "\"url_en\":\"https://start.stockholm/en/status\"}}");
}

}  // namespace
}  // namespace followup::notify
