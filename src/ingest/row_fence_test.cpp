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
  f.Stored();
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
  f.Stored();
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
  f.Stored();
  f.Admit(3, 95);
  f.Discard();
  EXPECT_EQ(f.fence(3), 40);
  EXPECT_TRUE(f.Admit(3, 41));
}

TEST(RowFence, ServiceFromOnePartitionIsNoConflict) {
  RowFence f;
  int32_t first = -1;
  EXPECT_TRUE(f.NoteOrigin("skolval", 3, &first));
  EXPECT_TRUE(f.NoteOrigin("skolval", 3, &first));
  EXPECT_EQ(f.conflicts(), 0u);
}

TEST(RowFence, ServiceFromTwoPartitionsIsAConflictNamingTheFirst) {
  RowFence f;
  int32_t first = -1;
  f.NoteOrigin("skolval", 3, &first);
  EXPECT_FALSE(f.NoteOrigin("skolval", 5, &first));
  EXPECT_EQ(first, 3);
  EXPECT_EQ(f.conflicts(), 1u);
}

TEST(RowFence, StoredOriginsSurviveARestart) {
  RowFence f;
  int32_t first = -1;
  f.NoteOrigin("skolval", 3, &first);
  MemKv kv;
  f.Flush(&kv);
  f.Stored();
  RowFence g;
  ASSERT_TRUE(g.Load(kv).ok());
  EXPECT_FALSE(g.NoteOrigin("skolval", 5, &first));
  EXPECT_EQ(first, 3);
}

TEST(RowFence, DiscardForgetsOriginsOfTheDroppedBatch) {
  RowFence f;
  int32_t first = -1;
  f.NoteOrigin("skolval", 3, &first);
  f.Discard();
  EXPECT_TRUE(f.NoteOrigin("skolval", 5, &first));
}

TEST(RowFence, AFenceWhoseWriteFailedIsWrittenAgain) {
  RowFence f;
  f.Admit(3, 95);
  MemKv lost;
  f.Flush(&lost);
  f.Discard();  // the write failed: the batch is dropped and retried
  const int64_t after_failure = f.fence(3);
  f.Admit(3, 95);  // the retried batch admits the same row
  MemKv kv;
  f.Flush(&kv);
  std::string stored;
  EXPECT_EQ(after_failure, -1);
  ASSERT_TRUE(kv.Get(keys::Fence(3), &stored).ok());
  EXPECT_EQ(stored, "95");
}

TEST(RowFence, AnOriginWhoseWriteFailedIsWrittenAgain) {
  RowFence f;
  int32_t first = -1;
  f.NoteOrigin("skolval", 3, &first);
  MemKv lost;
  f.Flush(&lost);
  f.Discard();
  f.NoteOrigin("skolval", 3, &first);
  MemKv kv;
  f.Flush(&kv);
  std::string stored;
  ASSERT_TRUE(kv.Get(keys::Origin("skolval"), &stored).ok());
  EXPECT_EQ(stored, "3");
}

TEST(RowKeys, ServiceOfEveryPublishedFamily) {
  std::string id;
  ASSERT_TRUE(keys::RowService(keys::Minute("skolval", 29000000), &id));
  EXPECT_EQ(id, "skolval");
  ASSERT_TRUE(keys::RowService(keys::Day("bygglov", 20000), &id));
  EXPECT_EQ(id, "bygglov");
  ASSERT_TRUE(keys::RowService(keys::Quarter(8107, "kartor"), &id));
  EXPECT_EQ(id, "kartor");
  ASSERT_TRUE(keys::RowService(keys::Quarter(8107, ""), &id));
  EXPECT_EQ(id, "");
  EXPECT_FALSE(keys::RowService(keys::Catalog("kartor"), &id));
}

TEST(RowFence, UnreadableStoredFenceIsCorruption) {
  MemKv kv;
  kv.Put(keys::Fence(3), "not a number");
  RowFence f;
  EXPECT_EQ(f.Load(kv).code(), Status::Code::kCorruption);
}

}  // namespace
}  // namespace followup
