#include "readmodels/history.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "common/bytes.h"
#include "projections/availability.h"
#include "projections/keys.h"
#include "readmodels/maintenance.h"

namespace followup {
namespace {

// The catalogued, non-retired entry of a service; NotFound otherwise.
Status LoadService(const KvReader& r, const std::string& id, CatalogRecord* out) {
  std::string raw;
  Status s = r.Get(keys::Catalog(id), &raw);
  if (s.code() == Status::Code::kNotFound) return Status::NotFound("unknown service");
  if (!s.ok()) return s;
  if (!out->Decode(raw)) return Status::Corruption("cannot decode " + keys::Catalog(id));
  if (out->service.retired) return Status::NotFound("unknown service");
  return Status::Ok();
}

std::vector<MinuteRange> Clip(const std::vector<MinuteRange>& ranges, MinuteIdx from, MinuteIdx to) {
  std::vector<MinuteRange> out;
  for (const auto& x : ranges) {
    MinuteIdx lo = std::max(x.from, from), hi = std::min(x.to, to);
    if (lo < hi) out.push_back({lo, hi});
  }
  return out;
}

bool Lists(const AnnouncementEvent& a, const std::string& id) {
  return std::find(a.service_ids.begin(), a.service_ids.end(), id) != a.service_ids.end();
}

}  // namespace

std::optional<Span> AnnouncementSpan(const AnnouncementEvent& a, TimeMs updated_at, TimeMs now) {
  if (a.state == AnnouncementState::kCancelled) return std::nullopt;
  Span s{a.starts_at, a.starts_at};
  if (a.kind == AnnouncementKind::kPlannedMaintenance) {
    if (!a.ends_at) return std::nullopt;  // the decoder requires it; an old record without one never applied
    s.to = *a.ends_at;
  } else if (a.state == AnnouncementState::kResolved) {
    s.to = a.ends_at ? *a.ends_at : updated_at;
  } else {
    s.to = a.ends_at && *a.ends_at <= now ? *a.ends_at : now;
  }
  if (s.to <= s.from) return std::nullopt;
  return s;
}

StatusLevel DayLevel(const DayHistory& d) {
  if (d.observed() == 0) return d.maintenance > 0 ? StatusLevel::kMaintenance : StatusLevel::kUnknown;
  if (d.down > 0 && d.down * 20 >= d.observed()) return StatusLevel::kOutage;
  if (d.down > 0 || d.degraded > 0) return StatusLevel::kDegraded;
  return StatusLevel::kOperational;
}

Status ComputeServiceHistory(const KvReader& r, const std::string& id, int days, TimeMs now,
                             ServiceHistory* out) {
  *out = ServiceHistory{};
  if (days < 1 || days > kHistoryMaxDays) return Status::Invalid("days must be 1 to 400");
  CatalogRecord cat;
  Status s = LoadService(r, id, &cat);
  if (!s.ok()) return s;
  out->service_id = id;
  out->name = cat.service.name;

  LocalDay today = StockholmDayOf(now);
  std::vector<LocalDay> local;
  local.reserve(size_t(days));
  for (int i = days - 1; i >= 0; --i) local.push_back(StockholmDayAdd(today, -i));
  // Minutes count once they have ended: [first minute, cutoff).
  const MinuteIdx cutoff = MinuteOf(now);
  const MinuteIdx first_minute = MinuteCeil(local.front().start);

  std::vector<AnnouncementRecord> anns;
  s = LoadAnnouncements(r, &anns);
  if (!s.ok()) return s;
  std::vector<MinuteRange> maintenance;
  {
    auto all = MaintenanceMinutes(anns, first_minute, std::max(first_minute, cutoff));
    if (auto it = all.find(id); it != all.end()) maintenance = std::move(it->second);
  }

  out->days.reserve(local.size());
  for (const LocalDay& d : local) {
    DayHistory h;
    h.day = d;
    MinuteIdx lo = MinuteCeil(d.start), hi = std::min(MinuteCeil(d.end), cutoff);
    if (hi > lo) {
      // Whole hours from h/, the edges (the hour in progress) from m/.
      VerdictTally t;
      s = CountProbeVerdicts(r, id, MinuteRange{lo, hi}, &t, cutoff);
      if (!s.ok()) return s;
      int64_t covered = 0;
      s = SubtractMaintenance(r, id, Clip(maintenance, lo, hi), &t, &covered, cutoff);
      if (!s.ok()) return s;
      h.up = t.up;
      h.degraded = t.degraded;
      h.down = t.down;
      h.maintenance = covered;
      h.unknown = (hi - lo) - t.up - t.degraded - t.down - covered;
    }
    out->days.push_back(std::move(h));
  }

  // Announcements by the days their span overlaps.
  struct Listed {
    TimeMs starts_at;
    std::string id;
    Span span;
  };
  std::vector<Listed> listed;
  for (const auto& rec : anns) {
    if (!Lists(rec.announcement, id)) continue;
    if (auto span = AnnouncementSpan(rec.announcement, rec.occurred_at, now))
      listed.push_back({rec.announcement.starts_at, rec.announcement.announcement_id, *span});
  }
  std::sort(listed.begin(), listed.end(), [](const Listed& x, const Listed& y) {
    return std::tie(x.starts_at, x.id) < std::tie(y.starts_at, y.id);
  });
  for (const Listed& l : listed) {
    // The first day whose end is after the span's start; on while the day starts before its end.
    auto it = std::upper_bound(out->days.begin(), out->days.end(), l.span.from,
                               [](TimeMs t, const DayHistory& d) { return t < d.day.end; });
    for (; it != out->days.end() && it->day.start < l.span.to; ++it) it->announcements.push_back(l.id);
  }
  return Status::Ok();
}

namespace {

// The non-retired catalog: id -> name.
using Names = std::map<std::string, std::string, std::less<>>;

Status LoadNames(const KvReader& r, Names* names) {
  Status bad;
  Status s = r.Scan(keys::kCatalogPrefix, PrefixEnd(keys::kCatalogPrefix), [&](auto k, auto v) {
    CatalogRecord rec;
    if (!rec.Decode(v)) {
      bad = Status::Corruption("cannot decode " + std::string(k));
      return false;
    }
    if (!rec.service.retired) names->emplace(rec.service.service_id, rec.service.name);
    return true;
  });
  if (s.ok()) s = bad;
  return s;
}

// The archive item of a winning revision; false when it is shown nowhere.
bool MakeItem(AnnouncementRecord&& rec, const Names& names, TimeMs now, ArchivedAnnouncement* x) {
  *x = ArchivedAnnouncement{};
  for (const auto& sid : rec.announcement.service_ids) {
    auto it = names.find(sid);
    if (it != names.end() &&
        std::find(x->service_ids.begin(), x->service_ids.end(), sid) == x->service_ids.end()) {
      x->service_ids.push_back(sid);
      x->service_names.push_back(it->second);
    }
  }
  if (x->service_ids.empty()) return false;
  x->a = std::move(rec.announcement);
  x->updated_at = rec.occurred_at;
  x->phase = PhaseAt(x->a, now);
  return true;
}

// Every folded revision of x (ar/<id>/<revision>), lowest first.
Status LoadUpdates(const KvReader& r, ArchivedAnnouncement* x) {
  const std::string& aid = x->a.announcement_id;
  std::string prefix = keys::RevisionPrefix(aid);
  Status bad;
  Status s = r.Scan(prefix, PrefixEnd(prefix), [&](auto k, auto v) {
    std::string kid;
    int64_t revision = 0;
    if (!keys::RevisionKeyOf(k, &kid, &revision)) return true;
    if (kid != aid) return true;  // a longer id that shares the prefix
    AnnouncementRecord rec;
    if (!rec.Decode(v)) {
      bad = Status::Corruption("cannot decode " + std::string(k));
      return false;
    }
    AnnouncementUpdate u;
    u.revision = rec.announcement.revision;
    u.occurred_at = rec.occurred_at;
    u.state = rec.announcement.state;
    u.title_sv = std::move(rec.announcement.title_sv);
    u.body_sv = std::move(rec.announcement.body_sv);
    u.title_en = std::move(rec.announcement.title_en);
    u.body_en = std::move(rec.announcement.body_en);
    x->updates.push_back(std::move(u));
    return true;
  });
  if (s.ok()) s = bad;
  if (!s.ok()) return s;
  std::sort(x->updates.begin(), x->updates.end(),
            [](const AnnouncementUpdate& u, const AnnouncementUpdate& w) { return u.revision < w.revision; });
  return Status::Ok();
}

}  // namespace

Status ComputeArchive(const KvReader& r, const ArchiveQuery& q, TimeMs now, ArchivePage* out) {
  *out = ArchivePage{};
  if (q.limit < 1 || q.limit > kArchiveMaxLimit) return Status::Invalid("limit must be 1 to 100");
  Names names;
  Status s = LoadNames(r, &names);
  if (!s.ok()) return s;
  if (!q.service_id.empty() && !names.count(q.service_id)) return Status::NotFound("unknown service");

  std::vector<AnnouncementRecord> anns;
  s = LoadAnnouncements(r, &anns);
  if (!s.ok()) return s;
  std::vector<ArchivedAnnouncement> all;
  for (auto& rec : anns) {
    const AnnouncementEvent& a = rec.announcement;
    if (q.before && a.starts_at >= *q.before) continue;
    if (!q.service_id.empty() && !Lists(a, q.service_id)) continue;
    if (q.kind && a.kind != *q.kind) continue;
    if (q.state && a.state != *q.state) continue;
    ArchivedAnnouncement x;
    if (!MakeItem(std::move(rec), names, now, &x)) continue;  // shown nowhere
    if (q.open && (x.phase != AnnouncementPhase::kPast) != *q.open) continue;
    all.push_back(std::move(x));
  }
  std::sort(all.begin(), all.end(), [](const ArchivedAnnouncement& x, const ArchivedAnnouncement& y) {
    if (x.a.starts_at != y.a.starts_at) return x.a.starts_at > y.a.starts_at;
    return x.a.announcement_id < y.a.announcement_id;
  });
  size_t n = std::min(q.limit, all.size());
  while (n > 0 && n < all.size() && all[n].a.starts_at == all[n - 1].a.starts_at) ++n;  // keep ties together
  if (n < all.size()) out->next_before = all[n - 1].a.starts_at;
  all.resize(n);

  for (auto& x : all) {
    s = LoadUpdates(r, &x);
    if (!s.ok()) return s;
  }
  out->items = std::move(all);
  return Status::Ok();
}

Status ComputeAnnouncement(const KvReader& r, const std::string& announcement_id, TimeMs now,
                           ArchivedAnnouncement* out) {
  *out = ArchivedAnnouncement{};
  std::string raw;
  Status s = r.Get(keys::Announcement(announcement_id), &raw);
  if (s.code() == Status::Code::kNotFound) return Status::NotFound("unknown announcement");
  if (!s.ok()) return s;
  AnnouncementRecord rec;
  if (!rec.Decode(raw)) return Status::Corruption("cannot decode " + keys::Announcement(announcement_id));
  Names names;
  s = LoadNames(r, &names);
  if (!s.ok()) return s;
  if (!MakeItem(std::move(rec), names, now, out)) return Status::NotFound("unknown announcement");
  return LoadUpdates(r, out);
}

Status ComputeResponseTimes(const KvReader& r, const std::string& id, TimeMs now, ResponseTimes* out,
                            int bucket_minutes) {
  *out = ResponseTimes{};
  if (bucket_minutes < 1 || bucket_minutes > 24 * 60)
    return Status::Invalid("bucket_minutes must be 1 to 1440");
  CatalogRecord cat;
  Status s = LoadService(r, id, &cat);
  if (!s.ok()) return s;
  out->service_id = id;
  out->name = cat.service.name;
  out->bucket_minutes = bucket_minutes;
  out->latency_threshold_ms = cat.service.latency_threshold_us / 1000;
  const MinuteIdx to = MinuteOf(now), from = to - 24 * 60;
  out->from = MinuteStart(from);
  out->to = MinuteStart(to);
  const MinuteIdx first_bucket = FloorDiv(from, bucket_minutes);
  const size_t n = size_t(FloorDiv(to - 1, bucket_minutes) - first_bucket + 1);

  struct Acc {
    uint64_t passed = 0, failed = 0;
    ExactSum latency_us = 0;
  };
  std::map<std::string, std::vector<Acc>, std::less<>> by_location;
  Status bad;
  s = r.Scan(keys::Minute(id, from), keys::Minute(id, to), [&](auto k, auto v) {
    MinuteState m;
    if (!m.Decode(v) || k.size() < 8) {
      bad = Status::Corruption("cannot decode " + std::string(k));
      return false;
    }
    MinuteIdx minute = ReadSortable64(k.substr(k.size() - 8));  // keys::Minute's suffix
    size_t b = size_t(FloorDiv(minute, bucket_minutes) - first_bucket);
    if (b >= n) return true;
    for (const auto& l : m.locations) {
      auto& series = by_location[l.location];
      if (series.empty()) series.resize(n);
      series[b].passed += l.passed;
      series[b].failed += l.failed;
      series[b].latency_us += l.passed_latency_us;
    }
    return true;
  });
  if (s.ok()) s = bad;
  if (!s.ok()) return s;
  for (auto& [loc, accs] : by_location) {
    LocationSeries series;
    series.location = loc;
    series.buckets.reserve(n);
    for (size_t i = 0; i < n; ++i) {
      LatencyBucket b;
      b.start = std::max(MinuteStart((first_bucket + MinuteIdx(i)) * bucket_minutes), out->from);
      b.passed = accs[i].passed;
      b.failed = accs[i].failed;
      b.latency_us = accs[i].latency_us;
      if (b.passed > 0) {
        // Nearest millisecond, half up: (sum + passed * 500) / (passed * 1000).
        ExactSum den = ExactSum(b.passed) * 1000;
        b.mean_ms = int64_t((accs[i].latency_us + ExactSum(b.passed) * 500) / den);
      }
      series.buckets.push_back(b);
    }
    out->locations.push_back(std::move(series));
  }
  return Status::Ok();
}

}  // namespace followup
