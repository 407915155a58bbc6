// librdkafka configuration: the caller's pass-through settings (security.protocol,
// sasl.*, ssl.* ... from the config file) applied verbatim, each one checked by
// librdkafka itself so that a misconfiguration fails at start with its message.
#pragma once
#include <librdkafka/rdkafka.h>

#include <chrono>
#include <map>
#include <memory>
#include <string>

#include "common/status.h"

namespace followup {

using KafkaSettings = std::map<std::string, std::string>;

struct RdKafkaDeleter {
  void operator()(rd_kafka_t* rk) const {
    if (rk) rd_kafka_destroy(rk);
  }
};
using RdKafkaPtr = std::unique_ptr<rd_kafka_t, RdKafkaDeleter>;

// The pass-through settings without the consumer-only ones, for producers
// (librdkafka warns about properties that do not apply to the client type).
KafkaSettings ProducerSettings(const KafkaSettings& settings);

// Builds a conf from settings; on error *conf is null and the Status names the key.
Status MakeKafkaConf(const KafkaSettings& settings, rd_kafka_conf_t** conf);
// Creates a client handle (type RD_KAFKA_PRODUCER or RD_KAFKA_CONSUMER). Takes
// ownership of conf in all cases.
Status MakeKafkaClient(rd_kafka_type_t type, rd_kafka_conf_t* conf, RdKafkaPtr* out);

// The largest message the brokers accept on a topic (its max.message.bytes,
// as DescribeConfigs reports it), asked without waiting: the request is sent
// by the constructor and its answer collected by Result. The embedded mock
// cluster has no DescribeConfigs: it never answers, and the query ends at its
// timeout with NotFound, so nobody should wait for it at start.
//
// Thread-safety: one thread at a time. Must be destroyed before rk.
class TopicMaxBytesQuery {
 public:
  TopicMaxBytesQuery(rd_kafka_t* rk, const std::string& topic, int timeout_ms);
  ~TopicMaxBytesQuery();
  TopicMaxBytesQuery(const TopicMaxBytesQuery&) = delete;
  TopicMaxBytesQuery& operator=(const TopicMaxBytesQuery&) = delete;

  // Waits up to wait_ms (0: only looks) for the answer. False while it is
  // pending; then true, with *status Ok and *out the limit, or NotFound when
  // the brokers did not say within the timeout. Once true, stays true.
  bool Result(int wait_ms, Status* status, int64_t* out);

 private:
  rd_kafka_queue_t* queue_ = nullptr;
  std::chrono::steady_clock::time_point deadline_;
  bool done_ = false;
  Status status_;
  int64_t value_ = 0;
};

}  // namespace followup
