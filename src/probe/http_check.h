// One availability check of one target over HTTP or HTTPS (Boost.Beast),
// asynchronous on the caller's io_context.
//
// - A fresh connection per request (Connection: close); redirects (301, 302,
//   303, 307, 308 with a Location) are followed up to 5 times, relative and
//   absolute; the 6th is a failure. 303 turns the method into GET.
// - HTTPS: SNI (SSL_set_tlsext_host_name) for host names, the peer chain
//   verified against the system trust store (set_default_verify_paths, so
//   SSL_CERT_FILE / SSL_CERT_DIR apply) and the leaf checked against the host
//   name (ssl::host_name_verification). A verification failure is a failed
//   check whose error says why ("certificate verify failed: self-signed
//   certificate").
// - One deadline covers everything (DNS, connect, TLS, every redirect, the
//   whole response): on expiry the check fails with "timeout after 10 s".
// - The final response decides: its status must be in `accept`, and, when
//   body_contains is set, its body must contain the text. Bodies over 8 MiB
//   fail the check.
// Thread-safety: run on one io_context; the callback runs on its thread.
#pragma once
#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/thread_pool.hpp>

#include <functional>
#include <memory>
#include <string>

#include "probe/probe_config.h"
#include "probe/probe_event.h"

namespace followup::probe {

using CheckDone = std::function<void(const CheckResult&)>;

constexpr size_t kMaxBodyBytes = 8 * 1024 * 1024;
constexpr int kMaxRedirects = 5;

// Client TLS context: TLS 1.2+, system trust store, peer verification on.
// nullptr and *error on failure.
std::unique_ptr<boost::asio::ssl::context> MakeClientTlsContext(std::string* error);

// What every check shares. Must outlive the checks (the agent joins the
// resolver pool before it destroys the io_context).
struct CheckEnv {
  boost::asio::io_context* ioc = nullptr;
  boost::asio::ssl::context* tls = nullptr;
  // Host names are resolved with blocking getaddrinfo on this pool, so one
  // slow DNS lookup cannot hold up the others (asio's own async resolver runs
  // every lookup of an io_context on a single thread). IP literals skip DNS.
  // nullptr: asio's resolver.
  boost::asio::thread_pool* resolver_pool = nullptr;
  std::string user_agent = "followup-probe/1";  // unless the target sets User-Agent
};

// Starts one check; `done` is called exactly once on the io_context's thread.
void StartHttpCheck(const CheckEnv& env, std::shared_ptr<const ProbeTarget> target, CheckDone done);

}  // namespace followup::probe
