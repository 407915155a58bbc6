// Client keys (IPv4, IPv6 /64, IPv4-mapped), networks, and X-Forwarded-For
// behind trusted proxies.
#include "http/client_address.h"

#include <gtest/gtest.h>

namespace followup::http {
namespace {

IpAddress A(const char* s) {
  auto a = IpAddress::Parse(s);
  EXPECT_TRUE(a) << s;
  return a.value_or(IpAddress{});
}

std::vector<IpNetwork> Nets(const char* s) {
  std::vector<IpNetwork> n;
  EXPECT_TRUE(ParseNetworks(s, &n).ok()) << s;
  return n;
}

std::string Key(const char* s) { return ClientKeyOf(A(s)).ToString(); }

TEST(ClientAddress, ParsesOnlyBareLiterals) {
  EXPECT_TRUE(IpAddress::Parse("192.0.2.1"));
  EXPECT_TRUE(IpAddress::Parse("2001:db8::1"));
  for (const char* bad : {"", " 192.0.2.1", "192.0.2.1 ", "192.0.2", "192.0.2.256", "1.2.3.4.5", "[::1]",
                          "fe80::1%eth0", "example.org", "::1:", "1.2.3.4:80", "unknown"})
    EXPECT_FALSE(IpAddress::Parse(bad)) << bad;
  EXPECT_FALSE(IpAddress::Parse(std::string_view("1.2.3.4\0", 8)));
  EXPECT_FALSE(IpAddress::Parse(std::string(100, '1')));
}

TEST(ClientAddress, Ipv4KeyIsTheAddress) {
  EXPECT_EQ(Key("198.51.100.7"), "198.51.100.7");
  EXPECT_NE(ClientKeyOf(A("198.51.100.7")), ClientKeyOf(A("198.51.100.8")));
}

TEST(ClientAddress, Ipv6KeyIsTheSlash64) {
  EXPECT_EQ(Key("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), "2001:db8:1:2::/64");
  EXPECT_EQ(ClientKeyOf(A("2001:db8:1:2::1")), ClientKeyOf(A("2001:db8:1:2:ffff::9")));
  EXPECT_NE(ClientKeyOf(A("2001:db8:1:2::1")), ClientKeyOf(A("2001:db8:1:3::1")));
  EXPECT_EQ(Key("::1"), "::/64");
}

TEST(ClientAddress, Ipv4MappedIsIpv4) {
  EXPECT_TRUE(A("::ffff:198.51.100.7").v4);
  EXPECT_EQ(ClientKeyOf(A("::ffff:198.51.100.7")), ClientKeyOf(A("198.51.100.7")));
  EXPECT_EQ(A("::ffff:c633:6407").ToString(), "198.51.100.7");
  // A v4 key never equals a v6 key with the same bits.
  EXPECT_NE(ClientKeyOf(A("0.0.0.1")), ClientKeyOf(A("::1")));
}

TEST(ClientAddress, Networks) {
  auto n = Nets("10.0.0.0/8, 192.168.1.7 2001:db8::/32,::ffff:172.16.0.0/108");
  ASSERT_EQ(n.size(), 4u);
  EXPECT_TRUE(AnyContains(n, A("10.255.0.1")));
  EXPECT_FALSE(AnyContains(n, A("11.0.0.1")));
  EXPECT_TRUE(AnyContains(n, A("192.168.1.7")));
  EXPECT_FALSE(AnyContains(n, A("192.168.1.8")));
  EXPECT_TRUE(AnyContains(n, A("2001:db8:ffff::1")));
  EXPECT_FALSE(AnyContains(n, A("2001:db9::1")));
  EXPECT_TRUE(AnyContains(n, A("172.31.255.255")));   // the mapped /108 is 172.16.0.0/12
  EXPECT_TRUE(AnyContains(n, A("::ffff:10.1.2.3")));  // a mapped client is IPv4
  EXPECT_TRUE(Nets("0.0.0.0/0")[0].Contains(A("203.0.113.9")));
  EXPECT_FALSE(Nets("0.0.0.0/0")[0].Contains(A("2001:db8::1")));  // families never mix
  EXPECT_TRUE(Nets("10.1.2.3/9")[0].Contains(A("10.0.0.1")));     // host bits ignored
  EXPECT_TRUE(Nets("").empty());
  std::vector<IpNetwork> out = n;
  for (const char* bad : {"10.0.0.0/33", "2001:db8::/129", "10.0.0.0/", "10.0.0.0/8/8", "10.0.0.0/-1", "ten",
                          "::ffff:10.0.0.0/95", "10.0.0.0/ 8", "10.0.0.0/0008"}) {
    Status s = ParseNetworks(bad, &out);
    EXPECT_FALSE(s.ok()) << bad;
    EXPECT_EQ(out.size(), 4u) << "unchanged on error";
  }
}

const auto kProxies = [] { return Nets("127.0.0.1/32, 10.0.0.0/8, 2001:db8:f::/48"); };

ForwardedClient Xff(const char* v) { return ClientFromForwardedFor(v, kProxies()); }

TEST(ClientAddress, ForwardedForTakesTheRightmostUntrusted) {
  EXPECT_EQ(Xff("198.51.100.7").client.ToString(), "198.51.100.7");
  EXPECT_EQ(Xff("198.51.100.7").kind, ForwardedClient::Kind::kClient);
  // The client forged a left part; our proxies appended the rest.
  EXPECT_EQ(Xff("1.1.1.1, 198.51.100.7, 10.0.0.5").client.ToString(), "198.51.100.7");
  EXPECT_EQ(Xff("1.1.1.1,198.51.100.7,10.0.0.5,127.0.0.1").client.ToString(), "198.51.100.7");
  // A forged trusted address left of the real client does not help the client.
  EXPECT_EQ(Xff("10.9.9.9, 198.51.100.7").client.ToString(), "198.51.100.7");
  // Every element trusted: the leftmost is the client.
  EXPECT_EQ(Xff("10.1.1.1, 10.0.0.5").client.ToString(), "10.1.1.1");
  EXPECT_EQ(Xff("2001:db8:1::5, 2001:db8:f:1::1").client.ToString(), "2001:db8:1::5");
}

TEST(ClientAddress, ForwardedForElementForms) {
  EXPECT_EQ(Xff("198.51.100.7:4711").client.ToString(), "198.51.100.7");
  EXPECT_EQ(Xff("[2001:db8::7]").client.ToString(), "2001:db8::7");
  EXPECT_EQ(Xff("[2001:db8::7]:443").client.ToString(), "2001:db8::7");
  EXPECT_EQ(Xff(" \t198.51.100.7 , ").client.ToString(), "198.51.100.7");
  EXPECT_EQ(Xff("::ffff:198.51.100.7").client.ToString(), "198.51.100.7");
}

TEST(ClientAddress, ForwardedForMalformedOrAbsent) {
  EXPECT_EQ(Xff("").kind, ForwardedClient::Kind::kAbsent);
  EXPECT_EQ(Xff(" , ,").kind, ForwardedClient::Kind::kAbsent);
  for (const char* bad : {"unknown", "198.51.100.7, garbage", "198.51.100.7:http", "[198.51.100.7]",
                          "[2001:db8::7", "2001:db8::7]:80", "198.51.100.7:1:2", "198.51.100.7, 10.0.0.1 x",
                          "198.51.100.7:123456", "_hidden, 10.0.0.5"})
    EXPECT_EQ(Xff(bad).kind, ForwardedClient::Kind::kMalformed) << bad;
  // A malformed element left of the client is never read.
  EXPECT_EQ(Xff("garbage, 198.51.100.7").client.ToString(), "198.51.100.7");
  EXPECT_EQ(Xff("garbage, 198.51.100.7").kind, ForwardedClient::Kind::kClient);
}

}  // namespace
}  // namespace followup::http
