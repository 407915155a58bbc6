#include "readmodels/status_engine.h"

#include <algorithm>
#include <map>

#include "common/bytes.h"
#include "projections/availability.h"
#include "projections/keys.h"
#include "projections/records.h"
#include "readmodels/texts.h"

namespace followup {

const ServiceStatus* CityStatus::Find(std::string_view id) const {
  for (const auto& s : services)
    if (s.service_id == id) return &s;
  return nullptr;
}

int CityStatus::Count(StatusLevel l) const {
  int n = 0;
  for (const auto& s : services) n += s.level == l;
  return n;
}

namespace {

constexpr TimeMs kNever = INT64_MAX;

// An incident's influence on the past (the "since" walk): the current winning
// revision applied during [from, to).
struct IncidentSpan {
  TimeMs from, to;
  const AnnouncementEvent* a;
};

std::optional<IncidentSpan> SpanOf(const AnnouncementInfo& info, TimeMs now) {
  const AnnouncementEvent& a = info.a;
  if (a.kind != AnnouncementKind::kIncident) return std::nullopt;
  switch (a.state) {
    case AnnouncementState::kInvestigating:
    case AnnouncementState::kIdentified:
    case AnnouncementState::kMonitoring:
      return IncidentSpan{a.starts_at, a.ends_at ? *a.ends_at : kNever, &a};
    case AnnouncementState::kResolved: {
      TimeMs end = std::min(info.updated_at, now);
      if (a.ends_at) end = std::min(end, *a.ends_at);
      return IncidentSpan{a.starts_at, end, &a};
    }
    default:
      return std::nullopt;  // scheduled and cancelled incidents never applied
  }
}

struct MinuteInfo {
  Verdict verdict = Verdict::kUnknown;
  int n = 0, f = 0;
  int64_t mean_latency_us = -1;
};

// The probe minutes of one service, loaded lazily backwards in chunks.
class MinuteCache {
 public:
  MinuteCache(const KvReader& r, const std::string& sid, MinuteIdx hi, MinuteIdx floor)
      : r_(r), sid_(sid), loaded_lo_(hi), floor_(floor) {}

  // Makes sure [lo, hi) is loaded.
  Status Ensure(MinuteIdx lo) {
    lo = std::max(lo, floor_);
    if (lo >= loaded_lo_) return Status::Ok();
    MinuteIdx chunk_lo = std::max(floor_, std::min(lo, loaded_lo_ - 120));
    Status bad;
    Status s = r_.Scan(keys::Minute(sid_, chunk_lo), keys::Minute(sid_, loaded_lo_), [&](auto k, auto v) {
      MinuteState st;
      if (!st.Decode(v)) {
        bad = Status::Corruption("cannot decode " + std::string(k));
        return false;
      }
      if (k.size() < 8) return true;
      MinuteIdx m = ReadSortable64(k.substr(k.size() - 8));  // keys::Minute's suffix
      MinuteInfo info;
      info.verdict = ProbeVerdict(st);
      const LocationTally tally = TallyLocations(st);
      info.n = tally.reporting;
      info.f = tally.failing;
      info.mean_latency_us = MeanPassingLatencyUs(st);
      minutes_[m] = info;
      return true;
    });
    if (s.ok()) s = bad;
    if (!s.ok()) return s;
    loaded_lo_ = chunk_lo;
    return lo < loaded_lo_ ? Ensure(lo) : Status::Ok();
  }

  const MinuteInfo* Get(MinuteIdx m) const {
    auto it = minutes_.find(m);
    return it == minutes_.end() ? nullptr : &it->second;
  }

 private:
  const KvReader& r_;
  const std::string& sid_;
  MinuteIdx loaded_lo_, floor_;
  std::map<MinuteIdx, MinuteInfo> minutes_;
};

struct Observed {
  MinuteIdx minute;
  const MinuteInfo* info;
};

struct Evaluation {
  StatusLevel level = StatusLevel::kUnknown;
  StatusCause cause = StatusCause::kNoProbes;
  std::vector<Observed> observed;  // newest first
  const AnnouncementEvent* maintenance = nullptr;
  const AnnouncementEvent* incident = nullptr;
};

class ServiceEvaluator {
 public:
  // anns: the announcements that list the service.
  ServiceEvaluator(const KvReader& r, const CatalogRecord& cat,
                   const std::vector<const AnnouncementInfo*>& anns, TimeMs now, const StatusParams& p)
      : cat_(cat),
        now_(now),
        p_(p),
        cache_(r, cat.service.service_id, MinuteOf(now) + 1,
               MinuteOf(now - p.since_bound_ms - p.window_ms) - 2) {
    for (const AnnouncementInfo* info : anns) {
      if (info->a.kind == AnnouncementKind::kPlannedMaintenance) {
        if (info->a.state != AnnouncementState::kCancelled && info->a.ends_at)
          maintenance_.push_back(&info->a);
      } else if (auto span = SpanOf(*info, now)) {
        incidents_.push_back(*span);
      }
    }
  }

  // The level at instant t. `probe_at` places the minute window: the spec's
  // rule at t itself, or just after a change point for the history walk.
  Status LevelAt(TimeMs t, TimeMs probe_at, Evaluation* e) {
    *e = Evaluation{};
    for (const auto* a : maintenance_) {
      if (a->starts_at <= t && t < *a->ends_at) {
        if (!e->maintenance || a->starts_at > e->maintenance->starts_at) e->maintenance = a;
      }
    }
    if (e->maintenance) {
      e->level = StatusLevel::kMaintenance;
      e->cause = StatusCause::kMaintenance;
      return Status::Ok();
    }
    // Minutes that ended by probe_at (end <= probe_at), and whose end is >= probe_at - window.
    MinuteIdx hi = MinuteOf(probe_at);  // exclusive: the minute containing probe_at has not ended
    MinuteIdx lo = MinuteCeil(probe_at - p_.window_ms - kMsPerMinute);
    Status s = cache_.Ensure(lo);
    if (!s.ok()) return s;
    for (MinuteIdx m = hi - 1; m >= lo && int(e->observed.size()) < p_.observed_minutes; --m) {
      const MinuteInfo* info = cache_.Get(m);
      if (info && info->verdict != Verdict::kUnknown) e->observed.push_back({m, info});
    }
    if (!e->observed.empty()) {
      int down = 0, bad = 0;
      for (const auto& o : e->observed) {
        down += o.info->verdict == Verdict::kDown;
        bad += o.info->verdict == Verdict::kDown || o.info->verdict == Verdict::kDegraded;
      }
      int64_t latency = e->observed.front().info->mean_latency_us;
      if (down >= 2) {
        e->level = StatusLevel::kOutage;
        e->cause = StatusCause::kLocationsFailing;
      } else if (bad > 0) {
        e->level = StatusLevel::kDegraded;
        e->cause = StatusCause::kLocationsFailing;
      } else if (latency >= 0 && latency > cat_.service.latency_threshold_us) {
        e->level = StatusLevel::kDegraded;
        e->cause = StatusCause::kSlow;
      } else {
        e->level = StatusLevel::kOperational;
        e->cause = StatusCause::kNone;
      }
    }
    if (e->level == StatusLevel::kOperational || e->level == StatusLevel::kUnknown) {
      for (const auto& span : incidents_) {
        if (span.from <= t && t < span.to) {
          if (!e->incident || span.a->starts_at > e->incident->starts_at) e->incident = span.a;
        }
      }
      if (e->incident) {
        e->level = StatusLevel::kDegraded;
        e->cause = StatusCause::kIncident;
      }
    }
    return Status::Ok();
  }

  // Walks back from now over every instant where the level can change.
  Status Since(StatusLevel current, TimeMs* since, bool* lower_bound) {
    TimeMs bound = now_ - p_.since_bound_ms;
    std::vector<TimeMs> points;
    for (MinuteIdx m = MinuteOf(now_); MinuteStart(m) > bound; --m)
      if (MinuteStart(m) < now_) points.push_back(MinuteStart(m));
    auto add = [&](TimeMs x) {
      if (x > bound && x < now_) points.push_back(x);
    };
    for (const auto* a : maintenance_) {
      add(a->starts_at);
      add(*a->ends_at);
    }
    for (const auto& s : incidents_) {
      add(s.from);
      if (s.to != kNever) add(s.to);
    }
    std::sort(points.begin(), points.end(), std::greater<>());
    points.erase(std::unique(points.begin(), points.end()), points.end());
    TimeMs later = now_;
    Evaluation e;
    for (TimeMs p : points) {
      Status s = LevelAt(p, p + 1, &e);
      if (!s.ok()) return s;
      if (e.level != current) {
        *since = later;
        *lower_bound = false;
        return Status::Ok();
      }
      later = p;
    }
    *since = bound;
    *lower_bound = true;
    return Status::Ok();
  }

 private:
  const CatalogRecord& cat_;
  TimeMs now_;
  const StatusParams& p_;
  MinuteCache cache_;
  std::vector<const AnnouncementEvent*> maintenance_;
  std::vector<IncidentSpan> incidents_;
};

// The facts of the explanation of the evaluation at now (StatusFacts).
StatusFacts FactsOf(const Evaluation& e, const ServiceStatus& s, TimeMs now, const StatusParams& p) {
  StatusFacts f;
  f.cause = e.cause;
  f.level = e.level;
  f.at = now;
  f.since = s.since;
  f.since_lower_bound = s.since_lower_bound;
  f.window_minutes = int(p.window_ms / kMsPerMinute);
  f.mean_latency_us = s.mean_latency_us;
  f.locations = s.locations;
  f.failing = s.failing;
  if (e.maintenance) f.maintenance_ends_at = e.maintenance->ends_at;
  if (e.incident) f.incident_state = e.incident->state;
  if (e.cause != StatusCause::kLocationsFailing || f.failing >= 1) return f;
  // The latest minute is fine but an earlier one in the window was not.
  f.observed_minutes = int(e.observed.size());
  for (const auto& o : e.observed) {
    if (o.info->verdict == Verdict::kDown && f.down_minutes++ == 0) f.last_down_at = MinuteStart(o.minute);
    if (o.info->f >= 1 && !f.disturbed_at) f.disturbed_at = MinuteStart(o.minute);
  }
  return f;
}

}  // namespace

Status ComputeStatus(const KvReader& r, TimeMs now, CityStatus* out, const StatusParams& p) {
  *out = CityStatus{};
  out->computed_at = now;
  Status bad;
  std::vector<CatalogRecord> catalog;
  Status s = r.Scan(keys::kCatalogPrefix, PrefixEnd(keys::kCatalogPrefix), [&](auto k, auto v) {
    CatalogRecord rec;
    if (!rec.Decode(v)) {
      bad = Status::Corruption("cannot decode " + std::string(k));
      return false;
    }
    if (!rec.service.retired) catalog.push_back(std::move(rec));
    return true;
  });
  if (s.ok()) s = bad;
  if (!s.ok()) return s;
  // The order of CityStatus::services, so that announcements can refer to them.
  std::sort(catalog.begin(), catalog.end(), [](const auto& x, const auto& y) {
    if (x.service.name != y.service.name) return x.service.name < y.service.name;
    return x.service.service_id < y.service.service_id;
  });
  std::map<std::string, size_t, std::less<>> service_index;
  for (size_t i = 0; i < catalog.size(); ++i) service_index.emplace(catalog[i].service.service_id, i);

  s = r.Scan(keys::kAnnouncementPrefix, PrefixEnd(keys::kAnnouncementPrefix), [&](auto k, auto v) {
    AnnouncementRecord rec;
    if (!rec.Decode(v)) {
      bad = Status::Corruption("cannot decode " + std::string(k));
      return false;
    }
    AnnouncementInfo info;
    // The one rule of every surface: shown for the catalogued, non-retired
    // services it lists; nowhere when it lists none.
    for (const auto& id : rec.announcement.service_ids) {
      auto it = service_index.find(id);
      if (it != service_index.end() &&
          std::find(info.services.begin(), info.services.end(), it->second) == info.services.end())
        info.services.push_back(it->second);
    }
    if (info.services.empty()) return true;
    info.a = std::move(rec.announcement);
    info.updated_at = rec.occurred_at;
    info.phase = PhaseAt(info.a, now);
    out->announcements.push_back(std::move(info));
    return true;
  });
  if (s.ok()) s = bad;
  if (!s.ok()) return s;
  std::sort(out->announcements.begin(), out->announcements.end(), [](const auto& x, const auto& y) {
    if (x.updated_at != y.updated_at) return x.updated_at > y.updated_at;
    return x.a.announcement_id < y.a.announcement_id;
  });
  auto by_start = [out](size_t x, size_t y) {
    const auto& a = out->announcements[x].a;
    const auto& b = out->announcements[y].a;
    if (a.starts_at != b.starts_at) return a.starts_at < b.starts_at;
    return a.announcement_id < b.announcement_id;
  };

  // When the clock alone changes the result next: the window of step 2 moves
  // at every minute boundary (a minute that ended 5 minutes ago leaves it 1 ms
  // after the boundary), and announcements start, end or come within the
  // upcoming horizon at their own instants.
  TimeMs next = MinuteStart(MinuteOf(now - 1) + 1) + 1;
  auto consider = [&next, now](TimeMs t) {
    if (t > now && t < next) next = t;
  };
  std::vector<std::vector<const AnnouncementInfo*>> by_service(catalog.size());
  for (const auto& info : out->announcements) {
    for (size_t i : info.services) by_service[i].push_back(&info);
    consider(info.a.starts_at);
    if (info.a.ends_at) consider(*info.a.ends_at);
    consider(info.a.starts_at - p.upcoming_ms);  // instants lie in [1970, 2201): no overflow
  }
  out->next_change_at = next;

  for (size_t ci = 0; ci < catalog.size(); ++ci) {
    const CatalogRecord& cat = catalog[ci];
    ServiceStatus st;
    st.service_id = cat.service.service_id;
    st.name = cat.service.name;
    st.owner = cat.service.owner;
    st.url = cat.service.url;
    st.latency_threshold_us = cat.service.latency_threshold_us;
    ServiceEvaluator ev(r, cat, by_service[ci], now, p);
    Evaluation e;
    s = ev.LevelAt(now, now, &e);
    if (s.ok()) s = ev.Since(e.level, &st.since, &st.since_lower_bound);
    if (!s.ok()) return s;
    st.level = e.level;
    st.cause = e.cause;
    st.observed = int(e.observed.size());
    if (!e.observed.empty()) {
      st.locations = e.observed.front().info->n;
      st.failing = e.observed.front().info->f;
      st.mean_latency_us = e.observed.front().info->mean_latency_us;
    }
    st.facts = FactsOf(e, st, now, p);
    st.explanation_sv = kTextsSv.explain(st.facts);
    // The newest measurement: the last minute row at or before now's minute.
    std::string prefix = keys::MinutePrefix(st.service_id);
    s = r.ScanReverse(prefix, keys::Minute(st.service_id, MinuteOf(now) + 1), [&](std::string_view k, auto) {
      if (k.size() >= prefix.size() + 8)
        st.newest_probe_at = MinuteStart(ReadSortable64(k.substr(prefix.size())));
      return false;
    });
    if (!s.ok()) return s;
    if (st.newest_probe_at && (!out->newest_probe_at || *st.newest_probe_at > *out->newest_probe_at))
      out->newest_probe_at = st.newest_probe_at;
    if (st.level != StatusLevel::kOperational) st.alternatives = cat.service.alternatives;
    std::vector<size_t> active, upcoming;
    for (const AnnouncementInfo* info : by_service[ci]) {
      size_t i = size_t(info - out->announcements.data());
      if (info->phase == AnnouncementPhase::kActive) active.push_back(i);
      if (info->phase == AnnouncementPhase::kUpcoming) upcoming.push_back(i);
    }
    // Shown: active first, then newest update first (the index order of
    // CityStatus::announcements), at most kShownAnnouncementsPerService.
    std::vector<size_t> ranked = active;
    ranked.insert(ranked.end(), upcoming.begin(), upcoming.end());
    if (ranked.size() > kShownAnnouncementsPerService) ranked.resize(kShownAnnouncementsPerService);
    std::sort(active.begin(), active.end(), by_start);
    std::sort(upcoming.begin(), upcoming.end(), by_start);
    st.announcements = std::move(active);
    st.announcements.insert(st.announcements.end(), upcoming.begin(), upcoming.end());
    for (size_t i : st.announcements)
      if (std::find(ranked.begin(), ranked.end(), i) != ranked.end()) {
        st.shown.push_back(i);
        out->announcements[i].shown = true;
      }
    out->services.push_back(std::move(st));
  }

  for (size_t i = 0; i < out->announcements.size(); ++i) {
    const auto& info = out->announcements[i];
    if (info.shown && info.a.kind == AnnouncementKind::kPlannedMaintenance &&
        info.phase == AnnouncementPhase::kUpcoming && info.a.starts_at <= now + p.upcoming_ms)
      out->upcoming_maintenance.push_back(i);
  }
  std::sort(out->upcoming_maintenance.begin(), out->upcoming_maintenance.end(), by_start);
  return Status::Ok();
}

}  // namespace followup
