// Status badges: the level in words (Swedish and English), the page's colour,
// an accessible name, and hostile names kept as text.
#include "readmodels/badge.h"

#include <gtest/gtest.h>

namespace followup {
namespace {

ServiceStatus Svc(std::string name, StatusLevel level) {
  ServiceStatus s;
  s.service_id = "skolval";
  s.name = std::move(name);
  s.level = level;
  return s;
}

TEST(Badge, SaysTheLevelInWordsWithAnAccessibleName) {
  std::string svg = RenderBadgeSvg(Svc("Skolval", StatusLevel::kOutage), BadgeLanguage::kSv);
  EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0), 0u);
  EXPECT_NE(svg.find("role=\"img\""), std::string::npos);
  EXPECT_NE(svg.find("aria-label=\"Skolval: Driftstörning\""), std::string::npos);
  EXPECT_NE(svg.find("<title>Skolval: Driftstörning</title>"), std::string::npos);
  EXPECT_NE(svg.find(">Driftstörning</text>"), std::string::npos);
  EXPECT_NE(svg.find(">Skolval</text>"), std::string::npos);
  EXPECT_NE(svg.find("fill=\"#b3001b\""), std::string::npos);  // the page's outage colour
  EXPECT_NE(svg.find("xml:lang=\"sv\""), std::string::npos);
}

TEST(Badge, EveryLevelHasItsOwnWordsInBothLanguages) {
  const StatusLevel levels[] = {StatusLevel::kOperational, StatusLevel::kDegraded, StatusLevel::kOutage,
                                StatusLevel::kMaintenance, StatusLevel::kUnknown};
  for (StatusLevel l : levels) {
    std::string sv = RenderBadgeSvg(Svc("Skolval", l), BadgeLanguage::kSv);
    std::string en = RenderBadgeSvg(Svc("Skolval", l), BadgeLanguage::kEn);
    EXPECT_NE(sv.find(std::string(">") + LevelLabelSv(l) + "</text>"), std::string::npos) << LevelName(l);
    EXPECT_NE(en.find(std::string(">") + LevelLabelEn(l) + "</text>"), std::string::npos) << LevelName(l);
    EXPECT_NE(en.find("xml:lang=\"en\""), std::string::npos);
    EXPECT_STRNE(LevelLabelSv(l), LevelLabelEn(l));
  }
  EXPECT_STREQ(LevelLabelEn(StatusLevel::kOperational), "Operating normally");
  EXPECT_STREQ(LevelLabelEn(StatusLevel::kMaintenance), "Planned maintenance");
}

TEST(Badge, HostileNameIsText) {
  std::string svg =
      RenderBadgeSvg(Svc("<script>alert(\"x\")</script>\" onload=\"alert(1)\x01", StatusLevel::kUnknown),
                     BadgeLanguage::kSv);
  EXPECT_EQ(svg.find("<script"), std::string::npos);
  EXPECT_EQ(svg.find("\" onload"), std::string::npos);
  EXPECT_EQ(svg.find('\x01'), std::string::npos);
  EXPECT_NE(svg.find("&lt;script&gt;alert(&quot;x&quot;)"), std::string::npos);
}

TEST(Badge, LongNameIsShortenedWithoutCuttingACharacter) {
  std::string name;
  for (int i = 0; i < 60; ++i) name += "ä";
  std::string svg = RenderBadgeSvg(Svc(name, StatusLevel::kOperational), BadgeLanguage::kSv);
  std::string shown;
  for (int i = 0; i < 39; ++i) shown += "ä";
  EXPECT_NE(svg.find(">" + shown + "…</text>"), std::string::npos);
  // The accessible name keeps the whole name.
  EXPECT_NE(svg.find("<title>" + name + ": Fungerar normalt</title>"), std::string::npos);
  std::string exact(40, 'a');
  EXPECT_NE(
      RenderBadgeSvg(Svc(exact, StatusLevel::kOperational), BadgeLanguage::kSv).find(">" + exact + "</text>"),
      std::string::npos);
}

TEST(Badge, WiderTextGivesAWiderBadge) {
  auto width = [](const std::string& svg) {
    auto at = svg.find("width=\"") + 7;
    return std::stoi(svg.substr(at, svg.find('"', at) - at));
  };
  EXPECT_LT(width(RenderBadgeSvg(Svc("A", StatusLevel::kOutage), BadgeLanguage::kSv)),
            width(RenderBadgeSvg(Svc("Ansök om förskoleplats", StatusLevel::kOutage), BadgeLanguage::kSv)));
}

}  // namespace
}  // namespace followup
