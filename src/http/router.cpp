#include "http/router.h"

#include <algorithm>

namespace followup::http {
namespace {

std::vector<std::string> Split(const std::string& path) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    size_t j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    out.push_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}

bool Match(const std::vector<std::string>& pattern, const std::vector<std::string>& segs, Params* params) {
  if (pattern.size() != segs.size()) return false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    const std::string& p = pattern[i];
    if (p.size() > 2 && p.front() == '{' && p.back() == '}') {
      std::string decoded;
      if (!UrlDecode(segs[i], &decoded) || decoded.find('/') != std::string::npos || decoded.empty() ||
          decoded == "." || decoded == ".." || decoded.find('\0') != std::string::npos)
        return false;
      (*params)[p.substr(1, p.size() - 2)] = decoded;
    } else if (p != segs[i]) {
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
  routes_.push_back(Route{std::move(methods), Split(pattern), std::move(name), std::move(h), cors});
}

Response Router::Dispatch(const Request& req, std::string* route_name) const {
  *route_name = "unmatched";
  if (req.path.empty() || req.path[0] != '/' || req.path.find("//") != std::string::npos)
    return JsonError(400, "malformed path");
  std::vector<std::string> segs = Split(req.path);
  for (const auto& s : segs)
    if (s == ".." || s == ".") return JsonError(400, "malformed path");
  bool path_matched = false;
  std::vector<std::string> allowed;
  Cors cors = Cors::kNone;
  for (const auto& r : routes_) {
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
