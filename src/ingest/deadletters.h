// Dead letters (events.md "Dead letters are never refused"): a rejected event
// goes to the dead-letter topic with its reason, its original topic, partition
// and offset, and its original bytes, before the offset that passes it is
// committed.
//
// What the dead-letter topic refuses is handled by kind of refusal:
// - too large for the topic (or the producer's message.max.bytes): sent again
//   with the first kTruncatedBytes bytes and a header `truncated` holding the
//   original size;
// - refused for good even so (size, format): passed over, counted in
//   `dropped` and logged with its topic, partition and offset; the event
//   itself stays in the log;
// - a refusal that may pass by waiting (topic unreachable, not authorised, not
//   existing, timed out): Deliver() fails, and the caller holds ingestion at
//   that batch, visibly, and retries.
// So a message of any size can never stop ingestion.
//
// Thread-safety: one caller at a time (the ingest thread).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "ingest/producer.h"

namespace followup {

inline constexpr size_t kTruncatedBytes = 64 * 1024;

struct DeadLetter {
  std::string value, key, reason, topic;
  int32_t partition = 0;
  int64_t offset = 0;
};

// Kafka errors that waiting does not cure: the message itself is refused.
bool PermanentRefusal(rd_kafka_resp_err_t err);

// The headers of a dead letter; truncated_from > 0 adds `truncated`.
KafkaHeaders DeadLetterHeaders(const DeadLetter& d, size_t truncated_from);

class DeadLetterSink {
 public:
  DeadLetterSink(Producer* producer, std::string topic) : producer_(producer), topic_(std::move(topic)) {}
  // Sends every letter. OK: each was delivered (in full or truncated) or
  // passed over for good; (*dropped)[i] says which were passed over.
  // Unavailable: a refusal that may pass; nothing may be committed past them.
  Status Deliver(const std::vector<DeadLetter>& letters, std::vector<bool>* dropped, int timeout_ms = 10000);

 private:
  Producer* producer_;
  std::string topic_;
};

}  // namespace followup
