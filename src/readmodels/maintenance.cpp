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

MaintenanceWindows MaintenanceMinutes(const std::vector<AnnouncementRecord>& anns, MinuteIdx from,
                                      MinuteIdx to) {
  MaintenanceWindows out;
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
                          VerdictTally* tally, MinuteIdx settled_before) {
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
  // Adds (sign +1) or removes (-1) the counts of DayCounts records: one day
  // row, or the hour rows of [from, to).
  auto counts = [&](std::string_view from, std::string_view to, int sign) {
    DayCounts c;
    Status s = store.Scan(from, to, [&](auto k, auto v) {
      if (!c.Decode(v)) {
        bad = Status::Corruption("cannot decode " + std::string(k));
        return false;
      }
      tally->up += sign * c.minutes_up;
      tally->degraded += sign * c.minutes_degraded;
      tally->down += sign * c.minutes_down;
      return true;
    });
    return s.ok() ? bad : s;
  };
  auto hours = [&](int64_t from, int64_t to, int sign) {
    return from >= to ? Status::Ok() : counts(keys::Hour(service, from), keys::Hour(service, to), sign);
  };
  const int64_t first_hour = FloorDiv(range.from + 59, 60), end_hour = FloorDiv(range.to, 60);
  if (first_hour >= end_hour) return minutes(range.from, range.to);
  Status s = minutes(range.from, first_hour * 60);
  // Whole hours, UTC day by UTC day: a whole day from its v/ record; a day
  // less only hours between a Stockholm midnight and the UTC one that have
  // ended (before settled_before) as the day record less those; any other
  // part from its h/ records. (A day record is the sum of its hour records.)
  // So a past local day reads one day record and the hours between its
  // midnights, which is what the scale-out topic carries for old days
  // (ingest/row_publisher.h); an hour in progress never corrects a day record,
  // so a view that has one newer than the other cannot count minutes twice.
  auto correctable = [&](int64_t from, int64_t to) {
    for (int64_t h = from; h < to; ++h)
      if (!BetweenStockholmAndUtcMidnight(h) || (h + 1) * 60 > settled_before) return false;
    return true;
  };
  for (int64_t day = FloorDiv(first_hour, 24); s.ok() && day * 24 < end_hour; ++day) {
    const int64_t day_start = day * 24, day_end = day_start + 24;
    const int64_t lo = std::max(first_hour, day_start), hi = std::min(end_hour, day_end);
    if (!correctable(day_start, lo) || !correctable(hi, day_end)) {
      s = hours(lo, hi, +1);
      continue;
    }
    s = counts(keys::Day(service, day), keys::Day(service, day + 1), +1);
    if (s.ok()) s = hours(day_start, lo, -1);
    if (s.ok()) s = hours(hi, day_end, -1);
  }
  if (!s.ok()) return s;
  return minutes(end_hour * 60, range.to);
}

Status SubtractMaintenance(const KvReader& store, const std::string& service,
                           const std::vector<MinuteRange>& ranges, VerdictTally* tally, int64_t* minutes,
                           MinuteIdx settled_before) {
  *minutes = 0;
  VerdictTally covered;
  for (const auto& r : ranges) {
    *minutes += r.to - r.from;
    Status s = CountProbeVerdicts(store, service, r, &covered, settled_before);
    if (!s.ok()) return s;
  }
  tally->up -= covered.up;
  tally->degraded -= covered.degraded;
  tally->down -= covered.down;
  return Status::Ok();
}

}  // namespace followup
