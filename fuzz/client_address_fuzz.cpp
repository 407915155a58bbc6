// libFuzzer target: the client-address parsers (http/client_address.h) on
// untrusted text. The input is "<trusted_proxies>\n<X-Forwarded-For value>".
// Must never crash, and what they return must be consistent: a parsed
// address prints as text that parses back to it, a network contains its own
// base, and a forwarded client that is itself trusted stays the answer when
// one more trusted proxy is appended.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "http/client_address.h"

using namespace followup::http;

namespace {
void Check(bool ok) {
  if (!ok) std::abort();
}

void RoundTrip(const IpAddress& a) {
  auto again = IpAddress::Parse(a.ToString());
  Check(again && *again == a);
  ClientKey k = ClientKeyOf(a);
  Check(k.v6 == !a.v4);
  (void)k.ToString();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  size_t nl = in.find('\n');
  std::string_view nets_text = in.substr(0, nl);
  std::string_view xff = nl == std::string_view::npos ? in : in.substr(nl + 1);

  if (auto a = IpAddress::Parse(nets_text)) RoundTrip(*a);
  std::vector<IpNetwork> trusted;
  if (ParseNetworks(nets_text, &trusted).ok()) {
    for (const auto& n : trusted) {
      Check(n.prefix >= 0 && n.prefix <= (n.base.v4 ? 32 : 128));
      Check(n.Contains(n.base));
      RoundTrip(n.base);
    }
  } else {
    Check(trusted.empty());
  }
  ForwardedClient fc = ClientFromForwardedFor(xff, trusted);
  if (fc.kind == ForwardedClient::Kind::kClient) {
    RoundTrip(fc.client);
    // A trusted client means every element was trusted, so the same header
    // with a trusted address appended names the same client.
    if (AnyContains(trusted, fc.client)) {
      std::string more(xff);
      more += "," + fc.client.ToString();
      ForwardedClient again = ClientFromForwardedFor(more, trusted);
      Check(again.kind == ForwardedClient::Kind::kClient && again.client == fc.client);
    }
  }
  return 0;
}
