// The agent's bounded store of results not yet acknowledged by Kafka.
//
// Results wait here (oldest first) until the publisher hands them to
// librdkafka; a result whose delivery failed comes back to the front (it is
// older than anything waiting). The bound covers the whole undelivered set:
// waiting here plus handed to librdkafka and not yet acknowledged (`in_flight`,
// maintained by the publisher). When a push would exceed the bound, the oldest
// WAITING results are dropped and counted; results already inside librdkafka
// cannot be taken back (they are retried there), which is why the publisher
// keeps that window small (at most a tenth of the bound).
// Thread-safety: none; the agent uses it from its one io_context thread.
#pragma once
#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>

#include "common/time.h"

namespace followup::probe {

struct PendingResult {
  std::string key;    // service_id
  std::string value;  // probe.v1 JSON
  std::string event_id;
  TimeMs scheduled = 0;
  int attempts = 0;  // times handed to Kafka so far
};

class ResultBuffer {
 public:
  explicit ResultBuffer(size_t limit) : limit_(limit == 0 ? 1 : limit) {}

  // Appends a new result; returns how many old results were dropped for it.
  size_t Push(PendingResult r) {
    q_.push_back(std::move(r));
    return Trim();
  }
  // Puts a result whose delivery failed back at the front (it is the oldest).
  size_t PushFront(PendingResult r) {
    q_.push_front(std::move(r));
    return Trim();
  }
  bool empty() const { return q_.empty(); }
  size_t waiting() const { return q_.size(); }
  PendingResult PopFront() {
    PendingResult r = std::move(q_.front());
    q_.pop_front();
    return r;
  }
  // Undelivered results handed to Kafka; the publisher keeps it current.
  void set_in_flight(size_t n) { in_flight_ = n; }
  size_t in_flight() const { return in_flight_; }
  size_t depth() const { return q_.size() + in_flight_; }
  size_t limit() const { return limit_; }
  void set_limit(size_t limit) { limit_ = limit == 0 ? 1 : limit; }
  uint64_t dropped_total() const { return dropped_; }
  const PendingResult& front() const { return q_.front(); }
  const PendingResult& back() const { return q_.back(); }

 private:
  size_t Trim() {
    size_t dropped = 0;
    while (!q_.empty() && q_.size() + in_flight_ > limit_) {
      q_.pop_front();
      ++dropped;
    }
    dropped_ += dropped;
    return dropped;
  }

  size_t limit_;
  size_t in_flight_ = 0;
  uint64_t dropped_ = 0;
  std::deque<PendingResult> q_;
};

}  // namespace followup::probe
