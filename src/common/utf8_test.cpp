#include "common/utf8.h"

#include <gtest/gtest.h>

#include <string>

namespace followup {
namespace {

struct Decoded {
  char32_t cp;
  size_t next;
};

Decoded At(const std::string& s, size_t i = 0) {
  char32_t cp = NextCodePoint(s, &i);
  return {cp, i};
}

TEST(NextCodePoint, AsciiIsOneByte) {
  EXPECT_EQ(At("a").cp, U'a');
  EXPECT_EQ(At("a").next, 1u);
}

TEST(NextCodePoint, TwoBytes) {
  EXPECT_EQ(At("\xC3\xA5").cp, U'\u00E5');  // å
  EXPECT_EQ(At("\xC3\xA5").next, 2u);
}

TEST(NextCodePoint, FourBytes) {
  EXPECT_EQ(At("\xF0\x9F\x98\x80").cp, U'\U0001F600');
  EXPECT_EQ(At("\xF0\x9F\x98\x80").next, 4u);
}

TEST(NextCodePoint, StartsAtTheGivenIndex) {
  EXPECT_EQ(At("x\xC3\xB6", 1).cp, U'\u00F6');  // ö
  EXPECT_EQ(At("x\xC3\xB6", 1).next, 3u);
}

TEST(NextCodePoint, OverlongIsOneInvalidByte) {
  EXPECT_EQ(At("\xC0\x80").cp, kNotUtf8);
  EXPECT_EQ(At("\xC0\x80").next, 1u);
}

TEST(NextCodePoint, ThreeByteOverlongStopsAtTheSecondByte) {
  EXPECT_EQ(At("\xE0\x80\x80").cp, kNotUtf8);
  EXPECT_EQ(At("\xE0\x80\x80").next, 1u);
}

TEST(NextCodePoint, SurrogateIsInvalid) {
  EXPECT_EQ(At("\xED\xA0\x80").cp, kNotUtf8);
  EXPECT_EQ(At("\xED\xA0\x80").next, 1u);
}

TEST(NextCodePoint, AboveU10FFFFIsInvalid) {
  EXPECT_EQ(At("\xF4\x90\x80\x80").cp, kNotUtf8);
  EXPECT_EQ(At("\xF4\x90\x80\x80").next, 1u);
}

TEST(NextCodePoint, TruncatedSequenceIsOneMaximalSubpart) {
  EXPECT_EQ(At("\xE2\x82").cp, kNotUtf8);
  EXPECT_EQ(At("\xE2\x82").next, 2u);
}

TEST(NextCodePoint, LoneContinuationByte) {
  EXPECT_EQ(At("\x80z").cp, kNotUtf8);
  EXPECT_EQ(At("\x80z").next, 1u);
}

}  // namespace
}  // namespace followup
