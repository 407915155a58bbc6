// Which level changes of the e-services are worth telling subscribers about
// (issue 16, "what triggers a notification"): a service's level that differs
// from the one last told and has held for the settle time (default 3
// minutes), so that a flapping probe does not send a message per flap.
//
// Deterministic: whether and when a change is reported depends only on the
// statuses observed (ServiceStatus.level and .since, both derived from the
// log) and on the clock, not on when or how often Observe is called; the
// change's id is made of the service, the new level, the instant it began and
// its ordinal among the changes told of the service, so that every instance
// (and a restarted one) names the same change alike and a receiver can drop a
// repeat by it. The ordinal keeps two changes apart that the first three
// would name alike: the log may move a level's beginning back to an instant
// told before (an incident resolved, then reopened, spans again from its
// start), and a receiver would drop the second as a repeat of the first.
//
// The first Observe sets the levels already told and reports nothing (a
// service just started must not tell everyone "Okänd status"); so does the
// first sight of a service added to the catalogue later. A service no longer
// observed is forgotten. A detector restored from the levels told before (the
// notifier's state topic) has started: it tells what changed since.
// Unknown is never told (it says that nothing is known, e.g. the probes have
// stopped): the level last told stays, and the next known level is compared
// with it; a service first seen as unknown gets its baseline when its level
// is first known.
// Thread-safety: none; one notifier thread.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/time.h"
#include "readmodels/status_engine.h"

namespace followup::notify {

// What was told of one service: its level and how many changes of it were
// told (0 for the baseline).
struct ToldLevel {
  StatusLevel level = StatusLevel::kUnknown;
  int64_t changes = 0;
  bool operator==(const ToldLevel&) const = default;
};

struct LevelChange {
  // "<service_id>/<new level's wire name>/<since, RFC 3339 UTC>/<ordinal>",
  // the ordinal counting from 1 the changes told of the service.
  std::string id;
  std::string service_id;
  StatusLevel from = StatusLevel::kUnknown, to = StatusLevel::kUnknown;
  TimeMs since = 0;  // when the new level began (ServiceStatus.since)
};

class LevelChangeDetector {
 public:
  static constexpr TimeMs kDefaultSettleMs = 3 * 60 * 1000;
  using Told = std::map<std::string, ToldLevel, std::less<>>;  // by service_id
  explicit LevelChangeDetector(TimeMs settle_ms = kDefaultSettleMs) : settle_ms_(settle_ms) {}
  // Restored: `told` are the levels told before (started when not empty).
  LevelChangeDetector(TimeMs settle_ms, Told told)
      : settle_ms_(settle_ms), started_(!told.empty()), told_(std::move(told)) {}

  // The changes that have settled by now, in the order of services.
  std::vector<LevelChange> Observe(TimeMs now, const std::vector<ServiceStatus>& services);
  // The level last told (or the baseline) of every service observed.
  const Told& told() const { return told_; }

 private:
  TimeMs settle_ms_;
  bool started_ = false;
  Told told_;
};

}  // namespace followup::notify
