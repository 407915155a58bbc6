#include "probe/probe_event.h"

#include <gtest/gtest.h>

#include <set>
#include <vector>

#include "events/decoder.h"
#include "probe/result_buffer.h"

namespace followup::probe {
namespace {

constexpr TimeMs kT = 1'795'687'200'000;  // 2026-11-26T10:00:00Z

TEST(ProbeEvent, EventIdIsStablePerScheduledTime) {
  EXPECT_EQ(FormatRfc3339Utc(kT), "2026-11-26T10:00:00Z");
  EXPECT_EQ(ProbeEventId("kista", "bygglov", kT), "kista:bygglov:2026-11-26T10:00:00Z");
  EXPECT_EQ(ProbeEventId("kista", "bygglov", kT + 250), "kista:bygglov:2026-11-26T10:00:00.250Z");
  // The result does not enter the id: a retry of the same check is the same event.
  CheckResult ok{true, 12.5, 200, ""};
  CheckResult failed{false, 2000, 0, "timeout after 2 s"};
  std::string id1, id2, id3;
  BuildProbeEvent("kista", "bygglov", kT, ok, &id1);
  BuildProbeEvent("kista", "bygglov", kT, failed, &id2);
  BuildProbeEvent("kista", "bygglov", kT + 30'000, ok, &id3);
  EXPECT_EQ(id1, id2);
  EXPECT_NE(id1, id3);
  // Unambiguous: '-' in slugs cannot make two (location, service) pairs collide.
  EXPECT_NE(ProbeEventId("a-b", "c", kT), ProbeEventId("a", "b-c", kT));
  // The longest location and service_id still fit the 128-character limit.
  std::string longest = ProbeEventId(std::string(32, 'l'), std::string(64, 's'), kT + 999);
  EXPECT_LE(longest.size(), 128u);
}

TEST(ProbeEvent, JsonDecodesWithEventDecoder) {
  EventDecoder decoder;
  Event e;
  DecodeError err;
  std::string id;
  std::string json = BuildProbeEvent("kista", "bygglov", kT + 123, CheckResult{true, 41.25, 200, ""}, &id);
  ASSERT_TRUE(decoder.Decode(json, &e, &err)) << err.reason << "\n" << json;
  EXPECT_EQ(e.type, EventType::kProbe);
  EXPECT_EQ(e.event_id, id);
  EXPECT_EQ(e.occurred_at, kT + 123);
  const auto& p = std::get<ProbeEvent>(e.body);
  EXPECT_EQ(p.service_id, "bygglov");
  EXPECT_EQ(p.location, "kista");
  EXPECT_TRUE(p.ok);
  EXPECT_EQ(p.latency_us, 41'250);
  EXPECT_EQ(p.http_status, 200);
  EXPECT_EQ(p.error, "");
  EXPECT_EQ(json.find("\"error\""), std::string::npos);

  // Failure with a status and an error full of characters that need escaping.
  json = BuildProbeEvent("kista", "bygglov", kT,
                         CheckResult{false, 3.0, 503, "HTTP status 503 \"x\"\n\t<b>\\ åäö"}, nullptr);
  ASSERT_TRUE(decoder.Decode(json, &e, &err)) << err.reason << "\n" << json;
  const auto& f = std::get<ProbeEvent>(e.body);
  EXPECT_FALSE(f.ok);
  EXPECT_EQ(f.http_status, 503);
  EXPECT_EQ(f.error, "HTTP status 503 \"x\"\n\t<b>\\ åäö");

  // No response at all: http_status is omitted; a long error is cut to 512 code points.
  std::string long_error;
  for (int i = 0; i < 600; ++i) long_error += "ö";
  json = BuildProbeEvent("kista", "bygglov", kT, CheckResult{false, 10'000, 0, long_error}, nullptr);
  EXPECT_EQ(json.find("http_status"), std::string::npos);
  ASSERT_TRUE(decoder.Decode(json, &e, &err)) << err.reason;
  EXPECT_EQ(std::get<ProbeEvent>(e.body).error.size(), 512u * 2);
  EXPECT_EQ(std::get<ProbeEvent>(e.body).http_status, 0);

  // Negative or NaN latencies (cannot happen, but never produce an invalid event).
  json = BuildProbeEvent("kista", "bygglov", kT, CheckResult{false, -1, 0, "x"}, nullptr);
  ASSERT_TRUE(decoder.Decode(json, &e, &err)) << err.reason;
}

TEST(ProbeEvent, Utf8Truncate) {
  EXPECT_EQ(Utf8Truncate("abc", 2), "ab");
  EXPECT_EQ(Utf8Truncate("åäö", 2), "åä");
  EXPECT_EQ(Utf8Truncate("a\xff"
                         "b",
                         10),
            "a?b");
  EXPECT_EQ(Utf8Truncate("\xc3", 10), "?");  // cut sequence
  EXPECT_EQ(Utf8Truncate("", 10), "");
}

TEST(ProbeSchedule, SlotsArePhasePlusMultiplesOfTheInterval) {
  const int64_t interval = 30'000;
  const int64_t phase = SchedulePhase("kista", "bygglov", interval);
  EXPECT_GE(phase, 0);
  EXPECT_LT(phase, interval);
  EXPECT_EQ(phase, SchedulePhase("kista", "bygglov", interval));  // deterministic
  TimeMs next = NextSlotAfter(kT, phase, interval);
  EXPECT_GT(next, kT);
  EXPECT_LE(next, kT + interval);
  EXPECT_EQ(((next - phase) % interval + interval) % interval, 0);
  EXPECT_EQ(NextSlotAfter(next, phase, interval), next + interval);  // strictly after
  EXPECT_EQ(SlotAtOrBefore(next, phase, interval), next);
  EXPECT_EQ(SlotAtOrBefore(next + interval - 1, phase, interval), next);
  EXPECT_EQ(SlotAtOrBefore(next - 1, phase, interval), next - interval);
  // Before the epoch too (floor division).
  EXPECT_EQ(SlotAtOrBefore(-1, 0, 1000), -1000);
  EXPECT_EQ(NextSlotAfter(-1, 0, 1000), 0);
}

TEST(ProbeSchedule, JitterSpreadsTargetsOverTheInterval) {
  // 1000 targets at 30 s: the phases fall evenly into 10 buckets of 3 s, so no
  // moment sees a burst of checks.
  const int64_t interval = 30'000;
  const int n = 1000, buckets = 10;
  std::vector<int> count(buckets, 0);
  std::set<int64_t> distinct;
  for (int i = 0; i < n; ++i) {
    int64_t p = SchedulePhase("kista", "service-" + std::to_string(i), interval);
    ASSERT_GE(p, 0);
    ASSERT_LT(p, interval);
    ++count[p * buckets / interval];
    distinct.insert(p);
  }
  for (int b = 0; b < buckets; ++b) {
    EXPECT_GT(count[b], n / buckets * 7 / 10) << "bucket " << b;
    EXPECT_LT(count[b], n / buckets * 13 / 10) << "bucket " << b;
  }
  EXPECT_GT(distinct.size(), 950u);
  // The same service at two locations does not fire at the same instant either.
  int same = 0;
  for (int i = 0; i < n; ++i) {
    std::string s = "service-" + std::to_string(i);
    same += SchedulePhase("kista", s, interval) == SchedulePhase("farsta", s, interval);
  }
  EXPECT_LT(same, 5);
  // At a 1 s interval, per 100 ms window.
  std::vector<int> tenths(10, 0);
  for (int i = 0; i < n; ++i) ++tenths[SchedulePhase("kista", "s" + std::to_string(i), 1000) / 100];
  for (int b = 0; b < 10; ++b) EXPECT_LT(tenths[b], 130) << "window " << b;
}

PendingResult R(int i) {
  PendingResult r;
  r.key = "svc";
  r.event_id = "kista:svc:" + std::to_string(i);
  r.value = "{}";
  r.scheduled = i;
  return r;
}

TEST(ResultBuffer, DropsTheOldestWhenFull) {
  ResultBuffer b(3);
  EXPECT_EQ(b.Push(R(1)), 0u);
  EXPECT_EQ(b.Push(R(2)), 0u);
  EXPECT_EQ(b.Push(R(3)), 0u);
  EXPECT_EQ(b.Push(R(4)), 1u);  // 1 goes
  EXPECT_EQ(b.Push(R(5)), 1u);  // 2 goes
  EXPECT_EQ(b.dropped_total(), 2u);
  EXPECT_EQ(b.depth(), 3u);
  std::vector<TimeMs> left;
  while (!b.empty()) left.push_back(b.PopFront().scheduled);
  EXPECT_EQ(left, (std::vector<TimeMs>{3, 4, 5}));
}

TEST(ResultBuffer, InFlightCountsAgainstTheBound) {
  ResultBuffer b(4);
  for (int i = 1; i <= 4; ++i) b.Push(R(i));
  // The publisher hands two to Kafka.
  b.PopFront();
  b.PopFront();
  b.set_in_flight(2);
  EXPECT_EQ(b.depth(), 4u);
  EXPECT_EQ(b.Push(R(5)), 1u);  // 3 is the oldest still waiting
  EXPECT_EQ(b.front().scheduled, 4);
  // A failed delivery comes back at the front: it is the oldest, and with the
  // buffer full it is the one dropped.
  b.set_in_flight(1);
  EXPECT_EQ(b.PushFront(R(1)), 0u);
  EXPECT_EQ(b.front().scheduled, 1);
  EXPECT_EQ(b.Push(R(6)), 1u);
  EXPECT_EQ(b.front().scheduled, 4);
  EXPECT_EQ(b.back().scheduled, 6);
  EXPECT_EQ(b.dropped_total(), 2u);
}

TEST(ResultBuffer, LargeOutageKeepsTheNewest) {
  ResultBuffer b(100'000);
  for (int i = 0; i < 250'000; ++i) b.Push(R(i));
  EXPECT_EQ(b.waiting(), 100'000u);
  EXPECT_EQ(b.dropped_total(), 150'000u);
  EXPECT_EQ(b.front().scheduled, 150'000);
  EXPECT_EQ(b.back().scheduled, 249'999);
  b.set_limit(10);  // a reload with a smaller bound applies at the next push
  b.Push(R(250'000));
  EXPECT_EQ(b.waiting(), 10u);
  EXPECT_EQ(b.front().scheduled, 249'991);
}

}  // namespace
}  // namespace followup::probe
