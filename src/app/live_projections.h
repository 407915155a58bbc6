// The projections a plain `serve` serves, the loop that folds them, and a
// rebuild beside them that takes over without a moment of downtime.
//
// A rebuild runs when the data dir holds the previous projection version
// (kPreviousProjectionVersion: this build still folds it, for one release),
// or when an operator asks for one (`followup rebuild --data-dir D`, which
// creates <data>/rebuild; a running serve notices within a second). It folds
// the log from offset 0 into <data>/rebuild (store_dir.h) with this
// version's fold, beside the served projections, which go on folding live
// events and answering every read. The rebuild never folds past what the
// serving loop has stored (IngestMode::kRebuild), so every dead letter it
// meets was already sent.
//
// The switch, once the rebuild is within one batch of the serving loop:
//   1. the serving loop stops (reads go on, from its store);
//   2. the rebuild folds up to exactly the offsets that loop stored;
//   3. SWITCHED is written: from here on the rebuilt store is the data dir's
//      (a kill -9 before it resumes the rebuild, one after it the switch);
//   4. reads switch to it atomically (ServedStore::Switch), and a serving
//      loop on it continues from those offsets, sending dead letters again;
//   5. the old store is closed once no read holds it, and its files removed.
// Ingestion pauses for steps 1-4 (well under a second when caught up);
// reads never do. A failure of the rebuild's own store (a full disk) pauses
// it, with the reason in /api/v1/ingest; the served projections go on.
//
// Thread-safety: Open, Start and Stop from one thread; served(), Progress()
// from any thread. A thread of its own watches the rebuild and switches.
#pragma once
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "common/status.h"
#include "ingest/ingest_state.h"
#include "ingest/ingestor.h"
#include "store/served_store.h"
#include "store/store.h"

namespace followup {

class LiveProjections {
 public:
  // Opens the data dir's store (finishing an earlier switch). A store of
  // another version than this one or the previous is Conflict.
  static Status Open(const std::string& data_dir, std::unique_ptr<LiveProjections>* out);
  ~LiveProjections();

  // What every reader reads. Valid until destruction.
  ServedStore* served() { return &served_; }
  // Starts the serving loop (options: kSingle) and the rebuild when one is
  // due. board: the serving loop's, which readers read; must outlive this.
  Status Start(IngestOptions options, IngestStateBoard* board,
               std::function<void(const BatchReport&)> observer);
  void Stop();
  // The rebuild as readers see it (inactive when none runs).
  RebuildProgress Progress() const;

 private:
  LiveProjections(std::string data_dir, std::shared_ptr<Store> store, int version);
  IngestOptions LoopOptions(int version) const;
  Status StartRebuild();
  void Watch();
  // One look at the rebuild: progress, and the switch when it is due.
  void Check();
  Status Switch();
  void SetProgress(const std::function<void(RebuildProgress*)>& f);

  const std::string data_dir_;
  ServedStore served_;
  int serving_version_;
  IngestOptions options_;
  IngestStateBoard* board_ = nullptr;
  std::function<void(const BatchReport&)> observer_;
  std::unique_ptr<Ingestor> serving_;  // folds served_.Current()

  // The rebuild (the watch thread only, after Start).
  std::shared_ptr<Store> rebuild_store_;
  IngestStateBoard rebuild_board_;
  std::unique_ptr<Ingestor> rebuild_;
  int64_t started_ms_ = 0, last_ms_ = 0, last_processed_ = 0;
  int64_t switch_after_ms_ = 0;  // after a switch that did not happen, not before

  mutable std::mutex progress_mu_;
  RebuildProgress progress_;

  std::mutex loop_mu_;  // serving_ and the rebuild against Stop
  std::atomic<bool> stop_{false};
  std::thread watch_;
};

}  // namespace followup
