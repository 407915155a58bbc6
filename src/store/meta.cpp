#include "store/meta.h"

#include "common/parse.h"
#include "projections/keys.h"

namespace followup {

Status GetMeta(const KvReader& store, const std::string& name, std::string* value) {
  return store.Get(keys::Meta(name), value);
}

Status PutMeta(KvStore* store, const std::string& name, const std::string& value) {
  std::unique_ptr<KvBatch> b = store->NewBatch();
  b->Put(keys::Meta(name), value);
  return store->Write(b.get(), true);
}

bool HoldsNoOffsets(const KvReader& store) {
  bool any = false;
  // Ignored on purpose, as it always was: a scan that fails reads as "no
  // offsets" (the callers' next step, PutMeta, meets the same broken store).
  // Returning the error instead would change behaviour; left out of #14.
  (void)store.Scan(keys::kOffsetPrefix, PrefixEnd(keys::kOffsetPrefix),
                   [&](std::string_view, std::string_view) {
                     any = true;
                     return false;
                   });
  return !any;
}

Status GetStoredOffset(const KvReader& store, std::string_view topic, int32_t partition, int64_t* next,
                       std::string* raw) {
  std::string v;
  Status s = store.Get(keys::Offset(topic, partition), &v);
  if (!s.ok()) return s;
  if (!ParseInteger(v, next) || *next < 0) {
    if (raw) *raw = std::move(v);
    return Status::Invalid("the stored offset of " + std::string(topic) + "/" + std::to_string(partition) +
                           " is not a number");
  }
  return Status::Ok();
}

std::map<std::pair<std::string, int32_t>, int64_t> StoredOffsets(const KvReader& store) {
  std::map<std::pair<std::string, int32_t>, int64_t> out;
  const std::string prefix(keys::kOffsetPrefix);
  (void)store.Scan(prefix, PrefixEnd(prefix), [&](std::string_view k, std::string_view v) {
    std::string topic;
    int32_t p = 0;
    int64_t o = 0;
    if (keys::ParseTopicPartition(k.substr(prefix.size()), &topic, &p) && ParseInteger(v, &o) && o >= 0)
      out[{std::move(topic), p}] = o;
    return true;
  });
  return out;
}

}  // namespace followup
