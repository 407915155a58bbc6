// The instants of the event contract: RFC 3339 with an offset (events.md,
// occurred_at), within the years the service supports, [1970-01-01T00:00:00Z,
// 2201-01-01T00:00:00Z). One home for the rule: the decoder and the admin API
// ask this function (each with its own message; the admin API's stricter
// rules for commands, such as which combinations it writes, stay its own).
// Thread-safety: pure functions.
#pragma once
#include <string_view>

#include "common/time.h"

namespace followup {

inline constexpr TimeMs kMinInstant = 0;                            // 1970-01-01T00:00:00Z
inline constexpr TimeMs kEndInstant = int64_t{84371} * 86'400'000;  // 2201-01-01T00:00:00Z
// The years of kMinInstant and of the last instant before kEndInstant.
inline constexpr int kMinYear = 1970, kMaxYear = 2200;

enum class InstantCheck {
  kOk,
  kNotRfc3339,  // not RFC 3339 with an offset (common/time.h ParseRfc3339)
  kOutOfRange,  // a valid timestamp outside [kMinInstant, kEndInstant)
};

// Parses s; *out is set only when the result is kOk.
InstantCheck ParseInstant(std::string_view s, TimeMs* out);

}  // namespace followup
