// What the admin APIs (announcements, targets) share: the bearer-token check,
// field errors, random ids, and the headers of every admin answer.
// The token is compared in constant time (SHA-256 of both sides, all 32 bytes
// compared without an early exit) and never logged. Thread-safe (immutable
// state; RandomHex uses a per-thread generator).
#pragma once
#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "http/http_types.h"

namespace followup::http {

class BearerToken {
 public:
  explicit BearerToken(const std::string& token);
  bool configured() const { return configured_; }
  // True when header is "Bearer <token>" (scheme case-insensitive, token trimmed).
  bool Matches(const std::string& authorization_header) const;

 private:
  bool configured_ = false;
  std::array<uint8_t, 32> hash_{};
};

// s without leading and trailing spaces, tabs, CR and LF.
std::string TrimSpace(std::string s);

struct FieldError {
  std::string field, message;
};
// 400 {"errors":[{"field","message"}...]}.
Response FieldErrors(const std::vector<FieldError>& errors);

// 2*bytes lower-case hex digits from a per-thread random generator (ids, not secrets).
std::string RandomHex(size_t bytes);

// The entity tag of an announcement's revision: "rev-<N>" (with the quotes).
// GET /api/v1/announcements/{id} answers it as ETag; PATCH needs it in If-Match.
std::string RevisionETag(int64_t revision);

// Every admin answer: security headers, never cached.
Response FinishAdmin(Response r);

// Told of every request refused for its token: missing (no Authorization, or
// not the Bearer scheme) or wrong. May be empty.
using AuthFailureObserver = std::function<void(bool missing)>;

// The answer to a request that may not go on (503 when no token is configured,
// 401 with WWW-Authenticate for a missing or wrong one), or nullopt when it may.
// A 401 is logged (method, path, missing or wrong; never the token or any part
// of the header) and told to `observer`.
std::optional<Response> RefuseUnauthorized(const BearerToken& token, const Request& req,
                                           const AuthFailureObserver& observer = {});

}  // namespace followup::http
