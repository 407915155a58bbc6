// Store metadata (keys::Meta): the projection version and the identity of the
// log a data dir was built from. Over the KvStore interface, so the rules that
// read it (store.h CheckVersion, ingest/log_checks.h) work on any store.
//
// Thread-safety: as the store's; PutMeta is a write (the writer thread only).
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>

#include "common/status.h"
#include "projections/kv.h"

namespace followup {

// OK and *value filled, NotFound, or a storage error.
Status GetMeta(const KvReader& store, const std::string& name, std::string* value);
// Writes one value in its own synced batch.
Status PutMeta(KvStore* store, const std::string& name, const std::string& value);
// True when the store holds no offsets yet (a fresh data dir).
bool HoldsNoOffsets(const KvReader& store);

// The next offset to fold of one input partition as the store holds it
// (keys::Offset, written with the state it belongs to): OK and *next,
// NotFound when the store has none, Invalid when the value is not a
// non-negative integer (*raw then holds it), or a storage error.
Status GetStoredOffset(const KvReader& store, std::string_view topic, int32_t partition, int64_t* next,
                       std::string* raw);
// Every input partition's stored next offset, by (topic, partition); values
// that do not parse are left out (GetStoredOffset tells them apart).
std::map<std::pair<std::string, int32_t>, int64_t> StoredOffsets(const KvReader& store);

}  // namespace followup
