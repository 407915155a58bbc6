// Deliveries to the loopback server of probe/http_test_server.h: what goes on
// the wire, and where a delivery may not go.
#include "notify/webhook_delivery.h"

#include <gtest/gtest.h>

#include <boost/asio.hpp>

#include <optional>

#include "notify/webhook_signature.h"
#include "probe/http_test_server.h"

namespace followup::notify {
namespace {

namespace asio = boost::asio;

class WebhookDeliveryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string err;
    tls_ = probe::MakeClientTlsContext(&err);
    ASSERT_TRUE(tls_) << err;
    ASSERT_TRUE(ParseWebhookSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", &endpoint_.key).ok());
    endpoint_.id = "kontaktcenter";
    endpoint_.url = server_.url("/ok");
    loopback_.allow = {*http::IpNetwork::Parse("127.0.0.0/8")};
  }

  DeliveryResult Deliver(const DeliveryOptions& o) {
    std::optional<DeliveryResult> out;
    probe::ClientEnv env;
    env.ioc = &ioc_;
    env.tls = tls_.get();
    env.resolver_pool = &pool_;
    env.user_agent = "followup-notify/test";
    DeliverWebhook(env, endpoint_, message_, o, [&](const DeliveryResult& r) { out = r; });
    return probe::test_support::RunUntilSet(ioc_, out);
  }

  std::string Header(const char* name) { return std::string(server_.last_request[name]); }

  asio::io_context ioc_;
  asio::thread_pool pool_{2};
  probe::test_support::TestServer server_{ioc_};
  std::unique_ptr<asio::ssl::context> tls_;
  WebhookEndpoint endpoint_;
  // The Standard Webhooks example message: its signature is known.
  WebhookMessage message_{"msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}"};
  DeliveryOptions loopback_;
};

TEST_F(WebhookDeliveryTest, AllowListedReceiverGetsTheSignedMessage) {
  DeliveryResult r = Deliver(loopback_);
  EXPECT_TRUE(r.delivered) << r.error;
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(server_.last_method, "POST");
  EXPECT_EQ(server_.last_body, "{\"test\": 2432232314}");
  EXPECT_EQ(server_.last_content_type, "application/json");
  EXPECT_EQ(Header("webhook-id"), "msg_p5jXN8AQM9LWM0D4loKWxJek");
  EXPECT_EQ(Header("webhook-timestamp"), "1614265330");
  EXPECT_EQ(Header("webhook-signature"), "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
}

TEST_F(WebhookDeliveryTest, PlainHttpWithoutAllowListGoesNowhere) {
  DeliveryResult r = Deliver(DeliveryOptions{});
  EXPECT_FALSE(r.delivered);
  EXPECT_EQ(r.error, "refused: 127.0.0.1 is not allow-listed, and the URL is not https");
  EXPECT_EQ(server_.requests, 0);
}

TEST_F(WebhookDeliveryTest, HttpsToLoopbackWithoutAllowListGoesNowhere) {
  endpoint_.url = "https://127.0.0.1:" + std::to_string(server_.port()) + "/ok";
  DeliveryResult r = Deliver(DeliveryOptions{});
  EXPECT_FALSE(r.delivered);
  EXPECT_EQ(r.error, "refused: 127.0.0.1 is loopback");
  EXPECT_EQ(server_.requests, 0);
}

TEST_F(WebhookDeliveryTest, AnErrorStatusIsNotDelivered) {
  endpoint_.url = server_.url("/status/503");
  DeliveryResult r = Deliver(loopback_);
  EXPECT_FALSE(r.delivered);
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.error, "the endpoint answered 503");
}

TEST_F(WebhookDeliveryTest, ARedirectIsNotFollowed) {
  endpoint_.url = server_.url("/rel");
  DeliveryResult r = Deliver(loopback_);
  EXPECT_FALSE(r.delivered);
  EXPECT_EQ(r.status, 302);
  EXPECT_EQ(server_.requests, 1);
}

TEST_F(WebhookDeliveryTest, NotAnHttpUrlIsRefusedBeforeAnythingIsSent) {
  endpoint_.url = "ftp://127.0.0.1/x";
  DeliveryResult r = Deliver(loopback_);
  EXPECT_FALSE(r.delivered);
  EXPECT_EQ(r.error, "the endpoint's URL is not an absolute http(s) URL");
  EXPECT_EQ(server_.requests, 0);
}

}  // namespace
}  // namespace followup::notify
