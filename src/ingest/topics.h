// Topic names, derived from the configured prefix ("followup." by default).
#pragma once
#include <string>
#include <vector>

namespace followup {

struct Topics {
  explicit Topics(std::string prefix = "followup.") : prefix_(std::move(prefix)) {}
  std::string catalog() const { return prefix_ + "catalog"; }
  std::string probes() const { return prefix_ + "probes"; }
  std::string usage() const { return prefix_ + "usage"; }
  std::string surveys() const { return prefix_ + "surveys"; }
  std::string finance() const { return prefix_ + "finance"; }
  std::string announcements() const { return prefix_ + "announcements"; }
  std::string deadletter() const { return prefix_ + "deadletter"; }
  // The six input topics, in a fixed order.
  std::vector<std::string> inputs() const {
    return {catalog(), probes(), usage(), surveys(), finance(), announcements()};
  }
  // Full topic for a suffix such as "probes".
  std::string named(const std::string& suffix) const { return prefix_ + suffix; }
  const std::string& prefix() const { return prefix_; }

 private:
  std::string prefix_;
};

// The input topic an event type belongs on (suffix), for producers.
const char* TopicSuffixForType(std::string_view type);

}  // namespace followup
