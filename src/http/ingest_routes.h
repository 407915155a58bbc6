// The pipeline's own state:
//   GET /healthz         "ok" while the process serves
//   GET /readyz          200 "ready" / 503 "not ready: <reason>"
//   GET /api/v1/ingest   counters and per-partition progress (JSON)
// What a listener may show (IngestView): on any listener only the service's
// own words (IngestSnapshot::not_ready_reason); the underlying error text
// (not_ready_detail: librdkafka's, RocksDB's) only on the management listener.
// The routes only read the published snapshot: thread-safe.
#pragma once
#include "http/router.h"
#include "ingest/ingest_state.h"

namespace followup::http {

enum class IngestView {
  kPublic,      // reason only: the main listener
  kManagement,  // reason and detail: the management listener
};

// /healthz and /readyz. With kManagement /readyz adds a second line
// "detail: <not_ready_detail>" when there is one.
void AddHealthRoutes(Router* router, const IngestStateBoard* board, IngestView view);
// /api/v1/ingest.
void AddIngestRoutes(Router* router, const IngestStateBoard* board, IngestView view);
// The /api/v1/ingest document; "not_ready_reason" when not ready, and with
// kManagement "not_ready_detail" when there is one.
std::string IngestJson(const IngestSnapshot& s, IngestView view);

}  // namespace followup::http
