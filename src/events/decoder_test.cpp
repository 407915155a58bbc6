#include "events/decoder.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "events/names.h"

namespace followup {
namespace {

// ---------------------------------------------------------------- fixtures
// The lines of shared/spec/examples.ndjson, verbatim.
constexpr std::string_view kService =
    R"json({"type":"service.v1","event_id":"cat-0001","occurred_at":"2026-06-01T08:00:00Z","source":"applikationsportfolj","service_id":"forskoleplats","name":"Ansök om förskoleplats","owner":"Utbildningsnämnden","category":"differentierande","focus_area":1,"url":"https://start.stockholm/forskola/ansok","alternatives":[{"channel":"phone","label":"Kontaktcenter Stockholm","contact":"08-508 00 508"},{"channel":"visit","label":"Medborgarkontoret i Skärholmen","contact":"Skärholmsvägen 2"}],"presents_case_status":true,"wcag_aa":true,"investment_sek":1850000,"latency_threshold_ms":1500})json";
constexpr std::string_view kProbe =
    R"json({"type":"probe.v1","event_id":"kista-forskoleplats-2026-11-26T10:00:30Z","occurred_at":"2026-11-26T10:00:30Z","source":"probe-kista","service_id":"forskoleplats","location":"kista","ok":true,"latency_ms":184.2,"http_status":200})json";
constexpr std::string_view kProbeFailed =
    R"json({"type":"probe.v1","event_id":"liljeholmen-forskoleplats-2026-11-26T10:00:31Z","occurred_at":"2026-11-26T11:00:31+01:00","service_id":"forskoleplats","location":"liljeholmen","ok":false,"latency_ms":10000,"error":"timeout after 10 s"})json";
constexpr std::string_view kUsage =
    R"json({"type":"usage.v1","event_id":"use-2026-10-forskoleplats-digital","occurred_at":"2026-11-01T02:00:00Z","service_id":"forskoleplats","period_start":"2026-10-01T00:00:00+02:00","period_end":"2026-11-01T00:00:00+01:00","channel":"digital","cases":4210,"cases_with_contact_details":3987})json";
constexpr std::string_view kUsagePhone =
    R"json({"type":"usage.v1","event_id":"use-2026-10-forskoleplats-phone","occurred_at":"2026-11-01T02:00:00Z","service_id":"forskoleplats","period_start":"2026-10-01T00:00:00+02:00","period_end":"2026-11-01T00:00:00+01:00","channel":"phone","cases":612})json";
constexpr std::string_view kAdoption =
    R"json({"type":"adoption.v1","event_id":"adp-2026-10-forskoleplats","occurred_at":"2026-11-01T02:00:00Z","service_id":"forskoleplats","period_start":"2026-10-01T00:00:00+02:00","period_end":"2026-11-01T00:00:00+01:00","licensed_users":240,"active_users":198})json";
constexpr std::string_view kSurvey =
    R"json({"type":"survey.v1","event_id":"enkat-2026h2-000123-q1","occurred_at":"2026-11-12T14:03:00Z","survey_id":"enkat-2026h2","respondent_group":"citizen","service_id":"forskoleplats","question":"satisfaction","score":4,"scale_max":5})json";
constexpr std::string_view kSurveyCityWide =
    R"json({"type":"survey.v1","event_id":"enkat-2026h2-000123-q7","occurred_at":"2026-11-12T14:03:00Z","survey_id":"enkat-2026h2","respondent_group":"citizen","service_id":null,"question":"drift_info_found","score":7,"scale_max":10})json";
constexpr std::string_view kCost =
    R"json({"type":"cost.v1","event_id":"cost-2026-10-forskoleplats-ops","occurred_at":"2026-11-05T09:00:00Z","service_id":"forskoleplats","month":"2026-10","kind":"operations","amount_sek":42500.00,"funding":"line"})json";
constexpr std::string_view kBenefit =
    R"json({"type":"benefit.v1","event_id":"bnf-2026-10-forskoleplats","occurred_at":"2026-11-05T09:00:00Z","service_id":"forskoleplats","month":"2026-10","realized_sek":61000,"hours_saved":120.5})json";
constexpr std::string_view kPlanned =
    R"json({"type":"announcement.v1","event_id":"ann-0042-r1","occurred_at":"2026-11-20T09:00:00Z","announcement_id":"ann-0042","revision":1,"kind":"planned_maintenance","service_ids":["forskoleplats"],"state":"scheduled","starts_at":"2026-11-28T22:00:00+01:00","ends_at":"2026-11-29T02:00:00+01:00","title_sv":"Planerat underhåll av förskoleansökan","body_sv":"E-tjänsten är stängd natten mot söndag. Ring Kontaktcenter Stockholm om ditt ärende är brådskande."})json";
constexpr std::string_view kIncident =
    R"json({"type":"announcement.v1","event_id":"ann-0043-r2","occurred_at":"2026-11-26T10:25:00Z","announcement_id":"ann-0043","revision":2,"kind":"incident","service_ids":["forskoleplats"],"state":"resolved","starts_at":"2026-11-26T10:01:00Z","ends_at":"2026-11-26T10:24:00Z","title_sv":"Störning i förskoleansökan","body_sv":"Felet är åtgärdat."})json";

const std::vector<std::string_view> kExamples = {kService,    kProbe,    kProbeFailed, kUsage,
                                                 kUsagePhone, kAdoption, kSurvey,      kSurveyCityWide,
                                                 kCost,       kBenefit,  kPlanned,     kIncident};

// The lines of shared/spec/invalid-examples.ndjson, verbatim.
constexpr std::string_view kInvalidServiceId =
    R"json({"type":"probe.v1","event_id":"x1","occurred_at":"2026-11-26T10:00:30Z","service_id":"Forskoleplats","location":"kista","ok":true,"latency_ms":1})json";
constexpr std::string_view kInvalidOccurredAt =
    R"json({"type":"probe.v1","event_id":"x2","occurred_at":"2026-11-26T10:00:30","service_id":"forskoleplats","location":"kista","ok":true,"latency_ms":1})json";
constexpr std::string_view kInvalidScore =
    R"json({"type":"survey.v1","event_id":"x3","occurred_at":"2026-11-26T10:00:30Z","survey_id":"s","respondent_group":"citizen","service_id":null,"question":"satisfaction","score":0,"scale_max":5})json";
constexpr std::string_view kInvalidPeriod =
    R"json({"type":"usage.v1","event_id":"x4","occurred_at":"2026-10-02T00:00:00Z","service_id":"forskoleplats","period_start":"2026-09-20T00:00:00Z","period_end":"2026-10-02T00:00:00Z","channel":"digital","cases":1})json";
constexpr std::string_view kInvalidRevision =
    R"json({"type":"announcement.v1","event_id":"x5","occurred_at":"2026-11-26T10:00:30Z","announcement_id":"a","revision":0,"kind":"incident","service_ids":["forskoleplats"],"state":"investigating","starts_at":"2026-11-26T10:00:00Z","ends_at":null,"title_sv":"t","body_sv":"b"})json";

// ---------------------------------------------------------------- helpers

struct Outcome {
  bool ok = false;
  Event event;
  DecodeError err;
};

EventDecoder& SharedDecoder() {
  static EventDecoder decoder;  // reused on purpose: that is how production uses it
  return decoder;
}

Outcome DecodeJson(std::string_view json) {
  Outcome r;
  r.ok = SharedDecoder().Decode(json, &r.event, &r.err);
  return r;
}

// Rebuilds the JSON object `base` with `key` set to the raw JSON `raw` (in place,
// or appended), or removed when raw is nullopt.
std::string Edit(std::string_view base, std::string_view key, std::optional<std::string_view> raw) {
  simdjson::dom::parser parser;
  simdjson::dom::object obj;
  if (parser.parse(base.data(), base.size()).get_object().get(obj) != simdjson::SUCCESS) {
    ADD_FAILURE() << "test base is not a JSON object: " << base;
    return {};
  }
  std::string out = "{";
  bool found = false;
  for (auto field : obj) {
    std::string value;
    if (field.key == key) {
      found = true;
      if (!raw) continue;
      value = std::string(*raw);
    } else {
      value = simdjson::minify(field.value);
    }
    if (out.size() > 1) out += ",";
    out += "\"" + std::string(field.key) + "\":" + value;
  }
  if (!found && raw) {
    if (out.size() > 1) out += ",";
    out += "\"" + std::string(key) + "\":" + std::string(*raw);
  }
  return out + "}";
}
std::string Set(std::string_view base, std::string_view key, std::string_view raw) {
  return Edit(base, key, raw);
}
std::string Drop(std::string_view base, std::string_view key) { return Edit(base, key, std::nullopt); }

// A JSON string literal of `unit` repeated n times (unit must need no escaping).
std::string Str(size_t n, std::string_view unit = "a") {
  std::string s = "\"";
  for (size_t i = 0; i < n; ++i) s += unit;
  return s + "\"";
}

// A JSON array of n distinct slugs.
std::string Slugs(size_t n) {
  std::string s = "[";
  for (size_t i = 0; i < n; ++i) s += (i ? ",\"s" : "\"s") + std::to_string(i) + "\"";
  return s + "]";
}

::testing::AssertionResult Accepts(std::string_view json) {
  Outcome r = DecodeJson(json);
  if (r.ok) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "rejected (" << Name(r.err.category) << "): " << r.err.reason << "\n  input: " << json;
}

// Rejected, with a reason about `field` ("field: ...") and the given category.
::testing::AssertionResult Rejects(std::string_view json, std::string_view field, std::string_view category) {
  Outcome r = DecodeJson(json);
  if (r.ok) return ::testing::AssertionFailure() << "accepted: " << json;
  std::string prefix = std::string(field) + ":";
  if (r.err.reason.compare(0, prefix.size(), prefix) != 0 || Name(r.err.category) != category)
    return ::testing::AssertionFailure() << "expected " << category << " on '" << field << "', got "
                                         << Name(r.err.category) << ": " << r.err.reason;
  return ::testing::AssertionSuccess() << r.err.reason;
}

std::string Reason(std::string_view json) { return DecodeJson(json).err.reason; }
std::string CategoryOf(std::string_view json) {
  Outcome r = DecodeJson(json);
  return r.ok ? "accepted" : std::string(Name(r.err.category));
}

template <class T>
T Body(std::string_view json) {
  Outcome r = DecodeJson(json);
  EXPECT_TRUE(r.ok) << r.err.reason;
  const T* body = std::get_if<T>(&r.event.body);
  EXPECT_NE(body, nullptr);
  return body ? *body : T{};
}

bool Contains(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

// ---------------------------------------------------------------- the spec's examples

TEST(DecoderExamples, EveryValidExampleDecodes) {
  for (std::string_view line : kExamples) EXPECT_TRUE(Accepts(line));
}

TEST(DecoderExamples, InvalidServiceIdIsRejected) {
  EXPECT_TRUE(Rejects(kInvalidServiceId, "service_id", "invalid_value"));
}
TEST(DecoderExamples, InvalidServiceIdReasonIsExact) {
  EXPECT_EQ(Reason(kInvalidServiceId),
            "service_id: must match ^[a-z0-9][a-z0-9-]{0,63}$ (got \"Forskoleplats\")");
}
TEST(DecoderExamples, InvalidOccurredAtIsRejected) {
  EXPECT_TRUE(Rejects(kInvalidOccurredAt, "occurred_at", "invalid_value"));
}
TEST(DecoderExamples, InvalidScoreIsRejected) {
  EXPECT_TRUE(Rejects(kInvalidScore, "score", "invalid_value"));
}
TEST(DecoderExamples, InvalidPeriodIsRejected) {
  EXPECT_TRUE(Rejects(kInvalidPeriod, "period_end", "invalid_value"));
}
TEST(DecoderExamples, InvalidRevisionIsRejected) {
  EXPECT_TRUE(Rejects(kInvalidRevision, "revision", "invalid_value"));
}

// ---------------------------------------------------------------- whole message

TEST(DecoderMessage, EmptyInputIsInvalidJson) { EXPECT_TRUE(Rejects("", "message", "invalid_json")); }
TEST(DecoderMessage, BlankInputIsInvalidJson) { EXPECT_TRUE(Rejects("  \n ", "message", "invalid_json")); }
TEST(DecoderMessage, TruncatedJsonIsInvalidJson) {
  EXPECT_TRUE(Rejects(kProbe.substr(0, kProbe.size() - 1), "message", "invalid_json"));
}
TEST(DecoderMessage, TrailingGarbageIsInvalidJson) {
  EXPECT_TRUE(Rejects(std::string(kProbe) + "x", "message", "invalid_json"));
}
TEST(DecoderMessage, InvalidUtf8IsInvalidJson) {
  EXPECT_TRUE(Rejects(Set(kProbe, "error", "\"bad \xff\xfe bytes\""), "message", "invalid_json"));
}
TEST(DecoderMessage, OverlongUtf8IsInvalidJson) {
  EXPECT_TRUE(Rejects(Set(kProbe, "error", "\"\xc0\xaf\""), "message", "invalid_json"));
}
TEST(DecoderMessage, TopLevelArrayIsRejected) {
  EXPECT_TRUE(Rejects("[" + std::string(kProbe) + "]", "message", "wrong_type"));
}
TEST(DecoderMessage, TopLevelScalarIsRejected) { EXPECT_TRUE(Rejects("42", "message", "wrong_type")); }
TEST(DecoderMessage, TopLevelNullIsRejected) { EXPECT_TRUE(Rejects("null", "message", "wrong_type")); }
TEST(DecoderMessage, ExactlyMaxSizeIsAccepted) {
  std::string base = Set(kProbe, "pad", "\"\"");
  std::string full = Set(kProbe, "pad", Str(EventDecoder::kMaxMessageBytes - base.size()));
  EXPECT_EQ(full.size(), EventDecoder::kMaxMessageBytes);
  EXPECT_TRUE(Accepts(full));
}
TEST(DecoderMessage, OverMaxSizeIsTooLarge) {
  std::string base = Set(kProbe, "pad", "\"\"");
  std::string big = Set(kProbe, "pad", Str(EventDecoder::kMaxMessageBytes - base.size() + 1));
  EXPECT_TRUE(Rejects(big, "message", "too_large"));
}
TEST(DecoderMessage, HugeMessageIsTooLargeWithoutParsing) {
  EXPECT_EQ(CategoryOf(std::string(1 << 20, '[')), "too_large");
}
TEST(DecoderMessage, DeepNestingIsRejected) {
  std::string deep = std::string(30000, '[') + std::string(30000, ']');
  EXPECT_EQ(CategoryOf(deep), "invalid_json");
}
TEST(DecoderMessage, UnknownFieldsAreIgnored) {
  EXPECT_TRUE(Accepts(Set(kProbe, "future_field", R"({"nested":[1,2,{"x":null}]})")));
}
TEST(DecoderMessage, NumberOverflowingDoubleIsRejected) {
  EXPECT_NE(CategoryOf(Set(kProbe, "latency_ms", "1e400")), "accepted");
}
TEST(DecoderMessage, LoneSurrogateEscapeIsRejected) {
  EXPECT_NE(CategoryOf(Set(kProbe, "error", R"("\ud800")")), "accepted");
}

// ---------------------------------------------------------------- envelope

TEST(DecoderEnvelope, TypeMissing) { EXPECT_TRUE(Rejects(Drop(kProbe, "type"), "type", "missing_field")); }
TEST(DecoderEnvelope, TypeNull) { EXPECT_TRUE(Rejects(Set(kProbe, "type", "null"), "type", "wrong_type")); }
TEST(DecoderEnvelope, TypeNotString) { EXPECT_TRUE(Rejects(Set(kProbe, "type", "1"), "type", "wrong_type")); }
TEST(DecoderEnvelope, TypeUnknown) {
  EXPECT_TRUE(Rejects(Set(kProbe, "type", "\"probe.v2\""), "type", "unknown_type"));
}
TEST(DecoderEnvelope, TypeIsCaseSensitive) {
  EXPECT_TRUE(Rejects(Set(kProbe, "type", "\"Probe.v1\""), "type", "unknown_type"));
}
TEST(DecoderEnvelope, TypeIsDecoded) { EXPECT_EQ(DecodeJson(kAdoption).event.type, EventType::kAdoption); }
TEST(DecoderEnvelope, EventIdDecoded) {
  EXPECT_EQ(DecodeJson(kProbe).event.event_id, "kista-forskoleplats-2026-11-26T10:00:30Z");
}
TEST(DecoderEnvelope, EventIdAllAllowedCharacters) {
  EXPECT_TRUE(Accepts(Set(kProbe, "event_id", "\"AZaz09._:-\"")));
}
TEST(DecoderEnvelope, EventIdMaxLength) { EXPECT_TRUE(Accepts(Set(kProbe, "event_id", Str(128)))); }
TEST(DecoderEnvelope, EventIdTooLong) {
  EXPECT_TRUE(Rejects(Set(kProbe, "event_id", Str(129)), "event_id", "invalid_value"));
}
TEST(DecoderEnvelope, EventIdEmpty) {
  EXPECT_TRUE(Rejects(Set(kProbe, "event_id", "\"\""), "event_id", "invalid_value"));
}
TEST(DecoderEnvelope, EventIdBadCharacter) {
  EXPECT_TRUE(Rejects(Set(kProbe, "event_id", "\"a b\""), "event_id", "invalid_value"));
}
TEST(DecoderEnvelope, EventIdNonAscii) {
  EXPECT_TRUE(Rejects(Set(kProbe, "event_id", "\"å\""), "event_id", "invalid_value"));
}
TEST(DecoderEnvelope, EventIdMissing) {
  EXPECT_TRUE(Rejects(Drop(kProbe, "event_id"), "event_id", "missing_field"));
}
TEST(DecoderEnvelope, EventIdNull) {
  EXPECT_TRUE(Rejects(Set(kProbe, "event_id", "null"), "event_id", "wrong_type"));
}
TEST(DecoderEnvelope, EventIdNumber) {
  EXPECT_TRUE(Rejects(Set(kProbe, "event_id", "17"), "event_id", "wrong_type"));
}
TEST(DecoderEnvelope, OccurredAtUtc) {
  EXPECT_EQ(DecodeJson(kProbe).event.occurred_at, *ParseRfc3339("2026-11-26T10:00:30Z"));
}
TEST(DecoderEnvelope, OccurredAtWithOffset) {
  EXPECT_EQ(DecodeJson(kProbeFailed).event.occurred_at, *ParseRfc3339("2026-11-26T10:00:31Z"));
}
TEST(DecoderEnvelope, OccurredAtFraction) {
  EXPECT_TRUE(Accepts(Set(kProbe, "occurred_at", "\"2026-11-26T10:00:30.123456Z\"")));
}
TEST(DecoderEnvelope, OccurredAtWithoutOffset) {
  EXPECT_TRUE(Rejects(Set(kProbe, "occurred_at", "\"2026-11-26T10:00:30\""), "occurred_at", "invalid_value"));
}
TEST(DecoderEnvelope, OccurredAtImpossibleDate) {
  EXPECT_TRUE(
      Rejects(Set(kProbe, "occurred_at", "\"2026-02-30T10:00:00Z\""), "occurred_at", "invalid_value"));
}
TEST(DecoderEnvelope, OccurredAtDateOnly) {
  EXPECT_TRUE(Rejects(Set(kProbe, "occurred_at", "\"2026-11-26\""), "occurred_at", "invalid_value"));
}
TEST(DecoderEnvelope, OccurredAtFirstSupportedInstant) {
  EXPECT_TRUE(Accepts(Set(kProbe, "occurred_at", "\"1970-01-01T00:00:00Z\"")));
}
TEST(DecoderEnvelope, OccurredAtLastSupportedInstant) {
  EXPECT_TRUE(Accepts(Set(kProbe, "occurred_at", "\"2200-12-31T23:59:59.999Z\"")));
}
TEST(DecoderEnvelope, OccurredAtBefore1970) {
  EXPECT_TRUE(
      Rejects(Set(kProbe, "occurred_at", "\"1969-12-31T23:59:59Z\""), "occurred_at", "invalid_value"));
}
TEST(DecoderEnvelope, OccurredAtAfter2200) {
  EXPECT_TRUE(
      Rejects(Set(kProbe, "occurred_at", "\"2201-01-01T00:00:00Z\""), "occurred_at", "invalid_value"));
}
TEST(DecoderEnvelope, OccurredAtOutOfRangeReason) {
  EXPECT_TRUE(Contains(Reason(Set(kProbe, "occurred_at", "\"9999-01-01T00:00:00Z\"")),
                       "outside supported years 1970–2200"));
}
TEST(DecoderEnvelope, OccurredAtMissing) {
  EXPECT_TRUE(Rejects(Drop(kProbe, "occurred_at"), "occurred_at", "missing_field"));
}
TEST(DecoderEnvelope, OccurredAtNull) {
  EXPECT_TRUE(Rejects(Set(kProbe, "occurred_at", "null"), "occurred_at", "wrong_type"));
}
TEST(DecoderEnvelope, OccurredAtNumber) {
  EXPECT_TRUE(Rejects(Set(kProbe, "occurred_at", "1764151230"), "occurred_at", "wrong_type"));
}
TEST(DecoderEnvelope, SourceDecoded) { EXPECT_EQ(DecodeJson(kProbe).event.source, "probe-kista"); }
TEST(DecoderEnvelope, SourceAbsentIsEmpty) { EXPECT_EQ(DecodeJson(kProbeFailed).event.source, ""); }
TEST(DecoderEnvelope, SourceNullIsAbsent) { EXPECT_TRUE(Accepts(Set(kProbe, "source", "null"))); }
TEST(DecoderEnvelope, SourceMaxLengthInCodePoints) {
  EXPECT_TRUE(Accepts(Set(kProbe, "source", Str(128, "ö"))));
}
TEST(DecoderEnvelope, SourceTooLong) {
  EXPECT_TRUE(Rejects(Set(kProbe, "source", Str(129)), "source", "invalid_value"));
}
TEST(DecoderEnvelope, SourceNotString) {
  EXPECT_TRUE(Rejects(Set(kProbe, "source", "true"), "source", "wrong_type"));
}
// actor: followup's extension (the admin token's id), tolerated in any form.
TEST(DecoderEnvelope, ActorDecoded) {
  EXPECT_EQ(DecodeJson(Set(kProbe, "actor", R"("driftledning")")).event.actor, "driftledning");
}
TEST(DecoderEnvelope, ActorAbsentIsEmpty) { EXPECT_EQ(DecodeJson(kProbe).event.actor, ""); }
TEST(DecoderEnvelope, ActorNotAnIdIsIgnoredNotRejected) {
  EXPECT_TRUE(Accepts(Set(kProbe, "actor", R"("två ord")")));
  EXPECT_EQ(DecodeJson(Set(kProbe, "actor", R"("två ord")")).event.actor, "");
}
TEST(DecoderEnvelope, ActorNotStringIsIgnoredNotRejected) {
  EXPECT_TRUE(Accepts(Set(kProbe, "actor", "[1]")));
  EXPECT_EQ(DecodeJson(Set(kProbe, "actor", "[1]")).event.actor, "");
}

// ---------------------------------------------------------------- integers

TEST(DecoderIntegers, WholeDoubleAccepted) { EXPECT_TRUE(Accepts(Set(kService, "focus_area", "1.0"))); }
TEST(DecoderIntegers, WholeDoubleValue) {
  EXPECT_EQ(Body<ServiceEvent>(Set(kService, "focus_area", "3.0")).focus_area, 3);
}
TEST(DecoderIntegers, ExponentAccepted) {
  EXPECT_EQ(Body<UsageEvent>(Set(kUsage, "cases", "4.21e3")).cases, 4210);
}
TEST(DecoderIntegers, FractionRejected) {
  EXPECT_TRUE(Rejects(Set(kService, "focus_area", "1.5"), "focus_area", "wrong_type"));
}
TEST(DecoderIntegers, StringRejected) {
  EXPECT_TRUE(Rejects(Set(kService, "focus_area", "\"1\""), "focus_area", "wrong_type"));
}
TEST(DecoderIntegers, Int64MaxAccepted) {
  EXPECT_EQ(Body<UsageEvent>(Set(kUsagePhone, "cases", "9223372036854775807")).cases, INT64_MAX);
}
TEST(DecoderIntegers, AboveInt64Rejected) {
  EXPECT_TRUE(Rejects(Set(kUsagePhone, "cases", "9223372036854775808"), "cases", "wrong_type"));
}
TEST(DecoderIntegers, HugeWholeDoubleRejected) {
  EXPECT_TRUE(Rejects(Set(kUsagePhone, "cases", "1e19"), "cases", "wrong_type"));
}
TEST(DecoderIntegers, WrongTypeReasonEchoesValue) {
  EXPECT_EQ(Reason(Set(kService, "focus_area", "1.5")), "focus_area: must be an integer (got 1.5)");
}

// ---------------------------------------------------------------- service.v1

TEST(DecoderService, ExampleFields) {
  ServiceEvent s = Body<ServiceEvent>(kService);
  EXPECT_EQ(s.service_id, "forskoleplats");
  EXPECT_EQ(s.name, "Ansök om förskoleplats");
  EXPECT_EQ(s.owner, "Utbildningsnämnden");
  EXPECT_EQ(s.category, Category::kDifferentierande);
  EXPECT_EQ(s.focus_area, 1);
  EXPECT_EQ(s.url, "https://start.stockholm/forskola/ansok");
  ASSERT_EQ(s.alternatives.size(), 2u);
  EXPECT_EQ(s.alternatives[0].channel, AltChannel::kPhone);
  EXPECT_EQ(s.alternatives[0].label, "Kontaktcenter Stockholm");
  EXPECT_EQ(s.alternatives[0].contact, "08-508 00 508");
  EXPECT_EQ(s.alternatives[1].channel, AltChannel::kVisit);
  EXPECT_EQ(s.alternatives[1].contact, "Skärholmsvägen 2");
  EXPECT_TRUE(s.presents_case_status);
  EXPECT_TRUE(s.wcag_aa);
  EXPECT_EQ(s.investment_micro, int64_t{1850000} * 1000000);
  EXPECT_EQ(s.latency_threshold_us, 1'500'000);
  EXPECT_FALSE(s.retired);
}
TEST(DecoderService, ServiceIdSingleChar) { EXPECT_TRUE(Accepts(Set(kService, "service_id", "\"a\""))); }
TEST(DecoderService, ServiceIdMaxLength) { EXPECT_TRUE(Accepts(Set(kService, "service_id", Str(64)))); }
TEST(DecoderService, ServiceIdTooLong) {
  EXPECT_TRUE(Rejects(Set(kService, "service_id", Str(65)), "service_id", "invalid_value"));
}
TEST(DecoderService, ServiceIdWithDashesAndDigits) {
  EXPECT_TRUE(Accepts(Set(kService, "service_id", "\"0a-b-9\"")));
}
TEST(DecoderService, ServiceIdLeadingDash) {
  EXPECT_TRUE(Rejects(Set(kService, "service_id", "\"-abc\""), "service_id", "invalid_value"));
}
TEST(DecoderService, ServiceIdUppercase) {
  EXPECT_TRUE(Rejects(Set(kService, "service_id", "\"Abc\""), "service_id", "invalid_value"));
}
TEST(DecoderService, ServiceIdUnderscore) {
  EXPECT_TRUE(Rejects(Set(kService, "service_id", "\"a_b\""), "service_id", "invalid_value"));
}
TEST(DecoderService, ServiceIdEmpty) {
  EXPECT_TRUE(Rejects(Set(kService, "service_id", "\"\""), "service_id", "invalid_value"));
}
TEST(DecoderService, ServiceIdMissing) {
  EXPECT_TRUE(Rejects(Drop(kService, "service_id"), "service_id", "missing_field"));
}
TEST(DecoderService, ServiceIdNull) {
  EXPECT_TRUE(Rejects(Set(kService, "service_id", "null"), "service_id", "wrong_type"));
}
TEST(DecoderService, NameMaxLengthInCodePoints) {
  EXPECT_TRUE(Accepts(Set(kService, "name", Str(200, "ö"))));
}
TEST(DecoderService, NameTooLong) {
  EXPECT_TRUE(Rejects(Set(kService, "name", Str(201, "ö")), "name", "invalid_value"));
}
TEST(DecoderService, NameEmpty) {
  EXPECT_TRUE(Rejects(Set(kService, "name", "\"\""), "name", "invalid_value"));
}
TEST(DecoderService, NameMissing) { EXPECT_TRUE(Rejects(Drop(kService, "name"), "name", "missing_field")); }
TEST(DecoderService, OwnerMaxLength) { EXPECT_TRUE(Accepts(Set(kService, "owner", Str(200)))); }
TEST(DecoderService, OwnerTooLong) {
  EXPECT_TRUE(Rejects(Set(kService, "owner", Str(201)), "owner", "invalid_value"));
}
TEST(DecoderService, OwnerEmpty) {
  EXPECT_TRUE(Rejects(Set(kService, "owner", "\"\""), "owner", "invalid_value"));
}
TEST(DecoderService, OwnerMissing) {
  EXPECT_TRUE(Rejects(Drop(kService, "owner"), "owner", "missing_field"));
}
TEST(DecoderService, CategoryGrundlaggande) {
  EXPECT_EQ(Body<ServiceEvent>(Set(kService, "category", "\"grundlaggande\"")).category,
            Category::kGrundlaggande);
}
TEST(DecoderService, CategoryInnovativt) {
  EXPECT_EQ(Body<ServiceEvent>(Set(kService, "category", "\"innovativt\"")).category, Category::kInnovativt);
}
TEST(DecoderService, CategoryUnknown) {
  EXPECT_TRUE(Rejects(Set(kService, "category", "\"Innovativt\""), "category", "invalid_value"));
}
TEST(DecoderService, CategoryReasonListsAllowedValues) {
  EXPECT_TRUE(
      Contains(Reason(Set(kService, "category", "\"x\"")), "grundlaggande|differentierande|innovativt"));
}
TEST(DecoderService, CategoryNotString) {
  EXPECT_TRUE(Rejects(Set(kService, "category", "2"), "category", "wrong_type"));
}
TEST(DecoderService, FocusAreaLowest) { EXPECT_TRUE(Accepts(Set(kService, "focus_area", "1"))); }
TEST(DecoderService, FocusAreaHighest) { EXPECT_TRUE(Accepts(Set(kService, "focus_area", "5"))); }
TEST(DecoderService, FocusAreaZero) {
  EXPECT_TRUE(Rejects(Set(kService, "focus_area", "0"), "focus_area", "invalid_value"));
}
TEST(DecoderService, FocusAreaSix) {
  EXPECT_TRUE(Rejects(Set(kService, "focus_area", "6"), "focus_area", "invalid_value"));
}
TEST(DecoderService, FocusAreaMissing) {
  EXPECT_TRUE(Rejects(Drop(kService, "focus_area"), "focus_area", "missing_field"));
}
TEST(DecoderService, UrlMaxLength) { EXPECT_TRUE(Accepts(Set(kService, "url", Str(2000)))); }
TEST(DecoderService, UrlTooLong) {
  EXPECT_TRUE(Rejects(Set(kService, "url", Str(2001)), "url", "invalid_value"));
}
TEST(DecoderService, UrlEmpty) { EXPECT_TRUE(Rejects(Set(kService, "url", "\"\""), "url", "invalid_value")); }
TEST(DecoderService, UrlMissing) { EXPECT_TRUE(Rejects(Drop(kService, "url"), "url", "missing_field")); }
TEST(DecoderService, AlternativesEmpty) {
  EXPECT_TRUE(Body<ServiceEvent>(Set(kService, "alternatives", "[]")).alternatives.empty());
}
TEST(DecoderService, AlternativesTen) {
  std::string ten = "[";
  for (int i = 0; i < 10; ++i)
    ten += std::string(i ? "," : "") + R"({"channel":"web","label":"l","contact":"c"})";
  EXPECT_EQ(Body<ServiceEvent>(Set(kService, "alternatives", ten + "]")).alternatives.size(), 10u);
}
TEST(DecoderService, AlternativesEleven) {
  std::string eleven = "[";
  for (int i = 0; i < 11; ++i)
    eleven += std::string(i ? "," : "") + R"({"channel":"web","label":"l","contact":"c"})";
  EXPECT_TRUE(Rejects(Set(kService, "alternatives", eleven + "]"), "alternatives", "invalid_value"));
}
TEST(DecoderService, AlternativesMissing) {
  EXPECT_TRUE(Rejects(Drop(kService, "alternatives"), "alternatives", "missing_field"));
}
TEST(DecoderService, AlternativesNotArray) {
  EXPECT_TRUE(Rejects(Set(kService, "alternatives", "{}"), "alternatives", "wrong_type"));
}
TEST(DecoderService, AlternativeNotObject) {
  EXPECT_TRUE(Rejects(Set(kService, "alternatives", "[\"phone\"]"), "alternatives[0]", "wrong_type"));
}
TEST(DecoderService, AlternativeChannelWeb) {
  EXPECT_EQ(
      Body<ServiceEvent>(Set(kService, "alternatives", R"([{"channel":"web","label":"","contact":""}])"))
          .alternatives[0]
          .channel,
      AltChannel::kWeb);
}
TEST(DecoderService, AlternativeChannelEmail) {
  EXPECT_EQ(
      Body<ServiceEvent>(Set(kService, "alternatives", R"([{"channel":"email","label":"l","contact":"c"}])"))
          .alternatives[0]
          .channel,
      AltChannel::kEmail);
}
TEST(DecoderService, AlternativeChannelUnknown) {
  EXPECT_TRUE(Rejects(
      Set(kService, "alternatives",
          R"([{"channel":"web","label":"l","contact":"c"},{"channel":"fax","label":"l","contact":"c"}])"),
      "alternatives[1].channel", "invalid_value"));
}
TEST(DecoderService, AlternativeChannelMissing) {
  EXPECT_TRUE(Rejects(Set(kService, "alternatives", R"([{"label":"l","contact":"c"}])"),
                      "alternatives[0].channel", "missing_field"));
}
TEST(DecoderService, AlternativeLabelMaxLength) {
  EXPECT_TRUE(Accepts(Set(kService, "alternatives",
                          R"([{"channel":"web","label":)" + Str(200, "å") + R"(,"contact":"c"}])")));
}
TEST(DecoderService, AlternativeLabelTooLong) {
  EXPECT_TRUE(Rejects(
      Set(kService, "alternatives", R"([{"channel":"web","label":)" + Str(201) + R"(,"contact":"c"}])"),
      "alternatives[0].label", "invalid_value"));
}
TEST(DecoderService, AlternativeLabelMissing) {
  EXPECT_TRUE(Rejects(Set(kService, "alternatives", R"([{"channel":"web","contact":"c"}])"),
                      "alternatives[0].label", "missing_field"));
}
TEST(DecoderService, AlternativeLabelNull) {
  EXPECT_TRUE(Rejects(Set(kService, "alternatives", R"([{"channel":"web","label":null,"contact":"c"}])"),
                      "alternatives[0].label", "wrong_type"));
}
TEST(DecoderService, AlternativeContactMaxLength) {
  EXPECT_TRUE(Accepts(
      Set(kService, "alternatives", R"([{"channel":"web","label":"l","contact":)" + Str(200) + "}]")));
}
TEST(DecoderService, AlternativeContactTooLong) {
  EXPECT_TRUE(
      Rejects(Set(kService, "alternatives", R"([{"channel":"web","label":"l","contact":)" + Str(201) + "}]"),
              "alternatives[0].contact", "invalid_value"));
}
TEST(DecoderService, AlternativeContactMissing) {
  EXPECT_TRUE(Rejects(Set(kService, "alternatives", R"([{"channel":"web","label":"l"}])"),
                      "alternatives[0].contact", "missing_field"));
}
TEST(DecoderService, PresentsCaseStatusFalse) {
  EXPECT_FALSE(Body<ServiceEvent>(Set(kService, "presents_case_status", "false")).presents_case_status);
}
TEST(DecoderService, PresentsCaseStatusString) {
  EXPECT_TRUE(
      Rejects(Set(kService, "presents_case_status", "\"true\""), "presents_case_status", "wrong_type"));
}
TEST(DecoderService, PresentsCaseStatusMissing) {
  EXPECT_TRUE(Rejects(Drop(kService, "presents_case_status"), "presents_case_status", "missing_field"));
}
TEST(DecoderService, WcagAaFalse) {
  EXPECT_FALSE(Body<ServiceEvent>(Set(kService, "wcag_aa", "false")).wcag_aa);
}
TEST(DecoderService, WcagAaNumber) {
  EXPECT_TRUE(Rejects(Set(kService, "wcag_aa", "1"), "wcag_aa", "wrong_type"));
}
TEST(DecoderService, WcagAaMissing) {
  EXPECT_TRUE(Rejects(Drop(kService, "wcag_aa"), "wcag_aa", "missing_field"));
}
TEST(DecoderService, InvestmentZero) {
  EXPECT_EQ(Body<ServiceEvent>(Set(kService, "investment_sek", "0")).investment_micro, 0);
}
TEST(DecoderService, InvestmentFraction) {
  EXPECT_EQ(Body<ServiceEvent>(Set(kService, "investment_sek", "0.25")).investment_micro, 250000);
}
TEST(DecoderService, InvestmentMicroRounding) {
  EXPECT_EQ(Body<ServiceEvent>(Set(kService, "investment_sek", "0.1")).investment_micro, 100000);
}
TEST(DecoderService, InvestmentUpperBound) {
  EXPECT_EQ(Body<ServiceEvent>(Set(kService, "investment_sek", "1e12")).investment_micro,
            int64_t{1000000000000} * 1000000);
}
TEST(DecoderService, InvestmentAboveBound) {
  EXPECT_TRUE(Rejects(Set(kService, "investment_sek", "1000000000001"), "investment_sek", "invalid_value"));
}
TEST(DecoderService, InvestmentAboveBoundReason) {
  EXPECT_TRUE(Contains(Reason(Set(kService, "investment_sek", "1e300")), "out of supported range"));
}
TEST(DecoderService, InvestmentNegative) {
  EXPECT_TRUE(Rejects(Set(kService, "investment_sek", "-1"), "investment_sek", "invalid_value"));
}
TEST(DecoderService, InvestmentString) {
  EXPECT_TRUE(Rejects(Set(kService, "investment_sek", "\"100\""), "investment_sek", "wrong_type"));
}
TEST(DecoderService, InvestmentMissing) {
  EXPECT_TRUE(Rejects(Drop(kService, "investment_sek"), "investment_sek", "missing_field"));
}
TEST(DecoderService, LatencyThresholdDefault) {
  EXPECT_EQ(Body<ServiceEvent>(Drop(kService, "latency_threshold_ms")).latency_threshold_us, 2'000'000);
}
TEST(DecoderService, LatencyThresholdNullIsDefault) {
  EXPECT_EQ(Body<ServiceEvent>(Set(kService, "latency_threshold_ms", "null")).latency_threshold_us,
            2'000'000);
}
TEST(DecoderService, LatencyThresholdFraction) {
  EXPECT_EQ(Body<ServiceEvent>(Set(kService, "latency_threshold_ms", "0.5")).latency_threshold_us, 500);
}
TEST(DecoderService, LatencyThresholdUpperBound) {
  EXPECT_TRUE(Accepts(Set(kService, "latency_threshold_ms", "1e9")));
}
TEST(DecoderService, LatencyThresholdAboveBound) {
  EXPECT_TRUE(
      Rejects(Set(kService, "latency_threshold_ms", "1000000001"), "latency_threshold_ms", "invalid_value"));
}
TEST(DecoderService, LatencyThresholdZero) {
  EXPECT_TRUE(Rejects(Set(kService, "latency_threshold_ms", "0"), "latency_threshold_ms", "invalid_value"));
}
TEST(DecoderService, LatencyThresholdNegative) {
  EXPECT_TRUE(Rejects(Set(kService, "latency_threshold_ms", "-5"), "latency_threshold_ms", "invalid_value"));
}
TEST(DecoderService, LatencyThresholdString) {
  EXPECT_TRUE(
      Rejects(Set(kService, "latency_threshold_ms", "\"2000\""), "latency_threshold_ms", "wrong_type"));
}
TEST(DecoderService, RetiredTrue) {
  EXPECT_TRUE(Body<ServiceEvent>(Set(kService, "retired", "true")).retired);
}
TEST(DecoderService, RetiredNullIsFalse) {
  EXPECT_FALSE(Body<ServiceEvent>(Set(kService, "retired", "null")).retired);
}
TEST(DecoderService, RetiredString) {
  EXPECT_TRUE(Rejects(Set(kService, "retired", "\"yes\""), "retired", "wrong_type"));
}

// ---------------------------------------------------------------- probe.v1

TEST(DecoderProbe, ExampleFields) {
  ProbeEvent p = Body<ProbeEvent>(kProbe);
  EXPECT_EQ(p.service_id, "forskoleplats");
  EXPECT_EQ(p.location, "kista");
  EXPECT_TRUE(p.ok);
  EXPECT_EQ(p.latency_us, 184'200);
  EXPECT_EQ(p.http_status, 200);
  EXPECT_EQ(p.error, "");
}
TEST(DecoderProbe, FailedExampleFields) {
  ProbeEvent p = Body<ProbeEvent>(kProbeFailed);
  EXPECT_FALSE(p.ok);
  EXPECT_EQ(p.latency_us, 10'000'000);
  EXPECT_EQ(p.http_status, 0);
  EXPECT_EQ(p.error, "timeout after 10 s");
}
TEST(DecoderProbe, ServiceIdInvalid) {
  EXPECT_TRUE(Rejects(Set(kProbe, "service_id", "\"a b\""), "service_id", "invalid_value"));
}
TEST(DecoderProbe, LocationMaxLength) { EXPECT_TRUE(Accepts(Set(kProbe, "location", Str(32)))); }
TEST(DecoderProbe, LocationTooLong) {
  EXPECT_TRUE(Rejects(Set(kProbe, "location", Str(33)), "location", "invalid_value"));
}
TEST(DecoderProbe, LocationUppercase) {
  EXPECT_TRUE(Rejects(Set(kProbe, "location", "\"Kista\""), "location", "invalid_value"));
}
TEST(DecoderProbe, LocationMissing) {
  EXPECT_TRUE(Rejects(Drop(kProbe, "location"), "location", "missing_field"));
}
TEST(DecoderProbe, OkString) { EXPECT_TRUE(Rejects(Set(kProbe, "ok", "\"true\""), "ok", "wrong_type")); }
TEST(DecoderProbe, OkMissing) { EXPECT_TRUE(Rejects(Drop(kProbe, "ok"), "ok", "missing_field")); }
TEST(DecoderProbe, OkNull) { EXPECT_TRUE(Rejects(Set(kProbe, "ok", "null"), "ok", "wrong_type")); }
TEST(DecoderProbe, LatencyZero) { EXPECT_EQ(Body<ProbeEvent>(Set(kProbe, "latency_ms", "0")).latency_us, 0); }
TEST(DecoderProbe, LatencyRoundsToMicroseconds) {
  EXPECT_EQ(Body<ProbeEvent>(Set(kProbe, "latency_ms", "0.0016")).latency_us, 2);
}
TEST(DecoderProbe, LatencyUpperBound) {
  EXPECT_EQ(Body<ProbeEvent>(Set(kProbe, "latency_ms", "1e9")).latency_us, int64_t{1000000000} * 1000);
}
TEST(DecoderProbe, LatencyAboveBound) {
  EXPECT_TRUE(Rejects(Set(kProbe, "latency_ms", "1000000000.5"), "latency_ms", "invalid_value"));
}
TEST(DecoderProbe, LatencyNegative) {
  EXPECT_TRUE(Rejects(Set(kProbe, "latency_ms", "-0.001"), "latency_ms", "invalid_value"));
}
TEST(DecoderProbe, LatencyString) {
  EXPECT_TRUE(Rejects(Set(kProbe, "latency_ms", "\"184\""), "latency_ms", "wrong_type"));
}
TEST(DecoderProbe, LatencyMissing) {
  EXPECT_TRUE(Rejects(Drop(kProbe, "latency_ms"), "latency_ms", "missing_field"));
}
TEST(DecoderProbe, HttpStatusLowest) {
  EXPECT_EQ(Body<ProbeEvent>(Set(kProbe, "http_status", "100")).http_status, 100);
}
TEST(DecoderProbe, HttpStatusHighest) {
  EXPECT_EQ(Body<ProbeEvent>(Set(kProbe, "http_status", "599")).http_status, 599);
}
TEST(DecoderProbe, HttpStatusNullIsAbsent) {
  EXPECT_EQ(Body<ProbeEvent>(Set(kProbe, "http_status", "null")).http_status, 0);
}
TEST(DecoderProbe, HttpStatusTooLow) {
  EXPECT_TRUE(Rejects(Set(kProbe, "http_status", "99"), "http_status", "invalid_value"));
}
TEST(DecoderProbe, HttpStatusTooHigh) {
  EXPECT_TRUE(Rejects(Set(kProbe, "http_status", "600"), "http_status", "invalid_value"));
}
TEST(DecoderProbe, HttpStatusFraction) {
  EXPECT_TRUE(Rejects(Set(kProbe, "http_status", "200.5"), "http_status", "wrong_type"));
}
TEST(DecoderProbe, HttpStatusString) {
  EXPECT_TRUE(Rejects(Set(kProbe, "http_status", "\"200\""), "http_status", "wrong_type"));
}
TEST(DecoderProbe, ErrorMaxLength) { EXPECT_TRUE(Accepts(Set(kProbe, "error", Str(512, "ä")))); }
TEST(DecoderProbe, ErrorTooLong) {
  EXPECT_TRUE(Rejects(Set(kProbe, "error", Str(513)), "error", "invalid_value"));
}
TEST(DecoderProbe, ErrorNullIsAbsent) {
  EXPECT_EQ(Body<ProbeEvent>(Set(kProbeFailed, "error", "null")).error, "");
}
TEST(DecoderProbe, ErrorNotString) { EXPECT_TRUE(Rejects(Set(kProbe, "error", "5"), "error", "wrong_type")); }
TEST(DecoderProbe, ErrorEscapesDecoded) {
  EXPECT_EQ(Body<ProbeEvent>(Set(kProbe, "error", R"("a\"b\n\u00e5")")).error, "a\"b\nå");
}

// ---------------------------------------------------------------- usage.v1

TEST(DecoderUsage, ExampleFields) {
  UsageEvent u = Body<UsageEvent>(kUsage);
  EXPECT_EQ(u.service_id, "forskoleplats");
  EXPECT_EQ(u.period_start, *ParseRfc3339("2026-09-30T22:00:00Z"));
  EXPECT_EQ(u.period_end, *ParseRfc3339("2026-10-31T23:00:00Z"));
  EXPECT_EQ(u.channel, Channel::kDigital);
  EXPECT_EQ(u.cases, 4210);
  EXPECT_EQ(u.cases_with_contact_details, 3987);
}
TEST(DecoderUsage, ContactDetailsDefaultZero) {
  EXPECT_EQ(Body<UsageEvent>(kUsagePhone).cases_with_contact_details, 0);
}
TEST(DecoderUsage, ContactDetailsNullIsZero) {
  EXPECT_EQ(Body<UsageEvent>(Set(kUsage, "cases_with_contact_details", "null")).cases_with_contact_details,
            0);
}
TEST(DecoderUsage, ContactDetailsEqualToCases) {
  EXPECT_TRUE(Accepts(Set(kUsage, "cases_with_contact_details", "4210")));
}
TEST(DecoderUsage, ContactDetailsAboveCases) {
  EXPECT_TRUE(Rejects(Set(kUsage, "cases_with_contact_details", "4211"), "cases_with_contact_details",
                      "invalid_value"));
}
TEST(DecoderUsage, ContactDetailsNegative) {
  EXPECT_TRUE(Rejects(Set(kUsage, "cases_with_contact_details", "-1"), "cases_with_contact_details",
                      "invalid_value"));
}
TEST(DecoderUsage, ContactDetailsFraction) {
  EXPECT_TRUE(
      Rejects(Set(kUsage, "cases_with_contact_details", "1.5"), "cases_with_contact_details", "wrong_type"));
}
TEST(DecoderUsage, CasesZero) { EXPECT_TRUE(Accepts(Set(kUsagePhone, "cases", "0"))); }
TEST(DecoderUsage, CasesNegative) {
  EXPECT_TRUE(Rejects(Set(kUsagePhone, "cases", "-1"), "cases", "invalid_value"));
}
TEST(DecoderUsage, CasesMissing) {
  EXPECT_TRUE(Rejects(Drop(kUsagePhone, "cases"), "cases", "missing_field"));
}
TEST(DecoderUsage, ChannelPhone) { EXPECT_EQ(Body<UsageEvent>(kUsagePhone).channel, Channel::kPhone); }
TEST(DecoderUsage, ChannelVisit) {
  EXPECT_EQ(Body<UsageEvent>(Set(kUsage, "channel", "\"visit\"")).channel, Channel::kVisit);
}
TEST(DecoderUsage, ChannelMail) {
  EXPECT_EQ(Body<UsageEvent>(Set(kUsage, "channel", "\"mail\"")).channel, Channel::kMail);
}
TEST(DecoderUsage, ChannelUnknown) {
  EXPECT_TRUE(Rejects(Set(kUsage, "channel", "\"web\""), "channel", "invalid_value"));
}
TEST(DecoderUsage, ServiceIdInvalid) {
  EXPECT_TRUE(Rejects(Set(kUsage, "service_id", "\"\""), "service_id", "invalid_value"));
}
TEST(DecoderUsage, PeriodWholeQuarterEndingAtNextQuarter) {
  EXPECT_TRUE(Accepts(Set(Set(kUsage, "period_start", "\"2026-07-01T00:00:00+02:00\""), "period_end",
                          "\"2026-10-01T00:00:00+02:00\"")));
}
TEST(DecoderUsage, PeriodWinterQuarterAcrossDst) {
  EXPECT_TRUE(Accepts(Set(Set(kUsage, "period_start", "\"2026-01-01T00:00:00+01:00\""), "period_end",
                          "\"2026-04-01T00:00:00+02:00\"")));
}
TEST(DecoderUsage, PeriodEndOneHourIntoNextQuarter) {
  // 2026-10-01T00:00Z is 02:00 in Stockholm, already Q4.
  EXPECT_TRUE(Rejects(Set(Set(kUsage, "period_start", "\"2026-07-01T00:00:00+02:00\""), "period_end",
                          "\"2026-10-01T00:00:00Z\""),
                      "period_end", "invalid_value"));
}
TEST(DecoderUsage, PeriodAcrossQuarters) {
  EXPECT_TRUE(Rejects(
      Set(Set(kUsage, "period_start", "\"2026-09-20T00:00:00Z\""), "period_end", "\"2026-10-02T00:00:00Z\""),
      "period_end", "invalid_value"));
}
TEST(DecoderUsage, PeriodEmpty) {
  EXPECT_TRUE(
      Rejects(Set(kUsage, "period_end", "\"2026-10-01T00:00:00+02:00\""), "period_end", "invalid_value"));
}
TEST(DecoderUsage, PeriodReversed) {
  EXPECT_TRUE(
      Rejects(Set(kUsage, "period_end", "\"2026-09-30T00:00:00+02:00\""), "period_end", "invalid_value"));
}
TEST(DecoderUsage, PeriodStartInvalid) {
  EXPECT_TRUE(Rejects(Set(kUsage, "period_start", "\"2026-10-01\""), "period_start", "invalid_value"));
}
TEST(DecoderUsage, PeriodStartBefore1970) {
  EXPECT_TRUE(
      Rejects(Set(kUsage, "period_start", "\"1969-10-01T00:00:00Z\""), "period_start", "invalid_value"));
}
TEST(DecoderUsage, PeriodEndAfter2200) {
  EXPECT_TRUE(Rejects(Set(kUsage, "period_end", "\"2201-01-01T00:00:00Z\""), "period_end", "invalid_value"));
}
TEST(DecoderUsage, PeriodStartMissing) {
  EXPECT_TRUE(Rejects(Drop(kUsage, "period_start"), "period_start", "missing_field"));
}
TEST(DecoderUsage, PeriodEndMissing) {
  EXPECT_TRUE(Rejects(Drop(kUsage, "period_end"), "period_end", "missing_field"));
}

// ---------------------------------------------------------------- adoption.v1

TEST(DecoderAdoption, ExampleFields) {
  AdoptionEvent a = Body<AdoptionEvent>(kAdoption);
  EXPECT_EQ(a.service_id, "forskoleplats");
  EXPECT_EQ(a.period_start, *ParseRfc3339("2026-10-01T00:00:00+02:00"));
  EXPECT_EQ(a.period_end, *ParseRfc3339("2026-11-01T00:00:00+01:00"));
  EXPECT_EQ(a.licensed_users, 240);
  EXPECT_EQ(a.active_users, 198);
}
TEST(DecoderAdoption, ServiceIdInvalid) {
  EXPECT_TRUE(Rejects(Set(kAdoption, "service_id", "\"X\""), "service_id", "invalid_value"));
}
TEST(DecoderAdoption, PeriodAcrossQuarters) {
  EXPECT_TRUE(
      Rejects(Set(kAdoption, "period_end", "\"2027-01-01T00:00:01+01:00\""), "period_end", "invalid_value"));
}
TEST(DecoderAdoption, PeriodToQuarterEnd) {
  EXPECT_TRUE(Accepts(Set(kAdoption, "period_end", "\"2027-01-01T00:00:00+01:00\"")));
}
TEST(DecoderAdoption, LicensedOne) {
  EXPECT_TRUE(Accepts(Set(Set(kAdoption, "licensed_users", "1"), "active_users", "1")));
}
TEST(DecoderAdoption, LicensedZero) {
  EXPECT_TRUE(Rejects(Set(Set(kAdoption, "licensed_users", "0"), "active_users", "0"), "licensed_users",
                      "invalid_value"));
}
TEST(DecoderAdoption, LicensedMissing) {
  EXPECT_TRUE(Rejects(Drop(kAdoption, "licensed_users"), "licensed_users", "missing_field"));
}
TEST(DecoderAdoption, ActiveZero) { EXPECT_TRUE(Accepts(Set(kAdoption, "active_users", "0"))); }
TEST(DecoderAdoption, ActiveNegative) {
  EXPECT_TRUE(Rejects(Set(kAdoption, "active_users", "-1"), "active_users", "invalid_value"));
}
TEST(DecoderAdoption, ActiveEqualsLicensed) { EXPECT_TRUE(Accepts(Set(kAdoption, "active_users", "240"))); }
TEST(DecoderAdoption, ActiveAboveLicensed) {
  EXPECT_TRUE(Rejects(Set(kAdoption, "active_users", "241"), "active_users", "invalid_value"));
}
TEST(DecoderAdoption, ActiveFraction) {
  EXPECT_TRUE(Rejects(Set(kAdoption, "active_users", "1.5"), "active_users", "wrong_type"));
}

// ---------------------------------------------------------------- survey.v1

TEST(DecoderSurvey, ExampleFields) {
  SurveyEvent s = Body<SurveyEvent>(kSurvey);
  EXPECT_EQ(s.survey_id, "enkat-2026h2");
  EXPECT_EQ(s.group, RespondentGroup::kCitizen);
  EXPECT_EQ(s.service_id, "forskoleplats");
  EXPECT_EQ(s.question, Question::kSatisfaction);
  EXPECT_EQ(s.score, 4);
  EXPECT_EQ(s.scale_max, 5);
  EXPECT_TRUE(s.positive());
}
TEST(DecoderSurvey, CityWideExampleFields) {
  SurveyEvent s = Body<SurveyEvent>(kSurveyCityWide);
  EXPECT_EQ(s.service_id, "");
  EXPECT_EQ(s.question, Question::kDriftInfoFound);
  EXPECT_EQ(s.score, 7);
  EXPECT_EQ(s.scale_max, 10);
  EXPECT_FALSE(s.positive());
}
TEST(DecoderSurvey, ServiceIdAbsentIsCityWide) {
  EXPECT_EQ(Body<SurveyEvent>(Drop(kSurvey, "service_id")).service_id, "");
}
TEST(DecoderSurvey, ServiceIdEmptyString) {
  EXPECT_TRUE(Rejects(Set(kSurvey, "service_id", "\"\""), "service_id", "invalid_value"));
}
TEST(DecoderSurvey, ServiceIdInvalid) {
  EXPECT_TRUE(Rejects(Set(kSurvey, "service_id", "\"Bad\""), "service_id", "invalid_value"));
}
TEST(DecoderSurvey, ServiceIdNumber) {
  EXPECT_TRUE(Rejects(Set(kSurvey, "service_id", "5"), "service_id", "wrong_type"));
}
TEST(DecoderSurvey, SurveyIdMaxLengthInCodePoints) {
  EXPECT_TRUE(Accepts(Set(kSurvey, "survey_id", Str(128, "é"))));
}
TEST(DecoderSurvey, SurveyIdTooLong) {
  EXPECT_TRUE(Rejects(Set(kSurvey, "survey_id", Str(129)), "survey_id", "invalid_value"));
}
TEST(DecoderSurvey, SurveyIdEmpty) {
  EXPECT_TRUE(Rejects(Set(kSurvey, "survey_id", "\"\""), "survey_id", "invalid_value"));
}
TEST(DecoderSurvey, SurveyIdMissing) {
  EXPECT_TRUE(Rejects(Drop(kSurvey, "survey_id"), "survey_id", "missing_field"));
}
TEST(DecoderSurvey, EveryRespondentGroup) {
  for (std::string_view g : WireNames<RespondentGroup>::kNames)
    EXPECT_EQ(Name(Body<SurveyEvent>(Set(kSurvey, "respondent_group", "\"" + std::string(g) + "\"")).group),
              g);
}
TEST(DecoderSurvey, RespondentGroupUnknown) {
  EXPECT_TRUE(Rejects(Set(kSurvey, "respondent_group", "\"student\""), "respondent_group", "invalid_value"));
}
TEST(DecoderSurvey, EveryQuestion) {
  for (std::string_view q : WireNames<Question>::kNames)
    EXPECT_EQ(Name(Body<SurveyEvent>(Set(kSurvey, "question", "\"" + std::string(q) + "\"")).question), q);
}
TEST(DecoderSurvey, QuestionUnknown) {
  EXPECT_TRUE(Rejects(Set(kSurvey, "question", "\"nps\""), "question", "invalid_value"));
}
TEST(DecoderSurvey, ScoreOne) { EXPECT_TRUE(Accepts(Set(kSurvey, "score", "1"))); }
TEST(DecoderSurvey, ScoreAtScaleMax) { EXPECT_TRUE(Accepts(Set(kSurvey, "score", "5"))); }
TEST(DecoderSurvey, ScoreAboveScaleMax) {
  EXPECT_TRUE(Rejects(Set(kSurvey, "score", "6"), "score", "invalid_value"));
}
TEST(DecoderSurvey, ScoreTenOfTen) { EXPECT_TRUE(Accepts(Set(kSurveyCityWide, "score", "10"))); }
TEST(DecoderSurvey, ScoreElevenOfTen) {
  EXPECT_TRUE(Rejects(Set(kSurveyCityWide, "score", "11"), "score", "invalid_value"));
}
TEST(DecoderSurvey, ScoreZero) { EXPECT_TRUE(Rejects(Set(kSurvey, "score", "0"), "score", "invalid_value")); }
TEST(DecoderSurvey, ScoreWholeDouble) { EXPECT_EQ(Body<SurveyEvent>(Set(kSurvey, "score", "4.0")).score, 4); }
TEST(DecoderSurvey, ScoreFraction) {
  EXPECT_TRUE(Rejects(Set(kSurvey, "score", "4.5"), "score", "wrong_type"));
}
TEST(DecoderSurvey, ScoreNull) { EXPECT_TRUE(Rejects(Set(kSurvey, "score", "null"), "score", "wrong_type")); }
TEST(DecoderSurvey, ScaleMaxSeven) {
  EXPECT_TRUE(Rejects(Set(kSurvey, "scale_max", "7"), "scale_max", "invalid_value"));
}
TEST(DecoderSurvey, ScaleMaxString) {
  EXPECT_TRUE(Rejects(Set(kSurvey, "scale_max", "\"5\""), "scale_max", "wrong_type"));
}
TEST(DecoderSurvey, ScaleMaxMissing) {
  EXPECT_TRUE(Rejects(Drop(kSurvey, "scale_max"), "scale_max", "missing_field"));
}

// ---------------------------------------------------------------- cost.v1

TEST(DecoderCost, ExampleFields) {
  CostEvent k = Body<CostEvent>(kCost);
  EXPECT_EQ(k.service_id, "forskoleplats");
  EXPECT_EQ(k.year, 2026);
  EXPECT_EQ(k.month, 10);
  EXPECT_EQ(k.kind, CostKind::kOperations);
  EXPECT_EQ(k.amount_micro, int64_t{42500} * 1000000);
  EXPECT_EQ(k.funding, Funding::kLine);
}
TEST(DecoderCost, ServiceIdInvalid) {
  EXPECT_TRUE(Rejects(Set(kCost, "service_id", "\"a.b\""), "service_id", "invalid_value"));
}
TEST(DecoderCost, MonthFirstSupported) { EXPECT_TRUE(Accepts(Set(kCost, "month", "\"1970-01\""))); }
TEST(DecoderCost, MonthLastSupported) { EXPECT_TRUE(Accepts(Set(kCost, "month", "\"2200-12\""))); }
TEST(DecoderCost, MonthBefore1970) {
  EXPECT_TRUE(Rejects(Set(kCost, "month", "\"1969-12\""), "month", "invalid_value"));
}
TEST(DecoderCost, MonthAfter2200) {
  EXPECT_TRUE(Rejects(Set(kCost, "month", "\"2201-01\""), "month", "invalid_value"));
}
TEST(DecoderCost, MonthThirteen) {
  EXPECT_TRUE(Rejects(Set(kCost, "month", "\"2026-13\""), "month", "invalid_value"));
}
TEST(DecoderCost, MonthZero) {
  EXPECT_TRUE(Rejects(Set(kCost, "month", "\"2026-00\""), "month", "invalid_value"));
}
TEST(DecoderCost, MonthSingleDigit) {
  EXPECT_TRUE(Rejects(Set(kCost, "month", "\"2026-1\""), "month", "invalid_value"));
}
TEST(DecoderCost, MonthWithDay) {
  EXPECT_TRUE(Rejects(Set(kCost, "month", "\"2026-10-01\""), "month", "invalid_value"));
}
TEST(DecoderCost, MonthNumber) { EXPECT_TRUE(Rejects(Set(kCost, "month", "202610"), "month", "wrong_type")); }
TEST(DecoderCost, EveryKind) {
  for (std::string_view k : WireNames<CostKind>::kNames)
    EXPECT_EQ(Name(Body<CostEvent>(Set(kCost, "kind", "\"" + std::string(k) + "\"")).kind), k);
}
TEST(DecoderCost, KindUnknown) {
  EXPECT_TRUE(Rejects(Set(kCost, "kind", "\"capex\""), "kind", "invalid_value"));
}
TEST(DecoderCost, AmountNegative) {
  EXPECT_EQ(Body<CostEvent>(Set(kCost, "amount_sek", "-100.5")).amount_micro, -100'500'000);
}
TEST(DecoderCost, AmountLowerBound) { EXPECT_TRUE(Accepts(Set(kCost, "amount_sek", "-1e12"))); }
TEST(DecoderCost, AmountBelowBound) {
  EXPECT_TRUE(Rejects(Set(kCost, "amount_sek", "-1000000000000.5"), "amount_sek", "invalid_value"));
}
TEST(DecoderCost, AmountHuge) {
  EXPECT_TRUE(Contains(Reason(Set(kCost, "amount_sek", "18446744073709551615")), "out of supported range"));
}
TEST(DecoderCost, AmountString) {
  EXPECT_TRUE(Rejects(Set(kCost, "amount_sek", "\"42500\""), "amount_sek", "wrong_type"));
}
TEST(DecoderCost, AmountMissing) {
  EXPECT_TRUE(Rejects(Drop(kCost, "amount_sek"), "amount_sek", "missing_field"));
}
TEST(DecoderCost, FundingPortfolio) {
  EXPECT_EQ(Body<CostEvent>(Set(kCost, "funding", "\"portfolio\"")).funding, Funding::kPortfolio);
}
TEST(DecoderCost, FundingUnknown) {
  EXPECT_TRUE(Rejects(Set(kCost, "funding", "\"grant\""), "funding", "invalid_value"));
}

// ---------------------------------------------------------------- benefit.v1

TEST(DecoderBenefit, ExampleFields) {
  BenefitEvent b = Body<BenefitEvent>(kBenefit);
  EXPECT_EQ(b.service_id, "forskoleplats");
  EXPECT_EQ(b.year, 2026);
  EXPECT_EQ(b.month, 10);
  EXPECT_EQ(b.realized_micro, int64_t{61000} * 1000000);
  EXPECT_EQ(b.hours_saved_micro, 120'500'000);
}
TEST(DecoderBenefit, ServiceIdMissing) {
  EXPECT_TRUE(Rejects(Drop(kBenefit, "service_id"), "service_id", "missing_field"));
}
TEST(DecoderBenefit, MonthInvalid) {
  EXPECT_TRUE(Rejects(Set(kBenefit, "month", "\"10/2026\""), "month", "invalid_value"));
}
TEST(DecoderBenefit, RealizedZero) { EXPECT_TRUE(Accepts(Set(kBenefit, "realized_sek", "0"))); }
TEST(DecoderBenefit, RealizedNegative) {
  EXPECT_TRUE(Rejects(Set(kBenefit, "realized_sek", "-1"), "realized_sek", "invalid_value"));
}
TEST(DecoderBenefit, RealizedAboveBound) {
  EXPECT_TRUE(Rejects(Set(kBenefit, "realized_sek", "2e12"), "realized_sek", "invalid_value"));
}
TEST(DecoderBenefit, HoursUpperBound) { EXPECT_TRUE(Accepts(Set(kBenefit, "hours_saved", "1e12"))); }
TEST(DecoderBenefit, HoursAboveBound) {
  EXPECT_TRUE(
      Contains(Reason(Set(kBenefit, "hours_saved", "1.000001e12")), "hours_saved: out of supported range"));
}
TEST(DecoderBenefit, HoursNegative) {
  EXPECT_TRUE(Rejects(Set(kBenefit, "hours_saved", "-0.5"), "hours_saved", "invalid_value"));
}
TEST(DecoderBenefit, HoursBoolean) {
  EXPECT_TRUE(Rejects(Set(kBenefit, "hours_saved", "true"), "hours_saved", "wrong_type"));
}

// ---------------------------------------------------------------- announcement.v1

TEST(DecoderAnnouncement, PlannedExampleFields) {
  AnnouncementEvent a = Body<AnnouncementEvent>(kPlanned);
  EXPECT_EQ(a.announcement_id, "ann-0042");
  EXPECT_EQ(a.revision, 1);
  EXPECT_EQ(a.kind, AnnouncementKind::kPlannedMaintenance);
  EXPECT_EQ(a.service_ids, std::vector<std::string>{"forskoleplats"});
  EXPECT_EQ(a.state, AnnouncementState::kScheduled);
  EXPECT_EQ(a.starts_at, *ParseRfc3339("2026-11-28T21:00:00Z"));
  EXPECT_EQ(a.ends_at, ParseRfc3339("2026-11-29T01:00:00Z"));
  EXPECT_EQ(a.title_sv, "Planerat underhåll av förskoleansökan");
  EXPECT_TRUE(a.body_sv.starts_with("E-tjänsten är stängd"));
  EXPECT_EQ(a.title_en, "");
  EXPECT_EQ(a.body_en, "");
}
TEST(DecoderAnnouncement, IncidentExampleFields) {
  AnnouncementEvent a = Body<AnnouncementEvent>(kIncident);
  EXPECT_EQ(a.revision, 2);
  EXPECT_EQ(a.kind, AnnouncementKind::kIncident);
  EXPECT_EQ(a.state, AnnouncementState::kResolved);
  EXPECT_EQ(a.ends_at, ParseRfc3339("2026-11-26T10:24:00Z"));
}
TEST(DecoderAnnouncement, AnnouncementIdMaxLength) {
  EXPECT_TRUE(Accepts(Set(kIncident, "announcement_id", Str(128, "ö"))));
}
TEST(DecoderAnnouncement, AnnouncementIdTooLong) {
  EXPECT_TRUE(Rejects(Set(kIncident, "announcement_id", Str(129)), "announcement_id", "invalid_value"));
}
TEST(DecoderAnnouncement, AnnouncementIdEmpty) {
  EXPECT_TRUE(Rejects(Set(kIncident, "announcement_id", "\"\""), "announcement_id", "invalid_value"));
}
TEST(DecoderAnnouncement, RevisionOne) { EXPECT_TRUE(Accepts(Set(kIncident, "revision", "1"))); }
TEST(DecoderAnnouncement, RevisionZero) {
  EXPECT_TRUE(Rejects(Set(kIncident, "revision", "0"), "revision", "invalid_value"));
}
TEST(DecoderAnnouncement, RevisionWholeDouble) {
  EXPECT_EQ(Body<AnnouncementEvent>(Set(kIncident, "revision", "3.0")).revision, 3);
}
TEST(DecoderAnnouncement, RevisionFraction) {
  EXPECT_TRUE(Rejects(Set(kIncident, "revision", "1.5"), "revision", "wrong_type"));
}
TEST(DecoderAnnouncement, RevisionMissing) {
  EXPECT_TRUE(Rejects(Drop(kIncident, "revision"), "revision", "missing_field"));
}
TEST(DecoderAnnouncement, KindUnknown) {
  EXPECT_TRUE(Rejects(Set(kIncident, "kind", "\"outage\""), "kind", "invalid_value"));
}
TEST(DecoderAnnouncement, EveryState) {
  for (std::string_view s : WireNames<AnnouncementState>::kNames)
    EXPECT_EQ(Name(Body<AnnouncementEvent>(Set(kIncident, "state", "\"" + std::string(s) + "\"")).state), s);
}
TEST(DecoderAnnouncement, StateUnknown) {
  EXPECT_TRUE(Rejects(Set(kIncident, "state", "\"open\""), "state", "invalid_value"));
}
TEST(DecoderAnnouncement, ServiceIdsEmpty) {
  EXPECT_TRUE(Rejects(Set(kIncident, "service_ids", "[]"), "service_ids", "invalid_value"));
}
TEST(DecoderAnnouncement, ServiceIdsTwoHundred) {
  EXPECT_EQ(Body<AnnouncementEvent>(Set(kIncident, "service_ids", Slugs(200))).service_ids.size(), 200u);
}
TEST(DecoderAnnouncement, ServiceIdsTwoHundredOne) {
  EXPECT_TRUE(Rejects(Set(kIncident, "service_ids", Slugs(201)), "service_ids", "invalid_value"));
}
TEST(DecoderAnnouncement, ServiceIdsDeduplicatedInOrder) {
  EXPECT_EQ(Body<AnnouncementEvent>(Set(kIncident, "service_ids", R"(["b","a","b","c","a"])")).service_ids,
            (std::vector<std::string>{"b", "a", "c"}));
}
TEST(DecoderAnnouncement, ServiceIdsInvalidSlug) {
  EXPECT_TRUE(Rejects(Set(kIncident, "service_ids", R"(["ok","Bad"])"), "service_ids[1]", "invalid_value"));
}
TEST(DecoderAnnouncement, ServiceIdsNonString) {
  EXPECT_TRUE(Rejects(Set(kIncident, "service_ids", "[1]"), "service_ids[0]", "wrong_type"));
}
TEST(DecoderAnnouncement, ServiceIdsNotArray) {
  EXPECT_TRUE(Rejects(Set(kIncident, "service_ids", "\"forskoleplats\""), "service_ids", "wrong_type"));
}
TEST(DecoderAnnouncement, ServiceIdsMissing) {
  EXPECT_TRUE(Rejects(Drop(kIncident, "service_ids"), "service_ids", "missing_field"));
}
TEST(DecoderAnnouncement, StartsAtInvalid) {
  EXPECT_TRUE(Rejects(Set(kIncident, "starts_at", "\"2026-02-30T10:00:00Z\""), "starts_at", "invalid_value"));
}
TEST(DecoderAnnouncement, StartsAtMissing) {
  EXPECT_TRUE(Rejects(Drop(kIncident, "starts_at"), "starts_at", "missing_field"));
}
TEST(DecoderAnnouncement, IncidentEndsAtNull) {
  EXPECT_FALSE(Body<AnnouncementEvent>(Set(kIncident, "ends_at", "null")).ends_at.has_value());
}
TEST(DecoderAnnouncement, IncidentEndsAtAbsent) {
  EXPECT_FALSE(Body<AnnouncementEvent>(Drop(kIncident, "ends_at")).ends_at.has_value());
}
TEST(DecoderAnnouncement, PlannedEndsAtNull) {
  EXPECT_TRUE(Rejects(Set(kPlanned, "ends_at", "null"), "ends_at", "missing_field"));
}
TEST(DecoderAnnouncement, PlannedEndsAtAbsent) {
  EXPECT_TRUE(Rejects(Drop(kPlanned, "ends_at"), "ends_at", "missing_field"));
}
TEST(DecoderAnnouncement, EndsAtEqualToStart) {
  EXPECT_TRUE(
      Rejects(Set(kIncident, "ends_at", "\"2026-11-26T11:01:00+01:00\""), "ends_at", "invalid_value"));
}
TEST(DecoderAnnouncement, EndsAtBeforeStart) {
  EXPECT_TRUE(Rejects(Set(kPlanned, "ends_at", "\"2026-11-28T21:00:00+01:00\""), "ends_at", "invalid_value"));
}
TEST(DecoderAnnouncement, EndsAtOneMillisecondAfterStart) {
  EXPECT_TRUE(Accepts(Set(kIncident, "ends_at", "\"2026-11-26T10:01:00.001Z\"")));
}
TEST(DecoderAnnouncement, EndsAtUnparsable) {
  EXPECT_TRUE(Rejects(Set(kIncident, "ends_at", "\"soon\""), "ends_at", "invalid_value"));
}
TEST(DecoderAnnouncement, EndsAtNumber) {
  EXPECT_TRUE(Rejects(Set(kIncident, "ends_at", "0"), "ends_at", "wrong_type"));
}
TEST(DecoderAnnouncement, TitleSvMaxLength) {
  EXPECT_TRUE(Accepts(Set(kIncident, "title_sv", Str(200, "å"))));
}
TEST(DecoderAnnouncement, TitleSvTooLong) {
  EXPECT_TRUE(Rejects(Set(kIncident, "title_sv", Str(201)), "title_sv", "invalid_value"));
}
TEST(DecoderAnnouncement, TitleSvMissing) {
  EXPECT_TRUE(Rejects(Drop(kIncident, "title_sv"), "title_sv", "missing_field"));
}
TEST(DecoderAnnouncement, BodySvMaxLength) {
  EXPECT_TRUE(Accepts(Set(kIncident, "body_sv", Str(4000, "ä"))));
}
TEST(DecoderAnnouncement, BodySvTooLong) {
  EXPECT_TRUE(Rejects(Set(kIncident, "body_sv", Str(4001)), "body_sv", "invalid_value"));
}
TEST(DecoderAnnouncement, BodySvNull) {
  EXPECT_TRUE(Rejects(Set(kIncident, "body_sv", "null"), "body_sv", "wrong_type"));
}
TEST(DecoderAnnouncement, EnglishTextsDecoded) {
  AnnouncementEvent a =
      Body<AnnouncementEvent>(Set(Set(kIncident, "title_en", "\"Disruption\""), "body_en", "\"Fixed.\""));
  EXPECT_EQ(a.title_en, "Disruption");
  EXPECT_EQ(a.body_en, "Fixed.");
}
TEST(DecoderAnnouncement, TitleEnNullIsAbsent) { EXPECT_TRUE(Accepts(Set(kIncident, "title_en", "null"))); }
TEST(DecoderAnnouncement, TitleEnTooLong) {
  EXPECT_TRUE(Rejects(Set(kIncident, "title_en", Str(201)), "title_en", "invalid_value"));
}
TEST(DecoderAnnouncement, BodyEnMaxLength) { EXPECT_TRUE(Accepts(Set(kIncident, "body_en", Str(4000)))); }
TEST(DecoderAnnouncement, BodyEnTooLong) {
  EXPECT_TRUE(Rejects(Set(kIncident, "body_en", Str(4001)), "body_en", "invalid_value"));
}
TEST(DecoderAnnouncement, BodyEnNotString) {
  EXPECT_TRUE(Rejects(Set(kIncident, "body_en", "[]"), "body_en", "wrong_type"));
}

// ---------------------------------------------------------------- reasons

TEST(DecoderReasons, EchoedValuesAreTruncated) {
  std::string reason = Reason(Set(kProbe, "service_id", Str(300, "X")));
  EXPECT_LT(reason.size(), 160u);
}
TEST(DecoderReasons, TruncationIsMarked) {
  EXPECT_TRUE(Contains(Reason(Set(kProbe, "service_id", Str(300, "X"))), "...\")"));
}
TEST(DecoderReasons, TruncationKeepsUtf8Whole) {
  std::string sixty;
  for (int i = 0; i < 60; ++i) sixty += "ö";
  EXPECT_TRUE(Contains(Reason(Set(kProbe, "service_id", Str(300, "ö"))), "\"" + sixty + "...\")"));
}
TEST(DecoderReasons, EchoEscapesQuotes) {
  EXPECT_TRUE(Contains(Reason(Set(kProbe, "service_id", R"("a\"b")")), R"((got "a\"b"))"));
}
TEST(DecoderReasons, EchoEscapesControlCharacters) {
  EXPECT_TRUE(Contains(Reason(Set(kProbe, "service_id", R"("a\nb")")), R"((got "a\u000ab"))"));
}
TEST(DecoderReasons, MissingFieldReason) {
  EXPECT_EQ(Reason(Drop(kProbe, "location")), "location: is required");
}
TEST(DecoderReasons, UnknownTypeNamesValue) {
  EXPECT_TRUE(Contains(Reason(Set(kProbe, "type", "\"probe.v9\"")), "probe.v9"));
}
TEST(DecoderReasons, QuarterReasonNamesQuarter) { EXPECT_TRUE(Contains(Reason(kInvalidPeriod), "2026Q3")); }

// ---------------------------------------------------------------- robustness

TEST(DecoderRobustness, EveryPrefixOfEveryExampleIsRejected) {
  for (std::string_view line : kExamples) {
    for (size_t n = 0; n < line.size(); ++n) {
      Outcome r = DecodeJson(line.substr(0, n));
      EXPECT_FALSE(r.ok) << "prefix of length " << n << " accepted: " << line.substr(0, n);
      EXPECT_FALSE(r.err.reason.empty());
    }
    EXPECT_TRUE(Accepts(line));
  }
}

TEST(DecoderRobustness, RandomMutationsNeverCrash) {
  std::mt19937 rng(20261126);
  const std::string_view kCategories[] = {"too_large",     "invalid_json", "unknown_type",
                                          "missing_field", "wrong_type",   "invalid_value"};
  const char kBytes[] = "{}[]\":,.-+0123456789eEtrufalsn \\\x80\xff\xc3\xa5";
  int accepted = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string s(kExamples[rng() % kExamples.size()]);
    int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits && !s.empty(); ++e) {
      size_t pos = rng() % s.size();
      switch (rng() % 3) {
        case 0:
          s[pos] = kBytes[rng() % (sizeof kBytes - 1)];
          break;
        case 1:
          s.erase(pos, 1 + rng() % 8);
          break;
        case 2:
          s.insert(pos, 1, kBytes[rng() % (sizeof kBytes - 1)]);
          break;
      }
    }
    Outcome r = DecodeJson(s);
    if (r.ok) {
      ++accepted;
      continue;
    }
    bool known = false;
    for (std::string_view c : kCategories) known |= c == Name(r.err.category);
    EXPECT_TRUE(known) << Name(r.err.category);
    EXPECT_FALSE(r.err.reason.empty());
  }
  EXPECT_LT(accepted, 20000);
}

TEST(DecoderRobustness, ReusedEventIsFullyOverwritten) {
  EventDecoder decoder;
  Event event;
  DecodeError err;
  ASSERT_TRUE(decoder.Decode(kProbeFailed, &event, &err));
  ASSERT_TRUE(decoder.Decode(kIncident, &event, &err));
  ASSERT_TRUE(decoder.Decode(kProbe, &event, &err));
  EXPECT_EQ(std::get<ProbeEvent>(event.body).error, "");
  EXPECT_EQ(std::get<ProbeEvent>(event.body).location, "kista");
  EXPECT_EQ(event.source, "probe-kista");
}

TEST(DecoderRobustness, ReusedAnnouncementDropsOldServiceIds) {
  EventDecoder decoder;
  Event event;
  DecodeError err;
  ASSERT_TRUE(decoder.Decode(Set(kIncident, "service_ids", Slugs(5)), &event, &err));
  ASSERT_TRUE(decoder.Decode(kIncident, &event, &err));
  EXPECT_EQ(std::get<AnnouncementEvent>(event.body).service_ids, std::vector<std::string>{"forskoleplats"});
}

TEST(DecoderRobustness, ReusedServiceDropsOldAlternatives) {
  EventDecoder decoder;
  Event event;
  DecodeError err;
  ASSERT_TRUE(decoder.Decode(kService, &event, &err));
  ASSERT_TRUE(decoder.Decode(Set(kService, "alternatives", "[]"), &event, &err));
  EXPECT_TRUE(std::get<ServiceEvent>(event.body).alternatives.empty());
}

TEST(DecoderRobustness, MovedFromDecoderStillWorks) {
  EventDecoder a;
  EventDecoder b(std::move(a));
  Event event;
  DecodeError err;
  EXPECT_TRUE(b.Decode(kProbe, &event, &err));
  EXPECT_TRUE(a.Decode(kProbe, &event, &err));  // NOLINT(bugprone-use-after-move)
}

// ---------------------------------------------------------------- names

TEST(DecoderNames, EventTypeNames) {
  EXPECT_STREQ(EventTypeName(EventType::kProbe), "probe.v1");
  EXPECT_STREQ(EventTypeName(EventType::kAnnouncement), "announcement.v1");
}
TEST(DecoderNames, EventTypeRoundTrip) {
  for (int i = 0; i < kEventTypeCount; ++i)
    EXPECT_EQ(ParseEventType(EventTypeName(static_cast<EventType>(i))), static_cast<EventType>(i));
}
TEST(DecoderNames, EnumNames) {
  EXPECT_STREQ(Name(Category::kGrundlaggande), "grundlaggande");
  EXPECT_STREQ(Name(Channel::kMail), "mail");
  EXPECT_STREQ(Name(AltChannel::kEmail), "email");
  EXPECT_STREQ(Name(RespondentGroup::kManager), "manager");
  EXPECT_STREQ(Name(Question::kCostDefensible), "cost_defensible");
  EXPECT_STREQ(Name(CostKind::kLicense), "license");
  EXPECT_STREQ(Name(Funding::kPortfolio), "portfolio");
  EXPECT_STREQ(Name(AnnouncementKind::kPlannedMaintenance), "planned_maintenance");
  EXPECT_STREQ(Name(AnnouncementState::kCancelled), "cancelled");
}
TEST(DecoderNames, InverseLookups) {
  EXPECT_EQ(ParseCategory("innovativt"), Category::kInnovativt);
  EXPECT_EQ(ParseChannel("visit"), Channel::kVisit);
  EXPECT_EQ(ParseAltChannel("web"), AltChannel::kWeb);
  EXPECT_EQ(ParseRespondentGroup("staff"), RespondentGroup::kStaff);
  EXPECT_EQ(ParseQuestion("it_ability"), Question::kItAbility);
  EXPECT_EQ(ParseCostKind("development"), CostKind::kDevelopment);
  EXPECT_EQ(ParseFunding("line"), Funding::kLine);
  EXPECT_EQ(ParseAnnouncementKind("incident"), AnnouncementKind::kIncident);
  EXPECT_EQ(ParseAnnouncementState("monitoring"), AnnouncementState::kMonitoring);
}
TEST(DecoderNames, UnknownNameIsNullopt) {
  EXPECT_FALSE(ParseChannel("Digital").has_value());
  EXPECT_FALSE(ParseEventType("").has_value());
}
TEST(DecoderNames, OutOfRangeValueIsQuestionMark) { EXPECT_STREQ(Name(static_cast<Funding>(9)), "?"); }

// ---------------------------------------------------------------- exact numbers (events.md, "Limits of
// numbers")

// Replaces the first occurrence of `from` in base (the fixture must contain it).
std::string Replace(std::string_view base, std::string_view from, std::string_view to) {
  std::string out(base);
  size_t at = out.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) out.replace(at, from.size(), to);
  return out;
}

int64_t CostMicro(std::string_view amount) {
  return Body<CostEvent>(Set(kCost, "amount_sek", amount)).amount_micro;
}

// 0.1 is exactly 100000 micro-SEK, so three of them are exactly 0.3 SEK.
TEST(DecoderExactNumbers, ThreeTenthsSumToThreeTenths) {
  const int64_t tenth = CostMicro("0.1");
  EXPECT_EQ(tenth, 100'000);
  EXPECT_EQ(tenth + tenth + tenth, CostMicro("0.3"));
}
// 18 significant digits: more than a double keeps (it gives ...345680).
TEST(DecoderExactNumbers, EighteenDigitsAreKept) {
  EXPECT_EQ(CostMicro("123456789012.345678"), 123'456'789'012'345'678);
}
TEST(DecoderExactNumbers, LargestFractionBelowTheLimit) {
  EXPECT_EQ(CostMicro("999999999999.999999"), 999'999'999'999'999'999);
}
TEST(DecoderExactNumbers, HalfMicroRoundsAwayFromZero) { EXPECT_EQ(CostMicro("0.0000005"), 1); }
TEST(DecoderExactNumbers, NegativeHalfMicroRoundsAwayFromZero) { EXPECT_EQ(CostMicro("-0.0000005"), -1); }
TEST(DecoderExactNumbers, BelowHalfMicroRoundsToZero) { EXPECT_EQ(CostMicro("0.00000049"), 0); }
TEST(DecoderExactNumbers, Exponent) { EXPECT_EQ(CostMicro("1E12"), 1'000'000'000'000'000'000); }
TEST(DecoderExactNumbers, NegativeExponent) { EXPECT_EQ(CostMicro("1.5E-3"), 1'500); }
TEST(DecoderExactNumbers, ExponentWithManyDigits) { EXPECT_EQ(CostMicro("0.000000000000025e14"), 2'500'000); }
TEST(DecoderExactNumbers, NegativeZero) { EXPECT_EQ(CostMicro("-0.0"), 0); }
// Outside ±10^12 judged on the exact value: 10^12 + 10^-7 is out although it
// rounds to 10^12 at 6 decimals.
TEST(DecoderExactNumbers, JustAboveTheLimitIsRejected) {
  EXPECT_TRUE(Rejects(Set(kCost, "amount_sek", "1000000000000.0000001"), "amount_sek", "invalid_value"));
}
TEST(DecoderExactNumbers, JustAboveTheLimitReason) {
  EXPECT_EQ(Reason(Set(kCost, "amount_sek", "1000000000000.0000001")),
            "amount_sek: out of supported range, |x| <= 1e12 (got 1000000000000.0000001)");
}
TEST(DecoderExactNumbers, JustBelowTheNegativeLimitIsRejected) {
  EXPECT_TRUE(Rejects(Set(kCost, "amount_sek", "-1000000000000.0000001"), "amount_sek", "invalid_value"));
}
TEST(DecoderExactNumbers, InvestmentJustAboveTheLimitIsRejected) {
  EXPECT_TRUE(
      Rejects(Set(kService, "investment_sek", "1000000000000.0000001"), "investment_sek", "invalid_value"));
}
TEST(DecoderExactNumbers, HugeNumberIsOutOfRange) {
  EXPECT_TRUE(Rejects(Set(kCost, "amount_sek", "1e29"), "amount_sek", "invalid_value"));
}
// An integer literal beyond 64 bits stops simdjson's DOM parse itself: still rejected.
TEST(DecoderExactNumbers, BigIntegerIsRejected) {
  EXPECT_EQ(CategoryOf(Set(kCost, "amount_sek", "100000000000000000000000000000")), "invalid_json");
}
// A negative value that rounds to 0 is still negative.
TEST(DecoderExactNumbers, TinyNegativeRealizedIsRejected) {
  EXPECT_TRUE(Rejects(Set(kBenefit, "realized_sek", "-0.0000001"), "realized_sek", "invalid_value"));
}
TEST(DecoderExactNumbers, NegativeZeroRealizedIsAccepted) {
  EXPECT_EQ(Body<BenefitEvent>(Set(kBenefit, "realized_sek", "-0")).realized_micro, 0);
}
TEST(DecoderExactNumbers, HoursSavedFraction) {
  EXPECT_EQ(Body<BenefitEvent>(Set(kBenefit, "hours_saved", "0.000001")).hours_saved_micro, 1);
}
// Whitespace after the number is not part of it.
TEST(DecoderExactNumbers, WhitespaceAroundTheNumber) {
  EXPECT_EQ(Body<CostEvent>(Replace(kCost, R"("amount_sek":42500.00)", "\"amount_sek\" : \t 0.25 \n\r "))
                .amount_micro,
            250'000);
}
// The key is matched unescaped, as every other field is.
TEST(DecoderExactNumbers, EscapedKey) {
  EXPECT_EQ(
      Body<CostEvent>(Replace(kCost, R"("amount_sek":42500.00)", R"("amount\u005fsek":0.25)")).amount_micro,
      250'000);
}
// A repeated key: the first wins, for the number's text as for its type.
TEST(DecoderExactNumbers, RepeatedKeyFirstWins) {
  EXPECT_EQ(Body<CostEvent>(Replace(kCost, R"("funding")", R"("amount_sek":0.75,"funding")")).amount_micro,
            int64_t{42500} * 1000000);
}
// Milliseconds to microseconds: 3 decimals kept, the rest rounded half away from zero.
TEST(DecoderExactNumbers, LatencyHalfMicrosecond) {
  EXPECT_EQ(Body<ProbeEvent>(Set(kProbe, "latency_ms", "1.0005")).latency_us, 1'001);
}
TEST(DecoderExactNumbers, LatencyJustBelowTheLimitRoundsToIt) {
  EXPECT_EQ(Body<ProbeEvent>(Set(kProbe, "latency_ms", "999999999.9999")).latency_us, 1'000'000'000'000);
}
TEST(DecoderExactNumbers, LatencyJustAboveTheLimitIsRejected) {
  EXPECT_TRUE(Rejects(Set(kProbe, "latency_ms", "1000000000.0001"), "latency_ms", "invalid_value"));
}
TEST(DecoderExactNumbers, LatencyExponent) {
  EXPECT_EQ(Body<ProbeEvent>(Set(kProbe, "latency_ms", "1.842e2")).latency_us, 184'200);
}
TEST(DecoderExactNumbers, LatencyThresholdFraction) {
  EXPECT_EQ(Body<ServiceEvent>(Set(kService, "latency_threshold_ms", "1500.0005")).latency_threshold_us,
            1'500'001);
}
TEST(DecoderExactNumbers, LatencyThresholdAboveTheLimitIsRejected) {
  EXPECT_TRUE(
      Rejects(Set(kService, "latency_threshold_ms", "1e10"), "latency_threshold_ms", "invalid_value"));
}
TEST(DecoderExactNumbers, LatencyThresholdNegativeZeroIsRejected) {
  EXPECT_TRUE(
      Rejects(Set(kService, "latency_threshold_ms", "-0.0"), "latency_threshold_ms", "invalid_value"));
}
// Integers: the largest int64 is kept; one more is refused; a zero fraction or an
// exponent is judged on the text (2^53 + 1 = 9007199254740993 has no double).
TEST(DecoderExactNumbers, LargestInteger) {
  EXPECT_EQ(Body<UsageEvent>(Set(kUsage, "cases", "9223372036854775807")).cases, INT64_MAX);
}
TEST(DecoderExactNumbers, IntegerAboveInt64IsRejected) {
  EXPECT_TRUE(Rejects(Set(kUsage, "cases", "9223372036854775808"), "cases", "wrong_type"));
}
TEST(DecoderExactNumbers, IntegerWithZeroFractionIsExact) {
  EXPECT_EQ(Body<UsageEvent>(Set(kUsagePhone, "cases", "9007199254740993.0")).cases, 9'007'199'254'740'993);
}
TEST(DecoderExactNumbers, IntegerWithExponent) {
  EXPECT_EQ(Body<UsageEvent>(Set(kUsagePhone, "cases", "1e2")).cases, 100);
}
TEST(DecoderExactNumbers, LargestIntegerWithExponent) {
  EXPECT_EQ(Body<AdoptionEvent>(Set(kAdoption, "licensed_users", "9.223372036854775807e18")).licensed_users,
            INT64_MAX);
}
TEST(DecoderExactNumbers, IntegerWithExponentAboveInt64IsRejected) {
  EXPECT_TRUE(
      Rejects(Set(kAdoption, "licensed_users", "9.223372036854775808e18"), "licensed_users", "wrong_type"));
}
TEST(DecoderExactNumbers, IntegerWithFractionIsRejected) {
  EXPECT_TRUE(Rejects(Set(kUsagePhone, "cases", "1.5"), "cases", "wrong_type"));
}
TEST(DecoderExactNumbers, IntegerWithTinyFractionIsRejected) {
  EXPECT_TRUE(Rejects(Set(kUsagePhone, "cases", "100.0000000000000001"), "cases", "wrong_type"));
}

// ---------------------------------------------------------------- reserved service_ids (events.md)

TEST(DecoderReservedServiceId, HistorikInProbe) {
  EXPECT_TRUE(Rejects(Set(kProbe, "service_id", "\"historik\""), "service_id", "invalid_value"));
}
TEST(DecoderReservedServiceId, HistoryInProbe) {
  EXPECT_TRUE(Rejects(Set(kProbe, "service_id", "\"history\""), "service_id", "invalid_value"));
}
TEST(DecoderReservedServiceId, Reason) {
  EXPECT_EQ(Reason(Set(kService, "service_id", "\"historik\"")),
            "service_id: must not be historik or history, words reserved for the status pages' own "
            "routes (got \"historik\")");
}
TEST(DecoderReservedServiceId, EveryTypeWithAServiceId) {
  for (std::string_view base : {kService, kProbe, kUsage, kAdoption, kSurvey, kCost, kBenefit})
    EXPECT_TRUE(Rejects(Set(base, "service_id", "\"history\""), "service_id", "invalid_value")) << base;
}
TEST(DecoderReservedServiceId, AnnouncementServiceIds) {
  EXPECT_TRUE(Rejects(Set(kPlanned, "service_ids", R"(["forskoleplats","historik"])"), "service_ids[1]",
                      "invalid_value"));
}
TEST(DecoderReservedServiceId, CityWideSurveyStillAccepted) {
  EXPECT_TRUE(Accepts(Set(kSurvey, "service_id", "null")));
}
// Only the exact words are reserved.
TEST(DecoderReservedServiceId, LongerSlugsAreAccepted) {
  EXPECT_TRUE(Accepts(Set(kProbe, "service_id", "\"historik-arkiv\"")));
}
TEST(DecoderReservedServiceId, PrefixIsAccepted) {
  EXPECT_TRUE(Accepts(Set(kProbe, "service_id", "\"histori\"")));
}

}  // namespace
}  // namespace followup

namespace followup {
namespace {

// ---------------------------------------------------------------- target.v1

constexpr std::string_view kTarget =
    R"json({"type":"target.v1","event_id":"tgt-2026-avail","occurred_at":"2026-01-10T09:00:00Z","indicator":"qual.availability","scope":"city","scope_id":"stockholm","year":2026,"value":0.995,"tolerance":0.004})json";

TEST(DecoderTarget, ExampleFields) {
  auto t = Body<TargetEvent>(kTarget);
  EXPECT_EQ(t.indicator, "qual.availability");
  EXPECT_EQ(t.scope, Scope::kCity);
  EXPECT_EQ(t.scope_id, "stockholm");
  EXPECT_EQ(t.year, 2026);
  EXPECT_EQ(t.value_micro, 995000);
  EXPECT_EQ(t.tolerance_micro, 4000);
  EXPECT_FALSE(t.withdrawn);
}
TEST(DecoderTarget, UnknownIndicator) {
  EXPECT_TRUE(Rejects(Set(kTarget, "indicator", "\"qual.avail\""), "indicator", "invalid_value"));
}
TEST(DecoderTarget, UnknownScope) {
  EXPECT_TRUE(Rejects(Set(kTarget, "scope", "\"region\""), "scope", "invalid_value"));
}
TEST(DecoderTarget, CityScopeIdIsStockholm) {
  EXPECT_TRUE(Rejects(Set(kTarget, "scope_id", "\"malmo\""), "scope_id", "invalid_value"));
}
TEST(DecoderTarget, FocusAreaOneToFive) {
  std::string base = Set(kTarget, "scope", "\"focus_area\"");
  EXPECT_TRUE(Accepts(Set(base, "scope_id", "\"5\"")));
  EXPECT_TRUE(Rejects(Set(base, "scope_id", "\"6\""), "scope_id", "invalid_value"));
  EXPECT_TRUE(Rejects(Set(base, "scope_id", "\"01\""), "scope_id", "invalid_value"));
}
TEST(DecoderTarget, CategoryOfTheCatalog) {
  std::string base = Set(kTarget, "scope", "\"category\"");
  EXPECT_TRUE(Accepts(Set(base, "scope_id", "\"innovativt\"")));
  EXPECT_TRUE(Rejects(Set(base, "scope_id", "\"innovative\""), "scope_id", "invalid_value"));
}
TEST(DecoderTarget, OwnerOneTo200Characters) {
  std::string base = Set(kTarget, "scope", "\"owner\"");
  EXPECT_TRUE(Accepts(Set(base, "scope_id", "\"Stadsledningskontoret, IT-avdelningen\"")));
  EXPECT_TRUE(Accepts(Set(base, "scope_id", Str(200, "ä"))));
  EXPECT_TRUE(Rejects(Set(base, "scope_id", Str(201)), "scope_id", "invalid_value"));
  EXPECT_TRUE(Rejects(Set(base, "scope_id", "\"\""), "scope_id", "invalid_value"));
}
TEST(DecoderTarget, ServiceScopeIdIsASlug) {
  std::string base = Set(kTarget, "scope", "\"service\"");
  EXPECT_TRUE(Accepts(Set(base, "scope_id", "\"forskoleplats\"")));
  EXPECT_TRUE(Rejects(Set(base, "scope_id", "\"Förskola\""), "scope_id", "invalid_value"));
}
TEST(DecoderTarget, Year2000To2100) {
  EXPECT_TRUE(Accepts(Set(kTarget, "year", "2100")));
  EXPECT_TRUE(Rejects(Set(kTarget, "year", "1999"), "year", "invalid_value"));
  EXPECT_TRUE(Rejects(Set(kTarget, "year", "2101"), "year", "invalid_value"));
  EXPECT_TRUE(Rejects(Set(kTarget, "year", "\"2026\""), "year", "wrong_type"));
}
TEST(DecoderTarget, ValueRequiredUnlessWithdrawn) {
  EXPECT_TRUE(Rejects(Drop(kTarget, "value"), "value", "missing_field"));
  EXPECT_TRUE(Accepts(Set(Drop(kTarget, "value"), "withdrawn", "true")));
  EXPECT_TRUE(Accepts(Set(kTarget, "withdrawn", "true")));
  EXPECT_TRUE(Rejects(Set(Drop(kTarget, "value"), "withdrawn", "false"), "value", "missing_field"));
}
TEST(DecoderTarget, ShareValueWithinZeroAndOne) {
  EXPECT_TRUE(Accepts(Set(kTarget, "value", "1")));
  EXPECT_TRUE(Accepts(Set(kTarget, "value", "0")));
  EXPECT_TRUE(Rejects(Set(kTarget, "value", "1.000001"), "value", "invalid_value"));
  EXPECT_TRUE(Rejects(Set(kTarget, "value", "-0.1"), "value", "invalid_value"));
}
TEST(DecoderTarget, OtherIndicatorsTakeTheirOwnUnit) {
  EXPECT_TRUE(Accepts(Set(Set(kTarget, "indicator", "\"qual.incidents\""), "value", "12")));
  EXPECT_TRUE(Accepts(Set(Set(kTarget, "indicator", "\"cost.total_sek\""), "value", "2500000.5")));
  EXPECT_EQ(Body<TargetEvent>(Set(Set(kTarget, "indicator", "\"cost.total_sek\""), "value", "2500000.5"))
                .value_micro,
            2500000500000);
}
TEST(DecoderTarget, ToleranceNotNegative) {
  EXPECT_TRUE(Rejects(Set(kTarget, "tolerance", "-0.01"), "tolerance", "invalid_value"));
  EXPECT_EQ(Body<TargetEvent>(Drop(kTarget, "tolerance")).tolerance_micro, 0);
  EXPECT_EQ(Body<TargetEvent>(Set(kTarget, "tolerance", "null")).tolerance_micro, 0);
}

// The wire names are the reason labels of followup_events_rejected_total, and
// their order is the order of the stored per-reason counters: both fixed.
TEST(RejectReasons, WireNamesAndOrderAreFixed) {
  const std::vector<std::string_view> expected = {"too_large",     "invalid_json", "unknown_type",
                                                  "missing_field", "wrong_type",   "invalid_value"};
  ASSERT_EQ(kRejectReasonCount, expected.size());
  for (size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(Name(RejectReason(i)), expected[i]) << i;
  EXPECT_EQ(Name(RejectReason::kTooLarge), "too_large");
  EXPECT_EQ(Name(RejectReason::kInvalidValue), "invalid_value");
  EXPECT_EQ(Name(DecodeError{}.category), "invalid_value");  // unset counts as invalid_value, as before
}

}  // namespace
}  // namespace followup
