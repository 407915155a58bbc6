#include "http/request_convert.h"

#include <cctype>

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
      if (UrlDecode(kv.substr(0, eq), &k) && (eq == std::string_view::npos || UrlDecode(kv.substr(eq + 1), &v)) &&
          !k.empty())
        req.query[k] = v;
      i = j + 1;
    }
  }
  for (const auto& f : msg) {
    std::string name(f.name_string());
    for (auto& c : name) c = char(std::tolower(static_cast<unsigned char>(c)));
    req.headers[name] = std::string(f.value());
  }
  req.body = std::move(msg.body());
  return req;
}

}  // namespace followup::http
