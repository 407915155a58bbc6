// The deliveries waiting for one webhook endpoint (issue 16): in the order
// they were queued, one at a time. Only the head is attempted; when it fails
// it is tried again at the time retry_schedule.h gives and everything behind
// it waits (order is kept per endpoint, so one endpoint's retries hold only
// its own queue). When the head has failed kMaxDeliveryAttempts times the
// endpoint is disabled with the last reason, and takes nothing more until it
// is enabled again.
// Time is given, never read: the queue is a value that a test can drive.
// Thread-safety: none; one notifier thread.
#pragma once
#include <deque>
#include <optional>
#include <string>
#include <string_view>

#include "common/time.h"

namespace followup::notify {

class EndpointQueue {
 public:
  struct Item {
    std::string message_id;  // webhook-id
    std::string body;
    int failed = 0;      // attempts that failed
    TimeMs next_at = 0;  // not before
    int64_t seq = 0;     // the order of the notifier's state topic (notify_state.h)
  };

  // Queues a message behind the others; false (nothing queued) when the
  // endpoint is disabled or the message is queued already.
  bool Push(std::string message_id, std::string body, TimeMs now, int64_t seq = 0);
  // Puts back what was queued before a restart, in its order: behind the
  // others, as it was (failed, next_at), whether disabled or not; false when
  // the message is queued already.
  bool Restore(Item item);
  // Disabled as before a restart, with its reason.
  void Disable(std::string reason);
  // The head, when its time has come; null otherwise.
  const Item* Due(TimeMs now) const;
  // The head whatever its time; null when empty.
  const Item* Head() const { return items_.empty() ? nullptr : &items_.front(); }
  // Whether the message is queued.
  bool Has(std::string_view message_id) const;
  const std::deque<Item>& items() const { return items_; }
  // When the head may be attempted (to sleep until); nullopt when empty or disabled.
  std::optional<TimeMs> NextAt() const;
  // The outcome of the head's attempt.
  void Delivered();
  void Failed(TimeMs now, const std::string& reason);
  // Lets a disabled endpoint take and send messages again (its queue was kept).
  void Enable(TimeMs now);

  bool disabled() const { return disabled_; }
  // Why the endpoint was disabled (the last attempt's error).
  const std::string& disabled_reason() const { return disabled_reason_; }
  size_t size() const { return items_.size(); }

 private:
  std::deque<Item> items_;
  bool disabled_ = false;
  std::string disabled_reason_;
};

}  // namespace followup::notify
