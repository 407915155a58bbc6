#include "demo/generator.h"

#include "common/escape.h"
#include "ingest/topics.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <initializer_list>
#include <string_view>
#include <tuple>

namespace followup::demo {
namespace {

constexpr TimeMs kMsPerHour = 60 * kMsPerMinute;
constexpr TimeMs kMsPerDay = 24 * kMsPerHour;

// ---------------------------------------------------------------- hashing
// Stateless randomness: every draw is a hash of (seed, tags...). splitmix64's
// finalizer is a good mixer and is identical on every platform.
uint64_t Mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}
uint64_t Fnv(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ULL;
  return h;
}
uint64_t Hash(uint64_t seed, std::initializer_list<uint64_t> parts) {
  uint64_t h = Mix(seed);
  for (uint64_t p : parts) h = Mix(h ^ p);
  return h;
}
double Unif(uint64_t h) { return static_cast<double>(h >> 11) * 0x1.0p-53; }  // [0,1)
double Between(uint64_t h, double lo, double hi) { return lo + (hi - lo) * Unif(h); }
// Standard normal from two hashes (Box-Muller).
double Normal(uint64_t h) {
  double u1 = 1.0 - Unif(Mix(h ^ 0x51));  // (0,1]
  double u2 = Unif(Mix(h ^ 0x52));
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
}
uint64_t Tag(std::string_view s) { return Fnv(s); }
uint64_t U(int64_t v) { return static_cast<uint64_t>(v); }

int64_t FloorDiv(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }
int64_t FloorMod(int64_t a, int64_t b) { return a - FloorDiv(a, b) * b; }

// ---------------------------------------------------------------- time
// Days since 1970-01-01 of a civil date (H. Hinnant's algorithm).
int64_t DaysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}
struct Ymd {
  int y, m, d;
};
Ymd CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {static_cast<int>(yoe + era * 400 + (m <= 2)), m, d};
}

// Europe/Stockholm wall-clock time -> instant. Only used for times that exist and
// are unambiguous (midnights, 09:00, 22:00...: DST switches at 02:00/03:00 local).
TimeMs LocalToUtc(int y, int m, int d, int hour, int minute) {
  TimeMs local = DaysFromCivil(y, m, d) * kMsPerDay + hour * kMsPerHour + minute * kMsPerMinute;
  int off = StockholmOffsetMinutes(local - kMsPerHour);
  TimeMs t = local - off * kMsPerMinute;
  int off2 = StockholmOffsetMinutes(t);
  if (off2 != off) t = local - off2 * kMsPerMinute;
  return t;
}
TimeMs LocalDayTime(Ymd day, int hour, int minute) { return LocalToUtc(day.y, day.m, day.d, hour, minute); }
Ymd LocalDate(TimeMs t) {
  LocalTime l = ToStockholm(t);
  return {l.year, l.month, l.day};
}
Ymd AddDays(Ymd day, int n) { return CivilFromDays(DaysFromCivil(day.y, day.m, day.d) + n); }

// RFC 3339 in local time with its offset: "2026-10-01T00:00:00+02:00".
std::string FormatLocal(TimeMs t) {
  int off = StockholmOffsetMinutes(t);
  std::string s = FormatRfc3339Utc(t + off * kMsPerMinute);
  s.pop_back();  // 'Z'
  char buf[16];
  std::snprintf(buf, sizeof buf, "%c%02d:%02d", off < 0 ? '-' : '+', std::abs(off) / 60, std::abs(off) % 60);
  return s + buf;
}
std::string YearMonth(int y, int m) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", y, m);
  return buf;
}
std::string Compact(Ymd d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d%02d%02d", d.y, d.m, d.d);
  return buf;
}

// ---------------------------------------------------------------- JSON
void AppendEscaped(std::string* out, std::string_view s) {
  out->push_back('"');
  *out += JsonEscape(s);
  out->push_back('"');
}

// Builds one flat JSON object; values appended in call order.
class Json {
 public:
  Json(std::string_view type, std::string_view event_id, TimeMs occurred_at, std::string_view source) {
    s_.reserve(320);
    s_ = "{";
    Str("type", type);
    Str("event_id", event_id);
    Str("occurred_at", FormatRfc3339Utc(occurred_at));
    Str("source", source);
  }
  Json& Str(std::string_view k, std::string_view v) {
    Key(k);
    AppendEscaped(&s_, v);
    return *this;
  }
  Json& Time(std::string_view k, TimeMs t) { return Str(k, FormatLocal(t)); }
  Json& Int(std::string_view k, int64_t v) { return Raw(k, std::to_string(v)); }
  Json& Num(std::string_view k, double v, int decimals) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return Raw(k, buf);
  }
  Json& Bool(std::string_view k, bool v) { return Raw(k, v ? "true" : "false"); }
  Json& Null(std::string_view k) { return Raw(k, "null"); }
  Json& Raw(std::string_view k, std::string_view raw) {
    Key(k);
    s_ += raw;
    return *this;
  }
  std::string Done() {
    s_ += '}';
    return std::move(s_);
  }

 private:
  void Key(std::string_view k) {
    if (s_.size() > 1) s_ += ',';
    AppendEscaped(&s_, k);
    s_ += ':';
  }
  std::string s_;
};

std::string StrArray(const std::vector<std::string>& v) {
  std::string s = "[";
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) s += ',';
    AppendEscaped(&s, v[i]);
  }
  return s + "]";
}

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

// ---------------------------------------------------------------- months
struct Month {
  int y, m;
  TimeMs start, full_end;  // local midnights on the 1st
  TimeMs end;              // full_end, or now rounded down to the hour for the current month
  double fraction;         // (end - start) / (full_end - start)
  QuarterId quarter;
};

// Months of the previous and the current quarter that started before `now` and have
// at least one whole hour before it.
std::vector<Month> MonthsUpTo(TimeMs now) {
  std::vector<Month> months;
  QuarterId prev = QuarterOf(now) - 1;
  int y = QuarterYear(prev), m = (QuarterNumber(prev) - 1) * 3 + 1;
  for (int i = 0; i < 6; ++i, ++m) {
    if (m > 12) m = 1, ++y;
    Month mo;
    mo.y = y;
    mo.m = m;
    mo.start = LocalToUtc(y, m, 1, 0, 0);
    mo.full_end = m == 12 ? LocalToUtc(y + 1, 1, 1, 0, 0) : LocalToUtc(y, m + 1, 1, 0, 0);
    if (mo.start >= now) break;
    mo.end = mo.full_end <= now ? mo.full_end : now - FloorMod(now, kMsPerHour);
    if (mo.end <= mo.start) break;
    mo.fraction = static_cast<double>(mo.end - mo.start) / static_cast<double>(mo.full_end - mo.start);
    mo.quarter = QuarterOf(mo.start);
    months.push_back(mo);
  }
  return months;
}

// Seasonal factor for case volumes (summer and Christmas are quiet).
double Season(int month) {
  static constexpr double kF[12] = {1.05, 1.0, 1.05, 1.0, 1.0, 0.9, 0.55, 0.8, 1.15, 1.1, 1.05, 0.8};
  return kF[month - 1];
}

constexpr const char* kExtGroups[] = {"citizen", "business", "visitor"};
constexpr const char* kExtQuestions[] = {"satisfaction", "easy_to_find", "meets_expectations",
                                         "eased_contact"};

// A score on a 5 or 10 scale; positive (5·score ≥ 4·max) with probability p.
int Score(uint64_t h, double p, int scale_max) {
  bool positive = Unif(h) < p;
  uint64_t h2 = Mix(h ^ 0x5c);
  if (scale_max == 5) return positive ? 4 + static_cast<int>(h2 % 2) : 1 + static_cast<int>(h2 % 3);
  return positive ? 8 + static_cast<int>(h2 % 3) : 1 + static_cast<int>(h2 % 7);
}

std::string QuarterTag(QuarterId q) {
  return std::to_string(QuarterYear(q)) + "q" + std::to_string(QuarterNumber(q));
}

size_t IndexOf(std::string_view id) {
  const auto& s = Services();
  for (size_t i = 0; i < s.size(); ++i)
    if (id == s[i].id) return i;
  return 0;
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
  const std::vector<Month> months = MonthsUpTo(now);
  const size_t correction_svc = IndexOf("bostadsko");
  for (size_t si = 0; si < services.size(); ++si) {
    const ServiceDef& s = services[si];
    if (s.retired) continue;  // retired before the backfilled period
    const uint64_t sh = Fnv(s.id);
    const double digital_base = Between(Hash(seed_, {sh, Tag("digital")}), 0.5, 0.84);
    const double contact_base = Between(Hash(seed_, {sh, Tag("contact")}), 0.6, 0.95);
    const double satisfaction = Between(Hash(seed_, {sh, Tag("sat")}), 0.55, 0.9);
    const int64_t licensed_base = 20 + static_cast<int64_t>(Hash(seed_, {sh, Tag("lic")}) % 580);
    const double active_base = Between(Hash(seed_, {sh, Tag("active")}), 0.55, 0.92);
    const double ops_base = Between(Hash(seed_, {sh, Tag("ops")}), 15'000, 80'000);
    const bool has_license = Unif(Hash(seed_, {sh, Tag("has-lic")})) < 0.6 || si == correction_svc;
    const double license_base = Between(Hash(seed_, {sh, Tag("licsek")}), 5'000, 40'000);
    const bool portfolio_ops =
        std::string_view(s.owner) == "Kommunstyrelsen" || std::string_view(s.category) == "innovativt";
    const double benefit_rate = Between(Hash(seed_, {sh, Tag("benefit")}), 0.06, 0.4) / 12;
    int mi = 0;
    for (const Month& mo : months) {
      const uint64_t mh = Hash(seed_, {sh, U(mo.y), U(mo.m)});
      const std::string ym = YearMonth(mo.y, mo.m);
      const std::string ps = FormatLocal(mo.start), pe = FormatLocal(mo.end);
      const TimeMs reported = std::min(mo.end + 2 * kMsPerHour, now);
      const TimeMs booked = std::min(mo.full_end + 4 * kMsPerDay + 9 * kMsPerHour, now);
      // usage.v1 per channel: the digital share creeps up month by month.
      double total = s.base_monthly_cases * Season(mo.m) * mo.fraction * std::exp(0.12 * Normal(Mix(mh ^ 1)));
      double share = std::clamp(digital_base + 0.01 * mi + 0.03 * Normal(Mix(mh ^ 2)), 0.5, 0.9);
      int64_t digital = std::llround(total * share);
      int64_t rest = std::llround(total) - digital;
      if (rest < 0) rest = 0;
      int64_t phone = std::llround(rest * 0.6), visit = std::llround(rest * 0.25);
      int64_t mail = std::max<int64_t>(0, rest - phone - visit);
      const std::pair<const char*, int64_t> channels[] = {
          {"digital", digital}, {"phone", phone}, {"visit", visit}, {"mail", mail}};
      for (const auto& [channel, cases] : channels) {
        Json j("usage.v1", "demo-use-" + ym + "-" + s.id + "-" + channel, reported, "demo-etjanstplattform");
        j.Str("service_id", s.id)
            .Str("period_start", ps)
            .Str("period_end", pe)
            .Str("channel", channel)
            .Int("cases", cases);
        if (std::string_view(channel) == "digital") {
          double c = std::clamp(contact_base + 0.02 * Normal(Mix(mh ^ 3)), 0.0, 1.0);
          j.Int("cases_with_contact_details", std::min<int64_t>(cases, std::llround(cases * c)));
        }
        out.push_back({"usage", s.id, j.Done()});
      }
      // adoption.v1
      {
        int64_t licensed = licensed_base + mi * static_cast<int64_t>(Mix(mh ^ 4) % 4);
        double a = std::clamp(active_base + 0.04 * Normal(Mix(mh ^ 5)), 0.3, 1.0);
        int64_t active = std::min<int64_t>(licensed, std::llround(licensed * a));
        Json j("adoption.v1", "demo-adp-" + ym + "-" + s.id, reported, "demo-licensstatistik");
        j.Str("service_id", s.id)
            .Str("period_start", ps)
            .Str("period_end", pe)
            .Int("licensed_users", licensed)
            .Int("active_users", active);
        out.push_back({"usage", s.id, j.Done()});
      }
      // survey.v1: answers spread over the month, only those already given.
      const std::string ext_survey = "demo-enkat-" + QuarterTag(mo.quarter) + "-e-tjanster";
      const std::string staff_survey = "demo-enkat-" + QuarterTag(mo.quarter) + "-medarbetare";
      const std::string mgr_survey = "demo-enkat-" + QuarterTag(mo.quarter) + "-chefer";
      // Event ids name the service the respondent was asked about (the panel: "city").
      auto answer = [&](const std::string& survey, const std::string& resp, const char* group, bool city_wide,
                        const char* question, int score, int scale, TimeMs at) {
        const bool panel = resp.rfind("panel", 0) == 0;
        Json j("survey.v1",
               "demo-svy-" + ym + "-" + (panel ? std::string("city") : std::string(s.id)) + "-" + resp + "-" +
                   question,
               at, "demo-enkatverktyg");
        j.Str("survey_id", survey).Str("respondent_group", group);
        if (city_wide)
          j.Null("service_id");
        else
          j.Str("service_id", s.id);
        j.Str("question", question).Int("score", score).Int("scale_max", scale);
        out.push_back({"surveys", city_wide ? std::string(kCityKey) : s.id, j.Done()});
      };
      auto answered_at = [&](uint64_t h) {
        TimeMs t = mo.start + static_cast<TimeMs>(Unif(h) * static_cast<double>(mo.full_end - mo.start));
        return t - FloorMod(t, 1000);
      };
      const int n_ext = 2 + static_cast<int>(Mix(mh ^ 6) % 5);
      for (int r = 0; r < n_ext; ++r) {
        uint64_t rh = Hash(seed_, {sh, U(mo.y), U(mo.m), Tag("ext"), U(r)});
        TimeMs at = answered_at(rh);
        if (at >= now) continue;
        double g = Unif(Mix(rh ^ 1));
        const char* group = kExtGroups[g < 0.72 ? 0 : g < 0.88 ? 1 : 2];
        std::string resp = "e" + std::to_string(r);
        for (int q = 0; q < 4; ++q) {
          uint64_t qh = Mix(rh ^ (0x100 + q));
          if (Unif(qh) < 0.12) continue;  // skipped question
          answer(ext_survey, resp, group, false, kExtQuestions[q], Score(Mix(qh ^ 7), satisfaction, 5), 5,
                 at);
        }
        // Did you find current operating information? 10-point scale; every other
        // respondent answers about the city as a whole.
        uint64_t dh = Mix(rh ^ 0x200);
        answer(ext_survey, resp, group, (dh & 1) != 0, "drift_info_found",
               Score(Mix(dh ^ 7), satisfaction - 0.1, 10), 10, at);
      }
      // City-wide panel (service_id null), generated once per month (with the first service).
      if (si == 0) {
        for (int r = 0; r < 12; ++r) {
          uint64_t rh = Hash(seed_, {U(mo.y), U(mo.m), Tag("panel"), U(r)});
          TimeMs at = answered_at(rh);
          if (at >= now) continue;
          std::string resp = "panel" + std::to_string(r);
          answer(ext_survey, resp, "citizen", true, "meets_expectations", Score(Mix(rh ^ 1), 0.68, 10), 10,
                 at);
          answer(ext_survey, resp, "citizen", true, "drift_info_found", Score(Mix(rh ^ 2), 0.6, 10), 10, at);
          answer(staff_survey, resp, "staff", true, "it_ability", Score(Mix(rh ^ 3), 0.7, 5), 5, at);
        }
      }
      // Staff using the service's back office: can they use the IT?
      const int n_staff = 1 + static_cast<int>(Mix(mh ^ 8) % 3);
      for (int r = 0; r < n_staff; ++r) {
        uint64_t rh = Hash(seed_, {sh, U(mo.y), U(mo.m), Tag("staff"), U(r)});
        TimeMs at = answered_at(rh);
        if (at >= now) continue;
        answer(staff_survey, "s" + std::to_string(r), "staff", false, "it_ability",
               Score(Mix(rh ^ 1), active_base, 5), 5, at);
      }
      // The service's manager (verksamhetsansvarig), once a month.
      {
        uint64_t rh = Hash(seed_, {sh, U(mo.y), U(mo.m), Tag("manager")});
        TimeMs at = answered_at(rh);
        if (at < now) {
          answer(mgr_survey, "m0", "manager", false, "cost_defensible", Score(Mix(rh ^ 1), 0.65, 10), 10, at);
          answer(mgr_survey, "m0", "manager", false, "influence", Score(Mix(rh ^ 2), 0.55, 10), 10, at);
        }
      }
      // cost.v1 per kind; fixed fees are booked in full, work pro rata.
      auto cost = [&](const char* kind, const std::string& suffix, double amount, const char* funding) {
        Json j("cost.v1", "demo-cost-" + ym + "-" + s.id + "-" + suffix, booked, "demo-ekonomi");
        j.Str("service_id", s.id)
            .Str("month", ym)
            .Str("kind", kind)
            .Num("amount_sek", amount, 2)
            .Str("funding", funding);
        out.push_back({"finance", s.id, j.Done()});
      };
      cost("operations", "operations", std::round(ops_base * (1 + 0.05 * Normal(Mix(mh ^ 9)))),
           portfolio_ops ? "portfolio" : "line");
      if (has_license) cost("license", "license", std::round(license_base), "line");
      if (Unif(Mix(mh ^ 10)) < 0.5)
        cost("maintenance", "maintenance",
             std::round(Between(Mix(mh ^ 11), 8'000, 45'000) * mo.fraction * 100) / 100, "line");
      if (s.investment_sek > 0 && std::string_view(s.category) != "grundlaggande" && Unif(Mix(mh ^ 12)) < 0.6)
        cost("development", "development",
             std::round(Between(Mix(mh ^ 13), 40'000, 280'000) * mo.fraction * 100) / 100, "portfolio");
      if (si == correction_svc && mi == 0)  // a licence was invoiced twice: credited
        cost("license", "license-kreditering", -std::round(license_base * 0.5), "line");
      // benefit.v1 (effekthemtagning)
      {
        double realized =
            s.investment_sek * benefit_rate * mo.fraction * std::exp(0.15 * Normal(Mix(mh ^ 14)));
        double hours = realized / Between(Mix(mh ^ 15), 380, 520);
        Json j("benefit.v1", "demo-bnf-" + ym + "-" + s.id, booked, "demo-ekonomi");
        j.Str("service_id", s.id)
            .Str("month", ym)
            .Num("realized_sek", std::round(realized), 2)
            .Num("hours_saved", hours, 1);
        out.push_back({"finance", s.id, j.Done()});
      }
      ++mi;
    }
  }

  // ---- targets (målvärden) that kommunstyrelsen decided for the years shown:
  // the city for every indicator whose scale does not depend on the city's
  // size, and every owner for availability and the digital share.
  {
    struct Goal {
      const char* indicator;
      const char* value;
      const char* tolerance;
    };
    static constexpr Goal kCityGoals[] = {
        {"ext.digital_share", "0.75", "0.05"},
        {"ext.contact_details_share", "0.6", "0.1"},
        {"ext.satisfied_share", "0.8", "0.05"},
        {"ext.easy_to_find_share", "0.75", "0.05"},
        {"ext.meets_expectations_share", "0.75", "0.05"},
        {"ext.eased_contact_share", "0.7", "0.05"},
        {"ext.case_status_share", "0.6", "0.1"},
        {"int.benefit_to_investment", "0.05", "0.01"},
        {"int.cost_defensible_share", "0.7", "0.05"},
        {"int.influence_share", "0.6", "0.05"},
        {"mat.license_utilization", "0.8", "0.05"},
        {"mat.it_ability_share", "0.7", "0.05"},
        {"cost.portfolio_share", "0.3", "0.05"},
        {"qual.availability", "0.995", "0.004"},
        {"qual.monitoring_coverage", "0.99", "0.01"},
        {"qual.incidents", "3", "1"},
        {"qual.mean_time_to_restore_minutes", "60", "15"},
        {"qual.maintenance_night_share", "0.9", "0.05"},
        {"qual.drift_info_found_share", "0.7", "0.05"},
        {"qual.wcag_aa_share", "0.9", "0.1"},
    };
    std::vector<std::string> owners;
    for (const ServiceDef& s : services)
      if (std::find(owners.begin(), owners.end(), s.owner) == owners.end()) owners.push_back(s.owner);
    auto target = [&](int year, const char* indicator, const char* scope, const std::string& scope_id,
                      const char* value, const char* tolerance, TimeMs at, const std::string& id) {
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
               "demo-tgt-" + y + "-" + g.indicator + "-city");
      for (size_t i = 0; i < owners.size(); ++i) {
        const std::string n = std::to_string(i);
        target(year, "qual.availability", "owner", owners[i], "0.99", "0.005", decided,
               "demo-tgt-" + y + "-qual.availability-owner-" + n);
        target(year, "ext.digital_share", "owner", owners[i], "0.7", "0.05", decided,
               "demo-tgt-" + y + "-ext.digital_share-owner-" + n);
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
