#include "common/parse.h"

#include <gtest/gtest.h>

#include <cstdint>

namespace followup {
namespace {

TEST(ParseInteger, Decimal) {
  int64_t v = 0;
  ASSERT_TRUE(ParseInteger("9223372036854775807", &v));
  EXPECT_EQ(v, INT64_MAX);
}

TEST(ParseInteger, Negative) {
  int64_t v = 0;
  ASSERT_TRUE(ParseInteger("-42", &v));
  EXPECT_EQ(v, -42);
}

TEST(ParseInteger, RefusesTrailingJunk) {
  int64_t v = 7;
  EXPECT_FALSE(ParseInteger("12abc", &v));
  EXPECT_EQ(v, 7);
}

TEST(ParseInteger, RefusesSpacesAndPlus) {
  int v = 0;
  EXPECT_FALSE(ParseInteger(" 12", &v));
  EXPECT_FALSE(ParseInteger("12 ", &v));
  EXPECT_FALSE(ParseInteger("+12", &v));
}

TEST(ParseInteger, RefusesEmpty) {
  int v = 0;
  EXPECT_FALSE(ParseInteger("", &v));
}

TEST(ParseInteger, RefusesOutOfRange) {
  int32_t v = 0;
  EXPECT_FALSE(ParseInteger("2147483648", &v));
  uint16_t port = 0;
  EXPECT_FALSE(ParseInteger("65536", &port));
}

TEST(ParseInteger, UnsignedRefusesMinus) {
  uint64_t v = 0;
  EXPECT_FALSE(ParseInteger("-1", &v));
}

}  // namespace
}  // namespace followup
