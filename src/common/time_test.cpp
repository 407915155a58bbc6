#include "common/time.h"

#include <gtest/gtest.h>

namespace followup {
namespace {

TimeMs At(const char* s) { return *ParseRfc3339(s); }

TEST(Rfc3339, AcceptsZuluAndOffsets) {
  EXPECT_EQ(At("2026-11-26T10:00:00Z"), At("2026-11-26T11:00:00+01:00"));
  EXPECT_EQ(At("2026-11-26T10:00:00.250Z") - At("2026-11-26T10:00:00Z"), 250);
  EXPECT_EQ(At("1970-01-01T00:00:00Z"), 0);
}

TEST(Rfc3339, RejectsMissingOffset) { EXPECT_FALSE(ParseRfc3339("2026-11-26T10:00:30")); }
TEST(Rfc3339, RejectsImpossibleDate) { EXPECT_FALSE(ParseRfc3339("2026-02-30T10:00:00Z")); }
TEST(Rfc3339, RejectsHour24) { EXPECT_FALSE(ParseRfc3339("2026-02-03T24:00:00Z")); }
TEST(Rfc3339, RejectsTrailingJunk) { EXPECT_FALSE(ParseRfc3339("2026-02-03T10:00:00Zx")); }
TEST(Rfc3339, RejectsEmptyFraction) { EXPECT_FALSE(ParseRfc3339("2026-02-03T10:00:00.Z")); }
TEST(Rfc3339, AcceptsLeapDay) { EXPECT_TRUE(ParseRfc3339("2028-02-29T10:00:00Z")); }

TEST(Rfc3339, FormatsUtc) {
  EXPECT_EQ(FormatRfc3339Utc(At("2026-11-26T11:00:00+01:00")), "2026-11-26T10:00:00Z");
}

// Spec: 2026Q1 has 129,540 minutes (DST starts 29 Mar), 2026Q4 has 132,540
// (DST ends 25 Oct, one hour longer).
// RFC 5322 section 3.3; the weekdays from the calendar (1 January 1970 was a
// Thursday, 2 December 2026 is a Wednesday, 29 February 2028 a Tuesday).
TEST(Rfc5322Date, FormatsTheEpoch) { EXPECT_EQ(FormatRfc5322Utc(0), "Thu, 01 Jan 1970 00:00:00 +0000"); }

TEST(Rfc5322Date, FormatsInUtcWithTwoDigitDay) {
  EXPECT_EQ(FormatRfc5322Utc(At("2026-12-02T07:28:27.999+01:00")), "Wed, 02 Dec 2026 06:28:27 +0000");
}

TEST(Rfc5322Date, FormatsALeapDay) {
  EXPECT_EQ(FormatRfc5322Utc(At("2028-02-29T23:59:59Z")), "Tue, 29 Feb 2028 23:59:59 +0000");
}

TEST(Quarter, DstQuarterLengths) {
  EXPECT_EQ(QuarterMinutes(*ParseQuarter("2026Q1")), 129540);
  EXPECT_EQ(QuarterMinutes(*ParseQuarter("2026Q4")), 132540);
  // Q2: 91 days of summer time, Q3: 92 days.
  EXPECT_EQ(QuarterMinutes(*ParseQuarter("2026Q2")), 91 * 1440);
  EXPECT_EQ(QuarterMinutes(*ParseQuarter("2026Q3")), 92 * 1440);
}

TEST(Quarter, BoundaryIsLocalMidnight) {
  QuarterId q3 = *ParseQuarter("2026Q3");
  QuarterId q4 = *ParseQuarter("2026Q4");
  // 1 Oct 00:00 CEST = 30 Sep 22:00 UTC.
  EXPECT_EQ(QuarterOf(At("2026-09-30T21:59:59Z")), q3);
  EXPECT_EQ(QuarterOf(At("2026-09-30T22:00:00Z")), q4);
  EXPECT_EQ(QuarterStart(q4), At("2026-10-01T00:00:00+02:00"));
}

TEST(Quarter, NamesRoundTrip) {
  EXPECT_EQ(QuarterName(*ParseQuarter("2026Q3")), "2026Q3");
  EXPECT_FALSE(ParseQuarter("2026Q5"));
  EXPECT_FALSE(ParseQuarter("2026q1"));
  EXPECT_FALSE(ParseQuarter("26Q1"));
  EXPECT_EQ(QuarterOfMonth(2026, 10), *ParseQuarter("2026Q4"));
}

TEST(Night, LocalHours) {
  EXPECT_TRUE(IsNight(At("2026-11-26T21:00:00Z")));   // 22:00 CET
  EXPECT_FALSE(IsNight(At("2026-11-26T20:59:00Z")));  // 21:59 CET
  EXPECT_TRUE(IsNight(At("2026-07-01T03:59:00Z")));   // 05:59 CEST
  EXPECT_FALSE(IsNight(At("2026-07-01T04:00:00Z")));  // 06:00 CEST
}

TEST(Night, CountsAcrossDstEnd) {
  // 24 Oct 2026 22:00 CEST (20:00Z) to 25 Oct 06:00 CET (05:00Z): 9 real hours,
  // all at night because the clock goes back 03:00 -> 02:00.
  EXPECT_EQ(NightMinutesIn(At("2026-10-24T20:00:00Z"), At("2026-10-25T05:00:00Z")), 540);
  EXPECT_EQ(MinutesIn(At("2026-10-24T20:00:00Z"), At("2026-10-25T05:00:00Z")), 540);
}

TEST(Night, PartialMinutes) {
  // Minutes whose start lies in [22:00:30, 22:02:00) local: only 22:01.
  EXPECT_EQ(MinutesIn(At("2026-11-26T21:00:30Z"), At("2026-11-26T21:02:00Z")), 1);
  EXPECT_EQ(NightMinutesIn(At("2026-11-26T20:58:00Z"), At("2026-11-26T21:02:00Z")), 2);
}

TEST(Swedish, FormatsLikeSwedes) {
  EXPECT_EQ(FormatSwedish(At("2026-11-26T21:00:00Z")), "26 nov 2026 kl. 22:00");
  EXPECT_EQ(FormatSwedish(At("2026-07-01T08:05:00Z")), "1 jul 2026 kl. 10:05");
}

}  // namespace
}  // namespace followup

namespace followup {
namespace {

// 2026: summer time starts Sunday 29 March (02:00 CET -> 03:00 CEST, 01:00 UTC)
// and ends Sunday 25 October (03:00 CEST -> 02:00 CET, 01:00 UTC).
TEST(StockholmDay, TwentyThreeHoursInMarch) {
  LocalDay d = StockholmDayOf(*ParseRfc3339("2026-03-29T12:00:00Z"));
  EXPECT_EQ(FormatLocalDate(d), "2026-03-29");
  EXPECT_EQ(d.start, *ParseRfc3339("2026-03-28T23:00:00Z"));  // 00:00 CET
  EXPECT_EQ(d.end, *ParseRfc3339("2026-03-29T22:00:00Z"));    // 00:00 CEST
  EXPECT_EQ(d.end - d.start, 23 * 3600 * 1000LL);
}

TEST(StockholmDay, TwentyFiveHoursInOctober) {
  LocalDay d = StockholmDayOf(*ParseRfc3339("2026-10-25T22:59:59Z"));  // 23:59:59 CET
  EXPECT_EQ(FormatLocalDate(d), "2026-10-25");
  EXPECT_EQ(d.start, *ParseRfc3339("2026-10-24T22:00:00Z"));
  EXPECT_EQ(d.end, *ParseRfc3339("2026-10-25T23:00:00Z"));
  EXPECT_EQ(d.end - d.start, 25 * 3600 * 1000LL);
}

TEST(StockholmDay, AddCrossesMonthsAndDst) {
  LocalDay d = StockholmDayOf(*ParseRfc3339("2026-11-01T00:30:00+01:00"));
  EXPECT_EQ(FormatLocalDate(d), "2026-11-01");
  LocalDay back = StockholmDayAdd(d, -8);
  EXPECT_EQ(FormatLocalDate(back), "2026-10-24");
  EXPECT_EQ(back.start, *ParseRfc3339("2026-10-23T22:00:00Z"));
  EXPECT_EQ(FormatLocalDate(StockholmDayAdd(d, 61)), "2027-01-01");
  // The instant of local midnight belongs to the day it starts.
  EXPECT_EQ(FormatLocalDate(StockholmDayOf(d.start)), "2026-11-01");
  EXPECT_EQ(FormatLocalDate(StockholmDayOf(d.start - 1)), "2026-10-31");
}

}  // namespace
}  // namespace followup

namespace followup {
namespace {

int64_t HourAt(const char* rfc3339) { return *ParseRfc3339(rfc3339) / (60 * kMsPerMinute); }

TEST(BetweenStockholmAndUtcMidnight, WinterIsTheLastHourOfTheUtcDay) {
  EXPECT_TRUE(BetweenStockholmAndUtcMidnight(HourAt("2026-12-03T23:00:00Z")));
  EXPECT_FALSE(BetweenStockholmAndUtcMidnight(HourAt("2026-12-03T22:00:00Z")));
  EXPECT_FALSE(BetweenStockholmAndUtcMidnight(HourAt("2026-12-04T00:00:00Z")));
}

TEST(BetweenStockholmAndUtcMidnight, SummerIsTheLastTwoHours) {
  EXPECT_TRUE(BetweenStockholmAndUtcMidnight(HourAt("2026-07-01T22:00:00Z")));
  EXPECT_TRUE(BetweenStockholmAndUtcMidnight(HourAt("2026-07-01T23:00:00Z")));
  EXPECT_FALSE(BetweenStockholmAndUtcMidnight(HourAt("2026-07-01T21:00:00Z")));
}

// 25 October 2026, the local day of 25 hours: it starts at 22:00 UTC the day
// before (summer time) and ends at 23:00 UTC (winter time).
TEST(BetweenStockholmAndUtcMidnight, FollowsTheOffsetOfTheLocalMidnight) {
  EXPECT_TRUE(BetweenStockholmAndUtcMidnight(HourAt("2026-10-24T22:00:00Z")));
  EXPECT_FALSE(BetweenStockholmAndUtcMidnight(HourAt("2026-10-25T22:00:00Z")));
  EXPECT_TRUE(BetweenStockholmAndUtcMidnight(HourAt("2026-10-25T23:00:00Z")));
}

}  // namespace
}  // namespace followup
