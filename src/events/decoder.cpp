#include "events/decoder.h"

#include <simdjson.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "events/decode_fields.h"
#include "events/indicators.h"
#include "events/names.h"

namespace followup {
namespace {

using namespace decode_fields;  // the field readers (decode_fields.h): the decoder's own toolkit

// ---------------------------------------------------------------- event types

bool DecodeService(Ctx& c, object o, ServiceEvent* s) {
  std::string_view sv;
  int64_t n;
  if (!GetServiceId(c, o, &sv)) return false;
  s->service_id.assign(sv);
  if (!GetText(c, o, F("name"), Need::kRequired, 1, 200, &sv)) return false;
  s->name.assign(sv);
  if (!GetText(c, o, F("owner"), Need::kRequired, 1, 200, &sv)) return false;
  s->owner.assign(sv);
  if (!GetEnum(c, o, F("category"), &s->category)) return false;
  if (!GetIntIn(c, o, F("focus_area"), 1, 5, &n)) return false;
  s->focus_area = static_cast<int>(n);
  if (!GetText(c, o, F("url"), Need::kRequired, 1, 2000, &sv)) return false;
  s->url.assign(sv);

  element e;
  bool present;
  array alts;
  if (!Find(c, o, F("alternatives"), Need::kRequired, &e, &present)) return false;
  if (e.get_array().get(alts) != simdjson::SUCCESS) return c.WrongType(F("alternatives"), "an array", e);
  size_t count = alts.size();
  if (count > kMaxAlternatives)
    return c.Fail(kInvalidValue, F("alternatives"),
                  "must have at most 10 entries (got " + std::to_string(count) + ")");
  s->alternatives.resize(count);
  size_t i = 0;
  for (element item : alts) {
    char buf[32];
    int len = std::snprintf(buf, sizeof buf, "alternatives[%zu]", i);
    std::string_view name(buf, static_cast<size_t>(len));
    object alt;
    if (item.get_object().get(alt) != simdjson::SUCCESS)
      return c.WrongType(Field{name, ""}, "an object", item);
    buf[len] = '.';
    std::string_view prefix(buf, static_cast<size_t>(len) + 1);
    Alternative& a = s->alternatives[i];
    if (!GetEnum(c, alt, Field{prefix, "channel"}, &a.channel)) return false;
    if (!GetText(c, alt, Field{prefix, "label"}, Need::kRequired, 0, 200, &sv)) return false;
    a.label.assign(sv);
    if (!GetText(c, alt, Field{prefix, "contact"}, Need::kRequired, 0, 200, &sv)) return false;
    a.contact.assign(sv);
    ++i;
  }

  if (!GetBool(c, o, F("presents_case_status"), Need::kRequired, &s->presents_case_status)) return false;
  if (!GetBool(c, o, F("wcag_aa"), Need::kRequired, &s->wcag_aa)) return false;
  if (!GetAmount(c, o, F("investment_sek"), true, &s->investment_micro)) return false;

  Decimal ms;
  if (!GetDecimal(c, o, F("latency_threshold_ms"), Need::kOptional, kLatencyScale, kMaxLatencyUs, &ms,
                  &present))
    return false;
  if (!present) {
    s->latency_threshold_us = kDefaultLatencyThresholdUs;
  } else {
    // > 0 on the exact value; a threshold below half a microsecond is kept as 0.
    bool positive = !ms.v.negative && (ms.v.units > 0 || ms.v.rounded);
    if (!ms.in_range || !positive)
      return c.Fail(kInvalidValue, F("latency_threshold_ms"),
                    "must be > 0 and <= 1e9 (got " + ms.Shown() + ")");
    s->latency_threshold_us = ms.v.units;
  }
  s->retired = false;
  return GetBool(c, o, F("retired"), Need::kOptional, &s->retired);
}

bool DecodeProbe(Ctx& c, object o, ProbeEvent* p) {
  std::string_view sv;
  if (!GetServiceId(c, o, &sv)) return false;
  p->service_id.assign(sv);
  if (!GetSlug(c, o, F("location"), kLocationMax, &sv)) return false;
  p->location.assign(sv);
  if (!GetBool(c, o, F("ok"), Need::kRequired, &p->ok)) return false;
  Decimal ms;
  if (!GetDecimal(c, o, F("latency_ms"), Need::kRequired, kLatencyScale, kMaxLatencyUs, &ms)) return false;
  if (!ms.in_range || ms.v.negative)
    return c.Fail(kInvalidValue, F("latency_ms"), "must be >= 0 and <= 1e9 (got " + ms.Shown() + ")");
  p->latency_us = ms.v.units;
  int64_t status = 0;
  bool present;
  if (!GetInt(c, o, F("http_status"), Need::kOptional, &status, &present)) return false;
  if (present && !CheckIntRange(c, F("http_status"), status, 100, 599)) return false;
  p->http_status = present ? static_cast<int>(status) : 0;
  if (!GetText(c, o, F("error"), Need::kOptional, 0, 512, &sv)) return false;
  p->error.assign(sv);
  return true;
}

bool DecodeUsage(Ctx& c, object o, UsageEvent* u) {
  std::string_view sv;
  if (!GetServiceId(c, o, &sv)) return false;
  u->service_id.assign(sv);
  if (!GetPeriod(c, o, &u->period_start, &u->period_end)) return false;
  if (!GetEnum(c, o, F("channel"), &u->channel)) return false;
  if (!GetIntIn(c, o, F("cases"), 0, std::numeric_limits<int64_t>::max(), &u->cases)) return false;
  bool present;
  int64_t with_contact = 0;
  if (!GetInt(c, o, F("cases_with_contact_details"), Need::kOptional, &with_contact, &present)) return false;
  if (!present) with_contact = 0;
  if (with_contact < 0 || with_contact > u->cases)
    return c.Fail(kInvalidValue, F("cases_with_contact_details"),
                  "must be between 0 and cases (" + std::to_string(u->cases) + ") (got " +
                      std::to_string(with_contact) + ")");
  u->cases_with_contact_details = with_contact;
  return true;
}

bool DecodeAdoption(Ctx& c, object o, AdoptionEvent* a) {
  std::string_view sv;
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  if (!GetServiceId(c, o, &sv)) return false;
  a->service_id.assign(sv);
  if (!GetPeriod(c, o, &a->period_start, &a->period_end)) return false;
  if (!GetIntIn(c, o, F("licensed_users"), 1, kMax, &a->licensed_users)) return false;
  if (!GetIntIn(c, o, F("active_users"), 0, kMax, &a->active_users)) return false;
  if (a->active_users > a->licensed_users)
    return c.Fail(kInvalidValue, F("active_users"),
                  "must be <= licensed_users (" + std::to_string(a->licensed_users) + ") (got " +
                      std::to_string(a->active_users) + ")");
  return true;
}

bool DecodeSurvey(Ctx& c, object o, SurveyEvent* s) {
  std::string_view sv;
  if (!GetText(c, o, F("survey_id"), Need::kRequired, 1, 128, &sv)) return false;
  s->survey_id.assign(sv);
  if (!GetEnum(c, o, F("respondent_group"), &s->group)) return false;
  bool present;
  if (!GetString(c, o, F("service_id"), Need::kOptional, &sv, &present)) return false;
  if (present && !CheckServiceId(c, F("service_id"), sv)) return false;
  s->service_id.assign(sv);  // empty when null or absent: a city-wide question
  if (!GetEnum(c, o, F("question"), &s->question)) return false;
  int64_t score, scale_max;
  if (!GetInt(c, o, F("score"), Need::kRequired, &score)) return false;
  if (!GetInt(c, o, F("scale_max"), Need::kRequired, &scale_max)) return false;
  if (scale_max != 5 && scale_max != 10)
    return c.Fail(kInvalidValue, F("scale_max"), "must be 5 or 10 (got " + std::to_string(scale_max) + ")");
  if (!CheckIntRange(c, F("score"), score, 1, scale_max)) return false;
  s->score = static_cast<int>(score);
  s->scale_max = static_cast<int>(scale_max);
  return true;
}

bool DecodeCost(Ctx& c, object o, CostEvent* k) {
  std::string_view sv;
  if (!GetServiceId(c, o, &sv)) return false;
  k->service_id.assign(sv);
  if (!GetMonth(c, o, F("month"), &k->year, &k->month)) return false;
  if (!GetEnum(c, o, F("kind"), &k->kind)) return false;
  if (!GetAmount(c, o, F("amount_sek"), false, &k->amount_micro)) return false;
  return GetEnum(c, o, F("funding"), &k->funding);
}

bool DecodeBenefit(Ctx& c, object o, BenefitEvent* b) {
  std::string_view sv;
  if (!GetServiceId(c, o, &sv)) return false;
  b->service_id.assign(sv);
  if (!GetMonth(c, o, F("month"), &b->year, &b->month)) return false;
  if (!GetAmount(c, o, F("realized_sek"), true, &b->realized_micro)) return false;
  return GetAmount(c, o, F("hours_saved"), true, &b->hours_saved_micro);
}

bool DecodeAnnouncement(Ctx& c, object o, AnnouncementEvent* a) {
  std::string_view sv;
  if (!GetText(c, o, F("announcement_id"), Need::kRequired, 1, 128, &sv)) return false;
  a->announcement_id.assign(sv);
  if (!GetIntIn(c, o, F("revision"), 1, std::numeric_limits<int64_t>::max(), &a->revision)) return false;
  if (!GetEnum(c, o, F("kind"), &a->kind)) return false;

  element e;
  bool present;
  array ids;
  if (!Find(c, o, F("service_ids"), Need::kRequired, &e, &present)) return false;
  if (e.get_array().get(ids) != simdjson::SUCCESS) return c.WrongType(F("service_ids"), "an array", e);
  size_t count = ids.size();
  if (count < 1 || count > kMaxServiceIds)
    return c.Fail(kInvalidValue, F("service_ids"),
                  "must have 1–200 entries (got " + std::to_string(count) + ")");
  size_t kept = 0, i = 0;
  for (element item : ids) {
    char buf[32];
    int len = std::snprintf(buf, sizeof buf, "service_ids[%zu]", i++);
    Field f{std::string_view(buf, static_cast<size_t>(len)), ""};
    if (item.get_string().get(sv) != simdjson::SUCCESS) return c.WrongType(f, "a string", item);
    if (!CheckServiceId(c, f, sv)) return false;
    bool dup = false;
    for (size_t j = 0; j < kept && !dup; ++j) dup = a->service_ids[j] == sv;
    if (dup) continue;
    if (kept < a->service_ids.size())
      a->service_ids[kept].assign(sv);
    else
      a->service_ids.emplace_back(sv);
    ++kept;
  }
  a->service_ids.resize(kept);

  if (!GetEnum(c, o, F("state"), &a->state)) return false;
  std::string_view starts_text, ends_text;
  if (!GetTime(c, o, F("starts_at"), Need::kRequired, &a->starts_at, nullptr, &starts_text)) return false;
  TimeMs ends = 0;
  if (!GetTime(c, o, F("ends_at"), Need::kOptional, &ends, &present, &ends_text)) return false;
  if (!present && a->kind == AnnouncementKind::kPlannedMaintenance)
    return c.Fail(kMissingField, F("ends_at"), "is required (non-null) for planned_maintenance");
  if (present && ends <= a->starts_at)
    return c.Fail(kInvalidValue, F("ends_at"),
                  "must be after starts_at " + Quote(starts_text) + " (got " + Quote(ends_text) + ")");
  if (present)
    a->ends_at = ends;
  else
    a->ends_at.reset();
  if (!GetText(c, o, F("title_sv"), Need::kRequired, 0, 200, &sv)) return false;
  a->title_sv.assign(sv);
  if (!GetText(c, o, F("body_sv"), Need::kRequired, 0, 4000, &sv)) return false;
  a->body_sv.assign(sv);
  if (!GetText(c, o, F("title_en"), Need::kOptional, 0, 200, &sv)) return false;
  a->title_en.assign(sv);
  if (!GetText(c, o, F("body_en"), Need::kOptional, 0, 4000, &sv)) return false;
  a->body_en.assign(sv);
  return true;
}

// target.v1: the indicator, scope and scope_id checked against each other.
bool DecodeTarget(Ctx& c, object o, TargetEvent* t) {
  std::string_view sv;
  if (!GetString(c, o, F("indicator"), Need::kRequired, &sv)) return false;
  const IndicatorInfo* info = FindIndicator(sv);
  if (!info)
    return c.Fail(
        kInvalidValue, F("indicator"),
        "must be one of the 24 indicators of indicators.md, e.g. qual.availability (got " + Quote(sv) + ")");
  t->indicator.assign(sv);
  if (!GetEnum(c, o, F("scope"), &t->scope)) return false;
  if (!GetString(c, o, F("scope_id"), Need::kRequired, &sv)) return false;
  const Field sid = F("scope_id");
  switch (t->scope) {
    case Scope::kCity:
      if (sv != "stockholm")
        return c.Fail(kInvalidValue, sid, "must be \"stockholm\" for scope city (got " + Quote(sv) + ")");
      break;
    case Scope::kFocusArea:
      if (sv.size() != 1 || sv[0] < '1' || sv[0] > '5')
        return c.Fail(kInvalidValue, sid, "must be 1–5 for scope focus_area (got " + Quote(sv) + ")");
      break;
    case Scope::kCategory:
      if (!ParseCategory(sv))
        return c.Fail(
            kInvalidValue, sid,
            "must be one of " + Alternatives<Category>() + " for scope category (got " + Quote(sv) + ")");
      break;
    case Scope::kOwner:
      if (!CheckLength(c, sid, sv, 1, 200)) return false;
      break;
    case Scope::kService:
      if (!CheckSlug(c, sid, sv, kSlugMax)) return false;
      break;
  }
  t->scope_id.assign(sv);
  int64_t year = 0;
  if (!GetIntIn(c, o, F("year"), 2000, 2100, &year)) return false;
  t->year = int(year);
  t->withdrawn = false;
  if (!GetBool(c, o, F("withdrawn"), Need::kOptional, &t->withdrawn)) return false;
  element e;
  bool present = false;
  if (!Find(c, o, F("value"), t->withdrawn ? Need::kOptional : Need::kRequired, &e, &present)) return false;
  t->value_micro = 0;
  if (present) {
    if (!GetAmount(c, o, F("value"), false, &t->value_micro)) return false;
    if (info->share && (t->value_micro < 0 || t->value_micro > 1'000'000))
      return c.Fail(
          kInvalidValue, F("value"),
          "must be a share between 0 and 1 for " + std::string(info->name) + " (got " + Echo(e) + ")");
  }
  t->tolerance_micro = 0;
  if (!Find(c, o, F("tolerance"), Need::kOptional, &e, &present)) return false;
  if (present && !GetAmount(c, o, F("tolerance"), true, &t->tolerance_micro)) return false;
  return true;
}

}  // namespace

bool IsEventId(std::string_view s) {
  if (s.empty() || s.size() > 128) return false;
  for (char ch : s) {
    bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '.' ||
              ch == '_' || ch == ':' || ch == '-';
    if (!ok) return false;
  }
  return true;
}

// ---------------------------------------------------------------- EventDecoder

struct EventDecoder::Impl {
  simdjson::dom::parser parser{kMaxMessageBytes};
  simdjson::ondemand::parser ondemand{kMaxMessageBytes};  // for number texts only
  std::vector<std::pair<std::string_view, std::string_view>> number_texts;
  std::unique_ptr<char[]> buffer{new char[kMaxMessageBytes + simdjson::SIMDJSON_PADDING]()};

  Impl() {
    // Size the parser and its document for the largest message once, so that
    // Decode never allocates inside simdjson: parse a maximal all-blank "{}".
    std::memset(buffer.get(), ' ', kMaxMessageBytes);
    buffer[0] = '{';
    buffer[1] = '}';
    (void)parser.parse(buffer.get(), kMaxMessageBytes, false);
    // Without the memory, NumberTexts finds nothing and such numbers are refused, loudly.
    simdjson::error_code ignored = ondemand.allocate(kMaxMessageBytes);
    (void)ignored;
    number_texts.reserve(16);
  }
};

EventDecoder::EventDecoder() : impl_(std::make_unique<Impl>()) {}
EventDecoder::~EventDecoder() = default;
EventDecoder::EventDecoder(EventDecoder&&) noexcept = default;
EventDecoder& EventDecoder::operator=(EventDecoder&&) noexcept = default;

bool EventDecoder::Decode(std::string_view bytes, Event* out, DecodeError* err) {
  const Field message = F("message");
  if (bytes.size() > kMaxMessageBytes) {
    Ctx c(err, nullptr);
    return c.Fail(kTooLarge, message,
                  "is " + std::to_string(bytes.size()) + " bytes, more than the 65536 allowed");
  }
  if (!impl_) impl_ = std::make_unique<Impl>();  // a moved-from decoder
  char* buf = impl_->buffer.get();
  if (!bytes.empty()) std::memcpy(buf, bytes.data(), bytes.size());
  std::memset(buf + bytes.size(), 0, simdjson::SIMDJSON_PADDING);
  NumberTexts numbers(&impl_->ondemand, buf, bytes.size(), &impl_->number_texts);
  Ctx c(err, &numbers);

  element root;
  if (auto error = impl_->parser.parse(buf, bytes.size(), false).get(root))
    return c.Fail(kInvalidJson, message,
                  std::string("invalid JSON (") + simdjson::error_message(error) + ")");
  object o;
  if (root.get_object().get(o) != simdjson::SUCCESS)
    return c.Fail(kWrongType, message,
                  std::string("must be a JSON object (got ") + KindName(root.type()) + ")");

  std::string_view sv;
  if (!GetString(c, o, F("type"), Need::kRequired, &sv)) return false;
  std::optional<EventType> type = ParseEventType(sv);
  if (!type)
    return c.Fail(kUnknownType, F("type"),
                  "unknown event type (got " + Quote(sv) + "; known: " + Alternatives<EventType>() + ")");
  out->type = *type;

  if (!GetString(c, o, F("event_id"), Need::kRequired, &sv)) return false;
  if (!IsEventId(sv))
    return c.Fail(kInvalidValue, F("event_id"),
                  "must be 1–128 characters of [A-Za-z0-9._:-] (got " + Quote(sv) + ")");
  out->event_id.assign(sv);
  if (!GetTime(c, o, F("occurred_at"), Need::kRequired, &out->occurred_at)) return false;
  if (!GetText(c, o, F("source"), Need::kOptional, 0, 128, &sv)) return false;
  out->source.assign(sv);
  // actor: an extension of this implementation, so tolerated in any form
  // (events.md: unknown fields are ignored); kept only when it is an id.
  out->actor.clear();
  if (element a; o.at_key("actor").get(a) == simdjson::SUCCESS &&
                 a.get_string().get(sv) == simdjson::SUCCESS && IsEventId(sv))
    out->actor.assign(sv);

  switch (*type) {
    case EventType::kService:
      return DecodeService(c, o, &Body<ServiceEvent>(out));
    case EventType::kProbe:
      return DecodeProbe(c, o, &Body<ProbeEvent>(out));
    case EventType::kUsage:
      return DecodeUsage(c, o, &Body<UsageEvent>(out));
    case EventType::kAdoption:
      return DecodeAdoption(c, o, &Body<AdoptionEvent>(out));
    case EventType::kSurvey:
      return DecodeSurvey(c, o, &Body<SurveyEvent>(out));
    case EventType::kCost:
      return DecodeCost(c, o, &Body<CostEvent>(out));
    case EventType::kBenefit:
      return DecodeBenefit(c, o, &Body<BenefitEvent>(out));
    case EventType::kAnnouncement:
      return DecodeAnnouncement(c, o, &Body<AnnouncementEvent>(out));
    case EventType::kTarget:
      return DecodeTarget(c, o, &Body<TargetEvent>(out));
  }
  return c.Fail(kUnknownType, F("type"), "unknown event type");
}

}  // namespace followup
