// A Beast server on loopback for the outbound client's tests
// (http_check_test.cpp, http_client_test.cpp): answers by path, records what
// the last request carried. Test-only; runs on the test's io_context.
#pragma once
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace followup::probe::test_support {

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
  std::string last_method, last_user_agent, last_custom, last_body, last_content_type;
  bhttp::request<bhttp::string_body> last_request;
  int requests = 0;  // requests read

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
    last_body = c->req.body();
    last_content_type = std::string(c->req[bhttp::field::content_type]);
    last_request = c->req;
    ++requests;
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
      res.result(404);  // /status/404 among them
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

// Runs ioc (which the server and the client share) until *out is set by the
// callback of the request under test, and returns it.
template <typename T>
T RunUntilSet(asio::io_context& ioc, const std::optional<T>& out) {
  while (!out) {
    ioc.run_one_for(std::chrono::seconds(10));
    if (ioc.stopped()) ioc.restart();
  }
  return *out;
}

}  // namespace followup::probe::test_support
