// Values stored by the projections, with their binary codecs. Each Decode
// returns false on malformed bytes (the store then reports corruption).
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "events/event.h"
#include "events/reject_reason.h"

namespace followup {

// An exact sum of event values (events.md: "every sum and count over them is
// exact however many events contribute"). Each value fits int64, so 2^64 of
// them cannot overflow it. Stored as a zig-zag varint: one byte for small
// sums, at most 19. Counts of events stay int64: one per event.
using ExactSum = __int128;

// cat/<service_id>: the catalog entry with the latest occurred_at (a tie: the
// greater event_id).
struct CatalogRecord {
  ServiceEvent service;
  TimeMs occurred_at = 0;
  std::string event_id;
  std::string Encode() const;
  bool Decode(std::string_view bytes);
};

// Where a message sits in the log: for dedup records and conflict reports.
struct LogPosition {
  std::string topic;
  int32_t partition = -1;
  int64_t offset = -1;
  std::string ToString() const;  // "followup.probes/3@1234", "unknown position" when unset
};

// d/<window>/<event_id>: the first folded copy of an event id in one window of
// log time: its content digest (projections/content.h) and where it was read.
struct DedupRecord {
  std::string digest;  // 32 bytes
  LogPosition first;
  std::string Encode() const;
  bool Decode(std::string_view bytes);
};

// ann/<announcement_id>: the winning (highest) revision.
// ar/<announcement_id>/<revision>: one revision of it (the greater event_id
// among copies of that revision number), kept for the update timeline.
struct AnnouncementRecord {
  AnnouncementEvent announcement;
  TimeMs occurred_at = 0;
  std::string event_id;
  std::string Encode() const;
  bool Decode(std::string_view bytes);
};

// tgt/...: the winning target.v1 for one (indicator, scope, scope_id, year):
// latest occurred_at, a tie to the greater event_id; kept when withdrawn so
// that an older decision cannot come back.
struct TargetRecord {
  TargetEvent target;
  TimeMs occurred_at = 0;
  std::string event_id;
  std::string Encode() const;
  bool Decode(std::string_view bytes);
};

// m/<service>/<minute>: what the probes of one service-minute said, per location.
struct LocationCounts {
  std::string location;
  uint64_t passed = 0, failed = 0;
  ExactSum passed_latency_us = 0;  // sum over passing probes
};
struct MinuteState {
  std::vector<LocationCounts> locations;  // sorted by location
  std::string Encode() const;
  bool Decode(std::string_view bytes);
};

// q/<quarter>/<service>: additive figures of one service in one quarter.
// Fields are listed once here, each as a COUNT of events (int64) or a SUM of
// event values (ExactSum); the codec and the dump iterate the list.
// clang-format off
#define FOLLOWUP_SERVICE_QUARTER_FIELDS(COUNT, SUM)                            \
  COUNT(usage_events) SUM(usage_contact_digital)                               \
  COUNT(adoption_events) SUM(adoption_licensed) SUM(adoption_active)           \
  COUNT(cost_events) SUM(cost_total_micro) SUM(cost_portfolio_micro)           \
  COUNT(benefit_events) SUM(benefit_realized_micro) SUM(benefit_hours_micro)   \
  COUNT(probes) COUNT(probes_failed) COUNT(minutes_up) COUNT(minutes_degraded) \
  COUNT(minutes_down)
// clang-format on

struct ServiceQuarter {
#define FOLLOWUP_DECLARE_COUNT(name) int64_t name = 0;
#define FOLLOWUP_DECLARE_SUM(name) ExactSum name = 0;
  FOLLOWUP_SERVICE_QUARTER_FIELDS(FOLLOWUP_DECLARE_COUNT, FOLLOWUP_DECLARE_SUM)
#undef FOLLOWUP_DECLARE_COUNT
#undef FOLLOWUP_DECLARE_SUM
  std::array<ExactSum, kChannelCount> usage_cases{};
  std::array<ExactSum, kCostKindCount> cost_by_kind_micro{};
  // [question][group]
  std::array<std::array<int64_t, kGroupCount>, kQuestionCount> survey_positive{};
  std::array<std::array<int64_t, kGroupCount>, kQuestionCount> survey_total{};

  std::string Encode() const;
  bool Decode(std::string_view bytes);
  // Canonical text, for dumps and test diffs.
  std::string ToText() const;
};

// v/<service>/<day>: minute verdicts (probes only) and probe results of one
// service on one UTC day; feeds rolling windows such as the 30-day availability.
// h/<service>/<hour>: the same for one UTC hour; feeds counts over minute
// ranges (maintenance windows, local days).
struct DayCounts {
  int64_t minutes_up = 0, minutes_degraded = 0, minutes_down = 0, probes = 0, probes_failed = 0;
  std::string Encode() const;
  bool Decode(std::string_view bytes);
};

// c/<topic>/<partition>: totals over the whole log, per input partition.
struct IngestCounters {
  int64_t folded = 0;               // valid, new events (including stale catalog/announcement revisions)
  int64_t duplicates = 0;           // valid events whose event_id was already folded
  int64_t rejected = 0;             // sent to the dead-letter topic
  int64_t id_conflicts = 0;         // valid events whose event_id was folded with other content
  int64_t deadletters_dropped = 0;  // rejected events whose dead letter the topic refused for good
  std::array<int64_t, kEventTypeCount> folded_by_type{};
  std::array<int64_t, kRejectReasonCount> rejected_by_category{};  // indexed by RejectReason
  std::string Encode() const;
  bool Decode(std::string_view bytes);
};

}  // namespace followup
