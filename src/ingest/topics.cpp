#include "ingest/topics.h"

#include <type_traits>
#include <variant>

namespace followup {

const char* TopicSuffixForType(std::string_view type) {
  if (type == "service.v1" || type == "target.v1") return "catalog";
  if (type == "probe.v1") return "probes";
  if (type == "usage.v1" || type == "adoption.v1") return "usage";
  if (type == "survey.v1") return "surveys";
  if (type == "cost.v1" || type == "benefit.v1") return "finance";
  if (type == "announcement.v1") return "announcements";
  return "probes";  // unknown types still go somewhere the consumer reads (and dead-letters)
}

namespace {

// The service an event is keyed by; empty for types without one.
std::string KeyOf(const Event& e) {
  return std::visit(
      [](const auto& b) -> std::string {
        using T = std::decay_t<decltype(b)>;
        if constexpr (std::is_same_v<T, AnnouncementEvent>) {
          return "";
        } else if constexpr (std::is_same_v<T, TargetEvent>) {
          return b.indicator;  // events.md: targets are keyed by the indicator
        } else if constexpr (std::is_same_v<T, SurveyEvent>) {
          return b.service_id.empty() ? std::string(kCityKey) : b.service_id;
        } else {
          return b.service_id;
        }
      },
      e.body);
}

}  // namespace

std::string PartitionedRouteProblem(const Event& e, std::string_view key, const Topics& topics) {
  if (e.type == EventType::kService || e.type == EventType::kAnnouncement || e.type == EventType::kTarget)
    return std::string("scale-out: ") + EventTypeName(e.type) + " belongs on the global topic " +
           (e.type == EventType::kAnnouncement ? topics.announcements() : topics.catalog()) +
           ", which every instance reads whole";
  std::string want = KeyOf(e);
  if (key != want)
    return "scale-out: the message key must be the service_id '" + want + "' (co-partitioning), but it is '" +
           std::string(key) + "'";
  return "";
}

std::string GlobalRouteProblem(const Event& e, const Topics& topics) {
  if (e.type == EventType::kService || e.type == EventType::kAnnouncement || e.type == EventType::kTarget)
    return "";
  return std::string("scale-out: ") + EventTypeName(e.type) + " belongs on a co-partitioned input such as " +
         topics.named(TopicSuffixForType(EventTypeName(e.type))) + ", not on a global topic";
}

}  // namespace followup
