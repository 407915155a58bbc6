// Every metric of the probe agent, declared once, the way metrics/metric_list.h
// declares the service's. X(member, type, name, help); type is a
// prometheus-cpp metric type (Counter, Gauge, Histogram). ProbeMetrics below
// holds one registered family per entry. Cardinality: per target 2 check
// series + 1 skipped series; everything else is fixed.
#pragma once
#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <memory>
#include <string>

// clang-format off
#define FOLLOWUP_PROBE_METRIC_LIST(X)                                                                  \
  X(checks, Counter, "followup_probe_checks_total",                                                   \
    "Checks completed, by service_id and result (ok, failed).")                                       \
  X(check_duration, Histogram, "followup_probe_check_duration_seconds",                               \
    "Wall time of one check (DNS, connect, TLS, redirects, response), by result.")                    \
  X(skipped_slots, Counter, "followup_probe_skipped_slots_total",                                     \
    "Scheduled checks not run because the previous check of the target was still in flight or "      \
    "the agent fell behind, by service_id.")                                                          \
  X(in_flight, Gauge, "followup_probe_checks_in_flight", "Checks running or waiting for a free slot.") \
  X(targets, Gauge, "followup_probe_targets", "Targets in the active configuration.")                 \
  X(queue_depth, Gauge, "followup_probe_delivery_queue_depth",                                        \
    "Results not yet acknowledged by Kafka (buffered in the agent plus handed to librdkafka).")       \
  X(delivered, Counter, "followup_probe_events_delivered_total", "probe.v1 events acknowledged by Kafka.") \
  X(delivery_failures, Counter, "followup_probe_delivery_failures_total",                            \
    "Failed deliveries reported by librdkafka (the result is re-enqueued).")                          \
  X(dropped, Counter, "followup_probe_results_dropped_total",                                         \
    "Results dropped, oldest first, because the delivery buffer was full.")                           \
  X(invalid, Counter, "followup_probe_invalid_events_total",                                          \
    "Built events the EventDecoder rejected (a bug; never sent).")                                   \
  X(reloads, Counter, "followup_probe_config_reloads_total", "Configuration reloads (SIGHUP), by result.")
// clang-format on

namespace followup::probe {

class ProbeMetrics {
 public:
  ProbeMetrics();
  // The text exposition format (version 0.0.4).
  std::string Render() const;

#define FOLLOWUP_PROBE_METRIC_MEMBER(member, type, name, help) prometheus::Family<prometheus::type>* member;
  FOLLOWUP_PROBE_METRIC_LIST(FOLLOWUP_PROBE_METRIC_MEMBER)
#undef FOLLOWUP_PROBE_METRIC_MEMBER

  // Buckets of check_duration (seconds).
  static const prometheus::Histogram::BucketBoundaries& DurationBuckets();

 private:
  std::shared_ptr<prometheus::Registry> registry_;
};

}  // namespace followup::probe
