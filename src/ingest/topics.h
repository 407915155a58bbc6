// Topic names, derived from the configured prefix ("followup." by default).
#pragma once
#include <string>
#include <vector>

#include "events/event.h"
#include "events/message_key.h"

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
  // Scale-out: compacted topic of per-service projection rows (global view).
  std::string aggregates() const { return prefix_ + "aggregates"; }
  // Subscriptions (issue 16): compacted, one partition, never an event topic.
  // Who is subscribed (keyed by subscription; a tombstone removes one): it
  // holds webhook secrets and, for e-mail, personal data.
  std::string subscriptions() const { return prefix_ + "subscriptions"; }
  // The notifier's delivery state: what was told, what is queued per
  // endpoint (notify/notify_state.h).
  std::string notifications() const { return prefix_ + "notifications"; }
  // The compacted one-partition topics of the notifier.
  std::vector<std::string> notify() const { return {subscriptions(), notifications()}; }
  // The six input topics, in a fixed order.
  std::vector<std::string> inputs() const {
    return {catalog(), probes(), usage(), surveys(), finance(), announcements()};
  }
  // Scale-out: the co-partitioned inputs (keyed by service_id, same partition
  // count), probes first: its group assignment decides partition ownership.
  std::vector<std::string> partitioned() const { return {probes(), usage(), surveys(), finance()}; }
  // Scale-out: the small topics every instance consumes whole (global tables).
  std::vector<std::string> global() const { return {catalog(), announcements()}; }
  // Full topic for a suffix such as "probes".
  std::string named(const std::string& suffix) const { return prefix_ + suffix; }
  const std::string& prefix() const { return prefix_; }

 private:
  std::string prefix_;
};

// The input topic an event type belongs on (suffix), for producers.
const char* TopicSuffixForType(std::string_view type);

// Scale-out routing (a single instance accepts any type on any topic and
// ignores keys, as events.md allows). Each returns why a valid event cannot be
// folded where it arrived, or "" when it can.
// On a co-partitioned input: catalog entries and announcements belong on the
// global topics, and the key must be the event's MessageKey
// (events/message_key.h: its service_id, kCityKey for city-wide answers), or its
// service would be split between two owners.
std::string PartitionedRouteProblem(const Event& e, std::string_view key, const Topics& topics);
// On a global topic: only catalog entries and announcements.
std::string GlobalRouteProblem(const Event& e, const Topics& topics);

}  // namespace followup
