#include "probe/probe_event.h"

#include <cmath>
#include <cstdio>

#include "common/escape.h"

namespace followup::probe {
namespace {

int64_t FloorDiv(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

// Length of the valid UTF-8 sequence starting at s[i], or 0 when invalid.
size_t Utf8Len(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k)
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
  if (n == 2 && c < 0xC2) return 0;  // overlong
  if (n == 3) {
    unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
    if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0)) return 0;  // overlong, surrogates
  }
  if (n == 4) {
    unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
    if ((c == 0xF0 && c1 < 0x90) || c > 0xF4 || (c == 0xF4 && c1 >= 0x90)) return 0;
  }
  return n;
}

}  // namespace

uint64_t TargetHash(std::string_view location, std::string_view service_id) {
  uint64_t h = 14695981039346656037ull;
  auto mix = [&h](std::string_view s) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 1099511628211ull;
    }
  };
  mix(location);
  mix("\n");
  mix(service_id);
  // FNV-1a has weak low bits for short keys; finish with a 64-bit mixer.
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 33;
  return h;
}

int64_t SchedulePhase(std::string_view location, std::string_view service_id, int64_t interval_ms) {
  if (interval_ms <= 0) return 0;
  return int64_t(TargetHash(location, service_id) % uint64_t(interval_ms));
}

TimeMs SlotAtOrBefore(TimeMs t, int64_t phase, int64_t interval_ms) {
  return phase + FloorDiv(t - phase, interval_ms) * interval_ms;
}

TimeMs NextSlotAfter(TimeMs after, int64_t phase, int64_t interval_ms) {
  return SlotAtOrBefore(after, phase, interval_ms) + interval_ms;
}

std::string ProbeEventId(std::string_view location, std::string_view service_id, TimeMs scheduled) {
  std::string id;
  id.reserve(location.size() + service_id.size() + 26);
  id.append(location).append(":").append(service_id).append(":").append(FormatRfc3339Utc(scheduled));
  return id;
}

std::string Utf8Truncate(std::string_view s, size_t max_code_points) {
  std::string out;
  out.reserve(std::min(s.size(), max_code_points * 4));
  size_t cps = 0;
  for (size_t i = 0; i < s.size() && cps < max_code_points; ++cps) {
    size_t n = Utf8Len(s, i);
    if (n == 0) {
      out.push_back('?');
      ++i;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
  }
  return out;
}

std::string BuildProbeEvent(std::string_view location, std::string_view service_id, TimeMs scheduled,
                            const CheckResult& r, std::string* event_id) {
  std::string id = ProbeEventId(location, service_id, scheduled);
  double latency = std::isfinite(r.latency_ms) && r.latency_ms > 0 ? r.latency_ms : 0.0;
  char lat[32];
  std::snprintf(lat, sizeof lat, "%.3f", latency);
  std::string out;
  out.reserve(256 + r.error.size());
  out += "{\"type\":\"probe.v1\",\"event_id\":\"";
  out += id;  // slug and RFC 3339 characters only: nothing to escape
  out += "\",\"occurred_at\":\"";
  out += FormatRfc3339Utc(scheduled);
  out += "\",\"source\":\"followup-probe\",\"service_id\":\"";
  out += JsonEscape(service_id);
  out += "\",\"location\":\"";
  out += JsonEscape(location);
  out += "\",\"ok\":";
  out += r.ok ? "true" : "false";
  out += ",\"latency_ms\":";
  out += lat;
  if (r.http_status >= 100 && r.http_status <= 599)
    out += ",\"http_status\":" + std::to_string(r.http_status);
  if (!r.error.empty()) {
    out += ",\"error\":\"";
    out += JsonEscape(Utf8Truncate(r.error, 512));
    out += "\"";
  }
  out += "}";
  if (event_id) *event_id = std::move(id);
  return out;
}

}  // namespace followup::probe
