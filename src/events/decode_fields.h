// The decoder's field readers (decoder.cpp): typed getters over one simdjson
// object that check a field against the event contract and, on failure, fill
// the DecodeError with the field's name, the rule and the value as it appeared.
// Internal to the events layer: only decoder.cpp and decode_fields.cpp include
// it. Thread-safety: the functions are pure but for the Ctx they are given,
// which belongs to one Decode call.
#pragma once
#include <simdjson.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "common/decimal.h"
#include "common/time.h"
#include "events/decoder.h"
#include "events/event.h"
#include "events/names.h"
#include "events/reject_reason.h"

namespace followup::decode_fields {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::element_type;
using simdjson::dom::object;

inline constexpr RejectReason kTooLarge = RejectReason::kTooLarge;
inline constexpr RejectReason kInvalidJson = RejectReason::kInvalidJson;
inline constexpr RejectReason kUnknownType = RejectReason::kUnknownType;
inline constexpr RejectReason kMissingField = RejectReason::kMissingField;
inline constexpr RejectReason kWrongType = RejectReason::kWrongType;
inline constexpr RejectReason kInvalidValue = RejectReason::kInvalidValue;

inline constexpr size_t kEchoCodePoints = 60;
// Limits of numbers (events.md), in the stored units.
inline constexpr int64_t kMaxAmountMicro = 1'000'000'000'000'000'000;  // money and hours: 1e12, in 1e-6
inline constexpr int64_t kMaxLatencyUs = 1'000'000'000'000;            // latencies: 1e9 ms, in us
inline constexpr int kAmountScale = 6, kLatencyScale = 3;              // decimals kept
inline constexpr int64_t kDefaultLatencyThresholdUs = 2'000'000;
inline constexpr size_t kSlugMax = 64, kLocationMax = 32;
inline constexpr size_t kMaxAlternatives = 10, kMaxServiceIds = 200;

// ---------------------------------------------------------------- echoing values

size_t CodePoints(std::string_view s);
// Appends s, cut after kEchoCodePoints code points ("..." marks a cut). With
// escape, '"', '\\' and control characters are JSON-escaped.
void AppendTruncated(std::string* out, std::string_view s, bool escape);
// s JSON-quoted, truncated.
std::string Quote(std::string_view s);
// A JSON value as it appeared (minified), truncated.
std::string Echo(element e);
// "an array", "a number", ...: the kind of a value, for "must be a JSON object (got ...)".
const char* KindName(element_type t);

// The wire names of E, "a|b|c".
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
  bool Find(std::string_view key, std::string_view* text);

 private:
  bool Collect();

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
inline Field F(const char* key) { return Field{{}, key}; }

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
bool Find(Ctx& c, object o, Field f, Need need, element* e, bool* present);

// ---------------------------------------------------------------- typed getters

bool GetString(Ctx& c, object o, Field f, Need need, std::string_view* out, bool* present_out = nullptr);
bool GetBool(Ctx& c, object o, Field f, Need need, bool* out, bool* present_out = nullptr);
// JSON-Schema "integer": an integer, or a number with zero fractional part
// ("2.0", "1e2"), in int64, judged on the exact text (9007199254740993.0 is
// not 9007199254740992). -2^63 written with a fraction or an exponent is
// refused; no field allows a negative integer anyway.
bool AsInt(Ctx& c, Field f, element e, int64_t* out);
bool GetInt(Ctx& c, object o, Field f, Need need, int64_t* out, bool* present_out = nullptr);
bool CheckIntRange(Ctx& c, Field f, int64_t v, int64_t lo, int64_t hi);
bool GetIntIn(Ctx& c, object o, Field f, int64_t lo, int64_t hi, int64_t* out);

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
  std::string Shown() const;
};
bool GetDecimal(Ctx& c, object o, Field f, Need need, int scale, int64_t max_units, Decimal* out,
                bool* present_out = nullptr);
// Money and hours: |exact value| <= 1e12, kept to 6 decimals (micro-units).
bool GetAmount(Ctx& c, object o, Field f, bool non_negative, int64_t* micro);

// Length in code points within [lo, hi].
bool CheckLength(Ctx& c, Field f, std::string_view s, size_t lo, size_t hi);
bool GetText(Ctx& c, object o, Field f, Need need, size_t lo, size_t hi, std::string_view* out);
// The slug rule (events/slug.h) with its message.
bool CheckSlug(Ctx& c, Field f, std::string_view s, size_t max);
bool GetSlug(Ctx& c, object o, Field f, size_t max, std::string_view* out);
// A service_id: a slug that is none of the words the status pages' own routes
// use (events.md): /driftinformation/historik must never be an e-service.
bool CheckServiceId(Ctx& c, Field f, std::string_view s);
bool GetServiceId(Ctx& c, object o, std::string_view* out);

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

// An instant of the contract (events/instant.h); *text gets it as written.
bool GetTime(Ctx& c, object o, Field f, Need need, TimeMs* out, bool* present_out = nullptr,
             std::string_view* text = nullptr);
// "YYYY-MM", month 01..12, year 1970..2200.
bool GetMonth(Ctx& c, object o, Field f, int* year, int* month);
// period_start < period_end, and [start, end) inside one Europe/Stockholm quarter.
bool GetPeriod(Ctx& c, object o, TimeMs* start, TimeMs* end);

// The event's body as a T, reusing its capacity when it already holds one.
template <class T>
T& Body(Event* e) {
  if (T* p = std::get_if<T>(&e->body)) return *p;
  return e->body.emplace<T>();
}

}  // namespace followup::decode_fields
