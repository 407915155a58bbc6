// followup token: entries for the admin token file (http/admin_tokens.h),
// so that nobody writes a plaintext token into it.
//   followup token hash                         the SHA-256 of the token read on stdin
//   followup token new --id ID --scope S ...    a new random token and its file entry
#include <openssl/rand.h>

#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "app/commands.h"
#include "common/sha256.h"
#include "events/slug.h"
#include "http/admin_common.h"
#include "http/admin_tokens.h"

namespace followup {
namespace {

int Hash() {
  std::string line;
  if (!std::getline(std::cin, line)) line.clear();
  std::string token = http::TrimSpace(line);
  if (token.empty()) {
    std::cerr << "followup token hash: give the token on stdin, e.g. "
                 "`read -rs T && printf '%s\\n' \"$T\" | followup token hash`\n";
    return 2;
  }
  if (token.size() < 16)
    std::cerr << "warning: the token is shorter than 16 characters; use a long random one\n";
  std::cout << Sha256Hex(token) << "\n";
  return 0;
}

int New(const std::string& id, const std::vector<std::string>& scope_names) {
  if (!IsSlug(id, 64) || id == http::kSingleTokenId) {
    std::cerr << "followup token new: --id must match ^[a-z0-9][a-z0-9-]{0,63}$ and not be \"admin\", "
                 "e.g. driftledning\n";
    return 2;
  }
  std::vector<http::AdminScope> scopes;
  for (const std::string& n : scope_names) {
    auto s = http::ParseAdminScope(n);
    if (!s) {
      std::cerr << "followup token new: unknown scope '" << n
                << "' (the scopes are announcements, targets, subscriptions, webhooks)\n";
      return 2;
    }
    scopes.push_back(*s);
  }
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1) {
    std::cerr << "followup token new: no random bytes from OpenSSL\n";
    return 1;
  }
  std::string token = HexBytes(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
  std::cout << "# The token for '" << id << "' (hand it over once; it is not stored anywhere):\n"
            << token << "\n"
            << "# The entry for the admin token file (--admin-tokens-file), under tokens:\n"
            << http::TokenFileEntry(id, scopes, token);
  return 0;
}

}  // namespace

void AddTokenCommand(CLI::App* app) {
  auto* cmd = app->add_subcommand("token", "entries of the admin token file (only hashes are stored)");
  cmd->require_subcommand(1);
  auto* hash =
      cmd->add_subcommand("hash", "print the SHA-256 of the token read on stdin (for sha256: in the file)");
  hash->callback([] { ExitCode() = Hash(); });
  auto* fresh = cmd->add_subcommand("new", "make a random token and print it with its file entry");
  auto id = std::make_shared<std::string>();
  auto scopes = std::make_shared<std::vector<std::string>>();
  fresh->add_option("--id", *id, "the token's id (recorded as actor in every event it writes)")->required();
  fresh->add_option("--scope", *scopes, "announcements, targets, subscriptions or webhooks (repeat for more)")
      ->required();
  fresh->callback([id, scopes] { ExitCode() = New(*id, *scopes); });
}

}  // namespace followup
