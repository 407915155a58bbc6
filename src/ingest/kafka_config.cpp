#include "ingest/kafka_config.h"

#include <algorithm>
#include <cstdlib>
#include <string_view>

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
  static const char* kConsumerOnly[] = {"group.id",
                                        "group.instance.id",
                                        "session.timeout.ms",
                                        "heartbeat.interval.ms",
                                        "max.poll.interval.ms",
                                        "auto.offset.reset",
                                        "enable.auto.commit",
                                        "enable.auto.offset.store",
                                        "auto.commit.interval.ms",
                                        "partition.assignment.strategy",
                                        "fetch.wait.max.ms",
                                        "fetch.min.bytes",
                                        "fetch.max.bytes",
                                        "max.partition.fetch.bytes",
                                        "enable.partition.eof",
                                        "queued.min.messages",
                                        "queued.max.messages.kbytes",
                                        "isolation.level"};
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

TopicMaxBytesQuery::TopicMaxBytesQuery(rd_kafka_t* rk, const std::string& topic, int timeout_ms)
    : queue_(rd_kafka_queue_new(rk)),
      deadline_(std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms + 1000)),
      status_(Status::NotFound("the brokers did not report max.message.bytes of " + topic)) {
  rd_kafka_ConfigResource_t* res = rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, topic.c_str());
  rd_kafka_AdminOptions_t* opts = rd_kafka_AdminOptions_new(rk, RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS);
  char errstr[256];
  rd_kafka_AdminOptions_set_request_timeout(opts, timeout_ms, errstr, sizeof errstr);
  rd_kafka_DescribeConfigs(rk, &res, 1, opts, queue_);
  rd_kafka_AdminOptions_destroy(opts);
  rd_kafka_ConfigResource_destroy(res);
}

TopicMaxBytesQuery::~TopicMaxBytesQuery() { rd_kafka_queue_destroy(queue_); }

bool TopicMaxBytesQuery::Result(int wait_ms, Status* status, int64_t* out) {
  if (!done_) {
    const int64_t left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - std::chrono::steady_clock::now())
            .count();
    rd_kafka_event_t* ev =
        rd_kafka_queue_poll(queue_, int(std::max<int64_t>(0, std::min<int64_t>(wait_ms, left))));
    if (ev && !rd_kafka_event_error(ev)) {
      const rd_kafka_DescribeConfigs_result_t* r = rd_kafka_event_DescribeConfigs_result(ev);
      size_t n = 0;
      const rd_kafka_ConfigResource_t** rs = r ? rd_kafka_DescribeConfigs_result_resources(r, &n) : nullptr;
      for (size_t i = 0; i < n && rs; ++i) {
        if (rd_kafka_ConfigResource_error(rs[i])) continue;
        size_t m = 0;
        const rd_kafka_ConfigEntry_t** entries = rd_kafka_ConfigResource_configs(rs[i], &m);
        for (size_t j = 0; j < m; ++j) {
          const char* name = rd_kafka_ConfigEntry_name(entries[j]);
          const char* value = rd_kafka_ConfigEntry_value(entries[j]);
          if (!name || !value || std::string_view(name) != "max.message.bytes") continue;
          char* end = nullptr;
          long long v = std::strtoll(value, &end, 10);
          if (end && *end == '\0' && v > 0) {
            value_ = v;
            status_ = Status::Ok();
          }
        }
      }
    }
    if (ev) rd_kafka_event_destroy(ev);
    done_ = ev != nullptr || std::chrono::steady_clock::now() >= deadline_;
  }
  if (!done_) return false;
  *status = status_;
  *out = value_;
  return true;
}

}  // namespace followup
