// The log checks (log_checks.h): identity of the log, position in it, and
// co-partitioning of the scale-out inputs.
#include "ingest/log_checks.h"

#include <gtest/gtest.h>

#include "projections/keys.h"
#include "store/meta.h"

namespace followup {
namespace {

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(LogIdentity, FreshStoreTakesTheIdentity) {
  MemKv kv;
  ASSERT_TRUE(CheckLogIdentity(&kv, "kafka-cluster:A").ok());
  std::string stored;
  ASSERT_TRUE(GetMeta(kv, "log_identity", &stored).ok());
  EXPECT_EQ(stored, "kafka-cluster:A");
}

TEST(LogIdentity, SameIdentityIsAccepted) {
  MemKv kv;
  ASSERT_TRUE(PutMeta(&kv, "log_identity", "kafka-cluster:A").ok());
  EXPECT_TRUE(CheckLogIdentity(&kv, "kafka-cluster:A").ok());
}

TEST(LogIdentity, OtherLogIsRefusedNamingBoth) {
  MemKv kv;
  ASSERT_TRUE(PutMeta(&kv, "log_identity", "kafka-cluster:A").ok());
  Status s = CheckLogIdentity(&kv, "kafka-cluster:B");
  EXPECT_EQ(s.code(), Status::Code::kConflict);
  EXPECT_TRUE(Contains(s.message(), "this data dir belongs to the log 'kafka-cluster:A'"));
  EXPECT_TRUE(Contains(s.message(), "but the brokers serve 'kafka-cluster:B'"));
}

TEST(LogIdentity, OtherLogLeavesTheStoredIdentity) {
  MemKv kv;
  ASSERT_TRUE(PutMeta(&kv, "log_identity", "kafka-cluster:A").ok());
  ASSERT_FALSE(CheckLogIdentity(&kv, "kafka-cluster:B").ok());
  std::string stored;
  ASSERT_TRUE(GetMeta(kv, "log_identity", &stored).ok());
  EXPECT_EQ(stored, "kafka-cluster:A");
}

TEST(LogIdentity, OffsetsWithoutIdentityAskForAReplay) {
  MemKv kv;
  kv.Put(keys::Offset("followup.probes", 0), "12");
  Status s = CheckLogIdentity(&kv, "kafka-cluster:A");
  EXPECT_EQ(s.code(), Status::Code::kConflict);
  EXPECT_EQ(s.message(), "data dir has offsets but no log identity; rebuild it with `followup replay`");
}

TEST(LogPosition, NextOffsetBeforeTheStartIsAGap) {
  Problem p = CheckPosition("followup.probes", 2, 5, 10, 20);
  EXPECT_EQ(
      p.reason,
      "GAP in followup.probes/2: events were deleted before they were folded. Not consuming this partition.");
  EXPECT_EQ(p.detail, "the next offset to fold is 5 but the log starts at 10");
}

TEST(LogPosition, NextOffsetPastTheEndIsAnotherLog) {
  Problem p = CheckPosition("followup.probes", 2, 30, 10, 20);
  EXPECT_EQ(p.reason,
            "partition followup.probes/2: the brokers do not hold the log this data dir was built from. Not "
            "consuming it.");
  EXPECT_EQ(p.detail, "it ends at offset 20 but this data dir has folded up to 30");
}

TEST(LogPosition, NextOffsetAtTheStartIsFine) {
  EXPECT_TRUE(CheckPosition("followup.probes", 2, 10, 10, 20).empty());
}

TEST(LogPosition, NextOffsetAtTheEndIsFine) {
  EXPECT_TRUE(CheckPosition("followup.probes", 2, 20, 10, 20).empty());
}

const std::vector<std::string> kInputs = {"followup.probes", "followup.usage"};

TEST(Copartitioned, EqualCountsAreAccepted) {
  std::map<std::string, int> counts = {
      {"followup.probes", 4}, {"followup.usage", 4}, {"followup.aggregates", 1}};
  EXPECT_TRUE(CheckCopartitioned(counts, kInputs, "followup.aggregates").ok());
}

TEST(Copartitioned, DifferentCountsAreRefusedWithTheCounts) {
  std::map<std::string, int> counts = {
      {"followup.probes", 4}, {"followup.usage", 2}, {"followup.aggregates", 4}};
  Status s = CheckCopartitioned(counts, kInputs, "followup.aggregates");
  EXPECT_EQ(s.code(), Status::Code::kConflict);
  EXPECT_TRUE(Contains(s.message(), "scale-out needs co-partitioned inputs"));
  EXPECT_TRUE(Contains(s.message(), "(followup.probes: 4, followup.usage: 2)"));
}

TEST(Copartitioned, MissingInputIsNamed) {
  std::map<std::string, int> counts = {{"followup.probes", 4}, {"followup.aggregates", 4}};
  Status s = CheckCopartitioned(counts, kInputs, "followup.aggregates");
  EXPECT_EQ(s.code(), Status::Code::kConflict);
  EXPECT_EQ(s.message(), "topic followup.usage does not exist; scale-out needs it created beforehand");
}

TEST(Copartitioned, MissingRowTopicIsNamed) {
  std::map<std::string, int> counts = {{"followup.probes", 4}, {"followup.usage", 4}};
  Status s = CheckCopartitioned(counts, kInputs, "followup.aggregates");
  EXPECT_EQ(s.message(), "topic followup.aggregates does not exist; scale-out needs it created beforehand");
}

}  // namespace
}  // namespace followup
