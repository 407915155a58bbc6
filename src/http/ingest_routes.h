// /healthz, /readyz and /api/v1/ingest: the pipeline's own state.
#pragma once
#include "http/router.h"
#include "ingest/ingest_state.h"

namespace followup::http {

void AddIngestRoutes(Router* router, const IngestStateBoard* board);
// The /api/v1/ingest document.
std::string IngestJson(const IngestSnapshot& s);

}  // namespace followup::http
