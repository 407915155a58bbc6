// Transport-independent request/response types. Handlers and the router see
// only these, so they can be unit-tested without sockets.
#pragma once
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/escape.h"
#include "http/client_address.h"

namespace followup::http {

struct Request {
  std::string method;                          // "GET", "HEAD", ...
  std::string path;                            // raw path, without the query
  std::map<std::string, std::string> query;    // decoded
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  // Who sent it (set by the server, server.h): the peer's ClientKey, or the
  // client a trusted proxy names in X-Forwarded-For; absent outside a server.
  std::optional<ClientKey> client;
  std::string header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
  }
};

struct Response {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  // Immutable bytes owned elsewhere (a published bundle's pre-rendered body):
  // when set, they are the body instead of body, written as they are stored
  // without a copy, and kept alive until they have been written.
  std::shared_ptr<const std::string> shared_body;
  std::vector<std::pair<std::string, std::string>> headers;
  void set(std::string name, std::string value) {
    if (headers.empty()) headers.reserve(8);  // what a citizen route sets, allocated once
    headers.emplace_back(std::move(name), std::move(value));
  }
  // The body, whichever of the two holds it.
  std::string_view Body() const {
    return shared_body ? std::string_view(*shared_body) : std::string_view(body);
  }
};

Response JsonError(int status, const std::string& message);
Response Text(int status, std::string body);

using followup::HtmlEscape;
using followup::JsonEscape;
using followup::JsonEscapeText;
using followup::XmlEscape;
// Decodes %XX and '+' in a query component; false on a malformed escape.
bool UrlDecode(std::string_view in, std::string* out);

}  // namespace followup::http
