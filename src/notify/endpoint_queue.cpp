#include "notify/endpoint_queue.h"

#include <algorithm>

#include "notify/retry_schedule.h"

namespace followup::notify {

bool EndpointQueue::Push(std::string message_id, std::string body, TimeMs now, int64_t seq) {
  if (disabled_) return false;
  return Restore(Item{std::move(message_id), std::move(body), 0, now, seq});
}

bool EndpointQueue::Has(std::string_view message_id) const {
  return std::any_of(items_.begin(), items_.end(), [&](const Item& i) { return i.message_id == message_id; });
}

bool EndpointQueue::Restore(Item item) {
  if (Has(item.message_id)) return false;
  items_.push_back(std::move(item));
  return true;
}

void EndpointQueue::Disable(std::string reason) {
  disabled_ = true;
  disabled_reason_ = std::move(reason);
}

const EndpointQueue::Item* EndpointQueue::Due(TimeMs now) const {
  if (disabled_ || items_.empty() || items_.front().next_at > now) return nullptr;
  return &items_.front();
}

std::optional<TimeMs> EndpointQueue::NextAt() const {
  if (disabled_ || items_.empty()) return std::nullopt;
  return items_.front().next_at;
}

void EndpointQueue::Delivered() {
  if (!items_.empty()) items_.pop_front();
}

void EndpointQueue::Failed(TimeMs now, const std::string& reason) {
  if (items_.empty()) return;
  Item& head = items_.front();
  ++head.failed;
  auto next = NextAttemptAt(head.failed, now, head.message_id);
  if (next) {
    head.next_at = *next;
    return;
  }
  disabled_ = true;
  disabled_reason_ = reason;
}

void EndpointQueue::Enable(TimeMs now) {
  disabled_ = false;
  disabled_reason_.clear();
  if (!items_.empty()) {
    items_.front().failed = 0;
    items_.front().next_at = now;
  }
}

}  // namespace followup::notify
