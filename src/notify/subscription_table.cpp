#include "notify/subscription_table.h"

#include <spdlog/spdlog.h>

#include <chrono>

#include "common/escape.h"

namespace followup::notify {

void SubscriptionTable::Apply(std::string_view key, const std::string_view* value) {
  auto next = std::make_shared<Subscriptions>(*Snapshot());
  if (!value) {
    next->erase(std::string(key));
  } else {
    WebhookSubscription s;
    Status st = DecodeWebhookSubscription(*value, &s);
    if (st.ok() && s.id != key) st = Status::Invalid("the record's id is not its key");
    if (!st.ok()) {
      spdlog::warn("notify: subscription record {} skipped: {}", JsonEscape(key.substr(0, 64)), st.message());
      return;
    }
    (*next)[s.id] = std::move(s);
  }
  {
    std::lock_guard<std::mutex> l(mu_);
    current_ = std::move(next);
  }
  changed_.notify_all();
}

bool SubscriptionTable::WaitFor(const std::function<bool(const Subscriptions&)>& pred, int timeout_ms) const {
  std::unique_lock<std::mutex> l(mu_);
  return changed_.wait_for(l, std::chrono::milliseconds(timeout_ms), [&] { return pred(*current_); });
}

std::shared_ptr<const Subscriptions> SubscriptionTable::Snapshot() const {
  std::lock_guard<std::mutex> l(mu_);
  return current_;
}

}  // namespace followup::notify
