// Scheduling arithmetic and probe.v1 event building for the probe agent.
//
// Schedule: target T at location L fires at the instants
//   phase(L, T, interval) + k * interval   (k integer, ms since the epoch)
// where phase is a stable hash of (L, T) modulo the interval. Targets therefore
// spread evenly over the interval instead of firing together, and the same
// target fires at the same instants across restarts of the agent. That makes
// the scheduled instant a natural identity of a check:
//   event_id = "<location>:<service_id>:<scheduled RFC 3339 UTC>"
// ':' cannot occur in a slug, so the id is unambiguous (with '-' as separator
// "a-b" + "c" and "a" + "b-c" would collide), and it fits in 128 characters
// (32 + 1 + 64 + 1 + 24). A re-sent result has the same id; the service folds
// it once. occurred_at is the scheduled instant too.
// Thread-safety: pure functions.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "common/time.h"

namespace followup::probe {

// Stable across runs and platforms (FNV-1a 64 of "location\nservice_id").
uint64_t TargetHash(std::string_view location, std::string_view service_id);
// In [0, interval_ms).
int64_t SchedulePhase(std::string_view location, std::string_view service_id, int64_t interval_ms);
// The first scheduled instant strictly after `after`.
TimeMs NextSlotAfter(TimeMs after, int64_t phase, int64_t interval_ms);
// The last scheduled instant at or before `t`.
TimeMs SlotAtOrBefore(TimeMs t, int64_t phase, int64_t interval_ms);

std::string ProbeEventId(std::string_view location, std::string_view service_id, TimeMs scheduled);

struct CheckResult {
  bool ok = false;
  double latency_ms = 0;  // wall time of the whole check
  int http_status = 0;    // final response; 0: none
  std::string error;      // empty when ok
};

// probe.v1 JSON (one line). error is cut to 512 code points (valid UTF-8);
// http_status and error are omitted when absent.
std::string BuildProbeEvent(std::string_view location, std::string_view service_id, TimeMs scheduled,
                            const CheckResult& r, std::string* event_id = nullptr);

// Cuts s to at most max_code_points code points without splitting a UTF-8
// sequence; invalid bytes are replaced by '?'.
std::string Utf8Truncate(std::string_view s, size_t max_code_points);

}  // namespace followup::probe
