#include "ingest/kafka_config.h"

namespace followup {

Status MakeKafkaConf(const KafkaSettings& settings, rd_kafka_conf_t** out) {
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  char err[512];
  for (const auto& [k, v] : settings) {
    if (rd_kafka_conf_set(conf, k.c_str(), v.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK) {
      rd_kafka_conf_destroy(conf);
      *out = nullptr;
      return Status::Invalid("Kafka setting " + k + ": " + err);
    }
  }
  *out = conf;
  return Status::Ok();
}

KafkaSettings ProducerSettings(const KafkaSettings& settings) {
  static const char* kConsumerOnly[] = {"group.id", "group.instance.id", "session.timeout.ms",
                                        "heartbeat.interval.ms", "max.poll.interval.ms", "auto.offset.reset",
                                        "enable.auto.commit", "enable.auto.offset.store", "auto.commit.interval.ms",
                                        "partition.assignment.strategy", "fetch.wait.max.ms", "fetch.min.bytes",
                                        "fetch.max.bytes", "max.partition.fetch.bytes", "enable.partition.eof",
                                        "queued.min.messages", "queued.max.messages.kbytes", "isolation.level"};
  KafkaSettings out = settings;
  for (const char* k : kConsumerOnly) out.erase(k);
  return out;
}

Status MakeKafkaClient(rd_kafka_type_t type, rd_kafka_conf_t* conf, RdKafkaPtr* out) {
  char err[512];
  rd_kafka_t* rk = rd_kafka_new(type, conf, err, sizeof err);
  if (!rk) {
    rd_kafka_conf_destroy(conf);
    return Status::Invalid(std::string("Kafka client: ") + err);
  }
  out->reset(rk);
  return Status::Ok();
}

}  // namespace followup
