#include "http/client_limit.h"

namespace followup::http {

bool ClientConnectionLimit::TryAcquire(const ClientKey& key) {
  std::lock_guard<std::mutex> l(mu_);
  int& n = open_[key];
  if (max_ > 0 && n >= max_) return false;
  ++n;
  return true;
}

void ClientConnectionLimit::Release(const ClientKey& key) {
  std::lock_guard<std::mutex> l(mu_);
  auto it = open_.find(key);
  if (it == open_.end()) return;
  if (--it->second <= 0) open_.erase(it);  // the map holds only clients with open connections
}

int ClientConnectionLimit::Count(const ClientKey& key) const {
  std::lock_guard<std::mutex> l(mu_);
  auto it = open_.find(key);
  return it == open_.end() ? 0 : it->second;
}

}  // namespace followup::http
