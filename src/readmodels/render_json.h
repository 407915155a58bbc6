// JSON pieces the citizen renderers share (status_render_json.cpp for the status
// documents, history_render_json.cpp for the history and the announcement list):
// a quoted text, escaped as JsonEscapeText does (control characters and bidi
// overrides dropped, invalid UTF-8 replaced); an instant as a quoted RFC 3339
// UTC time; an announcement's phase by its wire name; the fields of an
// announcement, the one writer of both the status documents'
// (api/v1/status, AnnouncementInfo) and the archive's (api/v1/announcements,
// ArchivedAnnouncement) announcement objects (render_json.cpp).
// Thread-safety: pure functions.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

// How an announcement object says that a text has no English version: the
// status documents leave title_en / body_en out, the archive writes null.
enum class NoEnglish : uint8_t { kOmitted, kNull };

// The members of an announcement object, without the braces, from
// "announcement_id" to "updated_at": the winning revision a at its phase,
// the ids of the services it is shown for, the time of that revision.
std::string AnnouncementFields(const AnnouncementEvent& a, AnnouncementPhase phase,
                               const std::vector<std::string_view>& service_ids, TimeMs updated_at,
                               NoEnglish no_english);

}  // namespace followup::render_json
