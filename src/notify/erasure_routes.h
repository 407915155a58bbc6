// Erasure of e-mail subscriptions by staff (issue 16, personal data): when
// someone asks the city to forget their address, staff who have only the
// address remove every subscription of it.
//
//   POST /api/v1/subscriptions/erasure   {"address":"anna@example.se"}
//     -> 200 {"removed":N}
//
// Needs "Authorization: Bearer <token>" of a token with the scope
// `subscriptions` (Authorize, admin_common.h). Each subscription of the
// address (compared case-insensitively) gets its tombstone on the
// subscriptions topic; the answer waits (up to 5 s) until this instance has
// read them back. The address is never logged or echoed; the log names the
// token and how many subscriptions went. An address with no subscription is
// 200 {"removed":0} (the request is carried out either way).
// Thread-safety: the handler runs on any server thread.
#pragma once
#include <functional>
#include <memory>
#include <string>

#include "common/status.h"
#include "http/admin_common.h"
#include "http/router.h"

namespace followup::notify {

class SubscriptionTable;

struct ErasureRouteOptions {
  std::shared_ptr<const http::AdminAuth> auth;
  // Writes a tombstone of the key on the subscriptions topic and confirms it; null: 503.
  std::function<Status(const std::string& key)> remove;
  const SubscriptionTable* table = nullptr;
  std::function<bool()> table_ready;
};

void AddErasureRoutes(http::Router* router, ErasureRouteOptions options);

}  // namespace followup::notify
