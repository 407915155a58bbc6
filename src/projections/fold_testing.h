// Test support: fold NDJSON event lines into an in-memory store, exactly as
// the ingest loop does (decode, validate, dedup, fold, one flush per batch).
#pragma once
#include <string>
#include <vector>

#include "events/decoder.h"
#include "projections/fold.h"
#include "projections/kv.h"

namespace followup {

struct FoldTally {
  int applied = 0, duplicates = 0, conflicts = 0, rejected = 0;
  std::vector<std::string> reasons;
};

// Folds lines in order; batch_size events per flush. log_time of each event is
// its occurred_at unless log_times is given (same length as lines).
inline FoldTally FoldLines(MemKv* kv, const std::vector<std::string>& lines, size_t batch_size = 1000,
                           const std::vector<TimeMs>* log_times = nullptr, FoldOptions options = {}) {
  FoldTally t;
  EventDecoder decoder;
  Fold fold(kv, options);
  size_t in_batch = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    Event e;
    DecodeError err;
    if (!decoder.Decode(lines[i], &e, &err)) {
      ++t.rejected;
      t.reasons.push_back(err.reason);
      continue;
    }
    FoldOutcome o;
    Status s = fold.Apply(e, log_times ? (*log_times)[i] : e.occurred_at, &o);
    if (!s.ok()) {
      t.reasons.push_back(s.ToString());
      continue;
    }
    (o == FoldOutcome::kApplied ? t.applied : o == FoldOutcome::kDuplicate ? t.duplicates : t.conflicts)++;
    if (++in_batch >= batch_size) {
      fold.Flush(kv);
      in_batch = 0;
    }
  }
  fold.Flush(kv);
  return t;
}

}  // namespace followup
