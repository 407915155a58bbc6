// Planned maintenance applied to minute verdicts on read (indicators.md rule 1):
// which minutes of a service are covered by a live maintenance window, and
// the probe verdicts of those minutes taken out of a tally. Shared by the ILS
// report and the rolling-window metrics so both count minutes the same way.
#pragma once
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/time.h"
#include "projections/kv.h"
#include "projections/records.h"

namespace followup {

struct VerdictTally {
  int64_t up = 0, degraded = 0, down = 0;
};

// Every winning announcement revision in the store.
Status LoadAnnouncements(const KvReader& store, std::vector<AnnouncementRecord>* out);

// Per service: merged minute ranges covered by live (not cancelled) planned
// maintenance, clipped to [from, to).
MaintenanceWindows MaintenanceMinutes(const std::vector<AnnouncementRecord>& anns, MinuteIdx from,
                                      MinuteIdx to);

// Every minute is settled (CountProbeVerdicts): a report with no notion of now.
inline constexpr MinuteIdx kAllSettled = std::numeric_limits<MinuteIdx>::max();

// Adds the probe verdicts of the minutes [range.from, range.to) of a service to
// *tally: whole UTC days from their v/ records; a UTC day less only hours
// between a Stockholm midnight and the UTC one (BetweenStockholmAndUtcMidnight)
// that ended before settled_before as the day's record less those hours'
// records; the whole hours of any other part of a day from their h/ records;
// the minutes before the first and after the last whole hour from m/ records
// (at most 118 of them). Callers that know now pass its minute, so that the
// hour in progress never corrects a day record (in a scale-out view the two
// may arrive in different batches).
Status CountProbeVerdicts(const KvReader& store, const std::string& service, MinuteRange range,
                          VerdictTally* tally, MinuteIdx settled_before = kAllSettled);

// Removes the probe verdicts of the covered minutes from *tally; *minutes gets
// the number of covered minutes. settled_before: as for CountProbeVerdicts.
Status SubtractMaintenance(const KvReader& store, const std::string& service,
                           const std::vector<MinuteRange>& ranges, VerdictTally* tally, int64_t* minutes,
                           MinuteIdx settled_before = kAllSettled);

}  // namespace followup
