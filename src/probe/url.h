// The small URL subset the probe agent needs: absolute http/https URLs and
// the resolution of a redirect's Location (absolute, scheme-relative,
// absolute-path, relative-path, query-only) against the current URL.
// Thread-safety: pure functions.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace followup::probe {

struct Url {
  bool tls = false;    // https
  std::string host;    // lower-cased; IPv6 literals without brackets
  std::string port;    // always set ("80", "443" by default)
  std::string target;  // path + query, starts with '/'
  bool ipv6_literal = false;

  bool default_port() const { return port == (tls ? "443" : "80"); }
  // Value of the Host header: host[:port], IPv6 literals bracketed.
  std::string host_header() const;
  std::string ToString() const;
};

// Parses "http[s]://host[:port][/path][?query][#fragment]" (scheme case-
// insensitive; user info and fragments are dropped). nullopt and *error set
// when it is not such a URL.
std::optional<Url> ParseUrl(std::string_view text, std::string* error = nullptr);

// Resolves a Location header value against base (RFC 3986 section 5.2, without
// dot-segment removal, which servers do themselves).
std::optional<Url> ResolveLocation(const Url& base, std::string_view location, std::string* error = nullptr);

}  // namespace followup::probe
