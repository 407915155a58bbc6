#include "notify/outbox.h"

#include <gtest/gtest.h>

#include "notify/retry_schedule.h"

namespace followup::notify {
namespace {

constexpr TimeMs kMin = 60 * 1000;
const TimeMs kT0 = *ParseRfc3339("2026-12-02T08:00:00Z");
// echo -n "a/outage/2026-12-02T08:01:00Z/1" | sha256sum, the first 32 digits.
constexpr const char* kOutageId = "msg_edd063899dea7a3b4456a01ca1c9f319";

ServiceStatus S(const std::string& id, StatusLevel level, TimeMs since) {
  ServiceStatus s;
  s.service_id = id;
  s.name = "Tjänst " + id;
  s.level = level;
  s.since = since;
  return s;
}

OutboxOptions Options() {
  OutboxOptions o;
  o.settle_ms = 3 * kMin;
  o.public_url = "https://start.stockholm";
  return o;
}

CityStatus City(std::vector<ServiceStatus> services) {
  CityStatus c;
  c.services = std::move(services);
  return c;
}

WebhookSubscription Sub(const std::string& id, std::vector<std::string> services) {
  WebhookSubscription s;
  s.id = id;
  s.url = "https://hooks.example.se/" + id;
  s.services = std::move(services);
  return s;
}

Subscriptions ThreeSubscriptions() {
  Subscriptions subs;
  subs["kc"] = Sub("kc", {"a"});
  subs["all"] = Sub("all", {});
  subs["other"] = Sub("other", {"b"});
  return subs;
}

// Feeds writes to a fresh outbox as the state topic would after a restart.
void LoadInto(Outbox* o, const std::vector<StateWrite>& writes) {
  for (const auto& w : writes) {
    std::string problem;
    std::string_view value = w.value ? std::string_view(*w.value) : std::string_view();
    o->Load(w.key, w.value ? &value : nullptr, &problem);
    ASSERT_EQ(problem, "") << w.key;
  }
}

// An outbox that has seen a operational, then down since 08:01 (settled at 08:04).
struct Fixture {
  Outbox outbox{Options()};
  Subscriptions subs = ThreeSubscriptions();
  std::vector<StateWrite> written;
  Outbox::Plan Observe(TimeMs now, StatusLevel level, TimeMs since) {
    return outbox.Observe(now, City({S("a", level, since)}), subs);
  }
  void Run(TimeMs now, StatusLevel level, TimeMs since) {
    Outbox::Plan p = Observe(now, level, since);
    written.insert(written.end(), p.queued.begin(), p.queued.end());
    written.insert(written.end(), p.told.begin(), p.told.end());
    outbox.Apply(std::move(p));
  }
  Fixture() {
    outbox.FinishLoad();
    Run(kT0, StatusLevel::kOperational, kT0 - 60 * kMin);
  }
};

TEST(Outbox, TheFirstObservationQueuesNothingAndWritesTheBaseline) {
  Outbox o(Options());
  o.FinishLoad();
  Outbox::Plan p = o.Observe(kT0, City({S("a", StatusLevel::kOperational, kT0)}), ThreeSubscriptions());
  EXPECT_TRUE(p.queued.empty());
  ASSERT_EQ(p.told.size(), 1u);
  EXPECT_EQ(p.told[0].key, "told/a");
  EXPECT_EQ(*p.told[0].value, "{\"level\":\"operational\",\"changes\":0}");
}

TEST(Outbox, ASettledChangeIsQueuedForEverySubscriptionThatFollowsTheService) {
  Fixture f;
  Outbox::Plan p = f.Observe(kT0 + 4 * kMin, StatusLevel::kOutage, kT0 + kMin);
  ASSERT_EQ(p.queued.size(), 2u);
  EXPECT_EQ(p.queued[0].key, std::string("queue/all/") + kOutageId);
  EXPECT_EQ(p.queued[1].key, std::string("queue/kc/") + kOutageId);
  ASSERT_EQ(p.told.size(), 1u);
  EXPECT_EQ(*p.told[0].value, "{\"level\":\"outage\",\"changes\":1}");
}

TEST(Outbox, AQueuedRecordHoldsItsOrderItsTimeAndTheBody) {
  Fixture f;
  Outbox::Plan p = f.Observe(kT0 + 4 * kMin, StatusLevel::kOutage, kT0 + kMin);
  ASSERT_EQ(p.queued.size(), 2u);
  QueuedRecord r;
  ASSERT_TRUE(DecodeQueued(*p.queued[1].value, &r).ok());
  EXPECT_EQ(r.seq, 2);
  EXPECT_EQ(r.failed, 0);
  EXPECT_EQ(r.next_at, kT0 + 4 * kMin);
  EXPECT_NE(r.body.find("\"to\":\"outage\""), std::string::npos);
}

TEST(Outbox, NothingChangesUntilThePlanIsApplied) {
  Fixture f;
  (void)f.Observe(kT0 + 4 * kMin, StatusLevel::kOutage, kT0 + kMin);
  EXPECT_EQ(f.outbox.queued(), 0u);
  EXPECT_EQ(f.outbox.told().at("a").level, StatusLevel::kOperational);
}

TEST(Outbox, AnAppliedMessageIsDueOncePerEndpoint) {
  Fixture f;
  f.Run(kT0 + 4 * kMin, StatusLevel::kOutage, kT0 + kMin);
  auto due = f.outbox.StartDue(kT0 + 4 * kMin);
  ASSERT_EQ(due.size(), 2u);
  EXPECT_EQ(due[0].subscription_id, "all");
  EXPECT_EQ(due[0].item.message_id, kOutageId);
  EXPECT_TRUE(f.outbox.StartDue(kT0 + 5 * kMin).empty());  // in flight
}

TEST(Outbox, ADeliveryIsRecordedAsATombstoneAndTheEndpointsCount) {
  Fixture f;
  f.Run(kT0 + 4 * kMin, StatusLevel::kOutage, kT0 + kMin);
  (void)f.outbox.StartDue(kT0 + 4 * kMin);
  bool retried = true, disabled = true;
  auto w = f.outbox.Finish("kc", kOutageId, "", kT0 + 4 * kMin + 500, &retried, &disabled);
  ASSERT_EQ(w.size(), 2u);
  EXPECT_EQ(w[0].key, std::string("queue/kc/") + kOutageId);
  EXPECT_FALSE(w[0].value.has_value());
  EXPECT_EQ(w[1].key, "endpoint/kc");
  EXPECT_EQ(*w[1].value,
            "{\"disabled\":false,\"disabled_reason\":\"\",\"disabled_at\":0,\"last_attempt_at\":" +
                std::to_string(kT0 + 4 * kMin + 500) + ",\"last_error\":\"\",\"sent\":1}");
  EXPECT_FALSE(retried);
  EXPECT_FALSE(disabled);
  EXPECT_EQ(f.outbox.queued(), 1u);  // the other endpoint's
}

TEST(Outbox, AFailureKeepsTheMessageWithItsRetryTime) {
  Fixture f;
  f.Run(kT0 + 4 * kMin, StatusLevel::kOutage, kT0 + kMin);
  (void)f.outbox.StartDue(kT0 + 4 * kMin);
  bool retried, disabled;
  TimeMs at = kT0 + 4 * kMin;
  auto w = f.outbox.Finish("kc", kOutageId, "the endpoint answered 500", at, &retried, &disabled);
  ASSERT_EQ(w.size(), 2u);
  QueuedRecord r;
  ASSERT_TRUE(DecodeQueued(*w[0].value, &r).ok());
  EXPECT_EQ(r.failed, 1);
  EXPECT_GE(r.next_at, at + 4500);  // 5 s, less 10%
  EXPECT_LE(r.next_at, at + 5500);  // 5 s, plus 10%
  EXPECT_NE(w[1].value->find("\"last_error\":\"the endpoint answered 500\""), std::string::npos);
  EXPECT_EQ(f.outbox.NextDue(), r.next_at);  // "all" is in flight
  EXPECT_TRUE(f.outbox.StartDue(r.next_at - 1).empty());
  auto due = f.outbox.StartDue(r.next_at);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].subscription_id, "kc");
}

TEST(Outbox, TheSecondAttemptIsARetry) {
  Fixture f;
  f.Run(kT0 + 4 * kMin, StatusLevel::kOutage, kT0 + kMin);
  (void)f.outbox.StartDue(kT0 + 4 * kMin);
  bool retried, disabled;
  (void)f.outbox.Finish("kc", kOutageId, "timeout after 10 s", kT0 + 4 * kMin, &retried, &disabled);
  auto due = f.outbox.StartDue(kT0 + 5 * kMin);
  ASSERT_EQ(due.size(), 1u);  // "all" is still in flight
  EXPECT_EQ(due[0].item.failed, 1);
  (void)f.outbox.Finish("kc", kOutageId, "", kT0 + 5 * kMin, &retried, &disabled);
  EXPECT_TRUE(retried);
}

TEST(Outbox, EightFailuresDisableTheEndpointWithTheReason) {
  Fixture f;
  f.Run(kT0 + 4 * kMin, StatusLevel::kOutage, kT0 + kMin);
  bool retried, disabled = false;
  TimeMs now = kT0 + 4 * kMin;
  std::vector<StateWrite> w;
  for (int i = 0; i < kMaxDeliveryAttempts; ++i) {
    ASSERT_FALSE(disabled);
    (void)f.outbox.StartDue(now);
    w = f.outbox.Finish("kc", kOutageId, "the endpoint answered 410", now, &retried, &disabled);
    now += 11 * 3600 * 1000;
  }
  EXPECT_TRUE(disabled);
  EndpointRecord r;
  ASSERT_TRUE(DecodeEndpoint(*w.back().value, &r).ok());
  EXPECT_TRUE(r.disabled);
  EXPECT_EQ(r.disabled_reason, "the endpoint answered 410");
  EXPECT_EQ(f.outbox.disabled(), 1u);
  EXPECT_EQ(f.outbox.Endpoints().at("kc").queued, 1u);  // kept for when it is enabled
}

TEST(Outbox, AnEnableLaterThanTheDisablingTakesMessagesAgain) {
  Fixture f;
  f.Run(kT0 + 4 * kMin, StatusLevel::kOutage, kT0 + kMin);
  bool retried, disabled = false;
  TimeMs now = kT0 + 4 * kMin;
  for (int i = 0; i < kMaxDeliveryAttempts; ++i) {
    (void)f.outbox.StartDue(now);
    (void)f.outbox.Finish("kc", kOutageId, "the endpoint answered 410", now, &retried, &disabled);
    now += 11 * 3600 * 1000;
  }
  TimeMs disabled_at = now - 11 * 3600 * 1000;
  f.subs["kc"].enabled_at = disabled_at - 1;  // asked before: nothing
  EXPECT_TRUE(f.outbox.Reconcile(f.subs, now).empty());
  f.subs["kc"].enabled_at = disabled_at + 1;
  auto w = f.outbox.Reconcile(f.subs, now);
  ASSERT_EQ(w.size(), 2u);
  EXPECT_EQ(w[0].key, "endpoint/kc");
  EXPECT_EQ(f.outbox.disabled(), 0u);
  auto due = f.outbox.StartDue(now);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].subscription_id, "kc");
}

TEST(Outbox, ARemovedSubscriptionLeavesTombstonesOnly) {
  Fixture f;
  f.Run(kT0 + 4 * kMin, StatusLevel::kOutage, kT0 + kMin);
  f.subs.erase("kc");
  auto w = f.outbox.Reconcile(f.subs, kT0 + 5 * kMin);
  ASSERT_EQ(w.size(), 2u);
  EXPECT_EQ(w[0].key, std::string("queue/kc/") + kOutageId);
  EXPECT_FALSE(w[0].value.has_value());
  EXPECT_EQ(w[1].key, "endpoint/kc");
  EXPECT_FALSE(w[1].value.has_value());
  EXPECT_EQ(f.outbox.queued(), 1u);
}

TEST(Outbox, ARestartResumesTheQueuesAndToldLevelsFromTheRecords) {
  Fixture f;
  f.Run(kT0 + 4 * kMin, StatusLevel::kOutage, kT0 + kMin);
  Outbox again(Options());
  LoadInto(&again, f.written);
  again.FinishLoad();
  EXPECT_EQ(again.queued(), 2u);
  EXPECT_EQ(again.told().at("a"), (ToldLevel{StatusLevel::kOutage, 1}));
  EXPECT_TRUE(
      again.Observe(kT0 + 6 * kMin, City({S("a", StatusLevel::kOutage, kT0 + kMin)}), f.subs).empty());
  EXPECT_EQ(again.StartDue(kT0 + 6 * kMin).size(), 2u);
}

TEST(Outbox, ACrashBeforeTheToldRecordPlansTheSameMessageWithoutQueueingItTwice) {
  Fixture f;
  Outbox::Plan p = f.Observe(kT0 + 4 * kMin, StatusLevel::kOutage, kT0 + kMin);
  std::vector<StateWrite> before_crash = f.written;                           // the baseline
  before_crash.insert(before_crash.end(), p.queued.begin(), p.queued.end());  // acknowledged; told not
  Outbox again(Options());
  LoadInto(&again, before_crash);
  again.FinishLoad();
  Outbox::Plan replan =
      again.Observe(kT0 + 6 * kMin, City({S("a", StatusLevel::kOutage, kT0 + kMin)}), f.subs);
  EXPECT_TRUE(replan.queued.empty());
  ASSERT_EQ(replan.told.size(), 1u);
  again.Apply(std::move(replan));
  EXPECT_EQ(again.queued(), 2u);
}

TEST(Outbox, AnEndpointsOrderSurvivesARestart) {
  Fixture f;
  f.Run(kT0 + 4 * kMin, StatusLevel::kOutage, kT0 + kMin);
  f.Run(kT0 + 20 * kMin, StatusLevel::kOperational, kT0 + 10 * kMin);
  // The records of the second message come first in the log.
  std::vector<StateWrite> reversed(f.written.rbegin(), f.written.rend());
  Outbox again(Options());
  LoadInto(&again, reversed);
  again.FinishLoad();
  auto due = again.StartDue(kT0 + 21 * kMin);
  ASSERT_EQ(due.size(), 2u);
  EXPECT_EQ(due[1].item.message_id, kOutageId);
}

TEST(Outbox, AnAbandonedAttemptIsDueAgain) {
  Fixture f;
  f.Run(kT0 + 4 * kMin, StatusLevel::kOutage, kT0 + kMin);
  ASSERT_EQ(f.outbox.StartDue(kT0 + 4 * kMin).size(), 2u);
  f.outbox.Abandon("kc");
  auto due = f.outbox.StartDue(kT0 + 4 * kMin);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].subscription_id, "kc");
}

TEST(Outbox, AnAttemptIsInFlightUntilItsOutcomeOrItsAbandonment) {
  Fixture f;
  f.Run(kT0 + 4 * kMin, StatusLevel::kOutage, kT0 + kMin);
  EXPECT_EQ(f.outbox.in_flight(), 0u);
  ASSERT_EQ(f.outbox.StartDue(kT0 + 4 * kMin).size(), 2u);
  EXPECT_EQ(f.outbox.in_flight(), 2u);
  bool retried = false, disabled = false;
  (void)f.outbox.Finish("kc", kOutageId, "", kT0 + 4 * kMin + 500, &retried, &disabled);
  EXPECT_EQ(f.outbox.in_flight(), 1u);
  f.outbox.Abandon("all");
  EXPECT_EQ(f.outbox.in_flight(), 0u);
}

// The first outage message still waits for its retry at kc when the
// incident, resolved meanwhile, is reopened (the outage spans again from
// 08:01): the reopening is a message of its own behind the recovery, at kc as
// at the endpoint that took the first one.
TEST(Outbox, AReopenedIncidentIsQueuedBehindTheRecoveryWhileTheFirstMessageWaits) {
  Fixture f;
  f.Run(kT0 + 4 * kMin, StatusLevel::kOutage, kT0 + kMin);
  bool retried = false, disabled = false;
  ASSERT_EQ(f.outbox.StartDue(kT0 + 4 * kMin).size(), 2u);
  (void)f.outbox.Finish("all", kOutageId, "", kT0 + 4 * kMin, &retried, &disabled);
  (void)f.outbox.Finish("kc", kOutageId, "the endpoint answered 500", kT0 + 4 * kMin, &retried, &disabled);
  f.Run(kT0 + 20 * kMin, StatusLevel::kOperational, kT0 + 10 * kMin);
  Outbox::Plan p = f.Observe(kT0 + 30 * kMin, StatusLevel::kOutage, kT0 + kMin);
  // echo -n "a/outage/2026-12-02T08:01:00Z/3" | sha256sum, the first 32 digits.
  const std::string reopened = "msg_dd261b5557bc41f2326705ee90a14b5f";
  ASSERT_EQ(p.queued.size(), 2u);
  EXPECT_EQ(p.queued[0].key, "queue/all/" + reopened);
  EXPECT_EQ(p.queued[1].key, "queue/kc/" + reopened);
  f.outbox.Apply(std::move(p));
  EXPECT_EQ(f.outbox.Endpoints().at("kc").queued, 3u);
  EXPECT_EQ(f.outbox.Endpoints().at("all").queued, 2u);
}

TEST(Outbox, ARecordOfNoKnownFormIsReported) {
  Outbox o(OutboxOptions{});
  std::string problem;
  std::string_view v = "{}";
  o.Load("elsewhere/x", &v, &problem);
  EXPECT_NE(problem, "");
}

TEST(Outbox, AnAnnouncementIsQueuedForTheSubscriptionsThatFollowItsServices) {
  Fixture f;
  CityStatus city =
      City({S("a", StatusLevel::kOperational, kT0 - 60 * kMin), S("b", StatusLevel::kOperational, kT0)});
  AnnouncementInfo info;
  info.a.announcement_id = "uppgradering";
  info.a.kind = AnnouncementKind::kPlannedMaintenance;
  info.a.revision = 1;
  info.a.starts_at = kT0 + 60 * kMin;
  info.a.ends_at = kT0 + 120 * kMin;
  info.a.service_ids = {"b"};
  info.a.title_sv = "Uppgradering";
  info.services = {1};
  city.announcements = {info};
  Outbox::Plan p = f.outbox.Observe(kT0 + kMin, city, f.subs);
  // echo -n "uppgradering/r1" | sha256sum, the first 32 digits.
  ASSERT_EQ(p.queued.size(), 2u);
  EXPECT_EQ(p.queued[0].key, "queue/all/msg_0e6cd99fd2f4e60a08153e89e4171b8d");
  EXPECT_EQ(p.queued[1].key, "queue/other/msg_0e6cd99fd2f4e60a08153e89e4171b8d");
  QueuedRecord r;
  ASSERT_TRUE(DecodeQueued(*p.queued[0].value, &r).ok());
  EXPECT_NE(r.body.find("\"type\":\"announcement.published\""), std::string::npos);
  EXPECT_NE(r.body.find("\"services\":[{\"service_id\":\"b\",\"service_name\":\"Tjänst b\"}]"),
            std::string::npos);
  bool recorded = false;
  for (const auto& w : p.told)
    if (w.key == "announcement/uppgradering")
      recorded = *w.value == "{\"revision\":1,\"phase\":\"upcoming\",\"reminded\":true}";
  EXPECT_TRUE(recorded);
}

TEST(Outbox, ARestartRemembersTheAnnouncementsTold) {
  Fixture f;
  CityStatus city = City({S("a", StatusLevel::kOperational, kT0 - 60 * kMin)});
  AnnouncementInfo info;
  info.a.announcement_id = "inlogg";
  info.a.revision = 1;
  info.a.state = AnnouncementState::kInvestigating;
  info.a.starts_at = kT0;
  info.a.service_ids = {"a"};
  info.services = {0};
  city.announcements = {info};
  Outbox::Plan p = f.outbox.Observe(kT0 + kMin, city, f.subs);
  std::vector<StateWrite> log = f.written;
  log.insert(log.end(), p.queued.begin(), p.queued.end());
  log.insert(log.end(), p.told.begin(), p.told.end());
  Outbox again(Options());
  LoadInto(&again, log);
  again.FinishLoad();
  EXPECT_TRUE(again.Observe(kT0 + 2 * kMin, city, f.subs).queued.empty());
}

EmailSubscription Anna(bool confirmed) {
  EmailSubscription e;
  e.id = "em-0123456789abcdef";
  e.address = "anna@example.se";
  e.services = {"a"};
  e.confirmed = confirmed;
  e.requested_at = kT0 - kMin;
  e.confirmed_at = confirmed ? kT0 : 0;
  return e;
}

TEST(Outbox, APendingEmailSubscriptionGetsItsConfirmationOnceAndNothingElse) {
  Fixture f;
  EmailSubscriptions emails = {{"em-0123456789abcdef", Anna(false)}};
  auto w = f.outbox.Reconcile(f.subs, kT0, &emails);
  ASSERT_EQ(w.size(), 2u);
  // echo -n "confirm/em-0123456789abcdef/2026-12-02T07:59:00Z" | sha256sum, the first 32 digits.
  EXPECT_EQ(w[0].key, "queue/em-0123456789abcdef/msg_04e6c320cab4545a6ce38e423da089b8");
  EXPECT_EQ(w[1].key, "confirm/em-0123456789abcdef");
  EXPECT_TRUE(f.outbox.Reconcile(f.subs, kT0 + kMin, &emails).empty());
  Outbox::Plan p =
      f.outbox.Observe(kT0 + 4 * kMin, City({S("a", StatusLevel::kOutage, kT0 + kMin)}), f.subs, &emails);
  for (const auto& q : p.queued) EXPECT_EQ(q.key.find("em-"), std::string::npos) << q.key;
}

TEST(Outbox, AConfirmedEmailSubscriptionIsToldAsAWebhookIs) {
  Fixture f;
  EmailSubscriptions emails = {{"em-0123456789abcdef", Anna(true)}};
  EXPECT_TRUE(f.outbox.Reconcile(f.subs, kT0, &emails).empty());
  Outbox::Plan p =
      f.outbox.Observe(kT0 + 4 * kMin, City({S("a", StatusLevel::kOutage, kT0 + kMin)}), f.subs, &emails);
  ASSERT_EQ(p.queued.size(), 3u);  // all, kc and the e-mail subscription
  EXPECT_EQ(p.queued[2].key, std::string("queue/em-0123456789abcdef/") + kOutageId);
}

TEST(Outbox, AnUnconfirmedRequestExpiresAfterTwoDays) {
  Fixture f;
  EmailSubscriptions emails = {{"em-0123456789abcdef", Anna(false)}};
  std::vector<std::string> expired;
  (void)f.outbox.Reconcile(f.subs, kT0 - kMin + kPendingExpiryMs, &emails, &expired);
  EXPECT_TRUE(expired.empty());
  (void)f.outbox.Reconcile(f.subs, kT0 - kMin + kPendingExpiryMs + 1, &emails, &expired);
  EXPECT_EQ(expired, std::vector<std::string>{"em-0123456789abcdef"});
  emails.clear();  // its tombstone came back
  auto w = f.outbox.Reconcile(f.subs, kT0 + kPendingExpiryMs, &emails, &expired);
  ASSERT_EQ(w.size(), 3u);  // its queued confirmation, its endpoint record, its confirm record: tombstones
  for (const auto& x : w) EXPECT_FALSE(x.value.has_value()) << x.key;
}

}  // namespace
}  // namespace followup::notify
