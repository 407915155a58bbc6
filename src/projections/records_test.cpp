// Codec round trips of the projection records, with sums beyond 64 bits.
#include "projections/records.h"

#include <gtest/gtest.h>

#include <string>

#include "common/bytes.h"
#include "common/decimal.h"
#include "projections/availability.h"

namespace followup {
namespace {

// 2^63 - 1, and sums that only 128 bits hold:
//   2 * (2^63 - 1) = 18446744073709551614 (two usage.v1 of the largest cases)
//   10 * 10^18     = 10^19 micro-SEK      (ten cost.v1 of 10^12 SEK)
constexpr int64_t kMax64 = INT64_MAX;
constexpr ExactSum kTwiceMax = ExactSum(kMax64) * 2;
constexpr ExactSum kTenLimits = ExactSum(1'000'000'000'000'000'000) * 10;

ServiceQuarter Large() {
  ServiceQuarter q;
  q.usage_events = 3;
  q.usage_contact_digital = kTwiceMax;
  q.adoption_events = 2;
  q.adoption_licensed = kTwiceMax;
  q.adoption_active = kTwiceMax - 1;
  q.cost_events = 10;
  q.cost_total_micro = -kTenLimits;
  q.cost_portfolio_micro = kTenLimits;
  q.benefit_events = 1;
  q.benefit_realized_micro = kTenLimits + 1;
  q.benefit_hours_micro = ExactSum(1) << 100;
  q.probes = 7;
  q.probes_failed = 2;
  q.minutes_up = 4;
  q.minutes_degraded = 1;
  q.minutes_down = 1;
  q.usage_cases = {kTwiceMax, 10, -(ExactSum(1) << 70), 0};
  q.cost_by_kind_micro = {0, kTenLimits, -1, kMax64};
  q.survey_positive[1][2] = 3;
  q.survey_total[1][2] = 5;
  return q;
}

TEST(RecordServiceQuarter, RoundTripAbove64Bits) {
  const ServiceQuarter q = Large();
  ServiceQuarter back;
  ASSERT_TRUE(back.Decode(q.Encode()));
  EXPECT_EQ(back.usage_contact_digital, kTwiceMax);
  EXPECT_EQ(back.adoption_licensed, kTwiceMax);
  EXPECT_EQ(back.adoption_active, kTwiceMax - 1);
  EXPECT_EQ(back.cost_total_micro, -kTenLimits);
  EXPECT_EQ(back.cost_portfolio_micro, kTenLimits);
  EXPECT_EQ(back.benefit_realized_micro, kTenLimits + 1);
  EXPECT_EQ(back.benefit_hours_micro, ExactSum(1) << 100);
  EXPECT_EQ(back.usage_cases[0], kTwiceMax);
  EXPECT_EQ(back.usage_cases[2], -(ExactSum(1) << 70));
  EXPECT_EQ(back.cost_by_kind_micro[1], kTenLimits);
  EXPECT_EQ(back.cost_by_kind_micro[3], kMax64);
  EXPECT_EQ(back.probes, 7);
  EXPECT_EQ(back.survey_positive[1][2], 3);
  EXPECT_EQ(back.survey_total[1][2], 5);
  EXPECT_EQ(back.ToText(), q.ToText());
}

// The dump prints every digit: 10^19, 2^64 - 2, 2^100 = 1267650600228229401496703205376.
TEST(RecordServiceQuarter, TextIsExact) {
  const std::string t = Large().ToText();
  EXPECT_NE(t.find(" cost_total_micro=-10000000000000000000 "), std::string::npos) << t;
  EXPECT_NE(t.find(" adoption_licensed=18446744073709551614 "), std::string::npos) << t;
  EXPECT_NE(t.find(" benefit_hours_micro=1267650600228229401496703205376 "), std::string::npos) << t;
  EXPECT_NE(t.find(" usage_cases.digital=18446744073709551614 "), std::string::npos) << t;
}

// Every strict prefix of a valid encoding is refused, as is a byte too many.
TEST(RecordServiceQuarter, TruncatedOrLongerIsRefused) {
  const std::string bytes = Large().Encode();
  for (size_t n = 0; n < bytes.size(); ++n) {
    ServiceQuarter q;
    EXPECT_FALSE(q.Decode(std::string_view(bytes).substr(0, n))) << n;
  }
  ServiceQuarter q;
  EXPECT_FALSE(q.Decode(bytes + '\0'));
}

// A sum whose varint carries more than 128 bits is malformed.
TEST(RecordServiceQuarter, SumBeyond128BitsIsRefused) {
  std::string bytes;
  ByteWriter w(&bytes);
  w.U64(1);  // record version
  w.I64(1);  // usage_events
  bytes.append(18, '\xff');
  bytes.push_back('\x7f');  // usage_contact_digital: 133 bits
  ServiceQuarter q;
  EXPECT_FALSE(q.Decode(bytes));
}

// A value written before sums were 128 bits (all I64) reads unchanged.
// A 128-bit sum that fits int64 is written as the int64 varint was (the
// record header is version 2 since the catalog and counter records changed).
TEST(RecordServiceQuarter, Int64EncodingReadsUnchanged) {
  std::string bytes;
  ByteWriter w(&bytes);
  w.U64(2);
  for (int i = 0; i < 16 + 4 + 4 + 2 * 8 * 5; ++i) w.I64(i == 6 ? -42 : i);
  ServiceQuarter q;
  ASSERT_TRUE(q.Decode(bytes));
  EXPECT_EQ(q.cost_total_micro, -42);
  EXPECT_EQ(q.usage_events, 0);
  EXPECT_EQ(q.minutes_down, 15);
  EXPECT_EQ(q.usage_cases[0], 16);
  EXPECT_EQ(q.cost_by_kind_micro[3], 23);
}

// 2^32 passing probes of 10^12 us each: 4294967296000000000000 us.
TEST(RecordMinuteState, RoundTripAbove64Bits) {
  MinuteState m;
  m.locations.push_back(
      LocationCounts{"kista", uint64_t(1) << 32, UINT64_MAX, ExactSum(1'000'000'000'000) << 32});
  MinuteState back;
  ASSERT_TRUE(back.Decode(m.Encode()));
  ASSERT_EQ(back.locations.size(), 1u);
  EXPECT_EQ(back.locations[0].location, "kista");
  EXPECT_EQ(back.locations[0].passed, uint64_t(1) << 32);
  EXPECT_EQ(back.locations[0].failed, UINT64_MAX);
  EXPECT_EQ(FormatInt(back.locations[0].passed_latency_us), "4294967296000000000000");
}

// A minute whose summed passing latency passes int64: (2^63 - 1) us over one
// probe, then a passing probe of 10^12 us (10^9 ms, the largest latency).
//   sum  = 9223372036854775807 + 1000000000000 = 9223373036854775807
//   mean = 9223373036854775807 / 2 = 4611686518427387903 (truncated)
TEST(RecordMinuteState, LatencySumPastInt64) {
  MinuteState m;
  m.locations.push_back(LocationCounts{"kista", 1, 0, kMax64});
  ProbeEvent p;
  p.location = "kista";
  p.ok = true;
  p.latency_us = 1'000'000'000'000;
  AddProbe(&m, p);
  EXPECT_EQ(FormatInt(m.locations[0].passed_latency_us), "9223373036854775807");
  EXPECT_EQ(MeanPassingLatencyUs(m), 4611686518427387903);
}

}  // namespace
}  // namespace followup
