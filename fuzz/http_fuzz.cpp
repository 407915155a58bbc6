// libFuzzer target: raw bytes through Beast's request parser with the
// server's limits, its header checks, the request conversion and the router
// with the public route shapes. Must never crash; every response is a valid status.
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <cstdint>
#include <cstdlib>

#include "http/request_convert.h"
#include "http/router.h"

namespace bhttp = boost::beast::http;
using namespace followup::http;

namespace {
Router MakeRouter() {
  Router r;
  auto ok = [](const Request& req, const Params& p) {
    std::string body;
    for (const auto& [k, v] : p) body += k + "=" + HtmlEscape(v) + JsonEscape(v);
    return Text(200, body);
  };
  for (const char* p : {"/healthz", "/readyz", "/metrics", "/api/v1/ingest", "/api/v1/status",
                        "/api/v1/status/{service_id}", "/api/v1/ils/{file}", "/rapport/{quarter}",
                        "/driftinformation", "/driftinformation/feed.atom", "/driftinformation/{service_id}"})
    r.Add({"GET"}, p, p, ok);
  r.Add({"POST"}, "/api/v1/announcements", "admin", ok);
  r.Add({"PUT"}, "/api/v1/announcements/{announcement_id}", "admin", ok);
  return r;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const Router router = MakeRouter();
  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(8 * 1024);
  parser.body_limit(64 * 1024);
  parser.eager(true);
  boost::beast::error_code ec;
  parser.put(boost::asio::buffer(data, size), ec);
  if (ec || !parser.is_done()) return 0;
  if (RequestHeaderProblem(parser.get())) return 0;  // the server answers 400 before routing
  Request req = ToRequest(parser.release());
  std::string route;
  Response resp = router.Dispatch(req, &route);
  if (resp.status < 200 || resp.status > 599) std::abort();
  return 0;
}
