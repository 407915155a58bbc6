#include "http/router.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <string_view>

namespace followup::http {
namespace {

bool IsCapture(const std::string& p) { return p.size() > 2 && p.front() == '{' && p.back() == '}'; }

// A request path's segments, without copying them. Paths longer than any
// route are counted but not kept (they match nothing).
struct PathSegments {
  static constexpr size_t kMax = 16;
  std::array<std::string_view, kMax> at;
  size_t size = 0;
  bool dot = false;  // a "." or ".." segment
};

PathSegments SplitPath(std::string_view path) {
  PathSegments out;
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    std::string_view seg = path.substr(i, j - i);
    if (seg == "." || seg == "..") out.dot = true;
    if (out.size < PathSegments::kMax) out.at[out.size] = seg;
    ++out.size;
    i = j;
  }
  return out;
}

bool Match(const std::vector<std::string>& pattern, const PathSegments& segs, Params* params) {
  if (pattern.size() != segs.size) return false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    const std::string& p = pattern[i];
    if (IsCapture(p)) {
      std::string decoded;
      if (!UrlDecode(segs.at[i], &decoded) || decoded.find('/') != std::string::npos || decoded.empty() ||
          decoded == "." || decoded == ".." || decoded.find('\0') != std::string::npos)
        return false;
      (*params)[p.substr(1, p.size() - 2)] = decoded;
    } else if (p != segs.at[i]) {
      return false;
    }
  }
  return true;
}

// The methods a route answers, as an Allow / Access-Control-Allow-Methods value.
std::string AllowedMethods(const std::vector<std::string>& methods, Cors cors) {
  std::string allow;
  auto has = [&](const char* m) { return std::find(methods.begin(), methods.end(), m) != methods.end(); };
  for (size_t i = 0; i < methods.size(); ++i)  // (several routes may share a path: each method once)
    if (std::find(methods.begin(), methods.begin() + long(i), methods[i]) == methods.begin() + long(i))
      allow += (allow.empty() ? "" : ", ") + methods[i];
  if (has("GET") && !has("HEAD")) allow += ", HEAD";
  if (cors == Cors::kPublic && !has("OPTIONS")) allow += ", OPTIONS";
  return allow;
}

constexpr const char* kAllowOrigin = "Access-Control-Allow-Origin";

Response Preflight(const std::vector<std::string>& methods) {
  Response r;
  r.status = 204;
  r.content_type.clear();
  r.set(kAllowOrigin, "*");
  r.set("Access-Control-Allow-Methods", AllowedMethods(methods, Cors::kPublic));
  r.set("Access-Control-Allow-Headers", "If-None-Match");
  r.set("Access-Control-Max-Age", "86400");
  return r;
}

}  // namespace

// NOLINTNEXTLINE(performance-unnecessary-value-param): routes are added once, at start-up
void Router::Add(std::vector<std::string> methods, std::string pattern, std::string name, Handler h,
                 Cors cors) {
  PathSegments split = SplitPath(pattern);
  if (split.size > PathSegments::kMax) std::abort();  // a programming error, found at start-up
  std::vector<std::string> segments(split.at.begin(), split.at.begin() + long(split.size));
  std::string first = segments.empty() || IsCapture(segments[0]) ? std::string() : segments[0];
  auto bucket = std::find_if(buckets_.begin(), buckets_.end(), [&](const Bucket& b) {
    return b.segments == segments.size() && b.first == first;
  });
  if (bucket == buckets_.end()) bucket = buckets_.insert(buckets_.end(), Bucket{segments.size(), first, {}});
  bucket->routes.push_back(routes_.size());
  routes_.push_back(Route{std::move(methods), std::move(segments), std::move(name), std::move(h), cors});
}

Response Router::Dispatch(const Request& req, std::string* route_name) const {
  *route_name = "unmatched";
  if (req.path.empty() || req.path[0] != '/' || req.path.find("//") != std::string::npos)
    return JsonError(400, "malformed path");
  PathSegments segs = SplitPath(req.path);
  if (segs.dot) return JsonError(400, "malformed path");
  // The candidates: the routes of the literal bucket and of the capture
  // bucket for this many segments, merged back into the order they were added.
  const std::vector<size_t>* literal = nullptr;
  const std::vector<size_t>* capture = nullptr;
  std::string_view first = segs.size == 0 ? std::string_view() : segs.at[0];
  for (const auto& b : buckets_) {
    if (b.segments != segs.size) continue;
    if (b.first.empty())
      capture = &b.routes;
    else if (b.first == first)
      literal = &b.routes;
  }
  static const std::vector<size_t> kNone;
  const std::vector<size_t>& a = literal ? *literal : kNone;
  const std::vector<size_t>& c = capture ? *capture : kNone;
  bool path_matched = false;
  std::vector<std::string> allowed;
  Cors cors = Cors::kNone;
  for (size_t i = 0, j = 0; i < a.size() || j < c.size();) {
    bool take_a = j == c.size() || (i < a.size() && a[i] < c[j]);
    const Route& r = routes_[take_a ? a[i++] : c[j++]];
    Params params;
    if (!Match(r.segments, segs, &params)) continue;
    path_matched = true;
    bool method_ok =
        std::find(r.methods.begin(), r.methods.end(), req.method) != r.methods.end() ||
        (req.method == "HEAD" && std::find(r.methods.begin(), r.methods.end(), "GET") != r.methods.end());
    if (!method_ok && req.method == "OPTIONS" && r.cors == Cors::kPublic) {
      *route_name = r.name;
      return Preflight(r.methods);
    }
    if (!method_ok) {
      for (const auto& m : r.methods) allowed.push_back(m);
      cors = r.cors == Cors::kPublic ? Cors::kPublic : cors;
      continue;
    }
    *route_name = r.name;
    Response resp = r.handler(req, params);
    if (r.cors == Cors::kPublic) {
      bool has = std::any_of(resp.headers.begin(), resp.headers.end(),
                             [](const auto& h) { return h.first == kAllowOrigin; });
      if (!has) resp.set(kAllowOrigin, "*");
      // A script that revalidates with If-None-Match must be able to read the tag.
      resp.set("Access-Control-Expose-Headers", "ETag");
    }
    return resp;
  }
  if (path_matched) {
    Response resp = JsonError(405, "method not allowed");
    resp.set("Allow", AllowedMethods(allowed, cors));
    return resp;
  }
  return JsonError(404, "not found");
}

}  // namespace followup::http
