#include "common/ascii.h"

#include <gtest/gtest.h>

namespace followup {
namespace {

TEST(AsciiLower, LowersAsciiLetters) { EXPECT_EQ(AsciiLower("Content-Type"), "content-type"); }

TEST(AsciiLower, KeepsDigitsAndPunctuation) { EXPECT_EQ(AsciiLower("A-9_@.Z"), "a-9_@.z"); }

TEST(AsciiLower, KeepsUtf8Bytes) {
  EXPECT_EQ(AsciiLower("\xC3\x85SA"), "\xC3\x85sa");  // "ÅSA": Å is not ASCII
}

}  // namespace
}  // namespace followup
