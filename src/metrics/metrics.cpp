#include "metrics/metrics.h"

#include <prometheus/text_serializer.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <mutex>
#include <set>
#include <unordered_map>

#include "common/time.h"
#include "events/names.h"
#include "events/reject_reason.h"
#include "readmodels/ils_report.h"
#include "readmodels/service_figures.h"

namespace followup {
namespace {

using prometheus::ClientMetric;
using prometheus::MetricFamily;
using prometheus::MetricType;

MetricFamily Family(const MetricDef& def, MetricType type) {
  return MetricFamily{def.name, def.help, type, {}};
}

void Add(MetricFamily* f, std::vector<ClientMetric::Label> labels, double value) {
  ClientMetric m;
  m.label = std::move(labels);
  if (f->type == MetricType::Counter)
    m.counter.value = value;
  else
    m.gauge.value = value;
  f->metric.push_back(std::move(m));
}

}  // namespace

// Computes the state metrics at scrape time. Report-based families are cached
// for a few seconds so that several scrapers cost one computation.
class Metrics::ScrapeCollector : public prometheus::Collectable {
 public:
  explicit ScrapeCollector(MetricSources s) : src_(std::move(s)) {
    if (!src_.clock) src_.clock = WallNowMs;
  }

  std::vector<MetricFamily> Collect() const override {
    std::vector<MetricFamily> out;
    CollectIngest(&out);
    CollectNotifications(&out);
    if (src_.store) {
      std::lock_guard<std::mutex> l(mu_);
      TimeMs now = src_.clock();
      if (now - cached_at_ > 5000 || cached_.empty()) {
        cached_.clear();
        CollectStore(now, &cached_);
        cached_at_ = now;
      }
      out.insert(out.end(), cached_.begin(), cached_.end());
    }
    return out;
  }

 private:
  void CollectNotifications(std::vector<MetricFamily>* out) const {
    if (!src_.notifications) return;
    NotificationFigures n = src_.notifications();
    const std::vector<ClientMetric::Label> webhook = {{"channel", "webhook"}}, email = {{"channel", "email"}};
    MetricFamily sent = Family(MetricDefs::notifications_sent, MetricType::Counter);
    Add(&sent, webhook, double(n.webhook_sent));
    Add(&sent, email, double(n.email_sent));
    MetricFamily failed = Family(MetricDefs::notifications_failed, MetricType::Counter);
    Add(&failed, webhook, double(n.webhook_failed));
    Add(&failed, email, double(n.email_failed));
    MetricFamily retried = Family(MetricDefs::notifications_retried, MetricType::Counter);
    Add(&retried, webhook, double(n.webhook_retried));
    Add(&retried, email, double(n.email_retried));
    MetricFamily queued = Family(MetricDefs::notifications_queued, MetricType::Gauge);
    Add(&queued, webhook, double(n.webhook_queued));
    Add(&queued, email, double(n.email_queued));
    MetricFamily disabled = Family(MetricDefs::webhook_endpoints_disabled, MetricType::Gauge);
    Add(&disabled, {}, double(n.endpoints_disabled));
    MetricFamily active = Family(MetricDefs::notifier_active, MetricType::Gauge);
    Add(&active, {}, n.active ? 1 : 0);
    for (auto* f : {&sent, &failed, &retried, &queued, &disabled, &active}) out->push_back(std::move(*f));
  }

  void CollectIngest(std::vector<MetricFamily>* out) const {
    if (!src_.ingest) return;
    auto s = src_.ingest->Get();
    MetricFamily folded = Family(MetricDefs::events_folded, MetricType::Counter);
    for (int t = 0; t < kEventTypeCount; ++t)
      Add(&folded, {{"type", EventTypeName(EventType(t))}}, double(s->folded_by_type[t]));
    MetricFamily rejected = Family(MetricDefs::events_rejected, MetricType::Counter);
    for (size_t c = 0; c < kRejectReasonCount; ++c)
      Add(&rejected, {{"reason", std::string(Name(RejectReason(c)))}}, double(s->rejected_by_category[c]));
    MetricFamily dup = Family(MetricDefs::events_duplicate, MetricType::Counter);
    Add(&dup, {}, double(s->duplicates));
    MetricFamily id_conflicts = Family(MetricDefs::events_id_conflict, MetricType::Counter);
    Add(&id_conflicts, {}, double(s->id_conflicts));
    MetricFamily dropped = Family(MetricDefs::deadletters_dropped, MetricType::Counter);
    Add(&dropped, {}, double(s->deadletters_dropped));
    MetricFamily lag = Family(MetricDefs::consumer_lag, MetricType::Gauge);
    for (const auto& p : s->partitions)
      Add(&lag, {{"topic", p.topic}, {"partition", std::to_string(p.partition)}}, double(p.lag()));
    MetricFamily ready = Family(MetricDefs::ready, MetricType::Gauge);
    std::string reason;
    Add(&ready, {}, IngestReady(*s, &reason) ? 1 : 0);
    MetricFamily conflicts = Family(MetricDefs::copartition_conflicts, MetricType::Gauge);
    Add(&conflicts, {}, double(s->copartition_conflicts));
    MetricFamily rebuilding = Family(MetricDefs::rebuild_active, MetricType::Gauge);
    Add(&rebuilding, {}, s->rebuild.active ? 1 : 0);
    MetricFamily remaining = Family(MetricDefs::rebuild_remaining, MetricType::Gauge);
    Add(&remaining, {}, double(s->rebuild.active ? s->rebuild.remaining : 0));
    MetricFamily eta = Family(MetricDefs::rebuild_eta, MetricType::Gauge);
    if (!s->rebuild.active || s->rebuild.eta_seconds >= 0)
      Add(&eta, {}, s->rebuild.active ? s->rebuild.eta_seconds : 0);
    for (auto* f : {&folded, &rejected, &dup, &id_conflicts, &dropped, &lag, &ready, &conflicts, &rebuilding,
                    &remaining, &eta})
      out->push_back(std::move(*f));
  }

  void CollectStore(TimeMs now, std::vector<MetricFamily>* out) const {
    MetricFamily size = Family(MetricDefs::store_size, MetricType::Gauge);
    Add(&size, {}, double(src_.store->SizeBytes()));
    MetricFamily stall = Family(MetricDefs::store_stall, MetricType::Counter);
    Add(&stall, {}, double(src_.store->StallMicros()) / 1e6);
    out->push_back(std::move(size));
    out->push_back(std::move(stall));

    // The per-service figures come from their read model
    // (readmodels/service_figures.h). A read that fails leaves the series it
    // did not reach out of this scrape instead of failing /metrics as a whole.
    auto snap = src_.store->Snapshot();
    std::vector<ServiceFigures> figures;
    Status read = BuildServiceFigures(*snap, now, &figures);
    if (!read.ok()) spdlog::warn("metrics: the per-service figures are incomplete: {}", read.ToString());
    std::set<std::string> catalog;
    for (const ServiceFigures& f : figures) catalog.insert(f.service.service_id);

    MetricFamily info = Family(MetricDefs::service_info, MetricType::Gauge);
    MetricFamily threshold = Family(MetricDefs::service_latency_threshold, MetricType::Gauge);
    MetricFamily latency = Family(MetricDefs::service_latency, MetricType::Gauge);
    MetricFamily age = Family(MetricDefs::service_probe_age, MetricType::Gauge);
    MetricFamily avail = Family(MetricDefs::service_availability, MetricType::Gauge);
    MetricFamily probes = Family(MetricDefs::service_probes, MetricType::Counter);
    MetricFamily status = Family(MetricDefs::service_status, MetricType::Gauge);

    // Quarter availability and the perspectives come from the ILS report, so
    // the metrics equal /api/v1/ils exactly. Best effort as above: a report
    // that fails to build leaves its rows out.
    QuarterId current = QuarterOf(now);
    IlsReport cur, prev;
    (void)BuildIlsReport(*snap, current, &cur);
    (void)BuildIlsReport(*snap, current - 1, &prev);

    for (const ServiceFigures& f : figures) {
      const ServiceEvent& s = f.service;
      const std::string& sid = s.service_id;
      Add(&info,
          {{"service_id", sid},
           {"name", s.name},
           {"owner", s.owner},
           {"category", Name(s.category)},
           {"focus_area", std::to_string(s.focus_area)}},
          1);
      Add(&threshold, {{"service_id", sid}}, double(s.latency_threshold_us) / 1e6);
      if (f.latest_latency_seconds) Add(&latency, {{"service_id", sid}}, *f.latest_latency_seconds);
      if (f.probe_age_seconds) Add(&age, {{"service_id", sid}}, *f.probe_age_seconds);
      if (f.availability_30d) Add(&avail, {{"service_id", sid}, {"window", "30d"}}, *f.availability_30d);
      Add(&probes, {{"service_id", sid}, {"result", "ok"}}, double(f.probes_ok));
      Add(&probes, {{"service_id", sid}, {"result", "failed"}}, double(f.probes_failed));
    }
    for (const auto& row : cur.rows)
      if (row.indicator == IndicatorId::kQualAvailability && row.scope == "service" &&
          catalog.count(row.scope_id))
        Add(&avail, {{"service_id", row.scope_id}, {"window", "quarter"}},
            std::strtod(row.value.c_str(), nullptr));

    MetricFamily active = Family(MetricDefs::service_announcements, MetricType::Gauge);
    if (src_.status) {
      if (auto city = src_.status()) {
        for (const auto& s : city->services) {
          int incidents = 0, maintenances = 0;
          for (size_t i : s.announcements) {
            const AnnouncementInfo& a = city->announcements[i];
            if (a.phase != AnnouncementPhase::kActive) continue;
            (a.a.kind == AnnouncementKind::kIncident ? incidents : maintenances)++;
          }
          Add(&active, {{"service_id", s.service_id}, {"kind", "incident"}}, incidents);
          Add(&active, {{"service_id", s.service_id}, {"kind", "planned_maintenance"}}, maintenances);
          for (StatusLevel l : {StatusLevel::kOperational, StatusLevel::kDegraded, StatusLevel::kOutage,
                                StatusLevel::kMaintenance, StatusLevel::kUnknown})
            Add(&status, {{"service_id", s.service_id}, {"status", LevelName(l)}}, s.level == l ? 1 : 0);
        }
      }
    }

    MetricFamily indicator = Family(MetricDefs::indicator, MetricType::Gauge);
    // quarter="current"/"previous" keeps the dashboards' queries stable across
    // quarters; this info series names them (join on quarter).
    MetricFamily quarter_info = Family(MetricDefs::indicator_quarter, MetricType::Gauge);
    Add(&quarter_info, {{"quarter", "current"}, {"name", QuarterName(current)}}, 1);
    Add(&quarter_info, {{"quarter", "previous"}, {"name", QuarterName(current - 1)}}, 1);
    for (const auto* r : {&cur, &prev}) {
      const char* which = r == &cur ? "current" : "previous";
      for (const auto& row : r->rows)
        Add(&indicator,
            {{"indicator", std::string(Name(row.indicator))},
             {"perspective", std::string(Name(Info(row.indicator).perspective))},
             {"scope", row.scope},
             {"scope_id", row.scope_id},
             {"quarter", which}},
            std::strtod(row.value.c_str(), nullptr));
    }
    for (auto* f :
         {&info, &status, &latency, &threshold, &age, &avail, &probes, &active, &indicator, &quarter_info})
      out->push_back(std::move(*f));
  }

  MetricSources src_;
  mutable std::mutex mu_;
  mutable std::vector<MetricFamily> cached_;
  mutable TimeMs cached_at_ = 0;
};

Metrics::Metrics(MetricSources sources)
    : registry_(std::make_shared<prometheus::Registry>()),
      scrape_(std::make_shared<ScrapeCollector>(std::move(sources))) {
  http_requests_ = &prometheus::BuildCounter()
                        .Name(MetricDefs::http_requests.name)
                        .Help(MetricDefs::http_requests.help)
                        .Register(*registry_);
  http_duration_ = &prometheus::BuildHistogram()
                        .Name(MetricDefs::http_duration.name)
                        .Help(MetricDefs::http_duration.help)
                        .Register(*registry_);
  auto& refused = prometheus::BuildCounter()
                      .Name(MetricDefs::http_refused.name)
                      .Help(MetricDefs::http_refused.help)
                      .Register(*registry_);
  refused_server_ = &refused.Add({{"limit", "server"}});
  refused_client_ = &refused.Add({{"limit", "client"}});
  auto& auth = prometheus::BuildCounter()
                   .Name(MetricDefs::admin_auth_failures.name)
                   .Help(MetricDefs::admin_auth_failures.help)
                   .Register(*registry_);
  for (const char* reason : {"missing", "wrong", "forbidden", "throttled"})
    auth_failures_[reason] = &auth.Add({{"reason", reason}});
  batch_duration_ =
      &prometheus::BuildHistogram()
           .Name(MetricDefs::fold_batch_duration.name)
           .Help(MetricDefs::fold_batch_duration.help)
           .Register(*registry_)
           .Add({}, prometheus::Histogram::BucketBoundaries{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                            0.1, 0.25, 0.5, 1, 2.5});
  batch_events_ =
      &prometheus::BuildHistogram()
           .Name(MetricDefs::fold_batch_events.name)
           .Help(MetricDefs::fold_batch_events.help)
           .Register(*registry_)
           .Add({}, prometheus::Histogram::BucketBoundaries{1, 10, 100, 1000, 5000, 10000, 50000});
}

Metrics::~Metrics() = default;

void Metrics::ObserveRequest(const std::string& route, int code, double seconds) {
  // Family::Add builds a label map and takes the family's lock; on the hot
  // path each thread remembers the series it has already looked up.
  struct Series {
    prometheus::Counter* requests;
    prometheus::Histogram* duration;
  };
  thread_local std::unordered_map<std::string, Series> cache;
  thread_local const Metrics* owner = nullptr;
  if (owner != this) {
    cache.clear();
    owner = this;
  }
  std::string key = route;
  key += '\0';
  key += std::to_string(code);
  auto it = cache.find(key);
  if (it == cache.end()) {
    Series s{
        &http_requests_->Add({{"route", route}, {"code", std::to_string(code)}}),
        &http_duration_->Add({{"route", route}}, prometheus::Histogram::BucketBoundaries{
                                                     0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1})};
    it = cache.emplace(std::move(key), s).first;
  }
  it->second.requests->Increment();
  it->second.duration->Observe(seconds);
}

void Metrics::ObserveRefused(bool client_limit) {
  (client_limit ? refused_client_ : refused_server_)->Increment();
}

void Metrics::ObserveAdminAuthFailure(std::string_view reason) {
  if (auto it = auth_failures_.find(reason); it != auth_failures_.end()) it->second->Increment();
}

void Metrics::ObserveBatch(size_t messages, double seconds) {
  batch_duration_->Observe(seconds);
  batch_events_->Observe(double(messages));
}

std::string Metrics::Render() const {
  std::vector<MetricFamily> families = registry_->Collect();
  auto more = scrape_->Collect();
  families.insert(families.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
  return prometheus::TextSerializer().Serialize(families);
}

}  // namespace followup
