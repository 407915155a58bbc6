// Who a connection belongs to, for the per-client connection limit:
//   - IpAddress: an IPv4 or IPv6 address; an IPv4-mapped IPv6 address
//     (::ffff:a.b.c.d, what a dual-stack listener sees) is the IPv4 address.
//   - IpNetwork: a CIDR block ("10.0.0.0/8", "2001:db8::/32"; a bare address
//     is a /32 or /128). The trusted_proxies setting is a list of them.
//   - ClientKey: what connections are counted by. An IPv4 address is one
//     client; an IPv6 client is its /64 prefix (one subscriber or host usually
//     holds a whole /64, so counting single IPv6 addresses would let one
//     client open a connection from each of 2^64 addresses).
//   - ClientFromForwardedFor: the client a trusted proxy names in
//     X-Forwarded-For: the rightmost address that is not itself a trusted
//     proxy (each proxy appends the address it saw; only what our trusted
//     proxies appended can be believed, everything left of the first
//     untrusted address may be forged by the client).
// Thread-safety: pure functions and value types.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace followup::http {

struct IpAddress {
  bool v4 = true;
  // v4: the 4 bytes in network order in b[0..3], the rest zero; v6: 16 bytes.
  std::array<uint8_t, 16> b{};

  // A bare address literal ("192.0.2.1", "2001:db8::1", "::ffff:192.0.2.1");
  // nothing else (no brackets, port, zone or surrounding space).
  static std::optional<IpAddress> Parse(std::string_view text);
  static IpAddress V4(const std::array<uint8_t, 4>& bytes);
  // From 16 bytes; an IPv4-mapped address becomes IPv4.
  static IpAddress V6(const std::array<uint8_t, 16>& bytes);
  std::string ToString() const;
  bool operator==(const IpAddress&) const = default;
};

struct IpNetwork {
  IpAddress base;
  int prefix = 32;  // bits of base that must match: 0..32 (IPv4) or 0..128 (IPv6)

  // "ADDR" or "ADDR/PREFIX". An IPv4-mapped IPv6 network of prefix >= 96 is
  // the IPv4 network. Bits of ADDR beyond the prefix are ignored.
  static std::optional<IpNetwork> Parse(std::string_view text);
  // Same family and the first `prefix` bits equal.
  bool Contains(const IpAddress& a) const;
};

// A list of networks separated by commas and/or white space; empty text is
// an empty list. On error *out is unchanged and the message names the entry.
Status ParseNetworks(std::string_view text, std::vector<IpNetwork>* out);
bool AnyContains(const std::vector<IpNetwork>& networks, const IpAddress& a);

struct ClientKey {
  bool v6 = false;
  uint64_t bits = 0;  // IPv4: the address; IPv6: the first 64 bits
  bool operator==(const ClientKey&) const = default;
  // "192.0.2.1" or "2001:db8:1:2::/64" (for logs and tests).
  std::string ToString() const;
};
ClientKey ClientKeyOf(const IpAddress& a);
struct ClientKeyHash {
  size_t operator()(const ClientKey& k) const noexcept {
    uint64_t x = k.bits * 0x9E3779B97F4A7C15ULL + (k.v6 ? 1 : 0);
    return size_t(x ^ (x >> 29));
  }
};

struct ForwardedClient {
  enum class Kind {
    kAbsent,     // no address in the header (absent or only empty list elements)
    kClient,     // `client` is the client
    kMalformed,  // an element that had to be read is not an address
  };
  Kind kind = Kind::kAbsent;
  IpAddress client;
};
// value: the X-Forwarded-For field value (several header lines joined with
// ","). Elements are read from the right; an element is an IPv4 address
// (optionally ":port"), an IPv6 address, or "[IPv6]" (optionally ":port").
// The first one not in `trusted` is the client; when every element is
// trusted, the leftmost is. A malformed element is only an error when it is
// reached, i.e. when everything right of it was a trusted proxy.
ForwardedClient ClientFromForwardedFor(std::string_view value, const std::vector<IpNetwork>& trusted);

}  // namespace followup::http
