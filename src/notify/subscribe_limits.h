// The rate limits of subscription requests (issue 16), in memory per
// instance: per client address (5 in 10 minutes), per e-mail address (3 in
// 24 hours, keyed by the SHA-256 of the lower-cased address, never the
// address itself) and in total (100 a minute). Sliding windows: a request
// counts for its window's length after it was taken.
// Thread-safety: every member may be called from any thread (one mutex).
#pragma once
#include <cstddef>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "common/time.h"

namespace followup::notify {

struct RateWindow {
  size_t max;
  TimeMs length_ms;
};

class SubscribeLimits {
 public:
  struct Options {
    RateWindow client{5, 10 * 60 * 1000};
    RateWindow address{3, 24LL * 3600 * 1000};
    RateWindow total{100, 60 * 1000};
  };
  SubscribeLimits() : SubscribeLimits(Options{}) {}
  explicit SubscribeLimits(Options o) : o_(o) {}

  // Takes one request of this client (any text that names it) and of the
  // total at now: 0 when both have room (then counted in both), else the
  // seconds until they have (Retry-After, at least 1), nothing counted.
  int64_t TakeClient(std::string_view client, TimeMs now);
  // Takes one request for the address (its bytes as given; the key is
  // AddressKey): 0 or the seconds until it has room.
  int64_t TakeAddress(std::string_view address, TimeMs now);

  // The key of an address: lower-case hex SHA-256 of its lower-cased bytes.
  static std::string AddressKey(std::string_view address);

 private:
  using Hits = std::deque<TimeMs>;
  // Drops hits older than w; the seconds until one more fits, or 0.
  static int64_t Wait(Hits* hits, const RateWindow& w, TimeMs now);
  void Sweep(TimeMs now);  // forgets keys with no hit in their window

  const Options o_;
  std::mutex mu_;
  std::map<std::string, Hits, std::less<>> clients_, addresses_;
  Hits total_;
  TimeMs last_sweep_ = 0;
};

}  // namespace followup::notify
