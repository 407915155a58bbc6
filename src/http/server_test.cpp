// The server against real sockets on loopback: limits, deadlines, pipelining,
// header checks, per-client connection limits and error handling.
#include "http/server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <memory>
#include <thread>
#include <vector>

namespace followup::http {
namespace {

// A blocking loopback client for raw HTTP exchanges.
class Conn {
 public:
  explicit Conn(int port, const char* from = "127.0.0.1") {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in local{};
    local.sin_family = AF_INET;
    ::inet_pton(AF_INET, from, &local.sin_addr);
    if (std::string(from) != "127.0.0.1") ::bind(fd_, reinterpret_cast<sockaddr*>(&local), sizeof local);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(uint16_t(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    SetTimeout(5);
  }
  ~Conn() { ::close(fd_); }
  bool connected() const { return connected_; }
  void SetTimeout(int seconds) {
    timeval tv{seconds, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  void Send(const std::string& bytes) { ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL); }
  // Reads until `responses` complete responses arrived (each ends with its
  // Content-Length body, or at the blank line for 204/304), the server closes
  // or the receive timeout passes.
  std::string ReadResponses(int responses) {
    std::string out;
    char buf[4096];
    while (Complete(out) < responses) {
      ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) break;
      out.append(buf, size_t(n));
    }
    return out;
  }
  // Everything until the server closes (or the timeout).
  std::string ReadAll() {
    std::string out;
    char buf[4096];
    ssize_t n;
    while ((n = ::recv(fd_, buf, sizeof buf, 0)) > 0) out.append(buf, size_t(n));
    closed_ = n == 0 || (n < 0 && errno == ECONNRESET);
    return out;
  }
  // Whether the last ReadAll ended because the server closed (not a timeout).
  bool closed() const { return closed_; }

  static int Complete(const std::string& s) {
    int count = 0;
    size_t at = 0;
    while (true) {
      size_t end = s.find("\r\n\r\n", at);
      if (end == std::string::npos) return count;
      std::string head = s.substr(at, end - at);
      size_t len = 0;
      auto cl = head.find("Content-Length: ");
      if (cl != std::string::npos) len = std::stoul(head.substr(cl + 16));
      if (s.size() < end + 4 + len) return count;
      at = end + 4 + len;
      ++count;
    }
  }

 private:
  int fd_;
  bool connected_ = false;
  bool closed_ = false;
};

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.Add({"GET"}, "/ok", "ok", [](const Request&, const Params&) { return Text(200, "fine"); });
    router_.Add({"GET"}, "/two", "two", [](const Request&, const Params&) { return Text(200, "second"); });
    router_.Add({"POST"}, "/echo", "echo", [](const Request& r, const Params&) { return Text(200, r.body); });
    router_.Add({"GET"}, "/boom", "boom", [](const Request&, const Params&) -> Response {
      throw std::runtime_error("secret internal detail");
    });
    router_.Add({"GET"}, "/cached", "cached", [](const Request& r, const Params&) {
      Response resp = Text(200, "cached body");
      resp.set("ETag", "\"e1\"");
      if (r.header("if-none-match") == "\"e1\"") {
        resp.status = 304;
        resp.body.clear();
      }
      return resp;
    });
    router_.Add(
        {"GET"}, "/public", "public", [](const Request&, const Params&) { return Text(200, "{}"); },
        Cors::kPublic);
    router_.Add({"POST"}, "/admin", "admin", [](const Request&, const Params&) { return Text(202, "{}"); });
    router_.Add({"GET"}, "/auth", "auth", [](const Request& r, const Params&) {
      return Text(200, "auth=" + r.header("authorization"));
    });
    router_.Add({"GET"}, "/shared", "shared", [](const Request&, const Params&) {
      static const auto bytes = std::make_shared<const std::string>(std::string(20000, 'x') + "end");
      Response resp;
      resp.shared_body = bytes;
      return resp;
    });
    router_.Add({"GET"}, "/client", "client", [](const Request& r, const Params&) {
      return Text(200, "client=" + (r.client ? r.client->ToString() : std::string("none")));
    });
    ServerOptions o;
    o.listen = "127.0.0.1:0";
    o.threads = 1;
    o.request_timeout_s = 1;
    o.idle_timeout_s = 1;
    Restart(o);
  }
  void TearDown() override { server_->Stop(); }
  void Restart(ServerOptions o) {
    if (server_) server_->Stop();
    server_ = std::make_unique<Server>(o, &router_);
    server_->set_refusal_observer([this](Refusal r) { ++refused_[int(r)]; });
    ASSERT_TRUE(server_->Start().ok());
  }

  // Sends raw bytes, returns everything the server answers until it closes.
  std::string Exchange(const std::string& request) {
    Conn c(server_->port());
    if (!c.connected()) return "connect failed";
    c.Send(request);
    return c.ReadAll();
  }

  Router router_;
  std::unique_ptr<Server> server_;
  std::atomic<int> refused_[2] = {0, 0};
};

bool StartsWith(const std::string& s, const std::string& p) { return s.rfind(p, 0) == 0; }

TEST_F(ServerTest, Answers) {
  std::string r = Exchange("GET /ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_TRUE(StartsWith(r, "HTTP/1.1 200")) << r;
}

TEST_F(ServerTest, HeadersOverEightKibAre431) {
  std::string big(9000, 'a');
  std::string r = Exchange("GET /ok HTTP/1.1\r\nHost: x\r\nX-Big: " + big + "\r\n\r\n");
  EXPECT_TRUE(StartsWith(r, "HTTP/1.1 431")) << r.substr(0, 40);
}

TEST_F(ServerTest, BodyOverSixtyFourKibIs413) {
  std::string body(70 * 1024, 'b');
  std::string r = Exchange(
      "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
  EXPECT_TRUE(StartsWith(r, "HTTP/1.1 413")) << r.substr(0, 40);
}

TEST_F(ServerTest, HandlerExceptionIs500WithoutDetail) {
  std::string r = Exchange("GET /boom HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_TRUE(StartsWith(r, "HTTP/1.1 500")) << r;
  EXPECT_EQ(r.find("secret"), std::string::npos);
}

TEST_F(ServerTest, GarbageIsRejectedOrClosed) {
  std::string r = Exchange("\x01\x02 nonsense\r\n\r\n");
  EXPECT_TRUE(r.empty() || StartsWith(r, "HTTP/1.1 400")) << r;
}

TEST_F(ServerTest, SlowClientIsCutOffWhileOthersAreServed) {
  // A client that sends half a request line and then nothing.
  Conn slow(server_->port());
  ASSERT_TRUE(slow.connected());
  slow.Send("GET /ok HT");
  // Another client is served meanwhile.
  EXPECT_TRUE(
      StartsWith(Exchange("GET /ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), "HTTP/1.1 200"));
  // The slow one is closed by the server's deadline (recv returns 0 or an error, not a hang).
  slow.ReadAll();
  EXPECT_TRUE(slow.closed());
}

std::string Lower(std::string s) {
  for (auto& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

TEST_F(ServerTest, PipelinedRequestsGetEveryResponseInOrder) {
  Conn c(server_->port());
  c.Send(
      "GET /ok HTTP/1.1\r\nHost: x\r\n\r\nGET /two HTTP/1.1\r\nHost: x\r\n\r\n"
      "GET /ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  std::string r = c.ReadAll();
  EXPECT_TRUE(c.closed());
  ASSERT_EQ(Conn::Complete(r), 3) << r;
  size_t first = r.find("fine"), second = r.find("second"), third = r.find("fine", first + 1);
  EXPECT_TRUE(first < second && second < third && third != std::string::npos) << r;
}

TEST_F(ServerTest, RequestSplitAcrossWritesWorks) {
  Conn c(server_->port());
  c.Send("GET /ok HTTP/1.1\r\nHo");
  c.Send("st: x\r\n");
  c.Send("\r\nGET /two HT");  // the first request ends, the second begins
  EXPECT_EQ(Conn::Complete(c.ReadResponses(1)), 1);
  c.Send("TP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  std::string r = c.ReadAll();
  EXPECT_TRUE(StartsWith(r, "HTTP/1.1 200")) << r;
  EXPECT_NE(r.find("second"), std::string::npos) << r;
  // A body in pieces too.
  Conn b(server_->port());
  b.Send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\nConnection: close\r\n\r\nhello");
  b.Send(" body");
  EXPECT_NE(b.ReadAll().find("hello body"), std::string::npos);
}

TEST_F(ServerTest, NotModifiedHasNoContentLength) {
  Conn c(server_->port());
  c.Send(
      "GET /cached HTTP/1.1\r\nHost: x\r\nIf-None-Match: \"e1\"\r\n\r\n"
      "GET /ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  std::string r = c.ReadAll();
  ASSERT_TRUE(StartsWith(r, "HTTP/1.1 304")) << r;
  std::string head = Lower(r.substr(0, r.find("\r\n\r\n")));
  EXPECT_EQ(head.find("content-length"), std::string::npos) << head;
  EXPECT_NE(head.find("etag: \"e1\""), std::string::npos) << head;
  // The connection is still in step: the next answer follows right after.
  EXPECT_EQ(r.find("HTTP/1.1 200", 12), r.find("\r\n\r\n") + 4) << r;
}

TEST_F(ServerTest, ASharedBodyIsWrittenWholeAndHeadGetsOnlyItsLength) {
  Conn c(server_->port());
  c.Send(
      "GET /shared HTTP/1.1\r\nHost: x\r\n\r\n"
      "HEAD /shared HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  std::string r = c.ReadAll();
  ASSERT_TRUE(StartsWith(r, "HTTP/1.1 200 OK\r\n")) << r.substr(0, 200);
  size_t body_at = r.find("\r\n\r\n") + 4;
  EXPECT_NE(r.substr(0, body_at).find("Content-Length: 20003\r\n"), std::string::npos);
  EXPECT_EQ(r.substr(body_at, 20003), std::string(20000, 'x') + "end");
  std::string head = r.substr(body_at + 20003);
  ASSERT_TRUE(StartsWith(head, "HTTP/1.1 200 OK\r\n")) << head;
  EXPECT_NE(head.find("Content-Length: 20003\r\n"), std::string::npos) << head;
  EXPECT_NE(head.find("Connection: close\r\n"), std::string::npos) << head;
  EXPECT_EQ(head.size(), head.find("\r\n\r\n") + 4) << head;  // no bytes after the head
}

TEST_F(ServerTest, CorsPreflightOnPublicRouteOnly) {
  std::string r = Exchange(
      "OPTIONS /public HTTP/1.1\r\nHost: x\r\nOrigin: https://example.org\r\n"
      "Access-Control-Request-Method: GET\r\nAccess-Control-Request-Headers: if-none-match\r\n"
      "Connection: close\r\n\r\n");
  ASSERT_TRUE(StartsWith(r, "HTTP/1.1 204")) << r;
  std::string head = Lower(r);
  EXPECT_NE(head.find("access-control-allow-origin: *\r\n"), std::string::npos) << r;
  EXPECT_NE(head.find("access-control-allow-methods: get, head, options\r\n"), std::string::npos) << r;
  EXPECT_NE(head.find("access-control-allow-headers: if-none-match\r\n"), std::string::npos) << r;
  EXPECT_NE(head.find("access-control-max-age: "), std::string::npos) << r;
  EXPECT_EQ(head.find("content-length"), std::string::npos) << r;
  std::string admin = Exchange(
      "OPTIONS /admin HTTP/1.1\r\nHost: x\r\nOrigin: https://example.org\r\n"
      "Access-Control-Request-Method: POST\r\nConnection: close\r\n\r\n");
  EXPECT_TRUE(StartsWith(admin, "HTTP/1.1 405")) << admin;
  EXPECT_EQ(Lower(admin).find("access-control-"), std::string::npos) << admin;
}

TEST_F(ServerTest, TwoAuthorizationHeadersAre400) {
  std::string r = Exchange(
      "GET /auth HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer a\r\n"
      "Authorization: Bearer b\r\nConnection: close\r\n\r\n");
  EXPECT_TRUE(StartsWith(r, "HTTP/1.1 400")) << r;
  EXPECT_EQ(r.find("auth="), std::string::npos) << "reached the handler: " << r;
  std::string one =
      Exchange("GET /auth HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer a\r\nConnection: close\r\n\r\n");
  EXPECT_NE(one.find("auth=Bearer a"), std::string::npos) << one;
}

TEST_F(ServerTest, HostIsRequiredInHttp11AndUnique) {
  EXPECT_TRUE(StartsWith(Exchange("GET /ok HTTP/1.1\r\nConnection: close\r\n\r\n"), "HTTP/1.1 400"));
  EXPECT_TRUE(StartsWith(Exchange("GET /ok HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n"),
                         "HTTP/1.1 400"));
  EXPECT_TRUE(StartsWith(Exchange("GET /ok HTTP/1.0\r\n\r\n"), "HTTP/1.1 200"));  // HTTP/1.0 has no Host
}

// A server with a long idle timeout and a short request deadline.
class ServerDeadlineTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    ServerOptions o;
    o.listen = "127.0.0.1:0";
    o.threads = 1;
    o.request_timeout_s = 1;
    o.idle_timeout_s = 30;
    Restart(o);
  }
};

TEST_F(ServerDeadlineTest, SlowHeadersAreCutAtTheRequestDeadline) {
  Conn c(server_->port());
  auto start = std::chrono::steady_clock::now();
  c.Send("GET /ok HTTP/1.1\r\nHost: x\r\n");  // and never the blank line
  c.SetTimeout(10);
  c.ReadAll();
  double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_TRUE(c.closed()) << "not closed after " << took << " s";
  EXPECT_LT(took, 5.0);  // the request deadline (1 s), not the idle timeout (30 s)
  EXPECT_GT(took, 0.5);
}

TEST_F(ServerDeadlineTest, HeaderThenSlowBodyShareOneDeadline) {
  Conn c(server_->port());
  auto start = std::chrono::steady_clock::now();
  c.Send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");
  c.SetTimeout(10);
  std::string r = c.ReadAll();
  double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_TRUE(c.closed());
  EXPECT_LT(took, 5.0);
  EXPECT_EQ(r.find("abc"), std::string::npos) << r;
}

// Per-client limit of 3 connections.
class ServerClientLimitTest : public ServerTest {
 protected:
  void Start(std::vector<IpNetwork> trusted) {
    ServerOptions o;
    o.listen = "127.0.0.1:0";
    o.threads = 2;
    o.request_timeout_s = 5;
    o.idle_timeout_s = 30;
    o.max_connections_per_client = 3;
    o.trusted_proxies = std::move(trusted);
    Restart(o);
  }
  static std::string Get(const std::string& path, const std::string& more = "") {
    return "GET " + path + " HTTP/1.1\r\nHost: x\r\n" + more + "\r\n";
  }
  // Waits (bounded) until a fresh connection from `from` is served.
  bool ServedSoon(const char* from, double seconds = 5) {
    auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (std::chrono::steady_clock::now() < until) {
      Conn c(server_->port(), from);
      c.Send(Get("/ok", "Connection: close\r\n"));
      if (StartsWith(c.ReadAll(), "HTTP/1.1 200")) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  }
};

TEST_F(ServerClientLimitTest, OneAddressCannotTakeEveryConnection) {
  Start({});
  std::vector<std::unique_ptr<Conn>> held;
  for (int i = 0; i < 3; ++i) {
    held.push_back(std::make_unique<Conn>(server_->port()));
    held.back()->Send(Get("/ok"));
    ASSERT_EQ(Conn::Complete(held.back()->ReadResponses(1)), 1) << i;  // served, then kept open
  }
  // The fourth from the same address is closed at once, before anything is read.
  Conn fourth(server_->port());
  fourth.Send(Get("/ok"));
  EXPECT_EQ(fourth.ReadAll(), "");
  EXPECT_TRUE(fourth.closed());
  EXPECT_GE(refused_[int(Refusal::kClientLimit)].load(), 1);
  // Another address is served meanwhile.
  EXPECT_TRUE(ServedSoon("127.0.0.2", 1));
  // When one of the three goes, the address may open another.
  held.pop_back();
  EXPECT_TRUE(ServedSoon("127.0.0.1"));
}

TEST_F(ServerClientLimitTest, TrustedProxyConnectionsCountForTheForwardedClient) {
  std::vector<IpNetwork> trusted;
  ASSERT_TRUE(ParseNetworks("127.0.0.1/32", &trusted).ok());
  Start(trusted);
  std::vector<std::unique_ptr<Conn>> held;
  int ok = 0, limited = 0;
  for (int i = 0; i < 6; ++i) {
    held.push_back(std::make_unique<Conn>(server_->port()));
    held.back()->Send(Get("/ok", "X-Forwarded-For: 203.0.113.1, 198.51.100.7\r\n"));
    std::string r = held.back()->ReadResponses(1);
    if (StartsWith(r, "HTTP/1.1 200")) ++ok;
    if (StartsWith(r, "HTTP/1.1 429")) {
      ++limited;
      EXPECT_NE(Lower(r).find("connection: close"), std::string::npos) << r;
      held.back()->ReadAll();
      EXPECT_TRUE(held.back()->closed());
    }
  }
  EXPECT_EQ(ok, 3);
  EXPECT_EQ(limited, 3);
  EXPECT_EQ(refused_[int(Refusal::kClientLimit)].load(), 3);
  // Another forwarded client, and the proxy's own requests, from the same
  // proxy address (which then holds more than 3 connections).
  Conn other(server_->port());
  other.Send(Get("/ok", "X-Forwarded-For: 198.51.100.8\r\n"));
  EXPECT_TRUE(StartsWith(other.ReadResponses(1), "HTTP/1.1 200"));
  Conn own(server_->port());
  own.Send(Get("/ok"));
  EXPECT_TRUE(StartsWith(own.ReadResponses(1), "HTTP/1.1 200"));
  // One proxy connection reused for another client moves its count.
  other.Send(Get("/ok", "X-Forwarded-For: 198.51.100.9\r\n"));
  EXPECT_TRUE(StartsWith(other.ReadResponses(1), "HTTP/1.1 200"));
  // A malformed header is refused rather than guessed at.
  Conn bad(server_->port());
  bad.Send(Get("/ok", "X-Forwarded-For: 198.51.100.7, not-an-address\r\nConnection: close\r\n"));
  EXPECT_TRUE(StartsWith(bad.ReadAll(), "HTTP/1.1 400"));
  // The forwarded client's connections are given back when they close.
  held.clear();
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  bool served = false;
  while (!served && std::chrono::steady_clock::now() < until) {
    Conn again(server_->port());
    again.Send(Get("/ok", "X-Forwarded-For: 198.51.100.7\r\nConnection: close\r\n"));
    served = StartsWith(again.ReadAll(), "HTTP/1.1 200");
    if (!served) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_TRUE(served);
}

// The request knows its client (the admin API's throttle counts by it): the
// peer, or the client a trusted proxy names; a proxy's own request is the proxy's.
TEST_F(ServerClientLimitTest, TheRequestKnowsItsClient) {
  Start({*IpNetwork::Parse("127.0.0.1")});
  auto ask = [this](const char* from, const std::string& more) {
    Conn c(server_->port(), from);
    c.Send(Get("/client", more + "Connection: close\r\n"));
    std::string r = c.ReadAll();
    return r.substr(r.find("\r\n\r\n") + 4);
  };
  EXPECT_EQ(ask("127.0.0.1", "X-Forwarded-For: 198.51.100.7\r\n"), "client=198.51.100.7");
  EXPECT_EQ(ask("127.0.0.1", ""), "client=127.0.0.1");
  EXPECT_EQ(ask("127.0.0.2", "X-Forwarded-For: 198.51.100.7\r\n"), "client=127.0.0.2");
}

TEST_F(ServerClientLimitTest, UntrustedPeerCannotForgeForwardedFor) {
  Start({});  // 127.0.0.1 is not a trusted proxy here
  std::vector<std::unique_ptr<Conn>> held;
  for (int i = 0; i < 3; ++i) {
    held.push_back(std::make_unique<Conn>(server_->port()));
    held.back()->Send(Get("/ok", "X-Forwarded-For: 198.51.100." + std::to_string(i) + "\r\n"));
    ASSERT_EQ(Conn::Complete(held.back()->ReadResponses(1)), 1);
  }
  Conn fourth(server_->port());
  fourth.Send(Get("/ok", "X-Forwarded-For: 198.51.100.99\r\n"));
  EXPECT_EQ(fourth.ReadAll(), "");
}

}  // namespace
}  // namespace followup::http
