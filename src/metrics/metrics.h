// Prometheus metrics. Event-driven metrics (HTTP requests, fold batches) are
// prometheus-cpp families updated where things happen; state metrics (totals,
// lag, per-service status, indicators) are computed at scrape time from the
// published snapshots and the store, so the exposition agrees with the JSON
// APIs (store-based families are cached for up to 5 s between scrapes).
// Thread-safety: all methods are thread-safe.
#pragma once
#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "ingest/ingest_state.h"
#include "metrics/metric_list.h"
#include "readmodels/status_engine.h"
#include "store/served_store.h"

namespace followup {

struct MetricDef {
  const char* name;
  const char* help;
};

// One MetricDef per metric, generated from FOLLOWUP_METRIC_LIST.
struct MetricDefs {
#define FOLLOWUP_METRIC_DEF(member, type, name, help) static constexpr MetricDef member{name, help};
  FOLLOWUP_METRIC_LIST(FOLLOWUP_METRIC_DEF)
#undef FOLLOWUP_METRIC_DEF
};

// What the notifier (notify/notifier.h) reports, per channel where it says.
struct NotificationFigures {
  bool active = false;
  int64_t webhook_sent = 0, webhook_failed = 0, webhook_retried = 0, webhook_queued = 0;
  int64_t endpoints_disabled = 0;
  int64_t email_sent = 0, email_failed = 0, email_retried = 0, email_queued = 0;
};

struct MetricSources {
  const IngestStateBoard* ingest = nullptr;
  const ServedStore* store = nullptr;
  std::function<std::shared_ptr<const CityStatus>()> status;  // may be empty
  std::function<NotificationFigures()> notifications;         // may be empty
  std::function<TimeMs()> clock;                              // default: system clock
};

class Metrics {
 public:
  explicit Metrics(MetricSources sources);
  ~Metrics();
  void ObserveRequest(const std::string& route, int code, double seconds);
  // A connection refused by the HTTP server's limits; limit is "server"
  // (every connection taken) or "client" (the client holds its share).
  void ObserveRefused(bool client_limit);
  // An admin request refused for its bearer token, by reason: "missing" (no
  // or another scheme), "wrong", "forbidden" (a token without the route's
  // scope) or "throttled" (the client failed too often); another is ignored.
  void ObserveAdminAuthFailure(std::string_view reason);
  void ObserveBatch(size_t messages, double seconds);
  // The text exposition format (version 0.0.4).
  std::string Render() const;

 private:
  class ScrapeCollector;
  std::shared_ptr<prometheus::Registry> registry_;
  std::shared_ptr<ScrapeCollector> scrape_;
  prometheus::Family<prometheus::Counter>* http_requests_;
  prometheus::Family<prometheus::Histogram>* http_duration_;
  prometheus::Counter* refused_server_;
  prometheus::Counter* refused_client_;
  std::map<std::string, prometheus::Counter*, std::less<>> auth_failures_;  // by reason
  prometheus::Histogram* batch_duration_;
  prometheus::Histogram* batch_events_;
};

}  // namespace followup
