#include "ingest/row_fence.h"

#include <gtest/gtest.h>

#include "projections/keys.h"

namespace followup {
namespace {

TEST(RowFence, FirstRowOfAPartitionIsAdmitted) {
  RowFence f;
  EXPECT_TRUE(f.Admit(3, 40));
}

TEST(RowFence, SameAndHigherEpochsAreAdmitted) {
  RowFence f;
  f.Admit(3, 40);
  EXPECT_TRUE(f.Admit(3, 40));
  EXPECT_TRUE(f.Admit(3, 41));
}

TEST(RowFence, LowerEpochIsDroppedOnceAHigherOneWasSeen) {
  RowFence f;
  f.Admit(3, 40);
  f.Admit(3, 95);  // a new owner claimed partition 3
  EXPECT_FALSE(f.Admit(3, 40));
}

TEST(RowFence, PartitionsAreFencedSeparately) {
  RowFence f;
  f.Admit(3, 95);
  EXPECT_TRUE(f.Admit(4, 40));
}

TEST(RowFence, FlushStoresRaisedFencesThatLoadReadsBack) {
  RowFence f;
  f.Admit(3, 95);
  f.Admit(7, 12);
  MemKv kv;
  f.Flush(&kv);
  RowFence g;
  ASSERT_TRUE(g.Load(kv).ok());
  EXPECT_EQ(g.fence(3), 95);
  EXPECT_EQ(g.fence(7), 12);
  EXPECT_FALSE(g.Admit(3, 40));
}

TEST(RowFence, FlushWritesOnlyWhatChanged) {
  RowFence f;
  f.Admit(3, 95);
  MemKv first;
  f.Flush(&first);
  f.Admit(3, 95);
  MemKv second;
  f.Flush(&second);
  EXPECT_EQ(first.data().size(), 1u);
  EXPECT_TRUE(second.data().empty());
}

TEST(RowFence, DiscardForgetsRaisesOfTheDroppedBatch) {
  RowFence f;
  f.Admit(3, 40);
  MemKv kv;
  f.Flush(&kv);
  f.Admit(3, 95);
  f.Discard();
  EXPECT_EQ(f.fence(3), 40);
  EXPECT_TRUE(f.Admit(3, 41));
}

TEST(RowFence, UnreadableStoredFenceIsCorruption) {
  MemKv kv;
  kv.Put(keys::Fence(3), "not a number");
  RowFence f;
  EXPECT_EQ(f.Load(kv).code(), Status::Code::kCorruption);
}

}  // namespace
}  // namespace followup
