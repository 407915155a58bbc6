// Each webhook endpoint's delivery state as the notifier's state topic says
// (a CompactedReader hands every record to Apply), for GET /api/v1/webhooks
// on whichever instance answers: how many messages wait, whether it is
// disabled and why, its last attempt.
// Thread-safety: Apply from one thread; Get from any.
#pragma once
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "notify/outbox.h"

namespace followup::notify {

class StateView {
 public:
  void Apply(std::string_view key, const std::string_view* value);
  // The endpoint's state; a subscription the notifier has not acted on yet
  // has none (nullopt).
  std::optional<EndpointView> Get(std::string_view subscription_id) const;

 private:
  struct Entry {
    std::set<std::string> queued;
    std::optional<EndpointRecord> record;
  };
  mutable std::mutex mu_;
  std::map<std::string, Entry, std::less<>> endpoints_;
};

}  // namespace followup::notify
