#include "notify/subscribe_limits.h"

#include <algorithm>

#include "common/sha256.h"
#include "notify/mail_message.h"

namespace followup::notify {

std::string SubscribeLimits::AddressKey(std::string_view address) {
  return Sha256Hex(CanonicalMailAddress(address));
}

int64_t SubscribeLimits::Wait(Hits* hits, const RateWindow& w, TimeMs now) {
  while (!hits->empty() && hits->front() + w.length_ms <= now) hits->pop_front();
  if (hits->size() < w.max) return 0;
  // The oldest hit that must leave before one more fits.
  TimeMs frees_at = (*hits)[hits->size() - w.max] + w.length_ms;
  return std::max<int64_t>(1, (frees_at - now + 999) / 1000);
}

void SubscribeLimits::Sweep(TimeMs now) {
  if (now - last_sweep_ < 60 * 1000) return;
  last_sweep_ = now;
  auto sweep = [now](std::map<std::string, Hits, std::less<>>* m, const RateWindow& w) {
    for (auto it = m->begin(); it != m->end();) {
      if (it->second.empty() || it->second.back() + w.length_ms <= now)
        it = m->erase(it);
      else
        ++it;
    }
  };
  sweep(&clients_, o_.client);
  sweep(&addresses_, o_.address);
}

int64_t SubscribeLimits::TakeClient(std::string_view client, TimeMs now) {
  std::lock_guard<std::mutex> l(mu_);
  Sweep(now);
  auto it = clients_.find(client);
  if (it == clients_.end()) it = clients_.emplace(std::string(client), Hits{}).first;
  int64_t wait = std::max(Wait(&it->second, o_.client, now), Wait(&total_, o_.total, now));
  if (wait) return wait;
  it->second.push_back(now);
  total_.push_back(now);
  return 0;
}

int64_t SubscribeLimits::TakeAddress(std::string_view address, TimeMs now) {
  std::string key = AddressKey(address);
  std::lock_guard<std::mutex> l(mu_);
  Hits& hits = addresses_[key];
  int64_t wait = Wait(&hits, o_.address, now);
  if (wait) return wait;
  hits.push_back(now);
  return 0;
}

}  // namespace followup::notify
