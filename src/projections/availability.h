// Minute verdicts (indicators.md, "Minute verdicts"). The stored MinuteState
// holds per-location probe counts, which are order-independent sums; the
// verdict is a pure function of them, so a late probe simply changes the
// counts and the verdict follows. Maintenance is applied on read (see
// MaintenanceIndex) because an announcement can cover minutes that have no
// probes and can be revised or cancelled later.
#pragma once
#include <cstdint>

#include "events/event.h"
#include "projections/records.h"

namespace followup {

enum class Verdict : uint8_t { kUnknown, kUp, kDegraded, kDown, kMaintenance };
const char* VerdictName(Verdict v);

// The locations of a minute that reported a probe, and those of them that
// fail. A location fails when it has >= 1 failed probe and failed >= passed.
// The one home of that rule: the fold's verdicts and the status engine's
// "n of m locations" both count with it.
struct LocationTally {
  int reporting = 0, failing = 0;
};
LocationTally TallyLocations(const MinuteState& m);

// Verdict from probes alone (rules 2-5): unknown when no location reported,
// down when a strict majority of locations fail, degraded when any fails
// (TallyLocations).
Verdict ProbeVerdict(const MinuteState& m);

// Adds one probe to the minute's counts (keeps locations sorted).
void AddProbe(MinuteState* m, const ProbeEvent& p);

// Mean latency of passing probes across all locations, in microseconds;
// -1 when no probe passed.
int64_t MeanPassingLatencyUs(const MinuteState& m);

// Moves one minute's contribution in a quarter's verdict counters.
void CountVerdict(ServiceQuarter* q, Verdict v, int delta);
void CountVerdict(DayCounts* d, Verdict v, int delta);

}  // namespace followup
