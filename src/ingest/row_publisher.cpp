#include "ingest/row_publisher.h"

#include <spdlog/spdlog.h>

#include "ingest/row_fence.h"
#include "projections/keys.h"
#include "projections/records.h"

namespace followup {
namespace {

constexpr std::string_view kPublishedFamilies[] = {keys::kMinutePrefix, keys::kDayPrefix, keys::kHourPrefix,
                                                   keys::kQuarterFamily};

}  // namespace

bool PublishedRow(std::string_view key) {
  for (std::string_view family : kPublishedFamilies)
    if (key.rfind(family, 0) == 0) return true;
  return false;
}

bool ValidRow(std::string_view key, std::string_view value) {
  if (key.rfind(keys::kMinutePrefix, 0) == 0) return MinuteState().Decode(value);
  if (key.rfind(keys::kDayPrefix, 0) == 0 || key.rfind(keys::kHourPrefix, 0) == 0)
    return DayCounts().Decode(value);
  if (key.rfind(keys::kQuarterFamily, 0) == 0) return ServiceQuarter().Decode(value);
  return false;
}

KafkaHeaders RowPublisher::Headers(const Shard& sh) {
  return {{std::string(kRowPartitionHeader), std::to_string(sh.id)},
          {std::string(kRowEpochHeader), std::to_string(sh.epoch)}};
}

Status RowPublisher::PublishChanges(const std::vector<ShardRows>& changes) {
  Status s;
  for (const auto& [sh, rows] : changes) {
    KafkaHeaders h = Headers(*sh);
    for (const auto& [k, v] : rows) {
      s = producer_->Send(topic_, k, v, h);
      if (!s.ok()) break;
    }
    if (!s.ok()) break;
  }
  if (s.ok()) s = producer_->Flush(10000);
  return s;
}

Status RowPublisher::PublishRebuilt(ShardSet* shards, const PartitionMap& partitions) {
  for (auto& [id, sh] : shards->all()) {
    if (sh.serving) continue;
    bool ready = true;
    for (const auto& [tp, ps] : partitions)
      if (ps.shard == id && (!ps.caught_up || ps.in_batch)) ready = false;
    if (!ready) continue;
    // Claim first: its offset is an epoch above every earlier owner's.
    Status s = producer_->SendAndWait(topic_, std::string(kClaimKeyPrefix) + std::to_string(id), "", 30000,
                                      &sh.epoch);
    size_t n = 0;
    KafkaHeaders h = Headers(sh);
    for (std::string_view family : kPublishedFamilies) {
      if (!s.ok()) break;
      Status scan =
          sh.store->Live().Scan(family, PrefixEnd(family), [&](std::string_view k, std::string_view v) {
            s = producer_->Send(topic_, k, v, h);
            ++n;
            return s.ok();
          });
      if (s.ok()) s = scan;
    }
    if (s.ok()) s = producer_->Flush(30000);
    if (!s.ok()) return s.WithContext("cannot publish partition " + std::to_string(id));
    sh.serving = true;
    spdlog::info("ingest: partition {} rebuilt and serving ({} rows published, epoch {})", id, n, sh.epoch);
  }
  return Status::Ok();
}

}  // namespace followup
