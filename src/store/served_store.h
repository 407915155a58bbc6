// The store the read side reads: one Store, replaced atomically when a
// rebuild beside it takes over (app/live_projections.h). Every reader of the
// served projections (status, pages, reports, admin, metrics) reads through
// this, never through a Store it holds itself.
//
// A Snapshot() keeps the store it was taken from open until the snapshot is
// destroyed, so a read that began before a switch finishes on the old store,
// and one that begins after it sees only the new one: no read ever mixes two.
//
// Thread-safety: every method is safe from any thread.
#pragma once
#include <cstdint>
#include <memory>
#include <mutex>

#include "projections/kv.h"
#include "store/store.h"

namespace followup {

class ServedStore {
 public:
  // version: the projection version store holds (kProjectionVersion, or
  // kPreviousProjectionVersion while its successor is rebuilt).
  ServedStore(std::shared_ptr<Store> store, int version);

  std::unique_ptr<KvReader> Snapshot() const;
  // Grows with every write, across a switch too (readers cache by it:
  // Store::Sequence). Each store's own sequence is below 2^40.
  uint64_t Sequence() const;
  int ProjectionVersion() const;
  uint64_t SizeBytes() const;
  uint64_t StallMicros() const;
  // The store served now (the ingest side folds into it).
  std::shared_ptr<Store> Current() const;
  // Serves `store` from now on; the previous one is closed when its last
  // snapshot is destroyed.
  void Switch(std::shared_ptr<Store> store, int version);

 private:
  mutable std::mutex mu_;  // guards the three members, never held during a read
  std::shared_ptr<Store> store_;
  int version_;
  uint64_t epoch_ = 0;
};

}  // namespace followup
