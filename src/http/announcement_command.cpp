#include "http/announcement_command.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "common/escape.h"
#include "events/decoder.h"
#include "events/instant.h"
#include "events/slug.h"
#include "projections/keys.h"

namespace followup::http {
namespace {

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// An id the API can address later: PUT /api/v1/announcements/{id} takes one
// path segment, which the router refuses when it decodes to '/', "." or "..".
bool IsAddressableId(std::string_view s) { return IsEventId(s) && s != "." && s != ".."; }

// A shortened, JSON-safe echo of a client value for messages.
std::string Echo(std::string_view s) {
  std::string out;
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) != 0x80 && ++n > 60) {
      out += "…";
      break;
    }
    out.push_back(s[i]);
  }
  return "\"" + out + "\"";
}

// The members an announcement command may have; any other is refused by name.
constexpr std::array<std::string_view, 11> kFields = {
    "announcement_id", "revision", "kind",    "service_ids", "state",  "starts_at",
    "ends_at",         "title_sv", "body_sv", "title_en",    "body_en"};

// The states each kind accepts as a command (events.md "Commands: what the
// admin API accepts"); the decoder accepts every combination.
std::string_view StatesOf(std::string_view kind) {
  if (kind == "incident") return "investigating | identified | monitoring | resolved | cancelled";
  return "scheduled | resolved | cancelled";
}
bool StateFits(std::string_view kind, std::string_view state) {
  if (kind == "incident") return state != "scheduled";
  return state == "scheduled" || state == "resolved" || state == "cancelled";
}

class Validator {
 public:
  explicit Validator(simdjson::dom::object o) : o_(o) {}
  std::vector<FieldError> errors;

  // Returns the element, or nullopt when absent (or JSON null and null_ok).
  std::optional<simdjson::dom::element> Get(const char* field, bool required, bool null_ok = false) {
    simdjson::dom::element e;
    if (o_.at_key(field).get(e) != simdjson::SUCCESS || (null_ok && e.is_null())) {
      if (required) Error(field, "is required");
      return std::nullopt;
    }
    return e;
  }
  // A text for citizens. lo > 0: it must have visible text (not only white
  // space). Any text: no character the output rule (SanitizeText) would drop
  // or replace; commands are strict, so nothing written is silently changed.
  bool Text(const char* field, bool required, size_t lo, size_t hi, std::string* out) {
    auto e = Get(field, required, !required);
    if (!e) return !required;
    std::string_view s;
    if (e->get_string().get(s) != simdjson::SUCCESS) return Error(field, "must be a string");
    size_t n = CodePoints(s);
    if (n < lo || n > hi) {
      if (lo > 0 && n < lo) return Error(field, "must not be empty");
      return Error(field,
                   "must be at most " + std::to_string(hi) + " characters (got " + std::to_string(n) + ")");
    }
    if (size_t bad = FirstUnsafeCharacter(s); bad != std::string_view::npos)
      return Error(field,
                   "must not contain control characters, noncharacters (U+FFFE, U+FFFF, ...) or "
                   "bidirectional formatting characters (character " +
                       std::to_string(bad + 1) + ")");
    if (lo > 0 && !HasVisibleText(s)) return Error(field, "must not be empty or only white space");
    out->assign(s);
    return true;
  }
  bool Enum(const char* field, std::initializer_list<const char*> allowed, std::string* out) {
    auto e = Get(field, true);
    if (!e) return false;
    std::string_view s;
    if (e->get_string().get(s) != simdjson::SUCCESS) return Error(field, "must be a string");
    std::string list;
    for (const char* a : allowed) {
      if (s == a) {
        out->assign(s);
        return true;
      }
      list += (list.empty() ? "" : " | ") + std::string(a);
    }
    return Error(field, "must be one of " + list + " (got " + Echo(s) + ")");
  }
  bool Time(const char* field, bool required, std::optional<TimeMs>* out) {
    auto e = Get(field, required, !required);
    if (!e) return !required;
    std::string_view s;
    if (e->get_string().get(s) != simdjson::SUCCESS)
      return Error(field, "must be an RFC 3339 string or null");
    TimeMs t = 0;
    InstantCheck check = ParseInstant(s, &t);  // events/instant.h: the contract's instants
    if (check == InstantCheck::kNotRfc3339)
      return Error(field,
                   "must be RFC 3339 with an offset, e.g. 2026-11-26T22:00:00+01:00 (got " + Echo(s) + ")");
    if (check == InstantCheck::kOutOfRange) return Error(field, "outside supported years 1970–2200");
    *out = t;
    return true;
  }
  bool Integer(const char* field, int64_t lo, int64_t hi, const char* why_hi, std::optional<int64_t>* out) {
    auto e = Get(field, false, true);
    if (!e) return true;
    int64_t v = 0;
    double d = 0;
    if (e->get_int64().get(v) == simdjson::SUCCESS) {
    } else if (e->get_double().get(d) == simdjson::SUCCESS && std::floor(d) == d && std::fabs(d) < 9.0e18) {
      v = static_cast<int64_t>(d);
    } else {
      return Error(field, "must be an integer");
    }
    if (v < lo) return Error(field, "must be at least " + std::to_string(lo));
    if (v > hi) return Error(field, "must be at most " + std::to_string(hi) + " (" + why_hi + ")");
    *out = v;
    return true;
  }
  bool Error(std::string field, std::string message) {
    errors.push_back({std::move(field), std::move(message)});
    return false;
  }

 private:
  simdjson::dom::object o_;
};

// The members a command body and its event share, from "kind" to the
// English texts (absent ones are absent members), in the event's order.
std::string ContentMembers(const Draft& d) {
  auto q = [](std::string_view s) { return "\"" + JsonEscape(s) + "\""; };
  std::string out = "\"kind\":" + q(d.kind) + ",\"service_ids\":[";
  for (size_t i = 0; i < d.service_ids.size(); ++i) out += (i ? "," : "") + q(d.service_ids[i]);
  out += "],\"state\":" + q(d.state) + ",\"starts_at\":" + q(FormatRfc3339Utc(d.starts_at)) +
         ",\"ends_at\":" + (d.ends_at ? q(FormatRfc3339Utc(*d.ends_at)) : std::string("null")) +
         ",\"title_sv\":" + q(d.title_sv) + ",\"body_sv\":" + q(d.body_sv);
  if (!d.title_en.empty()) out += ",\"title_en\":" + q(d.title_en);
  if (!d.body_en.empty()) out += ",\"body_en\":" + q(d.body_en);
  return out;
}

}  // namespace

bool ParseIfMatch(std::string_view h, std::vector<int64_t>* revisions) {
  revisions->clear();
  size_t i = 0;
  auto skip = [&] {
    while (i < h.size() && (h[i] == ' ' || h[i] == '\t' || h[i] == ',')) ++i;
  };
  skip();
  if (i == h.size()) return false;
  while (i < h.size()) {
    bool weak = h.substr(i, 2) == "W/";
    if (weak) i += 2;
    if (i >= h.size() || h[i] != '"') return false;
    size_t end = h.find('"', i + 1);
    if (end == std::string_view::npos) return false;
    std::string_view tag = h.substr(i + 1, end - i - 1);
    i = end + 1;
    if (i < h.size() && h[i] != ',' && h[i] != ' ' && h[i] != '\t') return false;
    skip();
    if (weak || tag.substr(0, 4) != "rev-" || tag.size() < 5 || tag.size() > 23) continue;  // never matches
    int64_t v = 0;
    bool digits = true;
    for (char c : tag.substr(4)) {
      if (c < '0' || c > '9' || v > (std::numeric_limits<int64_t>::max() - (c - '0')) / 10) {
        digits = false;
        break;
      }
      v = v * 10 + (c - '0');
    }
    if (digits) revisions->push_back(v);
  }
  return true;
}

Draft DraftFromEvent(const AnnouncementEvent& a) {
  Draft d;
  d.complete = true;
  d.announcement_id = a.announcement_id;
  d.kind = std::string(Name(a.kind));
  d.state = std::string(Name(a.state));
  d.service_ids = a.service_ids;
  d.starts_at = a.starts_at;
  d.ends_at = a.ends_at;
  d.title_sv = a.title_sv;
  d.body_sv = a.body_sv;
  d.title_en = a.title_en;
  d.body_en = a.body_en;
  return d;
}

std::string DraftJson(const Draft& d) { return "{" + ContentMembers(d) + "}"; }

std::vector<FieldError> ValidateAnnouncement(simdjson::dom::object obj, const std::string* path_id,
                                             const KvReader* reader, const std::function<TimeMs()>& now,
                                             Draft* d) {
  Validator v(obj);
  for (auto field : obj) {
    if (std::find(kFields.begin(), kFields.end(), field.key) != kFields.end()) continue;
    std::string list;
    for (auto f : kFields) list += (list.empty() ? "" : ", ") + std::string(f);
    v.Error(std::string(field.key), "unknown field (an announcement has " + list + ")");
  }
  if (auto e = v.Get("announcement_id", false, true)) {
    std::string_view s;
    if (e->get_string().get(s) != simdjson::SUCCESS) {
      v.Error("announcement_id", "must be a string");
    } else if (path_id) {
      if (s != *path_id) v.Error("announcement_id", "must match the announcement_id in the path");
    } else if (!IsAddressableId(s)) {
      v.Error("announcement_id",
              "must be 1–128 characters of [A-Za-z0-9._:-] and not \".\" or \"..\", so that "
              "PUT /api/v1/announcements/{announcement_id} can address it (got " +
                  Echo(s) + ")");
    } else {
      d->announcement_id.assign(s);
    }
  }
  if (path_id) {
    // Any id the router delivers is addressable; ones written to Kafka by
    // other producers need only be what announcement.v1 allows.
    d->announcement_id = *path_id;
    if (CodePoints(*path_id) > 128) v.Error("announcement_id", "must be 1–128 characters");
  }
  v.Integer("revision", 1, kMaxRevision, "a later revision must still be possible", &d->revision);
  bool kind_ok = v.Enum("kind", {"incident", "planned_maintenance"}, &d->kind);
  bool state_ok =
      v.Enum("state", {"scheduled", "investigating", "identified", "monitoring", "resolved", "cancelled"},
             &d->state);
  if (kind_ok && state_ok && !StateFits(d->kind, d->state))
    v.Error("state", "must be one of " + std::string(StatesOf(d->kind)) + " for " + d->kind + " (got " +
                         Echo(d->state) + ")");
  if (auto e = v.Get("service_ids", true)) {
    simdjson::dom::array arr;
    if (e->get_array().get(arr) != simdjson::SUCCESS) {
      v.Error("service_ids", "must be an array of service ids");
    } else if (arr.size() < 1 || arr.size() > 200) {
      v.Error("service_ids", "must have 1–200 entries (got " + std::to_string(arr.size()) + ")");
    } else {
      size_t i = 0;
      for (simdjson::dom::element item : arr) {
        std::string field = "service_ids[" + std::to_string(i++) + "]";
        std::string_view s;
        if (item.get_string().get(s) != simdjson::SUCCESS) {
          v.Error(field, "must be a string");
        } else if (!IsSlug(s, kServiceIdMax)) {
          v.Error(field, "must match ^[a-z0-9][a-z0-9-]{0,63}$ (got " + Echo(s) + ")");
        } else {
          std::string raw;
          if (reader && !reader->Get(keys::Catalog(s), &raw).ok())
            v.Error(field, "unknown service " + Echo(s) + ": not in the catalog");
          if (std::find(d->service_ids.begin(), d->service_ids.end(), s) == d->service_ids.end())
            d->service_ids.emplace_back(s);
        }
      }
    }
  }
  std::optional<TimeMs> starts;
  bool starts_ok = v.Time("starts_at", true, &starts);
  bool ends_ok = v.Time("ends_at", false, &d->ends_at);
  if (starts) d->starts_at = *starts;
  if (kind_ok && d->kind == "planned_maintenance" && ends_ok && !d->ends_at)
    v.Error("ends_at", "is required (non-null) for planned_maintenance");
  // A resolved incident without ends_at was resolved now: the time of the
  // request is written as its ends_at (events.md allows the API to fill it).
  if (kind_ok && d->kind == "incident" && state_ok && d->state == "resolved" && ends_ok && !d->ends_at &&
      starts_ok && starts) {
    if (*starts >= now())
      v.Error("ends_at",
              "is required for a resolved incident that starts in the future (without it, the time of "
              "the request is the end)");
    else
      d->ends_at = now();
  }
  if (starts_ok && ends_ok && starts && d->ends_at && *d->ends_at <= *starts)
    v.Error("ends_at", "must be after starts_at");
  v.Text("title_sv", true, 1, 200, &d->title_sv);
  v.Text("body_sv", true, 0, 4000, &d->body_sv);
  v.Text("title_en", false, 0, 200, &d->title_en);
  if (!d->title_en.empty() && !HasVisibleText(d->title_en))
    v.Error("title_en", "must have visible text when given (not only white space)");
  v.Text("body_en", false, 0, 4000, &d->body_en);
  return std::move(v.errors);
}

std::string AnnouncementEventJson(const Draft& d, const std::string& event_id, int64_t revision, TimeMs now,
                                  const std::string& actor) {
  auto q = [](std::string_view s) { return "\"" + JsonEscape(s) + "\""; };
  return "{\"type\":\"announcement.v1\",\"event_id\":" + q(event_id) +
         ",\"occurred_at\":" + q(FormatRfc3339Utc(now)) + ",\"source\":\"followup-admin\"" +
         ",\"actor\":" + q(actor) + ",\"announcement_id\":" + q(d.announcement_id) +
         ",\"revision\":" + std::to_string(revision) + "," + ContentMembers(d) + "}";
}

}  // namespace followup::http
