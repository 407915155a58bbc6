#include "ingest/topics.h"

namespace followup {

const char* TopicSuffixForType(std::string_view type) {
  if (type == "service.v1") return "catalog";
  if (type == "probe.v1") return "probes";
  if (type == "usage.v1" || type == "adoption.v1") return "usage";
  if (type == "survey.v1") return "surveys";
  if (type == "cost.v1" || type == "benefit.v1") return "finance";
  if (type == "announcement.v1") return "announcements";
  return "probes";  // unknown types still go somewhere the consumer reads (and dead-letters)
}

}  // namespace followup
