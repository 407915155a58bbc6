#include "http/server.h"

#include "common/parse.h"
#include "http/asio_address.h"
#include "http/client_limit.h"
#include "http/request_convert.h"
#include "http/response_head.h"

#include <spdlog/spdlog.h>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <array>
#include <atomic>
#include <chrono>
#include <optional>
#include <thread>
#include <unordered_set>
#include <vector>

namespace followup::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

void AddSecurityHeaders(Response* r, bool html) {
  r->set("X-Content-Type-Options", "nosniff");
  r->set("Referrer-Policy", "strict-origin-when-cross-origin");
  if (html) {
    r->set("Content-Security-Policy",
           "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
           "script-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'");
  }
}

namespace {
class Session;
}  // namespace

using Clock = std::chrono::steady_clock;
// A socket bound to its io_context's own executor type: no type-erased
// executor to copy on every operation.
using Socket = asio::basic_stream_socket<tcp, asio::io_context::executor_type>;

// One thread's connections and their deadlines. Instead of one timer per
// connection, armed and cancelled for every read and write, one timer per
// thread ticks every kTick and closes the connections whose deadline has
// passed; a deadline is set by storing a time (a connection is cut between
// its timeout and two ticks after it: `now` may be a tick old, and the check
// comes at the next tick). Everything here runs on the
// worker's own thread, sessions included, so nothing is locked.
struct Worker {
  static constexpr std::chrono::milliseconds kTick{250};
  // Declared before ioc: sessions still queued in it when it is destroyed
  // leave this set as they go.
  std::unordered_set<Session*> sessions;
  asio::io_context ioc;
  asio::steady_timer tick{ioc};          // destroyed before ioc
  Clock::time_point now = Clock::now();  // as of the last tick
  void Start();
  // A deadline timeout from now, never earlier than the timeout.
  Clock::time_point Deadline(int timeout_s) const { return now + std::chrono::seconds(timeout_s) + kTick; }
};

struct Server::Impl {
  Impl(ServerOptions o, const Router* r)
      : options(std::move(o)), router(r), limit(options.max_connections_per_client) {}

  // Declared before the workers: sessions still queued in them when they
  // are destroyed give their connection back to these.
  ServerOptions options;
  const Router* router;
  RequestObserver observer;
  RefusalObserver refusal_observer;
  ClientConnectionLimit limit;
  std::atomic<int> connections{0};
  int bound_port = 0;

  // One worker (io_context) per thread: a connection lives on one thread, so
  // its handlers never contend for a shared scheduler queue. extra is
  // declared before main so that it outlives it: the accept still pending
  // when main's context is destroyed holds a socket of the worker it was to
  // be served on, and destroying that socket needs its context alive.
  std::vector<std::unique_ptr<Worker>> extra;
  Worker main;  // the acceptor's (also serves connections)
  size_t next = 0;
  tcp::acceptor acceptor{main.ioc};
  asio::steady_timer accept_pause{main.ioc};
  std::vector<std::thread> threads;
  Worker& NextWorker() {
    size_t i = next++ % (extra.size() + 1);
    return i == 0 ? main : *extra[i - 1];
  }

  void Accept();
  void Admit(Worker& worker, Socket socket);
  // Closes a connection refused by a limit before anything is read, with a
  // reset (no TIME_WAIT left behind on this side), and reports it.
  void Refuse(Socket& socket, Refusal why) {
    if (refusal_observer) refusal_observer(why);
    beast::error_code ignored;
    socket.set_option(asio::socket_base::linger(true, 0), ignored);
    socket.close(ignored);
  }
};

namespace {

class Session : public std::enable_shared_from_this<Session> {
 public:
  // proxy: the peer is a trusted proxy (the client is named per request);
  // key: the client this connection is counted for, if any.
  Session(Socket s, Server::Impl* server, Worker* worker, IpAddress peer, bool proxy,
          std::optional<ClientKey> key)
      : stream_(std::move(s)),
        server_(server),
        worker_(worker),
        peer_(ClientKeyOf(peer)),
        proxy_(proxy),
        key_(key) {}
  ~Session() {
    worker_->sessions.erase(this);
    ReleaseKey();
    --server_->connections;
  }
  void Start() {
    worker_->sessions.insert(this);
    Read();
  }
  // Called on every tick of the worker: closes the connection once its
  // deadline has passed; its pending operation then ends with
  // operation_aborted, and the session with it.
  void CheckDeadline(Clock::time_point now) {
    if (now < deadline_) return;
    deadline_ = Clock::time_point::max();
    beast::error_code ignored;
    stream_.shutdown(tcp::socket::shutdown_both, ignored);
    stream_.close(ignored);
  }

 private:
  // The next request: its first byte within the idle timeout (at once when
  // pipelined bytes are buffered), then all of it within the request timeout.
  void Read() {
    if (buffer_.size() > 0) return ReadHeader();
    deadline_ = worker_->Deadline(server_->options.idle_timeout_s);
    stream_.async_read_some(buffer_.prepare(4096),
                            [self = shared_from_this()](beast::error_code ec, size_t n) {
                              self->buffer_.commit(n);
                              if (ec) return self->Fail(ec);
                              self->ReadHeader();
                            });
  }

  void ReadHeader() {
    parser_.emplace();
    parser_->header_limit(uint32_t(server_->options.max_header_bytes));
    parser_->body_limit(server_->options.max_body_bytes);
    deadline_ = worker_->Deadline(server_->options.request_timeout_s);  // the whole request
    bhttp::async_read_header(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->OnHeader(ec); });
  }

  void OnHeader(beast::error_code ec) {
    if (ec) return Fail(ec);
    if (const char* why = RequestHeaderProblem(parser_->get())) return Reject(400, why);
    if (proxy_ && !Attribute()) return;
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = shared_from_this()](beast::error_code ec, size_t) { self->OnRead(ec); });
  }

  // A trusted proxy's request: counts the connection for the client its
  // X-Forwarded-For names. False when the request was refused.
  bool Attribute() {
    ForwardedClient fc = ClientFromForwardedFor(JoinedField(parser_->get(), "X-Forwarded-For"),
                                                server_->options.trusted_proxies);
    switch (fc.kind) {
      case ForwardedClient::Kind::kAbsent:  // the proxy's own request (a health check)
        ReleaseKey();
        return true;
      case ForwardedClient::Kind::kMalformed:
        Reject(400, "malformed X-Forwarded-For header");
        return false;
      case ForwardedClient::Kind::kClient:
        break;
    }
    ClientKey k = ClientKeyOf(fc.client);
    if (key_ && *key_ == k) return true;
    if (!server_->limit.TryAcquire(k)) {
      if (server_->refusal_observer) server_->refusal_observer(Refusal::kClientLimit);
      Reject(429, "too many connections from this client");
      return false;
    }
    ReleaseKey();
    key_ = k;
    return true;
  }

  void ReleaseKey() {
    if (key_) server_->limit.Release(*key_);
    key_.reset();
  }

  void Fail(beast::error_code ec) {
    if (ec == bhttp::error::header_limit) return Reject(431, "request header fields too large");
    if (ec == bhttp::error::body_limit) return Reject(413, "request body too large");
    // operation_aborted: the deadline passed (CheckDeadline) or the server stops.
    if (ec == bhttp::error::end_of_stream || ec == asio::error::eof || ec == asio::error::operation_aborted ||
        ec == asio::error::connection_reset) {
      beast::error_code ignored;
      stream_.shutdown(tcp::socket::shutdown_both, ignored);
      return;
    }
    if (ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category())
      return Reject(400, "malformed request");
  }

  void Reject(int status, const char* why) {
    Response r = JsonError(status, why);
    Send(std::move(r), false, "rejected", std::chrono::steady_clock::now(), false);
  }

  void OnRead(beast::error_code ec) {
    if (ec) return Fail(ec);
    auto started = std::chrono::steady_clock::now();
    auto& msg = parser_->get();
    bool keep_alive = msg.keep_alive();
    Request req = ToRequest(std::move(msg));
    // The client counted for this request; a trusted proxy's own request is the proxy's.
    req.client = key_ ? *key_ : peer_;
    std::string route;
    Send(Dispatch(req, &route), keep_alive, route, started, req.method == "HEAD");
  }

  Response Dispatch(const Request& req, std::string* route) {
    try {
      return server_->router->Dispatch(req, route);
    } catch (const std::exception& e) {
      spdlog::error("http: handler for {} failed: {}", req.path, e.what());
      return JsonError(500, "internal error");
    }
  }

  // Writes the head (response_head.h) and the body as two buffers: a
  // pre-rendered body goes out from where it is stored, without a serializer
  // or a copy. One response is in flight per connection (the next request is
  // read after it), so out_ and head_ are this connection's, and head_ keeps
  // its capacity from one response to the next.
  void Send(Response r, bool keep_alive, const std::string& route,
            std::chrono::steady_clock::time_point started, bool head) {
    out_ = std::move(r);
    // HEAD has the length without the bytes.
    std::string_view body = out_.Body();
    if (int dropped = WriteResponseHead(out_, keep_alive, body.size(), &head_))
      spdlog::error("http: {} header(s) of the response to route {} held CR or LF and were left out", dropped,
                    route);
    if (head || !HasContent(out_.status)) body = {};
    if (server_->observer)
      server_->observer(route, out_.status,
                        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    deadline_ = worker_->Deadline(server_->options.request_timeout_s);
    std::array<asio::const_buffer, 2> buffers{asio::buffer(head_), asio::buffer(body.data(), body.size())};
    asio::async_write(stream_, buffers,
                      [self = shared_from_this(), keep_alive](beast::error_code ec, size_t) {
                        // Lets go of the body, and of the bundle a shared body keeps alive.
                        self->out_.shared_body.reset();
                        std::string().swap(self->out_.body);
                        if (ec || !keep_alive) {
                          beast::error_code ignored;
                          self->stream_.shutdown(tcp::socket::shutdown_send, ignored);
                          return;
                        }
                        // What the client sent after this request (pipelined) stays in buffer_.
                        self->Read();
                      });
  }

  Socket stream_;
  beast::flat_buffer buffer_{16 * 1024};
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  Server::Impl* server_;
  Worker* worker_;
  Clock::time_point deadline_ = Clock::time_point::max();  // see CheckDeadline
  const ClientKey peer_;
  const bool proxy_;
  std::optional<ClientKey> key_;
  Response out_;      // the response being written
  std::string head_;  // its status line and headers
};

}  // namespace

void Worker::Start() {
  now = Clock::now();
  for (Session* s : sessions) s->CheckDeadline(now);
  tick.expires_after(kTick);
  tick.async_wait([this](beast::error_code ec) {
    if (!ec) Start();
  });
}

void Server::Impl::Accept() {
  Worker& worker = NextWorker();
  acceptor.async_accept(worker.ioc, [this, &worker](beast::error_code ec, Socket socket) {
    if (ec == asio::error::operation_aborted) return;
    if (ec == asio::error::no_descriptors || ec == boost::system::errc::too_many_files_open_in_system ||
        ec == asio::error::no_buffer_space || ec == asio::error::no_memory) {
      // Out of descriptors: the pending connection stays queued and accept
      // would fail again at once; pause instead of spinning.
      static std::atomic<int64_t> last_log_s{0};
      int64_t now_s = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::steady_clock::now().time_since_epoch())
                          .count();
      if (now_s - last_log_s.exchange(now_s) >= 60) spdlog::warn("http: cannot accept: {}", ec.message());
      accept_pause.expires_after(std::chrono::milliseconds(50));
      accept_pause.async_wait([this](beast::error_code e) {
        if (!e) Accept();
      });
      return;
    }
    if (!ec) Admit(worker, std::move(socket));
    Accept();
  });
}

void Server::Impl::Admit(Worker& worker, Socket socket) {
  beast::error_code ignored;
  if (connections.load() >= options.max_connections) {
    Refuse(socket, Refusal::kServerFull);  // refuse early rather than degrade everyone
    return;
  }
  beast::error_code ec;
  tcp::endpoint peer = socket.remote_endpoint(ec);
  if (ec) {
    socket.close(ignored);  // already gone
    return;
  }
  IpAddress address = FromAsio(peer.address());
  bool proxy = AnyContains(options.trusted_proxies, address);
  std::optional<ClientKey> key;
  if (!proxy) {
    key = ClientKeyOf(address);
    if (!limit.TryAcquire(*key)) {
      Refuse(socket, Refusal::kClientLimit);  // costs one accept and one close
      return;
    }
  }
  ++connections;
  // Started on its worker's thread, the only one that touches its sessions.
  asio::post(worker.ioc, [s = std::make_shared<Session>(std::move(socket), this, &worker, address, proxy,
                                                        key)] { s->Start(); });
}

Server::Server(ServerOptions options, const Router* router)
    : impl_(std::make_unique<Impl>(std::move(options), router)) {}

Server::~Server() { Stop(); }

void Server::set_observer(RequestObserver o) { impl_->observer = std::move(o); }
void Server::set_refusal_observer(RefusalObserver o) { impl_->refusal_observer = std::move(o); }

Status Server::Start() {
  const std::string& l = impl_->options.listen;
  auto colon = l.rfind(':');
  if (colon == std::string::npos) return Status::Invalid("--listen must be ADDR:PORT, got " + l);
  std::string host = l.substr(0, colon);
  if (host.size() > 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
  beast::error_code ec;
  auto addr = asio::ip::make_address(host, ec);
  if (ec) return Status::Invalid("--listen: bad address " + host);
  uint16_t port = 0;
  if (!ParseInteger(std::string_view(l).substr(colon + 1), &port))
    return Status::Invalid("--listen: bad port in " + l + " (a number from 0 to 65535)");
  tcp::endpoint ep(addr, port);
  auto& acc = impl_->acceptor;
  acc.open(ep.protocol(), ec);
  if (!ec) acc.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acc.bind(ep, ec);
  if (!ec) acc.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return Status::Io("cannot listen on " + l + ": " + ec.message());
  impl_->bound_port = acc.local_endpoint().port();
  for (int i = 1; i < std::max(1, impl_->options.threads); ++i)
    impl_->extra.push_back(std::make_unique<Worker>());
  impl_->Accept();
  impl_->main.Start();
  impl_->threads.emplace_back([this] { impl_->main.ioc.run(); });
  for (auto& w : impl_->extra) {
    w->Start();  // its tick keeps it running while it has no connection
    impl_->threads.emplace_back([ctx = &w->ioc] { ctx->run(); });
  }
  return Status::Ok();
}

void Server::Stop() {
  if (!impl_ || impl_->threads.empty()) return;
  impl_->main.ioc.stop();
  for (auto& w : impl_->extra) w->ioc.stop();
  for (auto& t : impl_->threads) t.join();
  impl_->threads.clear();
}

int Server::port() const { return impl_->bound_port; }

}  // namespace followup::http
