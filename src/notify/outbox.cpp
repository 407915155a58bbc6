#include "notify/outbox.h"

#include <algorithm>

#include "common/sha256.h"
#include "notify/webhook_payload.h"

namespace followup::notify {

Outbox::Outbox(OutboxOptions options)
    : options_(std::move(options)),
      detector_(options_.settle_ms),
      announcements_(options_.remind_before_ms) {}

std::string Outbox::MessageId(std::string_view change_id) {
  return "msg_" + Sha256Hex(change_id).substr(0, 32);
}

void Outbox::Load(std::string_view key, const std::string_view* value, std::string* problem) {
  problem->clear();
  StateKey k;
  Status s = ParseStateKey(key, &k);
  if (s.ok()) {
    switch (k.kind) {
      case StateKind::kTold: {
        ToldLevel told;
        if (!value) {
          loaded_told_.erase(k.id);
        } else if (s = DecodeTold(*value, &told); s.ok()) {
          loaded_told_[k.id] = told;
        }
        break;
      }
      case StateKind::kQueued: {
        auto& items = loaded_items_[k.id];
        QueuedRecord r;
        if (!value) {
          items.erase(
              std::remove_if(items.begin(), items.end(),
                             [&](const EndpointQueue::Item& i) { return i.message_id == k.message_id; }),
              items.end());
        } else if (s = DecodeQueued(*value, &r); s.ok()) {
          EndpointQueue::Item item{k.message_id, std::move(r.body), r.failed, r.next_at, r.seq};
          auto same = std::find_if(items.begin(), items.end(), [&](const EndpointQueue::Item& i) {
            return i.message_id == k.message_id;
          });
          if (same != items.end())
            *same = std::move(item);
          else
            items.push_back(std::move(item));
        }
        break;
      }
      case StateKind::kAnnouncement: {
        AnnouncementTold t;
        if (!value) {
          loaded_announcements_.erase(k.id);
        } else if (s = DecodeAnnouncementTold(*value, &t); s.ok()) {
          loaded_announcements_[k.id] = t;
        }
        break;
      }
      case StateKind::kConfirmation:
        if (value)
          loaded_confirmations_.insert(k.id);
        else
          loaded_confirmations_.erase(k.id);
        break;
      case StateKind::kEndpoint: {
        EndpointRecord r;
        if (!value) {
          endpoints_.erase(k.id);
        } else if (s = DecodeEndpoint(*value, &r); s.ok()) {
          endpoints_[k.id].record = std::move(r);
        }
        break;
      }
    }
  }
  if (!s.ok()) *problem = s.message();
}

void Outbox::FinishLoad() {
  // Anything told before: this notifier carries on from there.
  const bool started = !loaded_told_.empty() || !loaded_announcements_.empty();
  detector_ = LevelChangeDetector(options_.settle_ms, std::move(loaded_told_));
  announcements_ =
      AnnouncementChangeDetector(options_.remind_before_ms, std::move(loaded_announcements_), started);
  loaded_told_.clear();
  loaded_announcements_.clear();
  confirmations_ = std::move(loaded_confirmations_);
  loaded_confirmations_.clear();
  for (auto& [sub, items] : loaded_items_) {
    std::stable_sort(
        items.begin(), items.end(),
        [](const EndpointQueue::Item& a, const EndpointQueue::Item& b) { return a.seq < b.seq; });
    for (auto& item : items) {
      next_seq_ = std::max(next_seq_, item.seq + 1);
      (void)endpoints_[sub].queue.Restore(std::move(item));  // unique: one record per key
    }
  }
  loaded_items_.clear();
  for (auto& [sub, e] : endpoints_)
    if (e.record.disabled) e.queue.Disable(e.record.disabled_reason);
}

StateWrite Outbox::QueuedWrite(const std::string& sub, const EndpointQueue::Item& item) const {
  QueuedRecord r{item.seq, item.failed, item.next_at, item.body};
  return {QueueKey(sub, item.message_id), EncodeQueued(r)};
}

StateWrite Outbox::EndpointWrite(const std::string& sub, const Endpoint& e) const {
  return {EndpointKey(sub), EncodeEndpoint(e.record)};
}

std::vector<StateWrite> Outbox::Reconcile(const Subscriptions& subs, TimeMs now,
                                          const EmailSubscriptions* emails,
                                          std::vector<std::string>* expired) {
  std::vector<StateWrite> out;
  auto known = [&](const std::string& id) { return subs.count(id) || (emails && emails->count(id)); };
  for (auto it = endpoints_.begin(); it != endpoints_.end();) {
    if (known(it->first)) {
      ++it;
      continue;
    }
    for (const auto& item : it->second.queue.items())
      out.push_back({QueueKey(it->first, item.message_id), {}});
    out.push_back({EndpointKey(it->first), {}});
    it = endpoints_.erase(it);
  }
  for (auto it = confirmations_.begin(); it != confirmations_.end();) {
    if (emails && emails->count(*it)) {
      ++it;
      continue;
    }
    out.push_back({ConfirmationKey(*it), {}});
    it = confirmations_.erase(it);
  }
  for (auto& [id, e] : endpoints_) {
    auto s = subs.find(id);
    if (s == subs.end() || !e.record.disabled || s->second.enabled_at <= e.record.disabled_at) continue;
    e.queue.Enable(now);
    e.record.disabled = false;
    e.record.disabled_reason.clear();
    out.push_back(EndpointWrite(id, e));
    if (const auto* head = e.queue.Head()) out.push_back(QueuedWrite(id, *head));
  }
  if (!emails) return out;
  for (const auto& [id, s] : *emails) {
    if (s.confirmed) continue;
    if (now > s.requested_at + kPendingExpiryMs) {
      if (expired) expired->push_back(id);
      continue;
    }
    if (confirmations_.count(id)) continue;
    std::string message_id = MessageId("confirm/" + id + "/" + FormatRfc3339Utc(s.requested_at));
    Endpoint& e = endpoints_[id];
    if (!e.queue.Has(message_id)) {
      EndpointQueue::Item item{message_id, ConfirmationPayload(s, now), 0, now, next_seq_++};
      out.push_back(QueuedWrite(id, item));
      (void)e.queue.Push(item.message_id, std::move(item.body), now, item.seq);
    }
    out.push_back({ConfirmationKey(id), std::string("{}")});
    confirmations_.insert(id);
  }
  return out;
}

void Outbox::QueueOne(const std::string& sub, const std::string& message_id, const std::string& body,
                      TimeMs now, int64_t* seq, Plan* plan) const {
  auto e = endpoints_.find(sub);
  if (e != endpoints_.end() && (e->second.queue.disabled() || e->second.queue.Has(message_id))) return;
  EndpointQueue::Item item{message_id, body, 0, now, (*seq)++};
  plan->queued.push_back(QueuedWrite(sub, item));
  plan->pushes.emplace_back(sub, std::move(item));
}

void Outbox::Queue(const std::string& message_id, const std::string& body,
                   const std::vector<std::string>& services, const Subscriptions& subs,
                   const EmailSubscriptions* emails, TimeMs now, int64_t* seq, Plan* plan) const {
  auto follows = [&](const auto& s) {
    return std::any_of(services.begin(), services.end(),
                       [&](const std::string& id) { return Follows(s, id); });
  };
  for (const auto& [sub, s] : subs)
    if (follows(s)) QueueOne(sub, message_id, body, now, seq, plan);
  if (!emails) return;
  for (const auto& [sub, s] : *emails)
    if (s.confirmed && follows(s)) QueueOne(sub, message_id, body, now, seq, plan);
}

Outbox::Plan Outbox::Observe(TimeMs now, const CityStatus& status, const Subscriptions& subs,
                             const EmailSubscriptions* emails) const {
  const std::vector<ServiceStatus>& services = status.services;
  Plan plan{{}, {}, {}, {}, detector_, announcements_, {}};
  plan.changes = plan.detector.Observe(now, services);
  plan.announcement_changes = plan.announcements.Observe(now, status.announcements);
  int64_t seq = next_seq_;
  for (const LevelChange& c : plan.changes) {
    auto service = std::find_if(services.begin(), services.end(),
                                [&](const ServiceStatus& s) { return s.service_id == c.service_id; });
    std::string body = LevelChangedPayload(c, service != services.end() ? service->name : c.service_id, now,
                                           options_.public_url);
    Queue(MessageId(c.id), body, {c.service_id}, subs, emails, now, &seq, &plan);
  }
  for (const AnnouncementChange& c : plan.announcement_changes) {
    const AnnouncementInfo& info = status.announcements[c.index];
    std::vector<std::string> ids;
    for (size_t i : info.services) ids.push_back(services[i].service_id);
    Queue(MessageId(c.id), AnnouncementPayload(c, info, services, now, options_.public_url), ids, subs,
          emails, now, &seq, &plan);
  }
  const auto& before = detector_.told();
  const auto& after = plan.detector.told();
  for (const auto& [service, told] : after) {
    auto was = before.find(service);
    if (was == before.end() || was->second != told) plan.told.push_back({ToldKey(service), EncodeTold(told)});
  }
  for (const auto& [service, told] : before)
    if (!after.count(service)) plan.told.push_back({ToldKey(service), {}});
  const auto& ann_before = announcements_.told();
  const auto& ann_after = plan.announcements.told();
  for (const auto& [id, t] : ann_after) {
    auto was = ann_before.find(id);
    if (was == ann_before.end() || was->second.revision != t.revision || was->second.phase != t.phase ||
        was->second.reminded != t.reminded)
      plan.told.push_back({AnnouncementKey(id), EncodeAnnouncementTold(t)});
  }
  for (const auto& [id, t] : ann_before)
    if (!ann_after.count(id)) plan.told.push_back({AnnouncementKey(id), {}});
  return plan;
}

void Outbox::Apply(Plan plan) {
  detector_ = std::move(plan.detector);
  announcements_ = std::move(plan.announcements);
  for (auto& [sub, item] : plan.pushes) {
    next_seq_ = std::max(next_seq_, item.seq + 1);
    Endpoint& e = endpoints_[sub];
    (void)e.queue.Push(item.message_id, std::move(item.body), item.next_at, item.seq);  // Observe checked
  }
}

std::vector<Outbox::Attempt> Outbox::StartDue(TimeMs now) {
  std::vector<Attempt> out;
  for (auto& [sub, e] : endpoints_) {
    if (e.in_flight) continue;
    const EndpointQueue::Item* head = e.queue.Due(now);
    if (!head) continue;
    e.in_flight = true;
    out.push_back({sub, *head});
  }
  return out;
}

std::vector<StateWrite> Outbox::Finish(const std::string& subscription_id, const std::string& message_id,
                                       const std::string& error, TimeMs now, bool* retried, bool* disabled) {
  *retried = false;
  *disabled = false;
  auto it = endpoints_.find(subscription_id);
  if (it == endpoints_.end()) return {};  // removed meanwhile
  Endpoint& e = it->second;
  e.in_flight = false;
  const EndpointQueue::Item* head = e.queue.Head();
  if (!head || head->message_id != message_id) return {};
  *retried = head->failed > 0;
  e.record.last_attempt_at = now;
  e.record.last_error = error;
  std::vector<StateWrite> out;
  if (error.empty()) {
    ++e.record.sent;
    out.push_back({QueueKey(subscription_id, message_id), {}});
    e.queue.Delivered();
  } else {
    e.queue.Failed(now, error);
    out.push_back(QueuedWrite(subscription_id, *e.queue.Head()));
    if (e.queue.disabled()) {
      *disabled = true;
      e.record.disabled = true;
      e.record.disabled_reason = error;
      e.record.disabled_at = now;
    }
  }
  out.push_back(EndpointWrite(subscription_id, e));
  return out;
}

void Outbox::Abandon(const std::string& subscription_id) {
  auto it = endpoints_.find(subscription_id);
  if (it != endpoints_.end()) it->second.in_flight = false;
}

std::optional<TimeMs> Outbox::NextDue() const {
  std::optional<TimeMs> next;
  for (const auto& [sub, e] : endpoints_) {
    if (e.in_flight) continue;
    auto at = e.queue.NextAt();
    if (at && (!next || *at < *next)) next = at;
  }
  return next;
}

size_t Outbox::queued() const {
  size_t n = 0;
  for (const auto& [sub, e] : endpoints_) n += e.queue.size();
  return n;
}

size_t Outbox::in_flight() const {
  return std::count_if(endpoints_.begin(), endpoints_.end(),
                       [](const auto& e) { return e.second.in_flight; });
}

size_t Outbox::disabled() const {
  return std::count_if(endpoints_.begin(), endpoints_.end(),
                       [](const auto& e) { return e.second.queue.disabled(); });
}

std::map<std::string, EndpointView> Outbox::Endpoints() const {
  std::map<std::string, EndpointView> out;
  for (const auto& [sub, e] : endpoints_) out[sub] = EndpointView{e.queue.size(), e.record};
  return out;
}

}  // namespace followup::notify
