// The batch (batch.h): what is written, in how many writes, and what a
// failure leaves behind. Messages come in through the Intake, as in the loop;
// the store is in memory, the dead-letter topic and the row topic are fakes.
#include "ingest/batch.h"

#include <gtest/gtest.h>

#include "ingest/intake.h"
#include "projections/keys.h"

namespace followup {
namespace {

// A KvStore that records the keys of every write and fails when told to.
class RecordingKv : public KvStore {
 public:
  const KvReader& Live() const override { return data; }
  std::unique_ptr<KvBatch> NewBatch() override { return std::make_unique<Batch>(); }
  Status Write(KvBatch* b, bool) override {
    if (!fail.ok()) return fail;
    auto* batch = static_cast<Batch*>(b);
    std::vector<std::string> keys;
    for (const auto& [k, v] : batch->puts) {
      data.Put(k, v);
      keys.push_back(k);
    }
    writes.push_back(keys);
    return Status::Ok();
  }
  bool Has(const std::string& key) const {
    std::string v;
    return data.Get(key, &v).ok();
  }
  std::string Value(const std::string& key) const {
    std::string v;
    (void)data.Get(key, &v);  // absent: ""
    return v;
  }
  IngestCounters StoredCounters(const TopicPartition& tp) const {
    IngestCounters c;
    c.Decode(Value(keys::Counters(tp.first, tp.second)));
    return c;
  }

  MemKv data;
  Status fail;
  std::vector<std::vector<std::string>> writes;

 private:
  struct Batch : KvBatch {
    void Put(std::string_view k, std::string_view v) override { puts.emplace_back(k, v); }
    void Delete(std::string_view) override {}
    std::vector<std::pair<std::string, std::string>> puts;
  };
};

bool AnyWithPrefix(const std::vector<std::string>& keys, std::string_view prefix) {
  for (const auto& k : keys)
    if (k.rfind(prefix, 0) == 0) return true;
  return false;
}

const Topics kTopics;
const TopicPartition kProbes{"followup.probes", 0};
const TopicPartition kUsage{"followup.usage", 1};

constexpr std::string_view kProbe =
    R"({"type":"probe.v1","event_id":"p1","occurred_at":"2026-11-26T10:00:30Z","service_id":"skolval","location":"kista","ok":true,"latency_ms":184})";
constexpr std::string_view kOtherProbe =
    R"({"type":"probe.v1","event_id":"p2","occurred_at":"2026-11-26T10:01:30Z","service_id":"skolval","location":"kista","ok":false,"latency_ms":900})";
constexpr std::string_view kBroken = R"({"type":"probe.v1",)";

class BatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    shards.Adopt(0, &kv);
    parts[kProbes];
    parts[kUsage];
    Build();
  }
  // (Re)builds the batch with the current outlets.
  void Build() {
    batch = std::make_unique<IngestBatch>(&parts, &shards, batch_fence, outlets, false);
    intake = std::make_unique<Intake>(IngestMode::kSingle, kTopics, batch.get(), &shards, &fence);
  }
  void Add(const TopicPartition& tp, int64_t offset, std::string_view value) {
    InputMessage m;
    m.topic = tp.first;
    m.partition = tp.second;
    m.offset = offset;
    m.value = value;
    m.has_value = true;
    ASSERT_TRUE(intake->Add(m).ok());
  }
  // Outlets that record what is sent and answer with the given status.
  void SendDeadLettersTo(Status answer, std::vector<bool> dropped = {}) {
    outlets.dead_letter_topic = kTopics.deadletter();
    outlets.dead_letters = [this, answer, dropped](const std::vector<DeadLetter>& letters,
                                                   std::vector<bool>* out) {
      sent.insert(sent.end(), letters.begin(), letters.end());
      *out = dropped.empty() ? std::vector<bool>(letters.size(), false) : dropped;
      return answer;
    };
    Build();
  }

  RecordingKv kv;
  PartitionMap parts;
  ShardSet shards{FoldOptions{}};
  RowFence fence;
  RowFence* batch_fence = nullptr;  // the view's fence, written with its rows (scale-out view)
  IngestBatch::Outlets outlets;
  std::unique_ptr<IngestBatch> batch;
  std::unique_ptr<Intake> intake;
  std::vector<DeadLetter> sent;
};

TEST_F(BatchTest, OffsetsCountersAndStateLandInOneWrite) {
  Add(kProbes, 7, kProbe);
  IngestBatch::Outcome out = batch->Commit();
  ASSERT_TRUE(out.status.ok()) << out.status.ToString();
  ASSERT_EQ(kv.writes.size(), 1u);
  const std::vector<std::string>& keys = kv.writes[0];
  EXPECT_TRUE(AnyWithPrefix(keys, keys::Offset(kProbes.first, kProbes.second)));
  EXPECT_TRUE(AnyWithPrefix(keys, keys::Counters(kProbes.first, kProbes.second)));
  EXPECT_TRUE(AnyWithPrefix(keys, keys::kDedupPrefix));
  EXPECT_TRUE(AnyWithPrefix(keys, keys::kMinutePrefix));
}

TEST_F(BatchTest, CommitStoresTheNextOffsetAndTheCounts) {
  Add(kProbes, 7, kProbe);
  Add(kProbes, 8, kProbe);  // the same event again: a duplicate
  ASSERT_TRUE(batch->Commit().status.ok());
  EXPECT_EQ(kv.Value(keys::Offset(kProbes.first, kProbes.second)), "9");
  EXPECT_EQ(kv.StoredCounters(kProbes).folded, 1);
  EXPECT_EQ(kv.StoredCounters(kProbes).duplicates, 1);
  EXPECT_EQ(parts[kProbes].committed_offset, 9);
  EXPECT_FALSE(parts[kProbes].in_batch);
  EXPECT_TRUE(batch->empty());
}

TEST_F(BatchTest, CommitNamesTheWrittenPartitionsAndOffsets) {
  Add(kProbes, 7, kProbe);
  Add(kUsage, 3, kBroken);
  IngestBatch::Outcome out = batch->Commit();
  PartitionOffsets expected = {{kProbes, 8}, {kUsage, 4}};
  EXPECT_EQ(out.committed, expected);
}

TEST_F(BatchTest, EmptyBatchWritesNothing) {
  ASSERT_TRUE(batch->Commit().status.ok());
  EXPECT_TRUE(kv.writes.empty());
}

TEST_F(BatchTest, FailedWriteAdvancesNoOffset) {
  Add(kProbes, 7, kProbe);
  kv.fail = Status::Io("projection store write failed: IO error: disk");
  IngestBatch::Outcome out = batch->Commit();
  EXPECT_EQ(out.status.code(), Status::Code::kIo);
  EXPECT_EQ(out.reason, "projection store write failed");
  EXPECT_FALSE(kv.Has(keys::Offset(kProbes.first, kProbes.second)));
  EXPECT_EQ(parts[kProbes].committed_offset, 0);
  EXPECT_EQ(parts[kProbes].committed.folded, 0);
}

TEST_F(BatchTest, FailedWriteRewindsToTheStoredOffset) {
  Add(kProbes, 7, kProbe);
  kv.fail = Status::Io("disk");
  ASSERT_FALSE(batch->Commit().status.ok());
  PartitionOffsets expected = {{kProbes, 0}};
  EXPECT_EQ(batch->RewindPoints(), expected);
}

TEST_F(BatchTest, FullDiskIsNamedForTheOperator) {
  Add(kProbes, 7, kProbe);
  kv.fail = Status::Io("projection store write failed: IO error: No space left on device");
  IngestBatch::Outcome out = batch->Commit();
  EXPECT_EQ(
      out.reason,
      "projection store write failed: No space left on the data dir's device (it resumes when there is room)");
}

TEST_F(BatchTest, RetriedAfterAFailedWriteCountsOnce) {
  Add(kProbes, 7, kProbe);
  kv.fail = Status::Io("disk");
  ASSERT_FALSE(batch->Commit().status.ok());
  batch->Drop();
  kv.fail = Status::Ok();
  Add(kProbes, 7, kProbe);  // fetched again after the seek back
  ASSERT_TRUE(batch->Commit().status.ok());
  EXPECT_EQ(kv.StoredCounters(kProbes).folded, 1);
  EXPECT_EQ(kv.StoredCounters(kProbes).duplicates, 0);
  EXPECT_EQ(kv.Value(keys::Offset(kProbes.first, kProbes.second)), "8");
}

TEST_F(BatchTest, TheViewsFenceOfAFailedWriteIsWrittenByTheRetry) {
  batch_fence = &fence;
  Build();
  Add(kProbes, 0, kProbe);
  fence.Admit(3, 95);  // a row of partition 3 claimed at epoch 95 is in the batch
  kv.fail = Status::Io("disk");
  ASSERT_FALSE(batch->Commit().status.ok());
  batch->Drop();
  kv.fail = Status::Ok();
  Add(kProbes, 0, kProbe);  // the same messages again, after the rewind
  fence.Admit(3, 95);
  ASSERT_TRUE(batch->Commit().status.ok());
  EXPECT_EQ(kv.Value(keys::Fence(3)), "95");
}

TEST_F(BatchTest, DroppedBatchOfALostPartitionWritesNothing) {
  Add(kProbes, 7, kProbe);
  Add(kUsage, 2, kOtherProbe);
  batch->Drop();
  ASSERT_TRUE(batch->Commit().status.ok());
  EXPECT_TRUE(kv.writes.empty());
  EXPECT_EQ(parts[kProbes].pending_offset, 0);
  EXPECT_EQ(parts[kUsage].pending_offset, 0);
  EXPECT_FALSE(parts[kProbes].in_batch);
  EXPECT_TRUE(batch->RewindPoints().empty());
}

TEST_F(BatchTest, DroppedBatchLeavesNoFoldedStateForTheNextCommit) {
  Add(kProbes, 7, kProbe);
  batch->Drop();
  Add(kUsage, 2, kOtherProbe);
  ASSERT_TRUE(batch->Commit().status.ok());
  EXPECT_FALSE(kv.Has(keys::Offset(kProbes.first, kProbes.second)));
  EXPECT_EQ(kv.StoredCounters(kUsage).folded, 1);
  EXPECT_FALSE(kv.Has(keys::Counters(kProbes.first, kProbes.second)));
}

TEST_F(BatchTest, RevokedPartitionIsNotTaken) {
  parts.erase(kProbes);
  EXPECT_EQ(batch->Accept(kProbes, 7), nullptr);
}

TEST_F(BatchTest, BlockedPartitionIsNotTaken) {
  parts[kProbes].blocked = true;
  EXPECT_EQ(batch->Accept(kProbes, 7), nullptr);
}

TEST_F(BatchTest, OffsetAlreadyInTheBatchIsNotTakenAgain) {
  Add(kProbes, 7, kProbe);
  EXPECT_EQ(batch->Accept(kProbes, 7), nullptr);
  EXPECT_EQ(batch->messages(), 1u);
}

TEST_F(BatchTest, UnacknowledgedDeadLettersWriteNothing) {
  SendDeadLettersTo(Status::Unavailable("timed out"));
  Add(kProbes, 7, kProbe);
  Add(kUsage, 3, kBroken);
  IngestBatch::Outcome out = batch->Commit();
  EXPECT_EQ(out.status.code(), Status::Code::kUnavailable);
  EXPECT_EQ(out.reason,
            "dead-letter topic followup.deadletter unavailable, not advancing past rejected events");
  EXPECT_TRUE(kv.writes.empty());
  EXPECT_EQ(parts[kUsage].committed_offset, 0);
  EXPECT_EQ(parts[kProbes].committed_offset, 0);
}

TEST_F(BatchTest, DeadLetterCarriesTheOriginalMessageAndPosition) {
  SendDeadLettersTo(Status::Ok());
  Add(kUsage, 3, kBroken);
  ASSERT_TRUE(batch->Commit().status.ok());
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].value, kBroken);
  EXPECT_EQ(sent[0].topic, "followup.usage");
  EXPECT_EQ(sent[0].partition, 1);
  EXPECT_EQ(sent[0].offset, 3);
  EXPECT_EQ(kv.StoredCounters(kUsage).rejected, 1);
  EXPECT_EQ(kv.Value(keys::Offset(kUsage.first, kUsage.second)), "4");
}

TEST_F(BatchTest, DeadLetterPassedOverForGoodIsCounted) {
  SendDeadLettersTo(Status::Ok(), {true});
  Add(kUsage, 3, kBroken);
  ASSERT_TRUE(batch->Commit().status.ok());
  EXPECT_EQ(kv.StoredCounters(kUsage).rejected, 1);
  EXPECT_EQ(kv.StoredCounters(kUsage).deadletters_dropped, 1);
}

TEST_F(BatchTest, WithoutADeadLetterOutletRejectsAreCountedOnly) {
  Add(kUsage, 3, kBroken);
  ASSERT_TRUE(batch->Commit().status.ok());
  EXPECT_EQ(kv.StoredCounters(kUsage).rejected, 1);
  EXPECT_EQ(kv.StoredCounters(kUsage).deadletters_dropped, 0);
}

TEST_F(BatchTest, UnpublishedRowsWriteNothing) {
  outlets.row_topic = kTopics.aggregates();
  size_t published = 0;
  outlets.rows = [&published](const std::vector<ShardRows>& changes) {
    for (const auto& c : changes) published += c.rows.size();
    return Status::Unavailable("timed out");
  };
  Build();
  Add(kProbes, 7, kProbe);
  IngestBatch::Outcome out = batch->Commit();
  EXPECT_EQ(out.status.code(), Status::Code::kUnavailable);
  EXPECT_EQ(out.reason, "cannot publish aggregates to followup.aggregates");
  EXPECT_GT(published, 0u);
  EXPECT_TRUE(kv.writes.empty());
}

TEST_F(BatchTest, RowsOfAShardNotServingAreNotPublished) {
  shards.at(0).serving = false;
  size_t calls = 0;
  outlets.rows = [&calls](const std::vector<ShardRows>&) {
    ++calls;
    return Status::Ok();
  };
  Build();
  Add(kProbes, 7, kProbe);
  ASSERT_TRUE(batch->Commit().status.ok());
  EXPECT_EQ(calls, 0u);
  EXPECT_EQ(kv.writes.size(), 1u);
}

}  // namespace
}  // namespace followup
