// Planned maintenance as a calendar (status.md, History: "Planned maintenance
// as a calendar"), RFC 5545 iCalendar, that people and the contact centre can
// subscribe to: GET /driftinformation/underhall.ics (http/calendar_routes.h).
//
// One VEVENT per planned maintenance in CityStatus::announcements (the winning
// revision of every maintenance that lists a catalogued, non-retired service,
// past, current and future; cancelled ones included), by starts_at then id:
//   UID       <announcement_id>@kCalendarUidDomain: stable for the announcement
//             across revisions and whatever host serves the calendar;
//   SEQUENCE  the revision (clamped to 2147483647, iCalendar's INTEGER range);
//   DTSTAMP, LAST-MODIFIED  occurred_at of the winning revision, so that the
//             bytes (and the ETag) change only when the content does;
//   DTSTART, DTEND  starts_at (rounded down to the second) and ends_at
//             (rounded up), in UTC ("...Z"): no time zone component needed;
//   STATUS    CANCELLED for a cancelled maintenance (its SUMMARY then starts
//             with "Inställt: "), else CONFIRMED;
//   SUMMARY, DESCRIPTION  title_sv, and body_sv followed by the names of the
//             services it concerns ("Berör: ..."), LANGUAGE=sv;
//   TRANSP    TRANSPARENT: a subscriber is not shown as busy.
// Texts are sanitised and escaped by IcsEscapeText (common/escape.h); every
// line ends in CRLF and is folded (FoldContentLine). The lines come from
// templates/calendar.mustache (templates.h, Escaping::kIcs). A calendar with no
// maintenance has no VEVENT (calendar clients accept that).
//
// Pure functions, safe from any thread; StatusBoard renders the calendars
// when the content changes and publishes the bytes.
#pragma once
#include <string>
#include <string_view>

#include "readmodels/status_engine.h"

namespace followup {

// The right-hand side of every UID: fixed, so a UID never depends on the host name.
inline constexpr std::string_view kCalendarUidDomain = "driftinformation.stockholm.se";
inline constexpr char kCalendarContentType[] = "text/calendar; charset=utf-8";

// One content line (name, parameters, ':' and the already escaped value,
// without a line end) folded as RFC 5545 section 3.1 says: no physical line
// longer than 75 octets (CRLF excluded), a continuation line starting with
// one space, and never a cut inside a UTF-8 sequence. Every physical line
// ends in CRLF.
std::string FoldContentLine(std::string_view line);

// The calendar of every service (only == nullptr), or of one service: then
// only points into c.services and the calendar holds the maintenance that
// lists it.
std::string RenderMaintenanceCalendar(const CityStatus& c, const ServiceStatus* only = nullptr);

}  // namespace followup
