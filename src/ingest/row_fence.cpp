#include "ingest/row_fence.h"

#include "common/parse.h"
#include "projections/keys.h"

namespace followup {

Status RowFence::Load(const KvReader& store) {
  committed_.clear();
  Status bad;
  Status s = store.Scan(
      keys::kFencePrefix, PrefixEnd(keys::kFencePrefix), [&](std::string_view k, std::string_view v) {
        int32_t partition = 0;
        int64_t epoch = 0;
        if (!ParseInteger(k.substr(keys::kFencePrefix.size()), &partition) || !ParseInteger(v, &epoch)) {
          bad = Status::Corruption("cannot decode " + std::string(k));
          return false;
        }
        committed_[partition] = epoch;
        return true;
      });
  pending_ = committed_;
  if (s.ok()) s = bad;
  if (!s.ok()) return s;
  origins_.clear();
  new_origins_.clear();
  s = store.Scan(keys::kOriginPrefix, PrefixEnd(keys::kOriginPrefix),
                 [&](std::string_view k, std::string_view v) {
                   int32_t partition = 0;
                   if (!ParseInteger(v, &partition)) {
                     bad = Status::Corruption("cannot decode " + std::string(k));
                     return false;
                   }
                   origins_[std::string(k.substr(keys::kOriginPrefix.size()))] = partition;
                   return true;
                 });
  return s.ok() ? bad : s;
}

bool RowFence::NoteOrigin(const std::string& service, int32_t p, int32_t* first) {
  auto it = origins_.find(service);
  if (it == origins_.end()) {
    auto [n, fresh] = new_origins_.emplace(service, p);
    if (fresh || n->second == p) return true;
    *first = n->second;
  } else if (it->second == p) {
    return true;
  } else {
    *first = it->second;
  }
  conflicting_.insert(service);
  return false;
}

void RowFence::Discard() {
  pending_ = committed_;
  new_origins_.clear();
}

bool RowFence::Admit(int32_t p, int64_t epoch) {
  auto [it, fresh] = pending_.emplace(p, epoch);
  if (fresh) return true;
  if (epoch < it->second) return false;
  it->second = epoch;
  return true;
}

void RowFence::Flush(KvWriter* out) const {
  for (const auto& [p, epoch] : pending_) {
    auto c = committed_.find(p);
    if (c == committed_.end() || c->second != epoch) out->Put(keys::Fence(p), std::to_string(epoch));
  }
  for (const auto& [service, p] : new_origins_) out->Put(keys::Origin(service), std::to_string(p));
}

void RowFence::Stored() {
  committed_ = pending_;
  origins_.merge(new_origins_);
  new_origins_.clear();
}

int64_t RowFence::fence(int32_t p) const {
  auto it = pending_.find(p);
  return it == pending_.end() ? -1 : it->second;
}

}  // namespace followup
