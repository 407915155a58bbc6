// Synthetic but realistic event load for the demo: a catalog of ~30 City of
// Stockholm e-services, backfilled monthly usage/adoption/survey/cost/benefit
// events for the current and the previous quarter, a few announcements
// (driftinformation), and live availability probes from three locations.
//
// Everything is derived from (seed, service, location, time) with a stateless
// hash, so generating the same time range twice gives byte-identical events
// with identical event_ids (the consumer de-duplicates them). The only state is
// the end of the last Tick and tonight's maintenance window (set by Backfill).
// Thread-safety: a Generator is not thread-safe; Services() is immutable.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "common/time.h"

namespace followup::demo {

// One Kafka message: full topic = prefix + topic_suffix ("followup." + "probes").
struct OutEvent {
  std::string topic_suffix;  // catalog | probes | usage | surveys | finance | announcements
  std::string key;           // MessageKey (events/message_key.h): service_id, "city", announcement_id...
  std::string json;
};

// How the demo makes a service misbehave. Roles come in pairs (slot 0 and 1,
// half a cycle apart, each "on" for a bit more than half the cycle), so at every
// instant at least one service is in outage, one degraded and one slow.
enum class DemoRole : uint8_t { kNormal, kOutageCycle, kDegradedCycle, kSlowCycle };

struct AlternativeDef {
  const char* channel;  // phone | visit | web | email
  const char* label;
  const char* contact;
};

struct ServiceDef {
  const char* id;        // slug
  const char* name;      // Swedish display name
  const char* owner;     // nämnd or bolag
  const char* category;  // grundlaggande | differentierande | innovativt
  int focus_area;        // 1..5
  const char* url;
  std::vector<AlternativeDef> alternatives;
  bool presents_case_status;
  bool wcag_aa;
  int64_t investment_sek;
  int latency_threshold_ms;  // 0: field absent (spec default 2000)
  bool retired;            // retired services are not probed and have data only early in the previous quarter
  int base_monthly_cases;  // total cases per month over all channels
  DemoRole role;
  int role_slot;  // 0 or 1 for the paired roles
};

// The static catalog (catalog_data.cpp), in a fixed order.
const std::vector<ServiceDef>& Services();

inline constexpr const char* kProbeLocations[] = {"kista", "liljeholmen", "skarholmen"};
inline constexpr int kProbeLocationCount = 3;
inline constexpr TimeMs kProbeIntervalMs = 30'000;
// Backfill probes cover (now - kProbeBackfillMs, now]; a Tick never reaches back further.
inline constexpr TimeMs kProbeBackfillMs = 30 * kMsPerMinute;

// Deterministic for a given seed. Not thread-safe.
class Generator {
 public:
  explicit Generator(uint64_t seed);

  // Catalog entries for all services plus backfilled usage, adoption, survey, cost
  // and benefit events for the current and the previous calendar quarter
  // (Europe/Stockholm) up to `now`, probes for (now - 30 min, now], and
  // announcements: a resolved incident last week, a planned maintenance tonight
  // 22:00–02:00 local (always in the future), and a night maintenance in the previous
  // quarter. Afterwards Tick continues from `now`, and probes of the services in
  // tonight's maintenance fail (HTTP 503) inside its window.
  std::vector<OutEvent> Backfill(TimeMs now);

  // Probes scheduled in (last_tick, now]: every non-retired service is probed every
  // 30 s from each location, event time = the scheduled time (each (service,
  // location) pair has a fixed whole-second offset inside the 30 s cycle, so any
  // 30 s window holds exactly one probe per pair). last_tick is the previous
  // Tick's/Backfill's `now`, initially now - 30 s, and never earlier than now - 30 min.
  // A `now` at or before last_tick yields nothing.
  std::vector<OutEvent> Tick(TimeMs now);

  // Number of probes per 30 s: non-retired services × locations.
  size_t ProbesPerInterval() const;

 private:
  struct Maintenance {
    TimeMs start = 0, end = 0;
    std::vector<size_t> services;  // indices into Services()
  };
  void AppendProbes(TimeMs from_exclusive, TimeMs to_inclusive, std::vector<OutEvent>* out) const;
  // Backfill's monthly reports (generator_monthly.cpp).
  void AppendMonthlyReports(TimeMs now, std::vector<OutEvent>* out) const;
  bool InMaintenance(size_t svc, TimeMs t) const;

  uint64_t seed_;
  bool ticked_ = false;
  TimeMs last_tick_ = 0;
  Maintenance tonight_;
};

}  // namespace followup::demo
