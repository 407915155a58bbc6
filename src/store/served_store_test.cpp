#include "store/served_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "store/meta.h"
#include "store/store_testing.h"

namespace followup {
namespace {

namespace fs = std::filesystem;

class ServedStoreTest : public TempDirTest {
 protected:
  std::shared_ptr<Store> Open(const std::string& name, const std::string& which) {
    std::unique_ptr<Store> s;
    EXPECT_TRUE(Store::Open((dir_ / name).string(), Store::Mode::kReadWrite, &s).ok());
    EXPECT_TRUE(PutMeta(s.get(), "which", which).ok());
    return std::shared_ptr<Store>(std::move(s));
  }
  static std::string Which(const KvReader& r) {
    std::string v;
    EXPECT_TRUE(GetMeta(r, "which", &v).ok());
    return v;
  }
};

TEST_F(ServedStoreTest, ASnapshotFinishesOnTheStoreItWasTakenFrom) {
  ServedStore served(Open("a", "old"), 3);
  std::unique_ptr<KvReader> before = served.Snapshot();
  std::weak_ptr<Store> old = served.Current();
  served.Switch(Open("b", "new"), 4);
  EXPECT_EQ(Which(*before), "old");
  EXPECT_EQ(Which(*served.Snapshot()), "new");
  EXPECT_FALSE(old.expired());
  before.reset();
  EXPECT_TRUE(old.expired());
}

TEST_F(ServedStoreTest, VersionFollowsTheSwitch) {
  ServedStore served(Open("a", "old"), 3);
  EXPECT_EQ(served.ProjectionVersion(), 3);
  served.Switch(Open("b", "new"), 4);
  EXPECT_EQ(served.ProjectionVersion(), 4);
}

// Readers cache by Sequence: a switch to a store with fewer writes must
// still read as a change, and later writes as further changes.
TEST_F(ServedStoreTest, SequenceGrowsAcrossASwitch) {
  std::shared_ptr<Store> a = Open("a", "old");
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(PutMeta(a.get(), "n", std::to_string(i)).ok());
  ServedStore served(a, 4);
  const uint64_t before = served.Sequence();
  std::shared_ptr<Store> b = Open("b", "new");
  served.Switch(b, 4);
  const uint64_t after = served.Sequence();
  EXPECT_GT(after, before);
  ASSERT_TRUE(PutMeta(b.get(), "n", "x").ok());
  EXPECT_GT(served.Sequence(), after);
}

}  // namespace
}  // namespace followup
