// An Asio address as an IpAddress (client_address.h), for the server's peers
// and the outbound client's connections. Thread-safety: a pure function.
#pragma once
#include <boost/asio/ip/address.hpp>

#include "http/client_address.h"

namespace followup::http {

// An IPv4-mapped IPv6 address becomes the IPv4 address (IpAddress::V6).
inline IpAddress FromAsio(const boost::asio::ip::address& a) {
  if (a.is_v4()) return IpAddress::V4(a.to_v4().to_bytes());
  return IpAddress::V6(a.to_v6().to_bytes());
}

}  // namespace followup::http
