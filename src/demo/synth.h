// The demo generator's tools (generator.cpp, generator_monthly.cpp): stateless
// hashing for its randomness, Europe/Stockholm calendar helpers, a writer of
// flat JSON event objects, and the months it backfills. Internal to demo/.
// Thread-safety: pure functions; a Json belongs to one thread.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/time.h"

namespace followup::demo::synth {

inline constexpr TimeMs kMsPerHour = 60 * kMsPerMinute;
inline constexpr TimeMs kMsPerDay = 24 * kMsPerHour;

// ---------------------------------------------------------------- hashing
// Stateless randomness: every draw is a hash of (seed, tags...). splitmix64's
// finalizer is a good mixer and is identical on every platform.
uint64_t Mix(uint64_t x);
uint64_t Fnv(std::string_view s);
uint64_t Hash(uint64_t seed, std::initializer_list<uint64_t> parts);
inline double Unif(uint64_t h) { return static_cast<double>(h >> 11) * 0x1.0p-53; }  // [0,1)
inline double Between(uint64_t h, double lo, double hi) { return lo + (hi - lo) * Unif(h); }
// Standard normal from two hashes (Box-Muller).
double Normal(uint64_t h);
inline uint64_t Tag(std::string_view s) { return Fnv(s); }
inline uint64_t U(int64_t v) { return static_cast<uint64_t>(v); }
inline int64_t FloorMod(int64_t a, int64_t b) { return a - FloorDiv(a, b) * b; }

// ---------------------------------------------------------------- time
// Days since 1970-01-01 of a civil date (H. Hinnant's algorithm).
int64_t DaysFromCivil(int y, int m, int d);
struct Ymd {
  int y, m, d;
};
Ymd CivilFromDays(int64_t z);

// Europe/Stockholm wall-clock time -> instant. Only used for times that exist and
// are unambiguous (midnights, 09:00, 22:00...: DST switches at 02:00/03:00 local).
TimeMs LocalToUtc(int y, int m, int d, int hour, int minute);
inline TimeMs LocalDayTime(Ymd day, int hour, int minute) {
  return LocalToUtc(day.y, day.m, day.d, hour, minute);
}
Ymd LocalDate(TimeMs t);
inline Ymd AddDays(Ymd day, int n) { return CivilFromDays(DaysFromCivil(day.y, day.m, day.d) + n); }

// RFC 3339 in local time with its offset: "2026-10-01T00:00:00+02:00".
std::string FormatLocal(TimeMs t);
std::string YearMonth(int y, int m);
std::string Compact(Ymd d);

// ---------------------------------------------------------------- JSON
void AppendEscaped(std::string* out, std::string_view s);

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

std::string StrArray(const std::vector<std::string>& v);

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
std::vector<Month> MonthsUpTo(TimeMs now);

// "2026q3", for event ids.
std::string QuarterTag(QuarterId q);

// The index of a service in Services() (0 when there is none of that id).
size_t IndexOf(std::string_view id);

}  // namespace followup::demo::synth
