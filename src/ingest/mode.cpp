#include "ingest/mode.h"

namespace followup {

std::vector<std::string> InputTopics(IngestMode m, const Topics& topics) {
  switch (m) {
    case IngestMode::kSingle:
    case IngestMode::kReplay:
    case IngestMode::kRebuild:
      return topics.inputs();
    case IngestMode::kScaleOutView: {
      std::vector<std::string> v = topics.global();
      v.push_back(topics.aggregates());
      return v;
    }
    case IngestMode::kScaleOutPartitions:
      return topics.partitioned();
  }
  return {};
}

std::string RowTopic(IngestMode m, const Topics& topics) {
  return m == IngestMode::kScaleOutView ? topics.aggregates() : "";
}

std::string RowPublishTopic(IngestMode m, const Topics& topics) {
  return m == IngestMode::kScaleOutPartitions ? topics.aggregates() : "";
}

std::string LeadTopic(IngestMode m, const Topics& topics) {
  return m == IngestMode::kScaleOutPartitions ? topics.probes() : "";
}

std::string RouteProblem(IngestMode m, const Event& e, std::string_view key, const Topics& topics) {
  switch (m) {
    case IngestMode::kScaleOutView:
      return GlobalRouteProblem(e, topics);
    case IngestMode::kScaleOutPartitions:
      return PartitionedRouteProblem(e, key, topics);
    case IngestMode::kSingle:
    case IngestMode::kReplay:
    case IngestMode::kRebuild:
      break;
  }
  return "";
}

}  // namespace followup
