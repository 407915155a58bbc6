// When a failed webhook delivery is tried again: exponential back-off with
// jitter, for more than 24 hours, then the endpoint is disabled (issue 16).
// The delays after the 1st to 7th failed attempt are 5 s, 5 min, 30 min, 2 h,
// 5 h, 10 h and 10 h (27 h 35 min in all), each stretched or shrunk by up to
// 10% (so many endpoints failing together do not retry together); the 8th
// failure gives up: even with every delay shrunk, that is 24 h 50 min after
// the first attempt. The jitter is drawn from a seed (the message's id) and
// the attempt, so a restarted notifier computes the same times.
// Thread-safety: pure functions.
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

#include "common/time.h"

namespace followup::notify {

inline constexpr int kMaxDeliveryAttempts = 8;

// failed: how many attempts have failed so far (1 after the first); at: when
// the last one failed. The time of the next attempt, or nullopt when
// kMaxDeliveryAttempts have failed (disable the endpoint).
std::optional<TimeMs> NextAttemptAt(int failed, TimeMs at, std::string_view seed);

}  // namespace followup::notify
