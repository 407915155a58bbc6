#include "ingest/ingestor.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>

#include "ingest/log_checks.h"
#include "projections/keys.h"
#include "store/meta.h"

namespace followup {
namespace {

int64_t NowMs() { return SteadyNowMs(); }

}  // namespace

Ingestor::Ingestor(KvStore* store, IngestOptions options, IngestStateBoard* board)
    : store_(store),
      options_(std::move(options)),
      board_(board),
      shards_(options_.fold),
      batch_(&parts_, &shards_, RowTopic(options_.mode, options_.topics).empty() ? nullptr : &fence_,
             MakeOutlets(), options_.sync_writes),
      intake_(options_.mode, options_.topics, &batch_, &shards_, &fence_) {
  generation_ = options_.first_generation;
  log_name_ = options_.mode == IngestMode::kRebuild ? "rebuild" : "ingest";
  // Taking over from a ready loop: the read side already shows the state this
  // one starts from, at that generation.
  if (options_.caught_up_since_generation >= 0) {
    ready_generation_ = options_.caught_up_since_generation;
    inherit_caught_up_ = true;
  }
}

Ingestor::~Ingestor() { Stop(); }

IngestBatch::Outlets Ingestor::MakeOutlets() {
  IngestBatch::Outlets o;
  if (SendsDeadLetters(options_.mode))
    o.dead_letters = [this](const std::vector<DeadLetter>& letters, std::vector<bool>* dropped) {
      ApplyDeadLetterLimit(true);
      return sink_->Deliver(letters, dropped);
    };
  o.dead_letter_topic = options_.topics.deadletter();
  if (options_.row_producer)
    o.rows = [this](const std::vector<ShardRows>& changes) { return rows_->PublishChanges(changes); };
  o.row_topic = RowPublishTopic(options_.mode, options_.topics);
  return o;
}

Status Ingestor::Start() {
  const IngestMode mode = options_.mode;
  if (sharded() ? options_.partitions_dir.empty() || store_ : !store_)
    return Status::Invalid(sharded()
                               ? "ingest: scale-out partitions need a partitions dir and no single store"
                               : "ingest: no store to fold into");
  // Every assigned partition feeds one consumer queue, and librdkafka stops
  // fetching for all of them once that queue holds queued.min.messages
  // (default 100,000); its broker thread decides to fetch again only on its
  // next wakeup, about a second later. Folding 100,000 messages takes less
  // than that, so a catch-up sat idle for ~0.3 s of every second. The bound
  // that stays is queued.max.messages.kbytes (64 MB, librdkafka's default).
  // Only the fold's consumer: the others need no such rate.
  KafkaSettings kafka = options_.kafka;
  kafka.emplace("queued.min.messages", "1000000");
  Status s = Consumer::Create(
      kafka, options_.group_id, sharded(),
      [this](bool assigned, const std::vector<TopicPartition>& parts) { OnRebalance(assigned, parts); },
      &consumer_);
  if (!s.ok()) return s;

  // The dead-letter producer may send what the topic accepts: its limit is
  // the topic's once the brokers say (ApplyDeadLetterLimit; until then
  // librdkafka's default, 1,000,000), and what is refused anyway is
  // truncated or passed over (deadletters.h). The start does not wait for
  // the answer, which the mock cluster never gives.
  s = Producer::Create(ProducerSettings(options_.kafka), &deadletters_);
  if (!s.ok()) return s;
  sink_ = std::make_unique<DeadLetterSink>(deadletters_.get(), options_.topics.deadletter());
  if (SendsDeadLetters(mode))
    limit_query_ = consumer_->QueryTopicMaxBytes(options_.topics.deadletter(), 3000);
  if (options_.row_producer)
    rows_ = std::make_unique<RowPublisher>(options_.row_producer, RowPublishTopic(mode, options_.topics),
                                           options_.maintenance_windows);

  inputs_ = InputTopics(mode, options_.topics);
  // A data dir belongs to one log: refuse a broker that is not that log.
  identity_ = options_.log_identity;
  if (identity_.empty()) {
    s = consumer_->ClusterIdentity(15000, &identity_);
    if (!s.ok()) return s;
  }
  if (sharded()) {
    std::map<std::string, std::vector<int32_t>> topics;
    s = consumer_->Partitions(15000, &topics);
    if (!s.ok()) return s;
    std::map<std::string, int> counts;
    for (const auto& [t, ids] : topics) counts[t] = int(ids.size());
    s = CheckCopartitioned(counts, inputs_, RowPublishTopic(mode, options_.topics));
    if (!s.ok()) return s;
    // Only now that the topic is known to exist: a producer's metadata
    // request may create a missing topic (with the broker's defaults).
    if (rows_) rows_->PrepareTopic();
  } else {
    s = CheckLogIdentity(store_, identity_);
    if (!s.ok()) return s;
    shards_.Adopt(0, store_);
  }

  if (!RowTopic(mode, options_.topics).empty()) {
    s = fence_.Load(store_->Live());
    if (!s.ok()) return s;
  }
  // Load counters of every partition ever folded: totals cover the whole log.
  // (Scale-out: only the owned partitions count, loaded when assigned.)
  if (!sharded()) {
    s = LoadCounters();
    if (!s.ok()) return s;
  }

  if (!JoinsGroup(mode)) {
    s = AssignAll();
    if (!s.ok()) return s;
    if (CommitsForInformation(mode))
      spdlog::info(
          "ingest: consuming {} topics directly (no group membership; offsets committed to group '{}' "
          "for information), log '{}'",
          inputs_.size(), options_.group_id, identity_);
    else
      spdlog::info("{}: consuming {} topics directly (no group membership), log '{}'", log_name_,
                   inputs_.size(), identity_);
  } else {
    const std::string lead = LeadTopic(mode, options_.topics);
    s = consumer_->Subscribe(sharded() ? std::vector<std::string>{lead} : inputs_);
    if (!s.ok()) return s;
    spdlog::info("{}: subscribed to {} as group '{}', log '{}'", log_name_,
                 sharded() ? lead + " (ownership of every co-partitioned input)"
                           : std::to_string(inputs_.size()) + " topics",
                 options_.group_id, identity_);
  }
  Publish();
  thread_ = std::thread([this] { Run(); });
  return Status::Ok();
}

void Ingestor::ApplyDeadLetterLimit(bool wait) {
  Status answer;
  int64_t topic_max = 0;
  if (!limit_query_) return;
  // Waiting (bounded by the query's own deadline) in slices, so that Stop
  // never waits for an answer the brokers may not give.
  bool answered = limit_query_->Result(0, &answer, &topic_max);
  for (int i = 0; wait && !answered && !stop_ && i < 50; ++i)
    answered = limit_query_->Result(100, &answer, &topic_max);
  if (!answered) return;
  limit_query_.reset();
  if (!answer.ok()) return;  // librdkafka's default stays
  KafkaSettings ps = ProducerSettings(options_.kafka);
  ps["message.max.bytes"] = std::to_string(std::min<int64_t>(topic_max, 1000000000));
  std::unique_ptr<Producer> producer;
  Status s = Producer::Create(ps, &producer);
  if (!s.ok()) {
    spdlog::warn("{}: dead letters stay limited to librdkafka's default size: {}", log_name_, s.message());
    return;
  }
  // Between batches (or before this batch's first letter): nothing is in flight.
  sink_ = std::make_unique<DeadLetterSink>(producer.get(), options_.topics.deadletter());
  deadletters_ = std::move(producer);
  spdlog::info("{}: {} takes messages up to {} bytes", log_name_, options_.topics.deadletter(), topic_max);
}

Status Ingestor::LoadCounters() {
  Status s = store_->Live().Scan(
      keys::kCountersPrefix, PrefixEnd(keys::kCountersPrefix), [&](std::string_view k, std::string_view v) {
        std::string topic;
        int32_t p;
        if (keys::ParseTopicPartition(k.substr(keys::kCountersPrefix.size()), &topic, &p)) {
          PartitionState& ps = parts_[{topic, p}];
          ps.committed.Decode(v);
          ps.pending = ps.committed;
          ps.high_watermark = -2;  // known from the store, not assigned yet
        }
        return true;
      });
  return s.WithContext("reading the stored counters");
}

void Ingestor::Stop() {
  if (stop_.exchange(true)) return;
  if (thread_.joinable()) thread_.join();
  limit_query_.reset();  // it uses the consumer's handle
  if (consumer_) {
    consumer_->Close();
    consumer_.reset();
  }
}

std::vector<TopicPartition> Ingestor::FollowLead(const std::vector<TopicPartition>& lead) const {
  std::vector<TopicPartition> all;
  for (const auto& l : lead)
    for (const auto& t : inputs_) all.emplace_back(t, l.second);
  return all;
}

void Ingestor::ReleaseShards(const std::vector<TopicPartition>& revoked) {
  for (const auto& tp : revoked) {
    parts_.erase(tp);
    int32_t p = tp.second;
    bool used = false;
    for (const auto& [other, ps] : parts_) used |= ps.shard == p;
    // Closed, but kept on disk: a warm standby if the partition comes back.
    if (!used && shards_.Release(p))
      spdlog::info("{}: partition {} released (state kept on disk)", log_name_, p);
  }
}

void Ingestor::OnRebalance(bool assigned, const std::vector<TopicPartition>& list) {
  const std::vector<TopicPartition> parts = sharded() ? FollowLead(list) : list;
  if (assigned) {
    assignment_received_ = true;
    Status s = Assign(parts);
    if (!s.ok()) {
      error_ = {"cannot take the assigned partitions", s.message()};
      spdlog::error("{}: {}: {}", log_name_, error_.reason, error_.detail);
    }
  } else {
    // Finish the open batch first: its state and offsets belong together.
    // Unless the partitions were lost, not handed over: another instance may
    // already own them and have published newer rows, which ours could
    // overwrite with older values; the batch is dropped (the log keeps it).
    const bool lost = sharded() && consumer_->AssignmentLost();
    if (lost) spdlog::warn("{}: partitions lost (session expired): released without publishing", log_name_);
    if (!batch_.empty()) {
      if (lost)
        batch_.Drop();
      else
        CommitBatch();
    }
    consumer_->Unassign(parts);
    if (sharded()) {
      ReleaseShards(parts);
    } else {
      for (const auto& tp : parts) {
        auto it = parts_.find(tp);
        if (it != parts_.end()) it->second.high_watermark = -2;
      }
    }
  }
  Publish();
}

Status Ingestor::Assign(const std::vector<TopicPartition>& list) {
  PartitionOffsets to_assign;
  Status s = PrepareAssignment(list, &to_assign);
  Status assigned = consumer_->Assign(to_assign, JoinsGroup(options_.mode) && consumer_->Cooperative());
  if (!to_assign.empty())
    spdlog::info("{}: assigned {} partition(s), seeking to stored offsets", log_name_, to_assign.size());
  if (!s.ok()) return s;
  return assigned;
}

Status Ingestor::PrepareAssignment(const std::vector<TopicPartition>& list, PartitionOffsets* to_assign) {
  Status result;
  std::map<TopicPartition, std::pair<int64_t, int64_t>> ranges;
  const Status asked = consumer_->QueryWatermarks(list, 3000, &ranges);
  for (const auto& tp : list) {
    Shard* shard = nullptr;
    if (sharded()) {
      Status s = shards_.Open(options_.partitions_dir, tp.second, identity_, &shard);
      if (!s.ok()) {
        // not consumed: the instance stays not ready
        SetBlocked("the store of partition " + std::to_string(tp.second) + " cannot be used (see the log)",
                   s.message());
        continue;
      }
    } else {
      shard = &shards_.at(0);
    }
    PartitionState& ps = parts_[tp];
    ps.shard = shard->id;
    std::string v;
    Status s = GetStoredOffset(shard->store->Live(), tp.first, tp.second, &ps.committed_offset, &v);
    if (s.code() == Status::Code::kInvalid) {
      // Never guessed: folding from another offset would lose or repeat
      // events. Like a gap, the partition is not consumed until restart.
      ps.committed_offset = ps.pending_offset = 0;
      ps.blocked = true;
      SetBlocked("the stored offset of " + tp.first + "/" + std::to_string(tp.second) +
                     " is damaged; rebuild the data dir with `followup replay`",
                 "stored value '" + v.substr(0, 40) + "'");
      continue;
    }
    if (s.code() == Status::Code::kNotFound) {
      ps.committed_offset = 0;
    } else if (!s.ok()) {
      result = s;
      continue;
    }
    if (sharded()) {
      std::string c;
      if (shard->store->Live().Get(keys::Counters(tp.first, tp.second), &c).ok()) ps.committed.Decode(c);
    }
    ps.pending_offset = ps.committed_offset;
    ps.pending = ps.committed;
    ps.in_batch = false;
    ps.blocked = false;
    // Taking over from a ready loop: what it serves is what that one served.
    ps.caught_up = inherit_caught_up_;
    ps.caught_up_at = -1;
    auto range = ranges.find(tp);
    if (range != ranges.end()) {
      const auto [start, end] = range->second;
      ps.high_watermark = end;
      ps.caught_up_at = end;
      Problem p = CheckPosition(tp.first, tp.second, ps.committed_offset, start, end);
      if (!p.empty()) {
        ps.blocked = true;
        SetBlocked(std::move(p.reason), std::move(p.detail));
      }
    } else {
      ps.high_watermark = -1;
      spdlog::warn("{}: cannot read watermarks of {}/{}: {}", log_name_, tp.first, tp.second,
                   asked.ok() ? "the brokers did not answer for it" : asked.message());
    }
    if (!ps.blocked) to_assign->emplace_back(tp, ps.committed_offset);
  }
  inherit_caught_up_ = false;  // partitions found later catch up as usual
  return result;
}

std::vector<TopicPartition> Ingestor::InputPartitions(
    const std::map<std::string, std::vector<int32_t>>& topics, std::vector<std::string>* missing) const {
  std::vector<TopicPartition> list;
  for (const auto& t : inputs_) {
    auto it = topics.find(t);
    if (it == topics.end()) {
      if (missing) missing->push_back(t);
      continue;
    }
    for (int32_t p : it->second) list.emplace_back(t, p);
  }
  return list;
}

Status Ingestor::AssignAll() {
  std::map<std::string, std::vector<int32_t>> topics;
  Status s = consumer_->Partitions(15000, &topics);
  if (!s.ok()) return s;
  std::vector<std::string> missing;
  std::vector<TopicPartition> list = InputPartitions(topics, &missing);
  for (const auto& t : missing) spdlog::warn("{}: topic {} does not exist (yet)", log_name_, t);
  direct_.insert(list.begin(), list.end());
  last_discovery_ms_ = NowMs();
  return Assign(list);
}

void Ingestor::DiscoverPartitions() {
  const int interval = DiscoveryIntervalMs(options_.mode);
  const int64_t now = NowMs();
  if (JoinsGroup(options_.mode) || interval <= 0 || !batch_.empty() || now - last_discovery_ms_ < interval)
    return;
  last_discovery_ms_ = now;
  std::map<std::string, std::vector<int32_t>> topics;
  if (!consumer_->Partitions(2000, &topics).ok()) return;  // the broker check reports an outage
  std::vector<TopicPartition> added;
  for (const auto& tp : InputPartitions(topics, nullptr))
    if (!direct_.count(tp)) added.push_back(tp);
  if (added.empty()) return;
  // The batch is empty: every assigned partition's next offset is its stored
  // one, so the whole assignment is replaced at those offsets.
  PartitionOffsets at;
  for (const auto& tp : direct_) {
    auto it = parts_.find(tp);
    if (it != parts_.end() && !it->second.blocked) at.emplace_back(tp, it->second.pending_offset);
  }
  Status s = PrepareAssignment(added, &at);
  if (s.ok()) s = consumer_->Assign(at, false);
  if (s.ok()) direct_.insert(added.begin(), added.end());  // else tried again at the next round
  if (!s.ok()) {
    error_ = {"cannot take the partitions created since the start", s.message()};
    spdlog::error("{}: {}: {}", log_name_, error_.reason, error_.detail);
  } else {
    spdlog::info("{}: {} partition(s) created since the start, now consumed", log_name_, added.size());
  }
  Publish();
}

void Ingestor::HandleMessage(const InputMessage& msg) {
  if (options_.stay_behind && !BehindServingLoop(msg)) return;
  Status s = intake_.Add(msg);
  if (!s.ok()) AbortBatch("projection store read failed", s.message());
}

bool Ingestor::BehindServingLoop(const InputMessage& msg) {
  TopicPartition tp(std::string(msg.topic), msg.partition);
  // The rest of a held partition waits too; what lies before the held offset
  // comes again only after a seek back (AbortBatch), and is folded.
  if (auto h = held_.find(tp); h != held_.end() && msg.offset >= h->second) return false;
  auto it = behind_limit_.find(tp);
  if (it != behind_limit_.end() && msg.offset < it->second) return true;
  const int64_t limit = options_.stay_behind(tp);
  behind_limit_[tp] = limit;
  if (msg.offset < limit) return true;
  held_[tp] = msg.offset;
  return false;
}

void Ingestor::ReleaseHeld() {
  // Only between batches: a partition is fetched again from its stored
  // offset, which must then be where its folding stands.
  if (held_.empty() || !batch_.empty()) return;
  const int64_t now = NowMs();
  if (now - last_release_ms_ < 20) return;
  last_release_ms_ = now;
  PartitionOffsets rewind;
  for (auto it = held_.begin(); it != held_.end();) {
    const int64_t limit = options_.stay_behind(it->first);
    behind_limit_[it->first] = limit;
    if (limit <= it->second) {
      ++it;
      continue;
    }
    rewind.emplace_back(it->first, parts_[it->first].committed_offset);
    it = held_.erase(it);
  }
  if (!rewind.empty()) consumer_->Seek(rewind);
}

void Ingestor::CommitBatch() {
  if (batch_.empty()) return;
  auto started = std::chrono::steady_clock::now();
  // A member whose session expired (e.g. it was stalled) must not publish:
  // the new owners' rows are newer. librdkafka notices expiry on its own timer.
  if (sharded() && JoinsGroup(options_.mode) && consumer_->AssignmentLost()) {
    batch_.Drop();  // waiting for the group
    return;
  }
  const size_t messages = batch_.messages();
  IngestBatch::Outcome out = batch_.Commit();
  if (!out.status.ok()) {
    AbortBatch(out.reason, out.status.message());
    return;
  }
  // Informational only: the offsets that count are the ones just written.
  if (CommitsForInformation(options_.mode)) consumer_->CommitForInformation(out.committed);
  BatchReport report{messages,
                     std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count()};
  error_.clear();
  if (observer_) observer_(report);
  ++generation_;
  if (options_.on_commit) options_.on_commit(generation_);
}

void Ingestor::SetBlocked(std::string reason, std::string detail) {
  spdlog::critical("{}: {} ({})", log_name_, reason, detail);
  blocked_ = {std::move(reason), std::move(detail)};
}

void Ingestor::AbortBatch(const std::string& reason, const std::string& detail) {
  // Back to the stored offsets: the same messages are fetched and folded again.
  PartitionOffsets rewind = batch_.RewindPoints();
  batch_.Drop();
  consumer_->Seek(rewind);
  error_ = {reason, detail};
  spdlog::error("{}: batch discarded, offsets not advanced: {}: {}", log_name_, reason, detail);
  RefreshWatermarks();
  Publish();
  // Back off before retrying the same messages.
  for (int i = 0; i < 20 && !stop_; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
}

void Ingestor::RefreshWatermarks() {
  for (auto& [tp, ps] : parts_) {
    if (ps.high_watermark == -2 || ps.blocked) continue;
    int64_t end = -1;
    if (consumer_->CachedEnd(tp, &end)) ps.high_watermark = end;
  }
}

void Ingestor::Publish() {
  NoteCaughtUp(&parts_);
  IngestStatus st;
  st.partitions = &parts_;
  st.sharded = sharded();
  st.assignment_received = assignment_received_;
  st.all_serving = shards_.AllServing();
  st.windows_known = !rows_ || rows_->WindowsKnown();
  st.blocked = blocked_;
  st.batch_error = error_;
  st.snapshot_error = snapshot_error_;
  st.row_publish_topic = RowPublishTopic(options_.mode, options_.topics);
  st.now_ms = NowMs();
  st.last_watermark_ok_ms = last_watermark_ok_ms_;
  st.copartition_conflicts = int64_t(fence_.conflicts());
  IngestSnapshot snap = DescribeIngest(st);
  snap.generation = generation_;
  if (!snap.ready)
    ready_generation_ = -1;
  else if (ready_generation_ < 0)
    ready_generation_ = generation_;
  snap.ready_generation = ready_generation_;
  snap.rows_published_seq = rows_published_seq_;
  snap.rows_published_to = rows_published_to_;
  NoteRowsShown();
  snap.rows_shown_seq = rows_shown_seq_;
  snap.rows_shown_generation = rows_shown_generation_;
  board_->Publish(std::make_shared<IngestSnapshot>(std::move(snap)));
}

namespace {

size_t CountServing(const ShardSet& shards) {
  size_t n = 0;
  for (const auto& [id, sh] : shards.all()) n += sh.serving ? 1 : 0;
  return n;
}

}  // namespace

void Ingestor::PublishSnapshotsIfDue() {
  if (!sharded() || !batch_.empty()) return;
  if (rows_ && NowMs() - windows_checked_ms_ >= 1000) {
    // A maintenance window that is new or has moved: its minutes are published.
    windows_checked_ms_ = NowMs();
    Status s = rows_->RefreshWindows(&shards_);
    if (!s.ok()) spdlog::error("{}: {}", log_name_, s.message());
  }
  if (shards_.AllServing() && !rows_published_due_) {
    snapshot_error_.clear();  // (a partition that failed to publish may have been revoked since)
    return;
  }
  if (!shards_.AllServing()) {
    // A shard whose partitions have all caught up publishes every row it
    // holds once; from then on it publishes each change (see IngestBatch::Commit).
    const size_t serving = CountServing(shards_);
    Status s = rows_ ? rows_->PublishRebuilt(&shards_, parts_) : Status::Ok();
    snapshot_error_.clear();
    if (!s.ok()) {
      snapshot_error_ = {
          "cannot publish rebuilt partitions to " + RowPublishTopic(options_.mode, options_.topics),
          s.message()};
      spdlog::error("{}: {}: {}", log_name_, snapshot_error_.reason, snapshot_error_.detail);
    }
    if (rows_ && CountServing(shards_) > serving) rows_published_due_ = true;
  }
  if (rows_published_due_ && snapshot_error_.empty()) NoteRowsPublished();
  Publish();
}

void Ingestor::NoteRowsPublished() {
  // The rows are acknowledged: the topic's ends now lie past every one of them.
  const std::string topic = RowPublishTopic(options_.mode, options_.topics);
  std::map<std::string, std::vector<int32_t>> topics;
  Status s = consumer_->Partitions(3000, &topics);
  std::vector<TopicPartition> parts;
  for (int32_t p : topics[topic]) parts.emplace_back(topic, p);
  std::map<TopicPartition, std::pair<int64_t, int64_t>> ranges;
  if (s.ok()) s = consumer_->QueryWatermarks(parts, 3000, &ranges);
  if (s.ok() && ranges.size() != parts.size()) s = Status::Unavailable("not every partition answered");
  std::vector<std::pair<int32_t, int64_t>> ends;
  ends.reserve(ranges.size());
  for (const auto& [tp, range] : ranges) ends.emplace_back(tp.second, range.second);
  if (!s.ok()) {
    snapshot_error_ = {"cannot read the end offsets of " + topic + " after publishing", s.message()};
    spdlog::error("{}: {}: {}", log_name_, snapshot_error_.reason, snapshot_error_.detail);
    return;
  }
  rows_published_to_ = std::move(ends);
  ++rows_published_seq_;
  rows_published_due_ = false;
}

bool Ingestor::RowsShownPending() const {
  return options_.rows_of && options_.rows_of->Own()->rows_published_seq > rows_shown_seq_;
}

void Ingestor::NoteRowsShown() {
  if (!options_.rows_of) return;
  std::shared_ptr<const IngestSnapshot> own = options_.rows_of->Own();
  if (own->rows_published_seq <= rows_shown_seq_) return;
  const std::string topic = RowTopic(options_.mode, options_.topics);
  for (const auto& [p, end] : own->rows_published_to) {
    auto it = parts_.find({topic, p});
    if (end > 0 && (it == parts_.end() || it->second.committed_offset < end)) return;
  }
  rows_shown_seq_ = own->rows_published_seq;
  rows_shown_generation_ = generation_;  // the committed batches hold them
}

void Ingestor::Run() {
  int64_t batch_start_ms = 0;
  int64_t last_check = 0;
  last_watermark_ok_ms_ = NowMs();
  while (!stop_) {
    bool opened = batch_.empty();  // (a revocation inside Poll may commit the batch and open another)
    Consumer::Polled polled = consumer_->Poll(opened ? 100 : 5, [&](const InputMessage& msg) {
      if (batch_.empty()) opened = true;
      HandleMessage(msg);
    });
    // One clock read per poll (that is, per message): the batch started, or
    // the brokers last answered, when this poll returned.
    const int64_t now = NowMs();
    const bool got_message = polled == Consumer::Polled::kMessage;
    if (got_message) last_watermark_ok_ms_ = now;
    if (opened) batch_start_ms = now;
    // What a batch touches grows by a few keys a message: counting them (a
    // sum over every shard's maps) every 64 messages bounds it as well.
    bool full = batch_.messages() >= options_.max_batch ||
                (got_message && batch_.messages() % 64 == 0 && batch_.touched() > 4 * options_.max_batch);
    bool old = !batch_.empty() && now - batch_start_ms > options_.max_batch_ms;
    if (full || old || (!got_message && !batch_.empty())) {
      CommitBatch();
      RefreshWatermarks();
      Publish();
      PublishSnapshotsIfDue();
      DiscoverPartitions();
      ApplyDeadLetterLimit(false);
    }
    ReleaseHeld();
    // Held partitions may keep delivering (and dropping) messages, so that no
    // poll is idle: partitions created since are looked for here too.
    if (!held_.empty()) DiscoverPartitions();
    // Between messages, without waiting for the 2 s check below: a shard
    // that has caught up starts serving, and the view notes the rows its
    // instance has just published (each decides when the instance is ready).
    if (!got_message && batch_.empty() && (RowsShownPending() || (sharded() && !shards_.AllServing()))) {
      Publish();
      PublishSnapshotsIfDue();
    }
    // Whenever no data flows (idle, or only errors arrive), check every 2 s
    // that the brokers still answer, so /readyz can say when they do not.
    if (!got_message && now - last_check > 2000) {
      last_check = now;
      RefreshWatermarks();
      for (auto& [tp, ps] : parts_) {
        if (ps.high_watermark == -2 || ps.blocked) continue;
        int64_t start, end;
        if (consumer_->QueryWatermarks(tp, 1000, &start, &end).ok()) {
          ps.high_watermark = end;
          last_watermark_ok_ms_ = NowMs();
        }
        break;  // one partition is enough to know the brokers answer
      }
      Publish();
      PublishSnapshotsIfDue();
      DiscoverPartitions();
      ApplyDeadLetterLimit(false);
    }
  }
  if (!batch_.empty()) CommitBatch();
  Publish();  // the generation of that last commit, for a loop that takes over
}

}  // namespace followup
