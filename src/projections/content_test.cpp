#include "projections/content.h"

#include <gtest/gtest.h>

#include "events/decoder.h"

namespace followup {
namespace {

Event Decoded(const std::string& line) {
  EventDecoder decoder;
  Event e;
  DecodeError err;
  EXPECT_TRUE(decoder.Decode(line, &e, &err)) << err.reason;
  return e;
}

const char* kProbe =
    R"({"type":"probe.v1","event_id":"p1","occurred_at":"2026-11-26T10:00:10Z","service_id":"a","location":"kista","ok":true,"latency_ms":120,"http_status":200,"error":""})";

std::string With(std::string line, const std::string& from, const std::string& to) {
  auto at = line.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return line.replace(at, from.size(), to);
}

TEST(ContentDigest, IsSha256Length) { EXPECT_EQ(ContentDigest(Decoded(kProbe)).size(), 32u); }

TEST(ContentDigest, IgnoresEventIdSourceAndUnknownFields) {
  const std::string base = ContentDigest(Decoded(kProbe));
  EXPECT_EQ(ContentDigest(Decoded(With(kProbe, R"("p1")", R"("p2")"))), base);
  EXPECT_EQ(ContentDigest(Decoded(With(kProbe, R"("ok":true)", R"("source":"agent-7","ok":true)"))), base);
  EXPECT_EQ(ContentDigest(Decoded(With(kProbe, R"("ok":true)", R"("future":[1,2],"ok":true)"))), base);
}

// actor (the admin token's id, followup's extension of the envelope) is not content.
TEST(ContentDigest, IgnoresActor) {
  const std::string base = ContentDigest(Decoded(kProbe));
  EXPECT_EQ(ContentDigest(Decoded(With(kProbe, R"("ok":true)", R"("actor":"driftledning","ok":true)"))),
            base);
  EXPECT_EQ(ContentDigest(Decoded(With(kProbe, R"("ok":true)", R"("actor":"ils-team","ok":true)"))), base);
}

TEST(ContentDigest, InstantsToTheMillisecondInAnyOffset) {
  const std::string base = ContentDigest(Decoded(kProbe));
  EXPECT_EQ(ContentDigest(Decoded(With(kProbe, "2026-11-26T10:00:10Z", "2026-11-26T11:00:10.000+01:00"))),
            base);
  EXPECT_NE(ContentDigest(Decoded(With(kProbe, "2026-11-26T10:00:10Z", "2026-11-26T10:00:10.001Z"))), base);
}

TEST(ContentDigest, EveryFieldOfTheTypeCounts) {
  const std::string base = ContentDigest(Decoded(kProbe));
  EXPECT_NE(ContentDigest(Decoded(With(kProbe, R"("service_id":"a")", R"("service_id":"b")"))), base);
  EXPECT_NE(ContentDigest(Decoded(With(kProbe, "kista", "liljeholmen"))), base);
  EXPECT_NE(ContentDigest(Decoded(With(kProbe, R"("ok":true)", R"("ok":false)"))), base);
  EXPECT_NE(ContentDigest(Decoded(With(kProbe, R"("latency_ms":120)", R"("latency_ms":121)"))), base);
  EXPECT_NE(ContentDigest(Decoded(With(kProbe, R"("http_status":200)", R"("http_status":201)"))), base);
  EXPECT_NE(ContentDigest(Decoded(With(kProbe, R"("error":"")", R"("error":"x")"))), base);
}

TEST(ContentDigest, DefaultsEqualAbsentAndNull) {
  const char* survey =
      R"({"type":"survey.v1","event_id":"s1","occurred_at":"2026-11-26T10:00:10Z","survey_id":"k","respondent_group":"citizen","question":"satisfaction","score":4,"scale_max":5})";
  const std::string base = ContentDigest(Decoded(survey));
  EXPECT_EQ(ContentDigest(Decoded(With(survey, R"("question")", R"("service_id":null,"question")"))), base);
  EXPECT_NE(ContentDigest(Decoded(With(survey, R"("question")", R"("service_id":"a","question")"))), base);
}

TEST(ContentDigest, TypesDiffer) {
  const char* cost =
      R"({"type":"cost.v1","event_id":"c1","occurred_at":"2026-11-26T10:00:10Z","service_id":"a","month":"2026-11","kind":"license","amount_sek":10,"funding":"line"})";
  const char* benefit =
      R"({"type":"benefit.v1","event_id":"c1","occurred_at":"2026-11-26T10:00:10Z","service_id":"a","month":"2026-11","realized_sek":10,"hours_saved":0})";
  EXPECT_NE(ContentDigest(Decoded(cost)), ContentDigest(Decoded(benefit)));
  EXPECT_NE(ContentDigest(Decoded(cost)),
            ContentDigest(Decoded(With(cost, R"("amount_sek":10)", R"("amount_sek":10.000001)"))));
  EXPECT_EQ(ContentDigest(Decoded(cost)),
            ContentDigest(Decoded(With(cost, R"("amount_sek":10)", R"("amount_sek":10.0000000)"))));
}

}  // namespace
}  // namespace followup
