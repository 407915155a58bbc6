// Routes requests by method and path pattern. A pattern segment "{name}"
// captures one path segment; captured values are percent-decoded and must not
// contain '/', so encoded slashes and dot segments never reach a handler.
// HEAD is served wherever GET is. A route may be open to other origins
// (Cors::kPublic): every answer of its handler then carries
// Access-Control-Allow-Origin: * and Access-Control-Expose-Headers: ETag,
// and the router itself answers the CORS preflight (OPTIONS) with 204, the
// allowed methods and request headers (If-None-Match, for revalidation) and
// a max age; its 405 answers list OPTIONS in Allow. Other routes answer
// OPTIONS 405 without CORS headers.
// Routes are tried in the order they were added and the first whose pattern
// and method match answers; only routes with the request's number of
// segments and its first segment (or a capture there) are looked at.
// Thread-safety: configure before serving; Dispatch is then const and safe
// from any number of threads.
#pragma once
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "http/http_types.h"

namespace followup::http {

using Params = std::map<std::string, std::string>;
using Handler = std::function<Response(const Request&, const Params&)>;

enum class Cors { kNone, kPublic };

class Router {
 public:
  // methods: e.g. {"GET"}; HEAD is served wherever GET is.
  void Add(std::vector<std::string> methods, std::string pattern, std::string route_name, Handler h,
           Cors cors = Cors::kNone);
  // Dispatches; sets *route_name to the matched route's name (for metrics),
  // or "unmatched".
  Response Dispatch(const Request& req, std::string* route_name) const;

 private:
  struct Route {
    std::vector<std::string> methods;
    std::vector<std::string> segments;
    std::string name;
    Handler handler;
    Cors cors;
  };
  // The routes with one number of segments and one literal first segment
  // (empty: a capture), as indexes into routes_ in the order added.
  struct Bucket {
    size_t segments;
    std::string first;
    std::vector<size_t> routes;
  };
  std::vector<Route> routes_;
  std::vector<Bucket> buckets_;
};

}  // namespace followup::http
