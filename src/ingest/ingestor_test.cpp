// The ingest loop against librdkafka's in-process mock cluster and a real
// store: what it does with a damaged stored offset (never guessed, never an
// abort: the partition is not consumed and the reason is shown).
#include "ingest/ingestor.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

#include "ingest/embedded_broker.h"
#include "ingest/producer.h"
#include "projections/keys.h"
#include "store/meta.h"
#include "store/store.h"

namespace followup {
namespace {

TEST(Ingestor, ADamagedStoredOffsetIsANotReadyReasonNotAnAbort) {
  const std::string dir = ::testing::TempDir() + "followup-ingestor-test-" + std::to_string(::getpid());
  std::filesystem::remove_all(dir);
  Topics topics("ingestortest.");
  std::unique_ptr<EmbeddedBroker> broker;
  ASSERT_TRUE(EmbeddedBroker::Start(topics, 1, &broker).ok());
  std::unique_ptr<Store> store;
  ASSERT_TRUE(Store::Open(dir, Store::Mode::kReadWrite, &store).ok());
  ASSERT_TRUE(PutMeta(store.get(), "log_identity", broker->identity()).ok());
  std::unique_ptr<KvBatch> batch = store->NewBatch();
  batch->Put(keys::Offset(topics.probes(), 0), "12abc");
  ASSERT_TRUE(store->Write(batch.get(), true).ok());

  IngestOptions options;
  options.kafka = {{"bootstrap.servers", broker->bootstraps()}, {"log_level", "0"}};
  options.topics = topics;
  options.log_identity = broker->identity();
  options.group_id = "ingestortest";
  IngestStateBoard board;
  Ingestor ingestor(store.get(), options, &board);
  ASSERT_TRUE(ingestor.Start().ok());
  std::string reason;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    reason = board.Get()->not_ready_reason;
    if (reason.find("damaged") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  auto snap = board.Get();
  ingestor.Stop();
  EXPECT_FALSE(snap->ready);
  EXPECT_NE(reason.find("the stored offset of " + topics.probes() + "/0 is damaged"), std::string::npos)
      << reason;
  EXPECT_NE(reason.find("followup replay"), std::string::npos) << reason;
  store.reset();
  std::filesystem::remove_all(dir);
}

// Ready means the read side shows the caught-up state (IngestStateBoard::
// RequireServed): the loop reaches ready at the generation of its last
// commit, and the board reports not ready until the reader has published
// from that generation.
TEST(Ingestor, ReadyWaitsUntilTheReadSideShowsTheCaughtUpGeneration) {
  const std::string dir = ::testing::TempDir() + "followup-ingestor-served-" + std::to_string(::getpid());
  std::filesystem::remove_all(dir);
  Topics topics("ingestorserved.");
  std::unique_ptr<EmbeddedBroker> broker;
  ASSERT_TRUE(EmbeddedBroker::Start(topics, 1, &broker).ok());
  std::unique_ptr<Producer> producer;
  ASSERT_TRUE(
      Producer::Create({{"bootstrap.servers", broker->bootstraps()}, {"log_level", "0"}}, &producer).ok());
  for (int i = 0; i < 3; ++i) {
    std::string probe = R"({"type":"probe.v1","event_id":"p-)" + std::to_string(i) +
                        R"(","occurred_at":"2026-11-01T00:0)" + std::to_string(i) +
                        R"(:00Z","service_id":"a","location":"kista","ok":true,"latency_ms":100})";
    ASSERT_TRUE(producer->Send(topics.probes(), "a", probe).ok());
  }
  ASSERT_TRUE(producer->Flush(10000).ok());
  std::unique_ptr<Store> store;
  ASSERT_TRUE(Store::Open(dir, Store::Mode::kReadWrite, &store).ok());

  IngestOptions options;
  options.kafka = {{"bootstrap.servers", broker->bootstraps()}, {"log_level", "0"}};
  options.topics = topics;
  options.log_identity = broker->identity();
  options.group_id = "ingestorserved";
  std::atomic<int64_t> last_commit{0};
  options.on_commit = [&last_commit](int64_t generation) { last_commit = generation; };
  std::atomic<int64_t> served{-1};
  IngestStateBoard board;
  board.RequireServed([&served] { return served.load(); });
  Ingestor ingestor(store.get(), options, &board);
  ASSERT_TRUE(ingestor.Start().ok());
  std::shared_ptr<const IngestSnapshot> snap = board.Get();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (snap->ready_generation < 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    snap = board.Get();
  }
  const int64_t caught_up = snap->ready_generation;
  const bool ready_before = snap->ready;
  const std::string reason_before = snap->not_ready_reason;
  served = caught_up - 1;
  const bool ready_one_behind = board.Get()->ready;
  served = caught_up;
  const bool ready_after = board.Get()->ready;
  ingestor.Stop();
  EXPECT_GE(caught_up, 1);  // the three probes were committed before it was ready
  EXPECT_EQ(caught_up, last_commit.load());
  EXPECT_EQ(snap->events_folded, 3);
  EXPECT_FALSE(ready_before);
  EXPECT_EQ(reason_before, kNotYetServedReason);
  EXPECT_FALSE(ready_one_behind);
  EXPECT_TRUE(ready_after);
  store.reset();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace followup
