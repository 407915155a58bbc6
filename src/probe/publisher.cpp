#include "probe/publisher.h"

#include <spdlog/spdlog.h>

#include <thread>
#include "common/time.h"

namespace followup::probe {

Status Publisher::Create(const KafkaSettings& settings, std::string topic, ResultBuffer* buffer,
                         ProbeMetrics* metrics, std::unique_ptr<Publisher>* out, size_t window) {
  std::unique_ptr<Publisher> p(new Publisher());
  p->settings_ = settings;
  p->settings_.emplace("enable.idempotence", "true");
  p->settings_.emplace("acks", "all");
  p->settings_.emplace("linger.ms", "20");
  // Large: librdkafka keeps retrying through a broker outage; what still fails
  // after 10 minutes comes back to the ResultBuffer and is sent again.
  p->settings_.emplace("message.timeout.ms", "600000");
  p->settings_.emplace("client.id", "followup-probe");
  p->topic_ = std::move(topic);
  p->buffer_ = buffer;
  p->metrics_ = metrics;
  p->window_ = window == 0 ? 1 : window;
  if (metrics) {
    p->delivered_counter_ = &metrics->delivered->Add({});
    p->failures_counter_ = &metrics->delivery_failures->Add({});
  }
  Status s = p->MakeHandle();
  if (!s.ok()) return s;
  *out = std::move(p);
  return Status::Ok();
}

Status Publisher::MakeHandle() {
  rd_kafka_conf_t* conf = nullptr;
  Status s = MakeKafkaConf(settings_, &conf);
  if (!s.ok()) return s;
  rd_kafka_conf_set_dr_msg_cb(conf, &Publisher::OnDelivery);
  rd_kafka_conf_set_error_cb(conf, &Publisher::OnError);
  rd_kafka_conf_set_opaque(conf, this);
  return MakeKafkaClient(RD_KAFKA_PRODUCER, conf, &rk_);
}

Publisher::~Publisher() {
  if (!rk_) return;
  // Whatever is still inside librdkafka comes back through the delivery
  // callback (as purged) so that its PendingResult is freed, not re-enqueued.
  closing_ = true;
  rd_kafka_purge(rk_.get(), RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
  rd_kafka_poll(rk_.get(), 0);
  rk_.reset();
}

void Publisher::OnError(rd_kafka_t* rk, int err, const char* reason, void* opaque) {
  auto* self = static_cast<Publisher*>(opaque);
  if (err == RD_KAFKA_RESP_ERR__FATAL) {
    char buf[512];
    rd_kafka_resp_err_t orig = rd_kafka_fatal_error(rk, buf, sizeof buf);
    spdlog::error("probe: fatal Kafka producer error {}: {}; recreating the producer",
                  rd_kafka_err2name(orig), buf);
    self->fatal_ = true;
    return;
  }
  auto now = std::chrono::steady_clock::now();
  if (now - self->last_error_log_ >= std::chrono::seconds(10)) {
    self->last_error_log_ = now;
    spdlog::warn("probe: Kafka: {} ({}); results are kept and retried", reason,
                 rd_kafka_err2name(rd_kafka_resp_err_t(err)));
  }
}

void Publisher::OnDelivery(rd_kafka_t*, const rd_kafka_message_t* msg, void* opaque) {
  auto* self = static_cast<Publisher*>(opaque);
  std::unique_ptr<PendingResult> r(static_cast<PendingResult*>(msg->_private));
  if (self->in_flight_ > 0) --self->in_flight_;
  self->buffer_->set_in_flight(self->in_flight_);
  if (!msg->err) {
    ++self->delivered_;
    self->last_delivery_ms_ = WallNowMs();
    if (self->delivered_counter_) self->delivered_counter_->Increment();
    if (self->on_delivered_ && r) self->on_delivered_(*r);
    return;
  }
  if (!r || self->closing_) return;
  self->Requeue(std::move(r), rd_kafka_err2str(msg->err));
}

void Publisher::Requeue(std::unique_ptr<PendingResult> r, const char* why) {
  if (failures_counter_) failures_counter_->Increment();
  ++failures_since_log_;
  auto now = std::chrono::steady_clock::now();
  if (now - last_failure_log_ >= std::chrono::seconds(10)) {
    spdlog::warn("probe: {} delivery failure(s), latest {}: {}; re-enqueued under the same event_id",
                 failures_since_log_, r->event_id, why);
    failures_since_log_ = 0;
    last_failure_log_ = now;
  }
  buffer_->PushFront(std::move(*r));
}

void Publisher::RecycleHandle() {
  fatal_ = false;
  rd_kafka_purge(rk_.get(), RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
  // Delivery reports for the purged messages re-enqueue them (in reverse, so
  // the oldest ends up first again as far as librdkafka reports in order).
  for (int i = 0; i < 100 && in_flight_ > 0; ++i) rd_kafka_poll(rk_.get(), 10);
  rk_.reset();
  in_flight_ = 0;
  buffer_->set_in_flight(0);
  Status s = MakeHandle();
  if (!s.ok()) spdlog::error("probe: cannot recreate the Kafka producer: {}", s.message());
}

void Publisher::Pump() {
  if (!rk_) {
    if (!MakeHandle().ok()) return;
  }
  rd_kafka_poll(rk_.get(), 0);
  if (fatal_) RecycleHandle();
  if (!rk_) return;
  while (!buffer_->empty() && in_flight_ < window_) {
    auto r = std::make_unique<PendingResult>(buffer_->PopFront());
    ++r->attempts;
    rd_kafka_resp_err_t err = rd_kafka_producev(
        rk_.get(), RD_KAFKA_V_TOPIC(topic_.c_str()), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
        RD_KAFKA_V_VALUE(const_cast<char*>(r->value.data()), r->value.size()),
        RD_KAFKA_V_KEY(r->key.data(), r->key.size()), RD_KAFKA_V_OPAQUE(r.get()), RD_KAFKA_V_END);
    if (err) {
      --r->attempts;
      buffer_->PushFront(std::move(*r));
      if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
        auto now = std::chrono::steady_clock::now();
        if (now - last_error_log_ >= std::chrono::seconds(10)) {
          last_error_log_ = now;
          spdlog::warn("probe: producing to {} failed: {}; will retry", topic_, rd_kafka_err2str(err));
        }
      }
      break;
    }
    (void)r.release();  // owned by librdkafka until its delivery report
    ++in_flight_;
    buffer_->set_in_flight(in_flight_);
  }
}

bool Publisher::Drain(int timeout_ms) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (true) {
    Pump();
    if (buffer_->empty() && in_flight_ == 0) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    if (rk_)
      rd_kafka_poll(rk_.get(), 50);
    else
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

}  // namespace followup::probe
