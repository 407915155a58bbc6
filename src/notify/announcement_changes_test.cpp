#include "notify/announcement_changes.h"

#include <gtest/gtest.h>

namespace followup::notify {
namespace {

constexpr TimeMs kMin = 60 * 1000, kHour = 60 * kMin;
const TimeMs kT0 = *ParseRfc3339("2026-12-02T08:00:00Z");
using What = AnnouncementChange::What;

AnnouncementInfo Maintenance(int64_t revision, TimeMs starts, TimeMs ends,
                             AnnouncementState state = AnnouncementState::kScheduled) {
  AnnouncementInfo i;
  i.a.announcement_id = "uppgradering";
  i.a.kind = AnnouncementKind::kPlannedMaintenance;
  i.a.revision = revision;
  i.a.state = state;
  i.a.starts_at = starts;
  i.a.ends_at = ends;
  i.a.service_ids = {"parkering"};
  return i;
}

AnnouncementInfo Incident(int64_t revision, AnnouncementState state) {
  AnnouncementInfo i;
  i.a.announcement_id = "inlogg";
  i.a.kind = AnnouncementKind::kIncident;
  i.a.revision = revision;
  i.a.state = state;
  i.a.starts_at = kT0 - 10 * kMin;
  if (state == AnnouncementState::kResolved) i.a.ends_at = kT0;
  i.a.service_ids = {"parkering"};
  return i;
}

// A detector that has seen nothing but has started (its first look was at an empty list).
AnnouncementChangeDetector Started() {
  AnnouncementChangeDetector d;
  EXPECT_TRUE(d.Observe(kT0 - kHour, {}).empty());
  return d;
}

TEST(AnnouncementChanges, TheFirstObservationTellsNothing) {
  AnnouncementChangeDetector d;
  EXPECT_TRUE(d.Observe(kT0, {Incident(1, AnnouncementState::kInvestigating)}).empty());
}

TEST(AnnouncementChanges, ANewAnnouncementIsPublished) {
  auto d = Started();
  auto c = d.Observe(kT0, {Incident(1, AnnouncementState::kInvestigating)});
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].id, "inlogg/r1");
  EXPECT_EQ(c[0].what, What::kPublished);
  EXPECT_STREQ(MessageType(c[0].what), "announcement.published");
}

TEST(AnnouncementChanges, ARevisionIsToldOnce) {
  auto d = Started();
  ASSERT_EQ(d.Observe(kT0, {Incident(1, AnnouncementState::kInvestigating)}).size(), 1u);
  auto c = d.Observe(kT0 + kMin, {Incident(2, AnnouncementState::kResolved)});
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].id, "inlogg/r2");
  EXPECT_EQ(c[0].what, What::kRevised);
  EXPECT_TRUE(d.Observe(kT0 + 2 * kMin, {Incident(2, AnnouncementState::kResolved)}).empty());
}

TEST(AnnouncementChanges, AMaintenanceIsRemindedStartedAndFinished) {
  auto d = Started();
  TimeMs starts = kT0 + 48 * kHour, ends = starts + 2 * kHour;
  ASSERT_EQ(d.Observe(kT0, {Maintenance(1, starts, ends)}).size(), 1u);  // published
  EXPECT_TRUE(d.Observe(starts - 24 * kHour - 1, {Maintenance(1, starts, ends)}).empty());
  auto remind = d.Observe(starts - 24 * kHour, {Maintenance(1, starts, ends)});
  ASSERT_EQ(remind.size(), 1u);
  EXPECT_EQ(remind[0].what, What::kReminder);
  EXPECT_EQ(remind[0].id, "uppgradering/reminder/2026-12-04T08:00:00Z");
  EXPECT_TRUE(d.Observe(starts - kHour, {Maintenance(1, starts, ends)}).empty());
  auto started = d.Observe(starts, {Maintenance(1, starts, ends)});
  ASSERT_EQ(started.size(), 1u);
  EXPECT_EQ(started[0].id, "uppgradering/started/2026-12-04T08:00:00Z");
  auto finished = d.Observe(ends, {Maintenance(1, starts, ends)});
  ASSERT_EQ(finished.size(), 1u);
  EXPECT_EQ(finished[0].what, What::kFinished);
  EXPECT_EQ(finished[0].id, "uppgradering/finished/2026-12-04T10:00:00Z");
}

TEST(AnnouncementChanges, AMaintenancePublishedWithinTheReminderTimeGetsNoReminder) {
  auto d = Started();
  TimeMs starts = kT0 + 2 * kHour;
  ASSERT_EQ(d.Observe(kT0, {Maintenance(1, starts, starts + kHour)}).size(), 1u);
  EXPECT_TRUE(d.Observe(kT0 + kMin, {Maintenance(1, starts, starts + kHour)}).empty());
}

TEST(AnnouncementChanges, ACancelledMaintenanceNeitherStartsNorFinishes) {
  auto d = Started();
  TimeMs starts = kT0 + 2 * kHour;
  ASSERT_EQ(d.Observe(kT0, {Maintenance(1, starts, starts + kHour)}).size(), 1u);
  auto c = d.Observe(kT0 + kMin, {Maintenance(2, starts, starts + kHour, AnnouncementState::kCancelled)});
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].what, What::kRevised);
  EXPECT_TRUE(
      d.Observe(starts + 2 * kHour, {Maintenance(2, starts, starts + kHour, AnnouncementState::kCancelled)})
          .empty());
}

TEST(AnnouncementChanges, ARestoredDetectorTellsWhatHappenedMeanwhile) {
  TimeMs starts = kT0 + kHour;
  AnnouncementChangeDetector d(AnnouncementChangeDetector::kDefaultRemindBeforeMs,
                               {{"uppgradering", {1, AnnouncementPhase::kUpcoming, true}}}, true);
  auto c = d.Observe(starts + kMin, {Maintenance(1, starts, starts + kHour)});
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].what, What::kStarted);
}

TEST(AnnouncementChanges, HowOftenItIsAskedDoesNotMatter) {
  TimeMs starts = kT0 + 30 * kHour, ends = starts + kHour;
  auto often = Started(), once = Started();
  ASSERT_EQ(often.Observe(kT0, {Maintenance(1, starts, ends)}).size(), 1u);
  ASSERT_EQ(once.Observe(kT0, {Maintenance(1, starts, ends)}).size(), 1u);
  std::vector<std::string> told;
  for (TimeMs t = kT0; t <= kT0 + 7 * kHour; t += kHour)
    for (const auto& c : often.Observe(t, {Maintenance(1, starts, ends)})) told.push_back(c.id);
  std::vector<std::string> at_once;
  for (const auto& c : once.Observe(kT0 + 7 * kHour, {Maintenance(1, starts, ends)})) at_once.push_back(c.id);
  EXPECT_EQ(told, at_once);
  EXPECT_EQ(told, std::vector<std::string>{"uppgradering/reminder/2026-12-03T14:00:00Z"});
}

}  // namespace
}  // namespace followup::notify
