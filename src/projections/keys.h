// Every key family of the projection store, in one place. Numbers inside keys
// are sortable big-endian so that range scans follow time.
//
//   meta/<name>                       store metadata (log identity, projection version)
//   o/<topic>/<partition>             next offset to fold for that input partition
//   c/<topic>/<partition>             ingest counters of that partition (IngestCounters)
//   d/<window>/<event_id>             dedup record (DedupRecord): content digest and log position of
//                                     the first folded copy; window = log time / window length,
//                                     epoch-aligned (events.md "Duplicates and id conflicts")
//   cat/<service_id>                  current catalog entry (CatalogRecord)
//   ann/<announcement_id>             winning announcement revision (AnnouncementRecord)
//   ar/<announcement_id>/<revision>   every revision of an announcement, one row per revision number
//                                     (AnnouncementRecord; between copies of one revision the greater
//                                     event_id): the update timeline of the history pages
//   tgt/<year>/<indicator>/<scope>/<scope_id>
//                                     winning target.v1 decision (TargetRecord), withdrawn ones too
//   m/<service_id>/<minute>           probe counts of one service-minute (MinuteState)
//   v/<service_id>/<day>              verdict and probe counts of one service-day (DayCounts)
//   h/<service_id>/<hour>             the same counts for one service-hour (UTC hours since the
//                                     epoch): minute ranges (maintenance, local days) read whole
//                                     hours from here and only their edges from m/
//   q/<quarter>/<service_id>          additive figures of one service-quarter (ServiceQuarter);
//                                     service_id empty for city-wide survey answers
//   x/<partition>                     scale-out view: highest claim epoch of an owner of that
//                                     partition (decimal text; see ingest/row_fence.h)
//   r/<service_id>                    scale-out view: the partition the service's rows come from
//   s/<service_id>/<slot>             scale-out, on the aggregates topic only (never in a store): the
//                                     newest minute row of a slot of a ring, slot = minute mod
//                                     kMinuteSlots (ingest/row_publisher.h); the view stores it as m/
//   u/<service_id>/<slot>             the same for hour rows, slot = hour mod kHourSlots; stored as h/
#pragma once
#include <string>
#include <string_view>

#include "common/time.h"

namespace followup::keys {

std::string Meta(std::string_view name);
std::string Offset(std::string_view topic, int32_t partition);
std::string Counters(std::string_view topic, int32_t partition);
inline constexpr std::string_view kOffsetPrefix = "o/";
inline constexpr std::string_view kCountersPrefix = "c/";
std::string Dedup(int64_t window, std::string_view event_id);
inline constexpr std::string_view kDedupPrefix = "d/";
std::string Catalog(std::string_view service_id);
inline constexpr std::string_view kCatalogPrefix = "cat/";
std::string Announcement(std::string_view announcement_id);
inline constexpr std::string_view kAnnouncementPrefix = "ann/";
// ar/<announcement_id>/<revision>. Announcement ids may contain '/': a scan of
// RevisionPrefix(id) can also meet rows of longer ids, which RevisionKeyOf
// tells apart.
std::string Revision(std::string_view announcement_id, int64_t revision);
std::string RevisionPrefix(std::string_view announcement_id);
inline constexpr std::string_view kRevisionPrefix = "ar/";
// Splits an ar/ key; false for other keys.
bool RevisionKeyOf(std::string_view key, std::string* announcement_id, int64_t* revision);
std::string Target(int year, std::string_view indicator, std::string_view scope, std::string_view scope_id);
std::string TargetYearPrefix(int year);
inline constexpr std::string_view kTargetPrefix = "tgt/";
std::string Minute(std::string_view service_id, MinuteIdx minute);
// The same key written into *out (replacing what it held): no allocation once
// out has grown, for callers that build many. Likewise DayTo, HourTo, QuarterTo.
void MinuteTo(std::string* out, std::string_view service_id, MinuteIdx minute);
std::string MinutePrefix(std::string_view service_id);
inline constexpr std::string_view kMinutePrefix = "m/";
std::string Day(std::string_view service_id, int64_t day);  // day: UTC days since epoch
void DayTo(std::string* out, std::string_view service_id, int64_t day);
inline constexpr std::string_view kDayPrefix = "v/";
std::string DayPrefix(std::string_view service_id);
std::string Hour(std::string_view service_id, int64_t hour);  // hour: UTC hours since epoch
void HourTo(std::string* out, std::string_view service_id, int64_t hour);
inline constexpr std::string_view kHourPrefix = "h/";
std::string HourPrefix(std::string_view service_id);
std::string MinuteSlot(std::string_view service_id, int64_t slot);
inline constexpr std::string_view kMinuteSlotPrefix = "s/";
std::string HourSlot(std::string_view service_id, int64_t slot);
inline constexpr std::string_view kHourSlotPrefix = "u/";
std::string Quarter(QuarterId q, std::string_view service_id);
void QuarterTo(std::string* out, QuarterId q, std::string_view service_id);
std::string QuarterPrefix(QuarterId q);
inline constexpr std::string_view kQuarterFamily = "q/";  // every quarter's records

std::string Fence(int32_t partition);
inline constexpr std::string_view kFencePrefix = "x/";
std::string Origin(std::string_view service_id);
inline constexpr std::string_view kOriginPrefix = "r/";
// The service a published row (m/, s/, v/, h/, u/ or q/ key) belongs to; false for other keys.
bool RowService(std::string_view key, std::string* service_id);

// Parses "<topic>/<partition>" after an o/ or c/ prefix.
bool ParseTopicPartition(std::string_view rest, std::string* topic, int32_t* partition);

}  // namespace followup::keys
