#include "ingest/producer.h"

namespace followup {

namespace {

// A message not queued or not acknowledged, as every send reports it.
Status ProduceFailed(const std::string& topic, rd_kafka_resp_err_t err) {
  return Status::Unavailable("produce to " + topic + ": " + rd_kafka_err2str(err));
}

}  // namespace

// Per-message opaque of SendAllAndWait and SendEach: filled by the delivery report. Shared by
// the waiter and the report (which may come after a timed-out wait); the last
// of the two to let go deletes it.
struct Producer::Delivery {
  std::atomic<int64_t> offset{-1};
  std::atomic<int> err{RD_KAFKA_RESP_ERR__IN_PROGRESS};
  std::atomic<int> refs{2};
  void Release() {
    if (refs.fetch_sub(1) == 1) delete this;
  }
};

void Producer::OnDelivery(rd_kafka_t*, const rd_kafka_message_t* msg, void* opaque) {
  auto* self = static_cast<Producer*>(opaque);
  if (auto* d = static_cast<Delivery*>(msg->_private)) {
    d->offset = msg->offset;
    d->err = msg->err;
    d->Release();
  }
  if (msg->err) {
    self->failed_.fetch_add(1);
    std::lock_guard<std::mutex> l(self->mu_);
    self->last_error_ = rd_kafka_err2str(msg->err);
  }
}

Status Producer::Create(const KafkaSettings& settings, std::unique_ptr<Producer>* out) {
  std::unique_ptr<Producer> p(new Producer());
  KafkaSettings s = settings;
  s.emplace("enable.idempotence", "true");
  s.emplace("acks", "all");
  s.emplace("linger.ms", "5");
  s.emplace("message.timeout.ms", "30000");
  rd_kafka_conf_t* conf = nullptr;
  Status st = MakeKafkaConf(s, &conf);
  if (!st.ok()) return st;
  rd_kafka_conf_set_dr_msg_cb(conf, &Producer::OnDelivery);
  rd_kafka_conf_set_opaque(conf, p.get());
  st = MakeKafkaClient(RD_KAFKA_PRODUCER, conf, &p->rk_);
  if (!st.ok()) return st;
  *out = std::move(p);
  return Status::Ok();
}

Producer::~Producer() {
  if (rk_) rd_kafka_flush(rk_.get(), 5000);
  for (rd_kafka_topic_t* t : prepared_) rd_kafka_topic_destroy(t);
}

void Producer::Prepare(const std::string& topic) {
  // A new topic handle queries its leaders at once (asynchronously).
  if (rd_kafka_topic_t* t = rd_kafka_topic_new(rk_.get(), topic.c_str(), nullptr)) prepared_.push_back(t);
}

Status Producer::Send(const std::string& topic, std::string_view key, std::string_view value,
                      const KafkaHeaders& headers, int32_t partition) {
  return Produce(topic, key, value, headers, partition, nullptr);
}

Status Producer::SendAndWait(const std::string& topic, std::string_view key, std::string_view value,
                             int timeout_ms, int64_t* offset) {
  std::vector<int64_t> offsets;
  Status s = SendAllAndWait(topic, {{key, value, {}}}, timeout_ms, &offsets);
  if (s.ok()) *offset = offsets[0];
  return s;
}

std::vector<Producer::Delivery*> Producer::QueueEach(const std::string& topic,
                                                     const std::vector<Message>& messages,
                                                     bool stop_at_refusal,
                                                     std::vector<rd_kafka_resp_err_t>* refused) {
  refused->assign(messages.size(), RD_KAFKA_RESP_ERR_NO_ERROR);
  std::vector<Delivery*> pending(messages.size(), nullptr);
  for (size_t i = 0; i < messages.size(); ++i) {
    const Message& m = messages[i];
    auto* d = new Delivery();
    rd_kafka_resp_err_t err = Enqueue(topic, m.key, m.value, m.headers, -1, d);
    if (err) {  // refused before it was queued: no report will come
      delete d;
      (*refused)[i] = err;
      if (stop_at_refusal) break;
    } else {
      pending[i] = d;
    }
  }
  return pending;
}

Status Producer::SendAllAndWait(const std::string& topic, const std::vector<Message>& messages,
                                int timeout_ms, std::vector<int64_t>* offsets) {
  std::vector<rd_kafka_resp_err_t> refused;
  std::vector<Delivery*> pending = QueueEach(topic, messages, /*stop_at_refusal=*/true, &refused);
  Status s;
  for (rd_kafka_resp_err_t err : refused)
    if (err && s.ok()) s = ProduceFailed(topic, err);
  Status flushed = Flush(timeout_ms);  // serves the delivery reports of the queued ones
  if (s.ok()) s = flushed;
  offsets->clear();
  for (Delivery* d : pending) {
    if (!d) continue;
    auto err = static_cast<rd_kafka_resp_err_t>(d->err.load());
    if (s.ok() && err) s = ProduceFailed(topic, err);
    offsets->push_back(d->offset.load());
    d->Release();
  }
  if (!s.ok()) offsets->clear();
  return s;
}

Status Producer::SendEach(const std::string& topic, const std::vector<Message>& messages, int timeout_ms,
                          std::vector<rd_kafka_resp_err_t>* results) {
  std::vector<Delivery*> pending = QueueEach(topic, messages, /*stop_at_refusal=*/false, results);
  rd_kafka_flush(rk_.get(), timeout_ms);  // serves the delivery reports
  failed_.exchange(0);                    // accounted per message here, not for Flush()
  for (size_t i = 0; i < messages.size(); ++i) {
    Delivery* d = pending[i];
    if (!d) continue;
    auto err = static_cast<rd_kafka_resp_err_t>(d->err.load());
    (*results)[i] = err == RD_KAFKA_RESP_ERR__IN_PROGRESS ? RD_KAFKA_RESP_ERR__TIMED_OUT : err;
    d->Release();
  }
  return Status::Ok();
}

Status Producer::Produce(const std::string& topic, std::string_view key, std::string_view value,
                         const KafkaHeaders& headers, int32_t partition, void* msg_opaque) {
  rd_kafka_resp_err_t err = Enqueue(topic, key, value, headers, partition, msg_opaque);
  if (err) return ProduceFailed(topic, err);
  return Status::Ok();
}

rd_kafka_resp_err_t Producer::Enqueue(const std::string& topic, std::string_view key, std::string_view value,
                                      const KafkaHeaders& headers, int32_t partition, void* msg_opaque) {
  rd_kafka_headers_t* hdrs = rd_kafka_headers_new(headers.size());
  for (const auto& [k, v] : headers) rd_kafka_header_add(hdrs, k.data(), k.size(), v.data(), v.size());
  for (int attempt = 0;; ++attempt) {
    rd_kafka_resp_err_t err =
        rd_kafka_producev(rk_.get(), RD_KAFKA_V_TOPIC(topic.c_str()), RD_KAFKA_V_PARTITION(partition),
                          RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                          RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()),
                          RD_KAFKA_V_KEY(key.data(), key.size()), RD_KAFKA_V_HEADERS(hdrs),
                          RD_KAFKA_V_OPAQUE(msg_opaque), RD_KAFKA_V_END);
    if (!err) return err;  // headers now owned by librdkafka
    if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL && attempt < 1000) {
      rd_kafka_poll(rk_.get(), 10);  // back-pressure: serve delivery reports
      continue;
    }
    rd_kafka_headers_destroy(hdrs);
    return err;
  }
}

Status Producer::Flush(int timeout_ms) {
  rd_kafka_resp_err_t err = rd_kafka_flush(rk_.get(), timeout_ms);
  int64_t failed = failed_.exchange(0);
  if (err == RD_KAFKA_RESP_ERR__TIMED_OUT)
    return Status::Unavailable("Kafka did not acknowledge all messages within " + std::to_string(timeout_ms) +
                               " ms");
  if (failed > 0) {
    std::lock_guard<std::mutex> l(mu_);
    return Status::Unavailable(std::to_string(failed) + " message(s) not delivered: " + last_error_);
  }
  return Status::Ok();
}

}  // namespace followup
