#include "http/ingest_routes.h"

#include <cmath>
#include <cstdio>

namespace followup::http {
namespace {

// The raw error text, for the management listener only, on one line.
std::string Detail(const IngestSnapshot& s, bool ready) {
  if (ready) return "";
  std::string d = s.not_ready_detail;
  for (auto& c : d)
    if (c == '\n' || c == '\r') c = ' ';
  return d;
}

}  // namespace

std::string IngestJson(const IngestSnapshot& s, IngestView view) {
  std::string reason;
  bool ready = IngestReady(s, &reason);
  std::string out = "{\"lag\":" + std::to_string(s.lag()) + ",\"ready\":" + (ready ? "true" : "false") +
                    ",\"events_folded\":" + std::to_string(s.events_folded) +
                    ",\"events_rejected\":" + std::to_string(s.events_rejected) +
                    ",\"duplicates\":" + std::to_string(s.duplicates) +
                    ",\"id_conflicts\":" + std::to_string(s.id_conflicts) +
                    ",\"deadletters_dropped\":" + std::to_string(s.deadletters_dropped) +
                    ",\"copartition_conflicts\":" + std::to_string(s.copartition_conflicts) +
                    ",\"partitions\":[";
  bool first = true;
  for (const auto& p : s.partitions) {
    out += first ? "" : ",";
    first = false;
    out += "{\"topic\":\"" + JsonEscape(p.topic) + "\",\"partition\":" + std::to_string(p.partition) +
           ",\"offset\":" + std::to_string(p.offset) + ",\"high_watermark\":" +
           (p.high_watermark < 0 ? std::string("null") : std::to_string(p.high_watermark)) +
           ",\"lag\":" + std::to_string(p.lag()) + "}";
  }
  out += "]";
  if (s.rebuild.active) {
    const RebuildProgress& b = s.rebuild;
    char figures[160];
    std::snprintf(figures, sizeof figures, ",\"rate\":%.0f,\"eta_seconds\":%s,\"elapsed_seconds\":%.1f",
                  b.rate, b.eta_seconds < 0 ? "null" : std::to_string(std::llround(b.eta_seconds)).c_str(),
                  b.elapsed_seconds);
    out += ",\"rebuild\":{\"state\":\"" + JsonEscape(b.state) + "\",\"cause\":\"" + JsonEscape(b.cause) +
           "\",\"from_version\":" + std::to_string(b.from_version) +
           ",\"to_version\":" + std::to_string(b.to_version) +
           ",\"processed\":" + std::to_string(b.processed) + ",\"remaining\":" + std::to_string(b.remaining) +
           figures;
    if (!b.reason.empty()) out += ",\"reason\":\"" + JsonEscape(b.reason) + "\"";
    out += "}";
  }
  if (!ready) out += ",\"not_ready_reason\":\"" + JsonEscape(reason) + "\"";
  if (view == IngestView::kManagement) {
    std::string detail = Detail(s, ready);
    if (!detail.empty()) out += ",\"not_ready_detail\":\"" + JsonEscape(detail) + "\"";
  }
  out += "}\n";
  return out;
}

void AddHealthRoutes(Router* router, const IngestStateBoard* board, IngestView view) {
  router->Add({"GET"}, "/healthz", "healthz",
              [](const Request&, const Params&) { return Text(200, "ok\n"); });
  router->Add({"GET"}, "/readyz", "readyz", [board, view](const Request&, const Params&) {
    auto snap = board->Get();
    std::string reason;
    if (IngestReady(*snap, &reason)) return Text(200, "ready\n");
    Response r = Text(503, "not ready: " + reason + "\n");
    if (view == IngestView::kManagement) {
      std::string detail = Detail(*snap, false);
      if (!detail.empty()) r.body += "detail: " + detail + "\n";
    }
    r.set("Cache-Control", "no-store");
    return r;
  });
}

void AddIngestRoutes(Router* router, const IngestStateBoard* board, IngestView view) {
  router->Add({"GET"}, "/api/v1/ingest", "ingest", [board, view](const Request&, const Params&) {
    Response r;
    r.content_type = "application/json";
    r.body = IngestJson(*board->Get(), view);
    r.set("Cache-Control", "no-store");
    return r;
  });
}

}  // namespace followup::http
