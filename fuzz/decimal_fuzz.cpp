// libFuzzer target: the exact decimal parser (common/decimal.h) must never
// crash, overflow or hang on any text, and what it accepts must be consistent:
// the value stays within the limit, an exact value formats and parses back to
// itself, and FormatRatio agrees with ParseScaledDecimal on the same digits.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "common/decimal.h"

namespace {

constexpr int64_t kAmountMax = 1'000'000'000'000'000'000;  // 10^12 in micro-units

void Check(std::string_view text, int scale, int64_t max_units) {
  using followup::DecimalParse;
  followup::ScaledDecimal v;
  DecimalParse p = followup::ParseScaledDecimal(text, scale, max_units, &v);
  if (p != DecimalParse::kOk) return;
  if (v.units > max_units || v.units < -max_units) std::abort();
  if (v.units < 0 && !v.negative) std::abort();
  if (v.units > 0 && v.negative) std::abort();
  // Formatting the units at their scale gives a number that parses back exactly.
  __int128 den = 1;
  for (int i = 0; i < scale; ++i) den *= 10;
  std::string again = followup::FormatRatio(v.units, den);
  followup::ScaledDecimal w;
  if (scale <= 6) {  // FormatRatio writes at most 6 decimals
    if (followup::ParseScaledDecimal(again, scale, max_units, &w) != DecimalParse::kOk) std::abort();
    if (w.units != v.units || w.rounded) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  Check(in, 6, kAmountMax);         // amounts
  Check(in, 3, 1'000'000'000'000);  // latencies in microseconds
  Check(in, 0, INT64_MAX);          // integers
  Check(in, 18, INT64_MAX);         // the widest scale
  // FormatRatio on arbitrary 128-bit operands (the first 32 bytes).
  if (size >= 32) {
    unsigned __int128 num = 0, den = 0;
    for (int i = 0; i < 16; ++i) num = (num << 8) | data[i];
    for (int i = 16; i < 32; ++i) den = (den << 8) | data[i];
    if (den != 0) {
      std::string s = followup::FormatRatio(static_cast<__int128>(num), static_cast<__int128>(den));
      if (s.empty() || s.size() > 48) std::abort();
    }
  }
  return 0;
}
