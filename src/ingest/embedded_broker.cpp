#include "ingest/embedded_broker.h"

#include <random>

namespace followup {

Status EmbeddedBroker::Start(const Topics& topics, int partitions, std::unique_ptr<EmbeddedBroker>* out) {
  std::unique_ptr<EmbeddedBroker> b(new EmbeddedBroker());
  rd_kafka_conf_t* conf = nullptr;
  Status s = MakeKafkaConf({{"log_level", "3"}}, &conf);
  if (!s.ok()) return s;
  s = MakeKafkaClient(RD_KAFKA_PRODUCER, conf, &b->owner_);
  if (!s.ok()) return s;
  b->mcluster_ = rd_kafka_mock_cluster_new(b->owner_.get(), 1);
  if (!b->mcluster_) return Status::Unavailable("cannot start the embedded Kafka mock cluster");
  std::vector<std::string> all = topics.inputs();
  all.push_back(topics.deadletter());
  all.push_back(topics.aggregates());
  for (const auto& t : all) {
    rd_kafka_resp_err_t err = rd_kafka_mock_topic_create(b->mcluster_, t.c_str(), partitions, 1);
    if (err) return Status::Unavailable("cannot create topic " + t + ": " + rd_kafka_err2str(err));
  }
  // One partition each: read whole (the mock cluster does not compact).
  for (const auto& t : topics.notify()) {
    rd_kafka_resp_err_t err = rd_kafka_mock_topic_create(b->mcluster_, t.c_str(), 1, 1);
    if (err) return Status::Unavailable("cannot create topic " + t + ": " + rd_kafka_err2str(err));
  }
  b->bootstraps_ = rd_kafka_mock_cluster_bootstraps(b->mcluster_);
  std::random_device rd;
  b->identity_ = "embedded-" + std::to_string(rd()) + std::to_string(rd());
  *out = std::move(b);
  return Status::Ok();
}

EmbeddedBroker::~EmbeddedBroker() {
  if (mcluster_) rd_kafka_mock_cluster_destroy(mcluster_);
}

}  // namespace followup
