// HTTP/1.1 server on Boost.Beast. Limits protect the process from hostile or
// slow clients: 8 KiB of headers, 64 KiB of body, a bounded number of
// connections in all and per client, and deadlines (a slowloris client is cut
// off without starving anyone else):
//   - idle: the first byte of a request must come within idle_timeout_s of
//     the connection opening or of the previous response;
//   - request: from its first byte, the whole request (header and body) must
//     arrive within request_timeout_s; writing a response has the same bound.
//   Deadlines are checked four times a second by one timer per thread (not
//   one per connection and operation): a connection is cut within 0.5 s
//   after its timeout, never before.
// Requests are answered one at a time and in order; pipelined requests (the
// next one sent before the previous answer) stay buffered until their turn.
// Before a handler sees a request, the server refuses (400, then closes) an
// HTTP/1.1 request without Host, and a request with more than one Host or
// Authorization header (RequestHeaderProblem). 204 and 304 answers carry no
// Content-Length.
//
// Per-client limit: connections are counted per ClientKey (client_address.h:
// an IPv4 address, an IPv6 /64). A connection from a trusted proxy is counted
// for the client its request's X-Forwarded-For names, once each request
// header is read (a proxy may reuse one connection for several clients);
// over the limit that request is answered 429 and the connection closed. A
// trusted proxy's own connections (no X-Forwarded-For) are not limited by its
// address. Any other connection over the limit is reset right after accept,
// before anything is read: a refusal costs one accept and one close. The
// global max_connections cap is checked first (and refused the same way).
// Thread-safety: Start/Stop and the set_* calls from one thread (set_* before
// Start); handlers and observers run on the server's threads and must be
// thread-safe.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "http/client_address.h"
#include "http/router.h"

namespace followup::http {

struct ServerOptions {
  std::string listen = "127.0.0.1:8080";
  int threads = 2;
  size_t max_header_bytes = 8 * 1024;
  size_t max_body_bytes = 64 * 1024;
  int max_connections = 2048;
  int max_connections_per_client = 64;  // <= 0: no per-client limit
  int request_timeout_s = 10;           // to receive one whole request, from its first byte
  int idle_timeout_s = 30;  // for the first byte: after connecting, and keep-alive between requests
  // Peers allowed to name the client in X-Forwarded-For (load balancers).
  std::vector<IpNetwork> trusted_proxies;
};

// Called after every response (route name, status, seconds), for metrics.
using RequestObserver = std::function<void(const std::string& route, int status, double seconds)>;
// Called for every connection refused by a limit, for metrics; must be cheap.
enum class Refusal {
  kServerFull,   // max_connections reached
  kClientLimit,  // the client holds max_connections_per_client
};
using RefusalObserver = std::function<void(Refusal)>;

class Server {
 public:
  Server(ServerOptions options, const Router* router);
  ~Server();
  Status Start();
  void Stop();
  // The bound port (useful with port 0).
  int port() const;
  void set_observer(RequestObserver o);
  void set_refusal_observer(RefusalObserver o);

 public:
  struct Impl;  // defined in server.cpp

 private:
  std::unique_ptr<Impl> impl_;
};

// Headers every response carries, and the stricter set for HTML pages.
void AddSecurityHeaders(Response* r, bool html);

}  // namespace followup::http
