// Live operating status for citizens (status.md): a pure function of the
// projection store and the instant t. Nothing here touches threads, clocks or
// rendering; StatusBoard calls it after each folded batch and when
// next_change_at (the next instant the clock alone can change it) is reached.
//
// What citizens are shown, decided here once for every surface (page, widget,
// JSON, summary.json, Atom feed):
//  - an announcement is shown for the catalogued, non-retired services it
//    lists (AnnouncementInfo::services); one that lists none of them is shown
//    nowhere (it is not in CityStatus::announcements at all);
//  - per service, at most kShownAnnouncementsPerService of its active and
//    upcoming announcements are shown (ServiceStatus::shown): the active ones
//    first, then the newest update first; the rest is counted
//    (ServiceStatus::announcements) and reachable through the Atom feed.
//
// Level at t, per non-retired catalog service (status.md, steps 1-4):
//   1. maintenance: a live (not cancelled) planned_maintenance winning revision
//      lists the service and starts_at <= t < ends_at;
//   2. the "observed window": the minute verdicts (probes only, maintenance not
//      applied) of the last 3 minutes with verdict up/degraded/down among the
//      minutes that have ENDED (end <= t) within the last 5 minutes
//      (end >= t - 5 min); none: unknown (unless step 4);
//   3. outage when >= 2 of them are down; degraded when any is down/degraded or
//      the mean latency of passing probes in the latest of them exceeds the
//      service's latency_threshold_ms; else operational;
//   4. an open incident (investigating/identified/monitoring, starts_at <= t,
//      no ends_at <= t) listing the service lifts operational/unknown to
//      degraded (outage and maintenance stay).
// The minute containing t has not ended and is never part of the window, so
// a probe counts from the end of its minute until 5 minutes later: a service
// whose probes stop turns unknown 5 minutes after its last observed minute
// ended.
//
// "Since" (status.md is silent on the rule): the level is evaluated backwards
// over every instant where it can change - each minute boundary (the window
// moves) and each starts_at / ends_at of the service's announcements - for at
// most 24 h. `since` is the start of the most recent unbroken stretch with the
// current level. History uses the CURRENT winning revision of each
// announcement (older revisions are not stored); a resolved incident is taken
// to have applied from starts_at until min(ends_at, the resolving revision's
// occurred_at). When the level held for the whole 24 h, since_lower_bound is
// set (shown as "mer än ett dygn"; JSON since = null).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "events/event.h"
#include "projections/kv.h"

namespace followup {

enum class StatusLevel : uint8_t { kOperational, kDegraded, kOutage, kMaintenance, kUnknown };
// The names and labels here and below, and the announcement phases, are
// defined in status_terms.cpp; ComputeStatus in status_engine.cpp.
const char* LevelName(StatusLevel l);  // "operational", ... (wire names)
// The level of a wire name; nullopt for anything else.
std::optional<StatusLevel> ParseLevelName(std::string_view name);
const char* LevelLabelSv(StatusLevel l);  // "Fungerar normalt", ...
const char* LevelLabelEn(StatusLevel l);  // "Operating normally", ...: the English words of every surface

// Why a service has its level (drives the explanation and the Statuspage mapping).
enum class StatusCause : uint8_t {
  kNone,              // operational
  kLocationsFailing,  // some or most probe locations fail
  kSlow,              // passing probes slower than the threshold
  kIncident,          // an open incident lifted the level to degraded
  kMaintenance,       // inside a maintenance window
  kNoProbes,          // no observed minute in the window
};

// status.md: "at most the five newest per service on one page".
inline constexpr size_t kShownAnnouncementsPerService = 5;

struct StatusParams {
  TimeMs window_ms = 5 * kMsPerMinute;           // step 2: minute end >= t - window
  int observed_minutes = 3;                      // step 2: the last N observed minutes
  TimeMs since_bound_ms = 24 * 3600 * 1000;      // how far back "since" is searched
  TimeMs upcoming_ms = 14LL * 24 * 3600 * 1000;  // upcoming maintenance horizon
};

// An announcement's winning revision and where it stands at t.
enum class AnnouncementPhase : uint8_t { kActive, kUpcoming, kPast };
struct AnnouncementInfo {
  AnnouncementEvent a;    // as the event was written (texts are sanitised when rendered)
  TimeMs updated_at = 0;  // occurred_at of the winning revision
  AnnouncementPhase phase = AnnouncementPhase::kPast;
  // Into CityStatus::services: the catalogued, non-retired services it lists,
  // in the order listed, without duplicates; never empty.
  std::vector<size_t> services;
  bool shown = false;  // in ServiceStatus::shown of at least one of them
};

// What a service's explanation says (one line for citizens), as facts: the
// text tables word them (PageTexts::explain, texts_sv.cpp and texts_en.cpp),
// so that every language states the same facts. Filled by ComputeStatus for
// the cause; the members of other causes keep their defaults.
struct StatusFacts {
  StatusCause cause = StatusCause::kNoProbes;
  StatusLevel level = StatusLevel::kUnknown;
  TimeMs at = 0;  // the instant evaluated: a time on its local day is worded as a clock time
  TimeMs since = 0;
  bool since_lower_bound = false;  // the level held for the whole search bound
  // kMaintenance: the end of the window (none: it has none).
  std::optional<TimeMs> maintenance_ends_at;
  // kNoProbes: how far back measurements count (StatusParams::window_ms).
  int window_minutes = 0;
  // kIncident: the state of the open incident (none: not known).
  std::optional<AnnouncementState> incident_state;
  // kSlow: the mean latency of the passing probes of the latest observed minute.
  int64_t mean_latency_us = -1;
  // kLocationsFailing and kNone: the latest observed minute's reporting and
  // failing locations.
  int locations = 0, failing = 0;
  // kLocationsFailing at outage level with the latest minute passing: the
  // down minutes among the observed ones, and the start of the newest of them.
  int down_minutes = 0, observed_minutes = 0;
  TimeMs last_down_at = 0;
  // kLocationsFailing below outage level with the latest minute passing: the
  // start of the newest observed minute with a failing location (none: none
  // had one).
  std::optional<TimeMs> disturbed_at;
};

struct ServiceStatus {
  std::string service_id, name, url;
  std::string owner;  // the owning nämnd or bolag (catalog)
  StatusLevel level = StatusLevel::kUnknown;
  StatusCause cause = StatusCause::kNoProbes;
  TimeMs since = 0;
  bool since_lower_bound = false;  // level held for the whole search bound
  StatusFacts facts;               // what the explanation says
  std::string explanation_sv;      // facts worded by kTextsSv.explain: plain text (escape when rendering)
  std::vector<Alternative> alternatives;  // non-empty only when level != operational
  std::vector<size_t> announcements;  // into CityStatus::announcements: active, then upcoming; by starts_at
  // The ones citizens see: the first kShownAnnouncementsPerService of
  // `announcements` ranked active first, then newest update first; listed in
  // the order of `announcements`.
  std::vector<size_t> shown;
  // The facts behind the level, for the API.
  int observed = 0;                // observed minutes in the window (0..3)
  int locations = 0, failing = 0;  // of the latest observed minute
  int64_t mean_latency_us = -1;    // passing probes, latest observed minute; -1 none
  int64_t latency_threshold_us = 0;
  // The start of the newest minute of the service with a folded probe, at or
  // before the minute of t (probes stamped in the future do not count); none
  // when the service has no probe at all. Shown as "Senast kontrollerad".
  std::optional<TimeMs> newest_probe_at;
};

struct CityStatus {
  TimeMs computed_at = 0;
  // The first instant after computed_at at which ComputeStatus can give
  // another result without a new event: the next minute boundary (+1 ms: the
  // window of step 2 moves; the pages show the minute) or an announcement's
  // starts_at, ends_at or entry into the upcoming horizon, whichever is first.
  TimeMs next_change_at = 0;
  std::vector<ServiceStatus> services;  // non-retired, by name then id
  // Every winning revision that lists a catalogued, non-retired service,
  // newest update first (ties: announcement_id).
  std::vector<AnnouncementInfo> announcements;
  // Planned maintenance (not cancelled) starting in (t, t + 14 days] that is
  // shown (AnnouncementInfo::shown), by starts_at.
  std::vector<size_t> upcoming_maintenance;
  // The newest ServiceStatus::newest_probe_at of all services: the time of the
  // newest folded measurement, which the page shows and judges staleness by.
  std::optional<TimeMs> newest_probe_at;

  const ServiceStatus* Find(std::string_view service_id) const;
  // How many services have the level.
  int Count(StatusLevel l) const;
};

// Reads cat/, ann/ and m/<service>/ through r (a consistent snapshot).
Status ComputeStatus(const KvReader& r, TimeMs now, CityStatus* out, const StatusParams& p = {});

// Where an announcement's winning revision stands at t: active (an open
// incident, a maintenance window covering t), upcoming (not resolved or
// cancelled, starting after t) or past.
AnnouncementPhase PhaseAt(const AnnouncementEvent& a, TimeMs t);

// True when the incident is open at t (step 4).
bool IncidentOpenAt(const AnnouncementEvent& a, TimeMs t);
// True when the planned maintenance covers t (step 1).
bool MaintenanceCovers(const AnnouncementEvent& a, TimeMs t);

// Swedish labels used by every surface.
const char* AnnouncementStateSv(AnnouncementState s);  // "Vi undersöker felet", ...
// "Känt fel", "Planerat underhåll". An incident is not called "Driftstörning":
// that word is the outage level (status.md, Levels), and one word has one meaning.
const char* AnnouncementKindSv(AnnouncementKind k);
// The state in words that fit the kind and where it stands at t: an incident
// as AnnouncementStateSv; a planned maintenance "Planerat" before it starts,
// "Pågår" inside its window, "Avslutat" once over or resolved (never "Löst":
// nothing was broken), "Inställt" when cancelled.
const char* AnnouncementStatusSv(const AnnouncementEvent& a, AnnouncementPhase phase);
const char* AltChannelSv(AltChannel c);  // "Telefon", "Besök", ...

}  // namespace followup
