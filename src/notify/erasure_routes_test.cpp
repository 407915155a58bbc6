#include "notify/erasure_routes.h"

#include <gtest/gtest.h>

#include "notify/subscription_table.h"

namespace followup::notify {
namespace {

const char* kToken = "s3cret-token-for-tests-0123456789";

void Put(SubscriptionTable* t, const std::string& id, const std::string& address) {
  EmailSubscription s;
  s.id = id;
  s.address = address;
  s.requested_at = 1'796'198'400'000;
  std::string json = EncodeEmailSubscription(s);
  std::string_view v = json;
  t->Apply(id, &v);
}

class ErasureApi : public ::testing::Test {
 protected:
  void SetUp() override {
    Put(&table_, "em-1", "Anna@Example.se");
    Put(&table_, "em-2", "anna@example.se");
    Put(&table_, "em-3", "bertil@example.se");
    auto auth = std::make_shared<http::AdminAuth>();
    auth->tokens = http::AdminTokens::Single(kToken);
    ErasureRouteOptions o;
    o.auth = auth;
    o.remove = [this](const std::string& key) {
      removed_.push_back(key);
      table_.Apply(key, nullptr);
      return Status::Ok();
    };
    o.table = &table_;
    AddErasureRoutes(&router_, std::move(o));
  }
  http::Response Call(const std::string& body, const std::string& token = kToken) {
    http::Request req;
    req.method = "POST";
    req.path = "/api/v1/subscriptions/erasure";
    req.body = body;
    req.headers["authorization"] = "Bearer " + token;
    std::string route;
    return router_.Dispatch(req, &route);
  }
  SubscriptionTable table_;
  http::Router router_;
  std::vector<std::string> removed_;
};

TEST_F(ErasureApi, EverySubscriptionOfTheAddressGoesWhateverItsCase) {
  http::Response r = Call(R"({"address":"ANNA@example.se"})");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "{\"removed\":2}\n");
  EXPECT_EQ(removed_, (std::vector<std::string>{"em-1", "em-2"}));
  EXPECT_EQ(table_.EmailSnapshot()->size(), 1u);
}

TEST_F(ErasureApi, AnAddressWithoutSubscriptionsIsCarriedOutToo) {
  http::Response r = Call(R"({"address":"cecilia@example.se"})");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "{\"removed\":0}\n");
}

TEST_F(ErasureApi, ABadAddressIsRefusedWithoutEchoingIt) {
  http::Response r = Call(R"({"address":"anna@@example"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body.find("anna"), std::string::npos);
  EXPECT_TRUE(removed_.empty());
}

TEST_F(ErasureApi, AWrongTokenIsRefused) {
  EXPECT_EQ(Call(R"({"address":"anna@example.se"})", "wrong-token-0123456789abcdef").status, 401);
  EXPECT_TRUE(removed_.empty());
}

}  // namespace
}  // namespace followup::notify
