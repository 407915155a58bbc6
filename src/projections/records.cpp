#include "projections/records.h"

#include "common/bytes.h"
#include "common/decimal.h"

namespace followup {
namespace {

// Bumped when an encoding changes; old values are then refused, not misread.
constexpr uint64_t kRecordVersion = 2;

bool Header(ByteReader& r) { return r.U64() == kRecordVersion && !r.fail(); }

}  // namespace

std::string CatalogRecord::Encode() const {
  std::string out;
  ByteWriter w(&out);
  w.U64(kRecordVersion);
  const ServiceEvent& s = service;
  w.Str(s.service_id);
  w.Str(s.name);
  w.Str(s.owner);
  w.U64(uint64_t(s.category));
  w.U64(uint64_t(s.focus_area));
  w.Str(s.url);
  w.U64(s.alternatives.size());
  for (const auto& a : s.alternatives) {
    w.U64(uint64_t(a.channel));
    w.Str(a.label);
    w.Str(a.contact);
  }
  w.Bool(s.presents_case_status);
  w.Bool(s.wcag_aa);
  w.I64(s.investment_micro);
  w.I64(s.latency_threshold_us);
  w.Bool(s.retired);
  w.I64(occurred_at);
  w.Str(event_id);
  return out;
}

bool CatalogRecord::Decode(std::string_view bytes) {
  ByteReader r(bytes);
  if (!Header(r)) return false;
  ServiceEvent& s = service;
  s.service_id = r.Str();
  s.name = r.Str();
  s.owner = r.Str();
  s.category = Category(r.U64());
  s.focus_area = int(r.U64());
  s.url = r.Str();
  uint64_t n = r.U64();
  if (n > 10) return false;
  s.alternatives.clear();
  for (uint64_t i = 0; i < n && !r.fail(); ++i) {
    Alternative a;
    a.channel = AltChannel(r.U64());
    a.label = r.Str();
    a.contact = r.Str();
    s.alternatives.push_back(std::move(a));
  }
  s.presents_case_status = r.Bool();
  s.wcag_aa = r.Bool();
  s.investment_micro = r.I64();
  s.latency_threshold_us = r.I64();
  s.retired = r.Bool();
  occurred_at = r.I64();
  event_id = r.Str();
  return !r.fail() && r.done();
}

std::string AnnouncementRecord::Encode() const {
  std::string out;
  ByteWriter w(&out);
  w.U64(kRecordVersion);
  const AnnouncementEvent& a = announcement;
  w.Str(a.announcement_id);
  w.I64(a.revision);
  w.U64(uint64_t(a.kind));
  w.U64(a.service_ids.size());
  for (const auto& s : a.service_ids) w.Str(s);
  w.U64(uint64_t(a.state));
  w.I64(a.starts_at);
  w.Bool(a.ends_at.has_value());
  w.I64(a.ends_at.value_or(0));
  w.Str(a.title_sv);
  w.Str(a.body_sv);
  w.Str(a.title_en);
  w.Str(a.body_en);
  w.I64(occurred_at);
  w.Str(event_id);
  return out;
}

bool AnnouncementRecord::Decode(std::string_view bytes) {
  ByteReader r(bytes);
  if (!Header(r)) return false;
  AnnouncementEvent& a = announcement;
  a.announcement_id = r.Str();
  a.revision = r.I64();
  a.kind = AnnouncementKind(r.U64());
  uint64_t n = r.U64();
  if (n > 200) return false;
  a.service_ids.clear();
  for (uint64_t i = 0; i < n && !r.fail(); ++i) a.service_ids.push_back(r.Str());
  a.state = AnnouncementState(r.U64());
  a.starts_at = r.I64();
  bool has_end = r.Bool();
  int64_t end = r.I64();
  a.ends_at = has_end ? std::optional<TimeMs>(end) : std::nullopt;
  a.title_sv = r.Str();
  a.body_sv = r.Str();
  a.title_en = r.Str();
  a.body_en = r.Str();
  occurred_at = r.I64();
  event_id = r.Str();
  return !r.fail() && r.done();
}

std::string MinuteState::Encode() const {
  std::string out;
  ByteWriter w(&out);
  w.U64(locations.size());
  for (const auto& l : locations) {
    w.Str(l.location);
    w.U64(l.passed);
    w.U64(l.failed);
    w.I128(l.passed_latency_us);
  }
  return out;
}

bool MinuteState::Decode(std::string_view bytes) {
  ByteReader r(bytes);
  uint64_t n = r.U64();
  if (r.fail() || n > bytes.size()) return false;
  locations.clear();
  locations.reserve(n);
  for (uint64_t i = 0; i < n && !r.fail(); ++i) {
    LocationCounts l;
    l.location = r.Str();
    l.passed = r.U64();
    l.failed = r.U64();
    l.passed_latency_us = r.I128();
    locations.push_back(std::move(l));
  }
  return !r.fail() && r.done();
}

std::string ServiceQuarter::Encode() const {
  std::string out;
  ByteWriter w(&out);
  w.U64(kRecordVersion);
#define FOLLOWUP_ENCODE_COUNT(name) w.I64(name);
#define FOLLOWUP_ENCODE_SUM(name) w.I128(name);
  FOLLOWUP_SERVICE_QUARTER_FIELDS(FOLLOWUP_ENCODE_COUNT, FOLLOWUP_ENCODE_SUM)
#undef FOLLOWUP_ENCODE_COUNT
#undef FOLLOWUP_ENCODE_SUM
  for (ExactSum v : usage_cases) w.I128(v);
  for (ExactSum v : cost_by_kind_micro) w.I128(v);
  for (const auto& row : survey_positive)
    for (int64_t v : row) w.I64(v);
  for (const auto& row : survey_total)
    for (int64_t v : row) w.I64(v);
  return out;
}

bool ServiceQuarter::Decode(std::string_view bytes) {
  ByteReader r(bytes);
  if (!Header(r)) return false;
#define FOLLOWUP_DECODE_COUNT(name) name = r.I64();
#define FOLLOWUP_DECODE_SUM(name) name = r.I128();
  FOLLOWUP_SERVICE_QUARTER_FIELDS(FOLLOWUP_DECODE_COUNT, FOLLOWUP_DECODE_SUM)
#undef FOLLOWUP_DECODE_COUNT
#undef FOLLOWUP_DECODE_SUM
  for (ExactSum& v : usage_cases) v = r.I128();
  for (ExactSum& v : cost_by_kind_micro) v = r.I128();
  for (auto& row : survey_positive)
    for (int64_t& v : row) v = r.I64();
  for (auto& row : survey_total)
    for (int64_t& v : row) v = r.I64();
  return !r.fail() && r.done();
}

std::string ServiceQuarter::ToText() const {
  std::string out;
#define FOLLOWUP_TEXT_FIELD(name) out += " " #name "=" + FormatInt(name);
  FOLLOWUP_SERVICE_QUARTER_FIELDS(FOLLOWUP_TEXT_FIELD, FOLLOWUP_TEXT_FIELD)
#undef FOLLOWUP_TEXT_FIELD
  for (int c = 0; c < kChannelCount; ++c)
    out += std::string(" usage_cases.") + Name(Channel(c)) + "=" + FormatInt(usage_cases[c]);
  for (int k = 0; k < kCostKindCount; ++k)
    out += std::string(" cost.") + Name(CostKind(k)) + "=" + FormatInt(cost_by_kind_micro[k]);
  for (int q = 0; q < kQuestionCount; ++q)
    for (int g = 0; g < kGroupCount; ++g)
      if (survey_total[q][g])
        out += std::string(" survey.") + Name(Question(q)) + "." + Name(RespondentGroup(g)) + "=" +
               std::to_string(survey_positive[q][g]) + "/" + std::to_string(survey_total[q][g]);
  return out;
}

std::string IngestCounters::Encode() const {
  std::string out;
  ByteWriter w(&out);
  w.U64(kRecordVersion);
  w.I64(folded);
  w.I64(duplicates);
  w.I64(rejected);
  w.I64(id_conflicts);
  w.I64(deadletters_dropped);
  for (int64_t v : folded_by_type) w.I64(v);
  for (int64_t v : rejected_by_category) w.I64(v);
  return out;
}

bool IngestCounters::Decode(std::string_view bytes) {
  ByteReader r(bytes);
  if (!Header(r)) return false;
  folded = r.I64();
  duplicates = r.I64();
  rejected = r.I64();
  id_conflicts = r.I64();
  deadletters_dropped = r.I64();
  for (int64_t& v : folded_by_type) v = r.I64();
  for (int64_t& v : rejected_by_category) v = r.I64();
  return !r.fail() && r.done();
}

std::string TargetRecord::Encode() const {
  std::string out;
  ByteWriter w(&out);
  w.U64(kRecordVersion);
  const TargetEvent& t = target;
  w.Str(t.indicator);
  w.U64(uint64_t(t.scope));
  w.Str(t.scope_id);
  w.I64(t.year);
  w.Bool(t.withdrawn);
  w.I64(t.value_micro);
  w.I64(t.tolerance_micro);
  w.I64(occurred_at);
  w.Str(event_id);
  return out;
}

bool TargetRecord::Decode(std::string_view bytes) {
  ByteReader r(bytes);
  if (!Header(r)) return false;
  TargetEvent& t = target;
  t.indicator = r.Str();
  uint64_t scope = r.U64();
  if (scope > uint64_t(Scope::kService)) return false;
  t.scope = Scope(scope);
  t.scope_id = r.Str();
  t.year = int(r.I64());
  t.withdrawn = r.Bool();
  t.value_micro = r.I64();
  t.tolerance_micro = r.I64();
  occurred_at = r.I64();
  event_id = r.Str();
  return !r.fail() && r.done();
}

std::string LogPosition::ToString() const {
  if (partition < 0) return "unknown position";
  return topic + "/" + std::to_string(partition) + "@" + std::to_string(offset);
}

std::string DedupRecord::Encode() const {
  std::string out;
  ByteWriter w(&out);
  w.U64(kRecordVersion);
  w.Str(digest);
  w.Str(first.topic);
  w.I64(first.partition);
  w.I64(first.offset);
  return out;
}

bool DedupRecord::Decode(std::string_view bytes) {
  ByteReader r(bytes);
  if (!Header(r)) return false;
  digest = r.Str();
  first.topic = r.Str();
  first.partition = int32_t(r.I64());
  first.offset = r.I64();
  return !r.fail() && r.done() && digest.size() == 32;
}

std::string DayCounts::Encode() const {
  std::string out;
  ByteWriter w(&out);
  w.U64(kRecordVersion);
  w.I64(minutes_up);
  w.I64(minutes_degraded);
  w.I64(minutes_down);
  w.I64(probes);
  w.I64(probes_failed);
  return out;
}

bool DayCounts::Decode(std::string_view bytes) {
  ByteReader r(bytes);
  if (!Header(r)) return false;
  minutes_up = r.I64();
  minutes_degraded = r.I64();
  minutes_down = r.I64();
  probes = r.I64();
  probes_failed = r.I64();
  return !r.fail() && r.done();
}

}  // namespace followup
