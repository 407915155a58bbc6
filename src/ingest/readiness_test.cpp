// Readiness (readiness.h): one test per reason not to be ready, their order,
// and the totals readers see.
#include "ingest/readiness.h"

#include <gtest/gtest.h>

namespace followup {
namespace {

const TopicPartition kProbes0{"followup.probes", 0};
const TopicPartition kProbes1{"followup.probes", 1};
const TopicPartition kUsage1{"followup.usage", 1};

// A partition assigned and caught up: folded up to the end of its log.
PartitionState CaughtUp(int64_t end) {
  PartitionState ps;
  ps.committed_offset = end;
  ps.high_watermark = end;
  ps.caught_up_at = end;
  ps.caught_up = true;
  return ps;
}

PartitionState Behind(int64_t offset, int64_t end) {
  PartitionState ps;
  ps.committed_offset = offset;
  ps.high_watermark = end;
  ps.caught_up_at = end;
  return ps;
}

class ReadinessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    parts[kProbes0] = CaughtUp(10);
    status.partitions = &parts;
    status.now_ms = 100000;
    status.last_watermark_ok_ms = 99000;
    status.row_publish_topic = "followup.aggregates";
  }
  IngestSnapshot Describe() { return DescribeIngest(status); }
  PartitionMap parts;
  IngestStatus status;
};

TEST_F(ReadinessTest, CaughtUpAndAnsweringIsReady) {
  IngestSnapshot s = Describe();
  EXPECT_TRUE(s.ready);
  EXPECT_EQ(s.not_ready_reason, "");
}

TEST_F(ReadinessTest, BlockedPartitionIsNotReady) {
  status.blocked = {"GAP in followup.probes/0: events were deleted before they were folded.", "starts at 9"};
  IngestSnapshot s = Describe();
  EXPECT_FALSE(s.ready);
  EXPECT_EQ(s.not_ready_reason, "GAP in followup.probes/0: events were deleted before they were folded.");
  EXPECT_EQ(s.not_ready_detail, "starts at 9");
}

TEST_F(ReadinessTest, FailedBatchIsNotReady) {
  status.batch_error = {"projection store write failed", "IO error"};
  IngestSnapshot s = Describe();
  EXPECT_FALSE(s.ready);
  EXPECT_EQ(s.not_ready_reason, "projection store write failed");
  EXPECT_EQ(s.not_ready_detail, "IO error");
}

TEST_F(ReadinessTest, FailedPublicationOfRebuiltPartitionsIsNotReady) {
  status.snapshot_error = {"cannot publish rebuilt partitions to followup.aggregates", "timed out"};
  IngestSnapshot s = Describe();
  EXPECT_FALSE(s.ready);
  EXPECT_EQ(s.not_ready_reason, "cannot publish rebuilt partitions to followup.aggregates");
}

TEST_F(ReadinessTest, BlockedComesBeforeTheBatchError) {
  status.blocked = {"blocked", ""};
  status.batch_error = {"batch", ""};
  status.snapshot_error = {"snapshot", ""};
  EXPECT_EQ(Describe().not_ready_reason, "blocked");
}

TEST_F(ReadinessTest, BatchErrorComesBeforeTheSnapshotError) {
  status.batch_error = {"batch", ""};
  status.snapshot_error = {"snapshot", ""};
  EXPECT_EQ(Describe().not_ready_reason, "batch");
}

TEST_F(ReadinessTest, NothingAssignedIsWaitingForAssignment) {
  parts[kProbes0].high_watermark = -2;  // known from the store only
  IngestSnapshot s = Describe();
  EXPECT_FALSE(s.ready);
  EXPECT_EQ(s.not_ready_reason, "waiting for partition assignment");
}

TEST_F(ReadinessTest, ScaleOutInstanceGivenNothingIsReady) {
  parts.clear();
  status.sharded = true;
  status.assignment_received = true;
  EXPECT_TRUE(Describe().ready);
}

TEST_F(ReadinessTest, ScaleOutInstanceBeforeTheGroupAnswersIsWaiting) {
  parts.clear();
  status.sharded = true;
  EXPECT_EQ(Describe().not_ready_reason, "waiting for partition assignment");
}

TEST_F(ReadinessTest, PartitionBehindIsCatchingUpWithItsLag) {
  parts[kUsage1] = Behind(3, 10);
  IngestSnapshot s = Describe();
  EXPECT_FALSE(s.ready);
  EXPECT_EQ(s.not_ready_reason, "catching up with the log (lag 7)");
}

TEST_F(ReadinessTest, UnknownEndOfTheLogIsCatchingUp) {
  PartitionState unknown;
  unknown.high_watermark = -1;
  parts[kUsage1] = unknown;
  IngestSnapshot s = Describe();
  EXPECT_FALSE(s.ready);
  EXPECT_EQ(s.not_ready_reason, "catching up with the log (lag 0)");
}

TEST_F(ReadinessTest, ScaleOutPartitionsBehindAreRebuildingWithTheirLag) {
  status.sharded = true;
  parts[kProbes1] = Behind(2, 5);  // 3 behind
  parts[kUsage1] = Behind(0, 4);   // 4 behind, same partition number
  IngestSnapshot s = Describe();
  EXPECT_FALSE(s.ready);
  EXPECT_EQ(s.not_ready_reason, "rebuilding partition(s) 1 from the log (lag 7)");
}

TEST_F(ReadinessTest, BlockedPartitionIsNotCountedAsBehind) {
  PartitionState gap = Behind(3, 10);
  gap.blocked = true;
  parts[kUsage1] = gap;
  EXPECT_TRUE(Describe().ready);
}

TEST_F(ReadinessTest, RebuiltPartitionNotYetPublishedIsNotReady) {
  status.sharded = true;
  status.all_serving = false;
  IngestSnapshot s = Describe();
  EXPECT_FALSE(s.ready);
  EXPECT_EQ(s.not_ready_reason, "publishing rebuilt partitions to followup.aggregates");
}

TEST_F(ReadinessTest, RebuiltPartitionWaitingForTheWindowsSaysSo) {
  status.sharded = true;
  status.all_serving = false;
  status.windows_known = false;
  IngestSnapshot s = Describe();
  EXPECT_FALSE(s.ready);
  EXPECT_EQ(s.not_ready_reason,
            "rebuilt partitions wait for the global view to read the maintenance windows (announcements)");
}

TEST_F(ReadinessTest, BrokersSilentForMoreThan15sAreUnreachable) {
  status.last_watermark_ok_ms = 84999;  // 15001 ms before now
  IngestSnapshot s = Describe();
  EXPECT_FALSE(s.ready);
  EXPECT_EQ(s.not_ready_reason, "Kafka brokers unreachable");
}

TEST_F(ReadinessTest, BrokersSilentFor15sExactlyAreStillReachable) {
  status.last_watermark_ok_ms = 85000;
  EXPECT_TRUE(Describe().ready);
}

TEST_F(ReadinessTest, BrokersNeverCheckedAreNotUnreachable) {
  status.last_watermark_ok_ms = 0;
  EXPECT_TRUE(Describe().ready);
}

TEST_F(ReadinessTest, TotalsCoverUnassignedPartitionsToo) {
  parts[kProbes0].committed.folded = 5;
  PartitionState stored;
  stored.high_watermark = -2;
  stored.committed.folded = 2;
  stored.committed.rejected = 1;
  parts[kUsage1] = stored;
  IngestSnapshot s = Describe();
  EXPECT_EQ(s.events_folded, 7);
  EXPECT_EQ(s.events_rejected, 1);
  EXPECT_EQ(s.partitions.size(), 1u);
  EXPECT_EQ(s.published_ms, 100000);
}

TEST(NoteCaughtUp, TakesTheFirstKnownEndOfTheLog) {
  PartitionMap parts;
  PartitionState ps;
  ps.committed_offset = 4;
  ps.high_watermark = 4;
  parts[kProbes0] = ps;
  NoteCaughtUp(&parts);
  EXPECT_EQ(parts[kProbes0].caught_up_at, 4);
  EXPECT_TRUE(parts[kProbes0].caught_up);
}

TEST(NoteCaughtUp, StaysCaughtUpWhenTheLogGrows) {
  PartitionMap parts;
  parts[kProbes0] = CaughtUp(10);
  parts[kProbes0].high_watermark = 50;
  NoteCaughtUp(&parts);
  EXPECT_TRUE(parts[kProbes0].caught_up);
}

TEST(NoteCaughtUp, BehindTheEndWhenAssignedIsNotCaughtUp) {
  PartitionMap parts;
  parts[kProbes0] = Behind(9, 10);
  NoteCaughtUp(&parts);
  EXPECT_FALSE(parts[kProbes0].caught_up);
}

// IngestStateBoard::RequireServed: ready waits for the read side.
std::shared_ptr<IngestSnapshot> ReadyAt(int64_t generation) {
  auto s = std::make_shared<IngestSnapshot>();
  s->published_ms = SteadyNowMs();
  s->ready = true;
  s->not_ready_reason.clear();
  s->generation = generation;
  s->ready_generation = generation;
  return s;
}

TEST(ReadyMeansServed, NotReadyWhileTheReadSideShowsAnOlderGeneration) {
  IngestStateBoard board;
  board.RequireServed([] { return int64_t{2}; });
  board.Publish(ReadyAt(3));
  auto snap = board.Get();
  EXPECT_FALSE(snap->ready);
  EXPECT_EQ(snap->not_ready_reason, kNotYetServedReason);
}

TEST(ReadyMeansServed, ReadyOnceTheReadSideShowsTheReadyGeneration) {
  IngestStateBoard board;
  board.RequireServed([] { return int64_t{3}; });
  board.Publish(ReadyAt(3));
  std::string reason;
  EXPECT_TRUE(IngestReady(*board.Get(), &reason));
}

TEST(ReadyMeansServed, NothingPublishedYetIsNotReadyEvenBeforeAnyCommit) {
  IngestStateBoard board;
  board.RequireServed([] { return int64_t{-1}; });
  board.Publish(ReadyAt(0));  // an empty log: ready before any batch
  EXPECT_FALSE(board.Get()->ready);
}

TEST(ReadyMeansServed, ANotReadyLoopKeepsItsOwnReason) {
  IngestStateBoard board;
  board.RequireServed([] { return int64_t{-1}; });
  auto s = ReadyAt(0);
  s->ready = false;
  s->ready_generation = -1;
  s->not_ready_reason = "catching up with the log (lag 5)";
  board.Publish(s);
  EXPECT_EQ(board.Get()->not_ready_reason, "catching up with the log (lag 5)");
}

TEST(ReadyMeansServed, TheReadSideItselfSeesTheLoopsOwnReadiness) {
  IngestStateBoard own, view;
  own.RequireServed([] { return int64_t{-1}; });
  view.RequireServed([] { return int64_t{-1}; });
  own.Join(&view);
  own.Publish(ReadyAt(3));
  view.Publish(ReadyAt(2));
  EXPECT_TRUE(own.Get(ReadSide::kIgnore)->ready);
}

TEST(ReadyMeansServed, WithoutAReadSideTheLoopAloneDecides) {
  IngestStateBoard board;  // e.g. followup report: no pre-rendered pages
  board.Publish(ReadyAt(3));
  EXPECT_TRUE(board.Get()->ready);
}

TEST(ReadyMeansServed, AJoinedBoardWaitsForTheViewsReadSide) {
  IngestStateBoard own, view;
  view.RequireServed([] { return int64_t{4}; });
  own.Join(&view);
  own.Publish(ReadyAt(9));  // the partitions' loop: its generations are its own
  view.Publish(ReadyAt(5));
  auto snap = own.Get();
  EXPECT_FALSE(snap->ready);
  EXPECT_EQ(snap->not_ready_reason, "global view: " + std::string(kNotYetServedReason));
}

// Scale-out: the view must have folded the rows the instance published when
// its partitions started serving, and the read side must show that batch.
TEST(ReadyMeansRowsShown, NotReadyWhileTheViewHasNotFoldedThePublishedRows) {
  IngestStateBoard own, view;
  own.Join(&view);
  auto mine = ReadyAt(9);
  mine->rows_published_seq = 1;
  mine->rows_published_to = {{0, 40}, {1, 12}};
  own.Publish(mine);
  view.Publish(ReadyAt(5));  // caught up by its watermarks, but not past the rows
  auto snap = own.Get();
  EXPECT_FALSE(snap->ready);
  EXPECT_EQ(snap->not_ready_reason, kRowsNotYetShownReason);
}

TEST(ReadyMeansRowsShown, ReadyOnceTheViewShowsTheNewestPublication) {
  IngestStateBoard own, view;
  own.Join(&view);
  auto mine = ReadyAt(9);
  mine->rows_published_seq = 2;
  own.Publish(mine);
  auto theirs = ReadyAt(5);
  theirs->rows_shown_seq = 2;
  theirs->rows_shown_generation = 5;
  view.Publish(theirs);
  EXPECT_TRUE(own.Get()->ready);
}

TEST(ReadyMeansRowsShown, AnOlderPublicationShownIsNotEnough) {
  IngestStateBoard own, view;
  own.Join(&view);
  auto mine = ReadyAt(9);
  mine->rows_published_seq = 2;  // a partition came back and was published again
  own.Publish(mine);
  auto theirs = ReadyAt(5);
  theirs->rows_shown_seq = 1;
  view.Publish(theirs);
  EXPECT_FALSE(own.Get()->ready);
}

TEST(ReadyMeansRowsShown, TheViewsReadSideMustShowTheBatchThatFoldedTheRows) {
  IngestStateBoard own, view;
  view.RequireServed([] { return int64_t{6}; });
  own.Join(&view);
  auto mine = ReadyAt(9);
  mine->rows_published_seq = 1;
  own.Publish(mine);
  auto theirs = ReadyAt(3);  // ready long before, at generation 3
  theirs->generation = 7;
  theirs->rows_shown_seq = 1;
  theirs->rows_shown_generation = 7;
  view.Publish(theirs);
  auto snap = own.Get();
  EXPECT_FALSE(snap->ready);
  EXPECT_EQ(snap->not_ready_reason, "global view: " + std::string(kNotYetServedReason));
}

// IngestStateBoard::OnReadyChange: called for what can change readiness, not
// for every batch.
TEST(ReadyChange, CalledWhenReadyTurnsAndNotForAnotherBatch) {
  IngestStateBoard board;
  int calls = 0;
  board.OnReadyChange([&calls] { ++calls; });
  auto behind = ReadyAt(1);
  behind->ready = false;
  board.Publish(behind);  // the empty snapshot before it was not ready either
  const int while_behind = calls;
  board.Publish(ReadyAt(2));
  const int once_ready = calls;
  board.Publish(ReadyAt(3));
  EXPECT_EQ(while_behind, 0);
  EXPECT_EQ(once_ready, 1);
  EXPECT_EQ(calls, 1);
}

TEST(ReadyChange, CalledWhenRowsArePublishedOrShown) {
  IngestStateBoard board;
  board.Publish(ReadyAt(1));
  int calls = 0;
  board.OnReadyChange([&calls] { ++calls; });
  auto published = ReadyAt(2);
  published->rows_published_seq = 1;
  board.Publish(published);
  const int after_published = calls;
  auto shown = ReadyAt(3);
  shown->rows_published_seq = 1;
  shown->rows_shown_seq = 1;
  board.Publish(shown);
  EXPECT_EQ(after_published, 1);
  EXPECT_EQ(calls, 2);
}

}  // namespace
}  // namespace followup
