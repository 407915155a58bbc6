#include "notify/target_address.h"

#include <array>
#include <optional>
#include <string_view>

namespace followup::notify {
namespace {

using http::IpAddress;
using http::IpNetwork;

struct Range {
  const char* cidr;
  const char* reason;
};

// Tried in order; the first that contains the address gives the reason.
constexpr std::array<Range, 23> kRanges = {{
    {"0.0.0.0/8", "unspecified (this network)"},
    {"10.0.0.0/8", "private"},
    {"100.64.0.0/10", "shared address space (carrier-grade NAT)"},
    {"127.0.0.0/8", "loopback"},
    {"169.254.0.0/16", "link-local"},
    {"172.16.0.0/12", "private"},
    {"192.0.0.0/24", "reserved (IETF protocol assignments)"},
    {"192.0.2.0/24", "documentation"},
    {"192.168.0.0/16", "private"},
    {"198.18.0.0/15", "reserved (benchmarking)"},
    {"198.51.100.0/24", "documentation"},
    {"203.0.113.0/24", "documentation"},
    {"224.0.0.0/4", "multicast"},
    {"240.0.0.0/4", "reserved"},  // 255.255.255.255, the broadcast address, is in it
    {"::/128", "unspecified"},
    {"::1/128", "loopback"},
    {"::/96", "reserved (IPv4-compatible)"},
    {"100::/64", "reserved (discard)"},
    {"2001:db8::/32", "documentation"},
    {"fc00::/7", "unique local"},
    {"fe80::/10", "link-local"},
    {"fec0::/10", "site-local"},
    {"ff00::/8", "multicast"},
}};

const std::vector<IpNetwork>& Networks() {
  static const std::vector<IpNetwork> networks = [] {
    std::vector<IpNetwork> out;
    out.reserve(kRanges.size());
    for (const auto& r : kRanges) out.push_back(*IpNetwork::Parse(r.cidr));
    return out;
  }();
  return networks;
}

// The IPv4 address a NAT64 (64:ff9b::/96, in its last 32 bits) or 6to4
// (2002::/16, in bits 16-47) address carries: judged as that address.
std::optional<IpAddress> Embedded(const IpAddress& a) {
  if (a.v4) return std::nullopt;
  static const IpNetwork nat64 = *IpNetwork::Parse("64:ff9b::/96");
  static const IpNetwork six_to_four = *IpNetwork::Parse("2002::/16");
  if (nat64.Contains(a)) return IpAddress::V4({a.b[12], a.b[13], a.b[14], a.b[15]});
  if (six_to_four.Contains(a)) return IpAddress::V4({a.b[2], a.b[3], a.b[4], a.b[5]});
  return std::nullopt;
}

}  // namespace

const char* NonPublicReason(const IpAddress& a) {
  if (auto v4 = Embedded(a)) return NonPublicReason(*v4);
  const auto& networks = Networks();
  for (size_t i = 0; i < networks.size(); ++i)
    if (networks[i].Contains(a)) return kRanges[i].reason;
  return nullptr;
}

const char* TargetAddressRefusal(const IpAddress& a, const std::vector<IpNetwork>& allow) {
  if (http::AnyContains(allow, a)) return nullptr;
  return NonPublicReason(a);
}

}  // namespace followup::notify
