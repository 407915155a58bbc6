// JSON pieces the citizen renderers share (status_render_json.cpp for the status
// documents, history_render_json.cpp for the history and the announcement list):
// a quoted text, escaped as JsonEscapeText does (control characters and bidi
// overrides dropped, invalid UTF-8 replaced); an instant as a quoted RFC 3339
// UTC time; an announcement's phase by its wire name.
// Thread-safety: pure functions.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "common/escape.h"
#include "common/time.h"
#include "readmodels/status_engine.h"

namespace followup::render_json {

inline std::string Q(std::string_view s) { return "\"" + JsonEscapeText(s) + "\""; }
inline std::string QTime(TimeMs t) { return Q(FormatRfc3339Utc(t)); }

inline const char* PhaseName(AnnouncementPhase p) {
  switch (p) {
    case AnnouncementPhase::kActive:
      return "active";
    case AnnouncementPhase::kUpcoming:
      return "upcoming";
    case AnnouncementPhase::kPast:
      return "past";
  }
  return "past";
}

}  // namespace followup::render_json
