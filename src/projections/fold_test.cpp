#include "projections/fold.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "projections/availability.h"
#include "projections/fold_testing.h"
#include "projections/keys.h"
#include "readmodels/dump.h"

namespace followup {
namespace {

std::string Probe(const std::string& id, const std::string& svc, const std::string& loc, bool ok,
                  const std::string& at, double latency = 100) {
  return R"({"type":"probe.v1","event_id":")" + id + R"(","occurred_at":")" + at + R"(","service_id":")" +
         svc + R"(","location":")" + loc + R"(","ok":)" + (ok ? "true" : "false") + R"(,"latency_ms":)" +
         std::to_string(latency) + "}";
}

std::string Service(const std::string& id, const std::string& svc, const std::string& owner,
                    const std::string& at) {
  return R"({"type":"service.v1","event_id":")" + id + R"(","occurred_at":")" + at + R"(","service_id":")" +
         svc + R"(","name":"N","owner":")" + owner +
         R"(","category":"innovativt","focus_area":2,"url":"https://x","alternatives":[],"presents_case_status":true,"wcag_aa":false,"investment_sek":10})";
}

std::string Announcement(const std::string& id, const std::string& ann, int rev, const std::string& state) {
  return R"({"type":"announcement.v1","event_id":")" + id +
         R"(","occurred_at":"2026-11-26T10:00:00Z","announcement_id":")" + ann + R"(","revision":)" +
         std::to_string(rev) + R"(,"kind":"incident","service_ids":["a"],"state":")" + state +
         R"(","starts_at":"2026-11-26T10:00:00Z","ends_at":null,"title_sv":"t","body_sv":"b"})";
}

MinuteState MinuteOfKv(const MemKv& kv, const std::string& svc, const std::string& at) {
  MinuteState m;
  std::string raw;
  if (kv.Get(keys::Minute(svc, MinuteOf(*ParseRfc3339(at))), &raw).ok()) m.Decode(raw);
  return m;
}

ServiceQuarter QuarterOfKv(const MemKv& kv, const std::string& svc, const std::string& quarter) {
  ServiceQuarter q;
  std::string raw;
  if (kv.Get(keys::Quarter(*ParseQuarter(quarter), svc), &raw).ok()) q.Decode(raw);
  return q;
}

std::string Dump(const MemKv& kv) {
  std::string out;
  EXPECT_TRUE(DumpProjections(kv, &out).ok());
  return out;
}

ProbeEvent P(const char* loc, bool ok) { return ProbeEvent{"a", loc, ok, 1000, 0, ""}; }

Verdict VerdictOf(std::initializer_list<ProbeEvent> probes) {
  MinuteState m;
  for (const auto& p : probes) AddProbe(&m, p);
  return ProbeVerdict(m);
}

TEST(Verdict, NoProbesIsUnknown) { EXPECT_EQ(VerdictOf({}), Verdict::kUnknown); }
TEST(Verdict, AllPassIsUp) { EXPECT_EQ(VerdictOf({P("k", true), P("l", true)}), Verdict::kUp); }
TEST(Verdict, TieAtLocationFails) {
  EXPECT_EQ(VerdictOf({P("k", true), P("k", false), P("l", true), P("m", true)}), Verdict::kDegraded);
}
TEST(Verdict, MajorityPassAtLocationPasses) {
  EXPECT_EQ(VerdictOf({P("k", true), P("k", true), P("k", false)}), Verdict::kUp);
}
TEST(Verdict, HalfOfLocationsIsDegraded) {
  EXPECT_EQ(VerdictOf({P("k", false), P("l", true)}), Verdict::kDegraded);
}
TEST(Verdict, StrictMajorityIsDown) {
  EXPECT_EQ(VerdictOf({P("k", false), P("l", false), P("m", true)}), Verdict::kDown);
}
TEST(Verdict, TwoOfFourIsDegraded) {
  EXPECT_EQ(VerdictOf({P("k", false), P("l", false), P("m", true), P("n", true)}), Verdict::kDegraded);
}

TEST(Fold, LateProbeCorrectsVerdictAndRollup) {
  MemKv kv;
  FoldLines(&kv, {Probe("p1", "a", "kista", true, "2026-11-26T10:00:10Z")});
  EXPECT_EQ(QuarterOfKv(kv, "a", "2026Q4").minutes_up, 1);
  // Two failing locations arrive late for the same minute: now 2 of 3 fail.
  FoldLines(&kv, {Probe("p2", "a", "liljeholmen", false, "2026-11-26T10:00:50Z"),
                  Probe("p3", "a", "skarholmen", false, "2026-11-26T10:00:20Z")});
  ServiceQuarter q = QuarterOfKv(kv, "a", "2026Q4");
  EXPECT_EQ(q.minutes_up, 0);
  EXPECT_EQ(q.minutes_down, 1);
  EXPECT_EQ(q.probes, 3);
  EXPECT_EQ(ProbeVerdict(MinuteOfKv(kv, "a", "2026-11-26T10:00:00Z")), Verdict::kDown);
}

TEST(Fold, DuplicateEventIdChangesNothing) {
  MemKv kv;
  FoldTally t = FoldLines(&kv, {Probe("p1", "a", "kista", true, "2026-11-26T10:00:10Z"),
                                Probe("p1", "a", "kista", true, "2026-11-26T10:00:10Z")});
  EXPECT_EQ(t.applied, 1);
  EXPECT_EQ(t.duplicates, 1);
  std::string before = Dump(kv);
  FoldTally again = FoldLines(&kv, {Probe("p1", "a", "kista", true, "2026-11-26T10:00:10Z")});
  EXPECT_EQ(again.duplicates, 1);
  EXPECT_EQ(Dump(kv), before);
}

// A copy is the same event when the decoded content is: source, unknown
// fields, null for an absent optional and the number's spelling do not count.
TEST(Fold, SameContentIsTheDecodedEvent) {
  MemKv kv;
  const std::string plain =
      R"({"type":"probe.v1","event_id":"p1","occurred_at":"2026-11-26T10:00:10Z","service_id":"a","location":"kista","ok":true,"latency_ms":120})";
  const std::string spelled =
      R"({"type":"probe.v1","event_id":"p1","occurred_at":"2026-11-26T11:00:10.000+01:00","service_id":"a","location":"kista","ok":true,"latency_ms":120.0,"http_status":null,"source":"other","extra":1})";
  FoldTally t = FoldLines(&kv, {plain, spelled});
  EXPECT_EQ(t.applied, 1);
  EXPECT_EQ(t.duplicates, 1);
  EXPECT_EQ(t.conflicts, 0);
}

// Two copies that differ only in actor (the admin token's id) are one event:
// a duplicate, not an id conflict, and the state is that of one copy.
TEST(Fold, CopiesDifferingOnlyInActorAreDuplicates) {
  const std::string base =
      R"({"type":"announcement.v1","event_id":"admin-1","occurred_at":"2026-11-26T10:00:00Z","source":"followup-admin",ACTOR"announcement_id":"a1","revision":1,"kind":"incident","service_ids":["a"],"state":"investigating","starts_at":"2026-11-26T09:50:00Z","ends_at":null,"title_sv":"Fel","body_sv":""})";
  auto with = [&](const std::string& actor) {
    std::string line = base;
    return line.replace(line.find("ACTOR"), 5, actor);
  };
  MemKv one, both;
  FoldTally single = FoldLines(&one, {with("")});
  ASSERT_EQ(single.applied, 1);
  FoldTally t =
      FoldLines(&both, {with(R"("actor":"driftledning",)"), with(R"("actor":"ils-team",)"), with("")});
  EXPECT_EQ(t.applied, 1);
  EXPECT_EQ(t.duplicates, 2);
  EXPECT_EQ(t.conflicts, 0);
  EXPECT_EQ(Dump(both), Dump(one));
}

// Same id, other content, same window: an id conflict. The first copy stays.
TEST(Fold, ConflictKeepsTheFirstCopyAndNamesIt) {
  MemKv kv;
  EventDecoder decoder;
  Event first, second;
  DecodeError err;
  ASSERT_TRUE(decoder.Decode(Probe("p1", "a", "kista", true, "2026-11-26T10:00:10Z"), &first, &err));
  ASSERT_TRUE(decoder.Decode(Probe("p1", "a", "kista", false, "2026-11-26T10:00:10Z"), &second, &err));
  const TimeMs log_time = *ParseRfc3339("2026-11-26T10:00:11Z");
  Fold fold(&kv, FoldOptions{});
  FoldOutcome o;
  ASSERT_TRUE(fold.Apply(first, log_time, &o, LogPosition{"followup.probes", 3, 17}).ok());
  EXPECT_EQ(o, FoldOutcome::kApplied);
  fold.Flush(&kv);
  const std::string before = Dump(kv);
  LogPosition seen;
  ASSERT_TRUE(fold.Apply(second, log_time + 1000, &o, LogPosition{"followup.probes", 5, 2}, &seen).ok());
  EXPECT_EQ(o, FoldOutcome::kConflict);
  EXPECT_EQ(seen.ToString(), "followup.probes/3@17");
  fold.Flush(&kv);
  EXPECT_EQ(Dump(kv), before);
  EXPECT_EQ(ProbeVerdict(MinuteOfKv(kv, "a", "2026-11-26T10:00:10Z")), Verdict::kUp);
}

// Windows are aligned to the Unix epoch: 30 days = 2,592,000,000 ms, so
// window 680 of log time is [1762560000000, 1765152000000) =
// [2025-11-08T00:00:00Z, 2025-12-08T00:00:00Z).
TEST(Fold, DedupWindowsAreEpochAligned) {
  const TimeMs w = 30LL * 24 * 3600 * 1000;
  EXPECT_EQ(DedupWindow(*ParseRfc3339("2025-11-08T00:00:00Z"), w), 680);
  EXPECT_EQ(DedupWindow(*ParseRfc3339("2025-11-07T23:59:59.999Z"), w), 679);
  EXPECT_EQ(DedupWindow(*ParseRfc3339("2025-12-07T23:59:59.999Z"), w), 680);
  EXPECT_EQ(DedupWindow(0, w), 0);
  EXPECT_EQ(DedupWindow(-1, w), -1);
  EXPECT_EQ(DedupWindow(-w, w), -1);
  EXPECT_EQ(DedupWindow(-w - 1, w), -2);
}

// Identical copies: in one window a duplicate, in two windows folded twice,
// whatever the order of arrival.
TEST(Fold, IdenticalCopiesDecideTheSameInAnyOrder) {
  const TimeMs in680 = *ParseRfc3339("2025-11-08T00:00:00Z");
  const TimeMs late680 = *ParseRfc3339("2025-12-07T23:59:59.999Z");
  const TimeMs in681 = *ParseRfc3339("2025-12-08T00:00:00Z");
  const std::string p = Probe("p1", "a", "kista", true, "2025-11-26T10:00:10Z");
  struct Case {
    std::vector<TimeMs> times;
    int applied, duplicates;
  };
  for (const Case& c : {Case{{in680, late680}, 1, 1}, Case{{late680, in680}, 1, 1},
                        Case{{late680, in681}, 2, 0}, Case{{in681, late680}, 2, 0},
                        Case{{in680, in681, late680}, 2, 1}, Case{{in681, late680, in680}, 2, 1}}) {
    for (size_t batch : {size_t{1}, size_t{1000}}) {
      MemKv kv;
      std::vector<std::string> lines(c.times.size(), p);
      FoldTally t = FoldLines(&kv, lines, batch, &c.times);
      EXPECT_EQ(t.applied, c.applied) << c.times[0] << " batch " << batch;
      EXPECT_EQ(t.duplicates, c.duplicates) << c.times[0] << " batch " << batch;
      EXPECT_EQ(QuarterOfKv(kv, "a", "2025Q4").probes, c.applied);
    }
  }
}

TEST(Fold, CatalogLatestOccurredAtWins) {
  MemKv kv;
  FoldLines(&kv, {Service("c2", "a", "Nyare", "2026-06-02T00:00:00Z"),
                  Service("c1", "a", "Äldre", "2026-06-01T00:00:00Z")});
  std::string raw;
  ASSERT_TRUE(kv.Get(keys::Catalog("a"), &raw).ok());
  CatalogRecord r;
  ASSERT_TRUE(r.Decode(raw));
  EXPECT_EQ(r.service.owner, "Nyare");
}

// Equal occurred_at: the greater event_id wins, in either order.
TEST(Fold, CatalogTieGreaterEventIdWins) {
  for (bool reversed : {false, true}) {
    MemKv kv;
    std::vector<std::string> lines = {Service("c2", "a", "Större id", "2026-06-01T00:00:00Z"),
                                      Service("c1", "a", "Mindre id", "2026-06-01T00:00:00Z")};
    if (reversed) std::reverse(lines.begin(), lines.end());
    FoldLines(&kv, lines);
    std::string raw;
    ASSERT_TRUE(kv.Get(keys::Catalog("a"), &raw).ok());
    CatalogRecord r;
    ASSERT_TRUE(r.Decode(raw));
    EXPECT_EQ(r.service.owner, "Större id") << reversed;
    EXPECT_EQ(r.event_id, "c2") << reversed;
  }
}

// The highest revision wins; between equal revisions the greater event_id, in
// any order.
TEST(Fold, HighestRevisionWinsAndTiesGoToTheGreaterEventId) {
  std::vector<std::string> lines = {Announcement("e2", "x", 2, "resolved"),
                                    Announcement("e1", "x", 1, "investigating"),
                                    Announcement("e3", "x", 2, "monitoring")};
  std::sort(lines.begin(), lines.end());
  do {
    MemKv kv;
    FoldLines(&kv, lines);
    std::string raw;
    ASSERT_TRUE(kv.Get(keys::Announcement("x"), &raw).ok());
    AnnouncementRecord r;
    ASSERT_TRUE(r.Decode(raw));
    EXPECT_EQ(r.announcement.revision, 2);
    EXPECT_EQ(r.announcement.state, AnnouncementState::kMonitoring);
    EXPECT_EQ(r.event_id, "e3");
  } while (std::next_permutation(lines.begin(), lines.end()));
}

// Projection version 3 (folded for one release, app/live_projections.h):
// everything version 4 folds but the announcement revisions.
TEST(Fold, PreviousVersionKeepsNoRevisions) {
  const std::vector<std::string> lines = {Announcement("e1", "x", 1, "investigating"),
                                          Announcement("e2", "x", 2, "resolved"),
                                          Probe("p1", "a", "kista", true, "2026-11-26T10:00:10Z")};
  MemKv v4, v3;
  FoldOptions previous;
  previous.projection_version = 3;
  FoldLines(&v4, lines);
  FoldLines(&v3, lines, 1000, nullptr, previous);
  std::string raw;
  EXPECT_TRUE(v4.Get(keys::Revision("x", 1), &raw).ok());
  EXPECT_EQ(v3.Get(keys::Revision("x", 1), &raw).code(), Status::Code::kNotFound);
  EXPECT_EQ(v3.Get(keys::Revision("x", 2), &raw).code(), Status::Code::kNotFound);
  EXPECT_TRUE(v3.Get(keys::Announcement("x"), &raw).ok());
  std::string without_revisions;
  for (const auto& [k, v] : v4.data())
    if (k.rfind(keys::kRevisionPrefix, 0) != 0) without_revisions += k + "=" + v + "\n";
  std::string all_v3;
  for (const auto& [k, v] : v3.data()) all_v3 += k + "=" + v + "\n";
  EXPECT_EQ(all_v3, without_revisions);
}

TEST(Fold, AnyOrderAndBatchingGiveTheSameState) {
  std::vector<std::string> lines;
  const char* locs[] = {"kista", "liljeholmen", "skarholmen"};
  for (int m = 0; m < 20; ++m)
    for (int l = 0; l < 3; ++l) {
      char at[32];
      std::snprintf(at, sizeof at, "2026-11-26T10:%02d:%02dZ", m, 10 + l * 7);
      bool ok = (m * 7 + l * 3) % 5 != 0;
      lines.push_back(Probe("p" + std::to_string(m) + locs[l], m % 2 ? "a" : "b", locs[l], ok, at, 50 + m));
    }
  lines.push_back(Service("c1", "a", "Ägare", "2026-06-01T00:00:00Z"));
  lines.push_back(Service("c2", "a", "Ny ägare", "2026-07-01T00:00:00Z"));
  lines.push_back(Announcement("e1", "x", 1, "investigating"));
  lines.push_back(Announcement("e2", "x", 2, "resolved"));
  lines.push_back(lines[3]);  // a duplicate
  MemKv reference;
  FoldLines(&reference, lines);
  const std::string expected = Dump(reference);
  std::mt19937 rng(42);
  for (int round = 0; round < 5; ++round) {
    std::vector<std::string> shuffled = lines;
    std::shuffle(shuffled.begin(), shuffled.end(), rng);
    for (size_t batch : {size_t{1}, size_t{7}, size_t{1000}}) {
      MemKv kv;
      FoldLines(&kv, shuffled, batch);
      EXPECT_EQ(Dump(kv), expected) << "round " << round << " batch " << batch;
    }
  }
}

}  // namespace
}  // namespace followup
