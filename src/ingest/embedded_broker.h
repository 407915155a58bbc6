// The embedded broker: librdkafka's mock cluster, which speaks the real Kafka
// protocol on loopback. It is a new, empty log every time it starts. Limits:
// about 5 MB retained per partition, no CreateTopics (topics are created here).
// Thread-safety: create and destroy on one thread; bootstraps() is const.
#pragma once
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <memory>
#include <string>

#include "common/status.h"
#include "ingest/kafka_config.h"
#include "ingest/topics.h"

namespace followup {

class EmbeddedBroker {
 public:
  // Starts a one-broker mock cluster with every followup topic created with
  // `partitions` partitions.
  static Status Start(const Topics& topics, int partitions, std::unique_ptr<EmbeddedBroker>* out);
  ~EmbeddedBroker();
  const std::string& bootstraps() const { return bootstraps_; }
  rd_kafka_mock_cluster_t* mock() { return mcluster_; }
  // A fresh identity: the embedded log exists only as long as this process.
  const std::string& identity() const { return identity_; }

 private:
  EmbeddedBroker() = default;
  RdKafkaPtr owner_;
  rd_kafka_mock_cluster_t* mcluster_ = nullptr;
  std::string bootstraps_;
  std::string identity_;
};

}  // namespace followup
