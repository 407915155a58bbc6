// HTTP/1.1 server on Boost.Beast. Limits protect the process from hostile or
// slow clients: 8 KiB of headers, 64 KiB of body, a bounded number of
// connections, and deadlines for reading a request and for idling between
// requests (a slowloris client is cut off without starving anyone else).
// Thread-safety: Start/Stop from one thread; handlers run on the server's
// threads and must be thread-safe.
#pragma once
#include <functional>
#include <memory>
#include <string>

#include "common/status.h"
#include "http/router.h"

namespace followup::http {

struct ServerOptions {
  std::string listen = "127.0.0.1:8080";
  int threads = 2;
  size_t max_header_bytes = 8 * 1024;
  size_t max_body_bytes = 64 * 1024;
  int max_connections = 2048;
  int request_timeout_s = 10;  // to receive one whole request
  int idle_timeout_s = 30;     // keep-alive between requests
};

// Called after every response (route name, status, seconds), for metrics.
using RequestObserver = std::function<void(const std::string& route, int status, double seconds)>;

class Server {
 public:
  Server(ServerOptions options, const Router* router);
  ~Server();
  Status Start();
  void Stop();
  // The bound port (useful with port 0).
  int port() const;
  void set_observer(RequestObserver o);

 public:
  struct Impl;  // defined in server.cpp

 private:
  std::unique_ptr<Impl> impl_;
};

// Headers every response carries, and the stricter set for HTML pages.
void AddSecurityHeaders(Response* r, bool html);

}  // namespace followup::http
