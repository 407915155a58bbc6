#include "readmodels/citizen_html.h"

#include <gtest/gtest.h>

#include "readmodels/texts.h"

namespace followup {
namespace {

// Expected markup written out by hand from the texts (texts_sv.cpp, texts_en.cpp).
TEST(CitizenHtml, LanguageLinkPointsToTheOtherLanguage) {
  EXPECT_EQ(LanguageLinkHtml(kTextsSv, {"", "/en/status?a=1&b=2"}),
            "<p class=\"lang-switch\"><a href=\"/en/status?a=1&amp;b=2\" hreflang=\"en\" lang=\"en\">"
            "In English</a></p>");
}

TEST(CitizenHtml, LanguageLinkInEnglishPointsToSwedish) {
  EXPECT_EQ(LanguageLinkHtml(kTextsEn, {"", "/driftinformation"}),
            "<p class=\"lang-switch\"><a href=\"/driftinformation\" hreflang=\"sv\" lang=\"sv\">"
            "På svenska</a></p>");
}

TEST(CitizenHtml, NoLanguageLinkWithoutAnotherPage) { EXPECT_EQ(LanguageLinkHtml(kTextsSv, {"", ""}), ""); }

TEST(CitizenHtml, LevelBadgeHasTheIconAndTheLevelInWords) {
  EXPECT_EQ(LevelBadgeHtml(kTextsSv, StatusLevel::kOperational), std::string("<span class=\"badge\">") +
                                                                     LevelIconSvg(StatusLevel::kOperational) +
                                                                     "<span>Fungerar normalt</span></span>");
}

TEST(CitizenHtml, LevelBadgeInEnglish) {
  EXPECT_EQ(LevelBadgeHtml(kTextsEn, StatusLevel::kOperational),
            std::string("<span class=\"badge\">") + LevelIconSvg(StatusLevel::kOperational) +
                "<span>Operating normally</span></span>");
}

}  // namespace
}  // namespace followup
