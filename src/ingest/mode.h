// How an ingest loop runs. The mode alone decides what the loop consumes,
// whether it joins the consumer group, whether it sends dead letters, where it
// folds, and what it publishes; the other IngestOptions are settings.
//
// Thread-safety: plain values and pure functions.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "events/event.h"
#include "ingest/topics.h"

namespace followup {

enum class IngestMode {
  // One instance: every partition of the inputs, assigned directly (no group
  // membership: a start or a restart after kill -9 never waits for a group
  // join or for a dead member's session to expire), into the one store;
  // dead letters are sent; offsets are committed to the group for
  // information. Partitions created later are picked up (DiscoveryIntervalMs).
  kSingle,
  // `followup replay`: every partition of the six inputs directly (no group
  // membership, no rebalance wait) into an empty store. The live run already
  // sent these dead letters: they are counted but not sent again.
  kReplay,
  // A rebuild beside a serving kSingle loop (app/live_projections.h): every
  // partition directly, like kReplay, into the new store, and never past
  // what the serving loop has stored (IngestOptions::stay_behind), whose
  // dead letters are therefore already sent: they are counted, not sent.
  // Partitions created later are picked up, as the serving loop does.
  kRebuild,
  // Scale-out, the global view: every partition of the global topics and of
  // the aggregates topic (projection rows, key = store key, value = record,
  // copied into the store as they are) directly, into the view's store.
  kScaleOutView,
  // Scale-out, the owned partitions: the group assignment of the probes topic
  // decides which partition numbers this instance owns; for each owned p it
  // consumes partition p of every co-partitioned input into its own store
  // (IngestOptions::partitions_dir/<p>) and publishes that store's rows to the
  // aggregates topic.
  kScaleOutPartitions,
};

// Joins the consumer group (else assigns every partition itself).
inline bool JoinsGroup(IngestMode m) { return m == IngestMode::kScaleOutPartitions; }
// Commits the offsets it stored to the group, for information only (the lag
// that kafka-consumer-groups shows).
inline bool CommitsForInformation(IngestMode m) {
  return m == IngestMode::kSingle || m == IngestMode::kScaleOutPartitions;
}
// How often a loop that assigns partitions itself looks for partitions created
// since (0: never; replay folds the log as it was when it started).
inline int DiscoveryIntervalMs(IngestMode m) { return m == IngestMode::kReplay ? 0 : 10000; }
// Sends the dead letters it counts.
inline bool SendsDeadLetters(IngestMode m) { return m != IngestMode::kReplay && m != IngestMode::kRebuild; }
// One store per partition number, rebuilt from the log when new.
inline bool Sharded(IngestMode m) { return m == IngestMode::kScaleOutPartitions; }

// The topics it consumes.
std::vector<std::string> InputTopics(IngestMode m, const Topics& topics);
// The topic whose messages are projection rows, or "" (kScaleOutView only).
std::string RowTopic(IngestMode m, const Topics& topics);
// The topic where the rows of its stores are published, or "" (kScaleOutPartitions only).
std::string RowPublishTopic(IngestMode m, const Topics& topics);
// The topic whose group assignment decides ownership, or "" (kScaleOutPartitions only).
std::string LeadTopic(IngestMode m, const Topics& topics);
// Why a valid event cannot be folded where it arrived (topics.h routing), or
// "": scale-out only; a single instance accepts any type on any topic.
std::string RouteProblem(IngestMode m, const Event& e, std::string_view key, const Topics& topics);

}  // namespace followup
