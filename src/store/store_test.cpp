#include "store/store.h"
#include "projections/keys.h"
#include "store/meta.h"
#include "store/store_testing.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace followup {
namespace {

class StoreTest : public TempDirTest {
 protected:
  std::unique_ptr<Store> Open() {
    std::unique_ptr<Store> s;
    Status st = Store::Open(dir_.string(), Store::Mode::kReadWrite, &s);
    EXPECT_TRUE(st.ok()) << st.ToString();
    return s;
  }
};

TEST_F(StoreTest, FreshStoreTakesTheCurrentVersion) {
  auto s = Open();
  EXPECT_TRUE(s->CheckVersion().ok());
  std::string v;
  ASSERT_TRUE(GetMeta(s->Live(), "projection_version", &v).ok());
  EXPECT_EQ(v, std::to_string(kProjectionVersion));
}

TEST_F(StoreTest, OtherVersionIsRefusedWithAdviceToReplay) {
  {
    auto s = Open();
    ASSERT_TRUE(PutMeta(s.get(), "projection_version", "0").ok());
  }
  auto s = Open();
  Status st = s->CheckVersion();
  EXPECT_EQ(st.code(), Status::Code::kConflict);
  EXPECT_NE(st.message().find("followup replay"), std::string::npos);
}

TEST_F(StoreTest, ServableVersionsAreThisAndThePrevious) {
  int version = -1;
  {
    auto s = Open();
    ASSERT_TRUE(s->CheckServableVersion(&version).ok());
    EXPECT_EQ(version, kProjectionVersion);
    ASSERT_TRUE(PutMeta(s.get(), "projection_version", std::to_string(kPreviousProjectionVersion)).ok());
    ASSERT_TRUE(s->CheckServableVersion(&version).ok());
    EXPECT_EQ(version, kPreviousProjectionVersion);
    EXPECT_EQ(s->CheckVersion().code(), Status::Code::kConflict);
    ASSERT_TRUE(PutMeta(s.get(), "projection_version", std::to_string(kPreviousProjectionVersion - 1)).ok());
  }
  auto s = Open();
  EXPECT_EQ(s->CheckServableVersion(&version).code(), Status::Code::kConflict);
}

TEST_F(StoreTest, SnapshotDoesNotSeeLaterWrites) {
  auto s = Open();
  auto snap = s->Snapshot();
  auto b = s->NewBatch();
  b->Put("k", "v");
  ASSERT_TRUE(s->Write(b.get(), false).ok());
  std::string v;
  EXPECT_EQ(snap->Get("k", &v).code(), Status::Code::kNotFound);
  EXPECT_TRUE(s->Live().Get("k", &v).ok());
}

TEST_F(StoreTest, SecondaryReadsWhilePrimaryIsOpen) {
  auto primary = Open();
  auto b = primary->NewBatch();
  b->Put("k", "v");
  ASSERT_TRUE(primary->Write(b.get(), false).ok());
  std::unique_ptr<Store> secondary;
  ASSERT_TRUE(Store::Open(dir_.string(), Store::Mode::kReadOnlySecondary, &secondary).ok());
  std::string v;
  EXPECT_TRUE(secondary->Snapshot()->Get("k", &v).ok());
  EXPECT_EQ(v, "v");
}

TEST_F(StoreTest, SecondaryOfMissingDirIsNotFound) {
  std::unique_ptr<Store> secondary;
  EXPECT_EQ(Store::Open((dir_ / "nope").string(), Store::Mode::kReadOnlySecondary, &secondary).code(),
            Status::Code::kNotFound);
}

TEST_F(StoreTest, ScanReverseStopsAtLowerBound) {
  auto s = Open();
  auto b = s->NewBatch();
  for (const char* k : {"a/1", "a/2", "b/1"}) b->Put(k, "x");
  ASSERT_TRUE(s->Write(b.get(), false).ok());
  std::vector<std::string> seen;
  auto st = s->Live().ScanReverse("a/", "a0", [&](std::string_view k, std::string_view) {
    seen.emplace_back(k);
    return true;
  });
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(seen, (std::vector<std::string>{"a/2", "a/1"}));
}

// A batch is handed to RocksDB in key order (store.cpp): of several writes of
// one key, the last one written still wins.
TEST_F(StoreTest, LastWriteOfAKeyInABatchWins) {
  auto s = Open();
  auto b = s->NewBatch();
  b->Put("b", "1");
  b->Put("a", "x");
  b->Put("b", "2");
  b->Put("c", "y");
  ASSERT_TRUE(s->Write(b.get(), false).ok());
  std::string v;
  ASSERT_TRUE(s->Live().Get("b", &v).ok());
  EXPECT_EQ(v, "2");
}

TEST_F(StoreTest, DeleteAfterPutInABatchDeletes) {
  auto s = Open();
  auto b = s->NewBatch();
  b->Put("k", "v");
  b->Put("a", "x");
  b->Delete("k");
  ASSERT_TRUE(s->Write(b.get(), false).ok());
  std::string v;
  EXPECT_EQ(s->Live().Get("k", &v).code(), Status::Code::kNotFound);
}

TEST_F(StoreTest, PutAfterDeleteInABatchPuts) {
  auto s = Open();
  auto first = s->NewBatch();
  first->Put("k", "old");
  ASSERT_TRUE(s->Write(first.get(), false).ok());
  auto b = s->NewBatch();
  b->Delete("k");
  b->Put("a", "x");
  b->Put("k", "new");
  ASSERT_TRUE(s->Write(b.get(), false).ok());
  std::string v;
  ASSERT_TRUE(s->Live().Get("k", &v).ok());
  EXPECT_EQ(v, "new");
}

TEST_F(StoreTest, EveryKeyOfAnUnorderedBatchIsWritten) {
  auto s = Open();
  auto b = s->NewBatch();
  for (const char* k : {"m/2", "d/9", "m/1", "o/x", "d/1"}) b->Put(k, k);
  ASSERT_TRUE(s->Write(b.get(), false).ok());
  std::vector<std::string> seen;
  ASSERT_TRUE(s->Live()
                  .Scan("", "z",
                        [&](std::string_view k, std::string_view v) {
                          seen.emplace_back(std::string(k) + "=" + std::string(v));
                          return true;
                        })
                  .ok());
  EXPECT_EQ(seen, (std::vector<std::string>{"d/1=d/1", "d/9=d/9", "m/1=m/1", "m/2=m/2", "o/x=o/x"}));
}

TEST_F(StoreTest, StoredOffsetsAreReadAsNumbers) {
  auto s = Open();
  auto b = s->NewBatch();
  b->Put(keys::Offset("followup.probes", 0), "42");
  b->Put(keys::Offset("followup.probes", 3), "7");
  b->Put(keys::Offset("followup.usage", 1), "x9");
  ASSERT_TRUE(s->Write(b.get(), false).ok());
  int64_t next = -1;
  std::string raw;
  EXPECT_TRUE(GetStoredOffset(s->Live(), "followup.probes", 0, &next, &raw).ok());
  EXPECT_EQ(next, 42);
  EXPECT_EQ(GetStoredOffset(s->Live(), "followup.probes", 1, &next, &raw).code(), Status::Code::kNotFound);
  EXPECT_EQ(GetStoredOffset(s->Live(), "followup.usage", 1, &next, &raw).code(), Status::Code::kInvalid);
  EXPECT_EQ(raw, "x9");
  const auto all = StoredOffsets(s->Live());
  EXPECT_EQ(all.size(), 2u);
  EXPECT_EQ(all.at({"followup.probes", 0}), 42);
  EXPECT_EQ(all.at({"followup.probes", 3}), 7);
}

}  // namespace
}  // namespace followup
