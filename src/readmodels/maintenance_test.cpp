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

// What counting the minute records of [a, b) one by one gives.
VerdictTally MinuteByMinute(const MemKv& kv, MinuteIdx a, MinuteIdx b) {
  VerdictTally slow;
  for (MinuteIdx m = a; m < b; ++m) {
    std::string raw;
    MinuteState st;
    if (!kv.Get(keys::Minute("a", m), &raw).ok() || !st.Decode(raw)) continue;
    Verdict v = ProbeVerdict(st);
    slow.up += v == Verdict::kUp;
    slow.degraded += v == Verdict::kDegraded;
    slow.down += v == Verdict::kDown;
  }
  return slow;
}

// Random ranges within [lo, hi) give what counting their minutes one by one gives.
void ExpectAgreement(const MemKv& kv, MinuteIdx lo, MinuteIdx hi, int ranges, unsigned seed,
                     MinuteIdx settled_before = kAllSettled) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<MinuteIdx> pick(lo, hi);
  for (int i = 0; i < ranges; ++i) {
    MinuteIdx a = pick(rng), b = pick(rng);
    if (a > b) std::swap(a, b);
    if (i % 4 == 0) a -= a % 60;  // some start on a whole hour, some on a whole UTC day
    if (i % 8 == 0) a -= a % 1440;
    VerdictTally fast;
    ASSERT_TRUE(CountProbeVerdicts(kv, "a", MinuteRange{a, b}, &fast, settled_before).ok());
    VerdictTally slow = MinuteByMinute(kv, a, b);
    ASSERT_EQ(fast.up, slow.up) << a << ".." << b;
    ASSERT_EQ(fast.degraded, slow.degraded) << a << ".." << b;
    ASSERT_EQ(fast.down, slow.down) << a << ".." << b;
  }
}

TEST(CountProbeVerdicts, AgreesWithMinuteByMinute) {
  MemKv kv;
  Fill(&kv);
  ExpectAgreement(kv, At("2026-11-26T09:00:00Z"), At("2026-11-26T12:00:00Z"), 200, 7);
}

// Over days: whole UTC days come from day records, large parts of a day from
// the day less the hours outside them.
TEST(CountProbeVerdicts, AgreesWithMinuteByMinuteOverDays) {
  MemKv kv;
  Probes p(&kv, "days-");
  const MinuteIdx from = At("2026-11-24T05:00:00Z"), to = At("2026-11-27T17:00:00Z");
  for (MinuteIdx m = from; m < to; ++m) {
    if (m % 13 == 0) continue;  // an unprobed minute now and then
    p.Add(m, "kista", m % 7 != 0);
    if (m % 5 == 0) p.Add(m, "liljeholmen", m % 11 != 0);
  }
  p.Commit();
  ExpectAgreement(kv, At("2026-11-23T22:00:00Z"), At("2026-11-28T02:00:00Z"), 300, 11);
  // The same with now inside the probes: hours from it on are in progress.
  ExpectAgreement(kv, At("2026-11-23T22:00:00Z"), At("2026-11-28T02:00:00Z"), 300, 12,
                  At("2026-11-26T23:20:00Z"));
  VerdictTally whole;
  ASSERT_TRUE(
      CountProbeVerdicts(kv, "a", MinuteRange{At("2026-11-25T00:00:00Z"), At("2026-11-26T00:00:00Z")}, &whole)
          .ok());
  // Minute 29,926,080 (00:00Z) is 2 mod 13: the day has 110 unprobed minutes.
  EXPECT_EQ(whole.up + whole.degraded + whole.down, 1440 - 110);
}

}  // namespace
}  // namespace followup
