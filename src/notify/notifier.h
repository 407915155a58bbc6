// The notifier (issue 16): tells the webhook subscribers of a service when
// its level has changed and held (outbox.h), one message per subscriber per
// change, signed, retried, in order per endpoint (webhook_delivery.h,
// endpoint_queue.h).
//
// One notifier per city, whatever the number of instances: every instance
// runs one, and they share the consumer group "<group>.notifier" on the
// state topic (one partition), so the member that holds the partition is the
// one that notifies. When it gets the partition it reads the topic whole
// (what was told, what waits) before it does anything; when a rebalance takes
// it away, it lets the attempts in flight end and writes their outcomes
// (bounded by the delivery and SMTP timeouts), then drops what it held (the
// next holder reads the same records). An attempt still running at that
// bound or when the coordinator stops waiting for this member to rejoin
// (Kafka: max.poll.interval.ms; the mock cluster: about a session), or in
// flight when the process dies, may be repeated by the next holder, with the
// same webhook-id. A member whose session expired (a stalled
// process) stops as soon as librdkafka reports the assignment lost; until
// then, which is not fenced, it may repeat a message (with its id).
//
// Every change of state is written to the state topic and acknowledged
// before the notifier acts on it (outbox.h says in which order), so a kill -9
// loses no notification. A write that fails is tried again before anything
// else is done. Nothing is observed while `ready` says no (a restart must not
// tell everyone "Okänd status") or before the subscriptions are read.
//
// Thread-safety: Start/Stop from one thread; stats() from any. The loop, the
// Kafka callbacks and the deliveries run on the notifier's own thread.
#pragma once
#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "common/status.h"
#include "ingest/kafka_config.h"
#include "notify/outbox.h"
#include "notify/smtp_sender.h"
#include "notify/webhook_delivery.h"
#include "readmodels/status_engine.h"

namespace followup {
class Producer;
}

namespace followup::notify {

struct NotifierOptions {
  KafkaSettings kafka;
  std::string group_id;     // the notifiers' consumer group ("<group>.notifier")
  std::string state_topic;  // Topics::notifications()
  OutboxOptions outbox;
  DeliveryOptions delivery;
  std::string user_agent = "followup-notifier";
  std::function<std::shared_ptr<const CityStatus>()> status;
  std::function<bool()> ready;  // the read side shows the caught-up state
  std::function<std::shared_ptr<const Subscriptions>()> subscriptions;
  // E-mail (may be empty: no e-mail subscriptions are read). A message to a
  // subscriber is composed when it is sent (mail_texts.h, mail_message.h)
  // and handed to the relay on a thread of its own; without a relay
  // (smtp.host empty) every attempt fails and is retried.
  std::function<std::shared_ptr<const EmailSubscriptions>()> emails;
  SmtpSettings smtp;
  std::string mail_from;                      // "Name <address>"
  std::string link_key;                       // signs the links in mails
  std::string subscriptions_topic;            // where an expired pending subscription's tombstone goes
  std::function<bool()> subscriptions_ready;  // every subscription record read
  std::function<TimeMs()> clock;              // default: the system clock
  int tick_ms = 250;                          // how often the statuses are looked at
};

class Notifier {
 public:
  explicit Notifier(NotifierOptions options);
  ~Notifier();
  Notifier(const Notifier&) = delete;
  Notifier& operator=(const Notifier&) = delete;

  // Creates the consumer and the producer (a bad setting fails here), then
  // starts the thread.
  Status Start();
  void Stop();

  struct Stats {
    bool active = false;  // this instance notifies
    int64_t queued = 0, disabled = 0;
    int64_t sent = 0, failed = 0, retried = 0;  // webhook attempts since start
    int64_t email_sent = 0, email_failed = 0, email_retried = 0, email_queued = 0;
  };
  Stats stats() const;

 private:
  class Loop;
  NotifierOptions options_;
  std::unique_ptr<Loop> loop_;
  std::thread thread_;
};

}  // namespace followup::notify
