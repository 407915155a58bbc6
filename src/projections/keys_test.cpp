// The bytes of the key families (keys.h). They are what every data dir holds:
// a change here is a change of the stored format, so each family is pinned to
// bytes written out by hand (the number: sortable big-endian, sign bit flipped).
#include "projections/keys.h"

#include <gtest/gtest.h>

namespace followup {
namespace {

// The 8 sortable bytes of 1 and of -1.
const std::string kOne("\x80\x00\x00\x00\x00\x00\x00\x01", 8);
const std::string kMinusOne("\x7f\xff\xff\xff\xff\xff\xff\xff", 8);

TEST(Keys, Minute) { EXPECT_EQ(keys::Minute("skolval", 1), "m/skolval/" + kOne); }

TEST(Keys, MinuteOfANegativeIndex) { EXPECT_EQ(keys::Minute("skolval", -1), "m/skolval/" + kMinusOne); }

TEST(Keys, MinuteStartsWithItsPrefix) {
  EXPECT_EQ(keys::Minute("skolval", 1).substr(0, keys::MinutePrefix("skolval").size()),
            keys::MinutePrefix("skolval"));
}

TEST(Keys, Day) { EXPECT_EQ(keys::Day("skolval", 1), "v/skolval/" + kOne); }

TEST(Keys, Hour) { EXPECT_EQ(keys::Hour("skolval", 1), "h/skolval/" + kOne); }

TEST(Keys, MinuteSlot) { EXPECT_EQ(keys::MinuteSlot("skolval", 1), "s/skolval/" + kOne); }

TEST(Keys, HourSlot) { EXPECT_EQ(keys::HourSlot("skolval", 1), "u/skolval/" + kOne); }

TEST(Keys, Quarter) { EXPECT_EQ(keys::Quarter(1, "skolval"), "q/" + kOne + "/skolval"); }

TEST(Keys, QuarterOfTheCity) { EXPECT_EQ(keys::Quarter(1, ""), "q/" + kOne + "/"); }

TEST(Keys, QuarterStartsWithItsPrefix) {
  EXPECT_EQ(keys::Quarter(1, "skolval").substr(0, 11), keys::QuarterPrefix(1));
}

TEST(Keys, Dedup) {
  EXPECT_EQ(keys::Dedup(1, "kista:skolval:2026-11-26T10:00:00Z"),
            "d/" + kOne + "/kista:skolval:2026-11-26T10:00:00Z");
}

// The *To forms replace what the buffer held with the same bytes.
TEST(Keys, MinuteTo) {
  std::string out = "a longer text that was there before";
  keys::MinuteTo(&out, "skolval", 1);
  EXPECT_EQ(out, "m/skolval/" + kOne);
}

TEST(Keys, DayTo) {
  std::string out = "x";
  keys::DayTo(&out, "skolval", 1);
  EXPECT_EQ(out, "v/skolval/" + kOne);
}

TEST(Keys, HourTo) {
  std::string out = "x";
  keys::HourTo(&out, "skolval", 1);
  EXPECT_EQ(out, "h/skolval/" + kOne);
}

TEST(Keys, QuarterTo) {
  std::string out = "x";
  keys::QuarterTo(&out, 1, "skolval");
  EXPECT_EQ(out, "q/" + kOne + "/skolval");
}

TEST(Keys, NumbersSortAsBytes) { EXPECT_LT(keys::Minute("a", -1), keys::Minute("a", 1)); }

}  // namespace
}  // namespace followup
