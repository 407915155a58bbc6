// StatusBoard's thread: it publishes at Start, recomputes after Poke without
// blocking the caller, and recomputes as time passes (staleness).
#include "readmodels/status_board.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "projections/fold_testing.h"

namespace followup {
namespace {

std::string Service(const std::string& svc) {
  return R"({"type":"service.v1","event_id":"s-)" + svc +
         R"(","occurred_at":"2026-11-01T00:00:00Z","service_id":")" + svc +
         R"(","name":"Tjänst","owner":"N","category":"grundlaggande","focus_area":1,"url":"https://x",)" +
         R"("alternatives":[],"presents_case_status":true,"wcag_aa":true,"investment_sek":10})";
}

std::string Probe(const std::string& at) {
  return R"({"type":"probe.v1","event_id":"p-)" + at + R"(","occurred_at":")" + at +
         R"(","service_id":"a","location":"kista","ok":true,"latency_ms":100})";
}

// A store the test mutates while the board reads copies of it.
struct SharedKv {
  std::mutex mu;
  MemKv kv;
  void Fold(const std::vector<std::string>& lines) {
    std::lock_guard<std::mutex> l(mu);
    FoldLines(&kv, lines);
  }
  std::unique_ptr<KvReader> Snapshot() {
    std::lock_guard<std::mutex> l(mu);
    return std::make_unique<MemKv>(kv);
  }
};

template <class F>
bool Eventually(F f, int ms = 5000) {
  auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  while (std::chrono::steady_clock::now() < end) {
    if (f()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return f();
}

TEST(StatusBoard, PublishesAtStartAndAfterPoke) {
  SharedKv store;
  store.Fold({Service("a")});
  StatusBoardOptions o;
  o.refresh_ms = 60'000;  // only pokes wake it during this test
  std::atomic<TimeMs> now{*ParseRfc3339("2026-11-26T10:05:30Z")};
  o.clock = [&now] { return now.load(); };
  StatusBoard board([&store] { return store.Snapshot(); }, o);
  EXPECT_EQ(board.Current(), nullptr);
  board.Start();
  ASSERT_NE(board.Current(), nullptr);
  EXPECT_EQ(board.Status()->Find("a")->level, StatusLevel::kUnknown);

  store.Fold({Probe("2026-11-26T10:04:10Z")});
  auto t0 = std::chrono::steady_clock::now();
  board.Poke();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(50));  // never waits for the compute
  EXPECT_TRUE(Eventually([&] { return board.Status()->Find("a")->level == StatusLevel::kOperational; }));
  EXPECT_NE(board.Current()->service_json.at("a").body.find("\"level\":\"operational\""), std::string::npos);

  // No new event, time passes: the probe goes stale and the level follows.
  now = *ParseRfc3339("2026-11-26T10:20:00Z");
  board.Poke();
  EXPECT_TRUE(Eventually([&] { return board.Status()->Find("a")->level == StatusLevel::kUnknown; }));
  board.Stop();
}

TEST(StatusBoard, RecomputesEverySecondWithoutPokes) {
  SharedKv store;
  store.Fold({Service("a"), Probe("2026-11-26T10:04:10Z")});
  StatusBoardOptions o;
  o.refresh_ms = 50;
  std::atomic<TimeMs> now{*ParseRfc3339("2026-11-26T10:05:30Z")};
  o.clock = [&now] { return now.load(); };
  StatusBoard board([&store] { return store.Snapshot(); }, o);
  board.Start();
  EXPECT_EQ(board.Status()->Find("a")->level, StatusLevel::kOperational);
  now = *ParseRfc3339("2026-11-26T10:20:00Z");
  EXPECT_TRUE(Eventually([&] { return board.Status()->Find("a")->level == StatusLevel::kUnknown; }));
}

TEST(StatusBoard, ManyPokesAreCoalesced) {
  SharedKv store;
  store.Fold({Service("a")});
  std::atomic<int> computes{0};
  StatusBoardOptions o;
  o.refresh_ms = 60'000;
  o.min_interval_ms = 100;
  StatusBoard board([&] { ++computes; return store.Snapshot(); }, o);
  board.Start();
  auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < 10000; ++i) board.Poke();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(500));
  std::this_thread::sleep_for(std::chrono::milliseconds(350));
  board.Stop();
  EXPECT_LE(computes.load(), 6);  // the start, then at most one per 100 ms
  EXPECT_GE(computes.load(), 2);
}

}  // namespace
}  // namespace followup
