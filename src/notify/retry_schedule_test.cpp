#include "notify/retry_schedule.h"

#include <gtest/gtest.h>

#include <set>

namespace followup::notify {
namespace {

constexpr TimeMs kT0 = 1'764'662'400'000;  // 2025-12-02T08:00:00Z
constexpr TimeMs kHour = 3600 * 1000;

TEST(RetrySchedule, FirstRetryAfterAboutFiveSeconds) {
  TimeMs next = *NextAttemptAt(1, kT0, "msg_1");
  EXPECT_GE(next - kT0, 4500);
  EXPECT_LE(next - kT0, 5500);
}

TEST(RetrySchedule, SecondRetryAfterAboutFiveMinutes) {
  TimeMs next = *NextAttemptAt(2, kT0, "msg_1");
  EXPECT_GE(next - kT0, 270'000);
  EXPECT_LE(next - kT0, 330'000);
}

TEST(RetrySchedule, EightFailuresGiveUp) { EXPECT_FALSE(NextAttemptAt(8, kT0, "msg_1").has_value()); }

TEST(RetrySchedule, SevenFailuresStillRetry) { EXPECT_TRUE(NextAttemptAt(7, kT0, "msg_1").has_value()); }

// Whatever the jitter, the attempts span more than 24 hours before giving up.
TEST(RetrySchedule, RetriesForMoreThanADay) {
  for (const char* seed : {"a", "b", "c", "msg_p5jXN8AQM9LWM0D4loKWxJek", "x/y"}) {
    TimeMs t = kT0;
    int failed = 1;
    while (auto next = NextAttemptAt(failed, t, seed)) {
      t = *next;
      ++failed;
    }
    EXPECT_EQ(failed, kMaxDeliveryAttempts) << seed;
    EXPECT_GT(t - kT0, 24 * kHour) << seed;
  }
}

TEST(RetrySchedule, TheSameSeedGivesTheSameTime) {
  EXPECT_EQ(*NextAttemptAt(3, kT0, "msg_1"), *NextAttemptAt(3, kT0, "msg_1"));
}

TEST(RetrySchedule, DifferentMessagesSpreadOut) {
  std::set<TimeMs> times;
  for (int i = 0; i < 20; ++i) times.insert(*NextAttemptAt(4, kT0, "msg_" + std::to_string(i)));
  EXPECT_GT(times.size(), 10u);
}

TEST(RetrySchedule, NoAttemptBeforeTheFirstFailure) {
  EXPECT_FALSE(NextAttemptAt(0, kT0, "msg_1").has_value());
}

}  // namespace
}  // namespace followup::notify
