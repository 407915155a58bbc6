// Counts open connections per client (ClientKey) and refuses a client more
// than its share, so one address cannot take every connection of the server.
// Thread-safety: all methods are thread-safe (one mutex around a hash map;
// held for a lookup and an increment, never across I/O).
#pragma once
#include <mutex>
#include <unordered_map>

#include "http/client_address.h"

namespace followup::http {

class ClientConnectionLimit {
 public:
  // max_per_client <= 0: no limit (TryAcquire always succeeds).
  explicit ClientConnectionLimit(int max_per_client) : max_(max_per_client) {}
  // Counts one more connection of `key`; false (and nothing counted) when the
  // client already holds max_per_client.
  bool TryAcquire(const ClientKey& key);
  // Gives back one connection counted by a successful TryAcquire.
  void Release(const ClientKey& key);
  // Connections counted for `key` now (for tests).
  int Count(const ClientKey& key) const;

 private:
  const int max_;
  mutable std::mutex mu_;
  std::unordered_map<ClientKey, int, ClientKeyHash> open_;
};

}  // namespace followup::http
