// The notifier's state as a value (issue 16): what was told of each service,
// and each webhook endpoint's queue, with every change it makes returned as
// the records (notify_state.h) to write to the state topic. The caller (the
// notifier, notifier.h) writes them and waits for Kafka's acknowledgement
// before it acts on them:
//   - Observe plans the messages that settled level changes call for; the
//     plan's queued records are written first, then its told records, and
//     only then is the plan applied (Apply) and may a message be attempted.
//     A crash before the told records are acknowledged makes the next
//     notifier plan the same messages again, with the same ids, which the
//     queue keeps once: nothing is lost and nothing is queued twice.
//   - Start marks the due head of each endpoint in flight; Finish records
//     its outcome. A message delivered but not yet recorded when the process
//     dies is sent again with the same webhook-id (the receiver deduplicates).
// What triggers a message: a settled level change (level_changes.h) and an
// announcement's publication, revision, start, end or reminder
// (announcement_changes.h), for every subscription that follows one of the
// services concerned.
// Message ids are "msg_" + 32 hex digits of SHA-256 of the change's id, so
// every instance, and a restarted one, names a message alike.
// Time is given, never read.
// Thread-safety: none; one notifier thread.
#pragma once
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/time.h"
#include "notify/announcement_changes.h"
#include "notify/email_subscription.h"
#include "notify/endpoint_queue.h"
#include "notify/level_changes.h"
#include "notify/notify_state.h"
#include "notify/subscription_record.h"
#include "readmodels/status_engine.h"

namespace followup::notify {

// Every webhook subscription, by id.
using Subscriptions = std::map<std::string, WebhookSubscription, std::less<>>;
// Every e-mail subscription, by id.
using EmailSubscriptions = std::map<std::string, EmailSubscription, std::less<>>;

// One record to write to the state topic; no value: a tombstone.
struct StateWrite {
  std::string key;
  std::optional<std::string> value;
};

struct OutboxOptions {
  TimeMs settle_ms = LevelChangeDetector::kDefaultSettleMs;
  TimeMs remind_before_ms = AnnouncementChangeDetector::kDefaultRemindBeforeMs;
  std::string public_url;  // absolute, without a trailing '/': the links in messages
};

// What the endpoints' queues hold, for metrics and the admin API.
struct EndpointView {
  size_t queued = 0;
  EndpointRecord record;
};

class Outbox {
 public:
  explicit Outbox(OutboxOptions options);

  // Loading: every record of the state topic, in log order; value null: a
  // tombstone. An unreadable record is skipped with *problem set (the caller
  // logs it); it is replaced by the next record of its key.
  void Load(std::string_view key, const std::string_view* value, std::string* problem);
  // After the last record: orders each queue by seq.
  void FinishLoad();

  // Brings the state in line with the subscriptions: a removed
  // subscription's queue and endpoint state go (tombstones); a disabled
  // endpoint whose subscription asks to be enabled later than it was
  // disabled takes messages again; a pending e-mail subscription gets its
  // confirmation message ({"type":"subscription.confirm"}) once, and one
  // pending for longer than kPendingExpiryMs is named in *expired (the
  // caller writes its tombstone on the subscriptions topic).
  std::vector<StateWrite> Reconcile(const Subscriptions& subs, TimeMs now,
                                    const EmailSubscriptions* emails = nullptr,
                                    std::vector<std::string>* expired = nullptr);

  struct Plan {
    std::vector<LevelChange> changes;
    std::vector<AnnouncementChange> announcement_changes;
    std::vector<StateWrite> queued;  // write these first,
    std::vector<StateWrite> told;    // then these, then Apply.
    LevelChangeDetector detector;
    AnnouncementChangeDetector announcements;
    std::vector<std::pair<std::string, EndpointQueue::Item>> pushes;  // subscription id, item
    bool empty() const { return queued.empty() && told.empty(); }
  };
  // What the statuses call for now (nothing is changed until Apply).
  // Confirmed e-mail subscriptions are told as webhooks are; pending ones nothing.
  Plan Observe(TimeMs now, const CityStatus& status, const Subscriptions& subs,
               const EmailSubscriptions* emails = nullptr) const;
  void Apply(Plan plan);

  struct Attempt {
    std::string subscription_id;
    EndpointQueue::Item item;
  };
  // The heads due now of the endpoints with none in flight, marked in flight.
  std::vector<Attempt> StartDue(TimeMs now);
  // The outcome of an attempt Start gave; error empty: delivered. The
  // records that say so. *retried: the attempt was a retry; *disabled: it
  // disabled the endpoint.
  std::vector<StateWrite> Finish(const std::string& subscription_id, const std::string& message_id,
                                 const std::string& error, TimeMs now, bool* retried, bool* disabled);
  // Forgets that an attempt is in flight without an outcome (the notifier
  // stopped or lost ownership before it ended): the head is due again.
  void Abandon(const std::string& subscription_id);

  // When the next head is due (to sleep until), nullopt when none waits.
  std::optional<TimeMs> NextDue() const;
  size_t queued() const;
  size_t disabled() const;
  // Attempts started (StartDue) whose outcome is not in yet.
  size_t in_flight() const;
  std::map<std::string, EndpointView> Endpoints() const;
  const LevelChangeDetector::Told& told() const { return detector_.told(); }
  const AnnouncementChangeDetector::Told& announcements_told() const { return announcements_.told(); }

  // "msg_" + 32 hex digits of SHA-256 of a change's id.
  static std::string MessageId(std::string_view change_id);

 private:
  struct Endpoint {
    EndpointQueue queue;
    EndpointRecord record;
    bool in_flight = false;
  };
  StateWrite QueuedWrite(const std::string& sub, const EndpointQueue::Item& item) const;
  StateWrite EndpointWrite(const std::string& sub, const Endpoint& e) const;
  // Queues body for every subscription that follows one of services.
  void Queue(const std::string& message_id, const std::string& body, const std::vector<std::string>& services,
             const Subscriptions& subs, const EmailSubscriptions* emails, TimeMs now, int64_t* seq,
             Plan* plan) const;
  void QueueOne(const std::string& sub, const std::string& message_id, const std::string& body, TimeMs now,
                int64_t* seq, Plan* plan) const;

  OutboxOptions options_;
  LevelChangeDetector detector_;
  AnnouncementChangeDetector announcements_;
  std::map<std::string, Endpoint, std::less<>> endpoints_;  // by subscription id
  int64_t next_seq_ = 1;
  std::set<std::string, std::less<>> confirmations_;  // pending subscriptions whose confirmation was queued
  // Loading only.
  LevelChangeDetector::Told loaded_told_;
  AnnouncementChangeDetector::Told loaded_announcements_;
  std::set<std::string, std::less<>> loaded_confirmations_;
  std::map<std::string, std::vector<EndpointQueue::Item>> loaded_items_;
};

}  // namespace followup::notify
