// What an owner publishes to the aggregates topic, read back from librdkafka's
// mock cluster as a compacted topic would keep it (the last value of each key).
#include "ingest/row_publisher.h"

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/bytes.h"
#include "common/time.h"
#include "ingest/consumer.h"
#include "ingest/embedded_broker.h"
#include "ingest/topics.h"
#include "projections/keys.h"
#include "projections/records.h"

namespace followup {
namespace {

constexpr MinuteIdx kNow = 29'000'000;  // a minute of 2025
constexpr MinuteIdx kOld = kNow - 10 * kMinuteSlots;
const std::string kService = "bygglov";

std::string Probes(uint64_t passed, uint64_t failed = 0) {
  MinuteState m;
  m.locations.push_back({"kista", passed, failed, ExactSum(passed) * 100000});
  return m.Encode();
}

std::string Hour(int64_t probes) {
  DayCounts c;
  c.minutes_up = probes;
  c.probes = probes;
  return c.Encode();
}

// Hours of 9 February 2025 (winter time): 23:00 UTC lies between the Stockholm
// midnight and the UTC one, 22:00 does not. Neither is on the window's day.
const int64_t kBoundaryHour = *ParseRfc3339("2025-02-09T23:00:00Z") / 3600000;
const int64_t kPlainHour = kBoundaryHour - 1;

std::string SlotValue(MinuteIdx m, const std::string& state) {
  std::string v;
  AppendSortable64(&v, m);
  return v + state;
}

// The minute a ring row of the compacted topic carries.
MinuteIdx MinuteIn(const std::string& slot_value) { return ReadSortable64(slot_value.substr(0, 8)); }

class RowPublisherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(EmbeddedBroker::Start(topics_, 1, &broker_).ok());
    settings_ = {{"bootstrap.servers", broker_->bootstraps()}, {"log_level", "0"}};
    ASSERT_TRUE(Producer::Create(settings_, &producer_).ok());
    windows_ = std::make_shared<MaintenanceWindows>();
    (*windows_)[kService] = {{kOld, kOld + 5}};
    publisher_ = std::make_unique<RowPublisher>(producer_.get(), topics_.aggregates(), [this] {
      return known_ ? std::make_shared<const MaintenanceWindows>(*windows_) : nullptr;
    });
    // The last 11 minutes; a minute one ring (48 h) before the newest, whose
    // slot the newest holds; the 5 minutes of an old maintenance window; an
    // old minute outside it; and an hour and a day row.
    for (MinuteIdx m = kNow - 10; m <= kNow; ++m) store_.Put(keys::Minute(kService, m), Probes(3));
    store_.Put(keys::Minute(kService, kNow - kMinuteSlots), Probes(2, 1));
    for (MinuteIdx m = kOld; m < kOld + 5; ++m) store_.Put(keys::Minute(kService, m), Probes(1, 2));
    store_.Put(keys::Minute(kService, kOld + 100), Probes(3));
    store_.Put(keys::Hour(kService, kOld / 60), Hour(3));  // on the window's day
    store_.Put(keys::Hour(kService, kBoundaryHour), Hour(3));
    store_.Put(keys::Hour(kService, kPlainHour), Hour(3));
    store_.Put(keys::Day(kService, kOld / 1440), DayCounts{}.Encode());
    Shard& sh = shards_.Adopt(7, &store_);
    sh.serving = false;
  }

  // Every message of the aggregates topic from offset `from`, in order.
  std::vector<std::pair<std::string, std::string>> Messages(int64_t from = 0) {
    int64_t end = 0;
    std::unique_ptr<Consumer> c = Reader(&end);
    EXPECT_TRUE(c->Assign({{{topics_.aggregates(), 0}, from}}, false).ok());
    std::vector<std::pair<std::string, std::string>> out;
    for (int i = 0; i < 200 && from + int64_t(out.size()) < end; ++i)
      c->Poll(100,
              [&](const InputMessage& m) { out.emplace_back(std::string(m.key), std::string(m.value)); });
    EXPECT_EQ(from + int64_t(out.size()), end);
    return out;
  }
  // What compaction keeps of them.
  std::map<std::string, std::string> Compacted() {
    std::map<std::string, std::string> out;
    for (auto& [k, v] : Messages())
      if (k.rfind("claim/", 0) != 0) out[k] = v;
    return out;
  }
  size_t Family(const std::map<std::string, std::string>& rows, std::string_view prefix) {
    size_t n = 0;
    for (const auto& [k, v] : rows) n += k.rfind(prefix, 0) == 0 ? 1 : 0;
    return n;
  }
  // A consumer of the topic, and where the topic ends.
  std::unique_ptr<Consumer> Reader(int64_t* end) {
    std::unique_ptr<Consumer> c;
    auto ignore = [](bool, const std::vector<TopicPartition>&) {};
    EXPECT_TRUE(Consumer::Create(settings_, "rowpubtest-reader", false, ignore, &c).ok());
    int64_t start = 0;
    EXPECT_TRUE(c->QueryWatermarks({topics_.aggregates(), 0}, 5000, &start, end).ok());
    return c;
  }
  int64_t End() {
    int64_t end = 0;
    Reader(&end);
    return end;
  }
  Status Rebuilt() { return publisher_->PublishRebuilt(&shards_, partitions_); }

  Topics topics_{"rowpubtest."};
  std::unique_ptr<EmbeddedBroker> broker_;
  KafkaSettings settings_;
  std::unique_ptr<Producer> producer_;
  std::shared_ptr<MaintenanceWindows> windows_;
  bool known_ = true;
  std::unique_ptr<RowPublisher> publisher_;
  MemKv store_;
  ShardSet shards_{FoldOptions{}};
  PartitionMap partitions_;
};

TEST(RowPublisherRows, SlotRowBecomesTheMinuteRowItCarries) {
  const MinuteIdx m = kNow + 3;
  std::string key, value;
  ASSERT_TRUE(ViewRow(keys::MinuteSlot(kService, m % kMinuteSlots), SlotValue(m, Probes(3)), &key, &value));
  EXPECT_EQ(key, keys::Minute(kService, m));
  EXPECT_EQ(value, Probes(3));
}

TEST(RowPublisherRows, SlotRowWhoseMinuteIsOfAnotherSlotIsMalformed) {
  std::string key, value;
  EXPECT_FALSE(ViewRow(keys::MinuteSlot(kService, 5), SlotValue(kNow, Probes(3)), &key, &value));
  EXPECT_FALSE(ValidRow(keys::MinuteSlot(kService, 5), SlotValue(kNow, Probes(3))));
  EXPECT_FALSE(ValidRow(keys::MinuteSlot(kService, 5), "abc"));
}

TEST(RowPublisherRows, OtherRowsStayAsTheyAre) {
  std::string key, value;
  ASSERT_TRUE(ViewRow(keys::Minute(kService, kNow), Probes(1), &key, &value));
  EXPECT_EQ(key, keys::Minute(kService, kNow));
  EXPECT_EQ(value, Probes(1));
}

TEST(RowPublisherRows, SlotRowsAreValidRowsOfTheirService) {
  const MinuteIdx m = kNow;
  std::string service;
  EXPECT_TRUE(ValidRow(keys::MinuteSlot(kService, m % kMinuteSlots), SlotValue(m, Probes(3))));
  ASSERT_TRUE(keys::RowService(keys::MinuteSlot(kService, 17), &service));
  EXPECT_EQ(service, kService);
}

// A minute's counts only grow: the copy with more probes is the later one.
TEST(RowPublisherRows, MinuteRowWithMoreProbesReplacesTheHeldOne) {
  const std::string k = keys::Minute(kService, kNow);
  EXPECT_TRUE(RowReplaces(k, Probes(2), Probes(2, 1)));
  EXPECT_FALSE(RowReplaces(k, Probes(2, 1), Probes(2)));
  EXPECT_FALSE(RowReplaces(k, Probes(3), Probes(3)));
  EXPECT_TRUE(RowReplaces(k, "", Probes(1)));
  EXPECT_TRUE(ComparesCopies(k));
}

TEST(RowPublisherRows, HourRowWithMoreProbesReplacesTheHeldOne) {
  const std::string k = keys::Hour(kService, kNow / 60);
  EXPECT_TRUE(RowReplaces(k, Hour(5), Hour(6)));
  EXPECT_FALSE(RowReplaces(k, Hour(6), Hour(5)));
  EXPECT_TRUE(ComparesCopies(k));
}

TEST(RowPublisherRows, OtherRowsAlwaysReplace) {
  const std::string k = keys::Day(kService, kNow / 1440);
  EXPECT_FALSE(ComparesCopies(k));
  EXPECT_TRUE(RowReplaces(k, Hour(6), Hour(5)));
}

TEST(RowPublisherRows, HourSlotRowBecomesTheHourRowItCarries) {
  std::string key, value;
  ASSERT_TRUE(ViewRow(keys::HourSlot(kService, kBoundaryHour % kHourSlots), SlotValue(kBoundaryHour, Hour(4)),
                      &key, &value));
  EXPECT_EQ(key, keys::Hour(kService, kBoundaryHour));
  EXPECT_EQ(value, Hour(4));
  EXPECT_TRUE(
      ValidRow(keys::HourSlot(kService, kBoundaryHour % kHourSlots), SlotValue(kBoundaryHour, Hour(4))));
}

TEST_F(RowPublisherTest, RebuiltShardPublishesTheRingAndTheWindowsMinutesNotEveryMinute) {
  ASSERT_TRUE(Rebuilt().ok());
  EXPECT_TRUE(shards_.at(7).serving);
  auto rows = Compacted();
  // The ring: the 11 recent minutes, 4 window minutes (the 5th, kOld, shares
  // the slot of kNow, the newer), and the old minute outside the window, which
  // is still the newest of its slot.
  EXPECT_EQ(Family(rows, keys::kMinuteSlotPrefix), 11u + 4u + 1u);
  EXPECT_EQ(MinuteIn(rows.at(keys::MinuteSlot(kService, kNow % kMinuteSlots))), kNow);
  EXPECT_EQ(rows.at(keys::MinuteSlot(kService, kNow % kMinuteSlots)).substr(8), Probes(3));
  EXPECT_EQ(MinuteIn(rows.at(keys::MinuteSlot(kService, (kOld + 1) % kMinuteSlots))), kOld + 1);
  EXPECT_EQ(MinuteIn(rows.at(keys::MinuteSlot(kService, (kOld + 100) % kMinuteSlots))), kOld + 100);
  // Under their own keys: only the window's 5 minutes.
  EXPECT_EQ(Family(rows, keys::kMinutePrefix), 5u);
  EXPECT_EQ(rows.at(keys::Minute(kService, kOld)), Probes(1, 2));
  EXPECT_EQ(rows.count(keys::Minute(kService, kOld + 100)), 0u);
  EXPECT_EQ(rows.count(keys::Minute(kService, kNow)), 0u);
  // Hours: all three in the ring; under their own keys the one on the
  // window's day and the one between the midnights. Days whole.
  EXPECT_EQ(Family(rows, keys::kHourSlotPrefix), 3u);
  EXPECT_EQ(Family(rows, keys::kHourPrefix), 2u);
  EXPECT_EQ(rows.count(keys::Hour(kService, kOld / 60)), 1u);
  EXPECT_EQ(rows.count(keys::Hour(kService, kBoundaryHour)), 1u);
  EXPECT_EQ(rows.at(keys::HourSlot(kService, kPlainHour % kHourSlots)), SlotValue(kPlainHour, Hour(3)));
  EXPECT_EQ(Family(rows, keys::kDayPrefix), 1u);
}

TEST_F(RowPublisherTest, NoShardServesWhileTheWindowsAreNotKnown) {
  known_ = false;
  ASSERT_TRUE(Rebuilt().ok());
  EXPECT_FALSE(shards_.at(7).serving);
  EXPECT_EQ(End(), 0);
  known_ = true;
  ASSERT_TRUE(Rebuilt().ok());
  EXPECT_TRUE(shards_.at(7).serving);
}

TEST_F(RowPublisherTest, ChangedMinutesGoToTheRingOnlyWhenNewestOfTheirSlot) {
  ASSERT_TRUE(Rebuilt().ok());
  const int64_t before = End();
  ShardRows change{&shards_.at(7),
                   {{keys::Minute(kService, kNow - kMinuteSlots), Probes(3, 1)},  // late, its slot holds kNow
                    {keys::Minute(kService, kNow + 1), Probes(1)},                // new: replaces kOld + 1
                    {keys::Minute(kService, kOld + 2), Probes(2, 2)},             // late, in the window
                    {keys::Minute(kService, kOld + 100), Probes(4)}}};            // late, newest of its slot
  ASSERT_TRUE(publisher_->PublishChanges({change}).ok());
  std::map<std::string, std::string> sent;
  for (auto& [k, v] : Messages(before)) sent[k] = v;
  EXPECT_EQ(sent.size(), 4u);
  EXPECT_EQ(sent.count(keys::Minute(kService, kNow - kMinuteSlots)), 0u);
  EXPECT_EQ(sent.count(keys::MinuteSlot(kService, kNow % kMinuteSlots)), 0u);
  EXPECT_EQ(sent.at(keys::MinuteSlot(kService, (kNow + 1) % kMinuteSlots)), SlotValue(kNow + 1, Probes(1)));
  EXPECT_EQ(sent.at(keys::Minute(kService, kOld + 2)), Probes(2, 2));
  EXPECT_EQ(sent.at(keys::MinuteSlot(kService, (kOld + 2) % kMinuteSlots)),
            SlotValue(kOld + 2, Probes(2, 2)));
  EXPECT_EQ(sent.at(keys::MinuteSlot(kService, (kOld + 100) % kMinuteSlots)),
            SlotValue(kOld + 100, Probes(4)));
}

// A minute of the same batch that is later in the slot wins over the store.
TEST_F(RowPublisherTest, LaterMinuteOfTheSameBatchHoldsTheSlot) {
  ASSERT_TRUE(Rebuilt().ok());
  const int64_t before = End();
  ShardRows change{&shards_.at(7),
                   {{keys::Minute(kService, kNow + 2), Probes(1)},
                    {keys::Minute(kService, kNow + 2 + kMinuteSlots), Probes(1)}}};
  ASSERT_TRUE(publisher_->PublishChanges({change}).ok());
  auto sent = Messages(before);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].first, keys::MinuteSlot(kService, (kNow + 2) % kMinuteSlots));
  EXPECT_EQ(MinuteIn(sent[0].second), kNow + 2 + kMinuteSlots);
}

TEST_F(RowPublisherTest, ChangedHoursGoToTheRingAndBetweenTheMidnightsUnderTheirKeys) {
  ASSERT_TRUE(Rebuilt().ok());
  const int64_t before = End();
  ShardRows change{
      &shards_.at(7),
      {{keys::Hour(kService, kBoundaryHour), Hour(4)}, {keys::Hour(kService, kPlainHour), Hour(4)}}};
  ASSERT_TRUE(publisher_->PublishChanges({change}).ok());
  std::map<std::string, std::string> sent;
  for (auto& [k, v] : Messages(before)) sent[k] = v;
  EXPECT_EQ(sent.size(), 3u);
  EXPECT_EQ(sent.at(keys::Hour(kService, kBoundaryHour)), Hour(4));
  EXPECT_EQ(sent.at(keys::HourSlot(kService, kBoundaryHour % kHourSlots)), SlotValue(kBoundaryHour, Hour(4)));
  EXPECT_EQ(sent.at(keys::HourSlot(kService, kPlainHour % kHourSlots)), SlotValue(kPlainHour, Hour(4)));
}

TEST_F(RowPublisherTest, NewWindowPublishesTheRowsItNeedsOnce) {
  ASSERT_TRUE(Rebuilt().ok());
  const int64_t before = End();
  (*windows_)[kService].push_back({kOld + 100, kOld + 102});
  ASSERT_TRUE(publisher_->RefreshWindows(&shards_).ok());
  auto sent = Messages(before);
  // The one minute of the two that has probes, and the one hour row of its UTC
  // day (the first window's day too: minute 28,971,300 is day 20,118 as is hour 482,853).
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].first, keys::Minute(kService, kOld + 100));
  EXPECT_EQ(sent[0].second, Probes(3));
  EXPECT_EQ(sent[1].first, keys::Hour(kService, kOld / 60));
  ASSERT_TRUE(publisher_->RefreshWindows(&shards_).ok());
  EXPECT_EQ(End(), before + 2);
}

}  // namespace
}  // namespace followup
