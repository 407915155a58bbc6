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

}  // namespace
}  // namespace followup
