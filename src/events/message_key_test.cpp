// The message key rule (message_key.h), for valid events and for lines the
// decoder rejects.
#include "events/message_key.h"

#include <gtest/gtest.h>

namespace followup {
namespace {

constexpr std::string_view kProbe =
    R"({"type":"probe.v1","event_id":"p1","occurred_at":"2026-11-26T10:00:30Z","service_id":"skolval","location":"kista","ok":true,"latency_ms":184})";
constexpr std::string_view kCityWide =
    R"({"type":"survey.v1","event_id":"s1","occurred_at":"2026-11-12T14:03:00Z","survey_id":"e","respondent_group":"citizen","service_id":null,"question":"drift_info_found","score":7,"scale_max":10})";
constexpr std::string_view kServiceSurvey =
    R"({"type":"survey.v1","event_id":"s2","occurred_at":"2026-11-12T14:03:00Z","survey_id":"e","respondent_group":"citizen","service_id":"bibliotek","question":"satisfaction","score":4,"scale_max":5})";
constexpr std::string_view kAnnouncement =
    R"({"type":"announcement.v1","event_id":"a1","occurred_at":"2026-11-26T10:00:00Z","announcement_id":"inc-1","revision":1,"kind":"incident","service_ids":["skolval"],"state":"investigating","starts_at":"2026-11-26T10:00:00Z","title_sv":"Fel","body_sv":"Vi felsöker."})";
constexpr std::string_view kTarget =
    R"({"type":"target.v1","event_id":"t1","occurred_at":"2026-01-10T09:00:00Z","indicator":"qual.availability","scope":"city","scope_id":"stockholm","year":2026,"value":0.995})";

std::string KeyOf(std::string_view line) {
  EventDecoder decoder;
  return MessageKeyOfLine(&decoder, line);
}

TEST(MessageKey, ServiceEventsAreKeyedByTheirServiceId) {
  EXPECT_EQ(KeyOf(kProbe), "skolval");
  EXPECT_EQ(KeyOf(kServiceSurvey), "bibliotek");
}

TEST(MessageKey, CityWideAnswersUseTheCityKey) { EXPECT_EQ(KeyOf(kCityWide), "city"); }

TEST(MessageKey, AnnouncementsAreKeyedByTheirId) { EXPECT_EQ(KeyOf(kAnnouncement), "inc-1"); }

TEST(MessageKey, TargetsAreKeyedByTheirIndicator) { EXPECT_EQ(KeyOf(kTarget), "qual.availability"); }

TEST(MessageKey, TheDecodedEventGivesTheSameKey) {
  EventDecoder decoder;
  Event e;
  DecodeError err;
  ASSERT_TRUE(decoder.Decode(kProbe, &e, &err)) << err.reason;
  EXPECT_EQ(MessageKey(e), "skolval");
}

// A line the decoder rejects has no key, whatever it seems to name.
TEST(MessageKey, MalformedJsonHasNoKey) { EXPECT_EQ(KeyOf(R"({"service_id":"skolval",)"), ""); }

TEST(MessageKey, AnUnknownTypeHasNoKey) {
  EXPECT_EQ(KeyOf(R"({"type":"probe.v9","event_id":"p1","service_id":"skolval"})"), "");
}

TEST(MessageKey, AnInvalidProbeNamingAServiceHasNoKey) {
  // latency_ms missing: dead-lettered wherever it lands.
  EXPECT_EQ(
      KeyOf(
          R"({"type":"probe.v1","event_id":"p1","occurred_at":"2026-11-26T10:00:30Z","service_id":"skolval","location":"kista","ok":true})"),
      "");
}

TEST(MessageKey, AnInvalidSurveyIsNotGivenTheCityKey) {
  // service_id neither a slug nor null.
  EXPECT_EQ(
      KeyOf(
          R"({"type":"survey.v1","event_id":"s1","occurred_at":"2026-11-12T14:03:00Z","survey_id":"e","respondent_group":"citizen","service_id":7,"question":"satisfaction","score":4,"scale_max":5})"),
      "");
}

TEST(MessageKey, AnInvalidLineWithAnAnnouncementIdHasNoKey) {
  EXPECT_EQ(KeyOf(R"({"type":"probe.v1","event_id":"p1","announcement_id":"inc-1"})"), "");
}

}  // namespace
}  // namespace followup
