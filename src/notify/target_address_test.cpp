#include "notify/target_address.h"

#include <gtest/gtest.h>

#include <string>

namespace followup::notify {
namespace {

std::string Why(const char* text, const std::vector<http::IpNetwork>& allow = {}) {
  auto a = http::IpAddress::Parse(text);
  if (!a) return "unparsed";
  const char* r = TargetAddressRefusal(*a, allow);
  return r ? r : "public";
}

TEST(TargetAddress, PublicIpv4IsAllowed) { EXPECT_EQ(Why("93.184.216.34"), "public"); }
TEST(TargetAddress, PublicIpv6IsAllowed) { EXPECT_EQ(Why("2a00:1450:4001:80b::200e"), "public"); }
TEST(TargetAddress, LoopbackIsRefused) { EXPECT_EQ(Why("127.0.0.1"), "loopback"); }
TEST(TargetAddress, AnyLoopbackIsRefused) { EXPECT_EQ(Why("127.255.0.9"), "loopback"); }
TEST(TargetAddress, Ipv6LoopbackIsRefused) { EXPECT_EQ(Why("::1"), "loopback"); }
TEST(TargetAddress, TenIsPrivate) { EXPECT_EQ(Why("10.1.2.3"), "private"); }
TEST(TargetAddress, OneSevenTwoSixteenIsPrivate) { EXPECT_EQ(Why("172.31.255.255"), "private"); }
TEST(TargetAddress, OneSevenTwoThirtyTwoIsPublic) { EXPECT_EQ(Why("172.32.0.1"), "public"); }
TEST(TargetAddress, OneNineTwoOneSixEightIsPrivate) { EXPECT_EQ(Why("192.168.0.1"), "private"); }
TEST(TargetAddress, SharedAddressSpaceIsRefused) {
  EXPECT_EQ(Why("100.127.255.254"), "shared address space (carrier-grade NAT)");
}
TEST(TargetAddress, JustOutsideSharedSpaceIsPublic) { EXPECT_EQ(Why("100.128.0.1"), "public"); }
TEST(TargetAddress, CloudMetadataIsLinkLocal) { EXPECT_EQ(Why("169.254.169.254"), "link-local"); }
TEST(TargetAddress, UnspecifiedIsRefused) { EXPECT_EQ(Why("0.0.0.0"), "unspecified (this network)"); }
TEST(TargetAddress, BroadcastIsRefused) { EXPECT_EQ(Why("255.255.255.255"), "reserved"); }
TEST(TargetAddress, MulticastIsRefused) { EXPECT_EQ(Why("239.1.1.1"), "multicast"); }
TEST(TargetAddress, UniqueLocalIsRefused) { EXPECT_EQ(Why("fd12:3456::1"), "unique local"); }
TEST(TargetAddress, UniqueLocalFcIsRefused) { EXPECT_EQ(Why("fc00::1"), "unique local"); }
TEST(TargetAddress, Ipv6LinkLocalIsRefused) { EXPECT_EQ(Why("fe80::1"), "link-local"); }
TEST(TargetAddress, Ipv4MappedLoopbackIsLoopback) { EXPECT_EQ(Why("::ffff:127.0.0.1"), "loopback"); }
TEST(TargetAddress, Ipv4MappedPrivateIsPrivate) { EXPECT_EQ(Why("::ffff:10.0.0.1"), "private"); }
TEST(TargetAddress, Ipv4MappedPublicIsPublic) { EXPECT_EQ(Why("::ffff:93.184.216.34"), "public"); }
TEST(TargetAddress, Nat64OfLoopbackIsLoopback) { EXPECT_EQ(Why("64:ff9b::7f00:1"), "loopback"); }
TEST(TargetAddress, Nat64OfPublicIsPublic) { EXPECT_EQ(Why("64:ff9b::5db8:d822"), "public"); }
TEST(TargetAddress, SixToFourOfPrivateIsPrivate) { EXPECT_EQ(Why("2002:c0a8:0101::1"), "private"); }
TEST(TargetAddress, Ipv4CompatibleIsRefused) { EXPECT_EQ(Why("::1.2.3.4"), "reserved (IPv4-compatible)"); }
TEST(TargetAddress, DocumentationIsRefused) { EXPECT_EQ(Why("2001:db8::1"), "documentation"); }

TEST(TargetAddress, AllowListedLoopbackIsAllowed) {
  EXPECT_EQ(Why("127.0.0.1", {*http::IpNetwork::Parse("127.0.0.0/8")}), "public");
}
TEST(TargetAddress, AllowListCoversOnlyItsNetwork) {
  EXPECT_EQ(Why("10.0.0.1", {*http::IpNetwork::Parse("127.0.0.0/8")}), "private");
}

}  // namespace
}  // namespace followup::notify
