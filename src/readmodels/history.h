// The citizens' history of an e-service (status.md "History"): daily
// availability per Europe/Stockholm day, every announcement with its update
// timeline, and the last 24 hours of response times per probe location.
// Pure functions of a consistent store snapshot and the instant `now`:
// nothing here touches threads, clocks or rendering.
//
// Everything is derived on read from order-independent projections, so a late
// probe or a late (or revised, or cancelled) maintenance announcement changes
// the history it touches as soon as it is folded:
//  - probe verdicts counted by readmodels/maintenance.h (CountProbeVerdicts:
//    a UTC day's v/ record and the h/ records of the hours between the
//    midnights, the day in progress from h/ and m/), maintenance
//    applied by it exactly as in the ILS report; the verdict rules are those
//    of projections/availability.h;
//  - the winning revision of each announcement (ann/) and every revision
//    (ar/) for the timelines.
//
// Which announcements are shown, and for which services: the one rule of the
// status surfaces (status_engine.h) - an announcement is shown for the
// catalogued, non-retired services its winning revision lists, and nowhere
// when it lists none of them.
//
// Thread-safety: pure functions; safe from any thread with its own reader.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "events/event.h"
#include "projections/kv.h"
#include "projections/records.h"
#include "readmodels/status_engine.h"

namespace followup {

inline constexpr int kHistoryMaxDays = 400;
inline constexpr int kHistoryDefaultDays = 90;

// One local day of one service.
struct DayHistory {
  LocalDay day;
  // Minutes of the day by verdict (indicators.md), maintenance applied;
  // unknown = every other minute of the day. Today counts only the minutes
  // that have ended by now, so the five sum to 1380, 1440 or 1500 for a past
  // day and to the ended minutes of today.
  int64_t up = 0, degraded = 0, down = 0, maintenance = 0, unknown = 0;
  // Announcements for the service whose span (AnnouncementSpan) overlaps
  // [day.start, day.end): ids by starts_at, then id.
  std::vector<std::string> announcements;

  int64_t observed() const { return up + degraded + down; }
  bool has_availability() const { return observed() > 0; }
};

struct ServiceHistory {
  std::string service_id, name;
  std::vector<DayHistory> days;  // oldest first, ending with today
};

// The span [from, to) during which an announcement's winning revision applied,
// as the daily history counts it; nullopt for a cancelled one (it never
// applied) or an empty span.
//  - planned maintenance: [starts_at, ends_at);
//  - an incident resolved: [starts_at, ends_at), or up to the winning
//    revision's occurred_at when it has no ends_at;
//  - any other incident: up to ends_at when that is in the past, else up to
//    now (an open incident lasts up to now, status.md step 4).
struct Span {
  TimeMs from, to;
};
std::optional<Span> AnnouncementSpan(const AnnouncementEvent& a, TimeMs updated_at, TimeMs now);

// The level a day is shown with on the history bar (status.md is silent on
// days; the labels and colours are the status levels'):
//   outage when down minutes are at least 5 % of the observed ones;
//   degraded when any minute was down or degraded;
//   operational when minutes were observed and all were up;
//   maintenance when nothing was observed but maintenance minutes were;
//   unknown otherwise (no probe that day).
StatusLevel DayLevel(const DayHistory& d);

// The last `days` (1..kHistoryMaxDays) local days up to and including today.
// NotFound when service_id is not a catalogued, non-retired service.
Status ComputeServiceHistory(const KvReader& r, const std::string& service_id, int days, TimeMs now,
                             ServiceHistory* out);

// One revision of an announcement, as the timeline shows it.
struct AnnouncementUpdate {
  int64_t revision = 0;
  TimeMs occurred_at = 0;
  AnnouncementState state = AnnouncementState::kScheduled;
  std::string title_sv, body_sv, title_en, body_en;
};

// An announcement with its timeline: the winning revision decides everything
// but `updates`.
struct ArchivedAnnouncement {
  AnnouncementEvent a;    // the winning revision
  TimeMs updated_at = 0;  // its occurred_at
  AnnouncementPhase phase = AnnouncementPhase::kPast;
  // The catalogued, non-retired services it lists (ids, in the order listed).
  std::vector<std::string> service_ids;
  std::vector<std::string> service_names;  // the same order
  // Every revision number folded, oldest (lowest) first; the last is the
  // winning one.
  std::vector<AnnouncementUpdate> updates;
};

struct ArchiveQuery {
  std::optional<TimeMs> before;  // only starts_at < before
  size_t limit = 20;             // 1..kArchiveMaxLimit
  std::string service_id;        // only this service's; empty: every service
  // Filters of the winning revision; nullopt: any.
  std::optional<AnnouncementKind> kind;
  std::optional<AnnouncementState> state;
  // true: only those still open (phase active or upcoming at now: not yet
  // over, not cancelled or resolved); false: only those that are over (past).
  std::optional<bool> open;
};
inline constexpr size_t kArchiveDefaultLimit = 20;
inline constexpr size_t kArchiveMaxLimit = 100;

struct ArchivePage {
  // Newest starts_at first (ties: announcement_id). At most `limit`, except
  // that announcements with the same starts_at as the last one are never
  // split across pages (they are all on this page), so that `before` pages
  // without losing or repeating one.
  std::vector<ArchivedAnnouncement> items;
  // The `before` of the next page (the last item's starts_at); nullopt when
  // nothing older is left.
  std::optional<TimeMs> next_before;
};

Status ComputeArchive(const KvReader& r, const ArchiveQuery& q, TimeMs now, ArchivePage* out);

// One announcement with every revision, as an item of the archive; NotFound
// when it is unknown or shown nowhere (it lists no catalogued, non-retired
// service), as it would be missing from the archive.
Status ComputeAnnouncement(const KvReader& r, const std::string& announcement_id, TimeMs now,
                           ArchivedAnnouncement* out);

// Response times of one service per probe location, in buckets.
struct LatencyBucket {
  TimeMs start = 0;
  uint64_t passed = 0, failed = 0;
  ExactSum latency_us = 0;  // sum over the passing probes
  int64_t mean_ms = -1;     // mean latency of the passing probes, rounded to ms; -1 when none passed
};
struct LocationSeries {
  std::string location;
  std::vector<LatencyBucket> buckets;  // one per bucket of the window, in time order
};
struct ResponseTimes {
  std::string service_id, name;
  TimeMs from = 0, to = 0;  // [from, to): the last 24 h of ended minutes
  int bucket_minutes = 15;
  int64_t latency_threshold_ms = 0;
  std::vector<LocationSeries> locations;  // by location name
};

// The 24 hours before the last ended minute (to = start of the minute in
// progress), cut into bucket_minutes buckets aligned to the UTC clock (the
// first and last may be partial). NotFound for an unknown or retired service.
Status ComputeResponseTimes(const KvReader& r, const std::string& service_id, TimeMs now, ResponseTimes* out,
                            int bucket_minutes = 15);

}  // namespace followup
