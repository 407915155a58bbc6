#include "notify/notify_state.h"

#include <gtest/gtest.h>

#include "notify/state_view.h"
#include "notify/subscription_table.h"

namespace followup::notify {
namespace {

TEST(NotifyState, KeysHaveTheFormsTheHeaderSays) {
  EXPECT_EQ(ToldKey("parkering"), "told/parkering");
  EXPECT_EQ(QueueKey("kc", "msg_1"), "queue/kc/msg_1");
  EXPECT_EQ(EndpointKey("kc"), "endpoint/kc");
}

TEST(NotifyState, AQueueKeyParsesIntoItsParts) {
  StateKey k;
  ASSERT_TRUE(ParseStateKey("queue/kc/msg_1", &k).ok());
  EXPECT_EQ(k.kind, StateKind::kQueued);
  EXPECT_EQ(k.id, "kc");
  EXPECT_EQ(k.message_id, "msg_1");
}

TEST(NotifyState, KeysOfNoKnownFormAreRefused) {
  StateKey k;
  for (const char* bad : {"", "told/", "queue/kc", "queue/kc/", "queue/kc/a/b", "endpoint/Bad", "other/x"})
    EXPECT_FALSE(ParseStateKey(bad, &k).ok()) << bad;
}

TEST(NotifyState, AToldRecordIsWrittenAsTheHeaderSays) {
  EXPECT_EQ(EncodeTold({StatusLevel::kDegraded, 3}), "{\"level\":\"degraded\",\"changes\":3}");
  ToldLevel t;
  ASSERT_TRUE(DecodeTold("{\"level\":\"maintenance\",\"changes\":7}", &t).ok());
  EXPECT_EQ(t.level, StatusLevel::kMaintenance);
  EXPECT_EQ(t.changes, 7);
  EXPECT_FALSE(DecodeTold("{\"level\":\"down\",\"changes\":0}", &t).ok());
  EXPECT_FALSE(DecodeTold("{\"level\":\"outage\",\"changes\":-1}", &t).ok());
  EXPECT_FALSE(DecodeTold("{\"level\":\"outage\",\"changes\":\"2\"}", &t).ok());
}

TEST(NotifyState, AToldRecordWithoutChangesReadsAsNone) {
  ToldLevel t{StatusLevel::kOutage, 5};
  ASSERT_TRUE(DecodeTold("{\"level\":\"operational\"}", &t).ok());
  EXPECT_EQ(t.level, StatusLevel::kOperational);
  EXPECT_EQ(t.changes, 0);
}

TEST(NotifyState, AQueuedRecordKeepsItsBodyByteForByte) {
  QueuedRecord r{12, 2, 1'796'198'405'000, "{\"type\":\"service.level_changed\",\"x\":\"å\\n\"}"};
  std::string encoded = EncodeQueued(r);
  EXPECT_EQ(encoded,
            "{\"seq\":12,\"failed\":2,\"next_at\":1796198405000,\"body\":"
            "\"{\\\"type\\\":\\\"service.level_changed\\\",\\\"x\\\":\\\"å\\\\n\\\"}\"}");
  QueuedRecord back;
  ASSERT_TRUE(DecodeQueued(encoded, &back).ok());
  EXPECT_EQ(back.body, r.body);
  EXPECT_EQ(back.seq, 12);
  EXPECT_EQ(back.failed, 2);
  EXPECT_EQ(back.next_at, r.next_at);
}

TEST(NotifyState, AnEndpointRecordRoundTrips) {
  EndpointRecord r;
  r.disabled = true;
  r.disabled_reason = "the endpoint answered 410";
  r.disabled_at = 5;
  r.last_attempt_at = 5;
  r.last_error = "the endpoint answered 410";
  r.sent = 3;
  EndpointRecord back;
  ASSERT_TRUE(DecodeEndpoint(EncodeEndpoint(r), &back).ok());
  EXPECT_TRUE(back.disabled);
  EXPECT_EQ(back.disabled_reason, r.disabled_reason);
  EXPECT_EQ(back.sent, 3);
}

TEST(NotifyState, BrokenRecordsAreRefused) {
  QueuedRecord q;
  EndpointRecord e;
  EXPECT_FALSE(DecodeQueued("{\"seq\":1}", &q).ok());
  EXPECT_FALSE(DecodeQueued("[]", &q).ok());
  EXPECT_FALSE(DecodeEndpoint("{\"disabled\":1}", &e).ok());
}

TEST(StateView, CountsWhatWaitsAndShowsTheEndpointRecord) {
  StateView v;
  std::string_view queued = "{\"seq\":1,\"failed\":0,\"next_at\":0,\"body\":\"{}\"}";
  v.Apply("queue/kc/msg_1", &queued);
  v.Apply("queue/kc/msg_2", &queued);
  v.Apply("queue/kc/msg_1", nullptr);
  std::string endpoint = EncodeEndpoint(EndpointRecord{false, "", 0, 7, "timeout after 10 s", 0});
  std::string_view e = endpoint;
  v.Apply("endpoint/kc", &e);
  auto got = v.Get("kc");
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->queued, 1u);
  EXPECT_EQ(got->record.last_error, "timeout after 10 s");
  EXPECT_FALSE(v.Get("other").has_value());
}

TEST(StateView, AnEndpointWithNothingLeftIsForgotten) {
  StateView v;
  std::string_view queued = "{\"seq\":1,\"failed\":0,\"next_at\":0,\"body\":\"{}\"}";
  v.Apply("queue/kc/msg_1", &queued);
  v.Apply("queue/kc/msg_1", nullptr);
  EXPECT_FALSE(v.Get("kc").has_value());
}

TEST(SubscriptionTable, KeepsTheLatestValidRecordOfEachKey) {
  SubscriptionTable t;
  WebhookSubscription s;
  s.id = "kc";
  s.url = "https://hooks.example.se/";
  s.secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  s.created_at = 1;
  std::string record = EncodeWebhookSubscription(s);
  std::string_view v = record;
  t.Apply("kc", &v);
  std::string_view broken = "{\"kind\":\"webhook\"}";
  t.Apply("kc", &broken);  // skipped: the previous stays
  ASSERT_EQ(t.Snapshot()->count("kc"), 1u);
  EXPECT_EQ(t.Snapshot()->at("kc").url, "https://hooks.example.se/");
  t.Apply("other", &v);  // its id is not its key
  EXPECT_EQ(t.Snapshot()->count("other"), 0u);
  t.Apply("kc", nullptr);
  EXPECT_TRUE(t.Snapshot()->empty());
}

}  // namespace
}  // namespace followup::notify
