// A Kafka producer with delivery accounting: Flush() tells whether every
// message sent since the previous Flush() was acknowledged. Used for dead
// letters (whose delivery must be confirmed before the offset moves past the
// bad message), for `followup produce`, and for admin commands.
// Idempotent producer, acks=all. Thread-safe (librdkafka handles are).
#pragma once
#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "ingest/kafka_config.h"

namespace followup {

using KafkaHeaders = std::vector<std::pair<std::string, std::string>>;

class Producer {
 public:
  static Status Create(const KafkaSettings& settings, std::unique_ptr<Producer>* out);
  ~Producer();
  Status Send(const std::string& topic, std::string_view key, std::string_view value,
              const KafkaHeaders& headers = {}, int32_t partition = -1);
  // Sends one message and waits up to timeout_ms for it (and everything sent
  // before it); *offset gets its offset in its partition.
  Status SendAndWait(const std::string& topic, std::string_view key, std::string_view value, int timeout_ms,
                     int64_t* offset);
  // Waits up to timeout_ms for outstanding deliveries. OK only when every
  // message sent since the last Flush was delivered.
  Status Flush(int timeout_ms);
  // Asks the brokers for topic's partitions now, without waiting, and keeps
  // them known: the first Send to a topic otherwise waits for that metadata
  // round (0.4 s against the mock cluster). Not thread-safe with itself.
  void Prepare(const std::string& topic);

  // A value whose data() is null (a default std::string_view) is a
  // tombstone: a null value, which removes the key from a compacted topic.
  struct Message {
    std::string_view key, value;
    KafkaHeaders headers;
  };
  // Sends every message to topic and waits up to timeout_ms for all of them.
  // (*results)[i] is message i's outcome: NO_ERROR when Kafka acknowledged it,
  // else the error that refused it (locally, e.g. MSG_SIZE_TOO_LARGE from the
  // client's message.max.bytes, or by the broker) or __TIMED_OUT when no
  // delivery report came in time. Returns OK when every result is in.
  Status SendEach(const std::string& topic, const std::vector<Message>& messages, int timeout_ms,
                  std::vector<rd_kafka_resp_err_t>* results);
  // Sends every message and waits up to timeout_ms for all of them (and
  // everything sent before): one wait, however many messages. OK only when
  // every one was acknowledged; then (*offsets)[i] is message i's offset in
  // its partition.
  Status SendAllAndWait(const std::string& topic, const std::vector<Message>& messages, int timeout_ms,
                        std::vector<int64_t>* offsets);

 private:
  struct Delivery;
  Producer() = default;
  static void OnDelivery(rd_kafka_t*, const rd_kafka_message_t* msg, void* opaque);
  Status Produce(const std::string& topic, std::string_view key, std::string_view value,
                 const KafkaHeaders& headers, int32_t partition, void* msg_opaque);
  // Queues one message (waiting out a full queue); the error that kept it from
  // being queued, else NO_ERROR (then its delivery report will come).
  rd_kafka_resp_err_t Enqueue(const std::string& topic, std::string_view key, std::string_view value,
                              const KafkaHeaders& headers, int32_t partition, void* msg_opaque);
  // Queues each message with its own delivery report: pending[i], or null
  // with (*refused)[i] the error when message i was refused before it was
  // queued; after a refusal, the rest are not queued when stop_at_refusal.
  std::vector<Delivery*> QueueEach(const std::string& topic, const std::vector<Message>& messages,
                                   bool stop_at_refusal, std::vector<rd_kafka_resp_err_t>* refused);
  RdKafkaPtr rk_;
  std::vector<rd_kafka_topic_t*> prepared_;  // handles that keep their topics' metadata asked for
  std::atomic<int64_t> failed_{0};
  std::mutex mu_;
  std::string last_error_;
};

}  // namespace followup
