#include "probe/probe_config.h"

#include <yaml-cpp/yaml.h>

#include <cctype>
#include <charconv>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>

#include "common/ascii.h"
#include "probe/url.h"

namespace followup::probe {
namespace {

std::string Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

bool ParseInt(std::string_view s, int64_t* out) {
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size();
}

// Collects the first error with its position.
class Errors {
 public:
  explicit Errors(std::string name) : name_(std::move(name)) {}
  bool Fail(const YAML::Node& at, const std::string& what) {
    if (first_.empty()) {
      int line = at.IsDefined() && !at.Mark().is_null() ? at.Mark().line + 1 : 0;
      first_ = line > 0 ? name_ + ":" + std::to_string(line) + ": " + what : name_ + ": " + what;
    }
    return false;
  }
  const std::string& first() const { return first_; }

 private:
  std::string name_;
  std::string first_;
};

bool ScalarString(const YAML::Node& n, std::string* out) {
  if (!n.IsScalar()) return false;
  *out = n.Scalar();
  return true;
}

bool HeaderNameOk(std::string_view s) {
  if (s.empty()) return false;
  for (unsigned char c : s)
    if (!(std::isalnum(c) || std::string_view("!#$%&'*+-.^_`|~").find(char(c)) != std::string_view::npos))
      return false;
  return true;
}

bool HeaderValueOk(std::string_view s) {
  for (unsigned char c : s)
    if (c == '\r' || c == '\n' || c == 0) return false;
  return true;
}

bool ParseAccept(const YAML::Node& n, const std::string& where, Errors* errs, AcceptSet* out) {
  AcceptSet set;
  auto one = [&](const YAML::Node& item) {
    if (!item.IsScalar())
      return errs->Fail(item, where + ": expected a status code or a range such as 200-399");
    std::string err;
    auto parsed = AcceptSet::Parse(item.Scalar(), &err);
    if (!parsed) return errs->Fail(item, where + ": " + err);
    for (const auto& [lo, hi] : parsed->ranges()) set.Add(lo, hi);
    return true;
  };
  if (n.IsSequence()) {
    if (n.size() == 0) return errs->Fail(n, where + ": must list at least one status code");
    for (const auto& item : n)
      if (!one(item)) return false;
  } else if (!one(n)) {
    return false;
  }
  *out = std::move(set);
  return true;
}

bool ParseDurationNode(const YAML::Node& n, const std::string& where, int64_t min_ms, Errors* errs,
                       int64_t* out) {
  std::string s;
  if (!ScalarString(n, &s)) return errs->Fail(n, where + ": expected a duration such as 10s, 500ms or 2m");
  auto d = ParseDuration(s);
  if (!d) return errs->Fail(n, where + ": invalid duration \"" + s + "\" (expected e.g. 10s, 500ms, 2m)");
  if (*d < min_ms)
    return errs->Fail(n, where + ": must be at least " + std::to_string(min_ms) + "ms (got " + s + ")");
  *out = *d;
  return true;
}

bool ParseTarget(const YAML::Node& n, size_t index, Errors* errs, ProbeTarget* t) {
  const std::string where = "targets[" + std::to_string(index) + "]";
  if (!n.IsMap()) return errs->Fail(n, where + ": expected a mapping with service_id and url");
  t->line = n.Mark().line + 1;
  static const std::set<std::string> kKnown = {"service_id", "url",      "method",        "accept",
                                               "timeout",    "interval", "body_contains", "headers"};
  for (const auto& kv : n) {
    std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "";
    if (!kKnown.count(key))
      return errs->Fail(kv.first, where + ": unknown key \"" + key +
                                      "\" (known: service_id, url, method, accept, timeout, interval, "
                                      "body_contains, headers)");
  }
  const YAML::Node sid = n["service_id"];
  if (!sid) return errs->Fail(n, where + ": service_id is required");
  if (!ScalarString(sid, &t->service_id) || !IsSlug(t->service_id, kServiceIdMax))
    return errs->Fail(sid, where + ".service_id: must match ^[a-z0-9][a-z0-9-]{0,63}$ (got \"" +
                               (sid.IsScalar() ? sid.Scalar() : std::string("?")) + "\")");
  const std::string w = where + " (" + t->service_id + ")";
  const YAML::Node url = n["url"];
  if (!url) return errs->Fail(n, w + ": url is required");
  std::string err;
  if (!ScalarString(url, &t->url) || !ParseUrl(t->url, &err))
    return errs->Fail(url, w + ".url: " + (err.empty() ? "expected a string" : err));
  if (const YAML::Node m = n["method"]) {
    std::string method;
    if (!ScalarString(m, &method)) return errs->Fail(m, w + ".method: expected GET or HEAD");
    for (auto& c : method) c = char(std::toupper(static_cast<unsigned char>(c)));
    if (method != "GET" && method != "HEAD")
      return errs->Fail(m, w + ".method: expected GET or HEAD (got \"" + m.Scalar() + "\")");
    t->method = method;
  }
  if (const YAML::Node a = n["accept"]) {
    if (!ParseAccept(a, w + ".accept", errs, &t->accept)) return false;
  }
  if (const YAML::Node d = n["timeout"]) {
    if (!ParseDurationNode(d, w + ".timeout", 1, errs, &t->timeout_ms)) return false;
  }
  if (const YAML::Node d = n["interval"]) {
    if (!ParseDurationNode(d, w + ".interval", 100, errs, &t->interval_ms)) return false;
  }
  if (const YAML::Node b = n["body_contains"]) {
    std::string s;
    if (!ScalarString(b, &s) || s.empty())
      return errs->Fail(b, w + ".body_contains: expected a non-empty string");
    if (t->method == "HEAD") return errs->Fail(b, w + ".body_contains: a HEAD response has no body; use GET");
    t->body_contains = s;
  }
  if (const YAML::Node h = n["headers"]) {
    if (!h.IsMap()) return errs->Fail(h, w + ".headers: expected a mapping of header name to value");
    for (const auto& kv : h) {
      std::string name, value;
      if (!ScalarString(kv.first, &name) || !HeaderNameOk(name))
        return errs->Fail(kv.first, w + ".headers: invalid header name");
      const std::string lower = AsciiLower(name);
      if (lower == "host" || lower == "connection" || lower == "content-length" ||
          lower == "transfer-encoding")
        return errs->Fail(kv.first, w + ".headers: " + name + " is set by the agent");
      if (!ScalarString(kv.second, &value) || !HeaderValueOk(value))
        return errs->Fail(kv.second, w + ".headers." + name + ": expected a single-line string");
      t->headers.emplace_back(name, value);
    }
  }
  return true;
}

}  // namespace

std::optional<AcceptSet> AcceptSet::Parse(std::string_view text, std::string* error) {
  AcceptSet set;
  std::string s(text);
  std::stringstream ss(s);
  std::string part;
  bool any = false;
  while (std::getline(ss, part, ',')) {
    part = Trim(part);
    if (part.empty()) continue;
    auto dash = part.find('-');
    int64_t lo = 0, hi = 0;
    bool ok = dash == std::string::npos
                  ? ParseInt(part, &lo) && (hi = lo, true)
                  : ParseInt(Trim(part.substr(0, dash)), &lo) && ParseInt(Trim(part.substr(dash + 1)), &hi);
    if (!ok) {
      if (error) *error = "invalid status code or range \"" + part + "\" (expected e.g. 200, 200-399)";
      return std::nullopt;
    }
    if (lo < 100 || hi > 599 || lo > hi) {
      if (error) *error = "status range \"" + part + "\" must lie within 100-599 with low <= high";
      return std::nullopt;
    }
    set.Add(int(lo), int(hi));
    any = true;
  }
  if (!any) {
    if (error) *error = "no status codes given";
    return std::nullopt;
  }
  return set;
}

bool AcceptSet::Accepts(int code) const {
  for (const auto& [lo, hi] : ranges_)
    if (code >= lo && code <= hi) return true;
  return false;
}

std::string AcceptSet::ToString() const {
  std::string out;
  for (const auto& [lo, hi] : ranges_) {
    if (!out.empty()) out += ",";
    out += lo == hi ? std::to_string(lo) : std::to_string(lo) + "-" + std::to_string(hi);
  }
  return out;
}

std::optional<int64_t> ParseDuration(std::string_view s) {
  std::string t = Trim(s);
  size_t digits = 0;
  while (digits < t.size() && std::isdigit(static_cast<unsigned char>(t[digits]))) ++digits;
  if (digits == 0 || digits > 12) return std::nullopt;
  int64_t n = 0;
  if (!ParseInt(std::string_view(t).substr(0, digits), &n)) return std::nullopt;
  std::string unit = Trim(std::string_view(t).substr(digits));
  int64_t mult = 0;
  if (unit == "ms")
    mult = 1;
  else if (unit == "s")
    mult = 1000;
  else if (unit == "m" || unit == "min")
    mult = 60'000;
  else if (unit == "h")
    mult = 3'600'000;
  else
    return std::nullopt;
  return n * mult;
}

std::string FormatSeconds(int64_t ms) {
  if (ms % 1000 == 0) return std::to_string(ms / 1000) + " s";
  std::string frac = std::to_string(ms % 1000);
  frac = std::string(3 - frac.size(), '0') + frac;
  while (!frac.empty() && frac.back() == '0') frac.pop_back();
  return std::to_string(ms / 1000) + "." + frac + " s";
}

Status ParseProbeConfig(const std::string& text, const std::string& name, ProbeConfig* out) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    return Status::Invalid(name + ":" + std::to_string(e.mark.line + 1) + ": YAML syntax error: " + e.msg);
  } catch (const YAML::Exception& e) {
    return Status::Invalid(name + ": " + e.what());
  }
  Errors errs(name);
  ProbeConfig cfg;
  YAML::Node targets;
  try {
    if (root.IsSequence()) {
      targets = root;
    } else if (root.IsMap()) {
      for (const auto& kv : root) {
        std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "";
        if (key != "targets" && key != "concurrency" && key != "buffer_limit" && key != "kafka") {
          errs.Fail(kv.first,
                    "unknown key \"" + key + "\" (known: targets, concurrency, buffer_limit, kafka)");
          return Status::Invalid(errs.first());
        }
      }
      targets = root["targets"];
      if (!targets) {
        errs.Fail(root, "no \"targets\" list");
        return Status::Invalid(errs.first());
      }
      if (const YAML::Node c = root["concurrency"]) {
        int64_t v = 0;
        if (!c.IsScalar() || !ParseInt(Trim(c.Scalar()), &v) || v < 1 || v > 100000) {
          errs.Fail(c, "concurrency: expected an integer 1..100000");
          return Status::Invalid(errs.first());
        }
        cfg.concurrency = int(v);
      }
      if (const YAML::Node b = root["buffer_limit"]) {
        int64_t v = 0;
        if (!b.IsScalar() || !ParseInt(Trim(b.Scalar()), &v) || v < 1 || v > 100'000'000) {
          errs.Fail(b, "buffer_limit: expected an integer 1..100000000");
          return Status::Invalid(errs.first());
        }
        cfg.buffer_limit = size_t(v);
      }
      if (const YAML::Node k = root["kafka"]) {
        if (!k.IsMap()) {
          errs.Fail(k, "kafka: expected a mapping of librdkafka settings");
          return Status::Invalid(errs.first());
        }
        for (const auto& kv : k) {
          if (!kv.first.IsScalar() || !kv.second.IsScalar()) {
            errs.Fail(kv.first, "kafka: settings must be scalar key: value pairs");
            return Status::Invalid(errs.first());
          }
          cfg.kafka[kv.first.Scalar()] = kv.second.Scalar();
        }
      }
    } else if (!root.IsDefined() || root.IsNull()) {
      return Status::Invalid(name + ": empty file (expected a list of targets)");
    } else {
      errs.Fail(root, "expected a list of targets or a mapping with \"targets\"");
      return Status::Invalid(errs.first());
    }
    if (!targets.IsSequence()) {
      errs.Fail(targets, "targets: expected a list");
      return Status::Invalid(errs.first());
    }
    std::map<std::string, int> seen;
    for (size_t i = 0; i < targets.size(); ++i) {
      ProbeTarget t;
      if (!ParseTarget(targets[i], i, &errs, &t)) return Status::Invalid(errs.first());
      auto [it, inserted] = seen.emplace(t.service_id, t.line);
      if (!inserted) {
        errs.Fail(targets[i]["service_id"], "targets[" + std::to_string(i) + "]: service_id \"" +
                                                t.service_id + "\" is already probed at line " +
                                                std::to_string(it->second) +
                                                " (one target per service and location)");
        return Status::Invalid(errs.first());
      }
      cfg.targets.push_back(std::move(t));
    }
  } catch (const YAML::Exception& e) {
    return Status::Invalid(name + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
  *out = std::move(cfg);
  return Status::Ok();
}

Status LoadProbeConfig(const std::string& path, ProbeConfig* out) {
  std::ifstream f(path);
  if (!f) return Status::Io("cannot read " + path);
  std::stringstream ss;
  ss << f.rdbuf();
  return ParseProbeConfig(ss.str(), path, out);
}

}  // namespace followup::probe
