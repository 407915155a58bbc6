// What the benchmarks share: stopping on an error, and folding events into a
// RocksDB store as the service does (decoded events in, one write per batch).
// Thread-safety: none (one benchmark thread).
#pragma once
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "common/status.h"
#include "projections/fold.h"
#include "store/store.h"

namespace followup::bench {

// Prints the status and exits unless it is OK.
inline void Check(const Status& s) {
  if (!s.ok()) {
    std::fprintf(stderr, "%s\n", s.ToString().c_str());
    std::exit(1);
  }
}

// Folds events into store, writing every `batch` events; Finish() writes the rest.
class StoreFolder {
 public:
  explicit StoreFolder(Store* store, int64_t batch = 50000)
      : store_(store), fold_(&store->Live(), FoldOptions{}), batch_(batch) {}
  void Apply(const Event& e) {
    FoldOutcome o;
    Check(fold_.Apply(e, e.occurred_at, &o));
    if (++events_ % batch_ == 0) Finish();
  }
  void Finish() {
    std::unique_ptr<KvBatch> b = store_->NewBatch();
    fold_.Flush(b.get());
    Check(store_->Write(b.get(), false));
  }
  int64_t events() const { return events_; }

 private:
  Store* store_;
  Fold fold_;
  int64_t batch_;
  int64_t events_ = 0;
};

// Probes of one service from 3 locations every step_ms (at 5, 6 and 7 s into it) in [from, to): one in
// 211 fails, the latency goes round a 400-step cycle.
inline void FoldProbes(StoreFolder* folder, const std::string& service, TimeMs from, TimeMs to,
                       TimeMs step_ms) {
  const char* locs[] = {"kista", "liljeholmen", "skarholmen"};
  for (TimeMs t = from; t < to; t += step_ms) {
    for (int l = 0; l < 3; ++l) {
      Event e;
      e.type = EventType::kProbe;
      e.event_id = "p-" + std::to_string(t) + "-" + locs[l];
      e.occurred_at = t + 5000 + l * 1000;
      ProbeEvent p;
      p.service_id = service;
      p.location = locs[l];
      p.ok = (t / step_ms + l) % 211 != 0;
      p.latency_us = 80000 + (t / step_ms % 400) * 1000;
      e.body = p;
      folder->Apply(e);
    }
  }
}

}  // namespace followup::bench
