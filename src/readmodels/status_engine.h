// Live operating status for citizens (status.md): a pure function of the
// projection store and the instant t. Nothing here touches threads, clocks or
// rendering; StatusBoard calls it every second and after each folded batch.
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
const char* LevelName(StatusLevel l);     // "operational", ... (wire names)
const char* LevelLabelSv(StatusLevel l);  // "Fungerar normalt", ...

// Why a service has its level (drives the explanation and the Statuspage mapping).
enum class StatusCause : uint8_t {
  kNone,             // operational
  kLocationsFailing, // some or most probe locations fail
  kSlow,             // passing probes slower than the threshold
  kIncident,         // an open incident lifted the level to degraded
  kMaintenance,      // inside a maintenance window
  kNoProbes,         // no observed minute in the window
};

struct StatusParams {
  TimeMs window_ms = 5 * kMsPerMinute;      // step 2: minute end >= t - window
  int observed_minutes = 3;                 // step 2: the last N observed minutes
  TimeMs since_bound_ms = 24 * 3600 * 1000; // how far back "since" is searched
  TimeMs upcoming_ms = 14LL * 24 * 3600 * 1000;  // upcoming maintenance horizon
};

// An announcement's winning revision and where it stands at t.
enum class AnnouncementPhase : uint8_t { kActive, kUpcoming, kPast };
struct AnnouncementInfo {
  AnnouncementEvent a;
  TimeMs updated_at = 0;  // occurred_at of the winning revision
  AnnouncementPhase phase = AnnouncementPhase::kPast;
};

struct ServiceStatus {
  std::string service_id, name, url;
  StatusLevel level = StatusLevel::kUnknown;
  StatusCause cause = StatusCause::kNoProbes;
  TimeMs since = 0;
  bool since_lower_bound = false;  // level held for the whole search bound
  std::string explanation_sv;      // one line, plain text (escape when rendering)
  std::vector<Alternative> alternatives;  // non-empty only when level != operational
  std::vector<size_t> announcements;  // into CityStatus::announcements: active, then upcoming; by starts_at
  // The facts behind the level, for the API.
  int observed = 0;                 // observed minutes in the window (0..3)
  int locations = 0, failing = 0;   // of the latest observed minute
  int64_t mean_latency_us = -1;     // passing probes, latest observed minute; -1 none
  int64_t latency_threshold_us = 0;
};

struct CityStatus {
  TimeMs computed_at = 0;
  std::vector<ServiceStatus> services;  // non-retired, by name then id
  // Every winning revision, newest update first (ties: announcement_id).
  std::vector<AnnouncementInfo> announcements;
  // Planned maintenance (not cancelled) starting in (t, t + 14 days], by starts_at.
  std::vector<size_t> upcoming_maintenance;

  const ServiceStatus* Find(std::string_view service_id) const;
  // How many services have the level.
  int Count(StatusLevel l) const;
};

// Reads cat/, ann/ and m/<service>/ through r (a consistent snapshot).
Status ComputeStatus(const KvReader& r, TimeMs now, CityStatus* out, const StatusParams& p = {});

// True when the incident is open at t (step 4).
bool IncidentOpenAt(const AnnouncementEvent& a, TimeMs t);
// True when the planned maintenance covers t (step 1).
bool MaintenanceCovers(const AnnouncementEvent& a, TimeMs t);

// Swedish labels used by every surface.
const char* AnnouncementStateSv(AnnouncementState s);  // "Vi undersöker felet", ...
const char* AnnouncementKindSv(AnnouncementKind k);    // "Driftstörning", "Planerat underhåll"
const char* AltChannelSv(AltChannel c);                // "Telefon", "Besök", ...

}  // namespace followup
