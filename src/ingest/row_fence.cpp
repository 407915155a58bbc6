#include "ingest/row_fence.h"

#include "projections/keys.h"

namespace followup {

Status RowFence::Load(const KvReader& store) {
  committed_.clear();
  Status bad;
  Status s = store.Scan(keys::kFencePrefix, PrefixEnd(keys::kFencePrefix), [&](std::string_view k, std::string_view v) {
    try {
      committed_[std::stoi(std::string(k.substr(keys::kFencePrefix.size())))] = std::stoll(std::string(v));
    } catch (const std::exception&) {
      bad = Status::Corruption("cannot decode " + std::string(k));
      return false;
    }
    return true;
  });
  pending_ = committed_;
  return s.ok() ? bad : s;
}

bool RowFence::Admit(int32_t p, int64_t epoch) {
  auto [it, fresh] = pending_.emplace(p, epoch);
  if (fresh) return true;
  if (epoch < it->second) return false;
  it->second = epoch;
  return true;
}

void RowFence::Flush(KvWriter* out) {
  for (const auto& [p, epoch] : pending_) {
    auto c = committed_.find(p);
    if (c == committed_.end() || c->second != epoch) out->Put(keys::Fence(p), std::to_string(epoch));
  }
  committed_ = pending_;
}

int64_t RowFence::fence(int32_t p) const {
  auto it = pending_.find(p);
  return it == pending_.end() ? -1 : it->second;
}

}  // namespace followup
