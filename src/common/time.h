// Time rules of the spec: RFC 3339 parsing, UTC minutes, Europe/Stockholm quarters
// and nights. All instants are milliseconds since the Unix epoch (UTC).
// Thread-safety: all functions are pure (WallNowMs reads the clock) and safe
// to call from any thread.
#pragma once
#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace followup {

using TimeMs = int64_t;     // instant, ms since epoch
using MinuteIdx = int64_t;  // whole UTC minute: floor(ms / 60000)

constexpr TimeMs kMsPerMinute = 60'000;

// The wall clock now (the system clock, ms since epoch): the default clock of
// everything that takes an injectable one.
TimeMs WallNowMs();

// Parses RFC 3339 "YYYY-MM-DDTHH:MM:SS[.frac](Z|+hh:mm|-hh:mm)". Returns nullopt
// for anything else (missing offset, impossible dates such as 2026-02-30,
// second 60). Fractions beyond milliseconds are truncated.
std::optional<TimeMs> ParseRfc3339(std::string_view s);
// Formats as "YYYY-MM-DDTHH:MM:SSZ" (milliseconds appended only when non-zero).
std::string FormatRfc3339Utc(TimeMs t);
// Formats as the UTC "basic" form of RFC 5545 (iCalendar DATE-TIME with the
// "Z" suffix): "YYYYMMDDTHHMMSSZ". iCalendar has no fractions of a second:
// the instant is rounded down to its second, or up with round_up (an end that
// must stay after its start).
std::string FormatIcsUtc(TimeMs t, bool round_up = false);
// Formats as an RFC 5322 date-time (section 3.3) in UTC, the Date header of a
// mail: "Wed, 02 Dec 2026 06:28:27 +0000" (English day and month names, the
// day of the month with two digits, rounded down to its second).
std::string FormatRfc5322Utc(TimeMs t);

// floor(a / b) for b > 0, negative a too (C++ division truncates toward zero).
inline int64_t FloorDiv(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

inline MinuteIdx MinuteOf(TimeMs t) { return FloorDiv(t, kMsPerMinute); }
inline TimeMs MinuteStart(MinuteIdx m) { return m * kMsPerMinute; }
// Whole minutes [from, to).
struct MinuteRange {
  MinuteIdx from, to;
  bool operator==(const MinuteRange& o) const { return from == o.from && to == o.to; }
};
// Per service, the merged minute ranges its live maintenance windows cover
// (readmodels/maintenance.h MaintenanceMinutes).
using MaintenanceWindows = std::map<std::string, std::vector<MinuteRange>, std::less<>>;
// First whole minute whose start is >= t.
inline MinuteIdx MinuteCeil(TimeMs t) {
  MinuteIdx m = MinuteOf(t);
  return MinuteStart(m) < t ? m + 1 : m;
}

// A calendar quarter in Europe/Stockholm, encoded as year*4 + (q-1).
using QuarterId = int32_t;
inline int QuarterYear(QuarterId q) { return q / 4; }
inline int QuarterNumber(QuarterId q) { return q % 4 + 1; }
std::string QuarterName(QuarterId q);                          // "2026Q3"
std::optional<QuarterId> ParseQuarter(std::string_view name);  // strict "YYYYQn", 1970..9999

// The quarter (Europe/Stockholm) containing instant t.
QuarterId QuarterOf(TimeMs t);
// [start, end) of a quarter as UTC instants (local midnight on the first day).
TimeMs QuarterStart(QuarterId q);
TimeMs QuarterEnd(QuarterId q);
inline int64_t QuarterMinutes(QuarterId q) { return (QuarterEnd(q) - QuarterStart(q)) / kMsPerMinute; }
// Quarter containing the month "YYYY-MM" (no time zone involved).
inline QuarterId QuarterOfMonth(int year, int month) { return year * 4 + (month - 1) / 3; }

// Europe/Stockholm UTC offset at instant t, in minutes (60 or 120 today).
int StockholmOffsetMinutes(TimeMs t);
// Night: the local hour of the instant is >= 22 or < 6.
bool IsNight(TimeMs t);
// Number of whole minutes m with start in [from, to) whose start is at night.
int64_t NightMinutesIn(TimeMs from, TimeMs to);
// Total whole minutes with start in [from, to).
inline int64_t MinutesIn(TimeMs from, TimeMs to) {
  return to <= from ? 0 : std::max<int64_t>(0, MinuteCeil(to) - MinuteCeil(from));
}

// Local calendar fields in Europe/Stockholm, for presentation.
struct LocalTime {
  int year, month, day, hour, minute, second, weekday;  // weekday 0 = Sunday
  int offset_minutes;
};
LocalTime ToStockholm(TimeMs t);
// A calendar day in Europe/Stockholm: [start, end) as UTC instants, from local
// midnight to the next local midnight, so 23 hours on the last Sunday of
// March, 25 on the last Sunday of October and 24 otherwise.
struct LocalDay {
  int year, month, day;
  TimeMs start, end;
};
// The local day containing instant t.
LocalDay StockholmDayOf(TimeMs t);
// The local day `days` calendar days after (negative: before) d.
LocalDay StockholmDayAdd(const LocalDay& d, int days);
// "2026-10-25".
std::string FormatLocalDate(const LocalDay& d);
// Whether the UTC hour (hours since the epoch) lies between a Stockholm local
// midnight and the UTC midnight after it (22:00-24:00 UTC in summer time,
// 23:00-24:00 in winter): the hours by which a local day and a UTC day differ.
bool BetweenStockholmAndUtcMidnight(int64_t hour);

// True when a and b fall on the same calendar day in Europe/Stockholm.
bool SameLocalDay(TimeMs a, TimeMs b);

// "26 nov 2026 kl. 22:00" as people write it in Sweden.
std::string FormatSwedish(TimeMs t);
// "22:00".
std::string FormatSwedishClock(TimeMs t);

}  // namespace followup
