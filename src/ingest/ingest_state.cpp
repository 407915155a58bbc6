#include "ingest/ingest_state.h"

#include <algorithm>
#include <chrono>

namespace followup {

int64_t SteadyNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

bool IngestReady(const IngestSnapshot& s, std::string* reason) {
  int64_t age = SteadyNowMs() - s.published_ms;
  if (s.published_ms > 0 && age > kIngestStaleMs) {
    *reason = "ingest loop has not reported for " + std::to_string(age / 1000) +
              " s (waiting on Kafka: brokers unreachable?)";
    return false;
  }
  *reason = s.not_ready_reason;
  return s.ready;
}

IngestSnapshot JoinSnapshots(const IngestSnapshot& own, const IngestSnapshot& view) {
  IngestSnapshot j = own;
  if (own.published_ms == 0 || view.published_ms == 0)
    j.published_ms = 0;
  else
    j.published_ms = std::min(own.published_ms, view.published_ms);
  j.ready = own.ready && view.ready;
  if (own.ready && !view.ready) {
    j.not_ready_reason = "global view: " + view.not_ready_reason;
    j.not_ready_detail = view.not_ready_detail;
  } else if (j.ready && view.rows_shown_seq < own.rows_published_seq) {
    j.ready = false;
    j.not_ready_reason = std::string(kRowsNotYetShownReason);
  }
  j.events_folded += view.events_folded;
  j.events_rejected += view.events_rejected;
  j.duplicates += view.duplicates;
  j.id_conflicts += view.id_conflicts;
  j.deadletters_dropped += view.deadletters_dropped;
  j.copartition_conflicts += view.copartition_conflicts;
  for (size_t i = 0; i < j.folded_by_type.size(); ++i) j.folded_by_type[i] += view.folded_by_type[i];
  for (size_t i = 0; i < j.rejected_by_category.size(); ++i)
    j.rejected_by_category[i] += view.rejected_by_category[i];
  j.partitions.insert(j.partitions.end(), view.partitions.begin(), view.partitions.end());
  return j;
}

}  // namespace followup
