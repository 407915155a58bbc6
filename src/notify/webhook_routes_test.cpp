// The webhook admin API: who may call it, what it refuses (and that the
// refusal never repeats the URL), the record it writes, the answers.
#include "notify/webhook_routes.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include "common/sha256.h"
#include "notify/subscription_table.h"
#include "notify/webhook_signature.h"
#include "projections/fold_testing.h"

namespace followup::notify {
namespace {

const char* kToken = "s3cret-token-for-tests-0123456789";
const TimeMs kNow = *ParseRfc3339("2026-12-02T10:00:00Z");

class WebhookApi : public ::testing::Test {
 protected:
  void SetUp() override {
    FoldTally t =
        FoldLines(&kv_, {R"({"type":"service.v1","event_id":"s1","occurred_at":"2026-11-01T00:00:00Z",
      "service_id":"parkering","name":"Parkering","owner":"Trafiknämnden","category":"differentierande",
      "focus_area":1,"url":"https://start.stockholm/parkering","alternatives":[],"presents_case_status":true,
      "wcag_aa":true,"investment_sek":1})"});
    ASSERT_EQ(t.rejected, 0);
    Install(http::AdminTokens::Single(kToken));
  }
  void Install(http::AdminTokens tokens) {
    router_ = http::Router();
    auto auth = std::make_shared<http::AdminAuth>();
    auth->tokens = std::move(tokens);
    WebhookRouteOptions o;
    o.auth = auth;
    // The topic, as the reader would hand its records back.
    o.publish = [this](const std::string& key, const std::string* value) {
      if (fail_publish_) return Status::Unavailable("broker down");
      written_.emplace_back(key, value ? std::optional<std::string>(*value) : std::nullopt);
      std::string_view v = value ? std::string_view(*value) : std::string_view();
      table_.Apply(key, value ? &v : nullptr);
      return Status::Ok();
    };
    o.table = &table_;
    o.readers = [this] { return std::make_unique<KvReaderRef>(kv_); };
    o.clock = [] { return kNow; };
    o.resolve = [](const std::string& host, std::vector<http::IpAddress>* out) {
      if (host == "hooks.example.se") out->push_back(*http::IpAddress::Parse("192.0.43.10"));
      if (host == "rebind.example.se") out->push_back(*http::IpAddress::Parse("10.1.2.3"));
      return out->empty() ? Status::NotFound("Host not found") : Status::Ok();
    };
    o.allow = {*http::IpNetwork::Parse("127.0.0.0/8")};
    AddWebhookRoutes(&router_, std::move(o));
  }
  http::Response Call(const std::string& method, const std::string& path, const std::string& body = "",
                      const std::string& auth = std::string("Bearer ") + kToken) {
    http::Request req;
    req.method = method;
    req.path = path;
    req.body = body;
    if (!auth.empty()) req.headers["authorization"] = auth;
    std::string route;
    return router_.Dispatch(req, &route);
  }
  http::Response Register(const std::string& url, const std::string& more = "") {
    return Call("POST", "/api/v1/webhooks",
                R"({"id":"kontaktcenter","url":")" + url + R"(","services":["parkering"])" + more + "}");
  }
  MemKv kv_;
  SubscriptionTable table_;
  http::Router router_;
  bool fail_publish_ = false;
  std::vector<std::pair<std::string, std::optional<std::string>>> written_;
};

TEST_F(WebhookApi, ARegistrationWritesTheRecordAndShowsTheSecretOnce) {
  http::Response r = Register("https://hooks.example.se/in?token=abc", R"(,"description":"Kontaktcenter")");
  ASSERT_EQ(r.status, 201) << r.body;
  ASSERT_EQ(written_.size(), 1u);
  EXPECT_EQ(written_[0].first, "kontaktcenter");
  WebhookSubscription s;
  ASSERT_TRUE(DecodeWebhookSubscription(*written_[0].second, &s).ok());
  EXPECT_EQ(s.url, "https://hooks.example.se/in?token=abc");
  EXPECT_EQ(s.actor, "admin");
  EXPECT_EQ(s.created_at, kNow);
  EXPECT_NE(r.body.find("\"secret\":\"" + s.secret + "\""), std::string::npos);
  std::string key;
  EXPECT_TRUE(ParseWebhookSecret(s.secret, &key).ok());
  http::Response listed = Call("GET", "/api/v1/webhooks");
  EXPECT_EQ(listed.status, 200);
  EXPECT_EQ(listed.body.find("whsec_"), std::string::npos);
  EXPECT_EQ(listed.body.find("token=abc"), std::string::npos);
}

TEST_F(WebhookApi, AnEndpointIsDescribedByItsOriginAndState) {
  ASSERT_EQ(Register("https://hooks.example.se:8443/in?token=abc").status, 201);
  http::Response r = Call("GET", "/api/v1/webhooks/kontaktcenter");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(
      r.body,
      "{\"id\":\"kontaktcenter\",\"url_origin\":\"https://hooks.example.se:8443\",\"services\":[\"parkering\"],"
      "\"description\":\"\",\"created_at\":\"2026-12-02T10:00:00Z\",\"queued\":0,\"disabled\":false,"
      "\"disabled_reason\":null,\"last_attempt_at\":null,\"last_error\":null}\n");
}

TEST_F(WebhookApi, AnIdThatExistsIsAConflict) {
  ASSERT_EQ(Register("https://hooks.example.se/a").status, 201);
  EXPECT_EQ(Register("https://hooks.example.se/b").status, 409);
  EXPECT_EQ(written_.size(), 1u);
}

TEST_F(WebhookApi, PlainHttpIsRefusedUnlessAllowListed) {
  http::Response r = Register("http://hooks.example.se/in?token=abc");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("must be https"), std::string::npos);
  EXPECT_EQ(r.body.find("token=abc"), std::string::npos);
  EXPECT_EQ(Register("http://127.0.0.1:9000/hook").status, 201);
}

TEST_F(WebhookApi, APrivateAddressIsRefused) {
  for (const char* url :
       {"https://10.0.0.1/x", "https://169.254.169.254/latest", "https://100.64.0.1/", "https://[fd00::1]/",
        "https://[::ffff:192.168.1.1]/", "https://rebind.example.se/"}) {
    http::Response r = Register(url);
    EXPECT_EQ(r.status, 400) << url;
    EXPECT_NE(r.body.find("address, which webhooks may not reach"), std::string::npos) << url << r.body;
  }
  EXPECT_TRUE(written_.empty());
}

TEST_F(WebhookApi, AHostThatDoesNotResolveIsRefused) {
  http::Response r = Register("https://nowhere.example.se/x");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("does not resolve"), std::string::npos);
}

TEST_F(WebhookApi, AnUnknownServiceIsRefused) {
  http::Response r = Call("POST", "/api/v1/webhooks",
                          R"({"url":"https://hooks.example.se/","services":["parkering","bygglov"]})");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("unknown service \\\"bygglov\\\""), std::string::npos) << r.body;
  EXPECT_TRUE(written_.empty());
}

TEST_F(WebhookApi, EveryServiceIsAStarAlone) {
  EXPECT_EQ(
      Call("POST", "/api/v1/webhooks", R"({"url":"https://hooks.example.se/","services":["*"]})").status,
      201);
  EXPECT_EQ(
      Call("POST", "/api/v1/webhooks", R"({"url":"https://hooks.example.se/","services":["*","parkering"]})")
          .status,
      400);
}

TEST_F(WebhookApi, AnUnknownFieldIsNamed) {
  http::Response r = Call("POST", "/api/v1/webhooks",
                          R"({"url":"https://hooks.example.se/","services":["*"],"secret":"whsec_x"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("\"field\":\"secret\""), std::string::npos);
}

TEST_F(WebhookApi, WithoutTheScopeItIsForbidden) {
  http::AdminTokens tokens;
  ASSERT_TRUE(http::AdminTokens::Parse(
                  "tokens:\n  - id: kc\n    sha256: " + Sha256Hex(kToken) + "\n    scopes: [announcements]\n",
                  "t.yaml", &tokens)
                  .ok());
  Install(std::move(tokens));
  EXPECT_EQ(Register("https://hooks.example.se/").status, 403);
  EXPECT_EQ(Call("GET", "/api/v1/webhooks").status, 403);
}

TEST_F(WebhookApi, WithoutATokenItIsUnauthorized) {
  EXPECT_EQ(Call("GET", "/api/v1/webhooks", "", "").status, 401);
}

TEST_F(WebhookApi, ARemovalWritesATombstone) {
  ASSERT_EQ(Register("https://hooks.example.se/").status, 201);
  EXPECT_EQ(Call("DELETE", "/api/v1/webhooks/kontaktcenter").status, 204);
  ASSERT_EQ(written_.size(), 2u);
  EXPECT_FALSE(written_[1].second.has_value());
  EXPECT_EQ(Call("GET", "/api/v1/webhooks/kontaktcenter").status, 404);
  EXPECT_EQ(Call("DELETE", "/api/v1/webhooks/kontaktcenter").status, 404);
}

TEST_F(WebhookApi, EnableWritesTheRecordAgainWithTheTime) {
  ASSERT_EQ(Register("https://hooks.example.se/").status, 201);
  EXPECT_EQ(Call("POST", "/api/v1/webhooks/kontaktcenter/enable").status, 202);
  ASSERT_EQ(written_.size(), 2u);
  WebhookSubscription s;
  ASSERT_TRUE(DecodeWebhookSubscription(*written_[1].second, &s).ok());
  EXPECT_EQ(s.enabled_at, kNow);
}

TEST_F(WebhookApi, ABrokerThatDoesNotConfirmRegistersNothing) {
  fail_publish_ = true;
  EXPECT_EQ(Register("https://hooks.example.se/").status, 503);
  EXPECT_EQ(Call("GET", "/api/v1/webhooks/kontaktcenter").status, 404);
}

}  // namespace
}  // namespace followup::notify
