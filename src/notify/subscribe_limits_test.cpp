// The sliding windows of subscription requests, at their edges.
#include "notify/subscribe_limits.h"

#include <gtest/gtest.h>

#include "common/sha256.h"

namespace followup::notify {
namespace {

const TimeMs kT0 = 1'000'000'000;

TEST(SubscribeLimits, AHundredAMinuteInTotalWhateverTheClients) {
  SubscribeLimits l;
  for (int i = 0; i < 100; ++i) ASSERT_EQ(l.TakeClient("c" + std::to_string(i), kT0 + i), 0);
  EXPECT_EQ(l.TakeClient("another", kT0 + 100), 60);
  // The first leaves the window 60 s after it was taken.
  EXPECT_EQ(l.TakeClient("another", kT0 + 60'000), 0);
}

TEST(SubscribeLimits, ARefusedRequestCountsInNoWindow) {
  SubscribeLimits::Options o;
  o.client = {1, 1000};
  SubscribeLimits l(o);
  ASSERT_EQ(l.TakeClient("c", kT0), 0);
  EXPECT_EQ(l.TakeClient("c", kT0 + 500), 1);
  EXPECT_EQ(l.TakeClient("c", kT0 + 999), 1);
  EXPECT_EQ(l.TakeClient("c", kT0 + 1000), 0);
}

TEST(SubscribeLimits, TheAddressKeyIsTheHashOfTheLowerCasedAddress) {
  // SHA-256 of "anna@example.se", lower-cased before hashing.
  EXPECT_EQ(SubscribeLimits::AddressKey("Anna@Example.SE"), Sha256Hex("anna@example.se"));
  EXPECT_EQ(SubscribeLimits::AddressKey("Anna@Example.SE").find("anna"), std::string::npos);
}

TEST(SubscribeLimits, ThreeADayPerAddress) {
  SubscribeLimits l;
  for (int i = 0; i < 3; ++i) ASSERT_EQ(l.TakeAddress("a@example.se", kT0 + i * 1000), 0);
  EXPECT_EQ(l.TakeAddress("A@EXAMPLE.SE", kT0 + 3000), 86400 - 3);
  EXPECT_EQ(l.TakeAddress("b@example.se", kT0 + 3000), 0);
  EXPECT_EQ(l.TakeAddress("a@example.se", kT0 + 86'400'000), 0);
}

}  // namespace
}  // namespace followup::notify
