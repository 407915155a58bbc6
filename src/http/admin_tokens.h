// The named bearer tokens of the admin API: one per team or role, each with
// an id (recorded as the `actor` of every event it writes, so an id and never
// a person's name) and the scopes it may use. The file keeps only the
// SHA-256 of each token, never the token:
//
//   # --admin-tokens-file (FOLLOWUP_ADMIN_TOKENS_FILE, YAML admin_tokens_file)
//   tokens:
//     - id: driftledning                 # ^[a-z0-9][a-z0-9-]{0,63}$, unique
//       sha256: 9f86d081884c7d65...      # 64 hex digits: `followup token hash` (reads stdin)
//       scopes: [announcements]          # announcements | targets | subscriptions | webhooks
//     - id: ils-team
//       sha256: 60303ae22b998861...
//       scopes: [targets]
//
// Every key of the file and of an entry is checked (an unknown one, e.g. a
// `token:` with a plaintext token, is refused by name), as are the ids, the
// hashes (no two entries with one token) and the scopes.
//
// The single token of --admin-token-file / FOLLOWUP_ADMIN_TOKEN (a plaintext
// token, as before named tokens existed) is one more entry: id "admin"
// (kSingleTokenId) with every scope. Both may be configured at once.
//
// Match compares the SHA-256 of the token presented with every entry's hash,
// each in constant time and without stopping at a match, so the time taken
// does not say which entry (if any) matched.
// Thread-safety: immutable once loaded; const methods may be called from any
// thread.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace followup::http {

// What a token may do; each admin route needs one.
enum class AdminScope : uint8_t { kAnnouncements, kTargets, kSubscriptions, kWebhooks };
inline constexpr int kAdminScopeCount = 4;
// "announcements", "targets", "subscriptions", "webhooks".
const char* Name(AdminScope s);
std::optional<AdminScope> ParseAdminScope(std::string_view name);

// The id of the single token of --admin-token-file / FOLLOWUP_ADMIN_TOKEN.
inline constexpr const char* kSingleTokenId = "admin";

struct AdminToken {
  std::string id;
  std::array<uint8_t, 32> sha256{};
  uint8_t scopes = 0;  // bit (1 << AdminScope) per scope
  bool Allows(AdminScope s) const { return (scopes >> static_cast<unsigned>(s)) & 1u; }
};

class AdminTokens {
 public:
  // The entries of a token file's text (YAML, the format above); `file`
  // names it in messages. An empty list is an error (say so rather than
  // silently disabling the API).
  static Status Parse(std::string_view yaml, const std::string& file, AdminTokens* out);
  // Everything configured: the entries of `tokens_file` (empty: none) and
  // the single token of `single_token_file` or the environment variable
  // `env_name` (LoadAdminToken). Neither: an empty set (the API answers 503).
  static Status Load(const std::string& tokens_file, const std::string& single_token_file,
                     const std::string& env_name, AdminTokens* out);
  // One plaintext token with every scope, as kSingleTokenId.
  static AdminTokens Single(const std::string& token);

  // Refuses an id or a hash already present.
  Status Add(AdminToken t);
  bool empty() const { return tokens_.empty(); }
  const std::vector<AdminToken>& entries() const { return tokens_; }
  // The entry of `token` (its SHA-256), or null (also for an empty token).
  const AdminToken* Match(std::string_view token) const;

 private:
  std::vector<AdminToken> tokens_;
};

// Reads a plaintext token from `file` (trimmed; an unreadable or empty file
// is an error) or else from the environment variable `env_name`; neither:
// empty.
Status LoadAdminToken(const std::string& file, const std::string& env_name, std::string* token);

// A token file entry for `id`, `scopes` and the token's hash, as YAML lines
// (what `followup token new` prints).
std::string TokenFileEntry(const std::string& id, const std::vector<AdminScope>& scopes,
                           std::string_view token);

}  // namespace followup::http
