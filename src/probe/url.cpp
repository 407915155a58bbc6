#include "probe/url.h"
#include "common/ascii.h"
#include "common/parse.h"

#include <algorithm>
#include <cctype>

namespace followup::probe {
namespace {

bool Fail(std::string* error, std::string why) {
  if (error) *error = std::move(why);
  return false;
}

bool ValidTargetChars(std::string_view s) {
  for (unsigned char c : s)
    if (c <= 0x20 || c == 0x7f) return false;  // no spaces, no controls (percent-encode them)
  return true;
}

// Parses "host[:port]" (authority without user info).
bool ParseAuthority(std::string_view auth, bool tls, Url* u, std::string* error) {
  auto at = auth.rfind('@');
  if (at != std::string_view::npos) auth = auth.substr(at + 1);
  std::string_view host, port;
  if (!auth.empty() && auth[0] == '[') {
    auto close = auth.find(']');
    if (close == std::string_view::npos) return Fail(error, "unterminated IPv6 literal");
    host = auth.substr(1, close - 1);
    std::string_view rest = auth.substr(close + 1);
    if (!rest.empty()) {
      if (rest[0] != ':') return Fail(error, "garbage after IPv6 literal");
      port = rest.substr(1);
    }
    u->ipv6_literal = true;
    if (host.empty() || host.find_first_not_of("0123456789abcdefABCDEF:.") != std::string_view::npos)
      return Fail(error, "invalid IPv6 literal");
  } else {
    auto colon = auth.find(':');
    host = auth.substr(0, colon);
    if (colon != std::string_view::npos) port = auth.substr(colon + 1);
    if (host.empty()) return Fail(error, "no host");
    for (unsigned char c : host)
      if (!(std::isalnum(c) || c == '-' || c == '.' || c == '_')) return Fail(error, "invalid host name");
  }
  if (port.empty()) {
    u->port = tls ? "443" : "80";
  } else {
    if (port.size() > 5 || port.find_first_not_of("0123456789") != std::string_view::npos)
      return Fail(error, "invalid port");
    int p = 0;
    if (!ParseInteger(port, &p) || p < 1 || p > 65535) return Fail(error, "port out of range");
    u->port = std::to_string(p);
  }
  u->host = AsciiLower(host);
  u->tls = tls;
  return true;
}

std::string_view StripFragment(std::string_view s) {
  auto hash = s.find('#');
  return hash == std::string_view::npos ? s : s.substr(0, hash);
}

}  // namespace

std::string Url::host_header() const {
  std::string h = ipv6_literal ? "[" + host + "]" : host;
  if (!default_port()) h += ":" + port;
  return h;
}

std::string Url::ToString() const {
  return std::string(tls ? "https://" : "http://") + host_header() + target;
}

std::optional<Url> ParseUrl(std::string_view text, std::string* error) {
  text = StripFragment(text);
  auto sep = text.find("://");
  if (sep == std::string_view::npos) {
    Fail(error, "not an absolute URL (http:// or https://)");
    return std::nullopt;
  }
  std::string scheme = AsciiLower(text.substr(0, sep));
  if (scheme != "http" && scheme != "https") {
    Fail(error, "scheme must be http or https, not " + scheme);
    return std::nullopt;
  }
  std::string_view rest = text.substr(sep + 3);
  auto path_at = rest.find_first_of("/?");
  std::string_view auth = rest.substr(0, path_at);
  std::string_view target = path_at == std::string_view::npos ? std::string_view() : rest.substr(path_at);
  Url u;
  if (!ParseAuthority(auth, scheme == "https", &u, error)) return std::nullopt;
  if (!ValidTargetChars(target)) {
    Fail(error, "spaces or control characters in the path");
    return std::nullopt;
  }
  u.target = target.empty() ? "/" : (target[0] == '?' ? "/" + std::string(target) : std::string(target));
  return u;
}

std::optional<Url> ResolveLocation(const Url& base, std::string_view location, std::string* error) {
  location = StripFragment(location);
  // Trim surrounding whitespace some servers leave.
  while (!location.empty() && (location.front() == ' ' || location.front() == '\t'))
    location.remove_prefix(1);
  while (!location.empty() && (location.back() == ' ' || location.back() == '\t')) location.remove_suffix(1);
  if (location.empty()) {
    Fail(error, "empty Location");
    return std::nullopt;
  }
  // A scheme: letters, digits, + - . before the first ':' that precedes any '/', '?'.
  auto colon = location.find(':');
  auto first_special = location.find_first_of("/?");
  if (colon != std::string_view::npos && (first_special == std::string_view::npos || colon < first_special) &&
      colon > 0 && std::isalpha(static_cast<unsigned char>(location[0]))) {
    return ParseUrl(location, error);
  }
  if (!ValidTargetChars(location)) {
    Fail(error, "spaces or control characters in Location");
    return std::nullopt;
  }
  if (location.substr(0, 2) == "//")
    return ParseUrl(std::string(base.tls ? "https:" : "http:") + std::string(location), error);
  Url u = base;
  std::string_view base_path = base.target;
  auto q = base_path.find('?');
  std::string_view base_no_query = base_path.substr(0, q);
  if (location[0] == '/') {
    u.target = std::string(location);
  } else if (location[0] == '?') {
    u.target = std::string(base_no_query) + std::string(location);
  } else {
    auto slash = base_no_query.rfind('/');
    std::string dir = slash == std::string_view::npos ? "/" : std::string(base_no_query.substr(0, slash + 1));
    u.target = dir + std::string(location);
  }
  return u;
}

}  // namespace followup::probe
