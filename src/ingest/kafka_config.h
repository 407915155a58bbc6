// librdkafka configuration: the caller's pass-through settings (security.protocol,
// sasl.*, ssl.* ... from the config file) applied verbatim, each one checked by
// librdkafka itself so that a misconfiguration fails at start with its message.
#pragma once
#include <librdkafka/rdkafka.h>

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

// The largest message the brokers accept on topic (its max.message.bytes, as
// DescribeConfigs reports it). NotFound when the brokers do not say (e.g. the
// embedded mock cluster, which has no DescribeConfigs).
Status TopicMaxMessageBytes(rd_kafka_t* rk, const std::string& topic, int timeout_ms, int64_t* out);

}  // namespace followup
