// What the admin APIs (announcements, targets) share: who may call them
// (Authorize: named tokens with scopes, admin_tokens.h, and the per-client
// throttle of failed attempts, auth_throttle.h), field errors, random ids,
// and the headers of every admin answer. Tokens are compared in constant time
// (SHA-256 of both sides) and never logged. Thread-safe (immutable state, the
// throttle locks; RandomHex uses a per-thread generator).
#pragma once
#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "http/admin_tokens.h"
#include "http/auth_throttle.h"
#include "http/http_types.h"

namespace followup::http {

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

// Why an admin request was refused before its route ran; Name() is the
// `reason` label of followup_admin_auth_failures_total.
enum class AuthRefusal : uint8_t {
  kMissing,    // no Authorization header, or not the Bearer scheme (401)
  kWrong,      // a token that is not configured (401; counts as a failed attempt)
  kForbidden,  // a configured token without the scope the route needs (403)
  kThrottled,  // the client failed too often (429 with Retry-After)
};
inline constexpr int kAuthRefusalCount = 4;
// "missing", "wrong", "forbidden", "throttled".
const char* Name(AuthRefusal r);
// Told of every refusal. May be empty.
using AuthFailureObserver = std::function<void(AuthRefusal)>;

// Who may call the admin routes. Shared by every admin route of a server (one
// throttle for all of them).
struct AdminAuth {
  AdminTokens tokens;                      // empty: the admin API is disabled (503)
  std::shared_ptr<AuthThrottle> throttle;  // null: failed attempts are not slowed down
  AuthFailureObserver on_refusal;          // may be empty
};

struct Authorization {
  const AdminToken* token = nullptr;  // the caller, when it may go on (its id is the events' actor)
  std::optional<Response> refusal;    // else the answer
};
// Whether `req` may use a route that needs `scope`, in this order: 503 when
// no token is configured; 429 with Retry-After when the request's client
// (Request::client; one shared client when unknown) is throttled, whatever
// its token; 401 with WWW-Authenticate for a missing or wrong token (a wrong
// one counts as a failed attempt of the client); 403
// {"error","scope"} when the token lacks the scope. Every refusal is logged
// (method, path, the reason, for 403 the token's id and the scope; never the
// token, any part of the header or the client's address) and told to
// auth.on_refusal.
Authorization Authorize(const AdminAuth& auth, AdminScope scope, const Request& req);

}  // namespace followup::http
