// The id rule of the event contract (events.md): service ids, locations and
// the other slugs match ^[a-z0-9][a-z0-9-]{0,max-1}$. One home for it: the
// decoder, the admin API, the history routes and the probe configuration all
// ask this function (each with its own message).
// Thread-safety: a pure function.
#pragma once
#include <cstddef>
#include <string_view>

namespace followup {

// The longest service_id events.md allows.
inline constexpr size_t kServiceIdMax = 64;

constexpr bool IsSlug(std::string_view s, size_t max) {
  if (s.empty() || s.size() > max) return false;
  auto alnum = [](char ch) { return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'); };
  if (!alnum(s[0])) return false;
  for (char ch : s.substr(1))
    if (!alnum(ch) && ch != '-') return false;
  return true;
}

}  // namespace followup
