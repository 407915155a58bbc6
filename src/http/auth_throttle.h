// Slows down the guessing of admin tokens, per client (ClientKey of
// client_address.h: an IPv4 address, an IPv6 /64).
//
// Rule (a generic cell rate algorithm): a client may make `burst` failed
// attempts at once; after that it earns one more every window/burst, so in
// any time t it fails at most burst + t * burst / window times. While it has
// none left, every admin request of that
// client is refused (429 with Retry-After) before its token is looked at,
// a correct token included: otherwise a blocked client could go on guessing
// and see which guess is let through. Other clients are not affected.
//
// With the defaults (10 per 60 s): ten wrong tokens in a row, then 429 for
// about 6 s, then one more attempt every 6 s.
//
// Memory is bounded: at most `max_clients` clients are tracked (8 bytes of
// state each, plus the hash map's entry); a client whose allowance is full
// again is forgotten. When the table is full of clients that still have
// failures to work off (an attack from more than max_clients addresses in
// one window), the clients not in it share one allowance.
// Thread-safety: every method is thread-safe (one mutex, held for a lookup
// and an update).
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <unordered_map>

#include "common/time.h"
#include "http/client_address.h"

namespace followup::http {

class AuthThrottle {
 public:
  struct Options {
    int burst = 10;               // failed attempts at once (>= 1)
    TimeMs window_ms = 60'000;    // in which `burst` failures are allowed in the long run
    size_t max_clients = 10'000;  // clients tracked at once
  };
  // clock: milliseconds of a monotonic clock; default std::chrono::steady_clock.
  explicit AuthThrottle(Options options, std::function<TimeMs()> clock = {});

  // 0 when `client` may try now; else how many whole seconds (>= 1) until it
  // may (the Retry-After of the 429).
  int64_t RetryAfterSeconds(const ClientKey& client);
  // Records one failed attempt of `client`.
  void Fail(const ClientKey& client);
  // Clients tracked now (for tests).
  size_t tracked() const;

 private:
  TimeMs Now() const;
  // Forgets the clients whose allowance is full again; needs mu_.
  void Purge(TimeMs now);

  const Options o_;
  const TimeMs interval_;   // window / burst: one failure's worth of time
  const TimeMs tolerance_;  // window - interval
  std::function<TimeMs()> clock_;
  mutable std::mutex mu_;
  // Per client: the theoretical arrival time. The client is blocked while
  // tat - now > tolerance_; tat <= now means a full allowance.
  std::unordered_map<ClientKey, TimeMs, ClientKeyHash> tat_;
  TimeMs overflow_tat_ = 0;     // the shared allowance of clients not in tat_
  TimeMs earliest_expiry_ = 0;  // no entry of tat_ expires before this (skip purging)
};

}  // namespace followup::http
