// What becomes of one consumed message in the open batch: an event is
// decoded and validated (and, in scale-out, its routing checked); a valid one
// is folded into its partition's shard and counted (folded, duplicate, id
// conflict: fold.h), a rejected one counted and kept as a dead letter. On the
// global view's row topic a message is a projection row of an owner, staged
// as it is unless malformed or from a fenced-off owner (row_fence.h).
//
// Id conflicts are logged with the id and both copies' positions; a broken
// co-partitioning of published rows is logged once per service.
//
// Thread-safety: not thread-safe; owned by the ingest thread.
#pragma once
#include <string>

#include "common/status.h"
#include "events/decoder.h"
#include "ingest/batch.h"
#include "ingest/consumer.h"
#include "ingest/mode.h"
#include "ingest/row_fence.h"
#include "ingest/shards.h"
#include "ingest/topics.h"

namespace followup {

class Intake {
 public:
  // batch, shards and fence must outlive the intake.
  Intake(IngestMode mode, Topics topics, IngestBatch* batch, ShardSet* shards, RowFence* fence);
  // Adds msg to the batch, or ignores it (not to be folded now: see
  // IngestBatch::Accept). Not OK: the store could not be read; the batch
  // must be dropped.
  Status Add(const InputMessage& msg);

 private:
  void AddRow(const InputMessage& msg, Shard* shard);
  // Whether a row may be applied (its owner is not fenced off); notes where
  // its service's rows come from.
  bool AdmitRow(const InputMessage& msg);
  Status AddEvent(const InputMessage& msg, PartitionState* ps, Shard* shard);

  IngestMode mode_;
  Topics topics_;
  std::string row_topic_;
  IngestBatch* batch_;
  ShardSet* shards_;
  RowFence* fence_;
  EventDecoder decoder_;
};

}  // namespace followup
