// What is subscribed now, as the subscriptions topic says (a CompactedReader
// hands every record to Apply): the latest valid record of each key, none
// after its tombstone, webhooks (subscription_record.h) and e-mail
// subscriptions (email_subscription.h) apart. Readers take an immutable
// snapshot.
// A record that does not decode is skipped with a warning naming its key and
// the field (never the URL or the secret); the key's previous value stays.
// Thread-safety: Apply from one thread; Snapshot and WaitFor from any.
#pragma once
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string_view>

#include "notify/email_subscription.h"
#include "notify/outbox.h"

namespace followup::notify {

class SubscriptionTable {
 public:
  SubscriptionTable()
      : current_(std::make_shared<const Subscriptions>()),
        emails_(std::make_shared<const EmailSubscriptions>()) {}
  void Apply(std::string_view key, const std::string_view* value);
  std::shared_ptr<const Subscriptions> Snapshot() const;
  std::shared_ptr<const EmailSubscriptions> EmailSnapshot() const;
  // Waits up to timeout_ms until what is subscribed satisfies pred (an admin
  // command waits to see its own write come back from the topic); false when
  // it did not in time.
  bool WaitFor(const std::function<bool(const Subscriptions&)>& pred, int timeout_ms) const;
  bool WaitForEmails(const std::function<bool(const EmailSubscriptions&)>& pred, int timeout_ms) const;

 private:
  mutable std::mutex mu_;  // guards the pointer only
  mutable std::condition_variable changed_;
  std::shared_ptr<const Subscriptions> current_;
  std::shared_ptr<const EmailSubscriptions> emails_;
};

}  // namespace followup::notify
