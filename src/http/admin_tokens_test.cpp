// The named admin tokens: the token file's format and every check of it, and
// matching a presented token to its entry.
#include "http/admin_tokens.h"

#include <gtest/gtest.h>

#include <cctype>
#include <cstdlib>
#include <fstream>

namespace followup::http {
namespace {

// The hashes were computed with coreutils: printf %s TOKEN | sha256sum.
const char* kDriftToken = "driftledningens-token-0123456789";
const char* kDriftHash = "15b09a39557358a16e6b15145e4f94f0f053387eeb1462254f04a49e725d5906";
const char* kIlsToken = "ils-teamets-token-0123456789";
const char* kIlsHash = "a80b5330255fdfdef199912320e08ab072f328d1bff5d12815413ecda32b043e";

std::string File(const std::string& entries) { return "tokens:\n" + entries; }
std::string Entry(const std::string& id, const std::string& hash, const std::string& scopes) {
  return "  - id: " + id + "\n    sha256: " + hash + "\n    scopes: " + scopes + "\n";
}

Status ParseText(const std::string& yaml, AdminTokens* out) {
  return AdminTokens::Parse(yaml, "t.yaml", out);
}

TEST(AdminTokens, ParsesIdsHashesAndScopes) {
  AdminTokens t;
  Status s = ParseText(File(Entry("driftledning", kDriftHash, "[announcements]") +
                            Entry("ils-team", kIlsHash, "[targets, subscriptions]")),
                       &t);
  ASSERT_TRUE(s.ok()) << s.message();
  ASSERT_EQ(t.entries().size(), 2u);
  const AdminToken* drift = t.Match(kDriftToken);
  ASSERT_NE(drift, nullptr);
  EXPECT_EQ(drift->id, "driftledning");
  EXPECT_TRUE(drift->Allows(AdminScope::kAnnouncements));
  EXPECT_FALSE(drift->Allows(AdminScope::kTargets));
  const AdminToken* ils = t.Match(kIlsToken);
  ASSERT_NE(ils, nullptr);
  EXPECT_EQ(ils->id, "ils-team");
  EXPECT_TRUE(ils->Allows(AdminScope::kTargets));
  EXPECT_TRUE(ils->Allows(AdminScope::kSubscriptions));
  EXPECT_FALSE(ils->Allows(AdminScope::kWebhooks));
  EXPECT_FALSE(ils->Allows(AdminScope::kAnnouncements));
}

TEST(AdminTokens, UpperCaseHexIsTheSameHash) {
  AdminTokens t;
  std::string upper = kDriftHash;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  ASSERT_TRUE(ParseText(File(Entry("driftledning", upper, "[announcements]")), &t).ok());
  EXPECT_NE(t.Match(kDriftToken), nullptr);
}

TEST(AdminTokens, UnknownEmptyOrAlmostRightTokensMatchNothing) {
  AdminTokens t;
  ASSERT_TRUE(ParseText(File(Entry("driftledning", kDriftHash, "[announcements]")), &t).ok());
  EXPECT_EQ(t.Match(""), nullptr);
  EXPECT_EQ(t.Match("driftledningens-token-012345678"), nullptr);
  EXPECT_EQ(t.Match(std::string(kDriftToken) + " "), nullptr);
  EXPECT_EQ(t.Match(kDriftHash), nullptr);  // the hash is not the token
}

// Every mistake is refused with a message that names it and says how to fix it.
TEST(AdminTokens, RefusesAPlaintextTokenByName) {
  AdminTokens t;
  Status s =
      ParseText("tokens:\n  - id: driftledning\n    token: hemligt\n    scopes: [announcements]\n", &t);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("unknown key 'token'"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("followup token hash"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("line 3"), std::string::npos) << s.message();
}

TEST(AdminTokens, RefusesAnUnknownScope) {
  AdminTokens t;
  Status s = ParseText(File(Entry("driftledning", kDriftHash, "[announcement]")), &t);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("unknown scope 'announcement'"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("announcements, targets, subscriptions, webhooks"), std::string::npos);
}

TEST(AdminTokens, RefusesEmptyScopes) {
  AdminTokens t;
  EXPECT_FALSE(ParseText(File(Entry("driftledning", kDriftHash, "[]")), &t).ok());
}

TEST(AdminTokens, RefusesABadHash) {
  AdminTokens t;
  EXPECT_FALSE(
      ParseText(File(Entry("driftledning", std::string(kDriftHash).substr(1), "[targets]")), &t).ok());
  EXPECT_FALSE(ParseText(File(Entry("driftledning", std::string(63, 'a') + "g", "[targets]")), &t).ok());
}

TEST(AdminTokens, RefusesABadId) {
  AdminTokens t;
  EXPECT_FALSE(ParseText(File(Entry("Driftledning", kDriftHash, "[targets]")), &t).ok());
  EXPECT_FALSE(ParseText(File(Entry("drift ledning", kDriftHash, "[targets]")), &t).ok());
}

TEST(AdminTokens, RefusesTheSingleTokensId) {
  AdminTokens t;
  Status s = ParseText(File(Entry("admin", kDriftHash, "[targets]")), &t);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("choose another"), std::string::npos) << s.message();
}

TEST(AdminTokens, RefusesATwiceDeclaredIdOrHash) {
  AdminTokens t;
  EXPECT_FALSE(
      ParseText(File(Entry("a", kDriftHash, "[targets]") + Entry("a", kIlsHash, "[targets]")), &t).ok());
  Status s = ParseText(File(Entry("a", kDriftHash, "[targets]") + Entry("b", kDriftHash, "[targets]")), &t);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("same hash"), std::string::npos) << s.message();
}

TEST(AdminTokens, RefusesAnUnknownTopLevelKeyAndAnEmptyList) {
  AdminTokens t;
  EXPECT_FALSE(ParseText("token:\n" + Entry("a", kDriftHash, "[targets]"), &t).ok());
  EXPECT_FALSE(ParseText("tokens: []\n", &t).ok());
  EXPECT_FALSE(ParseText("- a\n", &t).ok());
}

// The single token of --admin-token-file: id "admin", every scope, next to
// the named ones.
TEST(AdminTokens, LoadJoinsTheFileAndTheSingleToken) {
  std::string dir = ::testing::TempDir();
  {
    std::ofstream f(dir + "tokens.yaml");
    f << File(Entry("driftledning", kDriftHash, "[announcements]"));
    std::ofstream g(dir + "single.token");
    g << "single-token-abcdefghijklmnop\n";
  }
  AdminTokens t;
  Status s = AdminTokens::Load(dir + "tokens.yaml", dir + "single.token", "", &t);
  ASSERT_TRUE(s.ok()) << s.message();
  ASSERT_EQ(t.entries().size(), 2u);
  const AdminToken* single = t.Match("single-token-abcdefghijklmnop");
  ASSERT_NE(single, nullptr);
  EXPECT_EQ(single->id, "admin");
  for (int i = 0; i < kAdminScopeCount; ++i) EXPECT_TRUE(single->Allows(AdminScope(i))) << i;
  EXPECT_EQ(t.Match(kDriftToken)->id, "driftledning");
  EXPECT_FALSE(AdminTokens::Load(dir + "missing.yaml", "", "", &t).ok());
}

TEST(AdminTokens, NothingConfiguredIsEmpty) {
  AdminTokens t;
  ASSERT_TRUE(AdminTokens::Load("", "", "FOLLOWUP_TEST_UNSET_TOKEN", &t).ok());
  EXPECT_TRUE(t.empty());
}

TEST(AdminTokens, TheEntryForAFileMatchesItsToken) {
  std::string entry = TokenFileEntry("ils-team", {AdminScope::kTargets}, kIlsToken);
  EXPECT_EQ(entry, "  - id: ils-team\n    sha256: " + std::string(kIlsHash) + "\n    scopes: [targets]\n");
}

TEST(AdminToken, FileWinsOverEnvironmentAndIsTrimmed) {
  std::string path = ::testing::TempDir() + "admin_token_test";
  {
    std::ofstream f(path);
    f << "  file-token-abcdefghijklmnop\n";
  }
  ::setenv("FOLLOWUP_TEST_ADMIN_TOKEN", "env-token-abcdefghijklmnop", 1);
  std::string token;
  ASSERT_TRUE(LoadAdminToken(path, "FOLLOWUP_TEST_ADMIN_TOKEN", &token).ok());
  EXPECT_EQ(token, "file-token-abcdefghijklmnop");
  ASSERT_TRUE(LoadAdminToken("", "FOLLOWUP_TEST_ADMIN_TOKEN", &token).ok());
  EXPECT_EQ(token, "env-token-abcdefghijklmnop");
  ASSERT_TRUE(LoadAdminToken("", "FOLLOWUP_TEST_ADMIN_TOKEN_UNSET", &token).ok());
  EXPECT_TRUE(token.empty());
  EXPECT_FALSE(LoadAdminToken(path + ".missing", "FOLLOWUP_TEST_ADMIN_TOKEN", &token).ok());
  ::unsetenv("FOLLOWUP_TEST_ADMIN_TOKEN");
}

}  // namespace
}  // namespace followup::http
