#include "common/decimal.h"

namespace followup {
namespace {

using u128 = unsigned __int128;

// |v| without overflow, also for the most negative value.
u128 Magnitude(__int128 v) { return v < 0 ? u128(0) - u128(v) : u128(v); }

// (a + b) mod d for a, b < d, and whether it wrapped; never overflows.
u128 AddMod(u128 a, u128 b, u128 d, bool* wrapped) {
  *wrapped = a >= d - b;
  return *wrapped ? a - (d - b) : a + b;
}

std::string Digits(u128 v) {
  std::string s;
  do {
    s.insert(s.begin(), char('0' + int(v % 10)));
    v /= 10;
  } while (v);
  return s;
}

}  // namespace

std::string FormatRatio(__int128 num, __int128 den) {
  bool neg = (num < 0) != (den < 0);
  u128 n = Magnitude(num), d = Magnitude(den);
  u128 ip = n / d, r = n % d;
  // Six decimals by long division: digit = floor(10 r / d), r = 10 r mod d,
  // with 10 r formed by modular additions so that it cannot overflow.
  uint32_t frac = 0;
  for (int i = 0; i < 6; ++i) {
    uint32_t digit = 0;
    u128 acc = 0;
    for (int k = 0; k < 10; ++k) {
      bool wrapped;
      acc = AddMod(acc, r, d, &wrapped);
      digit += wrapped;
    }
    r = acc;
    frac = frac * 10 + digit;
  }
  if (r >= d - r) {  // remainder >= d/2: half away from zero
    if (++frac == 1'000'000) {
      frac = 0;
      ++ip;
    }
  }
  if (ip == 0 && frac == 0) return "0";
  std::string out = (neg ? "-" : "") + Digits(ip);
  if (frac) {
    std::string f = std::to_string(frac);
    f.insert(f.begin(), 6 - f.size(), '0');
    while (f.back() == '0') f.pop_back();
    out += "." + f;
  }
  return out;
}

std::string FormatInt(__int128 v) { return (v < 0 ? "-" : "") + Digits(Magnitude(v)); }

std::string RoundDecimalText(std::string_view t, int shift, int decimals) {
  bool neg = !t.empty() && t[0] == '-';
  if (neg) t.remove_prefix(1);
  size_t dot = t.find('.');
  std::string_view ip = t.substr(0, dot), fp = dot == std::string_view::npos ? "" : t.substr(dot + 1);
  auto all_digits = [](std::string_view s) {
    for (char c : s)
      if (c < '0' || c > '9') return false;
    return true;
  };
  if (ip.empty() || !all_digits(ip) || !all_digits(fp) || (dot != std::string_view::npos && fp.empty()) ||
      shift < 0 || decimals < 0)
    return "";
  // The kept digits: the integer part, then shift + decimals digits of the fraction.
  std::string digits(ip);
  const size_t keep_frac = size_t(shift) + size_t(decimals);
  for (size_t i = 0; i < keep_frac; ++i) digits.push_back(i < fp.size() ? fp[i] : '0');
  if (keep_frac < fp.size() && fp[keep_frac] >= '5') {  // half away from zero
    size_t i = digits.size();
    while (i > 0 && digits[i - 1] == '9') digits[--i] = '0';
    if (i == 0)
      digits.insert(digits.begin(), '1');
    else
      ++digits[i - 1];
  }
  std::string out = digits.substr(0, digits.size() - size_t(decimals));
  size_t lead = out.find_first_not_of('0');
  out = lead == std::string::npos ? "0" : out.substr(lead);
  if (decimals) out += "." + digits.substr(digits.size() - size_t(decimals));
  bool zero = digits.find_first_not_of('0') == std::string::npos;
  return (neg && !zero ? "-" : "") + out;
}

DecimalParse ParseScaledDecimal(std::string_view t, int scale, int64_t max_units, ScaledDecimal* out) {
  auto digit = [&t](size_t i) { return i < t.size() && t[i] >= '0' && t[i] <= '9'; };
  size_t i = 0;
  bool neg = i < t.size() && t[i] == '-';
  if (neg) ++i;
  const size_t int_begin = i;
  if (!digit(i)) return DecimalParse::kNotANumber;
  if (t[i++] != '0')
    while (digit(i)) ++i;
  const size_t int_end = i;
  size_t frac_begin = i, frac_end = i;
  if (i < t.size() && t[i] == '.') {
    frac_begin = ++i;
    while (digit(i)) ++i;
    frac_end = i;
    if (frac_end == frac_begin) return DecimalParse::kNotANumber;
  }
  int64_t exp = 0;
  if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
    ++i;
    bool exp_neg = i < t.size() && t[i] == '-';
    if (i < t.size() && (t[i] == '-' || t[i] == '+')) ++i;
    if (!digit(i)) return DecimalParse::kNotANumber;
    // Saturates: beyond 10^9 every non-zero value is out of range or rounds to 0.
    for (; digit(i); ++i)
      if (exp < 1'000'000'000) exp = exp * 10 + (t[i] - '0');
    if (exp_neg) exp = -exp;
  }
  if (i != t.size()) return DecimalParse::kNotANumber;

  // The significand's digits D (integer then fraction digits), value = D * 10^(exp - nfrac).
  const size_t nint = int_end - int_begin, nfrac = frac_end - frac_begin, total = nint + nfrac;
  auto d = [&](size_t k) { return t[k < nint ? int_begin + k : frac_begin + (k - nint)] - '0'; };
  size_t z = 0;  // first non-zero digit
  while (z < total && d(z) == 0) ++z;
  *out = ScaledDecimal{};
  if (z == total) return DecimalParse::kOk;  // zero, whatever the sign and exponent
  const int64_t m = int64_t(total - z);      // significant digits
  // units = D' * 10^s with D' the m significant digits; keep = digits of floor(|units|).
  const int64_t s = exp - int64_t(nfrac) + scale;
  const int64_t keep = m + s;
  if (keep > 19) return DecimalParse::kOutOfRange;  // >= 10^19 > INT64_MAX >= max_units
  uint64_t mag = 0;
  for (int64_t j = 0; j < keep; ++j) mag = mag * 10 + uint64_t(j < m ? d(z + size_t(j)) : 0);
  int first_dropped = 0;
  bool dropped_nonzero = false;
  if (keep < m) {
    if (keep >= 0) {
      first_dropped = d(z + size_t(keep));
      for (int64_t j = keep; j < m && !dropped_nonzero; ++j) dropped_nonzero = d(z + size_t(j)) != 0;
    } else {
      dropped_nonzero = true;  // every significant digit lies below the unit, behind zeros
    }
  }
  if (mag > uint64_t(max_units) || (mag == uint64_t(max_units) && dropped_nonzero))
    return DecimalParse::kOutOfRange;
  if (first_dropped >= 5) ++mag;  // cannot pass max_units: then dropped_nonzero held at mag == max
  out->units = neg ? -int64_t(mag) : int64_t(mag);
  out->negative = neg;
  out->rounded = dropped_nonzero;
  return DecimalParse::kOk;
}

bool ParseReportDecimal(std::string_view s, __int128* micro) {
  bool neg = !s.empty() && s[0] == '-';
  if (neg) s.remove_prefix(1);
  if (s.empty() || s.size() > 40) return false;
  __int128 whole = 0, frac = 0;
  size_t i = 0, digits = 0;
  for (; i < s.size() && s[i] != '.'; ++i, ++digits) {
    if (s[i] < '0' || s[i] > '9') return false;
    whole = whole * 10 + (s[i] - '0');
  }
  if (digits == 0) return false;
  int decimals = 0;
  if (i < s.size()) {  // '.'
    ++i;
    if (i == s.size()) return false;
    for (; i < s.size(); ++i) {
      if (s[i] < '0' || s[i] > '9' || ++decimals > 6) return false;
      frac = frac * 10 + (s[i] - '0');
    }
  }
  for (int d = decimals; d < 6; ++d) frac *= 10;
  *micro = (whole * kMicro + frac) * (neg ? -1 : 1);
  return true;
}

}  // namespace followup
