#include "http/metrics_routes.h"

namespace followup::http {

void AddMetricsRoutes(Router* router, const Metrics* metrics) {
  router->Add({"GET"}, "/metrics", "metrics", [metrics](const Request&, const Params&) {
    Response r;
    r.content_type = "text/plain; version=0.0.4; charset=utf-8";
    r.body = metrics->Render();
    r.set("Cache-Control", "no-store");
    return r;
  });
}

}  // namespace followup::http
