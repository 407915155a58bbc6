#include "notify/level_changes.h"

#include <gtest/gtest.h>

namespace followup::notify {
namespace {

constexpr TimeMs kMin = 60 * 1000;
const TimeMs kT0 = *ParseRfc3339("2026-12-02T08:00:00Z");

ServiceStatus S(const std::string& id, StatusLevel level, TimeMs since) {
  ServiceStatus s;
  s.service_id = id;
  s.level = level;
  s.since = since;
  return s;
}

TEST(LevelChanges, TheFirstObservationTellsNothing) {
  LevelChangeDetector d;
  EXPECT_TRUE(d.Observe(kT0, {S("a", StatusLevel::kOutage, kT0 - 60 * kMin)}).empty());
}

TEST(LevelChanges, AChangeIsToldOnceItHasHeldThreeMinutes) {
  LevelChangeDetector d;
  ASSERT_TRUE(d.Observe(kT0, {S("a", StatusLevel::kOperational, kT0 - 60 * kMin)}).empty());
  TimeMs down = kT0 + 5 * kMin;
  EXPECT_TRUE(d.Observe(down + 2 * kMin, {S("a", StatusLevel::kOutage, down)}).empty());
  auto changes = d.Observe(down + 3 * kMin, {S("a", StatusLevel::kOutage, down)});
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].id, "a/outage/2026-12-02T08:05:00Z/1");
  EXPECT_EQ(changes[0].from, StatusLevel::kOperational);
  EXPECT_EQ(changes[0].to, StatusLevel::kOutage);
  EXPECT_EQ(changes[0].since, down);
}

TEST(LevelChanges, AChangeIsToldOnlyOnce) {
  LevelChangeDetector d;
  ASSERT_TRUE(d.Observe(kT0, {S("a", StatusLevel::kOperational, kT0 - 60 * kMin)}).empty());
  ASSERT_EQ(d.Observe(kT0 + 10 * kMin, {S("a", StatusLevel::kOutage, kT0)}).size(), 1u);
  EXPECT_TRUE(d.Observe(kT0 + 11 * kMin, {S("a", StatusLevel::kOutage, kT0)}).empty());
}

TEST(LevelChanges, AFlapShorterThanTheSettleTimeTellsNothing) {
  LevelChangeDetector d;
  ASSERT_TRUE(d.Observe(kT0, {S("a", StatusLevel::kOperational, kT0 - 60 * kMin)}).empty());
  EXPECT_TRUE(d.Observe(kT0 + 2 * kMin, {S("a", StatusLevel::kOutage, kT0 + kMin)}).empty());
  EXPECT_TRUE(d.Observe(kT0 + 10 * kMin, {S("a", StatusLevel::kOperational, kT0 + 3 * kMin)}).empty());
}

TEST(LevelChanges, TheRecoveryIsToldToo) {
  LevelChangeDetector d;
  ASSERT_TRUE(d.Observe(kT0, {S("a", StatusLevel::kOperational, kT0 - 60 * kMin)}).empty());
  ASSERT_EQ(d.Observe(kT0 + 10 * kMin, {S("a", StatusLevel::kOutage, kT0)}).size(), 1u);
  auto changes = d.Observe(kT0 + 30 * kMin, {S("a", StatusLevel::kOperational, kT0 + 20 * kMin)});
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].from, StatusLevel::kOutage);
  EXPECT_EQ(changes[0].to, StatusLevel::kOperational);
  EXPECT_EQ(changes[0].id, "a/operational/2026-12-02T08:20:00Z/2");
}

TEST(LevelChanges, HowOftenItIsAskedDoesNotMatter) {
  LevelChangeDetector often, once;
  std::vector<ServiceStatus> before = {S("a", StatusLevel::kOperational, kT0 - 60 * kMin)};
  ASSERT_TRUE(often.Observe(kT0, before).empty());
  ASSERT_TRUE(once.Observe(kT0, before).empty());
  std::vector<LevelChange> told;
  for (int m = 1; m <= 20; ++m) {
    auto c = often.Observe(kT0 + m * kMin, {S("a", StatusLevel::kDegraded, kT0 + 4 * kMin)});
    told.insert(told.end(), c.begin(), c.end());
  }
  auto at_once = once.Observe(kT0 + 20 * kMin, {S("a", StatusLevel::kDegraded, kT0 + 4 * kMin)});
  ASSERT_EQ(told.size(), 1u);
  ASSERT_EQ(at_once.size(), 1u);
  EXPECT_EQ(told[0].id, at_once[0].id);
}

TEST(LevelChanges, AServiceAddedLaterStartsWithoutAMessage) {
  LevelChangeDetector d;
  ASSERT_TRUE(d.Observe(kT0, {S("a", StatusLevel::kOperational, kT0 - 60 * kMin)}).empty());
  EXPECT_TRUE(d.Observe(kT0 + 10 * kMin, {S("a", StatusLevel::kOperational, kT0 - 60 * kMin),
                                          S("b", StatusLevel::kUnknown, kT0)})
                  .empty());
}

TEST(LevelChanges, ALevelHeldBeyondTheSearchBoundHasSettled) {
  LevelChangeDetector d;
  ASSERT_TRUE(d.Observe(kT0, {S("a", StatusLevel::kOperational, kT0 - 60 * kMin)}).empty());
  ServiceStatus s = S("a", StatusLevel::kOutage, kT0 + kMin);
  s.since_lower_bound = true;
  EXPECT_EQ(d.Observe(kT0 + kMin, {s}).size(), 1u);
}

TEST(LevelChanges, UnknownIsNeverTold) {
  LevelChangeDetector d;
  ASSERT_TRUE(d.Observe(kT0, {S("a", StatusLevel::kOperational, kT0 - 60 * kMin)}).empty());
  EXPECT_TRUE(d.Observe(kT0 + 30 * kMin, {S("a", StatusLevel::kUnknown, kT0)}).empty());
  EXPECT_EQ(d.told().at("a").level, StatusLevel::kOperational);
}

TEST(LevelChanges, AfterUnknownTheKnownLevelIsComparedWithTheLastTold) {
  LevelChangeDetector d;
  ASSERT_TRUE(d.Observe(kT0, {S("a", StatusLevel::kOperational, kT0 - 60 * kMin)}).empty());
  ASSERT_TRUE(d.Observe(kT0 + 30 * kMin, {S("a", StatusLevel::kUnknown, kT0)}).empty());
  // Back to what was told: nothing to tell.
  EXPECT_TRUE(d.Observe(kT0 + 60 * kMin, {S("a", StatusLevel::kOperational, kT0 + 40 * kMin)}).empty());
  // Unknown, then down: the change from operational is told.
  ASSERT_TRUE(d.Observe(kT0 + 70 * kMin, {S("a", StatusLevel::kUnknown, kT0 + 65 * kMin)}).empty());
  auto changes = d.Observe(kT0 + 90 * kMin, {S("a", StatusLevel::kOutage, kT0 + 80 * kMin)});
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].from, StatusLevel::kOperational);
  EXPECT_EQ(changes[0].to, StatusLevel::kOutage);
}

TEST(LevelChanges, AServiceFirstSeenUnknownGetsItsBaselineWhenKnown) {
  LevelChangeDetector d;
  ASSERT_TRUE(d.Observe(kT0, {S("a", StatusLevel::kUnknown, kT0)}).empty());
  EXPECT_TRUE(d.Observe(kT0 + 10 * kMin, {S("a", StatusLevel::kOutage, kT0 + kMin)}).empty());
  EXPECT_EQ(d.told().at("a").level, StatusLevel::kOutage);
}

TEST(LevelChanges, ARestoredDetectorTellsWhatChangedSinceTheLevelsItWasGiven) {
  LevelChangeDetector d(LevelChangeDetector::kDefaultSettleMs, {{"a", {StatusLevel::kOperational, 4}}});
  auto changes = d.Observe(kT0, {S("a", StatusLevel::kOutage, kT0 - 10 * kMin)});
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].id, "a/outage/2026-12-02T07:50:00Z/5");
  EXPECT_EQ(changes[0].from, StatusLevel::kOperational);
  EXPECT_EQ(d.told().at("a"), (ToldLevel{StatusLevel::kOutage, 5}));
}

// An incident resolved, then reopened: with hindsight the outage spans again
// from its start, the instant the first message named.
TEST(LevelChanges, AReopenedIncidentIsAChangeWithAnIdOfItsOwn) {
  LevelChangeDetector d;
  ASSERT_TRUE(d.Observe(kT0, {S("a", StatusLevel::kOperational, kT0 - 60 * kMin)}).empty());
  auto down = d.Observe(kT0 + 4 * kMin, {S("a", StatusLevel::kOutage, kT0 + kMin)});
  ASSERT_EQ(down.size(), 1u);
  ASSERT_EQ(d.Observe(kT0 + 20 * kMin, {S("a", StatusLevel::kOperational, kT0 + 10 * kMin)}).size(), 1u);
  auto again = d.Observe(kT0 + 30 * kMin, {S("a", StatusLevel::kOutage, kT0 + kMin)});
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(down[0].id, "a/outage/2026-12-02T08:01:00Z/1");
  EXPECT_EQ(again[0].id, "a/outage/2026-12-02T08:01:00Z/3");
  EXPECT_EQ(again[0].from, StatusLevel::kOperational);
}

TEST(LevelChanges, ADetectorRestoredWithNothingToldStartsWithABaseline) {
  LevelChangeDetector d(LevelChangeDetector::kDefaultSettleMs, {});
  EXPECT_TRUE(d.Observe(kT0, {S("a", StatusLevel::kOutage, kT0 - 10 * kMin)}).empty());
}

}  // namespace
}  // namespace followup::notify
