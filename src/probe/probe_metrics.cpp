#include "probe/probe_metrics.h"

#include <prometheus/text_serializer.h>

namespace followup::probe {

ProbeMetrics::ProbeMetrics() : registry_(std::make_shared<prometheus::Registry>()) {
// clang-format off
#define FOLLOWUP_PROBE_METRIC_REGISTER(member, type, name, help) \
  member = &prometheus::Build##type().Name(name).Help(help).Register(*registry_);
  // clang-format on
  FOLLOWUP_PROBE_METRIC_LIST(FOLLOWUP_PROBE_METRIC_REGISTER)
#undef FOLLOWUP_PROBE_METRIC_REGISTER
}

const prometheus::Histogram::BucketBoundaries& ProbeMetrics::DurationBuckets() {
  static const prometheus::Histogram::BucketBoundaries b{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
                                                         1,     2.5,  5,     10,   30,  60};
  return b;
}

std::string ProbeMetrics::Render() const {
  return prometheus::TextSerializer().Serialize(registry_->Collect());
}

}  // namespace followup::probe
