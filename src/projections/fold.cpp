#include "projections/fold.h"

#include "projections/content.h"
#include "projections/keys.h"

namespace followup {

template <class T, class Key>
T* FoldContext::Load(std::unordered_map<std::string, Slot<T>>& map, Key&& key, bool* exists) {
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
    it = map.emplace(std::forward<Key>(key), std::move(slot)).first;
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
TargetRecord* FoldContext::Target(const TargetEvent& t, bool* exists) {
  return Load(targets_, keys::Target(t.year, t.indicator, Name(t.scope), t.scope_id), exists);
}
AnnouncementRecord* FoldContext::Revision(const std::string& id, int64_t revision, bool* exists) {
  return Load(revisions_, keys::Revision(id, revision), exists);
}
MinuteState* FoldContext::Minute(const std::string& id, MinuteIdx m) {
  keys::MinuteTo(&key_, id, m);
  return Load(minutes_, key_, nullptr);
}
ServiceQuarter* FoldContext::Quarter(QuarterId q, const std::string& id) {
  keys::QuarterTo(&key_, q, id);
  return Load(quarters_, key_, nullptr);
}

DayCounts* FoldContext::Day(const std::string& id, int64_t day) {
  keys::DayTo(&key_, id, day);
  return Load(days_, key_, nullptr);
}
DayCounts* FoldContext::Hour(const std::string& id, int64_t hour) {
  keys::HourTo(&key_, id, hour);
  return Load(hours_, key_, nullptr);
}

void FoldContext::Flush(KvWriter* out) {
  auto flush = [out](auto& map) {
    for (auto& [key, slot] : map)
      if (slot.dirty) out->Put(key, slot.value.Encode());
  };
  flush(catalog_);
  flush(announcements_);
  flush(targets_);
  flush(minutes_);
  flush(quarters_);
  flush(days_);
  flush(revisions_);
  flush(hours_);
  Clear();
}

void FoldContext::Clear() {
  catalog_.clear();
  announcements_.clear();
  targets_.clear();
  minutes_.clear();
  quarters_.clear();
  days_.clear();
  revisions_.clear();
  hours_.clear();
  status_ = Status::Ok();
}

Fold::Fold(const KvReader* store, FoldOptions options)
    : store_(store), options_(options), ctx_(store, options.projection_version >= 4) {}

int64_t DedupWindow(TimeMs t, TimeMs window_ms) { return FloorDiv(t, window_ms); }

Status Fold::Apply(const Event& e, TimeMs log_time, FoldOutcome* outcome, const LogPosition& at,
                   LogPosition* first) {
  std::string key = keys::Dedup(DedupWindow(log_time, options_.dedup_window_ms), e.event_id);
  std::string digest = ContentDigest(e);
  const DedupRecord* seen = nullptr;
  DedupRecord stored;
  if (auto it = new_ids_.find(key); it != new_ids_.end()) {
    seen = &it->second;
  } else {
    std::string raw;
    Status s = store_->Get(key, &raw);
    if (s.ok()) {
      if (!stored.Decode(raw)) return Status::Corruption("cannot decode the dedup record " + key);
      seen = &stored;
    } else if (s.code() != Status::Code::kNotFound) {
      return s;
    }
  }
  if (seen) {
    // The stored record stays as it is; nothing of this event is written.
    if (seen->digest == digest) {
      *outcome = FoldOutcome::kDuplicate;
    } else {
      *outcome = FoldOutcome::kConflict;
      if (first) *first = seen->first;
    }
    return Status::Ok();
  }

  std::visit(
      [&](const auto& body) {
        using T = std::decay_t<decltype(body)>;
        if constexpr (std::is_same_v<T, ServiceEvent>)
          FoldService(e, body, ctx_);
        else if constexpr (std::is_same_v<T, AnnouncementEvent>)
          FoldAnnouncement(e, body, ctx_);
        else if constexpr (std::is_same_v<T, ProbeEvent>)
          FoldProbe(e, body, ctx_);
        else if constexpr (std::is_same_v<T, UsageEvent>)
          FoldUsage(body, ctx_);
        else if constexpr (std::is_same_v<T, AdoptionEvent>)
          FoldAdoption(body, ctx_);
        else if constexpr (std::is_same_v<T, SurveyEvent>)
          FoldSurvey(e, body, ctx_);
        else if constexpr (std::is_same_v<T, CostEvent>)
          FoldCost(body, ctx_);
        else if constexpr (std::is_same_v<T, BenefitEvent>)
          FoldBenefit(body, ctx_);
        else if constexpr (std::is_same_v<T, TargetEvent>)
          FoldTarget(e, body, ctx_);
      },
      e.body);
  if (!ctx_.status().ok()) return ctx_.status();
  new_ids_.emplace(std::move(key), DedupRecord{std::move(digest), at});
  *outcome = FoldOutcome::kApplied;
  return Status::Ok();
}

void Fold::Flush(KvWriter* out) {
  ctx_.Flush(out);
  for (const auto& [key, rec] : new_ids_) out->Put(key, rec.Encode());
  new_ids_.clear();
}

void Fold::Discard() {
  ctx_.Clear();
  new_ids_.clear();
}

size_t Fold::touched() const {
  return ctx_.catalog_.size() + ctx_.announcements_.size() + ctx_.targets_.size() + ctx_.minutes_.size() +
         ctx_.quarters_.size() + ctx_.days_.size() + ctx_.revisions_.size() + new_ids_.size();
}

}  // namespace followup
