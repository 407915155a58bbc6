#include "projections/fold.h"

#include "common/bytes.h"
#include "projections/keys.h"

namespace followup {

template <class T>
T* FoldContext::Load(std::unordered_map<std::string, Slot<T>>& map, std::string key, bool* exists) {
  if (!status_.ok()) return nullptr;
  auto it = map.find(key);
  if (it == map.end()) {
    Slot<T> slot;
    std::string raw;
    Status s = store_->Get(key, &raw);
    if (s.ok()) {
      if (!slot.value.Decode(raw)) {
        status_ = Status::Corruption("cannot decode stored value of key " + key);
        return nullptr;
      }
      slot.exists = true;
    } else if (s.code() != Status::Code::kNotFound) {
      status_ = s;
      return nullptr;
    }
    it = map.emplace(std::move(key), std::move(slot)).first;
  }
  if (exists) *exists = it->second.exists;
  // Callers only ask for a value to change it; mark it now so Flush writes it.
  it->second.dirty = true;
  it->second.exists = true;
  return &it->second.value;
}

CatalogRecord* FoldContext::Catalog(const std::string& id, bool* exists) {
  return Load(catalog_, keys::Catalog(id), exists);
}
AnnouncementRecord* FoldContext::Announcement(const std::string& id, bool* exists) {
  return Load(announcements_, keys::Announcement(id), exists);
}
MinuteState* FoldContext::Minute(const std::string& id, MinuteIdx m) {
  return Load(minutes_, keys::Minute(id, m), nullptr);
}
ServiceQuarter* FoldContext::Quarter(QuarterId q, const std::string& id) {
  return Load(quarters_, keys::Quarter(q, id), nullptr);
}

DayCounts* FoldContext::Day(const std::string& id, int64_t day) {
  return Load(days_, keys::Day(id, day), nullptr);
}

void FoldContext::Flush(KvWriter* out) {
  auto flush = [out](auto& map) {
    for (auto& [key, slot] : map)
      if (slot.dirty) out->Put(key, slot.value.Encode());
  };
  flush(catalog_);
  flush(announcements_);
  flush(minutes_);
  flush(quarters_);
  flush(days_);
  Clear();
}

void FoldContext::Clear() {
  catalog_.clear();
  announcements_.clear();
  minutes_.clear();
  quarters_.clear();
  days_.clear();
  status_ = Status::Ok();
}

Fold::Fold(const KvReader* store, FoldOptions options)
    : store_(store), options_(options), ctx_(store) {}

Status Fold::Apply(const Event& e, TimeMs log_time, FoldOutcome* outcome) {
  // Dedup: an id seen within the retention (in log time) is a duplicate.
  TimeMs seen = 0;
  bool known = false;
  auto [slot, inserted] = new_ids_.try_emplace(e.event_id, log_time);
  if (!inserted) {
    seen = slot->second;
    known = true;
  } else {
    std::string raw;
    Status s = store_->Get(keys::Dedup(e.event_id), &raw);
    if (s.ok()) {
      seen = ReadSortable64(raw);
      known = true;
    } else if (s.code() != Status::Code::kNotFound) {
      new_ids_.erase(slot);
      return s;
    }
  }
  if (known && log_time - seen < options_.dedup_retention_ms) {
    // The stored record stays as it is; nothing of this event is written.
    if (inserted) new_ids_.erase(slot);
    *outcome = FoldOutcome::kDuplicate;
    return Status::Ok();
  }
  slot->second = log_time;

  std::visit(
      [&](const auto& body) {
        using T = std::decay_t<decltype(body)>;
        if constexpr (std::is_same_v<T, ServiceEvent>) FoldService(e, body, ctx_);
        else if constexpr (std::is_same_v<T, AnnouncementEvent>) FoldAnnouncement(e, body, ctx_);
        else if constexpr (std::is_same_v<T, ProbeEvent>) FoldProbe(e, body, ctx_);
        else if constexpr (std::is_same_v<T, UsageEvent>) FoldUsage(body, ctx_);
        else if constexpr (std::is_same_v<T, AdoptionEvent>) FoldAdoption(body, ctx_);
        else if constexpr (std::is_same_v<T, SurveyEvent>) FoldSurvey(e, body, ctx_);
        else if constexpr (std::is_same_v<T, CostEvent>) FoldCost(body, ctx_);
        else if constexpr (std::is_same_v<T, BenefitEvent>) FoldBenefit(body, ctx_);
      },
      e.body);
  if (!ctx_.status().ok()) return ctx_.status();
  *outcome = FoldOutcome::kApplied;
  return Status::Ok();
}

void Fold::Flush(KvWriter* out) {
  ctx_.Flush(out);
  for (const auto& [id, t] : new_ids_) {
    std::string v;
    AppendSortable64(&v, t);
    out->Put(keys::Dedup(id), v);
  }
  new_ids_.clear();
}

void Fold::Discard() {
  ctx_.Clear();
  new_ids_.clear();
}

size_t Fold::touched() const {
  return ctx_.catalog_.size() + ctx_.announcements_.size() + ctx_.minutes_.size() +
         ctx_.quarters_.size() + ctx_.days_.size() + new_ids_.size();
}

}  // namespace followup
