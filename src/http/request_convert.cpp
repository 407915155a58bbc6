#include "http/request_convert.h"

#include "common/ascii.h"

namespace followup::http {

Request ToRequest(boost::beast::http::request<boost::beast::http::string_body>&& msg) {
  Request req;
  req.method = std::string(msg.method_string());
  std::string_view target = msg.target();
  auto q = target.find('?');
  req.path = std::string(target.substr(0, q));
  if (q != std::string_view::npos) {
    std::string_view qs = target.substr(q + 1);
    size_t i = 0;
    while (i <= qs.size()) {
      size_t j = qs.find('&', i);
      if (j == std::string_view::npos) j = qs.size();
      std::string_view kv = qs.substr(i, j - i);
      auto eq = kv.find('=');
      std::string k, v;
      if (UrlDecode(kv.substr(0, eq), &k) &&
          (eq == std::string_view::npos || UrlDecode(kv.substr(eq + 1), &v)) && !k.empty())
        req.query[k] = v;
      i = j + 1;
    }
  }
  for (const auto& f : msg) {
    req.headers[AsciiLower(f.name_string())] = std::string(f.value());
  }
  req.body = std::move(msg.body());
  return req;
}

const char* RequestHeaderProblem(const boost::beast::http::request_header<>& header) {
  namespace bhttp = boost::beast::http;
  size_t hosts = 0, authorizations = 0;
  for (const auto& f : header) {
    if (f.name() == bhttp::field::host)
      ++hosts;
    else if (f.name() == bhttp::field::authorization)
      ++authorizations;
  }
  if (hosts > 1) return "more than one Host header";
  if (hosts == 0 && header.version() >= 11) return "missing Host header";
  if (authorizations > 1) return "more than one Authorization header";
  return nullptr;
}

std::string JoinedField(const boost::beast::http::request_header<>& header, std::string_view name) {
  std::string out;
  auto range = header.equal_range(name);
  for (auto it = range.first; it != range.second; ++it) {
    if (!out.empty()) out += ',';
    out.append(it->value().data(), it->value().size());
  }
  return out;
}

}  // namespace followup::http
