#include "readmodels/maintenance.h"

#include <gtest/gtest.h>

#include <random>

#include "projections/availability.h"
#include "projections/fold.h"
#include "projections/keys.h"

namespace followup {
namespace {

MinuteIdx At(const char* rfc3339) { return MinuteOf(*ParseRfc3339(rfc3339)); }

// One probe per call, 15 s into the minute; event ids <prefix><n>.
class Probes {
 public:
  Probes(MemKv* kv, std::string prefix) : kv_(kv), fold_(kv, FoldOptions{}), prefix_(std::move(prefix)) {}
  void Add(MinuteIdx minute, const char* location, bool ok) {
    TimeMs t = MinuteStart(minute) + 15000;
    FoldOutcome o;
    Status s = fold_.Apply(Event{EventType::kProbe, prefix_ + std::to_string(n_++), t, "",
                                 ProbeEvent{"a", location, ok, 1000, 200, ""}, ""},
                           t, &o);
    ASSERT_TRUE(s.ok());
  }
  void Commit() { fold_.Flush(kv_); }

 private:
  MemKv* kv_;
  Fold fold_;
  std::string prefix_;
  int n_ = 0;
};

// From 09:55 to 11:05 UTC on 2026-11-26 one location (kista) every minute, all
// passing except 10:30 and 11:02 (one location of one failing: down); at 09:57
// a second location (liljeholmen) fails (one of two: degraded).
void Fill(MemKv* kv) {
  Probes p(kv, "fill-");
  for (MinuteIdx m = At("2026-11-26T09:55:00Z"); m < At("2026-11-26T11:06:00Z"); ++m)
    p.Add(m, "kista", m != At("2026-11-26T10:30:00Z") && m != At("2026-11-26T11:02:00Z"));
  p.Add(At("2026-11-26T09:57:00Z"), "liljeholmen", false);
  p.Commit();
}

VerdictTally Count(const MemKv& kv, const char* from, const char* to) {
  VerdictTally t;
  Status s = CountProbeVerdicts(kv, "a", MinuteRange{At(from), At(to)}, &t);
  EXPECT_TRUE(s.ok());
  return t;
}

TEST(CountProbeVerdicts, EdgesAndWholeHours) {
  MemKv kv;
  Fill(&kv);
  // 09:57 degraded, 09:58-09:59 up; the hour 10: 59 up, 10:30 down; 11:00-11:01 up, 11:02 down.
  VerdictTally t = Count(kv, "2026-11-26T09:57:00Z", "2026-11-26T11:03:00Z");
  EXPECT_EQ(t.up, 63);
  EXPECT_EQ(t.degraded, 1);
  EXPECT_EQ(t.down, 2);
}

TEST(CountProbeVerdicts, InsideOneHour) {
  MemKv kv;
  Fill(&kv);
  VerdictTally t = Count(kv, "2026-11-26T10:10:00Z", "2026-11-26T10:40:00Z");
  EXPECT_EQ(t.up, 29);
  EXPECT_EQ(t.degraded, 0);
  EXPECT_EQ(t.down, 1);
}

TEST(CountProbeVerdicts, ExactlyOneHour) {
  MemKv kv;
  Fill(&kv);
  VerdictTally t = Count(kv, "2026-11-26T10:00:00Z", "2026-11-26T11:00:00Z");
  EXPECT_EQ(t.up, 59);
  EXPECT_EQ(t.down, 1);
}

TEST(CountProbeVerdicts, EmptyAndUnprobedRangesCountNothing) {
  MemKv kv;
  Fill(&kv);
  VerdictTally empty = Count(kv, "2026-11-26T10:00:00Z", "2026-11-26T10:00:00Z");
  EXPECT_EQ(empty.up + empty.degraded + empty.down, 0);
  VerdictTally night = Count(kv, "2026-11-26T00:00:00Z", "2026-11-26T09:55:00Z");
  EXPECT_EQ(night.up + night.degraded + night.down, 0);
}

TEST(CountProbeVerdicts, LateProbeCorrectsTheHour) {
  MemKv kv;
  Fill(&kv);
  // A passing second location for 10:30 arrives late: one of two fails, degraded.
  Probes late(&kv, "late-");
  late.Add(At("2026-11-26T10:30:00Z"), "liljeholmen", true);
  late.Commit();
  VerdictTally t = Count(kv, "2026-11-26T10:00:00Z", "2026-11-26T11:00:00Z");
  EXPECT_EQ(t.up, 59);
  EXPECT_EQ(t.degraded, 1);
  EXPECT_EQ(t.down, 0);
}

// Any range gives what counting its minute records one by one gives.
TEST(CountProbeVerdicts, AgreesWithMinuteByMinute) {
  MemKv kv;
  Fill(&kv);
  std::mt19937 rng(7);
  const MinuteIdx lo = At("2026-11-26T09:00:00Z"), hi = At("2026-11-26T12:00:00Z");
  std::uniform_int_distribution<MinuteIdx> pick(lo, hi);
  for (int i = 0; i < 200; ++i) {
    MinuteIdx a = pick(rng), b = pick(rng);
    if (a > b) std::swap(a, b);
    VerdictTally fast, slow;
    ASSERT_TRUE(CountProbeVerdicts(kv, "a", MinuteRange{a, b}, &fast).ok());
    for (MinuteIdx m = a; m < b; ++m) {
      std::string raw;
      MinuteState st;
      if (!kv.Get(keys::Minute("a", m), &raw).ok() || !st.Decode(raw)) continue;
      Verdict v = ProbeVerdict(st);
      slow.up += v == Verdict::kUp;
      slow.degraded += v == Verdict::kDegraded;
      slow.down += v == Verdict::kDown;
    }
    ASSERT_EQ(fast.up, slow.up) << a << ".." << b;
    ASSERT_EQ(fast.degraded, slow.degraded) << a << ".." << b;
    ASSERT_EQ(fast.down, slow.down) << a << ".." << b;
  }
}

}  // namespace
}  // namespace followup
