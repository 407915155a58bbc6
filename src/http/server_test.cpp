// The server against real sockets on loopback: limits and error handling.
#include "http/server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace followup::http {
namespace {

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.Add({"GET"}, "/ok", "ok", [](const Request&, const Params&) { return Text(200, "fine"); });
    router_.Add({"POST"}, "/echo", "echo", [](const Request& r, const Params&) { return Text(200, r.body); });
    router_.Add({"GET"}, "/boom", "boom", [](const Request&, const Params&) -> Response {
      throw std::runtime_error("secret internal detail");
    });
    ServerOptions o;
    o.listen = "127.0.0.1:0";
    o.threads = 1;
    o.request_timeout_s = 1;
    o.idle_timeout_s = 1;
    server_ = std::make_unique<Server>(o, &router_);
    ASSERT_TRUE(server_->Start().ok());
  }
  void TearDown() override { server_->Stop(); }

  // Sends raw bytes, returns everything the server answers until it closes.
  std::string Exchange(const std::string& request) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(uint16_t(server_->port()));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) return "connect failed";
    timeval tv{5, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
    std::string out;
    char buf[4096];
    ssize_t n;
    while ((n = ::recv(fd, buf, sizeof buf, 0)) > 0) out.append(buf, size_t(n));
    ::close(fd);
    return out;
  }

  Router router_;
  std::unique_ptr<Server> server_;
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
  std::string r = Exchange("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(body.size()) +
                           "\r\n\r\n" + body);
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
  int slow = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(uint16_t(server_->port()));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::connect(slow, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  ::send(slow, "GET /ok HT", 10, MSG_NOSIGNAL);
  // Another client is served meanwhile.
  EXPECT_TRUE(StartsWith(Exchange("GET /ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), "HTTP/1.1 200"));
  // The slow one is closed by the server's deadline (recv returns 0 or an error, not a hang).
  timeval tv{5, 0};
  ::setsockopt(slow, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  char buf[64];
  ssize_t n = ::recv(slow, buf, sizeof buf, 0);
  EXPECT_LE(n, 0);
  ::close(slow);
}

}  // namespace
}  // namespace followup::http
