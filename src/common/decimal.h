// Exact fixed-point arithmetic for money, hours and latencies. Floating-point
// sums depend on the order of addition; the spec demands order independence,
// so amounts are stored as integer micro-units and only formatted at the edge.
// Numbers come in as decimal text (ParseScaledDecimal), never via a double.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace followup {

constexpr int64_t kMicro = 1'000'000;

// Formats num/den rounded half away from zero to at most 6 decimals, trailing
// zeros removed: 1/3 -> "0.333333", 42500000000/1000000 -> "42500", 0 -> "0".
// Exact for every num and den (no intermediate product can overflow).
// den must be non-zero.
std::string FormatRatio(__int128 num, __int128 den);
// The inverse of FormatRatio at scale 10^6, for the reports' written values:
// "-12.5", "0.000008", "42" to micro-units, 128-bit (sums may exceed int64
// micro-units); false for anything else (exponents, more than 6 decimals).
bool ParseReportDecimal(std::string_view s, __int128* micro);
// A micro-unit quantity as a decimal number.
inline std::string FormatMicro(__int128 micro) { return FormatRatio(micro, kMicro); }
// An integer, exactly, also beyond 64 bits: FormatInt(__int128(1) << 64) -> "18446744073709551616".
std::string FormatInt(__int128 v);

// Moves the point of a plain decimal text (-?[0-9]+(.[0-9]+)?, as FormatRatio
// writes it) shift >= 0 places right and rounds to exactly `decimals` places,
// half away from zero, on the digits themselves (any size, no double):
// ("0.95349", 2, 1) -> "95.3", ("1234567.5", 0, 0) -> "1234568",
// ("-0.3", 0, 0) -> "0". Returns "" for any other text.
std::string RoundDecimalText(std::string_view text, int shift, int decimals);

// The result of parsing a number's decimal text at a fixed scale.
enum class DecimalParse : uint8_t {
  kOk,
  kNotANumber,  // not one JSON number (RFC 8259 grammar), e.g. "1.", "+1", "01", " 1"
  kOutOfRange,  // the exact value's magnitude exceeds the limit
};
struct ScaledDecimal {
  int64_t units = 0;      // value * 10^scale, rounded half away from zero
  bool negative = false;  // the exact value is < 0 (also when it rounds to 0)
  bool rounded = false;   // non-zero digits below 10^-scale were rounded off
};

// Parses text, exactly one JSON number (-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?,
// nothing around it), into units of 10^-scale (0 <= scale <= 18). The exact
// decimal value decides, whatever the digits and the exponent: "1e12" and
// "1000000000000" are the same number, "0.1" is exactly 1/10.
// kOutOfRange when |exact value| > max_units * 10^-scale, judged on the exact
// value before rounding (so "1000000000000.0000001" exceeds 10^12 even though
// it would round to it). 0 <= max_units <= INT64_MAX.
//   ParseScaledDecimal("0.0000005", 6, ...)  -> units 1 (half away from zero)
//   ParseScaledDecimal("-0.0000005", 6, ...) -> units -1
//   ParseScaledDecimal("1.5E-3", 6, ...)     -> units 1500
DecimalParse ParseScaledDecimal(std::string_view text, int scale, int64_t max_units, ScaledDecimal* out);

}  // namespace followup
