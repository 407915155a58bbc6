// The citizens' subscription pages against a Router: what each route
// writes to the subscriptions topic (through publish, handed back to the
// table as the reader would), what it refuses, and what it never shows.
#include "notify/subscribe_routes.h"

#include <gtest/gtest.h>

#include <optional>

#include "notify/email_subscription.h"
#include "notify/mail_links.h"
#include "notify/subscription_links.h"
#include "notify/subscription_table.h"
#include "projections/fold_testing.h"
#include "readmodels/texts.h"

namespace followup::notify {
namespace {

const TimeMs kNow = *ParseRfc3339("2026-12-02T10:00:00Z");
const std::string kKey(32, 'k');
const char* kAddress = "Anna.Svensson@example.se";

std::string ServiceLine(const std::string& id, const std::string& name, bool retired) {
  return R"({"type":"service.v1","event_id":"s-)" + id +
         R"(","occurred_at":"2026-11-01T00:00:00Z","service_id":")" + id + R"(","name":")" + name +
         R"(","owner":"Trafiknämnden","category":"differentierande","focus_area":1,"url":"https://start.stockholm/x","alternatives":[],"presents_case_status":true,"wcag_aa":true,"investment_sek":1,"retired":)" +
         (retired ? "true" : "false") + "}";
}

std::string Header(const http::Response& r, const std::string& name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return v;
  return "";
}

class SubscribePages : public ::testing::Test {
 protected:
  void SetUp() override {
    FoldTally t = FoldLines(
        &kv_, {ServiceLine("parkering", "Parkering", false),
               ServiceLine("bygglov", "Bygglov <b>nu</b>", false), ServiceLine("fiske", "Fiskekort", true)});
    ASSERT_EQ(t.rejected, 0);
    SubscribeRouteOptions o;
    o.publish = [this](const std::string& key, const std::string* value) {
      written_.emplace_back(key, value ? std::optional<std::string>(*value) : std::nullopt);
      std::string_view v = value ? std::string_view(*value) : std::string_view();
      table_.Apply(key, value ? &v : nullptr);
      return Status::Ok();
    };
    o.table = &table_;
    o.table_ready = [] { return true; };
    o.readers = [this] { return std::make_unique<KvReaderRef>(kv_); };
    o.link_key = kKey;
    o.clock = [this] { return now_; };
    AddSubscribeRoutes(&router_, std::move(o));
  }
  http::Response Call(const std::string& method, const std::string& path, const std::string& body = "",
                      std::map<std::string, std::string> query = {},
                      const std::string& client = "192.0.2.7") {
    http::Request req;
    req.method = method;
    req.path = path;
    req.body = body;
    req.query = std::move(query);
    req.client = http::ClientKeyOf(*http::IpAddress::Parse(client));
    std::string route;
    return router_.Dispatch(req, &route);
  }
  // A confirmed or pending subscription on the topic.
  EmailSubscription Put(bool confirmed) {
    EmailSubscription s;
    s.id = "em-0123456789abcdef";
    s.address = kAddress;
    s.services = {"parkering"};
    s.confirmed = confirmed;
    s.requested_at = kNow - 3600 * 1000;
    if (confirmed) s.confirmed_at = kNow - 1800 * 1000;
    std::string v = EncodeEmailSubscription(s);
    std::string_view sv(v);
    table_.Apply(s.id, &sv);
    return s;
  }
  std::string Token(LinkPurpose p, int64_t issued_s = kNow / 1000 - 3600) {
    return MakeLinkToken(kKey, p, "em-0123456789abcdef", issued_s);
  }
  MemKv kv_;
  SubscriptionTable table_;
  http::Router router_;
  TimeMs now_ = kNow;
  std::vector<std::pair<std::string, std::optional<std::string>>> written_;
};

TEST_F(SubscribePages, TheFormListsTheServicesNotRetiredByNameEscaped) {
  http::Response r = Call("GET", "/driftinformation/prenumerera");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("<html lang=\"sv\">"), std::string::npos);
  EXPECT_NE(r.body.find("<input type=\"email\" id=\"epost\" name=\"epost\" autocomplete=\"email\""),
            std::string::npos);
  EXPECT_NE(r.body.find("<label for=\"epost\">E-postadress</label>"), std::string::npos);
  EXPECT_NE(r.body.find("Alla e-tjänster"), std::string::npos);
  EXPECT_NE(r.body.find("Bygglov &lt;b&gt;nu&lt;/b&gt;"), std::string::npos);
  EXPECT_EQ(r.body.find("<b>nu"), std::string::npos);
  EXPECT_EQ(r.body.find("Fiskekort"), std::string::npos);
  EXPECT_LT(r.body.find("value=\"bygglov\""), r.body.find("value=\"parkering\""));
  EXPECT_NE(r.body.find("action=\"/driftinformation/prenumerera\""), std::string::npos);
}

TEST_F(SubscribePages, TheQueryPreselectsOneService) {
  http::Response r = Call("GET", "/driftinformation/prenumerera", "", {{"tjanst", "parkering"}});
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("value=\"parkering\" checked"), std::string::npos);
  EXPECT_EQ(r.body.find("value=\"bygglov\" checked"), std::string::npos);
}

TEST_F(SubscribePages, EveryAnswerIsNotStoredAndSendsNoReferrer) {
  http::Response r = Call("GET", "/en/status/subscribe");
  EXPECT_EQ(Header(r, "Cache-Control"), "no-store");
  EXPECT_EQ(Header(r, "Referrer-Policy"), "no-referrer");
  EXPECT_EQ(Header(r, "X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(Header(r, "X-Frame-Options"), "DENY");
  EXPECT_NE(Header(r, "Content-Security-Policy").find("form-action 'self'"), std::string::npos);
  EXPECT_NE(r.body.find("<html lang=\"en\">"), std::string::npos);
}

TEST_F(SubscribePages, ARequestWritesANewPendingRecord) {
  http::Response r = Call("POST", "/driftinformation/prenumerera",
                          "epost=Anna.Svensson%40example.se&tjanst=parkering&tjanst=bygglov");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("Om adressen kan ta emot e-post får du strax ett meddelande med en länk. Följ länken "
                        "inom två dygn för att bekräfta prenumerationen."),
            std::string::npos);
  EXPECT_EQ(r.body.find("Anna"), std::string::npos);
  ASSERT_EQ(written_.size(), 1u);
  ASSERT_TRUE(written_[0].second.has_value());
  EmailSubscription s;
  ASSERT_TRUE(DecodeEmailSubscription(*written_[0].second, &s).ok());
  EXPECT_EQ(s.id, written_[0].first);
  EXPECT_EQ(s.id.size(), 19u);
  EXPECT_EQ(s.id.rfind("em-", 0), 0u);
  EXPECT_EQ(s.address, kAddress);
  EXPECT_EQ(s.services, (std::vector<std::string>{"bygglov", "parkering"}));
  EXPECT_EQ(s.language, "sv");
  EXPECT_FALSE(s.confirmed);
  EXPECT_EQ(s.requested_at, kNow);
}

TEST_F(SubscribePages, AllServicesInEnglish) {
  http::Response r = Call("POST", "/en/status/subscribe", "epost=a%40example.se&alla=1");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("If the address can receive e-mail"), std::string::npos);
  ASSERT_EQ(written_.size(), 1u);
  EmailSubscription s;
  ASSERT_TRUE(DecodeEmailSubscription(*written_[0].second, &s).ok());
  EXPECT_TRUE(s.services.empty());
  EXPECT_EQ(s.language, "en");
}

TEST_F(SubscribePages, AKnownAddressGetsTheSameAnswerAndANewRecord) {
  Put(true);
  http::Response r = Call("POST", "/driftinformation/prenumerera", "epost=Anna.Svensson%40example.se&alla=1");
  http::Response other = Call("POST", "/driftinformation/prenumerera", "epost=new%40example.se&alla=1");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body, other.body);
  ASSERT_EQ(written_.size(), 2u);
  EXPECT_NE(written_[0].first, "em-0123456789abcdef");
}

TEST_F(SubscribePages, ABadAddressReshowsTheFormWithTheErrorAndWritesNothing) {
  http::Response r =
      Call("POST", "/driftinformation/prenumerera", "epost=anna%40%3Cscript%3E&tjanst=parkering");
  ASSERT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("id=\"epost-fel\">Skriv en e-postadress"), std::string::npos);
  EXPECT_NE(r.body.find("aria-invalid=\"true\""), std::string::npos);
  EXPECT_NE(r.body.find("value=\"parkering\" checked"), std::string::npos);
  EXPECT_EQ(r.body.find("anna@"), std::string::npos);
  EXPECT_EQ(r.body.find("&lt;script"), std::string::npos);
  EXPECT_TRUE(written_.empty());
}

TEST_F(SubscribePages, AnUnknownRetiredOrNoServiceIsRefused) {
  http::Response unknown =
      Call("POST", "/driftinformation/prenumerera", "epost=a%40example.se&tjanst=saknas");
  http::Response retired = Call("POST", "/driftinformation/prenumerera", "epost=a%40example.se&tjanst=fiske");
  http::Response none = Call("POST", "/driftinformation/prenumerera", "epost=a%40example.se");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_NE(unknown.body.find("finns inte längre"), std::string::npos);
  EXPECT_EQ(retired.status, 400);
  EXPECT_EQ(none.status, 400);
  EXPECT_NE(none.body.find("id=\"tjanst-fel\">Välj minst en e-tjänst"), std::string::npos);
  EXPECT_TRUE(written_.empty());
}

TEST_F(SubscribePages, FiveRequestsPerClientInTenMinutes) {
  for (int i = 0; i < 5; ++i)
    ASSERT_EQ(
        Call("POST", "/driftinformation/prenumerera", "epost=a" + std::to_string(i) + "%40example.se&alla=1")
            .status,
        200);
  http::Response r = Call("POST", "/driftinformation/prenumerera", "epost=b%40example.se&alla=1");
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(Header(r, "Retry-After"), "600");
  EXPECT_NE(r.body.find("Försök igen senare"), std::string::npos);
  EXPECT_EQ(
      Call("POST", "/driftinformation/prenumerera", "epost=b%40example.se&alla=1", {}, "192.0.2.8").status,
      200);
  now_ += 10 * 60 * 1000;
  EXPECT_EQ(Call("POST", "/driftinformation/prenumerera", "epost=b%40example.se&alla=1").status, 200);
  EXPECT_EQ(written_.size(), 7u);
}

TEST_F(SubscribePages, ThreeRequestsPerAddressInADayWhateverItsCase) {
  const char* forms[] = {"a%40example.se", "A%40Example.se", "a%40EXAMPLE.SE"};
  for (int i = 0; i < 3; ++i)
    ASSERT_EQ(Call("POST", "/driftinformation/prenumerera", std::string("epost=") + forms[i] + "&alla=1", {},
                   "192.0.2." + std::to_string(10 + i))
                  .status,
              200);
  http::Response r =
      Call("POST", "/driftinformation/prenumerera", "epost=A%40EXAMPLE.SE&alla=1", {}, "192.0.2.20");
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(Header(r, "Retry-After"), "86400");
  EXPECT_EQ(written_.size(), 3u);
}

TEST_F(SubscribePages, AConfirmLinkGetOnlyShowsAButton) {
  Put(false);
  http::Response r =
      Call("GET", "/driftinformation/prenumerera/bekrafta", "", {{"t", Token(LinkPurpose::kConfirm)}});
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("<form method=\"post\" action=\"/driftinformation/prenumerera/bekrafta\">"),
            std::string::npos);
  EXPECT_NE(r.body.find("name=\"t\" value=\"" + Token(LinkPurpose::kConfirm) + "\""), std::string::npos);
  EXPECT_TRUE(written_.empty());
}

TEST_F(SubscribePages, AConfirmPostConfirmsOnceAndAgainWritesNothing) {
  Put(false);
  std::string body = "t=" + Token(LinkPurpose::kConfirm);
  http::Response r = Call("POST", "/driftinformation/prenumerera/bekrafta", body);
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("Prenumerationen är bekräftad"), std::string::npos);
  ASSERT_EQ(written_.size(), 1u);
  EmailSubscription s;
  ASSERT_TRUE(DecodeEmailSubscription(*written_[0].second, &s).ok());
  EXPECT_TRUE(s.confirmed);
  EXPECT_EQ(s.confirmed_at, kNow);
  EXPECT_EQ(s.requested_at, kNow - 3600 * 1000);
  EXPECT_EQ(s.address, kAddress);
  http::Response again = Call("POST", "/driftinformation/prenumerera/bekrafta", body);
  EXPECT_EQ(again.status, 200);
  EXPECT_NE(again.body.find("Prenumerationen är bekräftad"), std::string::npos);
  EXPECT_EQ(written_.size(), 1u);
}

TEST_F(SubscribePages, AConfirmationAfterAnUnsubscribeSubscribesNobody) {
  Put(false);
  ASSERT_EQ(
      Call("POST", "/driftinformation/prenumerera/avsluta", "t=" + Token(LinkPurpose::kUnsubscribe)).status,
      200);
  ASSERT_EQ(written_.size(), 1u);
  http::Response r =
      Call("POST", "/driftinformation/prenumerera/bekrafta", "t=" + Token(LinkPurpose::kConfirm));
  EXPECT_EQ(r.status, 410);
  EXPECT_NE(r.body.find("Prenumerationen finns inte längre"), std::string::npos);
  EXPECT_EQ(written_.size(), 1u);
}

TEST_F(SubscribePages, ForgedExpiredAndOtherPurposeTokensAre400AndWriteNothing) {
  Put(false);
  std::string forged = Token(LinkPurpose::kConfirm);
  forged[forged.size() - 2] = forged[forged.size() - 2] == 'A' ? 'B' : 'A';
  std::string expired = Token(LinkPurpose::kConfirm, kNow / 1000 - kConfirmLinkMaxAgeS - 1);
  for (const std::string& t : {forged, expired, Token(LinkPurpose::kUnsubscribe), std::string("x")}) {
    http::Response get = Call("GET", "/driftinformation/prenumerera/bekrafta", "", {{"t", t}});
    http::Response post = Call("POST", "/driftinformation/prenumerera/bekrafta", "t=" + t);
    EXPECT_EQ(get.status, 400);
    EXPECT_EQ(post.status, 400);
    EXPECT_NE(post.body.find("Länken fungerar inte"), std::string::npos);
    EXPECT_NE(post.body.find("href=\"/driftinformation/prenumerera\""), std::string::npos);
  }
  EXPECT_TRUE(written_.empty());
}

TEST_F(SubscribePages, OneClickUnsubscribeWritesATombstoneAndARepeatSucceeds) {
  Put(true);
  std::string old = MakeLinkToken(kKey, LinkPurpose::kUnsubscribe, "em-0123456789abcdef", 1000);
  http::Response r =
      Call("POST", "/driftinformation/prenumerera/avsluta", "List-Unsubscribe=One-Click", {{"t", old}});
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("Du får inga fler meddelanden"), std::string::npos);
  ASSERT_EQ(written_.size(), 1u);
  EXPECT_EQ(written_[0].first, "em-0123456789abcdef");
  EXPECT_FALSE(written_[0].second.has_value());
  http::Response again = Call("POST", "/driftinformation/prenumerera/avsluta", "t=" + old);
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(written_.size(), 1u);
}

TEST_F(SubscribePages, AForgedUnsubscribeLinkIs400) {
  Put(true);
  std::string forged =
      MakeLinkToken(std::string(32, 'x'), LinkPurpose::kUnsubscribe, "em-0123456789abcdef", 1000);
  EXPECT_EQ(Call("POST", "/driftinformation/prenumerera/avsluta", "t=" + forged).status, 400);
  EXPECT_EQ(Call("GET", "/driftinformation/prenumerera/avsluta", "", {{"t", forged}}).status, 400);
  EXPECT_TRUE(written_.empty());
}

TEST_F(SubscribePages, TheManagePageShowsTheServicesAndSavesWithoutTheAddress) {
  Put(true);
  std::string t = Token(LinkPurpose::kManage, 1000);
  http::Response r = Call("GET", "/driftinformation/prenumerera/andra", "", {{"t", t}});
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("value=\"parkering\" checked"), std::string::npos);
  EXPECT_EQ(r.body.find("value=\"bygglov\" checked"), std::string::npos);
  EXPECT_NE(r.body.find("action=\"/driftinformation/prenumerera/avsluta\""), std::string::npos);
  EXPECT_EQ(r.body.find("Anna"), std::string::npos);
  EXPECT_EQ(r.body.find("example.se"), std::string::npos);
  http::Response saved = Call("POST", "/driftinformation/prenumerera/andra", "t=" + t + "&tjanst=bygglov");
  ASSERT_EQ(saved.status, 200);
  EXPECT_NE(saved.body.find("value=\"bygglov\" checked"), std::string::npos);
  ASSERT_EQ(written_.size(), 1u);
  EmailSubscription s;
  ASSERT_TRUE(DecodeEmailSubscription(*written_[0].second, &s).ok());
  EXPECT_EQ(s.id, "em-0123456789abcdef");
  EXPECT_EQ(s.services, std::vector<std::string>{"bygglov"});
  EXPECT_TRUE(s.confirmed);
  EXPECT_EQ(s.confirmed_at, kNow - 1800 * 1000);
}

// The status and service pages link to the form by the texts' path.
TEST(SubscribePaths, TheTextsLinkToTheFormsPaths) {
  EXPECT_EQ(std::string_view(kTextsSv.subscribe_path), kSubscribePathSv);
  EXPECT_EQ(std::string_view(kTextsEn.subscribe_path), kSubscribePathEn);
}

}  // namespace
}  // namespace followup::notify
