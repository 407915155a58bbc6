#include "projections/availability.h"

#include <algorithm>

namespace followup {

const char* VerdictName(Verdict v) {
  switch (v) {
    case Verdict::kUnknown:
      return "unknown";
    case Verdict::kUp:
      return "up";
    case Verdict::kDegraded:
      return "degraded";
    case Verdict::kDown:
      return "down";
    case Verdict::kMaintenance:
      return "maintenance";
  }
  return "unknown";
}

LocationTally TallyLocations(const MinuteState& m) {
  LocationTally t;
  for (const auto& l : m.locations) {
    if (l.passed + l.failed == 0) continue;
    ++t.reporting;
    if (l.failed >= 1 && l.failed >= l.passed) ++t.failing;
  }
  return t;
}

Verdict ProbeVerdict(const MinuteState& m) {
  const auto [n, f] = TallyLocations(m);
  if (n == 0) return Verdict::kUnknown;
  if (2 * f > n) return Verdict::kDown;
  if (f >= 1) return Verdict::kDegraded;
  return Verdict::kUp;
}

void AddProbe(MinuteState* m, const ProbeEvent& p) {
  auto it =
      std::lower_bound(m->locations.begin(), m->locations.end(), p.location,
                       [](const LocationCounts& l, const std::string& loc) { return l.location < loc; });
  if (it == m->locations.end() || it->location != p.location) {
    it = m->locations.insert(it, LocationCounts{p.location, 0, 0, 0});
  }
  if (p.ok) {
    ++it->passed;
    it->passed_latency_us += p.latency_us;
  } else {
    ++it->failed;
  }
}

int64_t MeanPassingLatencyUs(const MinuteState& m) {
  ExactSum sum = 0;
  uint64_t n = 0;
  for (const auto& l : m.locations) {
    sum += l.passed_latency_us;
    n += l.passed;
  }
  return n ? int64_t(sum / n) : -1;  // a mean of latencies <= 1e12 us fits
}

namespace {
template <class T>
void CountVerdictIn(T* c, Verdict v, int delta) {
  switch (v) {
    case Verdict::kUp:
      c->minutes_up += delta;
      break;
    case Verdict::kDegraded:
      c->minutes_degraded += delta;
      break;
    case Verdict::kDown:
      c->minutes_down += delta;
      break;
    default:
      break;
  }
}
}  // namespace

void CountVerdict(ServiceQuarter* q, Verdict v, int delta) { CountVerdictIn(q, v, delta); }
void CountVerdict(DayCounts* d, Verdict v, int delta) { CountVerdictIn(d, v, delta); }

}  // namespace followup
