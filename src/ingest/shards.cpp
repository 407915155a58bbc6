#include "ingest/shards.h"

#include "ingest/log_checks.h"
#include "store/store.h"

namespace followup {

ShardSet::~ShardSet() = default;

Shard& ShardSet::Adopt(int32_t id, KvStore* store) {
  Shard& sh = shards_[id];
  sh.id = id;
  sh.store = store;
  sh.fold = std::make_unique<Fold>(&store->Live(), fold_);
  return sh;
}

Status ShardSet::Open(const std::string& dir, int32_t p, const std::string& identity, Shard** out) {
  auto it = shards_.find(p);
  if (it != shards_.end()) {
    *out = &it->second;
    return Status::Ok();
  }
  Shard sh;
  sh.id = p;
  std::string path = dir + "/" + std::to_string(p);
  std::unique_ptr<Store> store;
  Status s = Store::Open(path, Store::Mode::kReadWrite, &store);
  if (s.ok()) s = store->CheckVersion();
  if (s.ok()) s = CheckLogIdentity(store.get(), identity);
  if (!s.ok()) return s.WithContext("partition " + std::to_string(p) + " (" + path + ")");
  sh.store = store.get();
  sh.owned = std::move(store);
  sh.fold = std::make_unique<Fold>(&sh.store->Live(), fold_);
  sh.serving = false;  // publishes only once caught up with the log
  *out = &shards_.emplace(p, std::move(sh)).first->second;
  return Status::Ok();
}

bool ShardSet::Release(int32_t id) { return shards_.erase(id) > 0; }

size_t ShardSet::touched() const {
  size_t n = 0;
  for (const auto& [id, sh] : shards_) n += sh.fold->touched() + sh.rows.size();
  return n;
}

void ShardSet::Discard() {
  for (auto& [id, sh] : shards_) {
    sh.fold->Discard();
    sh.rows.clear();
    sh.dirty = false;
  }
}

bool ShardSet::AllServing() const {
  bool all = true;
  for (const auto& [id, sh] : shards_) all &= sh.serving;
  return all;
}

}  // namespace followup
