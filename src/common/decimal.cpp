#include "common/decimal.h"

namespace followup {

std::string FormatRatio(__int128 num, __int128 den) {
  if (den < 0) { num = -num; den = -den; }
  bool neg = num < 0;
  unsigned __int128 n = neg ? -num : num;
  unsigned __int128 d = den;
  // Scale to 6 decimals and round half away from zero.
  unsigned __int128 scaled = (n * kMicro * 2 + d) / (d * 2);
  if (scaled == 0) return "0";
  unsigned __int128 ip = scaled / kMicro;
  uint64_t frac = static_cast<uint64_t>(scaled % kMicro);
  std::string digits;
  do { digits.insert(digits.begin(), char('0' + int(ip % 10))); ip /= 10; } while (ip);
  std::string out = neg ? "-" + digits : digits;
  if (frac) {
    std::string f = std::to_string(frac);
    f.insert(f.begin(), 6 - f.size(), '0');
    while (f.back() == '0') f.pop_back();
    out += "." + f;
  }
  return out;
}

}  // namespace followup
