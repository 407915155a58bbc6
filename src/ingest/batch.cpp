#include "ingest/batch.h"

#include "projections/keys.h"

namespace followup {
namespace {

std::string EncodeOffset(int64_t o) { return std::to_string(o); }

// Writes into the batch and keeps a copy of the rows to publish.
class TeeWriter : public KvWriter {
 public:
  TeeWriter(KvWriter* batch, std::vector<std::pair<std::string, std::string>>* rows)
      : batch_(batch), rows_(rows) {}
  void Put(std::string_view k, std::string_view v) override {
    batch_->Put(k, v);
    if (rows_ && PublishedRow(k)) rows_->emplace_back(k, v);
  }
  void Delete(std::string_view k) override { batch_->Delete(k); }

 private:
  KvWriter* batch_;
  std::vector<std::pair<std::string, std::string>>* rows_;
};

}  // namespace

IngestBatch::IngestBatch(PartitionMap* partitions, ShardSet* shards, RowFence* fence, Outlets outlets,
                         bool sync_writes)
    : partitions_(partitions),
      shards_(shards),
      fence_(fence),
      outlets_(std::move(outlets)),
      sync_writes_(sync_writes) {}

PartitionState* IngestBatch::Accept(const TopicPartition& tp, int64_t offset) {
  auto it = partitions_->find(tp);
  if (it == partitions_->end() || it->second.blocked) return nullptr;
  if (offset < it->second.pending_offset) return nullptr;  // already part of this or an earlier batch
  return &it->second;
}

void IngestBatch::Reject(PartitionState* ps, DeadLetter letter, RejectReason category) {
  dead_.push_back(std::move(letter));
  ++ps->pending.rejected;
  ++ps->pending.rejected_by_category[size_t(category)];
}

void IngestBatch::Take(PartitionState* ps, int64_t offset) {
  shards_->at(ps->shard).dirty = true;
  ps->pending_offset = offset + 1;
  ps->in_batch = true;
  ++messages_;
}

IngestBatch::Outcome IngestBatch::Fail(Status s, std::string reason) {
  Outcome o;
  o.status = std::move(s);
  o.reason = std::move(reason);
  return o;
}

IngestBatch::Outcome IngestBatch::Commit() {
  Outcome out;
  if (messages_ == 0) return out;
  if (!dead_.empty() && outlets_.dead_letters) {
    std::vector<bool> dropped;
    Status s = outlets_.dead_letters(dead_, &dropped);
    if (!s.ok())
      return Fail(s, "dead-letter topic " + outlets_.dead_letter_topic +
                         " unavailable, not advancing past rejected events");
    for (size_t i = 0; i < dead_.size(); ++i)
      if (dropped[i]) ++partitions_->at({dead_[i].topic, dead_[i].partition}).pending.deadletters_dropped;
  }
  // One write per shard: each is atomic with its own offsets.
  std::vector<std::pair<Shard*, std::unique_ptr<KvBatch>>> batches;
  std::vector<ShardRows> publish;
  for (auto& [id, sh] : shards_->all()) {
    if (!sh.dirty) continue;
    std::unique_ptr<KvBatch> wb = sh.store->NewBatch();
    publish.push_back({&sh, {}});
    TeeWriter w(wb.get(), outlets_.rows && sh.serving ? &publish.back().rows : nullptr);
    sh.fold->Flush(&w);
    for (const auto& [k, v] : sh.rows) w.Put(k, v);
    sh.rows.clear();
    if (fence_) fence_->Flush(&w);  // the view has one shard: the fences go with its rows
    for (auto& [tp, ps] : *partitions_) {
      if (!ps.in_batch || ps.shard != id) continue;
      w.Put(keys::Offset(tp.first, tp.second), EncodeOffset(ps.pending_offset));
      w.Put(keys::Counters(tp.first, tp.second), ps.pending.Encode());
    }
    batches.emplace_back(&sh, std::move(wb));
  }
  // Published before they are committed (like dead letters): a crash in
  // between republishes the same values, which is harmless for latest-wins rows.
  size_t rows = 0;
  for (const auto& change : publish) rows += change.rows.size();
  if (rows > 0) {
    Status s = outlets_.rows(publish);
    if (!s.ok()) return Fail(s, "cannot publish aggregates to " + outlets_.row_topic);
  }
  for (auto& [sh, wb] : batches) {
    Status s = sh->store->Write(wb.get(), sync_writes_);
    if (!s.ok()) {
      // Shards written before this one stay committed.
      return Fail(
          s, s.message().find("No space left") != std::string::npos
                 ? "projection store write failed: No space left on the data dir's device (it resumes when "
                   "there is room)"
                 : "projection store write failed");
    }
    sh->dirty = false;
    for (auto& [tp, ps] : *partitions_) {
      if (!ps.in_batch || ps.shard != sh->id) continue;
      ps.committed = ps.pending;
      ps.committed_offset = ps.pending_offset;
      ps.in_batch = false;
      out.committed.emplace_back(tp, ps.committed_offset);
    }
  }
  if (fence_) fence_->Stored();  // (the view's one shard was written above)
  dead_.clear();
  messages_ = 0;
  return out;
}

PartitionOffsets IngestBatch::RewindPoints() const {
  PartitionOffsets at;
  for (const auto& [tp, ps] : *partitions_)
    if (ps.in_batch) at.emplace_back(tp, ps.committed_offset);
  return at;
}

void IngestBatch::Drop() {
  if (fence_) fence_->Discard();
  shards_->Discard();
  dead_.clear();
  // Callers seek back (after a failure) or give the partitions up (a lost
  // assignment, which is always the whole assignment).
  for (auto& [tp, ps] : *partitions_) {
    if (!ps.in_batch) continue;
    ps.pending = ps.committed;
    ps.pending_offset = ps.committed_offset;
    ps.in_batch = false;
  }
  messages_ = 0;
}

}  // namespace followup
