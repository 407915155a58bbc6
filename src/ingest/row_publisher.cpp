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

uint64_t MinuteProbes(std::string_view value) {
  MinuteState st;
  if (!st.Decode(value)) return 0;
  uint64_t n = 0;
  for (const auto& l : st.locations) n += l.passed + l.failed;
  return n;
}

uint64_t HourProbes(std::string_view value) {
  DayCounts c;
  return c.Decode(value) && c.probes > 0 ? uint64_t(c.probes) : 0;
}

// A family that travels as a ring (row_publisher.h): minutes or hours.
struct Ring {
  std::string_view family, ring;
  int64_t slots;
  std::string (*key)(std::string_view service, int64_t index);
  std::string (*slot_key)(std::string_view service, int64_t slot);
  std::string (*prefix)(std::string_view service);
  uint64_t (*probes)(std::string_view value);  // how many probes a value counts
};
const Ring kMinuteRing{keys::kMinutePrefix, keys::kMinuteSlotPrefix, kMinuteSlots, keys::Minute,
                       keys::MinuteSlot,    keys::MinutePrefix,      MinuteProbes};
const Ring kHourRing{keys::kHourPrefix, keys::kHourSlotPrefix, kHourSlots, keys::Hour,
                     keys::HourSlot,    keys::HourPrefix,      HourProbes};
constexpr const Ring* kRings[] = {&kMinuteRing, &kHourRing};

// The ring whose family (m/, h/) or ring (s/, u/) key is given, or null.
const Ring* RingOf(std::string_view key) {
  for (const Ring* r : kRings)
    if (key.rfind(r->family, 0) == 0 || key.rfind(r->ring, 0) == 0) return r;
  return nullptr;
}

// The service and index (minute, hour) of a key of a ring's family.
bool IndexKeyOf(const Ring& r, std::string_view key, std::string* service, int64_t* index) {
  if (key.rfind(r.family, 0) != 0 || !keys::RowService(key, service)) return false;
  *index = ReadSortable64(key.substr(key.size() - kNumber));
  return true;
}

int64_t SlotOf(const Ring& r, int64_t index) { return index - FloorDiv(index, r.slots) * r.slots; }

std::string SlotValue(int64_t index, std::string_view value) {
  std::string v;
  v.reserve(kNumber + value.size());
  AppendSortable64(&v, index);
  v += value;
  return v;
}

bool InWindow(const MaintenanceWindows& windows, std::string_view service, MinuteIdx m) {
  auto it = windows.find(service);
  if (it == windows.end()) return false;
  // The merged ranges are sorted: the last one starting at or before m.
  auto r = std::upper_bound(it->second.begin(), it->second.end(), m,
                            [](MinuteIdx x, const MinuteRange& range) { return x < range.from; });
  return r != it->second.begin() && m < std::prev(r)->to;
}

// The UTC days (since the epoch) [first, last] that a window touches.
std::pair<int64_t, int64_t> DaysOf(const MinuteRange& r) {
  return {FloorDiv(r.from, 1440), FloorDiv(r.to - 1, 1440)};
}

bool OnWindowDay(const MaintenanceWindows& windows, std::string_view service, int64_t day) {
  auto it = windows.find(service);
  if (it == windows.end()) return false;
  for (const MinuteRange& r : it->second) {
    auto [first, last] = DaysOf(r);
    if (first <= day && day <= last) return true;
  }
  return false;
}

// Whether a row of a ring's family is published under its own key too: the
// rows the reads take beside the ring (readmodels/maintenance.h,
// CountProbeVerdicts): minutes inside a maintenance window; the hours between
// a Stockholm midnight and the UTC one (a local day is a UTC day's record plus
// and less those), and every hour of a UTC day a window touches.
bool KeepsOwnKey(const Ring& r, const MaintenanceWindows& windows, std::string_view service, int64_t index) {
  if (&r == &kMinuteRing) return InWindow(windows, service, index);
  return BetweenStockholmAndUtcMidnight(index) || OnWindowDay(windows, service, FloorDiv(index, 24));
}

// The rows of one shard's batch, per ring and service: to tell whether a
// changed row is the newest of its ring slot.
class BatchIndexes {
 public:
  explicit BatchIndexes(const std::vector<std::pair<std::string, std::string>>& rows) {
    std::string service;
    int64_t index = 0;
    for (const auto& [k, v] : rows)
      for (const Ring* r : kRings)
        if (IndexKeyOf(*r, k, &service, &index)) by_service_[{r, service}].insert(index);
  }
  // Whether the shard (its store and this batch) holds a later row of the
  // service in the same slot as index.
  Status LaterInSlot(const Ring& r, const KvReader& store, const std::string& service, int64_t index,
                     bool* later) {
    *later = false;
    const std::set<int64_t>& batch = by_service_[{&r, service}];
    auto newest = newest_.find({&r, service});
    if (newest == newest_.end()) {
      int64_t n = batch.empty() ? std::numeric_limits<int64_t>::min() : *batch.rbegin();
      const std::string prefix = r.prefix(service);
      Status s = store.ScanReverse(prefix, PrefixEnd(prefix), [&](std::string_view k, auto) {
        if (k.size() == prefix.size() + kNumber) n = std::max(n, ReadSortable64(k.substr(prefix.size())));
        return false;
      });
      if (!s.ok()) return s;
      newest = newest_.emplace(std::make_pair(&r, service), n).first;
    }
    std::string held;
    for (int64_t later_index = index + r.slots; later_index <= newest->second; later_index += r.slots) {
      if (batch.count(later_index)) {
        *later = true;
        return Status::Ok();
      }
      Status s = store.Get(r.key(service, later_index), &held);
      if (s.ok()) {
        *later = true;
        return Status::Ok();
      }
      if (s.code() != Status::Code::kNotFound) return s;
    }
    return Status::Ok();
  }

 private:
  std::map<std::pair<const Ring*, std::string>, std::set<int64_t>> by_service_;
  std::map<std::pair<const Ring*, std::string>, int64_t> newest_;
};

}  // namespace

bool PublishedRow(std::string_view key) {
  for (std::string_view family : kPublishedFamilies)
    if (key.rfind(family, 0) == 0) return true;
  return false;
}

bool ViewRow(std::string_view key, std::string_view value, std::string* view_key, std::string* view_value) {
  const Ring* r = RingOf(key);
  if (!r || key.rfind(r->ring, 0) != 0) {
    *view_key = std::string(key);
    *view_value = std::string(value);
    return true;
  }
  std::string service;
  if (!keys::RowService(key, &service) || value.size() < kNumber) return false;
  const int64_t index = ReadSortable64(value.substr(0, kNumber));
  if (SlotOf(*r, index) != ReadSortable64(key.substr(key.size() - kNumber))) return false;
  *view_key = r->key(service, index);
  *view_value = std::string(value.substr(kNumber));
  return true;
}

bool ComparesCopies(std::string_view view_key) { return RingOf(view_key) != nullptr; }

bool RowReplaces(std::string_view view_key, std::string_view held, std::string_view incoming) {
  const Ring* r = RingOf(view_key);
  return !r || r->probes(incoming) > r->probes(held);
}

bool ViewReplaces(const std::map<std::string, std::string>& pending, const KvReader& store,
                  const std::string& view_key, std::string_view incoming) {
  if (!ComparesCopies(view_key)) return true;
  if (auto it = pending.find(view_key); it != pending.end())
    return RowReplaces(view_key, it->second, incoming);
  std::string held;
  if (!store.Get(view_key, &held).ok()) return true;  // none held
  return RowReplaces(view_key, held, incoming);
}

bool ValidRow(std::string_view key, std::string_view value) {
  const Ring* r = RingOf(key);
  if (r && key.rfind(r->ring, 0) == 0) {
    std::string k, v;
    return ViewRow(key, value, &k, &v) && ValidRow(k, v);
  }
  if (key.rfind(keys::kMinutePrefix, 0) == 0) return MinuteState().Decode(value);
  if (key.rfind(keys::kDayPrefix, 0) == 0 || key.rfind(keys::kHourPrefix, 0) == 0)
    return DayCounts().Decode(value);
  if (key.rfind(keys::kQuarterFamily, 0) == 0) return ServiceQuarter().Decode(value);
  return false;
}

Status PublishedRingRows(const KvReader& store, const MaintenanceWindows& windows, const RowSink& sink) {
  Status s;
  for (const Ring* r : kRings) {
    // In key order, service by service: the last row seen of a slot is its
    // newest; the ring of a service is sent when its rows end.
    constexpr int64_t kEmpty = std::numeric_limits<int64_t>::min();
    std::vector<std::pair<int64_t, std::string>> ring(size_t(r->slots), {kEmpty, {}});
    std::vector<int64_t> used;
    std::string service, next;
    auto send_ring = [&] {
      for (int64_t slot : used) {
        auto& [index, v] = ring[size_t(slot)];
        if (s.ok()) s = sink(r->slot_key(service, slot), SlotValue(index, v));
        index = kEmpty;
      }
      used.clear();
    };
    int64_t index = 0;
    Status scan = store.Scan(r->family, PrefixEnd(r->family), [&](auto k, auto v) {
      if (!IndexKeyOf(*r, k, &next, &index)) return true;
      if (next != service) {
        send_ring();
        service = next;
      }
      const int64_t slot = SlotOf(*r, index);
      auto& entry = ring[size_t(slot)];
      if (entry.first == kEmpty) used.push_back(slot);
      entry.first = index;
      entry.second.assign(v.data(), v.size());
      if (s.ok() && KeepsOwnKey(*r, windows, service, index)) s = sink(k, v);
      return s.ok();
    });
    send_ring();
    if (s.ok()) s = scan;
    if (!s.ok()) return s;
  }
  return s;
}

RowPublisher::RowPublisher(Producer* producer, std::string topic, WindowsSource windows)
    : producer_(producer), topic_(std::move(topic)), windows_source_(std::move(windows)) {
  if (!windows_source_) windows_ = std::make_shared<const MaintenanceWindows>();
}

void RowPublisher::PrepareTopic() { producer_->Prepare(topic_); }

KafkaHeaders RowPublisher::Headers(const Shard& sh) {
  return {{std::string(kRowPartitionHeader), std::to_string(sh.id)},
          {std::string(kRowEpochHeader), std::to_string(sh.epoch)}};
}

Status RowPublisher::SendRange(const Shard& sh, const std::string& from, const std::string& to,
                               const KafkaHeaders& h, size_t* sent) {
  Status s;
  Status scan = sh.store->Live().Scan(from, to, [&](std::string_view k, std::string_view v) {
    s = producer_->Send(topic_, k, v, h);
    ++*sent;
    return s.ok();
  });
  return s.ok() ? scan : s;
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
      // Its minutes, and the hours of the UTC days it touches (KeepsOwnKey).
      auto [first, last] = DaysOf(r);
      for (const auto& [id, sh] : shards->all()) {
        if (!sh.serving) continue;
        const KafkaHeaders h = Headers(sh);
        s = SendRange(sh, keys::Minute(service, r.from), keys::Minute(service, r.to), h, &sent);
        if (s.ok())
          s = SendRange(sh, keys::Hour(service, first * 24), keys::Hour(service, (last + 1) * 24), h, &sent);
        if (!s.ok()) return s.WithContext("cannot publish the rows of maintenance windows");
      }
    }
  }
  if (sent > 0) s = producer_->Flush(10000);
  if (!s.ok()) return s.WithContext("cannot publish the rows of maintenance windows");
  windows_ = std::move(fresh);
  return Status::Ok();
}

Status RowPublisher::PublishChanges(const std::vector<ShardRows>& changes) {
  Status s;
  std::string service;
  int64_t index = 0;
  for (const auto& [sh, rows] : changes) {
    KafkaHeaders h = Headers(*sh);
    BatchIndexes batch(rows);
    for (const auto& [k, v] : rows) {
      const Ring* r = RingOf(k);
      if (!r || !IndexKeyOf(*r, k, &service, &index)) {
        s = producer_->Send(topic_, k, v, h);
      } else {
        bool later = false;
        s = batch.LaterInSlot(*r, sh->store->Live(), service, index, &later);
        if (s.ok() && !later)
          s = producer_->Send(topic_, r->slot_key(service, SlotOf(*r, index)), SlotValue(index, v), h);
        if (s.ok() && windows_ && KeepsOwnKey(*r, *windows_, service, index))
          s = producer_->Send(topic_, k, v, h);
      }
      if (!s.ok()) break;
    }
    if (!s.ok()) break;
  }
  if (s.ok()) s = producer_->Flush(10000);
  return s;
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
      if (RingOf(family)) continue;  // below
      s = SendRange(sh, std::string(family), PrefixEnd(family), h, &published[i]);
      if (!s.ok()) break;
    }
    if (s.ok())
      s = PublishedRingRows(sh.store->Live(), *windows_, [&](std::string_view k, std::string_view v) {
        ++published[i];
        return producer_->Send(topic_, k, v, h);
      });
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
