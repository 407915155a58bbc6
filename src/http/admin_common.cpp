#include "http/admin_common.h"

#include <spdlog/spdlog.h>

#include <cctype>
#include <random>
#include <string_view>

#include "common/escape.h"
#include "common/sha256.h"
#include "http/server.h"

namespace followup::http {

std::string TrimSpace(std::string s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && space(s.back())) s.pop_back();
  size_t i = 0;
  while (i < s.size() && space(s[i])) ++i;
  return s.substr(i);
}

Response FieldErrors(const std::vector<FieldError>& errors) {
  Response r;
  r.status = 400;
  r.content_type = "application/json";
  r.body = "{\"errors\":[";
  for (size_t i = 0; i < errors.size(); ++i)
    r.body += std::string(i ? "," : "") + "{\"field\":\"" + JsonEscape(errors[i].field) +
              "\",\"message\":\"" + JsonEscape(errors[i].message) + "\"}";
  r.body += "]}\n";
  return r;
}

std::string RandomHex(size_t bytes) {
  static thread_local std::mt19937_64 rng{std::random_device{}() ^ (uint64_t(std::random_device{}()) << 32)};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < bytes; ++i) {
    auto b = static_cast<uint8_t>(rng());
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 15]);
  }
  return out;
}

std::string RevisionETag(int64_t revision) { return "\"rev-" + std::to_string(revision) + "\""; }

Response FinishAdmin(Response r) {
  AddSecurityHeaders(&r, false);
  r.set("Cache-Control", "no-store");
  return r;
}

const char* Name(AuthRefusal r) {
  static constexpr const char* kNames[kAuthRefusalCount] = {"missing", "wrong", "forbidden", "throttled"};
  return kNames[static_cast<int>(r)];
}

Authorization Authorize(const AdminAuth& auth, AdminScope scope, const Request& req) {
  Authorization out;
  if (auth.tokens.empty()) {
    out.refusal = FinishAdmin(JsonError(503, "admin API disabled"));
    return out;
  }
  const ClientKey client = req.client.value_or(ClientKey{});
  auto refuse = [&](AuthRefusal why, const std::string& what) {
    // Never the header: a wrong token is often a real one of another system.
    spdlog::warn("admin: refused {} {}: {}", req.method, JsonEscape(req.path), what);
    if (auth.on_refusal) auth.on_refusal(why);
  };
  if (auth.throttle) {
    if (int64_t wait = auth.throttle->RetryAfterSeconds(client); wait > 0) {
      refuse(AuthRefusal::kThrottled,
             "too many failed attempts from this client, retry after " + std::to_string(wait) + " s");
      Response r =
          JsonError(429, "too many failed attempts with a wrong token from this address; try again in " +
                             std::to_string(wait) + " s");
      r.set("Retry-After", std::to_string(wait));
      out.refusal = FinishAdmin(std::move(r));
      return out;
    }
  }
  static constexpr std::string_view kScheme = "bearer ";
  std::string header = req.header("authorization");
  bool bearer = header.size() > kScheme.size();
  for (size_t i = 0; i < kScheme.size() && bearer; ++i)
    bearer = std::tolower(static_cast<unsigned char>(header[i])) == kScheme[i];
  const AdminToken* token = bearer ? auth.tokens.Match(TrimSpace(header.substr(kScheme.size()))) : nullptr;
  if (!token) {
    refuse(bearer ? AuthRefusal::kWrong : AuthRefusal::kMissing,
           std::string(bearer ? "wrong" : "missing") + " bearer token");
    if (bearer && auth.throttle) auth.throttle->Fail(client);
    Response r = JsonError(401, "missing or wrong bearer token");
    r.set("WWW-Authenticate", "Bearer realm=\"followup-admin\"");
    out.refusal = FinishAdmin(std::move(r));
    return out;
  }
  if (!token->Allows(scope)) {
    refuse(AuthRefusal::kForbidden, "the token '" + token->id + "' lacks the scope " + Name(scope));
    Response r;
    r.status = 403;
    r.content_type = "application/json";
    r.body = "{\"error\":\"the token '" + JsonEscape(token->id) + "' does not have the scope " + Name(scope) +
             " that this route needs; ask for a token with it (the admin token file lists each token's "
             "scopes)\",\"scope\":\"" +
             Name(scope) + "\"}\n";
    out.refusal = FinishAdmin(std::move(r));
    return out;
  }
  out.token = token;
  return out;
}

}  // namespace followup::http
