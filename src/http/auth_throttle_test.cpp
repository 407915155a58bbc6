// The per-client throttle of failed admin attempts, with a hand-driven clock.
// burst 3 in a window of 3 s: one failure's worth of time is 1 s, and a
// client is blocked while its theoretical arrival time is more than 2 s
// ahead of now.
#include "http/auth_throttle.h"

#include <gtest/gtest.h>

namespace followup::http {
namespace {

ClientKey Client(uint64_t v4) { return ClientKey{false, v4}; }

class Throttle : public ::testing::Test {
 protected:
  AuthThrottle Make(size_t max_clients = 100) {
    return AuthThrottle(AuthThrottle::Options{3, 3000, max_clients}, [this] { return now_; });
  }
  TimeMs now_ = 1'000'000;
};

TEST_F(Throttle, BurstFailuresThenBlockedUntilOneIsEarned) {
  AuthThrottle t = Make();
  const ClientKey a = Client(1);
  EXPECT_EQ(t.RetryAfterSeconds(a), 0);
  t.Fail(a);
  t.Fail(a);
  EXPECT_EQ(t.RetryAfterSeconds(a), 0);  // 2 of 3
  t.Fail(a);
  // tat = now + 3 s; blocked for 3 s - 2 s = 1 s.
  EXPECT_EQ(t.RetryAfterSeconds(a), 1);
  now_ += 999;
  EXPECT_EQ(t.RetryAfterSeconds(a), 1);  // 1 ms left, rounded up to a whole second
  now_ += 1;
  EXPECT_EQ(t.RetryAfterSeconds(a), 0);
  t.Fail(a);  // tat = start + 4 s, now = start + 1 s: blocked 1 s again
  EXPECT_EQ(t.RetryAfterSeconds(a), 1);
}

TEST_F(Throttle, WaitGrowsWithFailuresMadeWhileAllowed) {
  AuthThrottle t = Make();
  const ClientKey a = Client(1);
  for (int i = 0; i < 3; ++i) t.Fail(a);
  // Failures recorded while blocked (not counted by the server, which refuses
  // first) would push the time: 5 failures at once make tat = now + 5 s.
  t.Fail(a);
  t.Fail(a);
  EXPECT_EQ(t.RetryAfterSeconds(a), 3);
}

TEST_F(Throttle, OtherClientsAreNotAffected) {
  AuthThrottle t = Make();
  for (int i = 0; i < 3; ++i) t.Fail(Client(1));
  EXPECT_EQ(t.RetryAfterSeconds(Client(1)), 1);
  EXPECT_EQ(t.RetryAfterSeconds(Client(2)), 0);
  EXPECT_EQ(t.RetryAfterSeconds(ClientKey{true, 1}), 0);  // the IPv6 /64 with the same bits
}

TEST_F(Throttle, AFullAllowanceIsForgotten) {
  AuthThrottle t = Make(1);
  t.Fail(Client(1));
  EXPECT_EQ(t.tracked(), 1u);
  now_ += 1000;  // client 1's allowance is full again
  t.Fail(Client(2));
  EXPECT_EQ(t.tracked(), 1u);
  EXPECT_EQ(t.RetryAfterSeconds(Client(1)), 0);
}

// At most max_clients are tracked; beyond them the untracked share one allowance.
TEST_F(Throttle, MemoryIsBoundedAndTheRestShareOneAllowance) {
  AuthThrottle t = Make(2);
  t.Fail(Client(1));
  t.Fail(Client(2));
  for (uint64_t c = 3; c < 1000; ++c) t.Fail(Client(c));
  EXPECT_EQ(t.tracked(), 2u);
  EXPECT_GT(t.RetryAfterSeconds(Client(5000)), 0);  // untracked, and the shared allowance is used up
  EXPECT_EQ(t.RetryAfterSeconds(Client(1)), 0);     // tracked: its own allowance
  now_ += 1000;  // clients 1 and 2 are forgotten; a new client gets its own entry
  EXPECT_EQ(t.RetryAfterSeconds(Client(5000)), 0);
  t.Fail(Client(5000));
  EXPECT_EQ(t.tracked(), 1u);
}

}  // namespace
}  // namespace followup::http
