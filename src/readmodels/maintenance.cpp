#include "readmodels/maintenance.h"

#include <algorithm>

#include "projections/availability.h"
#include "projections/keys.h"

namespace followup {
namespace {

std::vector<MinuteRange> Merge(std::vector<MinuteRange> r) {
  std::sort(r.begin(), r.end(), [](const MinuteRange& a, const MinuteRange& b) { return a.from < b.from; });
  std::vector<MinuteRange> out;
  for (const auto& x : r) {
    if (x.from >= x.to) continue;
    if (!out.empty() && x.from <= out.back().to)
      out.back().to = std::max(out.back().to, x.to);
    else
      out.push_back(x);
  }
  return out;
}

}  // namespace

Status LoadAnnouncements(const KvReader& store, std::vector<AnnouncementRecord>* out) {
  Status bad;
  Status s = store.Scan(keys::kAnnouncementPrefix, PrefixEnd(keys::kAnnouncementPrefix), [&](auto k, auto v) {
    AnnouncementRecord r;
    if (!r.Decode(v)) {
      bad = Status::Corruption("cannot decode " + std::string(k));
      return false;
    }
    out->push_back(std::move(r));
    return true;
  });
  return s.ok() ? bad : s;
}

std::map<std::string, std::vector<MinuteRange>> MaintenanceMinutes(
    const std::vector<AnnouncementRecord>& anns, MinuteIdx from, MinuteIdx to) {
  std::map<std::string, std::vector<MinuteRange>> out;
  for (const auto& rec : anns) {
    const AnnouncementEvent& a = rec.announcement;
    if (a.kind != AnnouncementKind::kPlannedMaintenance || a.state == AnnouncementState::kCancelled ||
        !a.ends_at)
      continue;
    // Minutes whose start lies in [starts_at, ends_at).
    MinuteIdx lo = std::max(MinuteCeil(a.starts_at), from);
    MinuteIdx hi = std::min(MinuteCeil(*a.ends_at), to);
    if (lo < hi)
      for (const auto& sid : a.service_ids) out[sid].push_back({lo, hi});
  }
  for (auto& [sid, ranges] : out) ranges = Merge(std::move(ranges));
  return out;
}

Status CountProbeVerdicts(const KvReader& store, const std::string& service, MinuteRange range,
                          VerdictTally* tally) {
  if (range.from >= range.to) return Status::Ok();
  Status bad;
  auto minutes = [&](MinuteIdx from, MinuteIdx to) {
    if (from >= to) return Status::Ok();
    MinuteState m;
    Status s = store.Scan(keys::Minute(service, from), keys::Minute(service, to), [&](auto k, auto v) {
      if (!m.Decode(v)) {
        bad = Status::Corruption("cannot decode " + std::string(k));
        return false;
      }
      switch (ProbeVerdict(m)) {
        case Verdict::kUp:
          ++tally->up;
          break;
        case Verdict::kDegraded:
          ++tally->degraded;
          break;
        case Verdict::kDown:
          ++tally->down;
          break;
        default:
          break;
      }
      return true;
    });
    return s.ok() ? bad : s;
  };
  const int64_t first_hour = FloorDiv(range.from + 59, 60), end_hour = FloorDiv(range.to, 60);
  if (first_hour >= end_hour) return minutes(range.from, range.to);
  Status s = minutes(range.from, first_hour * 60);
  if (!s.ok()) return s;
  DayCounts h;
  s = store.Scan(keys::Hour(service, first_hour), keys::Hour(service, end_hour), [&](auto k, auto v) {
    if (!h.Decode(v)) {
      bad = Status::Corruption("cannot decode " + std::string(k));
      return false;
    }
    tally->up += h.minutes_up;
    tally->degraded += h.minutes_degraded;
    tally->down += h.minutes_down;
    return true;
  });
  if (!s.ok() || !bad.ok()) return s.ok() ? bad : s;
  return minutes(end_hour * 60, range.to);
}

Status SubtractMaintenance(const KvReader& store, const std::string& service,
                           const std::vector<MinuteRange>& ranges, VerdictTally* tally, int64_t* minutes) {
  *minutes = 0;
  VerdictTally covered;
  for (const auto& r : ranges) {
    *minutes += r.to - r.from;
    Status s = CountProbeVerdicts(store, service, r, &covered);
    if (!s.ok()) return s;
  }
  tally->up -= covered.up;
  tally->degraded -= covered.degraded;
  tally->down -= covered.down;
  return Status::Ok();
}

}  // namespace followup
