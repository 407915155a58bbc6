// TopicMaxBytesQuery against librdkafka's mock cluster, which has no
// DescribeConfigs: the question never holds up its asker, and it ends at its
// timeout with NotFound (the caller then keeps librdkafka's default limit).
#include "ingest/kafka_config.h"

#include <gtest/gtest.h>

#include <chrono>

#include "ingest/embedded_broker.h"

namespace followup {
namespace {

TEST(TopicMaxBytesQuery, IsPendingAtOnceAndEndsAtItsTimeoutWithoutAnAnswer) {
  Topics topics("kafkaconfigtest.");
  std::unique_ptr<EmbeddedBroker> broker;
  ASSERT_TRUE(EmbeddedBroker::Start(topics, 1, &broker).ok());
  rd_kafka_conf_t* conf = nullptr;
  ASSERT_TRUE(MakeKafkaConf({{"bootstrap.servers", broker->bootstraps()}, {"log_level", "0"}}, &conf).ok());
  RdKafkaPtr rk;
  ASSERT_TRUE(MakeKafkaClient(RD_KAFKA_PRODUCER, conf, &rk).ok());
  const auto asked = std::chrono::steady_clock::now();
  TopicMaxBytesQuery query(rk.get(), topics.deadletter(), 300);
  Status status;
  int64_t limit = -1;
  EXPECT_FALSE(query.Result(0, &status, &limit));
  EXPECT_LT(std::chrono::steady_clock::now() - asked, std::chrono::milliseconds(200));
  bool done = false;
  for (int i = 0; i < 100 && !done; ++i) done = query.Result(100, &status, &limit);
  EXPECT_TRUE(done);
  EXPECT_EQ(status.code(), Status::Code::kNotFound);
  EXPECT_NE(status.message().find(topics.deadletter()), std::string::npos) << status.message();
  EXPECT_TRUE(query.Result(0, &status, &limit));  // stays answered
}

}  // namespace
}  // namespace followup
