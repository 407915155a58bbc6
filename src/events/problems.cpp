#include "events/problems.h"

#include <simdjson.h>

#include <algorithm>

#include "common/time.h"
#include "events/indicators.h"
#include "events/names.h"

namespace followup {
namespace {

// The top-level field a reason names ("service_ids[2]: ..." -> "service_ids").
std::string FieldOf(const std::string& reason) {
  size_t end = reason.find(": ");
  if (end == std::string::npos) return "";
  std::string f = reason.substr(0, end);
  size_t cut = f.find_first_of("[.");
  return cut == std::string::npos ? f : f.substr(0, cut);
}

std::string Quoted(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "\"";
}

template <class E>
void AddNames(std::vector<std::string>* out) {
  for (std::string_view n : WireNames<E>::kNames) out->push_back(Quoted(n));
}

// Stand-in values for a field, as JSON texts; `line` gives the instants.
std::vector<std::string> StandIns(simdjson::dom::object o) {
  std::vector<std::string> c = {"null"};
  for (auto field : o) {
    std::string_view s;
    if (field.value.get_string().get(s) != simdjson::SUCCESS) continue;
    if (auto t = ParseRfc3339(s)) {
      c.push_back(Quoted(FormatRfc3339Utc(*t - 1)));
      c.push_back(Quoted(FormatRfc3339Utc(*t + 1)));
    }
  }
  for (const char* t : {"1970-01-01T00:00:00Z", "2200-12-31T00:00:00Z"}) c.push_back(Quoted(t));
  AddNames<AnnouncementKind>(&c);
  AddNames<AnnouncementState>(&c);
  AddNames<Category>(&c);
  AddNames<Channel>(&c);
  AddNames<AltChannel>(&c);
  AddNames<RespondentGroup>(&c);
  AddNames<Question>(&c);
  AddNames<CostKind>(&c);
  AddNames<Funding>(&c);
  AddNames<Scope>(&c);
  for (const auto& i : kIndicators) c.push_back(Quoted(i.name));
  for (const char* s : {"a", "stockholm", "1", "2026-01", "https://start.stockholm/a"})
    c.push_back(Quoted(s));
  for (const char* n : {"0", "1", "2", "2026", "0.5", "true", "false", "[\"a\"]", "[]", "{}"}) c.push_back(n);
  return c;
}

// o with every member named `key` set to `value` (added when absent).
std::string WithMember(simdjson::dom::object o, std::string_view key, const std::string& value) {
  std::string out = "{";
  bool done = false;
  for (auto field : o) {
    if (out.size() > 1) out += ',';
    out += Quoted(field.key) + ":";
    if (field.key == key) {
      out += value;
      done = true;
    } else {
      out += simdjson::minify(field.value);
    }
  }
  if (!done) out += std::string(out.size() > 1 ? "," : "") + Quoted(key) + ":" + value;
  return out + "}";
}

}  // namespace

std::vector<std::string> EveryProblem(EventDecoder* decoder, std::string_view line) {
  std::vector<std::string> problems;
  Event e;
  DecodeError err;
  if (decoder->Decode(line, &e, &err)) return problems;
  problems.push_back(err.reason);
  std::string field = FieldOf(err.reason);
  if (field.empty() || field == "message" || field == "type") return problems;

  simdjson::dom::parser parser;
  simdjson::dom::element root;
  simdjson::dom::object o;
  std::string current(line);
  if (parser.parse(current).get(root) != simdjson::SUCCESS || root.get_object().get(o) != simdjson::SUCCESS)
    return problems;
  const std::vector<std::string> stand_ins = StandIns(o);
  std::vector<std::string> fixed;
  while (fixed.size() < 64) {
    fixed.push_back(field);
    std::string next_reason;
    bool past = false;
    std::string next;
    for (const std::string& v : stand_ins) {
      std::string candidate = WithMember(o, field, v);
      DecodeError e2;
      if (decoder->Decode(candidate, &e, &e2)) {
        past = true;
        next.clear();
        break;
      }
      if (FieldOf(e2.reason) != field) {
        past = true;
        next = candidate;
        next_reason = e2.reason;
        break;
      }
    }
    if (!past || next.empty()) break;  // no stand-in gets past it, or nothing more is wrong
    field = FieldOf(next_reason);
    if (field.empty() || field == "message" || field == "type" ||
        std::find(fixed.begin(), fixed.end(), field) != fixed.end())
      break;
    problems.push_back(next_reason);
    current = std::move(next);
    if (parser.parse(current).get(root) != simdjson::SUCCESS || root.get_object().get(o) != simdjson::SUCCESS)
      break;
  }
  return problems;
}

}  // namespace followup
