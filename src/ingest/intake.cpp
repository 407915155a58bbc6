#include "ingest/intake.h"

#include <spdlog/spdlog.h>

#include "ingest/row_publisher.h"
#include "projections/keys.h"

namespace followup {

Intake::Intake(IngestMode mode, Topics topics, IngestBatch* batch, ShardSet* shards, RowFence* fence)
    : mode_(mode),
      topics_(std::move(topics)),
      row_topic_(RowTopic(mode, topics_)),
      batch_(batch),
      shards_(shards),
      fence_(fence) {}

Status Intake::Add(const InputMessage& msg) {
  PartitionState* ps = batch_->Accept({std::string(msg.topic), msg.partition}, msg.offset);
  if (!ps) return Status::Ok();
  Shard& shard = shards_->at(ps->shard);
  if (!row_topic_.empty() && row_topic_ == msg.topic) {
    AddRow(msg, &shard);
  } else {
    Status s = AddEvent(msg, ps, &shard);
    if (!s.ok()) return s;
  }
  batch_->Take(ps, msg.offset);
  return Status::Ok();
}

void Intake::AddRow(const InputMessage& msg, Shard* shard) {
  // A projection row of another instance: the latest value of a key wins
  // (one key always travels on one partition, so offsets order it), unless
  // its owner has been fenced off. Claims only number the owners.
  std::string key, value;
  if (msg.key.rfind(kClaimKeyPrefix, 0) == 0) {
    // nothing to apply: the claim's offset is already the epoch in its owner's rows
  } else if (!ViewRow(msg.key, msg.value, &key, &value) || !ValidRow(key, value)) {
    spdlog::error("ingest: ignoring a malformed row on {} at {}/{}", msg.topic, msg.partition, msg.offset);
  } else if (!AdmitRow(msg)) {
    spdlog::warn("ingest: dropping a row of a fenced-off owner on {} at {}/{}", msg.topic, msg.partition,
                 msg.offset);
  } else if (ViewReplaces(shard->rows, shard->store->Live(), key, value)) {
    shard->rows[key] = std::move(value);
  }
}

bool Intake::AdmitRow(const InputMessage& msg) {
  int64_t p = 0, epoch = 0;
  if (!msg.row_origin || !msg.row_origin(&p, &epoch)) return true;  // unfenced publisher
  std::string service;
  int32_t first = 0;
  size_t known = fence_->conflicts();
  if (keys::RowService(msg.key, &service) && !fence_->NoteOrigin(service, int32_t(p), &first) &&
      fence_->conflicts() > known)
    spdlog::critical(
        "ingest: co-partitioning broken: rows of service '{}' come from partitions {} and {}. Its "
        "events are on different partitions of the inputs (producers that do not share one "
        "partitioner?), so its figures are split between owners and wrong",
        service, first, p);
  return fence_->Admit(int32_t(p), epoch);
}

Status Intake::AddEvent(const InputMessage& msg, PartitionState* ps, Shard* shard) {
  Event event;
  DecodeError derr;
  bool ok;
  if (!msg.has_value) {
    ok = false;
    derr.reason = "message has no value";
    derr.category = RejectReason::kInvalidJson;
  } else {
    ok = decoder_.Decode(msg.value, &event, &derr);
  }
  if (ok) {
    derr.reason = RouteProblem(mode_, event, msg.key, topics_);
    if (!derr.reason.empty()) {
      ok = false;
      derr.category = RejectReason::kInvalidValue;
    }
  }
  if (!ok) {
    batch_->Reject(ps,
                   {std::string(msg.value), std::string(msg.key), derr.reason, std::string(msg.topic),
                    msg.partition, msg.offset},
                   derr.category);
    return Status::Ok();
  }
  int64_t log_time = msg.log_time;
  if (log_time < 0) log_time = event.occurred_at;
  FoldOutcome outcome;
  LogPosition first;
  Status s = shard->fold->Apply(event, log_time, &outcome,
                                LogPosition{std::string(msg.topic), msg.partition, msg.offset}, &first);
  if (!s.ok()) return s;
  if (outcome == FoldOutcome::kDuplicate) {
    ++ps->pending.duplicates;
  } else if (outcome == FoldOutcome::kConflict) {
    ++ps->pending.id_conflicts;
    spdlog::critical(
        "ingest: id conflict: event_id '{}' at {}/{}@{} has other content than the copy folded "
        "from {} (same window of log time). The first copy counts, this one changes nothing; a "
        "producer reuses ids",
        event.event_id, msg.topic, msg.partition, msg.offset, first.ToString());
  } else {
    ++ps->pending.folded;
    ++ps->pending.folded_by_type[size_t(event.type)];
  }
  return Status::Ok();
}

}  // namespace followup
