// The producer against librdkafka's in-process mock cluster.
#include "ingest/producer.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "ingest/embedded_broker.h"
#include "ingest/topics.h"

namespace followup {
namespace {

class ProducerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(EmbeddedBroker::Start(topics_, 1, &broker_).ok());
    ASSERT_TRUE(
        Producer::Create(
            {{"bootstrap.servers", broker_->bootstraps()}, {"log_level", "0"}, {"message.max.bytes", "2000"}},
            &producer_)
            .ok());
  }
  Topics topics_{"producertest."};
  std::unique_ptr<EmbeddedBroker> broker_;
  std::unique_ptr<Producer> producer_;
};

// One wait for many messages, and each one's offset: the rebuilt partitions
// of a scale-out instance claim their epochs this way.
TEST_F(ProducerTest, SendAllAndWaitGivesEveryMessagesOffset) {
  std::vector<int64_t> first, second;
  ASSERT_TRUE(producer_
                  ->SendAllAndWait(topics_.aggregates(),
                                   {{"claim/0", std::string_view(""), {}},
                                    {"claim/1", std::string_view(""), {}},
                                    {"claim/2", std::string_view(""), {}}},
                                   10000, &first)
                  .ok());
  ASSERT_TRUE(
      producer_
          ->SendAllAndWait(topics_.aggregates(),
                           {{"claim/3", std::string_view(""), {}}, {"claim/4", std::string_view(""), {}}},
                           10000, &second)
          .ok());
  int64_t single = -1;
  ASSERT_TRUE(producer_->SendAndWait(topics_.aggregates(), "claim/5", "", 10000, &single).ok());
  EXPECT_EQ(first, (std::vector<int64_t>{0, 1, 2}));  // one partition: offsets in the order sent
  EXPECT_EQ(second, (std::vector<int64_t>{3, 4}));
  EXPECT_EQ(single, 5);
}

// Prepare only asks early: a prepared topic (twice, and one that does not
// exist) changes nothing about what is sent and acknowledged.
TEST_F(ProducerTest, PreparedTopicsSendAsBefore) {
  producer_->Prepare(topics_.aggregates());
  producer_->Prepare(topics_.aggregates());
  producer_->Prepare("producertest.no-such-topic");
  std::vector<int64_t> offsets;
  ASSERT_TRUE(
      producer_
          ->SendAllAndWait(topics_.aggregates(),
                           {{"claim/0", std::string_view(""), {}}, {"claim/1", std::string_view(""), {}}},
                           10000, &offsets)
          .ok());
  EXPECT_EQ(offsets, (std::vector<int64_t>{0, 1}));
}

TEST_F(ProducerTest, SendAllAndWaitOfNothingIsOk) {
  std::vector<int64_t> offsets{7};
  EXPECT_TRUE(producer_->SendAllAndWait(topics_.aggregates(), {}, 10000, &offsets).ok());
  EXPECT_TRUE(offsets.empty());
}

// A message the client refuses (larger than message.max.bytes) fails the
// whole call, and no offsets are given.
TEST_F(ProducerTest, SendAllAndWaitFailsWhenOneMessageIsRefused) {
  const std::string big(5000, 'x');
  std::vector<int64_t> offsets;
  Status s = producer_->SendAllAndWait(
      topics_.aggregates(), {{"claim/0", std::string_view(""), {}}, {"claim/1", big, {}}}, 10000, &offsets);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("produce to producertest.aggregates"), std::string::npos) << s.message();
  EXPECT_TRUE(offsets.empty());
}

}  // namespace
}  // namespace followup
