// A small status badge per service (shields style: the service's name on the
// left, its level on the right), as SVG for an e-service's front page or a
// README: GET /driftinformation/{service_id}/badge.svg (Swedish) and
// /en/status/{service_id}/badge.svg (English) (http/badge_routes.h).
//
// The level is told in words (LevelLabelSv / LevelLabelEn, the pages' own
// words), never by colour alone; the colour is the page's colour for the
// level, with white text at a contrast of at least 4.5:1. The badge is an
// image for assistive technology: role="img", an aria-label and a <title>
// saying "<service>: <level>". Names are sanitised and escaped (XmlEscape);
// a name longer than kBadgeMaxNameChars characters is shortened with "…".
// Widths are estimated per character and fixed with textLength, so the text
// fits whatever font the viewer has. The SVG comes from
// templates/badge.mustache (templates.h, XML escaping).
//
// Pure functions, safe from any thread; StatusBoard renders the badges when
// the content changes and publishes the bytes.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

#include "readmodels/status_engine.h"

namespace followup {

enum class BadgeLanguage : uint8_t { kSv, kEn };

inline constexpr size_t kBadgeMaxNameChars = 40;
inline constexpr char kBadgeContentType[] = "image/svg+xml; charset=utf-8";

std::string RenderBadgeSvg(const ServiceStatus& s, BadgeLanguage lang);

}  // namespace followup
