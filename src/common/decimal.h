// Exact fixed-point arithmetic for money, hours and latencies. Floating-point
// sums depend on the order of addition; the spec demands order independence,
// so amounts are stored as integer micro-units and only formatted at the edge.
#pragma once
#include <cstdint>
#include <string>

namespace followup {

constexpr int64_t kMicro = 1'000'000;

// Formats num/den rounded half away from zero to at most 6 decimals, trailing
// zeros removed: 1/3 -> "0.333333", 42500000000/1000000 -> "42500", 0 -> "0".
// den must be non-zero.
std::string FormatRatio(__int128 num, __int128 den);
// A micro-unit quantity as a decimal number.
inline std::string FormatMicro(__int128 micro) { return FormatRatio(micro, kMicro); }
inline std::string FormatInt(int64_t v) { return std::to_string(v); }

}  // namespace followup
