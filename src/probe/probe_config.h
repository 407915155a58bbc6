// Configuration of the probe agent (`followup probe --config probes.yaml`).
//
// The file is either a YAML list of targets, or a mapping:
//
//   concurrency: 256          # checks in flight at once, all targets (default 256)
//   buffer_limit: 100000      # results kept while Kafka is unreachable (default 100000)
//   kafka: {security.protocol: ssl, ...}   # librdkafka settings, verbatim (read at start)
//   targets:
//     - service_id: bygglov                # slug (events.md)
//       url: https://example.org/health    # http:// or https://
//       method: GET                        # GET | HEAD (default GET)
//       accept: [200-299, 304]             # codes / ranges (default 200-399)
//       timeout: 10s                       # whole check incl. DNS, TLS, redirects (default 10s)
//       interval: 30s                      # default 30s
//       body_contains: "Välkommen"         # optional, GET only
//       headers: {Accept-Language: sv}     # optional
//
// Durations are an integer with a unit: "500ms", "10s", "2m", "1h". Every error
// names the file and the line (YAML::Mark) of the offending node.
// Thread-safety: pure functions; a ProbeConfig is an immutable value once loaded.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "events/slug.h"

namespace followup::probe {

// Accepted HTTP status codes: a union of inclusive ranges.
class AcceptSet {
 public:
  AcceptSet() = default;
  static AcceptSet Default() { return AcceptSet({{200, 399}}); }
  explicit AcceptSet(std::vector<std::pair<int, int>> ranges) : ranges_(std::move(ranges)) {}
  // Parses "200-399", "200,204,300-399", "404". Codes must lie in 100..599.
  static std::optional<AcceptSet> Parse(std::string_view text, std::string* error);
  bool Accepts(int code) const;
  void Add(int lo, int hi) { ranges_.emplace_back(lo, hi); }
  const std::vector<std::pair<int, int>>& ranges() const { return ranges_; }
  std::string ToString() const;  // "200-299,304"
  bool operator==(const AcceptSet& o) const { return ranges_ == o.ranges_; }

 private:
  std::vector<std::pair<int, int>> ranges_;
};

struct ProbeTarget {
  std::string service_id;
  std::string url;
  std::string method = "GET";
  AcceptSet accept = AcceptSet::Default();
  int64_t timeout_ms = 10'000;
  int64_t interval_ms = 30'000;
  std::optional<std::string> body_contains;
  std::vector<std::pair<std::string, std::string>> headers;  // in file order
  int line = 0;  // 1-based line of the target in the file (for messages)

  bool operator==(const ProbeTarget& o) const {
    return service_id == o.service_id && url == o.url && method == o.method && accept == o.accept &&
           timeout_ms == o.timeout_ms && interval_ms == o.interval_ms && body_contains == o.body_contains &&
           headers == o.headers;
  }
};

struct ProbeConfig {
  std::vector<ProbeTarget> targets;
  int concurrency = 256;
  size_t buffer_limit = 100'000;
  std::map<std::string, std::string> kafka;
};

// "500ms", "10s", "2m", "1h" -> milliseconds; nullopt for anything else (no
// unit, negative, fractions, overflow).
std::optional<int64_t> ParseDuration(std::string_view s);
// Formats a duration the way errors quote it: "10 s", "0.5 s", "2 min".
std::string FormatSeconds(int64_t ms);

// ^[a-z0-9][a-z0-9-]{0,max-1}$ (events.md: service_id max 64, location max 32).
using followup::IsSlug;  // events/slug.h: the rule of the event contract

// Parses YAML text. `name` is used in messages ("probes.yaml:7: ...").
Status ParseProbeConfig(const std::string& text, const std::string& name, ProbeConfig* out);
// Reads and parses a file.
Status LoadProbeConfig(const std::string& path, ProbeConfig* out);

}  // namespace followup::probe
