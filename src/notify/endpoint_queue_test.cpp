#include "notify/endpoint_queue.h"

#include <gtest/gtest.h>

#include "notify/retry_schedule.h"

namespace followup::notify {
namespace {

constexpr TimeMs kT0 = 1'796'198'400'000;  // 2026-12-02T08:00:00Z

TEST(EndpointQueue, TheFirstQueuedIsDueFirst) {
  EndpointQueue q;
  ASSERT_TRUE(q.Push("a", "{}", kT0));
  ASSERT_TRUE(q.Push("b", "{}", kT0));
  ASSERT_NE(q.Due(kT0), nullptr);
  EXPECT_EQ(q.Due(kT0)->message_id, "a");
}

TEST(EndpointQueue, DeliveredGoesToTheNext) {
  EndpointQueue q;
  ASSERT_TRUE(q.Push("a", "{}", kT0));
  ASSERT_TRUE(q.Push("b", "{}", kT0));
  q.Delivered();
  ASSERT_NE(q.Due(kT0), nullptr);
  EXPECT_EQ(q.Due(kT0)->message_id, "b");
}

TEST(EndpointQueue, AFailureHoldsTheQueueUntilItsRetry) {
  EndpointQueue q;
  ASSERT_TRUE(q.Push("a", "{}", kT0));
  ASSERT_TRUE(q.Push("b", "{}", kT0));
  q.Failed(kT0, "the endpoint answered 500");
  TimeMs retry = *NextAttemptAt(1, kT0, "a");
  EXPECT_EQ(q.Due(retry - 1), nullptr);
  ASSERT_NE(q.Due(retry), nullptr);
  EXPECT_EQ(q.Due(retry)->message_id, "a");
  EXPECT_EQ(*q.NextAt(), retry);
}

TEST(EndpointQueue, TheSameMessageIsQueuedOnce) {
  EndpointQueue q;
  ASSERT_TRUE(q.Push("a", "{}", kT0));
  EXPECT_FALSE(q.Push("a", "{}", kT0));
  EXPECT_EQ(q.size(), 1u);
}

TEST(EndpointQueue, ADeliveredMessageMayBeQueuedAgain) {
  EndpointQueue q;
  ASSERT_TRUE(q.Push("a", "{}", kT0));
  q.Delivered();
  EXPECT_TRUE(q.Push("a", "{}", kT0));
}

TEST(EndpointQueue, EightFailuresDisableWithTheLastReason) {
  EndpointQueue q;
  ASSERT_TRUE(q.Push("a", "{}", kT0));
  TimeMs t = kT0;
  for (int i = 0; i < kMaxDeliveryAttempts; ++i) {
    ASSERT_NE(q.Due(t), nullptr) << i;
    q.Failed(t, "the endpoint answered " + std::to_string(500 + i));
    if (auto next = q.NextAt()) t = *next;
  }
  EXPECT_TRUE(q.disabled());
  EXPECT_EQ(q.disabled_reason(), "the endpoint answered 507");
  EXPECT_EQ(q.Due(t + 365LL * 24 * 3600 * 1000), nullptr);
  EXPECT_GT(t - kT0, 24LL * 3600 * 1000);
}

TEST(EndpointQueue, ADisabledEndpointTakesNothing) {
  EndpointQueue q;
  ASSERT_TRUE(q.Push("a", "{}", kT0));
  for (int i = 0; i < kMaxDeliveryAttempts; ++i) q.Failed(kT0, "down");
  ASSERT_TRUE(q.disabled());
  EXPECT_FALSE(q.Push("b", "{}", kT0));
}

TEST(EndpointQueue, EnabledAgainItTriesTheHeadAtOnce) {
  EndpointQueue q;
  ASSERT_TRUE(q.Push("a", "{}", kT0));
  for (int i = 0; i < kMaxDeliveryAttempts; ++i) q.Failed(kT0, "down");
  q.Enable(kT0 + 1000);
  ASSERT_NE(q.Due(kT0 + 1000), nullptr);
  EXPECT_EQ(q.Due(kT0 + 1000)->failed, 0);
  EXPECT_TRUE(q.Push("b", "{}", kT0 + 1000));
}

TEST(EndpointQueue, ARestoredItemKeepsItsFailuresAndItsTime) {
  EndpointQueue q;
  ASSERT_TRUE(q.Restore({"a", "{}", 3, kT0 + 1000, 7}));
  EXPECT_EQ(q.Due(kT0), nullptr);
  ASSERT_NE(q.Due(kT0 + 1000), nullptr);
  EXPECT_EQ(q.Due(kT0 + 1000)->failed, 3);
  EXPECT_EQ(q.Due(kT0 + 1000)->seq, 7);
}

TEST(EndpointQueue, ADisabledEndpointIsRestoredWithItsQueue) {
  EndpointQueue q;
  ASSERT_TRUE(q.Restore({"a", "{}", 8, kT0, 1}));
  q.Disable("the endpoint answered 500");
  EXPECT_TRUE(q.disabled());
  EXPECT_EQ(q.disabled_reason(), "the endpoint answered 500");
  EXPECT_EQ(q.size(), 1u);
  EXPECT_EQ(q.Due(kT0), nullptr);
}

TEST(EndpointQueue, TheSameMessageIsRestoredOnce) {
  EndpointQueue q;
  ASSERT_TRUE(q.Restore({"a", "{}", 0, kT0, 1}));
  EXPECT_FALSE(q.Restore({"a", "{}", 0, kT0, 1}));
}

}  // namespace
}  // namespace followup::notify
