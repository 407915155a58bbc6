// The HTTP check against an in-process Beast server on loopback: statuses,
// bodies, HEAD, redirects (relative, absolute, too many), an EOF-delimited body,
// a server that never answers, a refused connection.
#include "probe/http_check.h"

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

class TestServer {
 public:
  explicit TestServer(asio::io_context& ioc)
      : ioc_(ioc), acceptor_(ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    port_ = acceptor_.local_endpoint().port();
    Accept();
  }
  int port() const { return port_; }
  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  std::string last_method, last_user_agent, last_custom;

 private:
  struct Conn {
    explicit Conn(tcp::socket s) : socket(std::move(s)) {}
    tcp::socket socket;
    beast::flat_buffer buf;
    bhttp::request<bhttp::string_body> req;
    bhttp::response<bhttp::string_body> res;
  };

  void Accept() {
    acceptor_.async_accept([this](beast::error_code ec, tcp::socket s) {
      if (ec) return;
      auto c = std::make_shared<Conn>(std::move(s));
      bhttp::async_read(c->socket, c->buf, c->req, [this, c](beast::error_code ec, size_t) {
        if (!ec) Handle(c);
      });
      Accept();
    });
  }

  void Handle(const std::shared_ptr<Conn>& c) {
    std::string path(c->req.target());
    last_method = std::string(c->req.method_string());
    last_user_agent = std::string(c->req[bhttp::field::user_agent]);
    last_custom = std::string(c->req["X-Probe"]);
    auto& res = c->res;
    res.version(11);
    res.keep_alive(false);
    res.result(200);
    if (path == "/hang") {
      hung_.push_back(c);  // keep the connection open, never answer
      return;
    }
    if (path == "/eof") {
      // No Content-Length: the body ends when the connection closes.
      std::string raw = "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nbody until eof";
      auto data = std::make_shared<std::string>(raw);
      asio::async_write(c->socket, asio::buffer(*data), [c, data](beast::error_code, size_t) {
        beast::error_code ignored;
        c->socket.shutdown(tcp::socket::shutdown_send, ignored);
      });
      return;
    }
    if (path == "/ok") {
      res.body() = "hello world";
    } else if (path == "/status/503") {
      res.result(503);
      res.body() = "down";
    } else if (path == "/status/404") {
      res.result(404);
    } else if (path == "/rel") {
      res.result(302);
      res.set(bhttp::field::location, "ok");
    } else if (path == "/abs") {
      res.result(301);
      res.set(bhttp::field::location, url("/rel"));
    } else if (path.rfind("/chain/", 0) == 0) {
      int n = std::stoi(path.substr(7));
      if (n == 0) {
        res.body() = "end of chain";
      } else {
        res.result(n % 2 ? 307 : 308);
        res.set(bhttp::field::location, "/chain/" + std::to_string(n - 1));
      }
    } else if (path == "/noloc") {
      res.result(302);
    } else {
      res.result(404);
    }
    res.prepare_payload();
    bhttp::async_write(c->socket, res, [c](beast::error_code, size_t) {
      beast::error_code ignored;
      c->socket.shutdown(tcp::socket::shutdown_send, ignored);
    });
  }

  asio::io_context& ioc_;
  tcp::acceptor acceptor_;
  int port_ = 0;
  std::vector<std::shared_ptr<Conn>> hung_;
};

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
    while (!out) {
      ioc_.run_one_for(std::chrono::seconds(10));
      if (ioc_.stopped()) ioc_.restart();
    }
    return *out;
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
