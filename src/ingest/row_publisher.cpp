#include "ingest/row_publisher.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <iterator>
#include <limits>
#include <set>

#include "common/bytes.h"
#include "ingest/row_fence.h"
#include "projections/keys.h"
#include "projections/records.h"

namespace followup {
namespace {

constexpr std::string_view kPublishedFamilies[] = {keys::kMinutePrefix, keys::kDayPrefix, keys::kHourPrefix,
                                                   keys::kQuarterFamily};
constexpr size_t kNumber = 8;  // AppendSortable64

bool IsMinuteRow(std::string_view key) { return key.rfind(keys::kMinutePrefix, 0) == 0; }

// The service and minute of an m/ key.
bool MinuteKeyOf(std::string_view key, std::string* service, MinuteIdx* m) {
  if (!IsMinuteRow(key) || !keys::RowService(key, service)) return false;
  *m = ReadSortable64(key.substr(key.size() - kNumber));
  return true;
}

int64_t SlotOf(MinuteIdx m) { return m - FloorDiv(m, kMinuteSlots) * kMinuteSlots; }

std::string SlotValue(MinuteIdx m, std::string_view state) {
  std::string v;
  v.reserve(kNumber + state.size());
  AppendSortable64(&v, m);
  v += state;
  return v;
}

uint64_t ProbesOf(std::string_view value) {
  MinuteState st;
  if (!st.Decode(value)) return 0;
  uint64_t n = 0;
  for (const auto& l : st.locations) n += l.passed + l.failed;
  return n;
}

bool InWindow(const MaintenanceWindows& windows, std::string_view service, MinuteIdx m) {
  auto it = windows.find(service);
  if (it == windows.end()) return false;
  // The merged ranges are sorted: the last one starting at or before m.
  auto r = std::upper_bound(it->second.begin(), it->second.end(), m,
                            [](MinuteIdx x, const MinuteRange& range) { return x < range.from; });
  return r != it->second.begin() && m < std::prev(r)->to;
}

// The minutes of one shard's batch, per service: to tell whether a changed
// minute is the newest of its ring slot.
class BatchMinutes {
 public:
  explicit BatchMinutes(const std::vector<std::pair<std::string, std::string>>& rows) {
    std::string service;
    MinuteIdx m = 0;
    for (const auto& [k, v] : rows)
      if (MinuteKeyOf(k, &service, &m)) by_service_[service].insert(m);
  }
  // Whether the shard (its store and this batch) holds a later minute of the
  // service in the same slot as m.
  Status LaterInSlot(const KvReader& store, const std::string& service, MinuteIdx m, bool* later) {
    *later = false;
    const std::set<MinuteIdx>& batch = by_service_[service];
    auto newest = newest_.find(service);
    if (newest == newest_.end()) {
      MinuteIdx n = batch.empty() ? std::numeric_limits<MinuteIdx>::min() : *batch.rbegin();
      const std::string prefix = keys::MinutePrefix(service);
      Status s = store.ScanReverse(prefix, PrefixEnd(prefix), [&](std::string_view k, auto) {
        if (k.size() == prefix.size() + kNumber) n = std::max(n, ReadSortable64(k.substr(prefix.size())));
        return false;
      });
      if (!s.ok()) return s;
      newest = newest_.emplace(service, n).first;
    }
    std::string held;
    for (MinuteIdx later_m = m + kMinuteSlots; later_m <= newest->second; later_m += kMinuteSlots) {
      if (batch.count(later_m)) {
        *later = true;
        return Status::Ok();
      }
      Status s = store.Get(keys::Minute(service, later_m), &held);
      if (s.ok()) {
        *later = true;
        return Status::Ok();
      }
      if (s.code() != Status::Code::kNotFound) return s;
    }
    return Status::Ok();
  }

 private:
  std::map<std::string, std::set<MinuteIdx>> by_service_;
  std::map<std::string, MinuteIdx> newest_;
};

}  // namespace

bool PublishedRow(std::string_view key) {
  for (std::string_view family : kPublishedFamilies)
    if (key.rfind(family, 0) == 0) return true;
  return false;
}

bool ViewRow(std::string_view key, std::string_view value, std::string* view_key, std::string* view_value) {
  std::string service;
  if (key.rfind(keys::kMinuteSlotPrefix, 0) != 0) {
    *view_key = std::string(key);
    *view_value = std::string(value);
    return true;
  }
  if (!keys::RowService(key, &service) || value.size() < kNumber) return false;
  const MinuteIdx m = ReadSortable64(value.substr(0, kNumber));
  if (SlotOf(m) != ReadSortable64(key.substr(key.size() - kNumber))) return false;
  *view_key = keys::Minute(service, m);
  *view_value = std::string(value.substr(kNumber));
  return true;
}

bool MinuteRowReplaces(std::string_view held, std::string_view incoming) {
  return ProbesOf(incoming) > ProbesOf(held);
}

bool ValidRow(std::string_view key, std::string_view value) {
  if (key.rfind(keys::kMinuteSlotPrefix, 0) == 0) {
    std::string k, v;
    return ViewRow(key, value, &k, &v) && MinuteState().Decode(v);
  }
  if (IsMinuteRow(key)) return MinuteState().Decode(value);
  if (key.rfind(keys::kDayPrefix, 0) == 0 || key.rfind(keys::kHourPrefix, 0) == 0)
    return DayCounts().Decode(value);
  if (key.rfind(keys::kQuarterFamily, 0) == 0) return ServiceQuarter().Decode(value);
  return false;
}

RowPublisher::RowPublisher(Producer* producer, std::string topic, WindowsSource windows)
    : producer_(producer), topic_(std::move(topic)), windows_source_(std::move(windows)) {
  if (!windows_source_) windows_ = std::make_shared<const MaintenanceWindows>();
}

KafkaHeaders RowPublisher::Headers(const Shard& sh) {
  return {{std::string(kRowPartitionHeader), std::to_string(sh.id)},
          {std::string(kRowEpochHeader), std::to_string(sh.epoch)}};
}

Status RowPublisher::RefreshWindows(ShardSet* shards) {
  if (!windows_source_) return Status::Ok();
  std::shared_ptr<const MaintenanceWindows> fresh = windows_source_();
  if (!fresh || (windows_ && *fresh == *windows_)) return Status::Ok();
  Status s;
  size_t sent = 0;
  for (const auto& [service, ranges] : *fresh) {
    const std::vector<MinuteRange>* before = nullptr;
    if (windows_)
      if (auto it = windows_->find(service); it != windows_->end()) before = &it->second;
    for (const MinuteRange& r : ranges) {
      if (before && std::find(before->begin(), before->end(), r) != before->end()) continue;
      for (const auto& [id, sh] : shards->all()) {
        if (!sh.serving) continue;
        KafkaHeaders h = Headers(sh);
        Status scan = sh.store->Live().Scan(keys::Minute(service, r.from), keys::Minute(service, r.to),
                                            [&](std::string_view k, std::string_view v) {
                                              s = producer_->Send(topic_, k, v, h);
                                              ++sent;
                                              return s.ok();
                                            });
        if (s.ok()) s = scan;
        if (!s.ok()) return s.WithContext("cannot publish the minutes of maintenance windows");
      }
    }
  }
  if (sent > 0) s = producer_->Flush(10000);
  if (!s.ok()) return s.WithContext("cannot publish the minutes of maintenance windows");
  windows_ = std::move(fresh);
  return Status::Ok();
}

Status RowPublisher::PublishChanges(const std::vector<ShardRows>& changes) {
  Status s;
  std::string service;
  MinuteIdx m = 0;
  for (const auto& [sh, rows] : changes) {
    KafkaHeaders h = Headers(*sh);
    BatchMinutes minutes(rows);
    for (const auto& [k, v] : rows) {
      if (!MinuteKeyOf(k, &service, &m)) {
        s = producer_->Send(topic_, k, v, h);
      } else {
        bool later = false;
        s = minutes.LaterInSlot(sh->store->Live(), service, m, &later);
        if (s.ok() && !later)
          s = producer_->Send(topic_, keys::MinuteSlot(service, SlotOf(m)), SlotValue(m, v), h);
        if (s.ok() && windows_ && InWindow(*windows_, service, m)) s = producer_->Send(topic_, k, v, h);
      }
      if (!s.ok()) break;
    }
    if (!s.ok()) break;
  }
  if (s.ok()) s = producer_->Flush(10000);
  return s;
}

Status PublishedMinuteRows(const KvReader& store, const MaintenanceWindows& windows, const RowSink& sink) {
  // In key order, service by service: the last minute seen of a slot is its
  // newest; the ring of a service is sent when its rows end.
  constexpr MinuteIdx kEmpty = std::numeric_limits<MinuteIdx>::min();
  std::vector<std::pair<MinuteIdx, std::string>> ring(size_t(kMinuteSlots), {kEmpty, {}});
  std::vector<int64_t> used;
  std::string service, next;
  Status s;
  auto send_ring = [&] {
    for (int64_t slot : used) {
      auto& [m, v] = ring[size_t(slot)];
      if (s.ok()) s = sink(keys::MinuteSlot(service, slot), SlotValue(m, v));
      m = kEmpty;
    }
    used.clear();
  };
  MinuteIdx m = 0;
  Status scan = store.Scan(keys::kMinutePrefix, PrefixEnd(keys::kMinutePrefix), [&](auto k, auto v) {
    if (!MinuteKeyOf(k, &next, &m)) return true;
    if (next != service) {
      send_ring();
      service = next;
    }
    const int64_t slot = SlotOf(m);
    auto& entry = ring[size_t(slot)];
    if (entry.first == kEmpty) used.push_back(slot);
    entry.first = m;
    entry.second.assign(v.data(), v.size());
    if (InWindow(windows, service, m)) s = sink(k, v);
    return s.ok();
  });
  send_ring();
  return s.ok() ? scan : s;
}

Status RowPublisher::PublishRebuilt(ShardSet* shards, const PartitionMap& partitions) {
  if (!windows_) {
    Status s = RefreshWindows(shards);
    if (!s.ok() || !windows_) return s;  // (the view has not caught up yet: no shard serves)
  }
  std::vector<Shard*> ready;
  for (auto& [id, sh] : shards->all()) {
    if (sh.serving) continue;
    bool caught_up = true;
    for (const auto& [tp, ps] : partitions)
      if (ps.shard == id && (!ps.caught_up || ps.in_batch)) caught_up = false;
    if (caught_up) ready.push_back(&sh);
  }
  if (ready.empty()) return Status::Ok();
  std::string names;
  for (const Shard* sh : ready) names += (names.empty() ? "" : ", ") + std::to_string(sh->id);
  // Every ready shard together, so that two waits for the brokers serve them
  // all (one wait per shard made a rebuild of 24 partitions take 1.2 s longer;
  // bench/README.md). Claims first: each offset is an epoch above every
  // earlier owner's of that partition.
  std::vector<std::string> claim_keys;
  std::vector<Producer::Message> claims;
  claim_keys.reserve(ready.size());
  claims.reserve(ready.size());
  for (const Shard* sh : ready) claim_keys.push_back(std::string(kClaimKeyPrefix) + std::to_string(sh->id));
  for (const std::string& k : claim_keys) claims.push_back({k, std::string_view(""), {}});
  std::vector<int64_t> epochs;
  Status s = producer_->SendAllAndWait(topic_, claims, 30000, &epochs);
  if (!s.ok()) return s.WithContext("cannot claim partition(s) " + names);
  std::vector<size_t> published(ready.size(), 0);
  for (size_t i = 0; i < ready.size() && s.ok(); ++i) {
    Shard& sh = *ready[i];
    sh.epoch = epochs[i];
    KafkaHeaders h = Headers(sh);
    for (std::string_view family : kPublishedFamilies) {
      if (family == keys::kMinutePrefix) {
        s = PublishedMinuteRows(sh.store->Live(), *windows_, [&](std::string_view k, std::string_view v) {
          ++published[i];
          return producer_->Send(topic_, k, v, h);
        });
        if (!s.ok()) break;
        continue;
      }
      Status scan =
          sh.store->Live().Scan(family, PrefixEnd(family), [&](std::string_view k, std::string_view v) {
            s = producer_->Send(topic_, k, v, h);
            ++published[i];
            return s.ok();
          });
      if (s.ok()) s = scan;
      if (!s.ok()) break;
    }
  }
  if (s.ok()) s = producer_->Flush(30000);
  if (!s.ok()) return s.WithContext("cannot publish partition(s) " + names);
  for (size_t i = 0; i < ready.size(); ++i) {
    ready[i]->serving = true;
    spdlog::info("ingest: partition {} rebuilt and serving ({} rows published, epoch {})", ready[i]->id,
                 published[i], ready[i]->epoch);
  }
  return Status::Ok();
}

}  // namespace followup
