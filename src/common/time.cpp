#include "common/time.h"

#include <date/date.h>
#include <date/tz.h>

#include <array>
#include <charconv>
#include <cstdio>
#include <vector>

namespace followup {
namespace {

using namespace std::chrono;

bool Digits(std::string_view s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    char c = s[i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}

const date::time_zone* Stockholm() {
  static const date::time_zone* tz = date::locate_zone("Europe/Stockholm");
  return tz;
}

// Quarter boundaries are looked up on every folded event, so they are computed
// once for the supported range and found by binary search afterwards.
constexpr int kFirstYear = 1970;
constexpr int kLastYear = 2200;
const std::vector<TimeMs>& QuarterTable() {
  static const std::vector<TimeMs> table = [] {
    std::vector<TimeMs> t;
    for (int y = kFirstYear; y <= kLastYear + 1; ++y) {
      for (int q = 0; q < 4; ++q) {
        auto local = date::local_days{date::year{y} / (q * 3 + 1) / 1};
        auto sys = Stockholm()->to_sys(local, date::choose::earliest);
        t.push_back(duration_cast<milliseconds>(sys.time_since_epoch()).count());
      }
    }
    return t;
  }();
  return table;
}

}  // namespace

TimeMs WallNowMs() { return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count(); }

std::optional<TimeMs> ParseRfc3339(std::string_view s) {
  int y, mo, d, h, mi, sec;
  if (s.size() < 20) return std::nullopt;
  if (!Digits(s, 0, 4, &y) || s[4] != '-' || !Digits(s, 5, 2, &mo) || s[7] != '-' || !Digits(s, 8, 2, &d) ||
      (s[10] != 'T' && s[10] != 't') || !Digits(s, 11, 2, &h) || s[13] != ':' || !Digits(s, 14, 2, &mi) ||
      s[16] != ':' || !Digits(s, 17, 2, &sec))
    return std::nullopt;
  size_t pos = 19;
  int ms = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    size_t start = pos;
    int scale = 100;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      ms += (s[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (pos == start) return std::nullopt;
  }
  if (pos >= s.size()) return std::nullopt;  // offset is mandatory
  int offset_min = 0;
  if (s[pos] == 'Z' || s[pos] == 'z') {
    ++pos;
  } else if (s[pos] == '+' || s[pos] == '-') {
    int oh, om;
    if (!Digits(s, pos + 1, 2, &oh) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
        !Digits(s, pos + 4, 2, &om) || oh > 23 || om > 59)
      return std::nullopt;
    offset_min = (oh * 60 + om) * (s[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  if (h > 23 || mi > 59 || sec > 59) return std::nullopt;
  auto ymd = date::year{y} / mo / d;
  if (!ymd.ok()) return std::nullopt;
  int64_t days = date::sys_days{ymd}.time_since_epoch().count();
  int64_t secs = days * 86400 + h * 3600 + mi * 60 + sec - int64_t{offset_min} * 60;
  return secs * 1000 + ms;
}

std::string FormatRfc3339Utc(TimeMs t) {
  auto tp = date::sys_time<milliseconds>{milliseconds{t}};
  auto dp = date::floor<date::days>(tp);
  date::year_month_day ymd{dp};
  date::hh_mm_ss<milliseconds> hms{tp - dp};
  char buf[40];
  int ms = static_cast<int>(hms.subseconds().count());
  if (ms)
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", int(ymd.year()),
                  unsigned(ymd.month()), unsigned(ymd.day()), int(hms.hours().count()),
                  int(hms.minutes().count()), int(hms.seconds().count()), ms);
  else
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", int(ymd.year()), unsigned(ymd.month()),
                  unsigned(ymd.day()), int(hms.hours().count()), int(hms.minutes().count()),
                  int(hms.seconds().count()));
  return buf;
}

std::string FormatIcsUtc(TimeMs t, bool round_up) {
  auto tp = date::sys_time<milliseconds>{milliseconds{t}};
  auto secs = round_up ? date::ceil<std::chrono::seconds>(tp) : date::floor<std::chrono::seconds>(tp);
  auto dp = date::floor<date::days>(secs);
  date::year_month_day ymd{dp};
  date::hh_mm_ss<std::chrono::seconds> hms{secs - dp};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d%02u%02uT%02d%02d%02dZ", int(ymd.year()), unsigned(ymd.month()),
                unsigned(ymd.day()), int(hms.hours().count()), int(hms.minutes().count()),
                int(hms.seconds().count()));
  return buf;
}

std::string FormatRfc5322Utc(TimeMs t) {
  static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  auto secs = date::floor<std::chrono::seconds>(date::sys_time<milliseconds>{milliseconds{t}});
  auto dp = date::floor<date::days>(secs);
  date::year_month_day ymd{dp};
  date::hh_mm_ss<std::chrono::seconds> hms{secs - dp};
  char buf[48];
  std::snprintf(buf, sizeof buf, "%s, %02u %s %04d %02d:%02d:%02d +0000",
                kDays[date::weekday{dp}.c_encoding()], unsigned(ymd.day()),
                kMonths[unsigned(ymd.month()) - 1], int(ymd.year()), int(hms.hours().count()),
                int(hms.minutes().count()), int(hms.seconds().count()));
  return buf;
}

std::string QuarterName(QuarterId q) {
  return std::to_string(QuarterYear(q)) + "Q" + std::to_string(QuarterNumber(q));
}

std::optional<QuarterId> ParseQuarter(std::string_view name) {
  int y, q;
  if (name.size() != 6 || !Digits(name, 0, 4, &y) || name[4] != 'Q' || !Digits(name, 5, 1, &q))
    return std::nullopt;
  if (q < 1 || q > 4 || y < kFirstYear || y > kLastYear) return std::nullopt;
  return y * 4 + (q - 1);
}

TimeMs QuarterStart(QuarterId q) {
  const auto& t = QuarterTable();
  int64_t idx = int64_t{q} - kFirstYear * 4;
  if (idx < 0) idx = 0;
  if (idx >= static_cast<int64_t>(t.size())) idx = t.size() - 1;
  return t[idx];
}
TimeMs QuarterEnd(QuarterId q) { return QuarterStart(q + 1); }

QuarterId QuarterOf(TimeMs t) {
  const auto& table = QuarterTable();
  auto it = std::upper_bound(table.begin(), table.end(), t);
  if (it == table.begin()) return kFirstYear * 4;  // clamp: before supported range
  return static_cast<QuarterId>(kFirstYear * 4 + (it - table.begin()) - 1);
}

int StockholmOffsetMinutes(TimeMs t) {
  // Offsets change twice a year; remember the last validity range per thread.
  thread_local TimeMs begin = 1, end = 0;
  thread_local int offset = 0;
  if (t < begin || t >= end) {
    auto info = Stockholm()->get_info(date::sys_seconds{seconds{t >= 0 ? t / 1000 : (t - 999) / 1000}});
    begin = duration_cast<milliseconds>(info.begin.time_since_epoch()).count();
    end = duration_cast<milliseconds>(info.end.time_since_epoch()).count();
    offset = static_cast<int>(info.offset.count() / 60);
  }
  return offset;
}

bool IsNight(TimeMs t) {
  int64_t local_min = MinuteOf(t + int64_t{StockholmOffsetMinutes(t)} * kMsPerMinute);
  int64_t minute_of_day = ((local_min % 1440) + 1440) % 1440;
  int hour = static_cast<int>(minute_of_day / 60);
  return hour >= 22 || hour < 6;
}

bool BetweenStockholmAndUtcMidnight(int64_t hour) {
  const TimeMs start = hour * 60 * kMsPerMinute;
  const TimeMs utc_midnight = (FloorDiv(hour, 24) + 1) * 24 * 60 * kMsPerMinute;
  return start >= StockholmDayOf(utc_midnight).start;  // the local day the UTC midnight falls in
}

int64_t NightMinutesIn(TimeMs from, TimeMs to) {
  // Stockholm's offset is a whole number of hours, so the local hour is constant
  // within each UTC hour: count hour by hour instead of minute by minute.
  MinuteIdx m = MinuteCeil(from), end = MinuteCeil(to);
  int64_t night = 0;
  while (m < end) {
    MinuteIdx hour_end = (m >= 0 ? m / 60 : (m - 59) / 60) * 60 + 60;
    MinuteIdx chunk_end = std::min(hour_end, end);
    if (IsNight(MinuteStart(m))) night += chunk_end - m;
    m = chunk_end;
  }
  return night;
}

LocalTime ToStockholm(TimeMs t) {
  int off = StockholmOffsetMinutes(t);
  auto tp = date::sys_time<milliseconds>{milliseconds{t + int64_t{off} * kMsPerMinute}};
  auto dp = date::floor<date::days>(tp);
  date::year_month_day ymd{dp};
  date::hh_mm_ss<milliseconds> hms{tp - dp};
  date::weekday wd{dp};
  return LocalTime{int(ymd.year()),
                   int(unsigned(ymd.month())),
                   int(unsigned(ymd.day())),
                   int(hms.hours().count()),
                   int(hms.minutes().count()),
                   int(hms.seconds().count()),
                   int(wd.c_encoding()),
                   off};
}

namespace {

LocalDay DayFromLocal(date::local_days local) {
  date::year_month_day ymd{local};
  // Local midnight always exists in Stockholm (the clocks change at 02:00 and 03:00).
  auto start = Stockholm()->to_sys(local, date::choose::earliest);
  auto end = Stockholm()->to_sys(local + date::days{1}, date::choose::earliest);
  return LocalDay{int(ymd.year()), int(unsigned(ymd.month())), int(unsigned(ymd.day())),
                  duration_cast<milliseconds>(start.time_since_epoch()).count(),
                  duration_cast<milliseconds>(end.time_since_epoch()).count()};
}

}  // namespace

LocalDay StockholmDayOf(TimeMs t) {
  LocalTime l = ToStockholm(t);
  return DayFromLocal(date::local_days{date::year{l.year} / l.month / l.day});
}

LocalDay StockholmDayAdd(const LocalDay& d, int days) {
  return DayFromLocal(date::local_days{date::year{d.year} / d.month / d.day} + date::days{days});
}

std::string FormatLocalDate(const LocalDay& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

std::string FormatSwedish(TimeMs t) {
  static constexpr std::array<const char*, 12> kMonths = {"jan", "feb", "mar", "apr", "maj", "jun",
                                                          "jul", "aug", "sep", "okt", "nov", "dec"};
  LocalTime l = ToStockholm(t);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%d %s %d kl. %02d:%02d", l.day, kMonths[l.month - 1], l.year, l.hour,
                l.minute);
  return buf;
}

bool SameLocalDay(TimeMs a, TimeMs b) {
  LocalTime x = ToStockholm(a), y = ToStockholm(b);
  return x.year == y.year && x.month == y.month && x.day == y.day;
}

std::string FormatSwedishClock(TimeMs t) {
  LocalTime l = ToStockholm(t);
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", l.hour, l.minute);
  return buf;
}

}  // namespace followup
