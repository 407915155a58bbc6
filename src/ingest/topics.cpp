#include "ingest/topics.h"

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

std::string PartitionedRouteProblem(const Event& e, std::string_view key, const Topics& topics) {
  if (e.type == EventType::kService || e.type == EventType::kAnnouncement || e.type == EventType::kTarget)
    return std::string("scale-out: ") + EventTypeName(e.type) + " belongs on the global topic " +
           (e.type == EventType::kAnnouncement ? topics.announcements() : topics.catalog()) +
           ", which every instance reads whole";
  std::string want = MessageKey(e);
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
