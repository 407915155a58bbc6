#include "http/rendered.h"

#include "http/server.h"
#include "http/status_routes.h"

namespace followup::http {

Response ServeRendered(const Request& req, const RenderedBody& b, const char* cache_control) {
  Response r;
  AddSecurityHeaders(&r, false);
  r.set("Cache-Control", cache_control);
  r.set("ETag", b.etag);
  r.content_type = b.content_type;
  if (IfNoneMatchMatches(req.header("if-none-match"), b.etag)) {
    r.status = 304;
    return r;
  }
  r.body = b.body;
  return r;
}

Response StatusNotYetAvailable() {
  Response r = JsonError(503, "status is not available yet, try again shortly");
  AddSecurityHeaders(&r, false);
  r.set("Cache-Control", "no-store");
  r.set("Retry-After", "2");
  return r;
}

Response UnknownServiceJson() {
  Response r = JsonError(404, "unknown service");
  AddSecurityHeaders(&r, false);
  r.set("Cache-Control", "public, max-age=15");
  return r;
}

}  // namespace followup::http
