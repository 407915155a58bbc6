#include "notify/subscription_table.h"

#include <spdlog/spdlog.h>

#include <chrono>

#include "common/escape.h"

namespace followup::notify {

void SubscriptionTable::Apply(std::string_view key, const std::string_view* value) {
  auto webhooks = std::make_shared<Subscriptions>(*Snapshot());
  auto emails = std::make_shared<EmailSubscriptions>(*EmailSnapshot());
  const std::string id(key);
  if (!value) {
    webhooks->erase(id);
    emails->erase(id);
  } else {
    Status st;
    if (SubscriptionKind(*value) == "email") {
      EmailSubscription s;
      st = DecodeEmailSubscription(*value, &s);
      if (st.ok() && s.id != key) st = Status::Invalid("the record's id is not its key");
      if (st.ok()) {
        webhooks->erase(id);
        (*emails)[id] = std::move(s);
      }
    } else {
      WebhookSubscription s;
      st = DecodeWebhookSubscription(*value, &s);
      if (st.ok() && s.id != key) st = Status::Invalid("the record's id is not its key");
      if (st.ok()) {
        emails->erase(id);
        (*webhooks)[id] = std::move(s);
      }
    }
    if (!st.ok()) {
      spdlog::warn("notify: subscription record {} skipped: {}", JsonEscape(key.substr(0, 64)), st.message());
      return;
    }
  }
  {
    std::lock_guard<std::mutex> l(mu_);
    current_ = std::move(webhooks);
    emails_ = std::move(emails);
  }
  changed_.notify_all();
}

std::shared_ptr<const Subscriptions> SubscriptionTable::Snapshot() const {
  std::lock_guard<std::mutex> l(mu_);
  return current_;
}

std::shared_ptr<const EmailSubscriptions> SubscriptionTable::EmailSnapshot() const {
  std::lock_guard<std::mutex> l(mu_);
  return emails_;
}

bool SubscriptionTable::WaitForEmails(const std::function<bool(const EmailSubscriptions&)>& pred,
                                      int timeout_ms) const {
  std::unique_lock<std::mutex> l(mu_);
  return changed_.wait_for(l, std::chrono::milliseconds(timeout_ms), [&] { return pred(*emails_); });
}

bool SubscriptionTable::WaitFor(const std::function<bool(const Subscriptions&)>& pred, int timeout_ms) const {
  std::unique_lock<std::mutex> l(mu_);
  return changed_.wait_for(l, std::chrono::milliseconds(timeout_ms), [&] { return pred(*current_); });
}

}  // namespace followup::notify
