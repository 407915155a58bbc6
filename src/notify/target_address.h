// Which addresses a webhook may be delivered to (no server-side request
// forgery): an endpoint must be reachable on the public internet, so every
// address that is not globally routable is refused unless an operator
// allow-lists its network:
//   IPv4: 0.0.0.0/8 (this network), 10/8, 172.16/12, 192.168/16 (private),
//     100.64/10 (shared, carrier-grade NAT), 127/8 (loopback), 169.254/16
//     (link-local, cloud metadata services), 192.0.0.0/24 (protocol
//     assignments), 192.0.2/24, 198.51.100/24, 203.0.113/24 (documentation),
//     198.18/15 (benchmarking), 224/4 (multicast), 240/4 and
//     255.255.255.255 (reserved, broadcast);
//   IPv6: :: and ::1, ::/96 (IPv4-compatible), fc00::/7 (unique local),
//     fe80::/10 (link-local), fec0::/10 (site-local), ff00::/8 (multicast),
//     2001:db8::/32 (documentation), 100::/64 (discard); and an IPv4 address
//     carried in IPv6 is judged as that IPv4 address: IPv4-mapped
//     ::ffff:0:0/96 (IpAddress makes it IPv4 already), NAT64 64:ff9b::/96 and
//     6to4 2002::/16.
// The check is made on the address actually connected to (after DNS, so a
// name that resolves to a private address later is still refused).
// Thread-safety: pure functions.
#pragma once
#include <vector>

#include "http/client_address.h"

namespace followup::notify {

// Why a may not be a webhook's address ("loopback", "private", ...), or
// null when it is globally routable.
const char* NonPublicReason(const http::IpAddress& a);

// Null when a webhook may be delivered to a: a public address, or one in
// allow (the operator's list); otherwise why not.
const char* TargetAddressRefusal(const http::IpAddress& a, const std::vector<http::IpNetwork>& allow);

}  // namespace followup::notify
