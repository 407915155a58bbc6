// The HTTP check against an in-process Beast server on loopback: statuses,
// bodies, HEAD, redirects (relative, absolute, too many), an EOF-delimited body,
// a server that never answers, a refused connection.
#include "probe/http_check.h"
#include "probe/http_test_server.h"

#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <optional>

namespace followup::probe {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

using test_support::TestServer;

class HttpCheckTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string err;
    tls_ = MakeClientTlsContext(&err);
    ASSERT_TRUE(tls_) << err;
  }

  CheckResult Run(ProbeTarget t) {
    if (t.service_id.empty()) t.service_id = "svc";
    std::optional<CheckResult> out;
    CheckEnv env;
    env.ioc = &ioc_;
    env.tls = tls_.get();
    env.resolver_pool = &pool_;
    env.user_agent = "followup-probe/test";
    StartHttpCheck(env, std::make_shared<const ProbeTarget>(t), [&](const CheckResult& r) { out = r; });
    return test_support::RunUntilSet(ioc_, out);
  }

  ProbeTarget T(const std::string& path) {
    ProbeTarget t;
    t.url = server_.url(path);
    t.timeout_ms = 3000;
    return t;
  }

  asio::io_context ioc_;
  asio::thread_pool pool_{2};
  TestServer server_{ioc_};
  std::unique_ptr<asio::ssl::context> tls_;
};

TEST_F(HttpCheckTest, HealthyWithHeaders) {
  ProbeTarget t = T("/ok");
  t.headers = {{"X-Probe", "yes"}};
  CheckResult r = Run(t);
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.http_status, 200);
  EXPECT_EQ(r.error, "");
  EXPECT_GT(r.latency_ms, 0);
  EXPECT_LT(r.latency_ms, 3000);
  EXPECT_EQ(server_.last_method, "GET");
  EXPECT_EQ(server_.last_user_agent, "followup-probe/test");
  EXPECT_EQ(server_.last_custom, "yes");
}

TEST_F(HttpCheckTest, StatusNotAccepted) {
  CheckResult r = Run(T("/status/503"));
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.http_status, 503);
  EXPECT_NE(r.error.find("503"), std::string::npos) << r.error;
  ProbeTarget t = T("/status/404");
  t.accept = *AcceptSet::Parse("200-299,404", nullptr);
  r = Run(t);
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.http_status, 404);
}

TEST_F(HttpCheckTest, BodyContains) {
  ProbeTarget t = T("/ok");
  t.body_contains = "hello";
  EXPECT_TRUE(Run(t).ok);
  t.body_contains = "Välkommen";
  CheckResult r = Run(t);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.http_status, 200);
  EXPECT_NE(r.error.find("body does not contain \"Välkommen\""), std::string::npos) << r.error;
}

TEST_F(HttpCheckTest, Head) {
  ProbeTarget t = T("/ok");
  t.method = "HEAD";
  CheckResult r = Run(t);
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_EQ(server_.last_method, "HEAD");
}

TEST_F(HttpCheckTest, EofDelimitedBody) {
  ProbeTarget t = T("/eof");
  t.body_contains = "until eof";
  CheckResult r = Run(t);
  EXPECT_TRUE(r.ok) << r.error;
}

TEST_F(HttpCheckTest, RedirectsRelativeAndAbsolute) {
  CheckResult r = Run(T("/abs"));  // 301 absolute -> 302 relative -> 200
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.http_status, 200);
  ProbeTarget t = T("/chain/5");  // exactly 5 redirects: followed
  t.body_contains = "end of chain";
  r = Run(t);
  EXPECT_TRUE(r.ok) << r.error;
  r = Run(T("/chain/6"));  // the 6th is one too many
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("too many redirects"), std::string::npos) << r.error;
  // A redirect without Location is a final response (3xx is accepted by default).
  r = Run(T("/noloc"));
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.http_status, 302);
}

TEST_F(HttpCheckTest, TimeoutCoversTheWholeCheck) {
  ProbeTarget t = T("/hang");
  t.timeout_ms = 300;
  auto start = std::chrono::steady_clock::now();
  CheckResult r = Run(t);
  double elapsed =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error, "timeout after 0.3 s");
  EXPECT_EQ(r.http_status, 0);
  EXPECT_GE(r.latency_ms, 290);
  EXPECT_LT(elapsed, 2000);
}

TEST_F(HttpCheckTest, ConnectionRefused) {
  // A port that was free a moment ago.
  int port;
  {
    tcp::acceptor a(ioc_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    port = a.local_endpoint().port();
  }
  ProbeTarget t;
  t.url = "http://127.0.0.1:" + std::to_string(port) + "/";
  CheckResult r = Run(t);
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("connect to 127.0.0.1:" + std::to_string(port) + " failed"), std::string::npos)
      << r.error;
}

TEST_F(HttpCheckTest, HostNamesAreResolved) {
  ProbeTarget t;
  t.url = "http://localhost:" + std::to_string(server_.port()) + "/ok";  // ::1 refused, then 127.0.0.1
  CheckResult r = Run(t);
  EXPECT_TRUE(r.ok) << r.error;
  t.url = "http://no-such-host.invalid/";
  r = Run(t);
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("DNS lookup of no-such-host.invalid failed"), std::string::npos) << r.error;
}

TEST_F(HttpCheckTest, TlsToAPlainServerFails) {
  ProbeTarget t;
  t.url = "https://127.0.0.1:" + std::to_string(server_.port()) + "/ok";
  CheckResult r = Run(t);
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("TLS handshake"), std::string::npos) << r.error;
}

}  // namespace
}  // namespace followup::probe
