// The staff admin API: authentication, validation with every field error,
// revisions, and that the event it writes folds into a visible status.
#include "http/admin_routes.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "common/sha256.h"
#include "events/decoder.h"
#include "projections/fold_testing.h"
#include "projections/records.h"
#include "readmodels/status_engine.h"

namespace followup::http {
namespace {

const char* kToken = "s3cret-token-for-tests-0123456789";
const TimeMs kNow = *ParseRfc3339("2026-11-26T10:00:00Z");

const char* kIncident = R"({"kind":"incident","service_ids":["skolval"],"state":"investigating",
  "starts_at":"2026-11-26T10:50:00+01:00","ends_at":null,"title_sv":"Inloggningen fungerar inte",
  "body_sv":"Vi felsöker.","title_en":"Login is down"})";

class AdminApi : public ::testing::Test {
 protected:
  void SetUp() override {
    FoldTally t =
        FoldLines(&kv_, {R"({"type":"service.v1","event_id":"s1","occurred_at":"2026-11-01T00:00:00Z",
      "service_id":"skolval","name":"Skolval","owner":"Utbildningsnämnden","category":"differentierande",
      "focus_area":1,"url":"https://start.stockholm/skolval","alternatives":[],"presents_case_status":true,
      "wcag_aa":true,"investment_sek":1})"});
    ASSERT_EQ(t.rejected, 0);
    Install(kToken);
  }
  void Install(const std::string& token) { Install(AdminTokens::Single(token)); }
  void Install(AdminTokens tokens) {
    router_ = Router();
    auto auth = std::make_shared<AdminAuth>();
    auth->tokens = std::move(tokens);
    auth->on_refusal = [this](AuthRefusal r) { ++refusals_[static_cast<int>(r)]; };
    AdminOptions o;
    o.auth = auth;
    o.publish = [this](const std::string& key, const std::string& value) {
      if (fail_publish_) return Status::Unavailable("broker down");
      sent_.emplace_back(key, value);
      return Status::Ok();
    };
    o.readers = [this] { return std::make_unique<KvReaderRef>(kv_); };
    o.clock = [] { return kNow; };
    AddAdminRoutes(&router_, std::move(o));
  }
  Response Call(const std::string& method, const std::string& path, const std::string& body,
                const std::string& auth = std::string("Bearer ") + kToken) {
    Request req;
    req.method = method;
    req.path = path;
    req.body = body;
    if (!auth.empty()) req.headers["authorization"] = auth;
    std::string route;
    return router_.Dispatch(req, &route);
  }
  void FoldSent() {
    std::vector<std::string> lines;
    for (const auto& [k, v] : sent_) lines.push_back(v);
    FoldTally t = FoldLines(&kv_, lines);
    ASSERT_EQ(t.rejected, 0) << (t.reasons.empty() ? "" : t.reasons[0]);
    sent_.clear();
  }
  static std::string Header(const Response& r, const std::string& name) {
    for (const auto& [k, v] : r.headers)
      if (k == name) return v;
    return "";
  }
  MemKv kv_;
  Router router_;
  std::vector<std::pair<std::string, std::string>> sent_;
  bool fail_publish_ = false;
  int refusals_[kAuthRefusalCount] = {};
  int& auth_missing_ = refusals_[static_cast<int>(AuthRefusal::kMissing)];
  int& auth_wrong_ = refusals_[static_cast<int>(AuthRefusal::kWrong)];
};

TEST_F(AdminApi, MissingOrWrongTokenIs401AndWritesNothing) {
  for (const std::string& auth :
       {std::string(), std::string("Bearer"), std::string("Bearer wrong"), std::string("Basic ") + kToken,
        std::string("Bearer ") + kToken + "x", std::string("Bearer ") + std::string(kToken).substr(1)}) {
    Response r = Call("POST", "/api/v1/announcements", kIncident, auth);
    EXPECT_EQ(r.status, 401) << auth;
    EXPECT_EQ(Header(r, "WWW-Authenticate").rfind("Bearer", 0), 0u);
    EXPECT_EQ(r.body.find(kToken), std::string::npos);
  }
  EXPECT_EQ(Call("PUT", "/api/v1/announcements/a", kIncident, "Bearer nope").status, 401);
  EXPECT_TRUE(sent_.empty());
  // The scheme is case-insensitive.
  EXPECT_EQ(Call("POST", "/api/v1/announcements", kIncident, std::string("bearer ") + kToken).status, 202);
}

// Item 4 of issue 17: refused attempts are counted by reason and logged
// without the token.
TEST_F(AdminApi, RefusedTokensAreCountedAndLoggedWithoutTheToken) {
  std::ostringstream log;
  auto previous = spdlog::default_logger();
  spdlog::set_default_logger(
      std::make_shared<spdlog::logger>("test", std::make_shared<spdlog::sinks::ostream_sink_st>(log)));
  const std::string guess = "guessed-token-which-must-never-be-logged";
  EXPECT_EQ(Call("POST", "/api/v1/announcements", kIncident, "Bearer " + guess).status, 401);
  EXPECT_EQ(Call("PATCH", "/api/v1/announcements/x", "{}", "Bearer " + guess).status, 401);
  EXPECT_EQ(Call("POST", "/api/v1/announcements", kIncident, "").status, 401);
  EXPECT_EQ(Call("POST", "/api/v1/announcements", kIncident, "Basic " + guess).status, 401);
  EXPECT_EQ(Call("POST", "/api/v1/announcements", kIncident).status, 202);
  spdlog::set_default_logger(previous);
  EXPECT_EQ(auth_wrong_, 2);
  EXPECT_EQ(auth_missing_, 2);
  EXPECT_EQ(log.str().find(guess), std::string::npos) << log.str();
  EXPECT_EQ(log.str().find(kToken), std::string::npos) << log.str();
  EXPECT_NE(log.str().find("admin: refused POST /api/v1/announcements: wrong bearer token"),
            std::string::npos)
      << log.str();
  EXPECT_NE(log.str().find("admin: refused PATCH /api/v1/announcements/x: wrong bearer token"),
            std::string::npos);
  EXPECT_NE(log.str().find("admin: refused POST /api/v1/announcements: missing bearer token"),
            std::string::npos);
}

// Item 4 of issue 17: the token's id is the event's actor; the single token
// of --admin-token-file is "admin".
TEST_F(AdminApi, TheEventNamesTheTokenAsActor) {
  ASSERT_EQ(Call("POST", "/api/v1/announcements", kIncident).status, 202);
  ASSERT_EQ(sent_.size(), 1u);
  EventDecoder decoder;
  Event e;
  DecodeError err;
  ASSERT_TRUE(decoder.Decode(sent_[0].second, &e, &err)) << err.reason;
  EXPECT_EQ(e.actor, "admin");
}

TEST_F(AdminApi, NamedTokenWritesItsIdAndAScopeItLacksIs403) {
  AdminTokens tokens;
  ASSERT_TRUE(tokens.Add(AdminToken{"driftledning", Sha256("drift-token-0123456789"), 1u << 0}).ok());
  ASSERT_TRUE(tokens.Add(AdminToken{"ils-team", Sha256("ils-token-0123456789"), 1u << 1}).ok());
  Install(std::move(tokens));
  std::ostringstream log;
  auto previous = spdlog::default_logger();
  spdlog::set_default_logger(
      std::make_shared<spdlog::logger>("test", std::make_shared<spdlog::sinks::ostream_sink_st>(log)));
  Response ok = Call("POST", "/api/v1/announcements", kIncident, "Bearer drift-token-0123456789");
  Response refused = Call("POST", "/api/v1/announcements", kIncident, "Bearer ils-token-0123456789");
  spdlog::set_default_logger(previous);
  EXPECT_EQ(ok.status, 202);
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(refused.content_type, "application/json");
  EXPECT_NE(refused.body.find("\"scope\":\"announcements\""), std::string::npos) << refused.body;
  EXPECT_EQ(refusals_[static_cast<int>(AuthRefusal::kForbidden)], 1);
  ASSERT_EQ(sent_.size(), 1u);
  EXPECT_NE(sent_[0].second.find("\"actor\":\"driftledning\""), std::string::npos) << sent_[0].second;
  EXPECT_NE(log.str().find("admin: refused POST /api/v1/announcements: the token 'ils-team' lacks the scope "
                           "announcements"),
            std::string::npos)
      << log.str();
  EXPECT_EQ(log.str().find("drift-token-0123456789"), std::string::npos) << log.str();
  EXPECT_EQ(log.str().find("ils-token-0123456789"), std::string::npos) << log.str();
}

TEST_F(AdminApi, DisabledWithoutToken) {
  Install("");
  Response r = Call("POST", "/api/v1/announcements", kIncident);
  EXPECT_EQ(r.status, 503);
  EXPECT_NE(r.body.find("admin API disabled"), std::string::npos);
  EXPECT_TRUE(sent_.empty());
}

TEST_F(AdminApi, ReportsEveryFieldError) {
  Response r =
      Call("POST", "/api/v1/announcements", R"({"kind":"planned_maintenance","service_ids":["skolval","Bad!",
    "okand"],"state":"open","starts_at":"2026-11-26 10:00","title_sv":"","body_sv":7,"revision":0})");
  EXPECT_EQ(r.status, 400);
  for (const char* field : {"\"field\":\"revision\"", "\"field\":\"state\"", "\"field\":\"service_ids[1]\"",
                            "\"field\":\"service_ids[2]\"", "\"field\":\"starts_at\"",
                            "\"field\":\"ends_at\"", "\"field\":\"title_sv\"", "\"field\":\"body_sv\""})
    EXPECT_NE(r.body.find(field), std::string::npos) << field << " in " << r.body;
  EXPECT_EQ(r.body.rfind("{\"errors\":[", 0), 0u);
  EXPECT_TRUE(sent_.empty());
}

TEST_F(AdminApi, EndsMustFollowStarts) {
  Response r =
      Call("POST", "/api/v1/announcements", R"({"kind":"planned_maintenance","service_ids":["skolval"],
    "state":"scheduled","starts_at":"2026-11-27T22:00:00+01:00","ends_at":"2026-11-27T21:00:00Z",
    "title_sv":"Underhåll","body_sv":""})");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("\"field\":\"ends_at\""), std::string::npos);
}

TEST_F(AdminApi, NotJsonIs400) {
  EXPECT_EQ(Call("POST", "/api/v1/announcements", "kind=incident").status, 400);
  EXPECT_EQ(Call("POST", "/api/v1/announcements", "[1,2]").status, 400);
}

TEST_F(AdminApi, CreateWritesAValidEventThatBecomesVisibleWhenFolded) {
  Response r = Call("POST", "/api/v1/announcements", kIncident);
  ASSERT_EQ(r.status, 202) << r.body;
  ASSERT_EQ(sent_.size(), 1u);
  const auto& [key, value] = sent_[0];
  EXPECT_NE(r.body.find("\"announcement_id\":\"" + key + "\""), std::string::npos);
  EXPECT_NE(r.body.find("\"revision\":1"), std::string::npos);
  EXPECT_NE(r.body.find("\"event_id\":\"admin-"), std::string::npos);
  EXPECT_NE(value.find("\"type\":\"announcement.v1\""), std::string::npos);
  EXPECT_NE(value.find("\"occurred_at\":\"2026-11-26T10:00:00Z\""), std::string::npos);

  // Nothing changes before the fold...
  CityStatus before;
  ASSERT_TRUE(ComputeStatus(kv_, kNow, &before).ok());
  EXPECT_EQ(before.Find("skolval")->level, StatusLevel::kUnknown);
  // ...and after it the incident lifts the service to degraded.
  FoldSent();
  CityStatus after;
  ASSERT_TRUE(ComputeStatus(kv_, kNow, &after).ok());
  EXPECT_EQ(after.Find("skolval")->level, StatusLevel::kDegraded);
  ASSERT_EQ(after.announcements.size(), 1u);
  EXPECT_EQ(after.announcements[0].a.title_sv, "Inloggningen fungerar inte");
  EXPECT_EQ(after.announcements[0].a.title_en, "Login is down");
}

TEST_F(AdminApi, EventIdsAreUnique) {
  ASSERT_EQ(Call("POST", "/api/v1/announcements", kIncident).status, 202);
  ASSERT_EQ(Call("POST", "/api/v1/announcements", kIncident).status, 202);
  ASSERT_EQ(sent_.size(), 2u);
  EXPECT_NE(sent_[0].first, sent_[1].first);  // two announcements, two server-assigned ids
  auto event_id = [](const std::string& v) { return v.substr(v.find("\"event_id\""), 50); };
  EXPECT_NE(event_id(sent_[0].second), event_id(sent_[1].second));
}

TEST_F(AdminApi, PutComputesTheNextRevision) {
  std::string body = std::string(kIncident);
  body.insert(1, R"("announcement_id":"inlogg-1",)");
  ASSERT_EQ(Call("POST", "/api/v1/announcements", body).status, 202);
  EXPECT_EQ(Call("POST", "/api/v1/announcements", body).status, 409);  // exists (not yet folded)
  // Not folded yet: this process remembers what it wrote.
  Response r = Call("PUT", "/api/v1/announcements/inlogg-1", kIncident);
  ASSERT_EQ(r.status, 202) << r.body;
  EXPECT_NE(r.body.find("\"revision\":2"), std::string::npos);
  FoldSent();
  r = Call("PUT", "/api/v1/announcements/inlogg-1", R"({"kind":"incident","service_ids":["skolval"],
    "state":"resolved","starts_at":"2026-11-26T09:50:00Z","ends_at":"2026-11-26T10:00:00Z",
    "title_sv":"Inloggningen fungerar igen","body_sv":"Löst."})");
  ASSERT_EQ(r.status, 202) << r.body;
  EXPECT_NE(r.body.find("\"revision\":3"), std::string::npos);
  // An explicit revision must be above the current one.
  std::string stale = R"({"revision":2,)" + std::string(kIncident).substr(1);
  r = Call("PUT", "/api/v1/announcements/inlogg-1", stale);
  EXPECT_EQ(r.status, 409);
  std::string ahead = R"({"revision":10,)" + std::string(kIncident).substr(1);
  r = Call("PUT", "/api/v1/announcements/inlogg-1", ahead);
  EXPECT_EQ(r.status, 202);
  EXPECT_NE(r.body.find("\"revision\":10"), std::string::npos);
  FoldSent();
  std::string raw;
  ASSERT_TRUE(kv_.Get("ann/inlogg-1", &raw).ok());
}

TEST_F(AdminApi, PutOfUnknownAnnouncementIs404) {
  EXPECT_EQ(Call("PUT", "/api/v1/announcements/nope", kIncident).status, 404);
  EXPECT_TRUE(sent_.empty());
}

TEST_F(AdminApi, PutBodyIdMustMatchPath) {
  std::string body = std::string(kIncident);
  body.insert(1, R"("announcement_id":"other",)");
  Response r = Call("PUT", "/api/v1/announcements/inlogg-1", body);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("\"field\":\"announcement_id\""), std::string::npos);
}

// Finding 6: an id the PUT route cannot address (the router refuses %2F,
// "." and "..") would make an announcement that can never be updated.
TEST_F(AdminApi, UnaddressableIdIs400) {
  for (const char* id : {"a/b", ".", "..", "a b", "a%2Fb", "ärende", "a?b", "a#b"}) {
    std::string body = std::string(kIncident);
    body.insert(1, "\"announcement_id\":\"" + std::string(id) + "\",");
    Response r = Call("POST", "/api/v1/announcements", body);
    EXPECT_EQ(r.status, 400) << id;
    EXPECT_NE(r.body.find("\"field\":\"announcement_id\""), std::string::npos) << id;
  }
  EXPECT_TRUE(sent_.empty());
  std::string body = std::string(kIncident);
  body.insert(1, R"("announcement_id":"Drift-2026.11:a_1",)");
  EXPECT_EQ(Call("POST", "/api/v1/announcements", body).status, 202);
  EXPECT_EQ(Call("PUT", "/api/v1/announcements/Drift-2026.11:a_1", kIncident).status, 202);
}

// Finding 6: a revision that no later revision can follow is refused.
TEST_F(AdminApi, RevisionAtInt64MaxIs400) {
  std::string body = std::string(kIncident);
  body.insert(1, R"("announcement_id":"inlogg-1",)");
  ASSERT_EQ(Call("POST", "/api/v1/announcements", body).status, 202);
  std::string max = R"({"revision":9223372036854775807,)" + std::string(kIncident).substr(1);
  Response r = Call("PUT", "/api/v1/announcements/inlogg-1", max);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("\"field\":\"revision\""), std::string::npos);
  EXPECT_EQ(sent_.size(), 1u);
  std::string below = R"({"revision":9223372036854775806,)" + std::string(kIncident).substr(1);
  r = Call("PUT", "/api/v1/announcements/inlogg-1", below);
  EXPECT_EQ(r.status, 202);
  EXPECT_NE(r.body.find("\"revision\":9223372036854775806"), std::string::npos);
}

// Finding 6: an announcement another producer wrote at INT64_MAX: a PUT
// without revision never computes current + 1 (it would overflow).
TEST_F(AdminApi, PutWithoutRevisionAtInt64MaxIs409WithoutOverflow) {
  FoldTally t =
      FoldLines(&kv_, {R"({"type":"announcement.v1","event_id":"ext-1","occurred_at":"2026-11-26T09:00:00Z",
    "announcement_id":"extern","revision":9223372036854775807,"kind":"incident","service_ids":["skolval"],
    "state":"investigating","starts_at":"2026-11-26T09:00:00Z","ends_at":null,"title_sv":"T","body_sv":""})"});
  ASSERT_EQ(t.rejected, 0) << (t.reasons.empty() ? "" : t.reasons[0]);  // events stay tolerant
  Response r = Call("PUT", "/api/v1/announcements/extern", kIncident);
  EXPECT_EQ(r.status, 409);
  EXPECT_NE(r.body.find("highest possible"), std::string::npos);
  EXPECT_EQ(r.body.find("-9223372036854775808"), std::string::npos);
  EXPECT_TRUE(sent_.empty());
}

// Finding 5: a title of only white space (or of invisible characters) is refused.
TEST_F(AdminApi, BlankTitleIs400) {
  for (const char* title : {"   ", "\\t\\n", "\u00a0\u3000", "\u200b"}) {
    std::string body = R"({"kind":"incident","service_ids":["skolval"],"state":"investigating",
      "starts_at":"2026-11-26T10:50:00+01:00","title_sv":")" +
                       std::string(title) + R"(","body_sv":""})";
    Response r = Call("POST", "/api/v1/announcements", body);
    EXPECT_EQ(r.status, 400) << title;
    EXPECT_NE(r.body.find("\"field\":\"title_sv\""), std::string::npos) << title << r.body;
  }
  std::string en = std::string(kIncident);
  en.insert(1, R"("title_en":"  ",)");
  en.erase(en.find(R"(,"title_en":"Login is down")"), std::string(R"(,"title_en":"Login is down")").size());
  Response r = Call("POST", "/api/v1/announcements", en);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("\"field\":\"title_en\""), std::string::npos);
  EXPECT_TRUE(sent_.empty());
}

// Commands are strict: a text the output rule would change is refused, so
// what is written is what is shown.
TEST_F(AdminApi, UnsafeCharactersInTextsAre400) {
  for (const char* text :
       {"a\\u0000b", "a\\u001bb", "a\\uffffb", "a\\ufffeb", "abc\\u202egpj", "a\\u2066b"}) {
    std::string body = R"({"kind":"incident","service_ids":["skolval"],"state":"investigating",
      "starts_at":"2026-11-26T10:50:00+01:00","title_sv":"Titel","body_sv":")" +
                       std::string(text) + R"("})";
    Response r = Call("POST", "/api/v1/announcements", body);
    EXPECT_EQ(r.status, 400) << text;
    EXPECT_NE(r.body.find("\"field\":\"body_sv\""), std::string::npos) << text << r.body;
  }
  EXPECT_TRUE(sent_.empty());
  std::string ok = R"({"kind":"incident","service_ids":["skolval"],"state":"investigating",
    "starts_at":"2026-11-26T10:50:00+01:00","title_sv":"Titel","body_sv":"Rad ett\nRad\ttvå"})";
  EXPECT_EQ(Call("POST", "/api/v1/announcements", ok).status, 202);
}

TEST_F(AdminApi, KafkaFailureIs503) {
  fail_publish_ = true;
  Response r = Call("POST", "/api/v1/announcements", kIncident);
  EXPECT_EQ(r.status, 503);
}

TEST_F(AdminApi, OnlyPostPutAndPatch) {
  EXPECT_EQ(Call("GET", "/api/v1/announcements", "").status, 405);
  EXPECT_EQ(Call("DELETE", "/api/v1/announcements/x", "").status, 405);
}

TEST_F(AdminApi, NoCorsPreflight) {
  for (const char* path : {"/api/v1/announcements", "/api/v1/announcements/x"}) {
    Response r = Call("OPTIONS", path, "");
    EXPECT_EQ(r.status, 405) << path;
    for (const auto& [k, v] : r.headers) {
      EXPECT_EQ(k.rfind("Access-Control-", 0), std::string::npos) << path << ": " << k;
      if (k == "Allow") {
        EXPECT_EQ(v.find("OPTIONS"), std::string::npos) << v;
      }
    }
  }
}

// ---------------------------------------------------------------- strict commands

TEST_F(AdminApi, UnknownFieldIs400NamingIt) {
  std::string body = std::string(kIncident);
  body.insert(1, R"("ends_on":"2026-11-26T12:00:00Z","titel_sv":"x",)");
  Response r = Call("POST", "/api/v1/announcements", body);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("{\"field\":\"ends_on\",\"message\":\"unknown field"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("{\"field\":\"titel_sv\",\"message\":\"unknown field"), std::string::npos) << r.body;
  EXPECT_TRUE(sent_.empty());
}

TEST_F(AdminApi, UnknownFieldInPutIs400) {
  std::string body = std::string(kIncident);
  body.insert(1, R"("announcement_id":"inlogg-1",)");
  ASSERT_EQ(Call("POST", "/api/v1/announcements", body).status, 202);
  std::string put = R"({"ends_on":null,)" + std::string(kIncident).substr(1);
  Response r = Call("PUT", "/api/v1/announcements/inlogg-1", put);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("\"field\":\"ends_on\""), std::string::npos) << r.body;
  EXPECT_EQ(sent_.size(), 1u);
}

// events.md "Commands": the states each kind accepts.
TEST_F(AdminApi, ImpossibleStateForKindIs400) {
  struct Case {
    const char* kind;
    const char* state;
  };
  for (Case c : {Case{"planned_maintenance", "investigating"}, Case{"planned_maintenance", "identified"},
                 Case{"planned_maintenance", "monitoring"}, Case{"incident", "scheduled"}}) {
    std::string body = std::string(R"({"kind":")") + c.kind + R"(","service_ids":["skolval"],"state":")" +
                       c.state +
                       R"(","starts_at":"2026-11-27T22:00:00Z","ends_at":"2026-11-27T23:00:00Z",
                       "title_sv":"Titel","body_sv":""})";
    Response r = Call("POST", "/api/v1/announcements", body);
    EXPECT_EQ(r.status, 400) << c.kind << " " << c.state;
    EXPECT_NE(r.body.find("\"field\":\"state\""), std::string::npos) << r.body;
  }
  EXPECT_TRUE(sent_.empty());
}

TEST_F(AdminApi, PossibleStatesForEachKindAre202) {
  struct Case {
    const char* kind;
    const char* state;
  };
  for (Case c : {Case{"planned_maintenance", "scheduled"}, Case{"planned_maintenance", "resolved"},
                 Case{"planned_maintenance", "cancelled"}, Case{"incident", "investigating"},
                 Case{"incident", "identified"}, Case{"incident", "monitoring"}, Case{"incident", "resolved"},
                 Case{"incident", "cancelled"}}) {
    std::string body = std::string(R"({"kind":")") + c.kind + R"(","service_ids":["skolval"],"state":")" +
                       c.state +
                       R"(","starts_at":"2026-11-26T08:00:00Z","ends_at":"2026-11-26T09:00:00Z",
                       "title_sv":"Titel","body_sv":""})";
    EXPECT_EQ(Call("POST", "/api/v1/announcements", body).status, 202) << c.kind << " " << c.state;
  }
}

// Decision: a resolved incident without ends_at was resolved at the time of
// the request (kNow), which the event carries as its ends_at.
TEST_F(AdminApi, ResolvedIncidentWithoutEndTakesTheTimeOfTheRequest) {
  Response r = Call("POST", "/api/v1/announcements", R"({"kind":"incident","service_ids":["skolval"],
    "state":"resolved","starts_at":"2026-11-26T09:00:00Z","title_sv":"Löst","body_sv":""})");
  ASSERT_EQ(r.status, 202) << r.body;
  ASSERT_EQ(sent_.size(), 1u);
  EXPECT_NE(sent_[0].second.find("\"ends_at\":\"2026-11-26T10:00:00Z\""), std::string::npos)
      << sent_[0].second;
}

TEST_F(AdminApi, ResolvedIncidentStartingInTheFutureWithoutEndIs400) {
  Response r = Call("POST", "/api/v1/announcements", R"({"kind":"incident","service_ids":["skolval"],
    "state":"resolved","starts_at":"2026-11-26T11:00:00Z","ends_at":null,"title_sv":"Löst","body_sv":""})");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("\"field\":\"ends_at\""), std::string::npos) << r.body;
  EXPECT_TRUE(sent_.empty());
}

TEST_F(AdminApi, WritesAnswerTheRevisionAsETag) {
  Response r = Call("POST", "/api/v1/announcements", kIncident);
  ASSERT_EQ(r.status, 202);
  EXPECT_EQ(Header(r, "ETag"), "\"rev-1\"");
}

// ---------------------------------------------------------------- PATCH

class AdminPatch : public AdminApi {
 protected:
  void SetUp() override {
    AdminApi::SetUp();
    std::string body = std::string(kIncident);
    body.insert(1, R"("announcement_id":"inlogg-1","body_en":"We are looking into it.",)");
    ASSERT_EQ(Call("POST", "/api/v1/announcements", body).status, 202);
    FoldSent();
  }
  Response Patch(const std::string& body, const std::string& if_match) {
    Request req;
    req.method = "PATCH";
    req.path = "/api/v1/announcements/inlogg-1";
    req.body = body;
    req.headers["authorization"] = std::string("Bearer ") + kToken;
    if (!if_match.empty()) req.headers["if-match"] = if_match;
    std::string route;
    return router_.Dispatch(req, &route);
  }
  AnnouncementRecord Winner() {
    std::string raw;
    EXPECT_TRUE(kv_.Get("ann/inlogg-1", &raw).ok());
    AnnouncementRecord rec;
    EXPECT_TRUE(rec.Decode(raw));
    return rec;
  }
};

TEST_F(AdminPatch, KeepsOmittedFields) {
  Response r = Patch(R"({"state":"resolved","ends_at":"2026-11-26T09:58:00Z"})", "\"rev-1\"");
  ASSERT_EQ(r.status, 202) << r.body;
  EXPECT_NE(r.body.find("\"revision\":2"), std::string::npos);
  EXPECT_EQ(Header(r, "ETag"), "\"rev-2\"");
  FoldSent();
  AnnouncementRecord w = Winner();
  EXPECT_EQ(w.announcement.revision, 2);
  EXPECT_EQ(w.announcement.state, AnnouncementState::kResolved);
  ASSERT_TRUE(w.announcement.ends_at.has_value());
  EXPECT_EQ(*w.announcement.ends_at, *ParseRfc3339("2026-11-26T09:58:00Z"));
  EXPECT_EQ(w.announcement.title_en, "Login is down");
  EXPECT_EQ(w.announcement.body_en, "We are looking into it.");
  EXPECT_EQ(w.announcement.title_sv, "Inloggningen fungerar inte");
  EXPECT_EQ(w.announcement.body_sv, "Vi felsöker.");
  EXPECT_EQ(w.announcement.starts_at, *ParseRfc3339("2026-11-26T09:50:00Z"));
  EXPECT_EQ(w.announcement.service_ids, std::vector<std::string>{"skolval"});
}

TEST_F(AdminPatch, NullDeletesAnOptionalField) {
  Response r = Patch(R"({"title_en":null,"body_en":null,"state":"identified"})", "\"rev-1\"");
  ASSERT_EQ(r.status, 202) << r.body;
  FoldSent();
  AnnouncementRecord w = Winner();
  EXPECT_EQ(w.announcement.title_en, "");
  EXPECT_EQ(w.announcement.body_en, "");
  EXPECT_EQ(w.announcement.state, AnnouncementState::kIdentified);
}

TEST_F(AdminPatch, NullOfARequiredFieldIs400) {
  Response r = Patch(R"({"title_sv":null})", "\"rev-1\"");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("\"field\":\"title_sv\""), std::string::npos) << r.body;
  EXPECT_TRUE(sent_.empty());
}

TEST_F(AdminPatch, MergedResultIsValidatedStrictly) {
  Response r =
      Patch(R"({"kind":"planned_maintenance","ends_at":"2026-11-26T12:00:00Z","titel_sv":"x"})", "\"rev-1\"");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("\"field\":\"state\""), std::string::npos) << r.body;     // investigating
  EXPECT_NE(r.body.find("\"field\":\"titel_sv\""), std::string::npos) << r.body;  // unknown
  EXPECT_TRUE(sent_.empty());
}

TEST_F(AdminPatch, ResolveWithoutEndTakesTheTimeOfTheRequest) {
  Response r = Patch(R"({"state":"resolved"})", "\"rev-1\"");
  ASSERT_EQ(r.status, 202) << r.body;
  ASSERT_EQ(sent_.size(), 1u);
  EXPECT_NE(sent_[0].second.find("\"ends_at\":\"2026-11-26T10:00:00Z\""), std::string::npos)
      << sent_[0].second;
  EXPECT_NE(sent_[0].second.find("\"title_en\":\"Login is down\""), std::string::npos) << sent_[0].second;
}

TEST_F(AdminPatch, StaleIfMatchIs409) {
  ASSERT_EQ(Patch(R"({"state":"identified"})", "\"rev-1\"").status, 202);
  // Not folded yet: this process knows revision 2 is written.
  Response r = Patch(R"({"state":"monitoring"})", "\"rev-1\"");
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(Header(r, "ETag"), "\"rev-2\"");
  EXPECT_NE(r.body.find("revision 2"), std::string::npos) << r.body;
  EXPECT_EQ(sent_.size(), 1u);
}

TEST_F(AdminPatch, StaleAfterTheFoldIs409) {
  std::string put = std::string(kIncident);
  put.insert(1, R"("revision":5,)");
  ASSERT_EQ(Call("PUT", "/api/v1/announcements/inlogg-1", put).status, 202);
  FoldSent();
  EXPECT_EQ(Patch(R"({"state":"monitoring"})", "\"rev-1\"").status, 409);
  EXPECT_EQ(Patch(R"({"state":"monitoring"})", "W/\"rev-5\"").status, 409);  // weak never matches
  EXPECT_EQ(Patch(R"({"state":"monitoring"})", "\"rev-5\"").status, 202);
}

// A PATCH right after another from this process merges into what that one
// wrote, even before the fold.
TEST_F(AdminPatch, ChainedPatchesMergeIntoTheUnfoldedRevision) {
  ASSERT_EQ(Patch(R"({"title_en":"Login is slow"})", "\"rev-1\"").status, 202);
  Response r = Patch(R"({"state":"monitoring"})", "\"rev-2\"");
  ASSERT_EQ(r.status, 202) << r.body;
  ASSERT_EQ(sent_.size(), 2u);
  EXPECT_NE(sent_[1].second.find("\"title_en\":\"Login is slow\""), std::string::npos) << sent_[1].second;
  EXPECT_NE(sent_[1].second.find("\"state\":\"monitoring\""), std::string::npos) << sent_[1].second;
  EXPECT_NE(sent_[1].second.find("\"revision\":3"), std::string::npos) << sent_[1].second;
}

TEST_F(AdminPatch, MissingIfMatchIs428) {
  Response r = Patch(R"({"state":"resolved"})", "");
  EXPECT_EQ(r.status, 428);
  EXPECT_EQ(Header(r, "ETag"), "\"rev-1\"");
  EXPECT_TRUE(sent_.empty());
}

TEST_F(AdminPatch, IfMatchStarIs428) {
  EXPECT_EQ(Patch(R"({"state":"resolved"})", "*").status, 428);
  EXPECT_TRUE(sent_.empty());
}

TEST_F(AdminPatch, MalformedIfMatchIs400) {
  Response r = Patch(R"({"state":"resolved"})", "rev-1");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("\"field\":\"If-Match\""), std::string::npos) << r.body;
}

TEST_F(AdminPatch, IfMatchListMatchesAnyOfItsTags) {
  EXPECT_EQ(Patch(R"({"state":"identified"})", "\"rev-7\", \"rev-1\"").status, 202);
}

TEST_F(AdminPatch, UnknownAnnouncementIs404) {
  Request req;
  req.method = "PATCH";
  req.path = "/api/v1/announcements/nope";
  req.body = "{}";
  req.headers["authorization"] = std::string("Bearer ") + kToken;
  req.headers["if-match"] = "\"rev-1\"";
  std::string route;
  EXPECT_EQ(router_.Dispatch(req, &route).status, 404);
}

TEST_F(AdminPatch, NeedsTheToken) {
  Request req;
  req.method = "PATCH";
  req.path = "/api/v1/announcements/inlogg-1";
  req.body = R"({"state":"resolved"})";
  req.headers["if-match"] = "\"rev-1\"";
  std::string route;
  EXPECT_EQ(router_.Dispatch(req, &route).status, 401);
  EXPECT_TRUE(sent_.empty());
}

TEST_F(AdminPatch, PutStillReplacesTheWhole) {
  Response r = Call("PUT", "/api/v1/announcements/inlogg-1", R"({"kind":"incident","service_ids":["skolval"],
    "state":"resolved","starts_at":"2026-11-26T09:50:00Z","ends_at":"2026-11-26T10:00:00Z",
    "title_sv":"Inloggningen fungerar igen","body_sv":"Löst."})");
  ASSERT_EQ(r.status, 202) << r.body;
  EXPECT_EQ(Header(r, "ETag"), "\"rev-2\"");
  FoldSent();
  AnnouncementRecord w = Winner();
  EXPECT_EQ(w.announcement.revision, 2);
  EXPECT_EQ(w.announcement.title_sv, "Inloggningen fungerar igen");
  EXPECT_EQ(w.announcement.title_en, "");
}

}  // namespace
}  // namespace followup::http
