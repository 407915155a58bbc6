// Every problem of a line for `followup validate`, the decoder's own first.
#include "events/problems.h"

#include <gtest/gtest.h>

namespace followup {
namespace {

// Three problems: revision 0 (must be >= 1), state "open" (not a state),
// title_en 5 (not a string); the rest is valid.
const char* kThreeProblems =
    R"({"type":"announcement.v1","event_id":"e1","occurred_at":"2026-11-26T10:00:00Z","announcement_id":"a",)"
    R"("revision":0,"kind":"incident","service_ids":["skolval"],"state":"open","starts_at":"2026-11-26T10:00:00Z",)"
    R"("ends_at":null,"title_sv":"T","body_sv":"","title_en":5})";

TEST(EveryProblem, ReportsEachFieldInTheDecodersOrder) {
  EventDecoder d;
  std::vector<std::string> p = EveryProblem(&d, kThreeProblems);
  ASSERT_EQ(p.size(), 3u);
  EXPECT_EQ(p[0], "revision: must be >= 1 (got 0)");
  EXPECT_EQ(p[1].rfind("state: ", 0), 0u) << p[1];
  EXPECT_EQ(p[2], "title_en: must be a string (got 5)");
}

TEST(EveryProblem, FirstIsTheDeadLetterReason) {
  EventDecoder d;
  Event e;
  DecodeError err;
  ASSERT_FALSE(d.Decode(kThreeProblems, &e, &err));
  std::vector<std::string> p = EveryProblem(&d, kThreeProblems);
  ASSERT_FALSE(p.empty());
  EXPECT_EQ(p[0], err.reason);
}

TEST(EveryProblem, ValidLineHasNone) {
  EventDecoder d;
  std::string ok =
      R"({"type":"announcement.v1","event_id":"e1","occurred_at":"2026-11-26T10:00:00Z",)"
      R"("announcement_id":"a","revision":1,"kind":"incident","service_ids":["skolval"],)"
      R"("state":"investigating","starts_at":"2026-11-26T10:00:00Z","ends_at":null,"title_sv":"T",)"
      R"("body_sv":""})";
  EXPECT_TRUE(EveryProblem(&d, ok).empty());
}

TEST(EveryProblem, MissingRequiredFieldsAreEachReported) {
  EventDecoder d;
  std::vector<std::string> p = EveryProblem(
      &d,
      R"({"type":"announcement.v1","event_id":"e1","occurred_at":"2026-11-26T10:00:00Z","revision":1,)"
      R"("kind":"incident","service_ids":["skolval"],"state":"investigating","starts_at":"2026-11-26T10:00:00Z"})");
  ASSERT_EQ(p.size(), 3u);
  EXPECT_EQ(p[0], "announcement_id: is required");
  EXPECT_EQ(p[1], "title_sv: is required");
  EXPECT_EQ(p[2], "body_sv: is required");
}

TEST(EveryProblem, BrokenJsonIsOneProblem) {
  EventDecoder d;
  std::vector<std::string> p = EveryProblem(&d, "{\"type\":");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].rfind("message: invalid JSON", 0), 0u) << p[0];
}

TEST(EveryProblem, UnknownTypeIsOneProblem) {
  EventDecoder d;
  std::vector<std::string> p = EveryProblem(&d, R"({"type":"nope.v1","event_id":"x"})");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].rfind("type: unknown event type", 0), 0u) << p[0];
}

}  // namespace
}  // namespace followup
