// The contract's instant rule (instant.h).
#include "events/instant.h"

#include <gtest/gtest.h>

namespace followup {
namespace {

TEST(Instant, AnOffsetTimestampIsParsed) {
  TimeMs t = -1;
  EXPECT_EQ(ParseInstant("2026-11-26T11:00:00+01:00", &t), InstantCheck::kOk);
  EXPECT_EQ(t, ParseRfc3339("2026-11-26T10:00:00Z"));
}

TEST(Instant, TheFirstSupportedInstantIsTheEpoch) {
  TimeMs t = -1;
  EXPECT_EQ(ParseInstant("1970-01-01T00:00:00Z", &t), InstantCheck::kOk);
  EXPECT_EQ(t, 0);
}

TEST(Instant, TheLastMillisecondOf2200IsSupported) {
  TimeMs t = -1;
  EXPECT_EQ(ParseInstant("2200-12-31T23:59:59.999Z", &t), InstantCheck::kOk);
  EXPECT_EQ(t, kEndInstant - 1);
}

TEST(Instant, TheEndIsTheFirstInstantOf2201) {
  // 2201-01-01 is day 84371 of the epoch: 231 years of 365 days plus 56 leap days
  // (1972..2196 every 4 years, without 2100).
  EXPECT_EQ(kEndInstant, (int64_t{231} * 365 + 56) * 86'400'000);
  TimeMs t = -1;
  EXPECT_EQ(ParseInstant("2201-01-01T00:00:00Z", &t), InstantCheck::kOutOfRange);
  EXPECT_EQ(t, -1);
}

TEST(Instant, BeforeTheEpochIsOutOfRange) {
  TimeMs t = -1;
  EXPECT_EQ(ParseInstant("1969-12-31T23:59:59Z", &t), InstantCheck::kOutOfRange);
}

TEST(Instant, LocalTimeWithoutAnOffsetIsNotRfc3339) {
  TimeMs t = -1;
  EXPECT_EQ(ParseInstant("2026-11-26T10:00:00", &t), InstantCheck::kNotRfc3339);
  EXPECT_EQ(t, -1);
}

TEST(Instant, AnImpossibleDateIsNotRfc3339) {
  TimeMs t = -1;
  EXPECT_EQ(ParseInstant("2026-02-30T10:00:00Z", &t), InstantCheck::kNotRfc3339);
}

}  // namespace
}  // namespace followup
