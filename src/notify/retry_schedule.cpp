#include "notify/retry_schedule.h"

#include <array>

#include "common/sha256.h"

namespace followup::notify {
namespace {

constexpr TimeMs kSecond = 1000, kMinute = 60 * kSecond, kHour = 60 * kMinute;
constexpr std::array<TimeMs, kMaxDeliveryAttempts - 1> kDelays = {
    5 * kSecond, 5 * kMinute, 30 * kMinute, 2 * kHour, 5 * kHour, 10 * kHour, 10 * kHour};

// A number in [0, 1000] from the seed and the attempt.
int64_t Permille(std::string_view seed, int failed) {
  std::string text(seed);
  text += '/';
  text += std::to_string(failed);
  auto d = Sha256(text);
  uint32_t x = uint32_t(d[0]) << 24 | uint32_t(d[1]) << 16 | uint32_t(d[2]) << 8 | uint32_t(d[3]);
  return int64_t(x % 1001);
}

}  // namespace

std::optional<TimeMs> NextAttemptAt(int failed, TimeMs at, std::string_view seed) {
  if (failed < 1 || failed >= kMaxDeliveryAttempts) return std::nullopt;
  TimeMs delay = kDelays[size_t(failed - 1)];
  // 90% to 110% of the delay, in steps of 0.02%.
  return at + delay * (9000 + 2 * Permille(seed, failed)) / 10000;
}

}  // namespace followup::notify
