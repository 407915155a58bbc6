#include "readmodels/badge.h"

#include <cstring>

#include "common/escape.h"
#include "readmodels/templates.h"

namespace followup {
namespace {

// The page's colours for the levels (templates/page.css, .lvl-*), all dark
// enough for white text at 11 px (contrast >= 4.5:1).
const char* LevelColour(StatusLevel l) {
  switch (l) {
    case StatusLevel::kOperational:
      return "#0b6b2f";
    case StatusLevel::kDegraded:
      return "#8a4a00";
    case StatusLevel::kOutage:
      return "#b3001b";
    case StatusLevel::kMaintenance:
      return "#0a4f94";
    case StatusLevel::kUnknown:
      return "#4a4a4a";
  }
  return "#4a4a4a";
}

constexpr const char* kLabelColour = "#3d3d3d";

// Estimated advance of one character in 11 px Verdana/DejaVu Sans, in tenths
// of a pixel. Only an estimate: textLength makes the text fit its box.
int AdvanceTenths(char32_t c) {
  if (c < 0x80) {
    if (std::strchr("fijlrtI.,:;'!|()[] ", int(c))) return 40;
    if (std::strchr("mwMW", int(c))) return 100;
    if (c >= 'A' && c <= 'Z') return 78;
    return 67;
  }
  return 70;
}

// Code points of valid UTF-8 (the input is sanitised).
template <class F>
void ForEachCodePoint(const std::string& s, F f) {
  for (size_t i = 0; i < s.size();) {
    unsigned char b = static_cast<unsigned char>(s[i]);
    size_t n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    char32_t c = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
    for (size_t k = 1; k < n && i + k < s.size(); ++k)
      c = (c << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    f(c, i, n);
    i += n;
  }
}

// The name, sanitised, cut after kBadgeMaxNameChars characters.
std::string ShortName(std::string_view name) {
  std::string clean = SanitizeText(name);
  size_t count = 0, cut = std::string::npos;
  ForEachCodePoint(clean, [&](char32_t, size_t at, size_t) {
    if (count++ == kBadgeMaxNameChars - 1) cut = at;
  });
  if (count <= kBadgeMaxNameChars || cut == std::string::npos) return clean;
  return clean.substr(0, cut) + "…";
}

int TextWidth(const std::string& s) {
  int tenths = 0;
  ForEachCodePoint(s, [&](char32_t c, size_t, size_t) { tenths += AdvanceTenths(c); });
  return (tenths + 9) / 10;
}

}  // namespace

std::string RenderBadgeSvg(const ServiceStatus& s, BadgeLanguage lang) {
  const bool sv = lang == BadgeLanguage::kSv;
  std::string label = ShortName(s.name);
  std::string level = sv ? LevelLabelSv(s.level) : LevelLabelEn(s.level);
  const int pad = 6;
  int label_text = TextWidth(label), level_text = TextWidth(level);
  int label_w = label_text + 2 * pad, level_w = level_text + 2 * pad;
  auto n = [](int v) { return mustache::data(std::to_string(v)); };
  mustache::data d;
  d.set("width", n(label_w + level_w));
  d.set("title", mustache::data(SanitizeText(s.name) + ": " + level));
  d.set("lang", mustache::data(std::string(sv ? "sv" : "en")));
  d.set("label_w", n(label_w));
  d.set("level_w", n(level_w));
  d.set("label_colour", mustache::data(std::string(kLabelColour)));
  d.set("level_colour", mustache::data(std::string(LevelColour(s.level))));
  // Text x and textLength in tenths of a pixel via scale(.1), as shields does:
  // whole numbers, no locale-dependent decimals.
  d.set("label_x", n(label_w * 5));
  d.set("label_length", n(label_text * 10));
  d.set("label", mustache::data(label));
  d.set("level_x", n(label_w * 10 + level_w * 5));
  d.set("level_length", n(level_text * 10));
  d.set("level", mustache::data(level));
  return RenderTemplate("badge", d, Escaping::kXml);
}

}  // namespace followup
