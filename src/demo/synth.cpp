#include "demo/synth.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "common/escape.h"
#include "demo/generator.h"

namespace followup::demo::synth {

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

double Normal(uint64_t h) {
  double u1 = 1.0 - Unif(Mix(h ^ 0x51));  // (0,1]
  double u2 = Unif(Mix(h ^ 0x52));
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
}

int64_t DaysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

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

TimeMs LocalToUtc(int y, int m, int d, int hour, int minute) {
  TimeMs local = DaysFromCivil(y, m, d) * kMsPerDay + hour * kMsPerHour + minute * kMsPerMinute;
  int off = StockholmOffsetMinutes(local - kMsPerHour);
  TimeMs t = local - off * kMsPerMinute;
  int off2 = StockholmOffsetMinutes(t);
  if (off2 != off) t = local - off2 * kMsPerMinute;
  return t;
}

Ymd LocalDate(TimeMs t) {
  LocalTime l = ToStockholm(t);
  return {l.year, l.month, l.day};
}

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

void AppendEscaped(std::string* out, std::string_view s) {
  out->push_back('"');
  *out += JsonEscape(s);
  out->push_back('"');
}

std::string StrArray(const std::vector<std::string>& v) {
  std::string s = "[";
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) s += ',';
    AppendEscaped(&s, v[i]);
  }
  return s + "]";
}

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

std::string QuarterTag(QuarterId q) {
  return std::to_string(QuarterYear(q)) + "q" + std::to_string(QuarterNumber(q));
}

size_t IndexOf(std::string_view id) {
  const auto& s = Services();
  for (size_t i = 0; i < s.size(); ++i)
    if (id == s[i].id) return i;
  return 0;
}

}  // namespace followup::demo::synth
