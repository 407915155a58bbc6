#include "http/client_address.h"

#include <arpa/inet.h>

#include <cstring>

namespace followup::http {
namespace {

constexpr size_t kMaxLiteral = 45;  // INET6_ADDRSTRLEN - 1: "ffff:...:255.255.255.255"

bool IsMappedV4(const std::array<uint8_t, 16>& b) {
  for (int i = 0; i < 10; ++i)
    if (b[i] != 0) return false;
  return b[10] == 0xff && b[11] == 0xff;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

bool AllDigits(std::string_view s, size_t max_len) {
  if (s.empty() || s.size() > max_len) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// One X-Forwarded-For element: "v4", "v4:port", "v6", "[v6]", "[v6]:port".
std::optional<IpAddress> ParseElement(std::string_view e) {
  if (!e.empty() && e.front() == '[') {
    size_t close = e.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    std::string_view rest = e.substr(close + 1);
    if (!rest.empty() && !(rest.front() == ':' && AllDigits(rest.substr(1), 5))) return std::nullopt;
    auto a = IpAddress::Parse(e.substr(1, close - 1));
    if (!a || a->v4) return std::nullopt;  // brackets hold IPv6 only (a mapped one is fine: it was v6 text)
    return a;
  }
  size_t colon = e.find(':');
  if (colon != std::string_view::npos && e.find(':', colon + 1) == std::string_view::npos) {
    // Exactly one colon: IPv4 with a port.
    if (!AllDigits(e.substr(colon + 1), 5)) return std::nullopt;
    auto a = IpAddress::Parse(e.substr(0, colon));
    if (!a || !a->v4) return std::nullopt;
    return a;
  }
  return IpAddress::Parse(e);
}

}  // namespace

std::optional<IpAddress> IpAddress::Parse(std::string_view text) {
  if (text.empty() || text.size() > kMaxLiteral) return std::nullopt;
  char buf[kMaxLiteral + 1];
  std::memcpy(buf, text.data(), text.size());
  buf[text.size()] = '\0';
  if (std::memchr(text.data(), '\0', text.size())) return std::nullopt;
  std::array<uint8_t, 4> v4{};
  if (text.find(':') == std::string_view::npos) {
    if (::inet_pton(AF_INET, buf, v4.data()) != 1) return std::nullopt;
    return V4(v4);
  }
  std::array<uint8_t, 16> v6{};
  if (::inet_pton(AF_INET6, buf, v6.data()) != 1) return std::nullopt;
  return V6(v6);
}

IpAddress IpAddress::V4(const std::array<uint8_t, 4>& bytes) {
  IpAddress a;
  a.v4 = true;
  std::memcpy(a.b.data(), bytes.data(), 4);
  return a;
}

IpAddress IpAddress::V6(const std::array<uint8_t, 16>& bytes) {
  if (IsMappedV4(bytes)) return V4({bytes[12], bytes[13], bytes[14], bytes[15]});
  IpAddress a;
  a.v4 = false;
  a.b = bytes;
  return a;
}

std::string IpAddress::ToString() const {
  char buf[INET6_ADDRSTRLEN] = {};
  ::inet_ntop(v4 ? AF_INET : AF_INET6, b.data(), buf, sizeof buf);
  return buf;
}

std::optional<IpNetwork> IpNetwork::Parse(std::string_view text) {
  size_t slash = text.find('/');
  auto a = IpAddress::Parse(text.substr(0, slash));
  if (!a) return std::nullopt;
  IpNetwork n;
  n.base = *a;
  if (slash == std::string_view::npos) {
    n.prefix = a->v4 ? 32 : 128;
    return n;
  }
  std::string_view p = text.substr(slash + 1);
  if (!AllDigits(p, 3)) return std::nullopt;
  int prefix = 0;
  for (char c : p) prefix = prefix * 10 + (c - '0');
  // A mapped IPv6 literal was turned into IPv4 by Parse: its prefix counts the
  // 96 bits of ::ffff:0:0/96 too.
  bool mapped = a->v4 && text.substr(0, slash).find(':') != std::string_view::npos;
  if (mapped) {
    if (prefix < 96 || prefix > 128) return std::nullopt;
    prefix -= 96;
  }
  if (prefix > (a->v4 ? 32 : 128)) return std::nullopt;
  n.prefix = prefix;
  return n;
}

bool IpNetwork::Contains(const IpAddress& a) const {
  if (a.v4 != base.v4) return false;
  int full = prefix / 8, rest = prefix % 8;
  if (std::memcmp(a.b.data(), base.b.data(), size_t(full)) != 0) return false;
  if (rest == 0) return true;
  uint8_t mask = uint8_t(0xff << (8 - rest));
  return (a.b[size_t(full)] & mask) == (base.b[size_t(full)] & mask);
}

Status ParseNetworks(std::string_view text, std::vector<IpNetwork>* out) {
  std::vector<IpNetwork> nets;
  size_t i = 0;
  auto sep = [](char c) { return c == ',' || c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (i < text.size()) {
    if (sep(text[i])) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < text.size() && !sep(text[j])) ++j;
    std::string_view entry = text.substr(i, j - i);
    auto n = IpNetwork::Parse(entry);
    if (!n) {
      std::string shown(entry.substr(0, 64));
      return Status::Invalid("'" + shown + "' is not an address or ADDRESS/PREFIX network");
    }
    nets.push_back(*n);
    i = j;
  }
  *out = std::move(nets);
  return Status::Ok();
}

bool AnyContains(const std::vector<IpNetwork>& networks, const IpAddress& a) {
  for (const auto& n : networks)
    if (n.Contains(a)) return true;
  return false;
}

ClientKey ClientKeyOf(const IpAddress& a) {
  ClientKey k;
  k.v6 = !a.v4;
  size_t n = a.v4 ? 4 : 8;
  for (size_t i = 0; i < n; ++i) k.bits = (k.bits << 8) | a.b[i];
  return k;
}

std::string ClientKey::ToString() const {
  if (!v6) {
    std::array<uint8_t, 4> b{uint8_t(bits >> 24), uint8_t(bits >> 16), uint8_t(bits >> 8), uint8_t(bits)};
    return IpAddress::V4(b).ToString();
  }
  std::array<uint8_t, 16> b{};
  for (int i = 0; i < 8; ++i) b[size_t(i)] = uint8_t(bits >> (56 - 8 * i));
  IpAddress a;
  a.v4 = false;
  a.b = b;
  return a.ToString() + "/64";
}

ForwardedClient ClientFromForwardedFor(std::string_view value, const std::vector<IpNetwork>& trusted) {
  ForwardedClient out;
  size_t end = value.size();
  while (true) {
    size_t comma = end == 0 ? std::string_view::npos : value.rfind(',', end - 1);
    size_t begin = comma == std::string_view::npos ? 0 : comma + 1;
    std::string_view e = Trim(value.substr(begin, end - begin));
    if (!e.empty()) {
      auto a = ParseElement(e);
      if (!a) {
        out.kind = ForwardedClient::Kind::kMalformed;
        return out;
      }
      out.kind = ForwardedClient::Kind::kClient;
      out.client = *a;  // the leftmost so far, if every one is trusted
      if (!AnyContains(trusted, *a)) return out;
    }
    if (comma == std::string_view::npos) return out;
    end = comma;
  }
}

}  // namespace followup::http
