#include "probe/http_client.h"

#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <netdb.h>
#include <sys/socket.h>

#include <chrono>
#include <cstring>
#include <optional>
#include <vector>

#include "common/parse.h"
#include "probe/probe_config.h"
#include "probe/probe_event.h"
#include "probe/url.h"

namespace followup::probe {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

namespace {

bool IsIpLiteral(const Url& u) {
  if (u.ipv6_literal) return true;
  boost::system::error_code ec;
  asio::ip::make_address_v4(u.host, ec);
  return !ec;
}

std::string SizeText(size_t bytes) {
  if (bytes % (1024 * 1024) == 0) return std::to_string(bytes >> 20) + " MiB";
  return std::to_string(bytes) + " bytes";
}

// Blocking lookup (runs on the resolver pool).
std::vector<tcp::endpoint> Lookup(const std::string& host, const std::string& port, std::string* error) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_protocol = IPPROTO_TCP;
  addrinfo* res = nullptr;
  int rc = ::getaddrinfo(host.c_str(), port.c_str(), &hints, &res);
  std::vector<tcp::endpoint> out;
  if (rc != 0) {
    *error = rc == EAI_SYSTEM ? std::string(std::strerror(errno)) : std::string(::gai_strerror(rc));
    return out;
  }
  for (addrinfo* p = res; p; p = p->ai_next) {
    if (p->ai_addrlen > sizeof(sockaddr_storage)) continue;
    tcp::endpoint ep;
    std::memcpy(ep.data(), p->ai_addr, p->ai_addrlen);
    ep.resize(p->ai_addrlen);
    out.push_back(ep);
  }
  ::freeaddrinfo(res);
  if (out.empty()) *error = "no addresses";
  return out;
}

class Exchange : public std::enable_shared_from_this<Exchange> {
 public:
  Exchange(const ClientEnv& env, std::shared_ptr<const OutboundRequest> request, ResponseDone done)
      : ioc_(*env.ioc),
        tls_ctx_(*env.tls),
        pool_(env.resolver_pool),
        request_(std::move(request)),
        user_agent_(env.user_agent),
        done_cb_(std::move(done)),
        deadline_(ioc_),
        resolver_(ioc_) {}

  void Start() {
    started_ = std::chrono::steady_clock::now();
    deadline_.expires_after(std::chrono::milliseconds(request_->timeout_ms));
    deadline_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (!ec) self->OnDeadline();
    });
    std::string err;
    auto u = ParseUrl(request_->url, &err);
    if (!u) return Fail("invalid url: " + err);
    url_ = std::move(*u);
    method_ = request_->method;
    body_ = request_->body;
    Hop();
  }

 private:
  // One request on a fresh connection.
  void Hop() {
    CloseStreams();  // nothing is pending on them between hops
    tls_.reset();
    tcp_.reset();
    boost::system::error_code ec;
    asio::ip::address literal = asio::ip::make_address(url_.host, ec);
    if (!ec) {
      uint16_t port = 0;
      if (!ParseInteger(url_.port, &port)) port = url_.tls ? 443 : 80;  // ParseUrl checked it already
      return Connect({tcp::endpoint(literal, port)});
    }
    if (pool_) {
      asio::post(*pool_, [self = shared_from_this(), host = url_.host, port = url_.port] {
        std::string err;
        std::vector<tcp::endpoint> eps = Lookup(host, port, &err);
        asio::post(self->ioc_, [self, eps = std::move(eps), err = std::move(err)] {
          if (self->finished_) return;
          if (eps.empty()) return self->Fail("DNS lookup of " + self->url_.host + " failed: " + err);
          self->Connect(eps);
        });
      });
      return;
    }
    resolver_.async_resolve(
        url_.host, url_.port,
        [self = shared_from_this()](beast::error_code ec, const tcp::resolver::results_type& r) {
          if (self->finished_) return;
          if (ec) return self->Fail("DNS lookup of " + self->url_.host + " failed: " + ec.message());
          self->Connect(std::vector<tcp::endpoint>(r.begin(), r.end()));
        });
  }

  void Connect(const std::vector<tcp::endpoint>& endpoints) {
    if (finished_) return;
    endpoints_.clear();
    const char* refused = nullptr;
    for (const auto& ep : endpoints) {
      const char* why = request_->admit_address ? request_->admit_address(ep.address()) : nullptr;
      if (why)
        refused = refused ? refused : why;
      else
        endpoints_.push_back(ep);
    }
    if (endpoints_.empty())
      return Fail("refused: " + url_.host +
                  (refused ? std::string(" is ") + refused : std::string(" has no address")));
    auto on_connect = [self = shared_from_this()](beast::error_code ec, const tcp::endpoint& ep) {
      if (!ec) self->address_ = ep.address().to_string();
      self->OnConnect(ec);
    };
    if (url_.tls) {
      tls_.emplace(ioc_, tls_ctx_);
      verify_error_.clear();
      if (!IsIpLiteral(url_) && !SSL_set_tlsext_host_name(tls_->native_handle(), url_.host.c_str()))
        return Fail("TLS: cannot set SNI host name " + url_.host);
      tls_->set_verify_mode(ssl::verify_peer);
      std::weak_ptr<Exchange> weak = weak_from_this();
      std::string host = url_.host;
      tls_->set_verify_callback([weak, host](bool preverified, ssl::verify_context& vctx) {
        auto self = weak.lock();
        X509_STORE_CTX* sc = vctx.native_handle();
        if (!preverified) {
          int err = X509_STORE_CTX_get_error(sc);
          if (self && self->verify_error_.empty())
            self->verify_error_ =
                std::string("certificate verify failed: ") + X509_verify_cert_error_string(err);
          return false;
        }
        bool ok = ssl::host_name_verification(host)(preverified, vctx);
        if (!ok) {
          X509_STORE_CTX_set_error(sc, X509_V_ERR_HOSTNAME_MISMATCH);
          if (self && self->verify_error_.empty())
            self->verify_error_ = "certificate verify failed: the certificate is not valid for host " + host;
        }
        return ok;
      });
      beast::get_lowest_layer(*tls_).async_connect(endpoints_, on_connect);
    } else {
      tcp_.emplace(ioc_);
      tcp_->async_connect(endpoints_, on_connect);
    }
  }

  void OnConnect(beast::error_code ec) {
    if (finished_) return;
    if (ec) return Fail("connect to " + url_.host_header() + " failed: " + ec.message());
    if (tls_) {
      tls_->async_handshake(ssl::stream_base::client,
                            [self = shared_from_this()](beast::error_code ec) { self->OnHandshake(ec); });
    } else {
      Write();
    }
  }

  void OnHandshake(beast::error_code ec) {
    if (finished_) return;
    if (ec) {
      std::string why = verify_error_.empty() ? ec.message() : verify_error_;
      return Fail("TLS handshake with " + url_.host_header() + " failed: " + why);
    }
    Write();
  }

  void Write() {
    req_ = {};
    req_.method_string(method_);
    req_.target(url_.target);
    req_.version(11);
    req_.set(bhttp::field::host, url_.host_header());
    bool own_ua = false;
    for (const auto& [k, v] : request_->headers) {
      req_.set(k, v);
      if (beast::iequals(k, "user-agent")) own_ua = true;
    }
    if (!own_ua && !user_agent_.empty()) req_.set(bhttp::field::user_agent, user_agent_);
    req_.set(bhttp::field::connection, "close");
    req_.body() = body_;
    if (!body_.empty()) req_.prepare_payload();
    auto on_write = [self = shared_from_this()](beast::error_code ec, size_t) { self->OnWrite(ec); };
    if (tls_)
      bhttp::async_write(*tls_, req_, on_write);
    else
      bhttp::async_write(*tcp_, req_, on_write);
  }

  void OnWrite(beast::error_code ec) {
    if (finished_) return;
    if (ec) return Fail("sending the request to " + url_.host_header() + " failed: " + ec.message());
    buffer_.clear();
    parser_.emplace();
    parser_->body_limit(request_->max_body_bytes);
    parser_->header_limit(64 * 1024);
    if (method_ == "HEAD") parser_->skip(true);
    auto on_read = [self = shared_from_this()](beast::error_code ec, size_t) { self->OnRead(ec); };
    if (tls_)
      bhttp::async_read(*tls_, buffer_, *parser_, on_read);
    else
      bhttp::async_read(*tcp_, buffer_, *parser_, on_read);
  }

  void OnRead(beast::error_code ec) {
    if (finished_) return;
    if (ec == ssl::error::stream_truncated && parser_->is_header_done()) {
      // The server closed without close_notify: fine when the body was
      // delimited by the end of the connection.
      beast::error_code eof_ec;
      parser_->put_eof(eof_ec);
      if (!eof_ec && parser_->is_done()) ec = {};
    }
    if (ec == bhttp::error::body_limit)
      return Fail("the response body is larger than " + SizeText(request_->max_body_bytes));
    if (ec) return Fail("reading the response from " + url_.host_header() + " failed: " + ec.message());
    auto& res = parser_->get();
    const int status = int(res.result_int());
    if ((status == 301 || status == 302 || status == 303 || status == 307 || status == 308) &&
        request_->max_redirects > 0) {
      auto loc = res.find(bhttp::field::location);
      if (loc != res.end()) {
        if (++redirects_ > request_->max_redirects)
          return Fail("too many redirects (more than " + std::to_string(request_->max_redirects) + ")",
                      status);
        std::string err;
        auto next = ResolveLocation(url_, loc->value(), &err);
        if (!next)
          return Fail("redirect to an invalid Location " + QuotedExcerpt(loc->value()) + ": " + err, status);
        url_ = std::move(*next);
        // 303 means GET (a HEAD stays HEAD); the others repeat the request as it was.
        if (status == 303 && method_ != "HEAD") {
          method_ = "GET";
          body_.clear();
        }
        return Hop();
      }
    }
    OutboundResponse r;
    r.ok = true;
    r.status = status;
    r.body = std::move(res.body());
    Finish(std::move(r));
  }

  void OnDeadline() {
    if (finished_) return;
    Fail("timeout after " + FormatSeconds(request_->timeout_ms));
  }

  void Fail(std::string error, int status = 0) {
    OutboundResponse r;
    r.status = status;
    r.error = std::move(error);
    Finish(std::move(r));
  }

  void Finish(OutboundResponse r) {
    if (finished_) return;
    finished_ = true;
    r.address = address_;
    r.latency_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started_).count();
    deadline_.cancel();
    resolver_.cancel();
    CloseStreams();
    ResponseDone cb = std::move(done_cb_);
    cb(r);
  }

  void CloseStreams() {
    if (tls_) beast::get_lowest_layer(*tls_).close();
    if (tcp_) tcp_->close();
  }

  asio::io_context& ioc_;
  ssl::context& tls_ctx_;
  asio::thread_pool* pool_;
  std::shared_ptr<const OutboundRequest> request_;
  std::string user_agent_;
  ResponseDone done_cb_;
  asio::steady_timer deadline_;
  tcp::resolver resolver_;
  std::vector<tcp::endpoint> endpoints_;
  std::optional<beast::tcp_stream> tcp_;
  std::optional<beast::ssl_stream<beast::tcp_stream>> tls_;
  beast::flat_buffer buffer_;
  bhttp::request<bhttp::string_body> req_;
  std::optional<bhttp::response_parser<bhttp::string_body>> parser_;
  Url url_;
  std::string method_;  // of the current hop
  std::string body_;    // of the current hop
  std::string address_;
  int redirects_ = 0;
  bool finished_ = false;
  std::string verify_error_;
  std::chrono::steady_clock::time_point started_;
};

}  // namespace

std::string QuotedExcerpt(std::string_view s) {
  std::string q = Utf8Truncate(s, 100);
  return "\"" + q + (q.size() < s.size() ? "...\"" : "\"");
}

std::unique_ptr<ssl::context> MakeClientTlsContext(std::string* error) {
  try {
    auto ctx = std::make_unique<ssl::context>(ssl::context::tls_client);
    ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                     ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
    ctx->set_default_verify_paths();
    ctx->set_verify_mode(ssl::verify_peer);
    return ctx;
  } catch (const std::exception& e) {
    if (error) *error = std::string("TLS context: ") + e.what();
    return nullptr;
  }
}

void StartRequest(const ClientEnv& env, std::shared_ptr<const OutboundRequest> request, ResponseDone done) {
  std::make_shared<Exchange>(env, std::move(request), std::move(done))->Start();
}

}  // namespace followup::probe
