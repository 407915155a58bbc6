#include "http/admin_tokens.h"

#include <openssl/crypto.h>
#include <spdlog/spdlog.h>
#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "common/sha256.h"
#include "events/slug.h"
#include "http/admin_common.h"

namespace followup::http {
namespace {

constexpr const char* kScopeNames[kAdminScopeCount] = {"announcements", "targets", "subscriptions",
                                                       "webhooks"};

std::string ScopeList() {
  std::string out;
  for (const char* n : kScopeNames) out += (out.empty() ? "" : ", ") + std::string(n);
  return out;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool ParseHash(std::string_view hex, std::array<uint8_t, 32>* out) {
  if (hex.size() != 64) return false;
  for (size_t i = 0; i < 32; ++i) {
    int hi = HexDigit(hex[2 * i]), lo = HexDigit(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    (*out)[i] = static_cast<uint8_t>(hi * 16 + lo);
  }
  return true;
}

std::string Line(const YAML::Node& n) { return "line " + std::to_string(n.Mark().line + 1); }

}  // namespace

const char* Name(AdminScope s) { return kScopeNames[static_cast<int>(s)]; }

std::optional<AdminScope> ParseAdminScope(std::string_view name) {
  for (int i = 0; i < kAdminScopeCount; ++i)
    if (name == kScopeNames[i]) return static_cast<AdminScope>(i);
  return std::nullopt;
}

Status AdminTokens::Add(AdminToken t) {
  for (const AdminToken& e : tokens_) {
    if (e.id == t.id)
      return Status::Invalid("the token id '" + t.id + "' is declared twice; ids must be unique");
    if (e.sha256 == t.sha256)
      return Status::Invalid("the tokens '" + e.id + "' and '" + t.id +
                             "' have the same hash: one token per entry, so each event names who wrote it");
  }
  tokens_.push_back(std::move(t));
  return Status::Ok();
}

const AdminToken* AdminTokens::Match(std::string_view token) const {
  if (token.empty()) return nullptr;
  auto h = Sha256(token);
  const AdminToken* found = nullptr;
  for (const AdminToken& e : tokens_) {
    bool same = CRYPTO_memcmp(h.data(), e.sha256.data(), h.size()) == 0;
    if (same && !found) found = &e;  // no early exit: every entry is compared
  }
  return found;
}

AdminTokens AdminTokens::Single(const std::string& token) {
  AdminTokens out;
  if (token.empty()) return out;
  AdminToken t;
  t.id = kSingleTokenId;
  t.sha256 = Sha256(token);
  t.scopes = (1u << kAdminScopeCount) - 1;
  (void)out.Add(std::move(t));  // the first entry of an empty set cannot collide
  return out;
}

Status AdminTokens::Parse(std::string_view yaml, const std::string& file, AdminTokens* out) {
  *out = AdminTokens();
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& e) {
    return Status::Invalid("admin token file " + file + ": " + e.what());
  }
  const std::string where = "admin token file " + file;
  if (!root.IsMap()) return Status::Invalid(where + ": expected a mapping with the key 'tokens'");
  for (const auto& kv : root) {
    std::string k = kv.first.as<std::string>();
    if (k != "tokens")
      return Status::Invalid(where + " " + Line(kv.first) + ": unknown key '" + k +
                             "' (the file has one key, 'tokens': a list of {id, sha256, scopes})");
  }
  const YAML::Node list = root["tokens"];
  if (!list || !list.IsSequence() || list.size() == 0)
    return Status::Invalid(where + ": 'tokens' must be a non-empty list of {id, sha256, scopes}");
  for (const auto& n : list) {
    const std::string at = where + " " + Line(n);
    if (!n.IsMap()) return Status::Invalid(at + ": an entry must be a mapping {id, sha256, scopes}");
    for (const auto& kv : n) {
      std::string k = kv.first.as<std::string>();
      if (k == "id" || k == "sha256" || k == "scopes") continue;
      std::string hint = k == "token" || k == "secret" || k == "password"
                             ? "; the file keeps only hashes: put the output of `followup token hash` under "
                               "sha256 and remove the plaintext token"
                             : "";
      return Status::Invalid(where + " " + Line(kv.first) + ": unknown key '" + k +
                             "' (an entry has id, sha256 and scopes)" + hint);
    }
    AdminToken t;
    const YAML::Node id = n["id"], hash = n["sha256"], scopes = n["scopes"];
    if (!id || !id.IsScalar() || !IsSlug(id.Scalar(), 64))
      return Status::Invalid(at + ": 'id' must match ^[a-z0-9][a-z0-9-]{0,63}$, e.g. driftledning");
    t.id = id.Scalar();
    if (t.id == kSingleTokenId)
      return Status::Invalid(
          at + ": the id '" + t.id +
          "' is the single token of --admin-token-file / FOLLOWUP_ADMIN_TOKEN; choose another");
    if (!hash || !hash.IsScalar() || !ParseHash(hash.Scalar(), &t.sha256))
      return Status::Invalid(at + ": 'sha256' of '" + t.id +
                             "' must be 64 hex digits, the SHA-256 of the token (`followup token hash` "
                             "reads the token on stdin and prints it)");
    if (!scopes || !scopes.IsSequence() || scopes.size() == 0)
      return Status::Invalid(at + ": 'scopes' of '" + t.id + "' must be a non-empty list of " + ScopeList());
    for (const auto& s : scopes) {
      auto scope = s.IsScalar() ? ParseAdminScope(s.Scalar()) : std::nullopt;
      if (!scope)
        return Status::Invalid(where + " " + Line(s) + ": unknown scope '" +
                               (s.IsScalar() ? s.Scalar() : "") + "' of '" + t.id + "' (the scopes are " +
                               ScopeList() + ")");
      t.scopes |= static_cast<uint8_t>(1u << static_cast<unsigned>(*scope));
    }
    Status st = out->Add(std::move(t));
    if (!st.ok()) return Status::Invalid(at + ": " + st.message());
  }
  return Status::Ok();
}

Status AdminTokens::Load(const std::string& tokens_file, const std::string& single_token_file,
                         const std::string& env_name, AdminTokens* out) {
  *out = AdminTokens();
  if (!tokens_file.empty()) {
    std::ifstream in(tokens_file, std::ios::binary);
    if (!in) return Status::Io("cannot read the admin token file " + tokens_file);
    std::stringstream ss;
    ss << in.rdbuf();
    Status s = Parse(ss.str(), tokens_file, out);
    if (!s.ok()) return s;
  }
  std::string single;
  Status s = LoadAdminToken(single_token_file, env_name, &single);
  if (!s.ok()) return s;
  if (!single.empty()) {
    AdminTokens one = Single(single);
    s = out->Add(one.tokens_.front());
    if (!s.ok()) return Status::Invalid("the single admin token: " + s.message());
  }
  return Status::Ok();
}

Status LoadAdminToken(const std::string& file, const std::string& env_name, std::string* token) {
  token->clear();
  if (!file.empty()) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return Status::Io("cannot read the admin token file " + file);
    std::stringstream ss;
    ss << in.rdbuf();
    *token = TrimSpace(ss.str());
    if (token->empty()) return Status::Invalid("the admin token file " + file + " is empty");
  } else if (!env_name.empty()) {
    if (const char* v = std::getenv(env_name.c_str())) *token = TrimSpace(v);
  }
  if (!token->empty() && token->size() < 16)
    spdlog::warn("admin: the admin token is shorter than 16 characters; use a long random token");
  return Status::Ok();
}

std::string TokenFileEntry(const std::string& id, const std::vector<AdminScope>& scopes,
                           std::string_view token) {
  std::string out = "  - id: " + id + "\n    sha256: " + Sha256Hex(token) + "\n    scopes: [";
  for (size_t i = 0; i < scopes.size(); ++i) out += std::string(i ? ", " : "") + Name(scopes[i]);
  return out + "]\n";
}

}  // namespace followup::http
