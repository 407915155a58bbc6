// The outbound client against the loopback server of http_test_server.h:
// what the probe checks do not use (a POST body, the address filter, a
// redirect taken as the answer).
#include "probe/http_client.h"

#include <gtest/gtest.h>

#include <boost/asio.hpp>

#include <optional>

#include "probe/http_test_server.h"

namespace followup::probe {
namespace {

namespace asio = boost::asio;

class HttpClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string err;
    tls_ = MakeClientTlsContext(&err);
    ASSERT_TRUE(tls_) << err;
  }

  OutboundResponse Run(OutboundRequest req) {
    std::optional<OutboundResponse> out;
    ClientEnv env;
    env.ioc = &ioc_;
    env.tls = tls_.get();
    env.resolver_pool = &pool_;
    env.user_agent = "followup-test/1";
    StartRequest(env, std::make_shared<const OutboundRequest>(std::move(req)),
                 [&](const OutboundResponse& r) { out = r; });
    return test_support::RunUntilSet(ioc_, out);
  }

  OutboundRequest Post(const std::string& path) {
    OutboundRequest r;
    r.method = "POST";
    r.url = server_.url(path);
    r.headers = {{"Content-Type", "application/json"}};
    r.body = "{\"a\":1}";
    r.timeout_ms = 3000;
    return r;
  }

  asio::io_context ioc_;
  asio::thread_pool pool_{2};
  test_support::TestServer server_{ioc_};
  std::unique_ptr<asio::ssl::context> tls_;
};

TEST_F(HttpClientTest, PostCarriesItsBody) {
  OutboundResponse r = Run(Post("/ok"));
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(server_.last_method, "POST");
  EXPECT_EQ(server_.last_body, "{\"a\":1}");
  EXPECT_EQ(server_.last_content_type, "application/json");
}

TEST_F(HttpClientTest, ResponseHasStatusBodyAndAddress) {
  OutboundResponse r = Run(Post("/status/503"));
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.body, "down");
  EXPECT_EQ(r.address, "127.0.0.1");
}

TEST_F(HttpClientTest, RefusedAddressIsNeverConnectedTo) {
  OutboundRequest req = Post("/ok");
  req.admit_address = [](const asio::ip::address& a) -> const char* {
    return a.is_loopback() ? "loopback" : nullptr;
  };
  OutboundResponse r = Run(req);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error, "refused: 127.0.0.1 is loopback");
  EXPECT_EQ(server_.requests, 0);
  EXPECT_EQ(r.address, "");
}

TEST_F(HttpClientTest, AdmittedAddressIsConnectedTo) {
  OutboundRequest req = Post("/ok");
  req.admit_address = [](const asio::ip::address&) -> const char* { return nullptr; };
  OutboundResponse r = Run(req);
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_EQ(server_.requests, 1);
}

TEST_F(HttpClientTest, WithoutRedirectsARedirectIsTheAnswer) {
  OutboundRequest req = Post("/rel");
  req.max_redirects = 0;
  OutboundResponse r = Run(req);
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.status, 302);
  EXPECT_EQ(server_.requests, 1);
}

TEST_F(HttpClientTest, RedirectRepeatsThePost) {
  OutboundResponse r = Run(Post("/rel"));
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(server_.requests, 2);
  EXPECT_EQ(server_.last_method, "POST");
  EXPECT_EQ(server_.last_body, "{\"a\":1}");
}

}  // namespace
}  // namespace followup::probe
