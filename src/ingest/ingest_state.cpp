#include "ingest/ingest_state.h"

#include <chrono>

namespace followup {

int64_t SteadyNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch()).count();
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

}  // namespace followup
