#include "demo/generator.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string_view>
#include <tuple>

#include "demo/synth.h"
#include "events/indicators.h"

namespace followup::demo {

using namespace synth;  // the generator's own tools (synth.h)

namespace {

// ---------------------------------------------------------------- probes
// What a service is going through at an instant (maintenance aside).
struct Condition {
  enum Kind { kOk, kOutage, kDegraded, kSlow } kind = kOk;
  int loc = -1;          // degraded: the failing location; outage: a location that still passes (-1: none)
  bool timeout = false;  // failure mode: timeout, else an HTTP error
  double factor = 1.0;   // slow: latency = threshold × factor
};

constexpr TimeMs kCycleMs = 120 * kMsPerMinute;  // paired demo roles
constexpr TimeMs kDutyMs = 70 * kMsPerMinute;    // > half a cycle: the pair always overlaps
constexpr TimeMs kBlockMs = 15 * kMsPerMinute;   // random incidents of normal services

int ThresholdMs(const ServiceDef& s) { return s.latency_threshold_ms > 0 ? s.latency_threshold_ms : 2000; }

Condition ConditionAt(uint64_t seed, uint64_t svc_hash, const ServiceDef& s, TimeMs t) {
  Condition c;
  if (s.role != DemoRole::kNormal) {
    TimeMs phase = FloorMod(
        static_cast<int64_t>(Hash(seed, {Tag("cycle-phase")}) % kCycleMs) + s.role_slot * (kCycleMs / 2),
        kCycleMs);
    int64_t cycle = FloorDiv(t - phase, kCycleMs);
    if (t - phase - cycle * kCycleMs >= kDutyMs) return c;
    uint64_t h = Hash(seed, {svc_hash, Tag("cycle"), U(cycle)});
    switch (s.role) {
      case DemoRole::kOutageCycle:
        c.kind = Condition::kOutage;
        c.timeout = (h & 1) != 0;
        c.loc = (h >> 8) % 4 == 0 ? static_cast<int>((h >> 16) % kProbeLocationCount) : -1;
        break;
      case DemoRole::kDegradedCycle:
        c.kind = Condition::kDegraded;
        c.timeout = (h & 1) != 0;
        c.loc = static_cast<int>((h >> 16) % kProbeLocationCount);
        break;
      default:
        c.kind = Condition::kSlow;
        c.factor = Between(h >> 3, 1.3, 2.2);
        break;
    }
    return c;
  }
  TimeMs phase = static_cast<TimeMs>(Hash(seed, {svc_hash, Tag("block-phase")}) % kBlockMs);
  int64_t block = FloorDiv(t - phase, kBlockMs);
  TimeMs block_start = block * kBlockMs + phase;
  uint64_t h = Hash(seed, {svc_hash, Tag("block"), U(block)});
  double u = Unif(h);
  uint64_t h2 = Mix(h ^ 0x2);
  TimeMs dur;
  if (u < 0.02) {
    c.kind = Condition::kOutage;
    dur = (2 + static_cast<int64_t>(h2 % 5)) * kMsPerMinute;  // 2-6 min
    c.timeout = (h2 >> 20) & 1;
    c.loc = (h2 >> 24) % 3 == 0 ? static_cast<int>((h2 >> 28) % kProbeLocationCount) : -1;
  } else if (u < 0.05) {
    c.kind = Condition::kDegraded;
    dur = (4 + static_cast<int64_t>(h2 % 9)) * kMsPerMinute;  // 4-12 min
    c.timeout = (h2 >> 20) & 1;
    c.loc = static_cast<int>((h2 >> 28) % kProbeLocationCount);
  } else if (u < 0.08) {
    c.kind = Condition::kSlow;
    dur = (3 + static_cast<int64_t>(h2 % 8)) * kMsPerMinute;  // 3-10 min
    c.factor = Between(h2 >> 5, 1.2, 2.0);
  } else {
    return c;
  }
  TimeMs offset = static_cast<TimeMs>((h2 >> 32) % static_cast<uint64_t>(kBlockMs - dur));
  offset -= offset % 1000;
  if (t < block_start + offset || t >= block_start + offset + dur) return Condition{};
  return c;
}

// Fixed whole-second offset of a (service, location) pair inside the 30 s cycle.
TimeMs ProbeOffset(size_t svc, int loc) {
  return static_cast<TimeMs>(loc) * 10'000 + static_cast<TimeMs>((svc * 3) % 10) * 1000;
}

std::string ProbeJson(uint64_t seed, size_t svc_idx, uint64_t svc_hash, int loc, TimeMs t, bool maintenance) {
  const ServiceDef& s = Services()[svc_idx];
  const char* loc_name = kProbeLocations[loc];
  std::string id = "demo-probe-";
  id += loc_name;
  id += '-';
  id += s.id;
  id += '-';
  id += std::to_string(FloorDiv(t, 1000));
  Json j("probe.v1", id, t, std::string("demo-probe-") + loc_name);
  j.Str("service_id", s.id).Str("location", loc_name);
  uint64_t h = Hash(seed, {svc_hash, U(loc), U(t), Tag("probe")});
  double threshold = ThresholdMs(s);
  auto fail_timeout = [&] {
    j.Bool("ok", false).Num("latency_ms", 10000, 1).Str("error", "timeout after 10 s");
  };
  auto fail_http = [&](int status, const char* error) {
    j.Bool("ok", false)
        .Num("latency_ms", Between(h >> 7, 15, 140), 1)
        .Int("http_status", status)
        .Str("error", error);
  };
  if (maintenance) {
    fail_http(503, "HTTP 503 Service Unavailable: planerat underhåll");
    return j.Done();
  }
  Condition c = ConditionAt(seed, svc_hash, s, t);
  switch (c.kind) {
    case Condition::kOutage:
      if (c.loc != loc) {
        c.timeout ? fail_timeout() : fail_http(503, "HTTP 503 Service Unavailable");
        return j.Done();
      }
      break;
    case Condition::kDegraded:
      if (c.loc == loc) {
        c.timeout ? fail_timeout() : fail_http(502, "HTTP 502 Bad Gateway");
        return j.Done();
      }
      break;
    case Condition::kSlow: {
      double ms = std::min(9500.0, threshold * c.factor * std::exp(0.08 * Normal(h)));
      j.Bool("ok", true).Num("latency_ms", ms, 1).Int("http_status", 200);
      return j.Done();
    }
    case Condition::kOk:
      if (Unif(Mix(h ^ 0x77)) < 0.0003) {  // a rare single failed check
        fail_http(500, "HTTP 500 Internal Server Error");
        return j.Done();
      }
      break;
  }
  // Lognormal-ish latency around a per-service median (110-320 ms), a little slower
  // from the farther locations; a passing probe never looks slow by itself.
  static constexpr double kLocFactor[kProbeLocationCount] = {1.0, 1.12, 1.27};
  double median = Between(Hash(seed, {svc_hash, Tag("median")}), 110, 320) * kLocFactor[loc];
  double ms = median * std::exp(0.35 * Normal(h));
  ms = std::clamp(ms, 35.0, 0.8 * threshold);
  j.Bool("ok", true).Num("latency_ms", ms, 1).Int("http_status", 200);
  return j.Done();
}

}  // namespace

Generator::Generator(uint64_t seed) : seed_(seed) {}

size_t Generator::ProbesPerInterval() const {
  size_t n = 0;
  for (const auto& s : Services()) n += s.retired ? 0 : 1;
  return n * kProbeLocationCount;
}

bool Generator::InMaintenance(size_t svc, TimeMs t) const {
  if (t < tonight_.start || t >= tonight_.end) return false;
  return std::find(tonight_.services.begin(), tonight_.services.end(), svc) != tonight_.services.end();
}

void Generator::AppendProbes(TimeMs from, TimeMs to, std::vector<OutEvent>* out) const {
  const auto& services = Services();
  struct Due {
    TimeMs t;
    size_t svc;
    int loc;
  };
  std::vector<Due> due;
  for (size_t i = 0; i < services.size(); ++i) {
    if (services[i].retired) continue;
    for (int loc = 0; loc < kProbeLocationCount; ++loc) {
      TimeMs off = ProbeOffset(i, loc);
      TimeMs t = (FloorDiv(from - off, kProbeIntervalMs) + 1) * kProbeIntervalMs + off;
      for (; t <= to; t += kProbeIntervalMs) due.push_back({t, i, loc});
    }
  }
  std::sort(due.begin(), due.end(), [](const Due& a, const Due& b) {
    return std::tie(a.t, a.svc, a.loc) < std::tie(b.t, b.svc, b.loc);
  });
  out->reserve(out->size() + due.size());
  for (const Due& d : due) {
    const ServiceDef& s = services[d.svc];
    out->push_back(
        {"probes", s.id, ProbeJson(seed_, d.svc, Fnv(s.id), d.loc, d.t, InMaintenance(d.svc, d.t))});
  }
}

std::vector<OutEvent> Generator::Tick(TimeMs now) {
  TimeMs from = ticked_ ? last_tick_ : now - kProbeIntervalMs;
  from = std::max(from, now - kProbeBackfillMs);
  std::vector<OutEvent> out;
  if (now <= from) return out;
  AppendProbes(from, now, &out);
  last_tick_ = now;
  ticked_ = true;
  return out;
}

std::vector<OutEvent> Generator::Backfill(TimeMs now) {
  const auto& services = Services();
  std::vector<OutEvent> out;
  const QuarterId cur_q = QuarterOf(now);
  const QuarterId prev_q = cur_q - 1;

  // ---- catalog (applikationsportfölj)
  const TimeMs catalog_at = QuarterStart(prev_q) + 6 * kMsPerHour;
  for (const ServiceDef& s : services) {
    auto entry = [&](const std::string& id, TimeMs at, bool retired) {
      Json j("service.v1", id, at, "demo-applikationsportfolj");
      j.Str("service_id", s.id)
          .Str("name", s.name)
          .Str("owner", s.owner)
          .Str("category", s.category)
          .Int("focus_area", s.focus_area)
          .Str("url", s.url);
      std::string alts = "[";
      for (size_t i = 0; i < s.alternatives.size(); ++i) {
        const AlternativeDef& a = s.alternatives[i];
        if (i) alts += ',';
        alts += "{\"channel\":";
        AppendEscaped(&alts, a.channel);
        alts += ",\"label\":";
        AppendEscaped(&alts, a.label);
        alts += ",\"contact\":";
        AppendEscaped(&alts, a.contact);
        alts += '}';
      }
      alts += ']';
      j.Raw("alternatives", alts)
          .Bool("presents_case_status", s.presents_case_status)
          .Bool("wcag_aa", s.wcag_aa)
          .Int("investment_sek", s.investment_sek);
      if (s.latency_threshold_ms > 0) j.Int("latency_threshold_ms", s.latency_threshold_ms);
      if (retired) j.Bool("retired", true);
      out.push_back({"catalog", s.id, j.Done()});
    };
    std::string base = std::string("demo-cat-") + s.id + "-";
    if (s.retired) {
      // In service until it was retired at the start of the previous quarter; the
      // retired entry is always the latest one, whenever the backfill runs.
      entry(base + QuarterName(prev_q - 1), QuarterStart(prev_q - 1) + 6 * kMsPerHour, false);
      entry(base + QuarterName(prev_q) + "-retired", catalog_at, true);
    } else {
      entry(base + QuarterName(prev_q), catalog_at, false);
    }
  }

  // ---- announcements (driftinformation)
  auto announcement = [&](const std::string& ann_id, int revision, TimeMs at, const char* kind,
                          const std::vector<std::string>& svc_ids, const char* state, TimeMs starts,
                          const TimeMs* ends, const std::string& title_sv, const std::string& body_sv,
                          const std::string& title_en, const std::string& body_en) {
    Json j("announcement.v1", ann_id + "-r" + std::to_string(revision), at, "demo-drift");
    j.Str("announcement_id", ann_id)
        .Int("revision", revision)
        .Str("kind", kind)
        .Raw("service_ids", StrArray(svc_ids))
        .Str("state", state)
        .Time("starts_at", starts);
    if (ends)
      j.Time("ends_at", *ends);
    else
      j.Null("ends_at");
    j.Str("title_sv", title_sv).Str("body_sv", body_sv).Str("title_en", title_en).Str("body_en", body_en);
    out.push_back({"announcements", ann_id, j.Done()});  // events/message_key.h: keyed by its id
  };
  {
    // A resolved incident last week in the school e-services' shared platform.
    Ymd day = LocalDate(now - 7 * kMsPerDay);
    TimeMs starts = LocalDayTime(day, 10, 14), ends = starts + 47 * kMsPerMinute;
    std::string id = "demo-storning-" + Compact(day);
    std::vector<std::string> svc = {"forskoleplats", "fritidshem", "skolval"};
    announcement(id, 1, starts + 6 * kMsPerMinute, "incident", svc, "investigating", starts, nullptr,
                 "Störning i e-tjänsterna för förskola och skola",
                 "Just nu går det inte att logga in i e-tjänsterna för förskola, fritidshem och "
                 "skolval. Vi arbetar med att lösa felet. Ring Kontaktcenter Stockholm på "
                 "08-508 00 508 om ditt ärende är brådskande.",
                 "Disruption in the preschool and school e-services",
                 "Logging in to the preschool, after-school and school choice e-services does "
                 "not work at the moment. We are working on it.");
    announcement(id, 2, ends + 3 * kMsPerMinute, "incident", svc, "resolved", starts, &ends,
                 "Störning i e-tjänsterna för förskola och skola",
                 "Felet är åtgärdat och e-tjänsterna fungerar igen. Ärenden som skickades in "
                 "under störningen har kommit fram.",
                 "Disruption in the preschool and school e-services",
                 "The problem has been fixed and the e-services work again.");
  }
  {
    // Planned maintenance tonight 22:00–02:00 local, always in the future.
    Ymd day = LocalDate(now);
    if (ToStockholm(now).hour >= 22) day = AddDays(day, 1);
    TimeMs starts = LocalDayTime(day, 22, 0), ends = LocalDayTime(AddDays(day, 1), 2, 0);
    std::vector<std::string> svc = {"bostadsanpassning", "nybyggnadskarta"};
    tonight_.start = starts;
    tonight_.end = ends;
    tonight_.services.clear();
    for (const auto& id : svc) tonight_.services.push_back(IndexOf(id));
    announcement("demo-underhall-natt-" + Compact(day), 1, LocalDayTime(AddDays(day, -1), 9, 0),
                 "planned_maintenance", svc, "scheduled", starts, &ends,
                 "Planerat underhåll av stadsbyggnadskontorets e-tjänster",
                 "E-tjänsterna för bostadsanpassningsbidrag och nybyggnadskarta är stängda " +
                     FormatSwedish(starts) + " till " + FormatSwedish(ends) +
                     " på grund av planerat underhåll. Ring Kontaktcenter Stockholm på "
                     "08-508 00 508 om ditt ärende är brådskande.",
                 "Planned maintenance of the city planning e-services",
                 "The e-services for housing adaptation grants and base maps are closed during "
                 "the night for planned maintenance.");
  }
  {
    // A night maintenance in the previous quarter (upgrade of the social services system).
    Ymd day = AddDays(LocalDate(QuarterStart(prev_q)), 40);
    TimeMs starts = LocalDayTime(day, 23, 0), ends = LocalDayTime(AddDays(day, 1), 3, 0);
    std::string id = "demo-underhall-kvartal-" + Compact(day);
    std::vector<std::string> svc = {"ekonomiskt-bistand", "serveringstillstand"};
    std::string title = "Planerat underhåll av socialförvaltningens e-tjänster";
    std::string body = "E-tjänsterna för ekonomiskt bistånd och serveringstillstånd är stängda " +
                       FormatSwedish(starts) + " till " + FormatSwedish(ends) +
                       " på grund av en uppgradering.";
    announcement(id, 1, starts - 7 * kMsPerDay, "planned_maintenance", svc, "scheduled", starts, &ends, title,
                 body, "Planned maintenance of the social services e-services",
                 "The e-services are closed during the night for an upgrade.");
    announcement(id, 2, ends + 10 * kMsPerMinute, "planned_maintenance", svc, "resolved", starts, &ends,
                 title, "Underhållet är klart och e-tjänsterna fungerar igen.",
                 "Planned maintenance of the social services e-services", "The maintenance is finished.");
  }

  // ---- monthly reports: usage, adoption, surveys, cost, benefit
  AppendMonthlyReports(now, &out);

  // ---- targets (målvärden) that kommunstyrelsen decided for the years shown:
  // the city for every indicator whose scale does not depend on the city's
  // size, and every owner for availability and the digital share.
  {
    struct Goal {
      IndicatorId indicator;
      const char* value;
      const char* tolerance;
    };
    static constexpr Goal kCityGoals[] = {
        {IndicatorId::kExtDigitalShare, "0.75", "0.05"},
        {IndicatorId::kExtContactDetailsShare, "0.6", "0.1"},
        {IndicatorId::kExtSatisfiedShare, "0.8", "0.05"},
        {IndicatorId::kExtEasyToFindShare, "0.75", "0.05"},
        {IndicatorId::kExtMeetsExpectationsShare, "0.75", "0.05"},
        {IndicatorId::kExtEasedContactShare, "0.7", "0.05"},
        {IndicatorId::kExtCaseStatusShare, "0.6", "0.1"},
        {IndicatorId::kIntBenefitToInvestment, "0.05", "0.01"},
        {IndicatorId::kIntCostDefensibleShare, "0.7", "0.05"},
        {IndicatorId::kIntInfluenceShare, "0.6", "0.05"},
        {IndicatorId::kMatLicenseUtilization, "0.8", "0.05"},
        {IndicatorId::kMatItAbilityShare, "0.7", "0.05"},
        {IndicatorId::kCostPortfolioShare, "0.3", "0.05"},
        {IndicatorId::kQualAvailability, "0.995", "0.004"},
        {IndicatorId::kQualMonitoringCoverage, "0.99", "0.01"},
        {IndicatorId::kQualIncidents, "3", "1"},
        {IndicatorId::kQualMeanTimeToRestoreMinutes, "60", "15"},
        {IndicatorId::kQualMaintenanceNightShare, "0.9", "0.05"},
        {IndicatorId::kQualDriftInfoFoundShare, "0.7", "0.05"},
        {IndicatorId::kQualWcagAaShare, "0.9", "0.1"},
    };
    std::vector<std::string> owners;
    for (const ServiceDef& s : services)
      if (std::find(owners.begin(), owners.end(), s.owner) == owners.end()) owners.push_back(s.owner);
    auto target = [&](int year, IndicatorId ind, const char* scope, const std::string& scope_id,
                      const char* value, const char* tolerance, TimeMs at, const std::string& id) {
      const std::string indicator(Name(ind));
      Json j("target.v1", id, at, "demo-kommunstyrelsen");
      j.Str("indicator", indicator).Str("scope", scope).Str("scope_id", scope_id).Int("year", year);
      j.Raw("value", value).Raw("tolerance", tolerance);
      out.push_back({"catalog", indicator, j.Done()});
    };
    for (int year : {QuarterYear(prev_q), QuarterYear(cur_q)}) {
      const TimeMs decided = std::min(QuarterStart(year * 4) + 9 * 24 * kMsPerHour, now - kMsPerHour);
      const std::string y = std::to_string(year);
      for (const Goal& g : kCityGoals)
        target(year, g.indicator, "city", "stockholm", g.value, g.tolerance, decided,
               "demo-tgt-" + y + "-" + std::string(Name(g.indicator)) + "-city");
      for (size_t i = 0; i < owners.size(); ++i) {
        const std::string n = std::to_string(i);
        for (auto [ind, value, tolerance] : {Goal{IndicatorId::kQualAvailability, "0.99", "0.005"},
                                             Goal{IndicatorId::kExtDigitalShare, "0.7", "0.05"}})
          target(year, ind, "owner", owners[i], value, tolerance, decided,
                 "demo-tgt-" + y + "-" + std::string(Name(ind)) + "-owner-" + n);
      }
      if (QuarterYear(prev_q) == QuarterYear(cur_q)) break;
    }
  }

  // ---- probes of the last 30 minutes
  AppendProbes(now - kProbeBackfillMs, now, &out);
  last_tick_ = now;
  ticked_ = true;
  return out;
}

}  // namespace followup::demo
