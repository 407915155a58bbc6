#include "http/router.h"

#include <algorithm>

namespace followup::http {
namespace {

std::vector<std::string> Split(const std::string& path) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') { ++i; continue; }
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

}  // namespace

void Router::Add(std::vector<std::string> methods, std::string pattern, std::string name, Handler h) {
  routes_.push_back(Route{std::move(methods), Split(pattern), std::move(name), std::move(h)});
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
  for (const auto& r : routes_) {
    Params params;
    if (!Match(r.segments, segs, &params)) continue;
    path_matched = true;
    bool method_ok = std::find(r.methods.begin(), r.methods.end(), req.method) != r.methods.end() ||
                     (req.method == "HEAD" &&
                      std::find(r.methods.begin(), r.methods.end(), "GET") != r.methods.end());
    if (!method_ok) {
      for (const auto& m : r.methods) allowed.push_back(m);
      continue;
    }
    *route_name = r.name;
    return r.handler(req, params);
  }
  if (path_matched) {
    Response resp = JsonError(405, "method not allowed");
    std::string allow;
    for (const auto& m : allowed) allow += (allow.empty() ? "" : ", ") + m;
    if (std::find(allowed.begin(), allowed.end(), "GET") != allowed.end()) allow += ", HEAD";
    resp.set("Allow", allow);
    return resp;
  }
  return JsonError(404, "not found");
}

}  // namespace followup::http
