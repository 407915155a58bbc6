#include "readmodels/service_figures.h"

#include <algorithm>
#include <map>
#include <utility>

#include "common/bytes.h"
#include "projections/availability.h"
#include "projections/keys.h"
#include "projections/records.h"

namespace followup {
namespace {

double Ratio(int64_t num, int64_t den) { return den > 0 ? double(num) / double(den) : 0; }

// Probe totals per service over every quarter: ok, failed.
Status ProbeTotals(const KvReader& store, std::map<std::string, std::pair<int64_t, int64_t>>* totals) {
  return store.Scan(keys::kQuarterFamily, PrefixEnd(keys::kQuarterFamily),
                    [&](std::string_view k, std::string_view v) {
                      ServiceQuarter q;
                      std::string sid(k.substr(11));  // q/<8-byte quarter>/<service_id>
                      if (!sid.empty() && q.Decode(v) && q.probes) {
                        auto& t = (*totals)[sid];
                        t.first += q.probes - q.probes_failed;
                        t.second += q.probes_failed;
                      }
                      return true;
                    });
}

// Latency and age of the latest minute with probes.
Status LatestMinute(const KvReader& store, TimeMs now, ServiceFigures* f) {
  std::string prefix = keys::MinutePrefix(f->service.service_id);
  return store.ScanReverse(prefix, PrefixEnd(prefix), [&](std::string_view k, std::string_view v) {
    MinuteState m;
    if (!m.Decode(v)) return false;
    MinuteIdx minute = ReadSortable64(k.substr(prefix.size()));
    int64_t mean = MeanPassingLatencyUs(m);
    if (mean >= 0) f->latest_latency_seconds = double(mean) / 1e6;
    f->probe_age_seconds = std::max<double>(0, double(now - MinuteStart(minute + 1)) / 1000);
    return false;
  });
}

}  // namespace

Status BuildServiceFigures(const KvReader& store, TimeMs now, std::vector<ServiceFigures>* out) {
  out->clear();
  std::map<std::string, ServiceEvent> catalog;
  Status s = store.Scan(keys::kCatalogPrefix, PrefixEnd(keys::kCatalogPrefix), [&](auto, auto v) {
    CatalogRecord r;
    if (r.Decode(v) && !r.service.retired) catalog.emplace(r.service.service_id, std::move(r.service));
    return true;
  });
  if (!s.ok()) return s;
  std::map<std::string, std::pair<int64_t, int64_t>> totals;
  s = ProbeTotals(store, &totals);
  if (!s.ok()) return s;
  std::vector<AnnouncementRecord> anns;
  s = LoadAnnouncements(store, &anns);
  if (!s.ok()) return s;
  const MinuteIdx now_min = MinuteOf(now);
  const int64_t today = FloorDiv(now_min, 1440);
  const MinuteIdx window_from = (today - 29) * 1440;
  auto maintenance = MaintenanceMinutes(anns, window_from, now_min + 1);

  for (auto& [sid, service] : catalog) {
    ServiceFigures f;
    f.service = std::move(service);
    s = LatestMinute(store, now, &f);
    if (!s.ok()) return s;
    // 30 days of day records, maintenance minutes taken out.
    VerdictTally& t = f.window_30d;
    s = store.Scan(keys::Day(sid, today - 29), keys::Day(sid, today + 1), [&](auto, std::string_view v) {
      DayCounts d;
      if (d.Decode(v)) {
        t.up += d.minutes_up;
        t.degraded += d.minutes_degraded;
        t.down += d.minutes_down;
      }
      return true;
    });
    if (!s.ok()) return s;
    auto m = maintenance.find(sid);
    if (m != maintenance.end()) {
      int64_t maint = 0;
      s = SubtractMaintenance(store, sid, m->second, &t, &maint, now_min);
      if (!s.ok()) return s;
    }
    if (t.up + t.degraded + t.down > 0)
      f.availability_30d = Ratio(t.up + t.degraded, t.up + t.degraded + t.down);
    auto pt = totals.find(sid);
    if (pt != totals.end()) {
      f.probes_ok = pt->second.first;
      f.probes_failed = pt->second.second;
    }
    out->push_back(std::move(f));
  }
  return Status::Ok();
}

}  // namespace followup
