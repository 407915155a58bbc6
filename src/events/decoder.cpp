#include "events/decoder.h"

#include <simdjson.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <utility>
#include <vector>

#include "common/decimal.h"
#include "events/indicators.h"
#include "events/instant.h"
#include "events/names.h"
#include "events/slug.h"

namespace followup {
namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::element_type;
using simdjson::dom::object;

constexpr RejectReason kTooLarge = RejectReason::kTooLarge;
constexpr RejectReason kInvalidJson = RejectReason::kInvalidJson;
constexpr RejectReason kUnknownType = RejectReason::kUnknownType;
constexpr RejectReason kMissingField = RejectReason::kMissingField;
constexpr RejectReason kWrongType = RejectReason::kWrongType;
constexpr RejectReason kInvalidValue = RejectReason::kInvalidValue;

constexpr size_t kEchoCodePoints = 60;
// Limits of numbers (events.md), in the stored units.
constexpr int64_t kMaxAmountMicro = 1'000'000'000'000'000'000;  // money and hours: 1e12, in 1e-6
constexpr int64_t kMaxLatencyUs = 1'000'000'000'000;            // latencies: 1e9 ms, in us
constexpr int kAmountScale = 6, kLatencyScale = 3;              // decimals kept
constexpr int64_t kDefaultLatencyThresholdUs = 2'000'000;
constexpr size_t kSlugMax = 64, kLocationMax = 32;
constexpr size_t kMaxAlternatives = 10, kMaxServiceIds = 200;

// ---------------------------------------------------------------- echoing values

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// Appends s, cut after kEchoCodePoints code points ("..." marks a cut). With
// escape, '"', '\\' and control characters are JSON-escaped.
void AppendTruncated(std::string* out, std::string_view s, bool escape) {
  size_t cps = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) {
      if (cps == kEchoCodePoints) {
        out->append("...");
        return;
      }
      ++cps;
    }
    if (escape && (c == '"' || c == '\\')) {
      out->push_back('\\');
      out->push_back(static_cast<char>(c));
    } else if (escape && c < 0x20) {
      char b[8];
      std::snprintf(b, sizeof b, "\\u%04x", c);
      out->append(b);
    } else {
      out->push_back(static_cast<char>(c));
    }
  }
}

std::string Quote(std::string_view s) {
  std::string r = "\"";
  AppendTruncated(&r, s, true);
  r.push_back('"');
  return r;
}

// A JSON value as it appeared (minified), truncated.
std::string Echo(element e) {
  std::string_view s;
  if (e.get_string().get(s) == simdjson::SUCCESS) return Quote(s);
  std::string r;
  AppendTruncated(&r, simdjson::minify(e), false);
  return r;
}

const char* KindName(element_type t) {
  switch (t) {
    case element_type::ARRAY:
      return "an array";
    case element_type::OBJECT:
      return "an object";
    case element_type::INT64:
    case element_type::UINT64:
    case element_type::DOUBLE:
      return "a number";
    case element_type::STRING:
      return "a string";
    case element_type::BOOL:
      return "a boolean";
    case element_type::NULL_VALUE:
      return "null";
  }
  return "?";
}

template <class E>
std::string Alternatives() {
  std::string r;
  for (std::string_view n : WireNames<E>::kNames) {
    if (!r.empty()) r.push_back('|');
    r.append(n);
  }
  return r;
}

// ---------------------------------------------------------------- number texts

// The text of the top-level number fields as written. The DOM keeps a number
// only as an int64, uint64 or double, and exact decimals need the text
// (events.md: amounts are "parsed from their decimal text"). Collected on first
// use by one on-demand pass over the same bytes, which the DOM parse has
// already validated; the first field of a name wins, as in the DOM's at_key.
class NumberTexts {
 public:
  NumberTexts(simdjson::ondemand::parser* parser, const char* buf, size_t len,
              std::vector<std::pair<std::string_view, std::string_view>>* fields)
      : parser_(parser), buf_(buf), len_(len), fields_(fields) {}

  // The text of the first top-level field named key, when it is a number.
  bool Find(std::string_view key, std::string_view* text) {
    if (!collected_) {
      collected_ = true;
      fields_->clear();
      if (!Collect()) fields_->clear();
    }
    for (const auto& [k, v] : *fields_)
      if (k == key) {
        *text = v;
        return true;
      }
    return false;
  }

 private:
  bool Collect() {
    simdjson::ondemand::document doc;
    simdjson::ondemand::object obj;
    if (parser_->iterate(buf_, len_, len_ + simdjson::SIMDJSON_PADDING).get(doc) || doc.get_object().get(obj))
      return false;
    for (auto item : obj) {
      simdjson::ondemand::field field;
      std::string_view key;  // unescaped into the parser's buffer: valid until its next use
      simdjson::ondemand::json_type type;
      if (std::move(item).get(field) || field.unescaped_key().get(key)) return false;
      simdjson::ondemand::value value = field.value();
      if (value.type().get(type)) return false;
      if (type != simdjson::ondemand::json_type::number) continue;
      std::string_view raw = value.raw_json_token();  // includes the whitespace after it
      while (!raw.empty() &&
             (raw.back() == ' ' || raw.back() == '\t' || raw.back() == '\n' || raw.back() == '\r'))
        raw.remove_suffix(1);
      fields_->emplace_back(key, raw);  // in document order: Find sees the first of a name first
    }
    return true;
  }

  simdjson::ondemand::parser* parser_;
  const char* buf_;
  size_t len_;
  std::vector<std::pair<std::string_view, std::string_view>>* fields_;
  bool collected_ = false;
};

// ---------------------------------------------------------------- error context

// A field's name in reasons: prefix + key ("alternatives[2]." + "label").
struct Field {
  std::string_view prefix;
  const char* key;
};
Field F(const char* key) { return Field{{}, key}; }

class Ctx {
 public:
  Ctx(DecodeError* err, NumberTexts* numbers) : err_(err), numbers_(numbers) {}
  // The text of a top-level number field (nested fields: none).
  bool NumberText(Field f, std::string_view* text) {
    return f.prefix.empty() && numbers_ && numbers_->Find(f.key, text);
  }
  // Always false, so that callers can `return c.Fail(...)`.
  bool Fail(RejectReason category, Field f, std::string_view message) {
    err_->category = category;
    err_->reason.clear();
    err_->reason.append(f.prefix).append(f.key).append(": ").append(message);
    return false;
  }
  bool WrongType(Field f, const char* expected, element e) {
    return Fail(kWrongType, f, std::string("must be ") + expected + " (got " + Echo(e) + ")");
  }

 private:
  DecodeError* err_;
  NumberTexts* numbers_;
};

enum class Need { kRequired, kOptional };

// Looks f up in o. *present is false when the field is absent, or null and
// optional. A missing required field fails; a null required one is present (the
// type check that follows rejects it).
bool Find(Ctx& c, object o, Field f, Need need, element* e, bool* present) {
  if (o.at_key(f.key).get(*e) != simdjson::SUCCESS) {
    *present = false;
    if (need == Need::kRequired) return c.Fail(kMissingField, f, "is required");
    return true;
  }
  *present = !(need == Need::kOptional && e->is_null());
  return true;
}

// ---------------------------------------------------------------- typed getters

bool GetString(Ctx& c, object o, Field f, Need need, std::string_view* out, bool* present_out = nullptr) {
  element e;
  bool present;
  if (!Find(c, o, f, need, &e, &present)) return false;
  if (present_out) *present_out = present;
  if (!present) {
    *out = {};
    return true;
  }
  if (e.get_string().get(*out) != simdjson::SUCCESS) return c.WrongType(f, "a string", e);
  return true;
}

bool GetBool(Ctx& c, object o, Field f, Need need, bool* out, bool* present_out = nullptr) {
  element e;
  bool present;
  if (!Find(c, o, f, need, &e, &present)) return false;
  if (present_out) *present_out = present;
  if (!present) return true;
  if (e.get_bool().get(*out) != simdjson::SUCCESS) return c.WrongType(f, "a boolean", e);
  return true;
}

// JSON-Schema "integer": an integer, or a number with zero fractional part
// ("2.0", "1e2"), in int64, judged on the exact text (9007199254740993.0 is
// not 9007199254740992). -2^63 written with a fraction or an exponent is
// refused; no field allows a negative integer anyway.
bool AsInt(Ctx& c, Field f, element e, int64_t* out) {
  switch (e.type()) {
    case element_type::INT64:
      return e.get_int64().get(*out) == simdjson::SUCCESS;
    case element_type::DOUBLE: {
      std::string_view text;
      ScaledDecimal v;
      if (!c.NumberText(f, &text) ||
          ParseScaledDecimal(text, 0, std::numeric_limits<int64_t>::max(), &v) != DecimalParse::kOk ||
          v.rounded)
        return false;
      *out = v.units;
      return true;
    }
    default:  // UINT64 only holds values above INT64_MAX
      return false;
  }
}

bool GetInt(Ctx& c, object o, Field f, Need need, int64_t* out, bool* present_out = nullptr) {
  element e;
  bool present;
  if (!Find(c, o, f, need, &e, &present)) return false;
  if (present_out) *present_out = present;
  if (!present) return true;
  if (!AsInt(c, f, e, out)) return c.WrongType(f, "an integer", e);
  return true;
}

bool CheckIntRange(Ctx& c, Field f, int64_t v, int64_t lo, int64_t hi) {
  if (v >= lo && v <= hi) return true;
  if (hi == std::numeric_limits<int64_t>::max())
    return c.Fail(kInvalidValue, f, "must be >= " + std::to_string(lo) + " (got " + std::to_string(v) + ")");
  return c.Fail(kInvalidValue, f,
                "must be between " + std::to_string(lo) + " and " + std::to_string(hi) + " (got " +
                    std::to_string(v) + ")");
}

bool GetIntIn(Ctx& c, object o, Field f, int64_t lo, int64_t hi, int64_t* out) {
  return GetInt(c, o, f, Need::kRequired, out) && CheckIntRange(c, f, *out, lo, hi);
}

// A number field's exact value at a fixed scale (events.md, "Limits of
// numbers"): value * 10^scale, more decimals rounded half away from zero. An
// int64 that the DOM holds exactly is scaled as it is; any other number (a
// fraction, an exponent, beyond int64) is parsed from its text, never via a
// double.
struct Decimal {
  ScaledDecimal v;
  bool in_range = false;  // |exact value| <= max_units * 10^-scale
  element e;
  std::string_view text;  // as written, when it was parsed from the text
  std::string Shown() const {
    if (text.empty()) return Echo(e);
    std::string r;
    AppendTruncated(&r, text, false);
    return r;
  }
};

bool GetDecimal(Ctx& c, object o, Field f, Need need, int scale, int64_t max_units, Decimal* out,
                bool* present_out = nullptr) {
  bool present;
  if (!Find(c, o, f, need, &out->e, &present)) return false;
  if (present_out) *present_out = present;
  if (!present) return true;
  const element& e = out->e;
  int64_t i;
  if (e.type() == element_type::INT64 && e.get_int64().get(i) == simdjson::SUCCESS) {
    __int128 pow = 1;
    for (int k = 0; k < scale; ++k) pow *= 10;
    __int128 units = __int128(i) * pow;  // |i| < 2^63, pow <= 10^18: fits
    out->in_range = units >= -max_units && units <= max_units;
    out->v = ScaledDecimal{out->in_range ? int64_t(units) : 0, i < 0, false};
    out->text = {};
    return true;
  }
  if (!e.is_number()) return c.WrongType(f, "a number", e);
  if (!c.NumberText(f, &out->text))
    return c.Fail(kInvalidValue, f, "cannot read the number's text (got " + Echo(e) + ")");
  switch (ParseScaledDecimal(out->text, scale, max_units, &out->v)) {
    case DecimalParse::kOk:
      out->in_range = true;
      return true;
    case DecimalParse::kOutOfRange:
      out->in_range = false;
      return true;
    case DecimalParse::kNotANumber:
      break;
  }
  return c.Fail(kInvalidValue, f, "cannot read the number's text (got " + out->Shown() + ")");
}

// Money and hours: |exact value| <= 1e12, kept to 6 decimals (micro-units).
bool GetAmount(Ctx& c, object o, Field f, bool non_negative, int64_t* micro) {
  Decimal d;
  if (!GetDecimal(c, o, f, Need::kRequired, kAmountScale, kMaxAmountMicro, &d)) return false;
  if (!d.in_range)
    return c.Fail(kInvalidValue, f, "out of supported range, |x| <= 1e12 (got " + d.Shown() + ")");
  if (non_negative && d.v.negative) return c.Fail(kInvalidValue, f, "must be >= 0 (got " + d.Shown() + ")");
  *micro = d.v.units;
  return true;
}

bool CheckLength(Ctx& c, Field f, std::string_view s, size_t lo, size_t hi) {
  // Code points <= bytes, and a non-empty string has at least one: skip counting
  // in the common case.
  if (lo <= 1 && s.size() >= lo && s.size() <= hi) return true;
  size_t n = CodePoints(s);
  if (n >= lo && n <= hi) return true;
  std::string msg = lo == 0 ? "must be at most " + std::to_string(hi) + " characters long"
                            : "must be " + std::to_string(lo) + "–" + std::to_string(hi) + " characters long";
  return c.Fail(kInvalidValue, f, msg + " (got " + std::to_string(n) + ")");
}

bool GetText(Ctx& c, object o, Field f, Need need, size_t lo, size_t hi, std::string_view* out) {
  bool present;
  if (!GetString(c, o, f, need, out, &present)) return false;
  return !present || CheckLength(c, f, *out, lo, hi);
}

bool CheckSlug(Ctx& c, Field f, std::string_view s, size_t max) {
  if (IsSlug(s, max)) return true;
  return c.Fail(kInvalidValue, f,
                "must match ^[a-z0-9][a-z0-9-]{0," + std::to_string(max - 1) + "}$ (got " + Quote(s) + ")");
}

bool GetSlug(Ctx& c, object o, Field f, size_t max, std::string_view* out) {
  return GetString(c, o, f, Need::kRequired, out) && CheckSlug(c, f, *out, max);
}

// A service_id: a slug that is none of the words the status pages' own routes
// use (events.md): /driftinformation/historik must never be an e-service.
constexpr std::string_view kReservedServiceIds[] = {"historik", "history"};

bool CheckServiceId(Ctx& c, Field f, std::string_view s) {
  if (!CheckSlug(c, f, s, kSlugMax)) return false;
  for (std::string_view reserved : kReservedServiceIds)
    if (s == reserved)
      return c.Fail(kInvalidValue, f,
                    "must not be historik or history, words reserved for the status pages' own "
                    "routes (got " +
                        Quote(s) + ")");
  return true;
}

bool GetServiceId(Ctx& c, object o, std::string_view* out) {
  return GetString(c, o, F("service_id"), Need::kRequired, out) && CheckServiceId(c, F("service_id"), *out);
}

template <class E>
bool ParseEnum(Ctx& c, Field f, std::string_view s, E* out) {
  if (auto v = ParseName<E>(s)) {
    *out = *v;
    return true;
  }
  return c.Fail(kInvalidValue, f, "must be one of " + Alternatives<E>() + " (got " + Quote(s) + ")");
}

template <class E>
bool GetEnum(Ctx& c, object o, Field f, E* out) {
  std::string_view s;
  return GetString(c, o, f, Need::kRequired, &s) && ParseEnum(c, f, s, out);
}

bool GetTime(Ctx& c, object o, Field f, Need need, TimeMs* out, bool* present_out = nullptr,
             std::string_view* text = nullptr) {
  std::string_view s;
  bool present;
  if (!GetString(c, o, f, need, &s, &present)) return false;
  if (text) *text = s;
  if (present_out) *present_out = present;
  if (!present) return true;
  switch (ParseInstant(s, out)) {
    case InstantCheck::kOk:
      return true;
    case InstantCheck::kNotRfc3339:
      return c.Fail(
          kInvalidValue, f,
          "must be an RFC 3339 timestamp with offset, e.g. 2026-11-26T10:00:00Z (got " + Quote(s) + ")");
    case InstantCheck::kOutOfRange:
      break;
  }
  return c.Fail(kInvalidValue, f, "outside supported years 1970–2200 (got " + Quote(s) + ")");
}

// "YYYY-MM", month 01..12, year 1970..2200.
bool GetMonth(Ctx& c, object o, Field f, int* year, int* month) {
  std::string_view s;
  if (!GetString(c, o, f, Need::kRequired, &s)) return false;
  bool shape = s.size() == 7 && s[4] == '-';
  for (size_t i = 0; shape && i < 7; ++i)
    if (i != 4 && (s[i] < '0' || s[i] > '9')) shape = false;
  if (!shape) return c.Fail(kInvalidValue, f, "must be YYYY-MM, e.g. 2026-10 (got " + Quote(s) + ")");
  int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
  int m = (s[5] - '0') * 10 + (s[6] - '0');
  if (m < 1 || m > 12) return c.Fail(kInvalidValue, f, "month must be 01–12 (got " + Quote(s) + ")");
  if (y < kMinYear || y > kMaxYear)
    return c.Fail(kInvalidValue, f, "outside supported years 1970–2200 (got " + Quote(s) + ")");
  *year = y;
  *month = m;
  return true;
}

// period_start < period_end, and [start, end) inside one Europe/Stockholm quarter.
bool GetPeriod(Ctx& c, object o, TimeMs* start, TimeMs* end) {
  std::string_view start_text, end_text;
  if (!GetTime(c, o, F("period_start"), Need::kRequired, start, nullptr, &start_text) ||
      !GetTime(c, o, F("period_end"), Need::kRequired, end, nullptr, &end_text))
    return false;
  if (*end <= *start)
    return c.Fail(kInvalidValue, F("period_end"),
                  "must be after period_start " + Quote(start_text) + " (got " + Quote(end_text) + ")");
  QuarterId q = QuarterOf(*start);
  if (QuarterOf(*end - 1) != q)
    return c.Fail(kInvalidValue, F("period_end"),
                  "the period [period_start, period_end) must lie inside one calendar quarter "
                  "(Europe/Stockholm); period_start is in " +
                      QuarterName(q) + ", which ends at " + FormatRfc3339Utc(QuarterEnd(q)) + " (got " +
                      Quote(end_text) + ")");
  return true;
}

template <class T>
T& Body(Event* e) {
  if (T* p = std::get_if<T>(&e->body)) return *p;
  return e->body.emplace<T>();
}

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
