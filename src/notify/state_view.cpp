#include "notify/state_view.h"

namespace followup::notify {

void StateView::Apply(std::string_view key, const std::string_view* value) {
  StateKey k;
  if (!ParseStateKey(key, &k).ok() || k.kind == StateKind::kTold || k.kind == StateKind::kAnnouncement ||
      k.kind == StateKind::kConfirmation)
    return;
  EndpointRecord record;
  if (value && k.kind == StateKind::kEndpoint && !DecodeEndpoint(*value, &record).ok()) return;
  std::lock_guard<std::mutex> l(mu_);
  Entry& e = endpoints_[k.id];
  if (k.kind == StateKind::kQueued) {
    if (value)
      e.queued.insert(k.message_id);
    else
      e.queued.erase(k.message_id);
  } else if (value) {
    e.record = std::move(record);
  } else {
    e.record.reset();
  }
  if (e.queued.empty() && !e.record) endpoints_.erase(k.id);
}

std::optional<EndpointView> StateView::Get(std::string_view subscription_id) const {
  std::lock_guard<std::mutex> l(mu_);
  auto it = endpoints_.find(subscription_id);
  if (it == endpoints_.end()) return std::nullopt;
  return EndpointView{it->second.queued.size(), it->second.record.value_or(EndpointRecord{})};
}

}  // namespace followup::notify
