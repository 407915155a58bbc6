#include "http/openapi_routes.h"

#include "common/sha256.h"
#include "http/rendered.h"

namespace followup::http {

void AddOpenApiRoutes(Router* router) {
  static const RenderedBody document = [] {
    RenderedBody b;
    b.body = std::string(OpenApiDocument());
    b.etag = "\"" + Sha256Hex(b.body).substr(0, 32) + "\"";
    b.content_type = "application/json";
    return b;
  }();
  router->Add(
      {"GET"}, kOpenApiPath, "openapi",
      [](const Request& req, const Params&) { return ServeRendered(req, document, "public, max-age=300"); },
      Cors::kPublic);
}

}  // namespace followup::http
