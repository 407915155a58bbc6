#include "events/decode_fields.h"

#include <cstdio>
#include <limits>

#include "events/instant.h"
#include "events/slug.h"

namespace followup::decode_fields {

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

// ---------------------------------------------------------------- number texts

bool NumberTexts::Find(std::string_view key, std::string_view* text) {
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

bool NumberTexts::Collect() {
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

// ---------------------------------------------------------------- error context

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

bool GetString(Ctx& c, object o, Field f, Need need, std::string_view* out, bool* present_out) {
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

bool GetBool(Ctx& c, object o, Field f, Need need, bool* out, bool* present_out) {
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

bool GetInt(Ctx& c, object o, Field f, Need need, int64_t* out, bool* present_out) {
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

std::string Decimal::Shown() const {
  if (text.empty()) return Echo(e);
  std::string r;
  AppendTruncated(&r, text, false);
  return r;
}

bool GetDecimal(Ctx& c, object o, Field f, Need need, int scale, int64_t max_units, Decimal* out,
                bool* present_out) {
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

bool GetTime(Ctx& c, object o, Field f, Need need, TimeMs* out, bool* present_out, std::string_view* text) {
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

}  // namespace followup::decode_fields
