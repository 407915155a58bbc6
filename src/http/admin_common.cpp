#include "http/admin_common.h"

#include <openssl/crypto.h>
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

BearerToken::BearerToken(const std::string& token) : configured_(!token.empty()) {
  if (configured_) hash_ = Sha256(token);
}

bool BearerToken::Matches(const std::string& header) const {
  static constexpr std::string_view kScheme = "bearer ";
  if (!configured_ || header.size() <= kScheme.size()) return false;
  for (size_t i = 0; i < kScheme.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(header[i])) != kScheme[i]) return false;
  std::string given = TrimSpace(header.substr(kScheme.size()));
  auto h = Sha256(given);
  return CRYPTO_memcmp(h.data(), hash_.data(), h.size()) == 0 && !given.empty();
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

std::optional<Response> RefuseUnauthorized(const BearerToken& token, const Request& req,
                                           const AuthFailureObserver& observer) {
  if (!token.configured()) return FinishAdmin(JsonError(503, "admin API disabled"));
  std::string header = req.header("authorization");
  if (token.Matches(header)) return std::nullopt;
  bool missing = header.size() < 7;
  for (size_t i = 0; i < 7 && !missing; ++i)
    missing = std::tolower(static_cast<unsigned char>(header[i])) != "bearer "[i];
  // Never the header: a wrong token is often a real one of another system.
  spdlog::warn("admin: refused {} {}: {} bearer token", req.method, JsonEscape(req.path),
               missing ? "missing" : "wrong");
  if (observer) observer(missing);
  Response r = JsonError(401, "missing or wrong bearer token");
  r.set("WWW-Authenticate", "Bearer realm=\"followup-admin\"");
  return FinishAdmin(std::move(r));
}

}  // namespace followup::http
