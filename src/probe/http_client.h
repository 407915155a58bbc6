// The outbound HTTP/HTTPS client (Boost.Beast), asynchronous on the caller's
// io_context: one request on a fresh connection per hop. Used by the probe
// agent's availability checks (http_check.h) and by the notifier's webhook
// deliveries (notify/webhook_delivery.h).
//
// - Connection: close on every request; redirects (301, 302, 303, 307, 308
//   with a Location) are followed up to max_redirects times, relative and
//   absolute, and the next one is a failure; with max_redirects 0 a redirect
//   is the final response. 303 turns the method into GET (a body is dropped).
// - HTTPS: SNI for host names, the peer chain verified against the system
//   trust store (MakeClientTlsContext: set_default_verify_paths, so
//   SSL_CERT_FILE / SSL_CERT_DIR apply) and the leaf checked against the host
//   name. A verification failure fails the request and says why.
// - admit_address, when set, is asked about every address before a
//   connection to it is tried (after DNS: the address judged is the address
//   connected to, so a name that resolves to another address later gains
//   nothing); an address it refuses is not connected to, and when it refuses
//   every address the request fails with "refused: <its reason>".
// - One deadline covers everything (DNS, connect, TLS, every redirect, the
//   whole response): on expiry the request fails with "timeout after 10 s".
// - Response bodies over max_body_bytes fail the request.
// Thread-safety: run on one io_context; the callback runs on its thread.
#pragma once
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/thread_pool.hpp>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace followup::probe {

// Client TLS context: TLS 1.2+, system trust store, peer verification on.
// nullptr and *error on failure.
std::unique_ptr<boost::asio::ssl::context> MakeClientTlsContext(std::string* error);

// What every request shares. Must outlive the requests (join the resolver
// pool before destroying the io_context).
struct ClientEnv {
  boost::asio::io_context* ioc = nullptr;
  boost::asio::ssl::context* tls = nullptr;
  // Host names are resolved with blocking getaddrinfo on this pool, so one
  // slow DNS lookup cannot hold up the others (asio's own async resolver runs
  // every lookup of an io_context on a single thread). IP literals skip DNS.
  // nullptr: asio's resolver.
  boost::asio::thread_pool* resolver_pool = nullptr;
  std::string user_agent;  // unless the request sets User-Agent
};

struct OutboundRequest {
  std::string method = "GET";  // GET, HEAD or POST
  std::string url;             // absolute http:// or https:// (url.h)
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;  // sent with its Content-Length when not empty
  int64_t timeout_ms = 10'000;
  int max_redirects = 5;
  size_t max_body_bytes = 8 * 1024 * 1024;
  // Null when a connection to the address may be tried, else why not.
  std::function<const char*(const boost::asio::ip::address&)> admit_address;
};

struct OutboundResponse {
  bool ok = false;  // a final response was read (whatever its status)
  int status = 0;   // its status; with !ok, that of a redirect that failed, or 0
  std::string body;
  std::string error;      // why !ok
  double latency_ms = 0;  // wall time of the whole request
  std::string address;    // the address of the last connection, when one was made
};

using ResponseDone = std::function<void(const OutboundResponse&)>;

// s in double quotes for an error message, cut to 100 code points ("...\"" after a cut).
std::string QuotedExcerpt(std::string_view s);

// Starts one request; `done` is called exactly once on the io_context's thread.
void StartRequest(const ClientEnv& env, std::shared_ptr<const OutboundRequest> request, ResponseDone done);

}  // namespace followup::probe
