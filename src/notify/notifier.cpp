#include "notify/notifier.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <mutex>
#include <set>
#include <thread>

#include "common/escape.h"
#include "ingest/consumer.h"
#include "ingest/producer.h"
#include "notify/mail_message.h"
#include "notify/mail_texts.h"
#include "notify/retry_schedule.h"
#include "notify/webhook_signature.h"
#include "probe/http_client.h"

namespace followup::notify {

class Notifier::Loop {
 public:
  explicit Loop(const NotifierOptions& o) : o_(o) {}

  Status Init() {
    Status s = Producer::Create(ProducerSettings(o_.kafka), &producer_);
    if (!s.ok()) return s;
    std::string error;
    tls_ = probe::MakeClientTlsContext(&error);
    if (!tls_) return Status::Unavailable("notify: TLS: " + error);
    return Consumer::Create(
        o_.kafka, o_.group_id, false,
        [this](bool assigned, const std::vector<TopicPartition>& parts) { OnRebalance(assigned, parts); },
        &consumer_);
  }

  void Run() {
    Status s = consumer_->Subscribe({o_.state_topic});
    if (!s.ok()) {
      spdlog::error("notify: {}; no notifications are sent", s.message());
      return;
    }
    env_.ioc = &ioc_;
    env_.tls = tls_.get();
    env_.resolver_pool = &resolver_;
    env_.user_agent = o_.user_agent;
    TimeMs last_step = 0;
    while (!stop_.load()) {
      (void)consumer_->Poll(active_ ? 20 : 100, [this](const InputMessage& m) { OnRecord(m); });
      ioc_.restart();
      (void)ioc_.poll();
      TimeMs now = Now();
      if (active_ && consumer_->AssignmentLost()) {
        // The session expired (the process stalled): another member may hold the partition now.
        spdlog::warn("notify: this instance lost the notifier's partition; it stops notifying");
        ++epoch_;
        active_ = false;
        outbox_.reset();
        pending_.clear();
      }
      if (active_ && now - last_step >= o_.tick_ms) {
        Step(now);
        last_step = now;
      }
      Publish();
    }
    ++epoch_;         // outcomes that come in now are dropped,
    active_ = false;  // and Close's revocation waits for none
    ioc_.stop();
    resolver_.join();
    mail_pool_.join();
    consumer_->Close();
  }

  void Stop() { stop_ = true; }
  Stats stats() const {
    std::lock_guard<std::mutex> l(stats_mu_);
    return stats_;
  }

 private:
  TimeMs Now() const { return o_.clock ? o_.clock() : WallNowMs(); }

  void OnRebalance(bool assigned, const std::vector<TopicPartition>& parts) {
    if (!assigned && !consumer_->AssignmentLost()) FinishInFlight();
    ++epoch_;
    active_ = false;
    outbox_.reset();
    pending_.clear();
    if (!assigned) {
      consumer_->Unassign(parts);
      spdlog::info("notify: this instance no longer notifies");
      return;
    }
    PartitionOffsets at;
    for (const auto& tp : parts) at.emplace_back(tp, RD_KAFKA_OFFSET_BEGINNING);
    Status s = consumer_->Assign(at, false);
    int64_t start = 0, end = 0;
    if (s.ok() && !parts.empty()) s = consumer_->QueryWatermarks(parts.front(), 10000, &start, &end);
    if (!s.ok()) {
      spdlog::error("notify: reading the state topic: {}; not notifying", s.message());
      return;
    }
    if (parts.empty()) return;
    outbox_ = std::make_unique<Outbox>(o_.outbox);
    load_end_ = end;
    loading_ = true;
    if (end <= start) FinishLoad();
  }

  // Before this member gives the partition up (a rebalance, not a lost
  // session): the attempts in flight end here and their outcomes are
  // written, so the next holder, which reads the state topic when it gets
  // the partition, does not send again what this one delivered. Bounded by
  // the longest an attempt may take; one still running then is repeated by
  // the next holder, with its id.
  void FinishInFlight() {
    if (!active_ || !outbox_) return;
    const int64_t longest = std::max(o_.delivery.timeout_ms, o_.smtp.timeout_ms) + 1000;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(longest);
    if (outbox_->in_flight() > 0)
      spdlog::info("notify: finishing {} attempt(s) in flight before the partition goes",
                   outbox_->in_flight());
    while (outbox_->in_flight() > 0 && std::chrono::steady_clock::now() < deadline) {
      ioc_.restart();
      // An e-mail's outcome comes from the mail thread: nothing to run until then.
      if (ioc_.run_one_for(std::chrono::milliseconds(50)) == 0)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    (void)WritePending();
  }

  void OnRecord(const InputMessage& m) {
    if (!loading_ || !outbox_) return;  // while active: our own writes coming back
    std::string problem;
    outbox_->Load(m.key, m.has_value ? &m.value : nullptr, &problem);
    if (!problem.empty()) spdlog::warn("notify: state record at offset {} skipped: {}", m.offset, problem);
    if (m.offset + 1 >= load_end_) FinishLoad();
  }

  void FinishLoad() {
    outbox_->FinishLoad();
    loading_ = false;
    active_ = true;
    spdlog::info("notify: this instance notifies ({} message(s) waiting, {} service level(s) told)",
                 outbox_->queued(), outbox_->told().size());
  }

  // Writes records and waits for Kafka's acknowledgement of every one.
  bool Write(const std::vector<StateWrite>& writes) {
    if (writes.empty()) return true;
    std::vector<Producer::Message> msgs;
    msgs.reserve(writes.size());
    for (const auto& w : writes)
      msgs.push_back({w.key, w.value ? std::string_view(*w.value) : std::string_view(), {}});
    std::vector<rd_kafka_resp_err_t> results;
    Status s = producer_->SendEach(o_.state_topic, msgs, 10000, &results);
    for (size_t i = 0; s.ok() && i < results.size(); ++i)
      if (results[i] != RD_KAFKA_RESP_ERR_NO_ERROR)
        s = Status::Unavailable(std::string(rd_kafka_err2str(results[i])));
    if (!s.ok()) {
      spdlog::warn("notify: writing the state topic {} failed ({}); trying again before anything else",
                   o_.state_topic, s.message());
      return false;
    }
    return true;
  }

  // Writes what an earlier Write could not; true when nothing waits any more.
  bool WritePending() {
    if (pending_.empty()) return true;
    if (!Write(pending_)) return false;
    pending_.clear();
    return true;
  }

  void Step(TimeMs now) {
    if (!WritePending()) return;
    if (!o_.subscriptions_ready || !o_.subscriptions_ready()) return;
    std::shared_ptr<const Subscriptions> subs = o_.subscriptions();
    std::shared_ptr<const EmailSubscriptions> emails =
        o_.emails ? o_.emails() : std::make_shared<const EmailSubscriptions>();
    std::vector<std::string> expired;
    std::vector<StateWrite> writes = outbox_->Reconcile(*subs, now, emails.get(), &expired);
    if (!Write(writes)) {
      pending_ = std::move(writes);
      return;
    }
    Expire(expired);
    if (o_.ready && o_.ready()) {
      std::shared_ptr<const CityStatus> status = o_.status ? o_.status() : nullptr;
      if (status) {
        Outbox::Plan plan = outbox_->Observe(now, *status, *subs, emails.get());
        if (!plan.empty()) {
          if (!Write(plan.queued) || !Write(plan.told)) return;  // planned again next time
          for (const auto& c : plan.changes)
            spdlog::info("notify: {} changed from {} to {}", c.service_id, LevelName(c.from),
                         LevelName(c.to));
          for (const auto& c : plan.announcement_changes)
            spdlog::info("notify: {} ({})", JsonEscape(c.id), MessageType(c.what));
          if (!plan.pushes.empty()) spdlog::info("notify: {} message(s) queued", plan.pushes.size());
          outbox_->Apply(std::move(plan));
        }
      }
    }
    for (Outbox::Attempt& a : outbox_->StartDue(now)) {
      auto email = emails->find(a.subscription_id);
      if (email != emails->end())
        Mail(email->second, a, now);
      else
        Attempt(*subs, a, now);
    }
  }

  // Tombstones, on the subscriptions topic, of pending e-mail subscriptions
  // never confirmed (once each: the reader removes them when they come back).
  void Expire(const std::vector<std::string>& ids) {
    for (const std::string& id : ids) {
      if (expired_.count(id) || o_.subscriptions_topic.empty()) continue;
      std::vector<rd_kafka_resp_err_t> results;
      Status s = producer_->SendEach(o_.subscriptions_topic, {{id, std::string_view(), {}}}, 10000, &results);
      if (s.ok() && results[0] == RD_KAFKA_RESP_ERR_NO_ERROR) {
        expired_.insert(id);
        spdlog::info("notify: e-mail subscription {} was not confirmed in time and is removed", id);
      }
    }
  }

  void Mail(const EmailSubscription& s, const Outbox::Attempt& a, TimeMs now) {
    MailText text;
    Status st = RenderMail(a.item.body, s, o_.outbox.public_url, o_.link_key, &text);
    MailMessage m;
    m.from = o_.mail_from;
    m.to = s.address;
    m.subject = text.subject;
    m.text = text.text;
    m.unsubscribe_url = text.unsubscribe_url;
    m.message_id = "<" + a.item.message_id + "." + s.id + "@followup.invalid>";
    m.date = now;
    m.language = s.language;
    std::string bytes;
    if (st.ok()) st = ComposeMail(m, &bytes);
    if (st.ok() && o_.smtp.host.empty())
      st = Status::Unavailable("no SMTP relay is configured (--smtp-host)");
    std::string envelope_from, name;
    if (st.ok()) st = ParseMailbox(o_.mail_from, &name, &envelope_from);
    int64_t epoch = epoch_;
    if (!st.ok()) {
      DeliveryResult r;
      r.error = st.message();
      return Outcome(s.id, a.item.message_id, r);
    }
    boost::asio::post(mail_pool_, [this, epoch, id = s.id, msg = a.item.message_id, rcpt = s.address,
                                   envelope_from, bytes = std::move(bytes)] {
      Status sent = SendMail(o_.smtp, envelope_from, rcpt, bytes);
      boost::asio::post(ioc_, [this, epoch, id, msg, sent] {
        if (epoch != epoch_ || !outbox_) return;  // no longer ours
        DeliveryResult r;
        r.delivered = sent.ok();
        r.error = sent.ok() ? "" : sent.message();
        Outcome(id, msg, r);
      });
    });
  }

  void Attempt(const Subscriptions& subs, const Outbox::Attempt& a, TimeMs now) {
    auto sub = subs.find(a.subscription_id);
    std::string key;
    if (sub == subs.end() || !ParseWebhookSecret(sub->second.secret, &key).ok()) {
      outbox_->Abandon(a.subscription_id);  // removed meanwhile: Reconcile drops it
      return;
    }
    WebhookEndpoint endpoint{a.subscription_id, sub->second.url, key};
    WebhookMessage message{a.item.message_id, now / 1000, a.item.body};
    int64_t epoch = epoch_;
    DeliverWebhook(env_, endpoint, message, o_.delivery,
                   [this, epoch, id = a.subscription_id, msg = a.item.message_id](const DeliveryResult& r) {
                     if (epoch != epoch_ || !outbox_) return;  // no longer ours
                     Outcome(id, msg, r);
                   });
  }

  void Outcome(const std::string& id, const std::string& msg, const DeliveryResult& r) {
    bool retried = false, disabled = false;
    std::string error = r.delivered ? "" : (r.error.empty() ? "failed" : r.error);
    std::vector<StateWrite> writes = outbox_->Finish(id, msg, error, Now(), &retried, &disabled);
    const bool email = IsEmail(id);
    {
      std::lock_guard<std::mutex> l(stats_mu_);
      if (email) {
        (r.delivered ? stats_.email_sent : stats_.email_failed) += 1;
        if (retried) stats_.email_retried += 1;
      } else {
        (r.delivered ? stats_.sent : stats_.failed) += 1;
        if (retried) stats_.retried += 1;
      }
    }
    const char* channel = email ? "e-mail subscription" : "webhook";
    if (r.delivered)
      spdlog::info("notify: {} delivered to {} {}", msg, channel, id);
    else
      spdlog::warn("notify: {} to {} {} failed: {}", msg, channel, id, error);
    if (disabled)
      spdlog::error(
          "notify: webhook {} disabled after {} failed attempts ({}); fix the endpoint, then POST "
          "/api/v1/webhooks/{}/enable",
          id, kMaxDeliveryAttempts, error, id);
    if (!Write(writes)) pending_.insert(pending_.end(), writes.begin(), writes.end());
  }

  bool IsEmail(const std::string& id) const {
    if (!o_.emails) return false;
    auto emails = o_.emails();
    return emails->count(id) > 0;
  }

  void Publish() {
    int64_t webhook = 0, email = 0, disabled = 0;
    if (outbox_ && active_) {
      auto emails = o_.emails ? o_.emails() : std::make_shared<const EmailSubscriptions>();
      for (const auto& [id, v] : outbox_->Endpoints())
        (emails->count(id) ? email : webhook) += int64_t(v.queued);
      disabled = int64_t(outbox_->disabled());
    }
    std::lock_guard<std::mutex> l(stats_mu_);
    stats_.active = active_;
    stats_.queued = webhook;
    stats_.email_queued = email;
    stats_.disabled = disabled;
  }

  const NotifierOptions& o_;
  std::unique_ptr<Consumer> consumer_;
  std::unique_ptr<Producer> producer_;
  std::unique_ptr<boost::asio::ssl::context> tls_;
  boost::asio::io_context ioc_;
  boost::asio::thread_pool resolver_{1};
  boost::asio::thread_pool mail_pool_{1};  // SendMail blocks: one relay conversation at a time
  std::set<std::string> expired_;
  probe::ClientEnv env_;
  std::atomic<bool> stop_{false};
  // The loop's own (its thread only).
  std::unique_ptr<Outbox> outbox_;
  bool loading_ = false, active_ = false;
  int64_t load_end_ = 0;
  int64_t epoch_ = 0;  // changes when ownership does: older outcomes are dropped
  std::vector<StateWrite> pending_;
  mutable std::mutex stats_mu_;
  Stats stats_;
};

Notifier::Notifier(NotifierOptions options) : options_(std::move(options)) {}

Notifier::~Notifier() { Stop(); }

Status Notifier::Start() {
  loop_ = std::make_unique<Loop>(options_);
  Status s = loop_->Init();
  if (!s.ok()) {
    loop_.reset();
    return s;
  }
  thread_ = std::thread([this] { loop_->Run(); });
  return Status::Ok();
}

void Notifier::Stop() {
  if (loop_) loop_->Stop();
  if (thread_.joinable()) thread_.join();
}

Notifier::Stats Notifier::stats() const { return loop_ ? loop_->stats() : Stats{}; }

}  // namespace followup::notify
