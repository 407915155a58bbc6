// The ingest loop against librdkafka's in-process mock cluster and a real
// store: what it does with a damaged stored offset (never guessed, never an
// abort: the partition is not consumed and the reason is shown).
#include "ingest/ingestor.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "ingest/embedded_broker.h"
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
  EXPECT_NE(reason.find("the stored offset of " + topics.probes() + "/0 is damaged"), std::string::npos) << reason;
  EXPECT_NE(reason.find("followup replay"), std::string::npos) << reason;
  store.reset();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace followup
