// The slug rule of events.md, at its edges.
#include "events/slug.h"

#include <gtest/gtest.h>

#include <string>

namespace followup {
namespace {

TEST(Slug, LettersDigitsAndInnerHyphens) { EXPECT_TRUE(IsSlug("bygglov-2", kServiceIdMax)); }
TEST(Slug, OneCharacter) { EXPECT_TRUE(IsSlug("a", kServiceIdMax)); }
TEST(Slug, EndingInAHyphen) { EXPECT_TRUE(IsSlug("a-", kServiceIdMax)); }  // {0,63} allows it
TEST(Slug, Empty) { EXPECT_FALSE(IsSlug("", kServiceIdMax)); }
TEST(Slug, LeadingHyphen) { EXPECT_FALSE(IsSlug("-a", kServiceIdMax)); }
TEST(Slug, Uppercase) { EXPECT_FALSE(IsSlug("Bygglov", kServiceIdMax)); }
TEST(Slug, NonAscii) { EXPECT_FALSE(IsSlug("\xC3\xA4ldre", kServiceIdMax)); }  // "äldre"
TEST(Slug, Underscore) { EXPECT_FALSE(IsSlug("a_b", kServiceIdMax)); }
TEST(Slug, AtTheLimit) { EXPECT_TRUE(IsSlug(std::string(64, 'a'), kServiceIdMax)); }
TEST(Slug, OverTheLimit) { EXPECT_FALSE(IsSlug(std::string(65, 'a'), kServiceIdMax)); }
TEST(Slug, ShorterLimit) { EXPECT_FALSE(IsSlug(std::string(33, 'a'), 32)); }

}  // namespace
}  // namespace followup
