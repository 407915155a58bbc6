#include "projections/kv.h"

#include <optional>

namespace followup {

Status MemKv::Get(std::string_view key, std::string* value) const {
  auto it = data_.find(key);
  if (it == data_.end()) return Status::NotFound(std::string(key));
  *value = it->second;
  return Status::Ok();
}

Status MemKv::Scan(std::string_view from, std::string_view to,
                   const std::function<bool(std::string_view, std::string_view)>& fn) const {
  for (auto it = data_.lower_bound(from); it != data_.end() && it->first < to; ++it)
    if (!fn(it->first, it->second)) break;
  return Status::Ok();
}

Status MemKv::ScanReverse(std::string_view from, std::string_view to,
                          const std::function<bool(std::string_view, std::string_view)>& fn) const {
  auto it = data_.lower_bound(to);
  while (it != data_.begin()) {
    --it;
    if (it->first < from) break;
    if (!fn(it->first, it->second)) break;
  }
  return Status::Ok();
}

void MemKv::Put(std::string_view key, std::string_view value) {
  data_.insert_or_assign(std::string(key), std::string(value));
}
void MemKv::Delete(std::string_view key) {
  auto it = data_.find(key);
  if (it != data_.end()) data_.erase(it);
}

namespace {

// The writes of a MemKv batch, in order; nullopt value: a delete.
class MemKvBatch : public KvBatch {
 public:
  void Put(std::string_view k, std::string_view v) override {
    ops_.emplace_back(std::string(k), std::string(v));
  }
  void Delete(std::string_view k) override { ops_.emplace_back(std::string(k), std::nullopt); }
  const std::vector<std::pair<std::string, std::optional<std::string>>>& ops() const { return ops_; }

 private:
  std::vector<std::pair<std::string, std::optional<std::string>>> ops_;
};

}  // namespace

std::unique_ptr<KvBatch> MemKv::NewBatch() { return std::make_unique<MemKvBatch>(); }

Status MemKv::Write(KvBatch* batch, bool) {
  auto* b = dynamic_cast<MemKvBatch*>(batch);
  if (!b) return Status::Invalid("MemKv::Write: the batch was not made by a MemKv");
  for (const auto& [k, v] : b->ops()) {
    if (v)
      Put(k, *v);
    else
      Delete(k);
  }
  return Status::Ok();
}

std::string PrefixEnd(std::string_view prefix) {
  std::string end(prefix);
  while (!end.empty() && uint8_t(end.back()) == 0xff) end.pop_back();
  if (!end.empty()) end.back() = char(uint8_t(end.back()) + 1);
  return end;
}

}  // namespace followup
