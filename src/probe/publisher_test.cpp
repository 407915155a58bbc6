// The publisher against librdkafka's in-process mock cluster, whose broker can
// be taken down and brought back (the `followup broker` process cannot do that
// without losing its log): results are delivered; while the broker is down
// they wait, the buffer bound drops the oldest waiting ones, and after the
// broker is back everything kept is delivered exactly once.
#include "probe/publisher.h"

#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <thread>

#include "ingest/embedded_broker.h"
#include "ingest/topics.h"

namespace followup::probe {
namespace {

PendingResult R(int i) {
  PendingResult r;
  r.key = "svc";
  r.event_id = "kista:svc:" + std::to_string(i);
  r.value = "{\"n\":" + std::to_string(i) + "}";
  r.scheduled = i;
  return r;
}

template <class Pred>
bool PumpUntil(Publisher* p, Pred pred, int timeout_ms) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    p->Pump();
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return pred();
}

TEST(Publisher, WindowIsSmallAgainstTheBound) {
  EXPECT_EQ(Publisher::WindowFor(100'000), 1'000u);
  EXPECT_EQ(Publisher::WindowFor(5'000), 500u);
  EXPECT_EQ(Publisher::WindowFor(50), 5u);
  EXPECT_EQ(Publisher::WindowFor(3), 1u);
}

TEST(Publisher, BuffersWhileTheBrokerIsDownAndDropsTheOldest) {
  Topics topics("probetest.");
  std::unique_ptr<EmbeddedBroker> broker;
  ASSERT_TRUE(EmbeddedBroker::Start(topics, 3, &broker).ok());
  // probes is one of the input topics the embedded broker creates.
  ProbeMetrics metrics;
  const size_t limit = 50;
  ResultBuffer buffer(limit);
  std::unique_ptr<Publisher> pub;
  Status s = Publisher::Create(
      {{"bootstrap.servers", broker->bootstraps()}, {"log_level", "0"}, {"reconnect.backoff.max.ms", "200"}},
      topics.probes(), &buffer, &metrics, &pub, Publisher::WindowFor(limit));
  ASSERT_TRUE(s.ok()) << s.message();
  std::multiset<std::string> delivered;
  pub->set_on_delivered([&](const PendingResult& r) { delivered.insert(r.event_id); });

  // Broker up: everything is acknowledged.
  for (int i = 0; i < 20; ++i) buffer.Push(R(i));
  ASSERT_TRUE(PumpUntil(
      pub.get(), [&] { return delivered.size() == 20; }, 20'000))
      << delivered.size();
  EXPECT_EQ(buffer.depth(), 0u);

  // Broker down: 200 more results. The window (5) goes to librdkafka and waits
  // there; the buffer keeps the newest 45; the 150 in between are dropped.
  ASSERT_EQ(rd_kafka_mock_broker_set_down(broker->mock(), 1), RD_KAFKA_RESP_ERR_NO_ERROR);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  for (int i = 100; i < 300; ++i) {
    buffer.Push(R(i));
    pub->Pump();
  }
  EXPECT_EQ(pub->in_flight(), 5u);
  EXPECT_EQ(buffer.waiting(), 45u);
  EXPECT_EQ(buffer.depth(), limit);
  EXPECT_EQ(buffer.dropped_total(), 150u);
  EXPECT_EQ(buffer.front().scheduled, 255);
  EXPECT_EQ(buffer.back().scheduled, 299);
  EXPECT_EQ(delivered.size(), 20u);

  // Back up: the kept 50 are delivered, each once.
  ASSERT_EQ(rd_kafka_mock_broker_set_up(broker->mock(), 1), RD_KAFKA_RESP_ERR_NO_ERROR);
  ASSERT_TRUE(PumpUntil(
      pub.get(), [&] { return buffer.depth() == 0; }, 30'000))
      << "depth " << buffer.depth() << ", delivered " << delivered.size();
  EXPECT_EQ(delivered.size(), 70u);
  for (int i = 100; i < 105; ++i) EXPECT_EQ(delivered.count("kista:svc:" + std::to_string(i)), 1u) << i;
  for (int i = 105; i < 255; ++i) EXPECT_EQ(delivered.count("kista:svc:" + std::to_string(i)), 0u) << i;
  for (int i = 255; i < 300; ++i) EXPECT_EQ(delivered.count("kista:svc:" + std::to_string(i)), 1u) << i;
  EXPECT_TRUE(pub->Drain(1000));
}

}  // namespace
}  // namespace followup::probe
