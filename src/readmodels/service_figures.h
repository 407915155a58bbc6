// The per-service figures of the operations metrics (/metrics): for every
// service in the catalog (retired ones left out), its catalog entry, the
// latency and age of its latest probed minute, its availability over the last
// 30 days (planned maintenance taken out, as in the ILS report) and its probe
// totals. A read model like the others: /metrics only exports what it computes.
// Thread-safety: BuildServiceFigures only reads the store it is given (a
// snapshot, for a consistent view); safe from any thread.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/time.h"
#include "events/event.h"
#include "projections/kv.h"
#include "readmodels/maintenance.h"

namespace followup {

struct ServiceFigures {
  ServiceEvent service;  // the catalog entry
  // The latest minute with probes, if any: the mean latency of its passing
  // probes (none when every probe failed) and the seconds since its end (0
  // when it has not ended yet).
  std::optional<double> latest_latency_seconds;
  std::optional<double> probe_age_seconds;
  // Minute verdicts of the 30 UTC days ending today (today included),
  // maintenance minutes taken out; availability_30d = (up + degraded) / all,
  // none without a verdict.
  VerdictTally window_30d;
  std::optional<double> availability_30d;
  // Probes ever folded, over every quarter.
  int64_t probes_ok = 0, probes_failed = 0;
};

// One entry per non-retired catalog service, in service_id order, as of now.
// A read that fails ends the build with its Status (*out then holds the
// services done so far).
Status BuildServiceFigures(const KvReader& store, TimeMs now, std::vector<ServiceFigures>* out);

}  // namespace followup
