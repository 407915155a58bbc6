// Which level changes of the e-services are worth telling subscribers about
// (issue 16, "what triggers a notification"): a service's level that differs
// from the one last told and has held for the settle time (default 3
// minutes), so that a flapping probe does not send a message per flap.
//
// Deterministic: whether and when a change is reported depends only on the
// statuses observed (ServiceStatus.level and .since, both derived from the
// log) and on the clock, not on when or how often Observe is called; the
// change's id is made of the service, the new level and the instant it began,
// so that every instance (and a restarted one) names the same change alike and
// a receiver can drop a repeat by it.
//
// The first Observe sets the levels already told and reports nothing (a
// service just started must not tell everyone "Okänd status"); so does the
// first sight of a service added to the catalogue later. A service no longer
// observed is forgotten.
// Thread-safety: none; one notifier thread.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "common/time.h"
#include "readmodels/status_engine.h"

namespace followup::notify {

struct LevelChange {
  std::string id;  // "<service_id>/<new level's wire name>/<since, RFC 3339 UTC>"
  std::string service_id;
  StatusLevel from = StatusLevel::kUnknown, to = StatusLevel::kUnknown;
  TimeMs since = 0;  // when the new level began (ServiceStatus.since)
};

class LevelChangeDetector {
 public:
  static constexpr TimeMs kDefaultSettleMs = 3 * 60 * 1000;
  explicit LevelChangeDetector(TimeMs settle_ms = kDefaultSettleMs) : settle_ms_(settle_ms) {}

  // The changes that have settled by now, in the order of services.
  std::vector<LevelChange> Observe(TimeMs now, const std::vector<ServiceStatus>& services);

 private:
  TimeMs settle_ms_;
  bool started_ = false;
  std::map<std::string, StatusLevel> told_;  // by service_id
};

}  // namespace followup::notify
