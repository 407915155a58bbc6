#include "store/meta.h"

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

}  // namespace followup
