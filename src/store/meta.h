// Store metadata (keys::Meta): the projection version and the identity of the
// log a data dir was built from. Over the KvStore interface, so the rules that
// read it (store.h CheckVersion, ingest/log_checks.h) work on any store.
//
// Thread-safety: as the store's; PutMeta is a write (the writer thread only).
#pragma once
#include <string>

#include "common/status.h"
#include "projections/kv.h"

namespace followup {

// OK and *value filled, NotFound, or a storage error.
Status GetMeta(const KvReader& store, const std::string& name, std::string* value);
// Writes one value in its own synced batch.
Status PutMeta(KvStore* store, const std::string& name, const std::string& value);
// True when the store holds no offsets yet (a fresh data dir).
bool HoldsNoOffsets(const KvReader& store);

}  // namespace followup
