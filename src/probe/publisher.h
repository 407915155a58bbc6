// Delivery of the agent's probe.v1 events to Kafka, with per-message delivery
// tracking.
//
// One librdkafka producer handle, configured like ingest/producer.h
// (enable.idempotence=true, acks=all) but with a large message.timeout.ms
// (10 min) so librdkafka keeps retrying while the broker is down. The shared
// Producer class only counts failures per Flush(), which cannot tell WHICH
// result failed; here every message carries its PendingResult as the
// librdkafka opaque, and a failed delivery puts exactly that result back at the
// front of the ResultBuffer. It is sent again under the same event_id, so the
// service folds it at most once.
//
// At most `window` results are inside librdkafka at a time (WindowFor: 1000,
// or a tenth of a smaller buffer bound); the rest wait in the ResultBuffer,
// whose bound and drop-oldest policy therefore govern what an outage costs:
// the `window` oldest results stay inside librdkafka and are retried, the
// newest (bound - window) wait in the buffer, everything in between is dropped. A fatal producer error
// (idempotence state lost) purges the handle, re-enqueues its messages, and creates a new handle.
// Thread-safety: none; Pump()/Drain() run on the agent's io_context thread,
// and delivery reports are served inside them.
#pragma once
#include <algorithm>
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "common/status.h"
#include "ingest/kafka_config.h"
#include "probe/probe_metrics.h"
#include "probe/result_buffer.h"

namespace followup::probe {

class Publisher {
 public:
  static constexpr size_t kDefaultWindow = 1'000;
  // The in-flight window for a buffer bound.
  static size_t WindowFor(size_t buffer_limit) {
    return std::max<size_t>(1, std::min(kDefaultWindow, buffer_limit / 10));
  }

  // settings: bootstrap.servers and pass-through librdkafka settings (the
  // caller's values win over the defaults above).
  static Status Create(const KafkaSettings& settings, std::string topic, ResultBuffer* buffer,
                       ProbeMetrics* metrics, std::unique_ptr<Publisher>* out,
                       size_t window = kDefaultWindow);
  ~Publisher();

  // Serves delivery reports and hands waiting results to librdkafka. Never blocks.
  void Pump();
  // Pumps until every result is acknowledged or timeout_ms passed; true when
  // nothing is left undelivered.
  bool Drain(int timeout_ms);

  size_t in_flight() const { return in_flight_; }
  void set_window(size_t w) { window_ = w == 0 ? 1 : w; }
  // Called for every acknowledged result (tests, accounting).
  void set_on_delivered(std::function<void(const PendingResult&)> f) { on_delivered_ = std::move(f); }
  uint64_t delivered() const { return delivered_; }
  // Wall time (ms since epoch) of the last successful delivery; 0: none yet.
  int64_t last_delivery_ms() const { return last_delivery_ms_; }

 private:
  Publisher() = default;
  Status MakeHandle();
  void RecycleHandle();  // after a fatal error
  static void OnDelivery(rd_kafka_t*, const rd_kafka_message_t* msg, void* opaque);
  static void OnError(rd_kafka_t*, int err, const char* reason, void* opaque);
  void Requeue(std::unique_ptr<PendingResult> r, const char* why);

  KafkaSettings settings_;
  std::string topic_;
  ResultBuffer* buffer_ = nullptr;
  ProbeMetrics* metrics_ = nullptr;
  prometheus::Counter* delivered_counter_ = nullptr;
  prometheus::Counter* failures_counter_ = nullptr;
  size_t window_ = kDefaultWindow;
  RdKafkaPtr rk_;
  size_t in_flight_ = 0;
  uint64_t delivered_ = 0;
  int64_t last_delivery_ms_ = 0;
  bool fatal_ = false;
  bool closing_ = false;
  std::function<void(const PendingResult&)> on_delivered_;
  std::chrono::steady_clock::time_point last_failure_log_{};
  std::chrono::steady_clock::time_point last_error_log_{};
  uint64_t failures_since_log_ = 0;
};

}  // namespace followup::probe
