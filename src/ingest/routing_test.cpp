// Scale-out routing rules (topics.h) and the joined readiness of an
// instance's two ingest loops (ingest_state.h).
#include <gtest/gtest.h>

#include "events/decoder.h"
#include "ingest/ingest_state.h"
#include "ingest/topics.h"

namespace followup {
namespace {

Event Decode(std::string_view json) {
  EventDecoder d;
  Event e;
  DecodeError err;
  EXPECT_TRUE(d.Decode(json, &e, &err)) << err.reason;
  return e;
}

const Topics kTopics;
constexpr std::string_view kProbe =
    R"({"type":"probe.v1","event_id":"p1","occurred_at":"2026-11-26T10:00:30Z","service_id":"skolval","location":"kista","ok":true,"latency_ms":184})";
constexpr std::string_view kCityWide =
    R"({"type":"survey.v1","event_id":"s1","occurred_at":"2026-11-12T14:03:00Z","survey_id":"e","respondent_group":"citizen","service_id":null,"question":"drift_info_found","score":7,"scale_max":10})";
constexpr std::string_view kService =
    R"({"type":"service.v1","event_id":"c1","occurred_at":"2026-06-01T08:00:00Z","service_id":"skolval","name":"Skolval","owner":"U","category":"innovativt","focus_area":1,"url":"https://x","alternatives":[],"presents_case_status":true,"wcag_aa":true,"investment_sek":1})";
constexpr std::string_view kAnnouncement =
    R"({"type":"announcement.v1","event_id":"a1","occurred_at":"2026-11-26T10:00:00Z","announcement_id":"inc-1","revision":1,"kind":"incident","service_ids":["skolval"],"state":"investigating","starts_at":"2026-11-26T10:00:00Z","title_sv":"Fel","body_sv":"Vi felsöker."})";

TEST(PartitionedRoute, KeyedByServiceIsAccepted) {
  EXPECT_EQ(PartitionedRouteProblem(Decode(kProbe), "skolval", kTopics), "");
}

TEST(PartitionedRoute, OtherKeyIsRejectedWithBothNames) {
  std::string why = PartitionedRouteProblem(Decode(kProbe), "forskoleplats", kTopics);
  EXPECT_NE(why.find("'skolval'"), std::string::npos) << why;
  EXPECT_NE(why.find("'forskoleplats'"), std::string::npos) << why;
}

TEST(PartitionedRoute, MissingKeyIsRejected) {
  EXPECT_NE(PartitionedRouteProblem(Decode(kProbe), "", kTopics), "");
}

TEST(PartitionedRoute, CityWideAnswersUseTheCityKey) {
  EXPECT_EQ(PartitionedRouteProblem(Decode(kCityWide), kCityKey, kTopics), "");
  EXPECT_NE(PartitionedRouteProblem(Decode(kCityWide), "stockholm", kTopics), "");
}

TEST(PartitionedRoute, CatalogEntriesBelongOnTheCatalogTopic) {
  std::string why = PartitionedRouteProblem(Decode(kService), "skolval", kTopics);
  EXPECT_NE(why.find("followup.catalog"), std::string::npos) << why;
}

TEST(PartitionedRoute, AnnouncementsBelongOnTheAnnouncementTopic) {
  std::string why = PartitionedRouteProblem(Decode(kAnnouncement), "inc-1", kTopics);
  EXPECT_NE(why.find("followup.announcements"), std::string::npos) << why;
}

TEST(GlobalRoute, CatalogAndAnnouncementsAreAccepted) {
  EXPECT_EQ(GlobalRouteProblem(Decode(kService), kTopics), "");
  EXPECT_EQ(GlobalRouteProblem(Decode(kAnnouncement), kTopics), "");
}

TEST(GlobalRoute, ProbesAreSentToTheirPartitionedTopic) {
  std::string why = GlobalRouteProblem(Decode(kProbe), kTopics);
  EXPECT_NE(why.find("followup.probes"), std::string::npos) << why;
}

IngestSnapshot Snap(bool ready, const char* reason, int64_t folded) {
  IngestSnapshot s;
  s.published_ms = SteadyNowMs();
  s.ready = ready;
  s.not_ready_reason = reason;
  s.events_folded = folded;
  s.partitions.push_back({"t", 0, folded, folded + 1});
  return s;
}

TEST(JoinSnapshots, ReadyOnlyWhenBothAre) {
  EXPECT_TRUE(JoinSnapshots(Snap(true, "", 1), Snap(true, "", 2)).ready);
  EXPECT_FALSE(JoinSnapshots(Snap(true, "", 1), Snap(false, "x", 2)).ready);
  EXPECT_FALSE(JoinSnapshots(Snap(false, "x", 1), Snap(true, "", 2)).ready);
}

TEST(JoinSnapshots, NamesTheViewWhenOnlyItLags) {
  EXPECT_EQ(JoinSnapshots(Snap(true, "", 1), Snap(false, "catching up", 2)).not_ready_reason,
            "global view: catching up");
}

TEST(JoinSnapshots, KeepsTheOwnReasonFirst) {
  EXPECT_EQ(JoinSnapshots(Snap(false, "rebuilding partition(s) 3", 1), Snap(false, "x", 2)).not_ready_reason,
            "rebuilding partition(s) 3");
}

TEST(JoinSnapshots, SumsCountersAndListsEveryPartition) {
  IngestSnapshot j = JoinSnapshots(Snap(true, "", 1), Snap(true, "", 2));
  EXPECT_EQ(j.events_folded, 3);
  EXPECT_EQ(j.partitions.size(), 2u);
  EXPECT_EQ(j.lag(), 2);
}

TEST(JoinSnapshots, StaleWhenEitherLoopStopsReporting) {
  IngestSnapshot stuck = Snap(true, "", 2);
  stuck.published_ms = SteadyNowMs() - kIngestStaleMs - 1000;
  std::string reason;
  EXPECT_FALSE(IngestReady(JoinSnapshots(Snap(true, "", 1), stuck), &reason));
}

}  // namespace
}  // namespace followup
