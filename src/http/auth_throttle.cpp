#include "http/auth_throttle.h"

#include <algorithm>
#include <chrono>
#include <limits>

namespace followup::http {

AuthThrottle::AuthThrottle(Options options, std::function<TimeMs()> clock)
    : o_(options),
      interval_(std::max<TimeMs>(1, options.window_ms / std::max(1, options.burst))),
      tolerance_(std::max<TimeMs>(0, options.window_ms - interval_)),
      clock_(std::move(clock)) {}

TimeMs AuthThrottle::Now() const {
  if (clock_) return clock_();
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

void AuthThrottle::Purge(TimeMs now) {
  if (now < earliest_expiry_) return;
  TimeMs earliest = std::numeric_limits<TimeMs>::max();
  for (auto it = tat_.begin(); it != tat_.end();) {
    if (it->second <= now) {
      it = tat_.erase(it);
    } else {
      earliest = std::min(earliest, it->second);
      ++it;
    }
  }
  earliest_expiry_ = earliest;
}

int64_t AuthThrottle::RetryAfterSeconds(const ClientKey& client) {
  std::lock_guard<std::mutex> l(mu_);
  TimeMs now = Now();
  TimeMs tat;
  if (auto it = tat_.find(client); it != tat_.end()) {
    tat = it->second;
  } else {
    if (tat_.size() >= o_.max_clients) Purge(now);
    if (tat_.size() < o_.max_clients) return 0;
    tat = overflow_tat_;
  }
  TimeMs wait = tat - now - tolerance_;
  if (wait <= 0) return 0;
  return (wait + 999) / 1000;
}

void AuthThrottle::Fail(const ClientKey& client) {
  std::lock_guard<std::mutex> l(mu_);
  TimeMs now = Now();
  auto it = tat_.find(client);
  if (it == tat_.end()) {
    if (tat_.size() >= o_.max_clients) Purge(now);
    if (tat_.size() >= o_.max_clients) {
      overflow_tat_ = std::max(overflow_tat_, now) + interval_;
      return;
    }
    it = tat_.emplace(client, now).first;
  }
  it->second = std::max(it->second, now) + interval_;
  earliest_expiry_ = std::min(earliest_expiry_, it->second);
}

size_t AuthThrottle::tracked() const {
  std::lock_guard<std::mutex> l(mu_);
  return tat_.size();
}

}  // namespace followup::http
