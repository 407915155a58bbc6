#include "common/decimal.h"

#include <gtest/gtest.h>

namespace followup {
namespace {

TEST(FormatRatio, Integers) { EXPECT_EQ(FormatRatio(42, 1), "42"); }
TEST(FormatRatio, Zero) { EXPECT_EQ(FormatRatio(0, 7), "0"); }
TEST(FormatRatio, NegativeZeroIsZero) { EXPECT_EQ(FormatRatio(-1, 10'000'000), "0"); }
TEST(FormatRatio, SixDecimals) { EXPECT_EQ(FormatRatio(1, 3), "0.333333"); }
TEST(FormatRatio, RoundsHalfUp) { EXPECT_EQ(FormatRatio(2, 3), "0.666667"); }
TEST(FormatRatio, RoundsHalfAwayFromZero) { EXPECT_EQ(FormatRatio(-1, 2'000'000), "-0.000001"); }
TEST(FormatRatio, TrimsZeros) { EXPECT_EQ(FormatRatio(1, 4), "0.25"); }
TEST(FormatRatio, Negative) { EXPECT_EQ(FormatRatio(-3, 2), "-1.5"); }
TEST(FormatRatio, NegativeDenominator) { EXPECT_EQ(FormatRatio(3, -2), "-1.5"); }
TEST(FormatMicro, Money) { EXPECT_EQ(FormatMicro(42'500'010'000), "42500.01"); }

// Beyond 64 bits: 2^64 = 18446744073709551616; (2^64 + 1) / 2 = 9223372036854775808.5.
constexpr __int128 kTwo64 = __int128(1) << 64;
TEST(FormatRatio, BeyondInt64) { EXPECT_EQ(FormatRatio(kTwo64, 1), "18446744073709551616"); }
TEST(FormatRatio, BeyondInt64Half) { EXPECT_EQ(FormatRatio(kTwo64 + 1, 2), "9223372036854775808.5"); }
// (2^127 - 1) / (2^127 - 2) = 1 + 1/(2^127 - 2) -> "1"; products num * 10^6 would overflow.
TEST(FormatRatio, NoOverflowNearInt128Max) {
  const __int128 max = ~(__int128(1) << 127);
  EXPECT_EQ(FormatRatio(max, max - 1), "1");
}
// 10^19 micro-units = 10^13 units (ten events of 10^12 SEK).
TEST(FormatRatio, TenTimesTheAmountLimit) {
  EXPECT_EQ(FormatMicro(__int128(10'000'000'000'000'000) * 1000), "10000000000000");
}
// (2^64 - 2) / (2^64 + 8) = 1 - 10/(2^64 + 8) -> 0.99999999999999999946 -> "1".
TEST(FormatRatio, RoundsUpIntoTheIntegerPart) { EXPECT_EQ(FormatRatio(kTwo64 - 2, kTwo64 + 8), "1"); }
// 0.9999995 rounds up to 1, 0.9999994999 stays.
TEST(FormatRatio, CarryFromTheSixthDecimal) { EXPECT_EQ(FormatRatio(9'999'995, 10'000'000), "1"); }
TEST(FormatRatio, NoCarryBelowHalf) { EXPECT_EQ(FormatRatio(9'999'994, 10'000'000), "0.999999"); }
// -2^127, the most negative value: 2^127 = 170141183460469231731687303715884105728.
constexpr __int128 kInt128Min = static_cast<__int128>(static_cast<unsigned __int128>(1) << 127);
TEST(FormatRatio, MostNegative) {
  EXPECT_EQ(FormatRatio(kInt128Min, 1), "-170141183460469231731687303715884105728");
}
TEST(FormatRatio, MostNegativeOverItself) { EXPECT_EQ(FormatRatio(kInt128Min, kInt128Min), "1"); }

TEST(FormatInt, Int64) { EXPECT_EQ(FormatInt(int64_t{-9223372036854775807} - 1), "-9223372036854775808"); }
TEST(FormatInt, MostNegative) {
  EXPECT_EQ(FormatInt(kInt128Min), "-170141183460469231731687303715884105728");
}
TEST(FormatInt, Zero) { EXPECT_EQ(FormatInt(0), "0"); }
// 2 * (2^63 - 1) = 18446744073709551614.
TEST(FormatInt, TwiceInt64Max) { EXPECT_EQ(FormatInt(__int128(INT64_MAX) * 2), "18446744073709551614"); }
TEST(FormatInt, NegativeBeyondInt64) { EXPECT_EQ(FormatInt(-kTwo64), "-18446744073709551616"); }

// ---------------------------------------------------------------- ParseScaledDecimal

constexpr int64_t kAmountMax = 1'000'000'000'000'000'000;  // 10^12 in micro-units

struct Parsed {
  DecimalParse status;
  ScaledDecimal v;
};
Parsed Micro(std::string_view text) {
  Parsed p;
  p.status = ParseScaledDecimal(text, 6, kAmountMax, &p.v);
  return p;
}
int64_t MicroOk(std::string_view text) {
  Parsed p = Micro(text);
  EXPECT_EQ(p.status, DecimalParse::kOk) << text;
  return p.v.units;
}

TEST(ParseScaledDecimal, Integer) { EXPECT_EQ(MicroOk("42500"), 42'500'000'000); }
TEST(ParseScaledDecimal, Zero) { EXPECT_EQ(MicroOk("0"), 0); }
TEST(ParseScaledDecimal, NegativeZeroIsNotNegative) { EXPECT_FALSE(Micro("-0.0").v.negative); }
TEST(ParseScaledDecimal, ZeroWithHugeExponent) { EXPECT_EQ(MicroOk("0e999999999999"), 0); }
TEST(ParseScaledDecimal, OneTenthIsExact) { EXPECT_EQ(MicroOk("0.1"), 100'000); }
TEST(ParseScaledDecimal, SixDecimals) { EXPECT_EQ(MicroOk("1500.123456"), 1'500'123'456); }
TEST(ParseScaledDecimal, TrailingZeros) { EXPECT_EQ(MicroOk("42500.000000000"), 42'500'000'000); }
// 0.0000005 = half a micro-unit: half away from zero.
TEST(ParseScaledDecimal, HalfRoundsUp) { EXPECT_EQ(MicroOk("0.0000005"), 1); }
TEST(ParseScaledDecimal, NegativeHalfRoundsDown) { EXPECT_EQ(MicroOk("-0.0000005"), -1); }
TEST(ParseScaledDecimal, BelowHalfRoundsToZero) { EXPECT_EQ(MicroOk("0.00000049999999"), 0); }
TEST(ParseScaledDecimal, BelowHalfIsRounded) { EXPECT_TRUE(Micro("0.00000049999999").v.rounded); }
TEST(ParseScaledDecimal, NegativeRoundingToZeroStaysNegative) { EXPECT_TRUE(Micro("-0.0000001").v.negative); }
TEST(ParseScaledDecimal, ExactIsNotRounded) { EXPECT_FALSE(Micro("0.1000000").v.rounded); }
TEST(ParseScaledDecimal, Exponent) { EXPECT_EQ(MicroOk("1e12"), kAmountMax); }
TEST(ParseScaledDecimal, NegativeExponent) { EXPECT_EQ(MicroOk("1.5E-3"), 1'500); }
TEST(ParseScaledDecimal, PlusExponent) { EXPECT_EQ(MicroOk("2.5e+3"), 2'500'000'000); }
// 123456789e-14 = 0.00000123456789 -> 1.23456789 micro -> 1.
TEST(ParseScaledDecimal, ExponentRounding) { EXPECT_EQ(MicroOk("123456789e-14"), 1); }
// 15e-7 = 1.5 micro -> 2; 25e-7 = 2.5 -> 3 (half away from zero, not to even).
TEST(ParseScaledDecimal, ExponentHalf) { EXPECT_EQ(MicroOk("15e-7"), 2); }
TEST(ParseScaledDecimal, HalfIsNotToEven) { EXPECT_EQ(MicroOk("25e-7"), 3); }
TEST(ParseScaledDecimal, TinyExponent) { EXPECT_EQ(MicroOk("5e-999999999999"), 0); }
TEST(ParseScaledDecimal, LimitExactly) { EXPECT_EQ(MicroOk("1000000000000"), kAmountMax); }
TEST(ParseScaledDecimal, NegativeLimit) { EXPECT_EQ(MicroOk("-1e12"), -kAmountMax); }
TEST(ParseScaledDecimal, LimitWithZeroDecimals) {
  EXPECT_EQ(MicroOk("1000000000000.0000000000"), kAmountMax);
}
// The exact value decides: 10^12 + 10^-7 exceeds 10^12 although it rounds to it.
TEST(ParseScaledDecimal, JustAboveTheLimit) {
  EXPECT_EQ(Micro("1000000000000.0000001").status, DecimalParse::kOutOfRange);
}
TEST(ParseScaledDecimal, JustBelowTheLimit) { EXPECT_EQ(MicroOk("999999999999.9999999"), kAmountMax); }
TEST(ParseScaledDecimal, AboveTheLimit) {
  EXPECT_EQ(Micro("1000000000001").status, DecimalParse::kOutOfRange);
}
TEST(ParseScaledDecimal, NegativeAboveTheLimit) {
  EXPECT_EQ(Micro("-1000000000000.5").status, DecimalParse::kOutOfRange);
}
TEST(ParseScaledDecimal, ExponentAboveTheLimit) {
  EXPECT_EQ(Micro("1.000001e12").status, DecimalParse::kOutOfRange);
}
TEST(ParseScaledDecimal, HugeExponent) {
  EXPECT_EQ(Micro("1e999999999999").status, DecimalParse::kOutOfRange);
}
TEST(ParseScaledDecimal, ManyDigits) {
  EXPECT_EQ(Micro("123456789012345678901234567890").status, DecimalParse::kOutOfRange);
}
// Digits beyond what a double holds still count: 0.1000000000000000055511151231257827 (the
// double nearest 0.1) is 100000.0000000000055... micro -> 100000.
TEST(ParseScaledDecimal, LongFraction) {
  EXPECT_EQ(MicroOk("0.1000000000000000055511151231257827"), 100'000);
}
TEST(ParseScaledDecimal, LeadingZerosInFraction) { EXPECT_EQ(MicroOk("0.000001"), 1); }
TEST(ParseScaledDecimal, ScaleZeroInteger) {
  ScaledDecimal v;
  EXPECT_EQ(ParseScaledDecimal("9223372036854775807", 0, INT64_MAX, &v), DecimalParse::kOk);
  EXPECT_EQ(v.units, INT64_MAX);
}
TEST(ParseScaledDecimal, ScaleZeroAboveInt64) {
  ScaledDecimal v;
  EXPECT_EQ(ParseScaledDecimal("9223372036854775808.0", 0, INT64_MAX, &v), DecimalParse::kOutOfRange);
}
// 2^53 + 1 = 9007199254740993 has no double; the text is exact.
TEST(ParseScaledDecimal, IntegerBeyondDoublePrecision) {
  ScaledDecimal v;
  EXPECT_EQ(ParseScaledDecimal("9007199254740993.0", 0, INT64_MAX, &v), DecimalParse::kOk);
  EXPECT_EQ(v.units, 9007199254740993);
}
TEST(ParseScaledDecimal, FractionAtScaleZeroIsRounded) {
  ScaledDecimal v;
  EXPECT_EQ(ParseScaledDecimal("3.5", 0, INT64_MAX, &v), DecimalParse::kOk);
  EXPECT_TRUE(v.rounded);
}
// Milliseconds to microseconds (scale 3): 184.2 ms = 184200 us; 0.0005 ms -> 1 us.
TEST(ParseScaledDecimal, Milliseconds) {
  ScaledDecimal v;
  EXPECT_EQ(ParseScaledDecimal("184.2", 3, 1'000'000'000'000, &v), DecimalParse::kOk);
  EXPECT_EQ(v.units, 184'200);
}
TEST(ParseScaledDecimal, MillisecondsHalf) {
  ScaledDecimal v;
  EXPECT_EQ(ParseScaledDecimal("1.0005", 3, 1'000'000'000'000, &v), DecimalParse::kOk);
  EXPECT_EQ(v.units, 1'001);
}
TEST(ParseScaledDecimal, NotANumber) {
  for (std::string_view bad : {"", "-", "+1", "01", "-01", "1.", ".5", "1e", "1e+", "1.e5", " 1", "1 ",
                               "0x10", "1_000", "Infinity", "NaN", "--1", "1e5.5", "\"1\""})
    EXPECT_EQ(Micro(bad).status, DecimalParse::kNotANumber) << bad;
}

// ---------------------------------------------------------------- RoundDecimalText

TEST(RoundDecimalText, PercentWithOneDecimal) { EXPECT_EQ(RoundDecimalText("0.953", 2, 1), "95.3"); }
// 0.95349 -> 95.349 -> 95.3; 0.95350 -> 95.35 -> 95.4 (half away from zero, not to even).
TEST(RoundDecimalText, PercentBelowHalf) { EXPECT_EQ(RoundDecimalText("0.95349", 2, 1), "95.3"); }
TEST(RoundDecimalText, PercentHalf) { EXPECT_EQ(RoundDecimalText("0.9535", 2, 1), "95.4"); }
TEST(RoundDecimalText, One) { EXPECT_EQ(RoundDecimalText("1", 2, 1), "100.0"); }
TEST(RoundDecimalText, WholeKronor) { EXPECT_EQ(RoundDecimalText("1234567.5", 0, 0), "1234568"); }
TEST(RoundDecimalText, NegativeHalf) { EXPECT_EQ(RoundDecimalText("-2.5", 0, 0), "-3"); }
TEST(RoundDecimalText, NegativeToZeroHasNoSign) { EXPECT_EQ(RoundDecimalText("-0.3", 0, 0), "0"); }
TEST(RoundDecimalText, CarryThroughNines) { EXPECT_EQ(RoundDecimalText("999.96", 0, 1), "1000.0"); }
// Beyond a double: 2^64 + 0.5 kronor -> 18446744073709551617.
TEST(RoundDecimalText, BeyondDoublePrecision) {
  EXPECT_EQ(RoundDecimalText("18446744073709551616.5", 0, 0), "18446744073709551617");
}
TEST(RoundDecimalText, NotAPlainDecimal) { EXPECT_EQ(RoundDecimalText("1e3", 0, 0), ""); }
TEST(RoundDecimalText, TrailingPoint) { EXPECT_EQ(RoundDecimalText("1.", 0, 0), ""); }
TEST(RoundDecimalText, Empty) { EXPECT_EQ(RoundDecimalText("", 0, 0), ""); }

TEST(ParseReportDecimal, ExactMicroUnits) {
  __int128 v = 0;
  EXPECT_TRUE(ParseReportDecimal("0.000008", &v));
  EXPECT_EQ(int64_t(v), 8);
  EXPECT_TRUE(ParseReportDecimal("-300", &v));
  EXPECT_EQ(int64_t(v), -300000000);
  EXPECT_TRUE(ParseReportDecimal("295.348837", &v));
  EXPECT_EQ(int64_t(v), 295348837);
  EXPECT_FALSE(ParseReportDecimal("1.", &v));
  EXPECT_FALSE(ParseReportDecimal("1.0000001", &v));
  EXPECT_FALSE(ParseReportDecimal("", &v));
  EXPECT_FALSE(ParseReportDecimal("1e3", &v));
}

}  // namespace
}  // namespace followup
