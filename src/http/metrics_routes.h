// GET /metrics: Prometheus text exposition.
#pragma once
#include "http/router.h"
#include "metrics/metrics.h"

namespace followup::http {

void AddMetricsRoutes(Router* router, const Metrics* metrics);

}  // namespace followup::http
