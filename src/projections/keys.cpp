#include "projections/keys.h"

#include <charconv>

#include "common/bytes.h"

namespace followup::keys {
namespace {

// <prefix><id>/<8 sortable bytes> into *out, in at most one allocation (none
// once out has grown): the fold builds a few of these per event.
void WithTime(std::string* out, std::string_view prefix, std::string_view id, int64_t t) {
  out->clear();
  out->reserve(prefix.size() + id.size() + 9);
  out->append(prefix).append(id).push_back('/');
  AppendSortable64(out, t);
}

std::string WithTime(std::string_view prefix, std::string_view id, int64_t t) {
  std::string k;
  WithTime(&k, prefix, id, t);
  return k;
}

// <prefix><8 sortable bytes>/<id> into *out, in at most one allocation: the
// families whose number comes first (dedup window, quarter).
void TimeThenId(std::string* out, std::string_view prefix, int64_t t, std::string_view id) {
  out->clear();
  out->reserve(prefix.size() + 9 + id.size());
  out->append(prefix);
  AppendSortable64(out, t);
  out->push_back('/');
  out->append(id);
}

std::string TimeThenId(std::string_view prefix, int64_t t, std::string_view id) {
  std::string k;
  TimeThenId(&k, prefix, t, id);
  return k;
}

}  // namespace

std::string Meta(std::string_view name) { return "meta/" + std::string(name); }
std::string Offset(std::string_view topic, int32_t p) {
  return "o/" + std::string(topic) + "/" + std::to_string(p);
}
std::string Counters(std::string_view topic, int32_t p) {
  return "c/" + std::string(topic) + "/" + std::to_string(p);
}
std::string Dedup(int64_t window, std::string_view id) { return TimeThenId(kDedupPrefix, window, id); }
std::string Catalog(std::string_view id) { return "cat/" + std::string(id); }
std::string Announcement(std::string_view id) { return "ann/" + std::string(id); }
std::string RevisionPrefix(std::string_view id) { return "ar/" + std::string(id) + "/"; }
std::string Revision(std::string_view id, int64_t revision) {
  std::string k = RevisionPrefix(id);
  AppendSortable64(&k, revision);
  return k;
}
bool RevisionKeyOf(std::string_view key, std::string* id, int64_t* revision) {
  constexpr size_t kNumber = 8;  // AppendSortable64
  if (key.rfind(kRevisionPrefix, 0) != 0 || key.size() < 3 + 1 + 1 + kNumber ||
      key[key.size() - kNumber - 1] != '/')
    return false;
  *id = std::string(key.substr(3, key.size() - 3 - 1 - kNumber));
  *revision = ReadSortable64(key.substr(key.size() - kNumber));
  return true;
}
std::string TargetYearPrefix(int year) { return std::string(kTargetPrefix) + std::to_string(year) + "/"; }
std::string Target(int year, std::string_view indicator, std::string_view scope, std::string_view scope_id) {
  return TargetYearPrefix(year) + std::string(indicator) + "/" + std::string(scope) + "/" +
         std::string(scope_id);
}
std::string MinutePrefix(std::string_view id) { return "m/" + std::string(id) + "/"; }
std::string Minute(std::string_view id, MinuteIdx m) { return WithTime(kMinutePrefix, id, m); }
void MinuteTo(std::string* out, std::string_view id, MinuteIdx m) { WithTime(out, kMinutePrefix, id, m); }
std::string MinuteSlot(std::string_view id, int64_t slot) { return WithTime(kMinuteSlotPrefix, id, slot); }
std::string HourSlot(std::string_view id, int64_t slot) { return WithTime(kHourSlotPrefix, id, slot); }
std::string Fence(int32_t partition) { return "x/" + std::to_string(partition); }
std::string Origin(std::string_view id) { return "r/" + std::string(id); }

bool RowService(std::string_view key, std::string* id) {
  constexpr size_t kNumber = 8;  // AppendSortable64
  if ((key.rfind(kMinutePrefix, 0) == 0 || key.rfind(kMinuteSlotPrefix, 0) == 0 ||
       key.rfind(kDayPrefix, 0) == 0 || key.rfind(kHourPrefix, 0) == 0 ||
       key.rfind(kHourSlotPrefix, 0) == 0) &&
      key.size() >= 2 + 1 + kNumber && key[key.size() - kNumber - 1] == '/') {
    *id = std::string(key.substr(2, key.size() - 2 - 1 - kNumber));  // m/<service>/<minute>
    return true;
  }
  if (key.rfind(kQuarterFamily, 0) == 0 && key.size() >= 2 + kNumber + 1 && key[2 + kNumber] == '/') {
    *id = std::string(key.substr(2 + kNumber + 1));  // q/<quarter>/<service>
    return true;
  }
  return false;
}
std::string DayPrefix(std::string_view id) { return "v/" + std::string(id) + "/"; }
std::string Day(std::string_view id, int64_t day) { return WithTime(kDayPrefix, id, day); }
void DayTo(std::string* out, std::string_view id, int64_t day) { WithTime(out, kDayPrefix, id, day); }
std::string HourPrefix(std::string_view id) { return "h/" + std::string(id) + "/"; }
std::string Hour(std::string_view id, int64_t hour) { return WithTime(kHourPrefix, id, hour); }
void HourTo(std::string* out, std::string_view id, int64_t hour) { WithTime(out, kHourPrefix, id, hour); }
std::string QuarterPrefix(QuarterId q) { return TimeThenId(kQuarterFamily, q, ""); }
std::string Quarter(QuarterId q, std::string_view id) { return TimeThenId(kQuarterFamily, q, id); }
void QuarterTo(std::string* out, QuarterId q, std::string_view id) { TimeThenId(out, kQuarterFamily, q, id); }

bool ParseTopicPartition(std::string_view rest, std::string* topic, int32_t* partition) {
  auto slash = rest.rfind('/');
  if (slash == std::string_view::npos) return false;
  *topic = std::string(rest.substr(0, slash));
  auto num = rest.substr(slash + 1);
  auto [p, ec] = std::from_chars(num.data(), num.data() + num.size(), *partition);
  return ec == std::errc() && p == num.data() + num.size();
}

}  // namespace followup::keys
