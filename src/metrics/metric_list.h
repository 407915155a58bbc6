// Every metric the service exports, declared once. X(member, type, name, help).
// The Metrics struct (metrics.h) is generated from this list; nothing else
// names a metric. Cardinality (see README "Metrics"):
//   per e-service: 15 series (info 1, status 5, latency 1, threshold 1, age 1,
//   availability 2, probes 2, announcements 2)
//   indicators: <= 24 indicators x 2 quarters x (services + owners + focus areas
//   + categories + city + unknown scopes), and 2 quarter names
//   fixed: 9 event types + 6 reject reasons + duplicates + id conflicts + dropped dead letters +
//   ready + conflicts + rebuild 3 + store 2 +
//   lag (input partitions) + histograms + HTTP routes x codes + refused connections 2 +
//   admin auth failures 2 + notifications (channels x 4) + 2
#pragma once

// clang-format off
#define FOLLOWUP_METRIC_LIST(X)                                                                     \
  /* The service itself */                                                                          \
  X(events_folded, Counter, "followup_events_folded_total",                                         \
    "Valid, new events folded into the projections, by event type, over the whole log.")            \
  X(events_rejected, Counter, "followup_events_rejected_total",                                     \
    "Events rejected to the dead-letter topic, by reason, over the whole log.")                     \
  X(events_duplicate, Counter, "followup_events_duplicate_total",                                   \
    "Events whose event_id had already been folded (changed nothing), over the whole log.")         \
  X(events_id_conflict, Counter, "followup_events_id_conflict_total",                               \
    "Events whose event_id had been folded with other content in the same window (changed nothing; a producer bug).") \
  X(deadletters_dropped, Counter, "followup_deadletters_dropped_total",                             \
    "Rejected events whose dead letter the dead-letter topic refused for good (size, format): passed over, logged.") \
  X(consumer_lag, Gauge, "followup_consumer_lag_messages",                                          \
    "Messages in an input partition not yet folded (high watermark minus next offset).")            \
  X(ready, Gauge, "followup_ready", "1 when caught up with the log and healthy, else 0.")           \
  X(rebuild_active, Gauge, "followup_rebuild_active",                                               \
    "1 while the projections are rebuilt beside the served ones (they go on serving), else 0.")     \
  X(rebuild_remaining, Gauge, "followup_rebuild_remaining_messages",                                \
    "Messages the rebuild has still to fold to reach the served projections (0 without a rebuild).") \
  X(rebuild_eta, Gauge, "followup_rebuild_eta_seconds",                                             \
    "Estimated seconds until the rebuilt projections take over (0 without a rebuild; absent while not known).")          \
  X(copartition_conflicts, Gauge, "followup_copartition_conflicts",                                 \
    "Scale-out: e-services whose published rows came from two partitions (inputs not co-partitioned).") \
  X(fold_batch_duration, Histogram, "followup_fold_batch_duration_seconds",                         \
    "Time to commit one fold batch (dead letters, RocksDB write).")                                 \
  X(fold_batch_events, Histogram, "followup_fold_batch_events", "Messages per committed fold batch.") \
  X(store_size, Gauge, "followup_rocksdb_size_bytes", "Size of the projection store (SST files and memtables).") \
  X(store_stall, Counter, "followup_rocksdb_stall_seconds_total", "Time RocksDB stalled writes.")   \
  X(http_requests, Counter, "followup_http_requests_total", "HTTP requests by route and status code.") \
  X(http_duration, Histogram, "followup_http_request_duration_seconds", "HTTP request handling time by route.") \
  X(http_refused, Counter, "followup_http_connections_refused_total",                               \
    "HTTP connections or requests refused by a connection limit, by limit (server, client).")       \
  X(admin_auth_failures, Counter, "followup_admin_auth_failures_total",                             \
    "Admin API requests refused for their bearer token, by reason (missing, wrong, forbidden, "     \
    "throttled).")                                                                                  \
  /* Subscriptions (issue 16) */                                                                    \
  X(notifications_sent, Counter, "followup_notifications_sent_total",                               \
    "Notifications delivered since this process started, by channel (webhook, email).")                    \
  X(notifications_failed, Counter, "followup_notifications_failed_total",                           \
    "Notification delivery attempts that failed since this process started, by channel.")           \
  X(notifications_retried, Counter, "followup_notifications_retried_total",                         \
    "Notification delivery attempts that were retries since this process started, by channel.")     \
  X(notifications_queued, Gauge, "followup_notifications_queued",                                   \
    "Notifications waiting to be delivered, by channel (on the instance that notifies; 0 on the others).") \
  X(webhook_endpoints_disabled, Gauge, "followup_webhook_endpoints_disabled",                       \
    "Webhook endpoints disabled after failing too long (on the instance that notifies).")           \
  X(notifier_active, Gauge, "followup_notifier_active",                                             \
    "1 on the one instance that sends notifications (it holds the notifier's partition), else 0.")  \
  /* Per e-service */                                                                               \
  X(service_info, Gauge, "followup_service_info",                                                   \
    "Catalog entry of a non-retired e-service: name, owner, category, focus area (value 1).")       \
  X(service_status, Gauge, "followup_service_status",                                               \
    "Current citizen status of the e-service as a state set: 1 for its level, 0 for the others.")   \
  X(service_latency, Gauge, "followup_service_probe_latency_seconds",                               \
    "Mean latency of passing probes in the latest minute with probes.")                             \
  X(service_latency_threshold, Gauge, "followup_service_latency_threshold_seconds",                 \
    "Latency above which the e-service counts as degraded (catalog).")                              \
  X(service_probe_age, Gauge, "followup_service_probe_age_seconds",                                 \
    "Seconds since the end of the latest minute with a probe of the e-service.")                    \
  X(service_availability, Gauge, "followup_service_availability_ratio",                             \
    "(up + degraded) / (up + degraded + down) minutes, maintenance excluded; window quarter or 30d.") \
  X(service_probes, Counter, "followup_service_probes_total",                                       \
    "Probe results of the e-service by result (ok, failed), over the whole log.")                   \
  X(service_announcements, Gauge, "followup_service_announcements_active",                          \
    "Announcements in force for the e-service now, by kind (incident, planned_maintenance).")       \
  /* The five perspectives */                                                                       \
  X(indicator, Gauge, "followup_indicator_value",                                                   \
    "ILS indicator value (indicators.md) of the current or previous quarter, by scope.")          \
  X(indicator_quarter, Gauge, "followup_indicator_quarter_info",                                   \
    "Which quarter the indicator series' quarter label means: quarter current or previous, name e.g. 2026Q4 (value 1).")
// clang-format on
