#include "ingest/ingestor.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <set>

#include "events/decoder.h"
#include "projections/keys.h"
#include "store/meta.h"

namespace followup {
namespace {

int64_t NowMs() { return SteadyNowMs(); }

std::string EncodeOffset(int64_t o) { return std::to_string(o); }

}  // namespace

Ingestor::Ingestor(Store* store, IngestOptions options, IngestStateBoard* board)
    : store_(store), options_(std::move(options)), board_(board) {}

Ingestor::~Ingestor() { Stop(); }

void Ingestor::RebalanceTrampoline(rd_kafka_t*, rd_kafka_resp_err_t err,
                                   rd_kafka_topic_partition_list_t* parts, void* opaque) {
  static_cast<Ingestor*>(opaque)->OnRebalance(err, parts);
}

Status Ingestor::Start() {
  KafkaSettings cs = options_.kafka;
  cs["group.id"] = options_.group_id;
  cs["enable.auto.commit"] = "false";
  cs["enable.auto.offset.store"] = "false";
  cs["auto.offset.reset"] = "earliest";
  cs.emplace("fetch.wait.max.ms", "20");
  // A restarted instance waits for its previous session to expire before it
  // gets its partitions back; keep that short (librdkafka's default is 45 s).
  cs.emplace("session.timeout.ms", "10000");
  cs.emplace("heartbeat.interval.ms", "1000");
  cs.emplace("log_level", "4");
  // Scale-out: a rebalance moves only the partitions that change owner; the
  // others keep folding (and serving) through it.
  if (!options_.shard_dir.empty()) cs.emplace("partition.assignment.strategy", "cooperative-sticky");
  rd_kafka_conf_t* conf = nullptr;
  Status s = MakeKafkaConf(cs, &conf);
  if (!s.ok()) return s;
  rd_kafka_conf_set_rebalance_cb(conf, &Ingestor::RebalanceTrampoline);
  rd_kafka_conf_set_opaque(conf, this);
  s = MakeKafkaClient(RD_KAFKA_CONSUMER, conf, &consumer_);
  if (!s.ok()) return s;
  rd_kafka_poll_set_consumer(consumer_.get());

  // The dead-letter producer may send what the topic accepts: its limit is
  // the topic's when the brokers say (else librdkafka's default, 1,000,000),
  // and what is refused anyway is truncated or passed over (deadletters.h).
  KafkaSettings ps = ProducerSettings(options_.kafka);
  int64_t topic_max = 0;
  if (options_.produce_dead_letters &&
      TopicMaxMessageBytes(consumer_.get(), options_.topics.deadletter(), 3000, &topic_max).ok()) {
    ps.emplace("message.max.bytes", std::to_string(std::min<int64_t>(topic_max, 1000000000)));
    spdlog::info("ingest: {} takes messages up to {} bytes", options_.topics.deadletter(), topic_max);
  }
  s = Producer::Create(ps, &deadletters_);
  if (!s.ok()) return s;
  sink_ = std::make_unique<DeadLetterSink>(deadletters_.get(), options_.topics.deadletter());

  inputs_ = options_.inputs.empty() ? options_.topics.inputs() : options_.inputs;
  // A data dir belongs to one log: refuse a broker that is not that log.
  identity_ = options_.log_identity;
  if (identity_.empty()) {
    char* id = rd_kafka_clusterid(consumer_.get(), 15000);
    if (!id) return Status::Unavailable("cannot reach the Kafka brokers to read the cluster id (" +
                                        options_.kafka["bootstrap.servers"] + ")");
    identity_ = std::string("kafka-cluster:") + id;
    rd_kafka_mem_free(consumer_.get(), id);
  }
  if (sharded()) {
    s = CheckCopartitioned();
    if (!s.ok()) return s;
  } else {
    s = CheckLogIdentity(store_);
    if (!s.ok()) return s;
    Shard& one = shards_[0];
    one.store = store_;
    one.fold = std::make_unique<Fold>(&store_->Live(), options_.fold);
  }

  if (!options_.row_topic.empty()) {
    s = fence_.Load(store_->Live());
    if (!s.ok()) return s;
  }
  // Load counters of every partition ever folded: totals cover the whole log.
  // (Scale-out: only the owned partitions count, loaded when assigned.)
  if (!sharded()) store_->Live().Scan(keys::kCountersPrefix, PrefixEnd(keys::kCountersPrefix),
                      [&](std::string_view k, std::string_view v) {
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

  if (!options_.use_group) {
    s = AssignAll();
    if (!s.ok()) return s;
    Publish();
    thread_ = std::thread([this] { Run(); });
    return Status::Ok();
  }
  rd_kafka_topic_partition_list_t* topics = rd_kafka_topic_partition_list_new(6);
  if (sharded()) {
    rd_kafka_topic_partition_list_add(topics, options_.lead_topic.c_str(), RD_KAFKA_PARTITION_UA);
  } else {
    for (const auto& t : inputs_) rd_kafka_topic_partition_list_add(topics, t.c_str(), RD_KAFKA_PARTITION_UA);
  }
  rd_kafka_resp_err_t err = rd_kafka_subscribe(consumer_.get(), topics);
  rd_kafka_topic_partition_list_destroy(topics);
  if (err) return Status::Unavailable(std::string("subscribe: ") + rd_kafka_err2str(err));
  spdlog::info("ingest: subscribed to {} as group '{}', log '{}'",
               sharded() ? options_.lead_topic + " (ownership of every co-partitioned input)"
                         : std::to_string(inputs_.size()) + " topics",
               options_.group_id, identity_);
  Publish();
  thread_ = std::thread([this] { Run(); });
  return Status::Ok();
}

Status Ingestor::CheckLogIdentity(Store* store) {
  std::string stored;
  Status s = GetMeta(store->Live(), "log_identity", &stored);
  if (s.ok()) {
    if (stored != identity_)
      return Status::Conflict("this data dir belongs to the log '" + stored +
                              "', but the brokers serve '" + identity_ +
                              "'. Refusing to mix logs: point --brokers at the original cluster, or "
                              "use an empty --data-dir (the embedded broker is a new, empty log at "
                              "every start)");
    return Status::Ok();
  }
  if (s.code() != Status::Code::kNotFound) return s;
  if (!HoldsNoOffsets(store->Live()))
    return Status::Conflict("data dir has offsets but no log identity; rebuild it with `followup replay`");
  return PutMeta(store, "log_identity", identity_);
}

// Co-partitioning: partition p of every input must carry the same services,
// which needs equal partition counts (and one partitioner, keyed by service).
Status Ingestor::CheckCopartitioned() {
  const rd_kafka_metadata_t* md = nullptr;
  rd_kafka_resp_err_t err = rd_kafka_metadata(consumer_.get(), 1, nullptr, &md, 15000);
  if (err) return Status::Unavailable(std::string("reading topic metadata: ") + rd_kafka_err2str(err));
  std::vector<std::string> need = inputs_;
  if (!options_.row_publish_topic.empty()) need.push_back(options_.row_publish_topic);
  std::string problem, counts;
  int expected = -1;
  for (const auto& t : need) {
    int n = -1;
    for (int i = 0; i < md->topic_cnt; ++i)
      if (t == md->topics[i].topic && !md->topics[i].err) n = md->topics[i].partition_cnt;
    if (n < 0) {
      problem = "topic " + t + " does not exist; scale-out needs it created beforehand";
      break;
    }
    if (t == options_.row_publish_topic) continue;
    counts += (counts.empty() ? "" : ", ") + t + ": " + std::to_string(n);
    if (expected < 0) expected = n;
    else if (n != expected) problem = "co-partitioning";
  }
  rd_kafka_metadata_destroy(md);
  if (problem == "co-partitioning")
    return Status::Conflict("scale-out needs co-partitioned inputs (equal partition counts, keyed by service_id), "
                            "but the partition counts differ (" + counts +
                            "). Recreate the topics with one partition count; it cannot change without a new log");
  if (!problem.empty()) return Status::Conflict(problem);
  return Status::Ok();
}

Status Ingestor::OpenShard(int32_t p, Shard** out) {
  auto it = shards_.find(p);
  if (it != shards_.end()) {
    *out = &it->second;
    return Status::Ok();
  }
  Shard sh;
  sh.id = p;
  std::string dir = options_.shard_dir + "/" + std::to_string(p);
  Status s = Store::Open(dir, Store::Mode::kReadWrite, &sh.owned);
  if (s.ok()) s = sh.owned->CheckVersion();
  if (s.ok()) s = CheckLogIdentity(sh.owned.get());
  if (!s.ok()) return s.WithContext("partition " + std::to_string(p) + " (" + dir + ")");
  sh.store = sh.owned.get();
  sh.fold = std::make_unique<Fold>(&sh.store->Live(), options_.fold);
  sh.serving = false;  // publishes only once caught up with the log
  *out = &shards_.emplace(p, std::move(sh)).first->second;
  return Status::Ok();
}

// Every co-partitioned input's partition p for each lead partition p.
rd_kafka_topic_partition_list_t* Ingestor::FollowLead(const rd_kafka_topic_partition_list_t* lead) const {
  rd_kafka_topic_partition_list_t* all = rd_kafka_topic_partition_list_new(lead->cnt * int(inputs_.size()) + 1);
  for (int i = 0; i < lead->cnt; ++i)
    for (const auto& t : inputs_) rd_kafka_topic_partition_list_add(all, t.c_str(), lead->elems[i].partition);
  return all;
}

void Ingestor::ReleaseShards(rd_kafka_topic_partition_list_t* revoked) {
  for (int i = 0; i < revoked->cnt; ++i) {
    parts_.erase({revoked->elems[i].topic, revoked->elems[i].partition});
    int32_t p = revoked->elems[i].partition;
    bool used = false;
    for (const auto& [tp, ps] : parts_) used |= ps.shard == p;
    // Closed, but kept on disk: a warm standby if the partition comes back.
    if (!used && shards_.erase(p)) spdlog::info("ingest: partition {} released (state kept on disk)", p);
  }
}


void Ingestor::Stop() {
  if (stop_.exchange(true)) return;
  if (thread_.joinable()) thread_.join();
  if (consumer_) {
    rd_kafka_consumer_close(consumer_.get());
    consumer_.reset();
  }
}

void Ingestor::OnRebalance(rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* list) {
  rd_kafka_topic_partition_list_t* parts = sharded() ? FollowLead(list) : list;
  if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
    assignment_received_ = true;
    Status s = Assign(parts);
    if (!s.ok()) {
      error_ = {"cannot take the assigned partitions", s.message()};
      spdlog::error("ingest: {}: {}", error_.reason, error_.detail);
    }
  } else {
    // Finish the open batch first: its state and offsets belong together.
    // Unless the partitions were lost, not handed over: another instance may
    // already own them and have published newer rows, which ours could
    // overwrite with older values; the batch is dropped (the log keeps it).
    const bool lost = sharded() && rd_kafka_assignment_lost(consumer_.get());
    if (lost) spdlog::warn("ingest: partitions lost (session expired): released without publishing");
    if (batch_messages_ > 0) {
      if (lost) DropBatch();
      else CommitBatch();
    }
    if (cooperative()) {
      rd_kafka_error_t* e = rd_kafka_incremental_unassign(consumer_.get(), parts);
      if (e) {
        spdlog::error("ingest: unassign: {}", rd_kafka_error_string(e));
        rd_kafka_error_destroy(e);
      }
    } else {
      rd_kafka_assign(consumer_.get(), nullptr);
    }
    if (sharded()) {
      ReleaseShards(parts);
    } else {
      for (int i = 0; i < parts->cnt; ++i) {
        auto it = parts_.find({parts->elems[i].topic, parts->elems[i].partition});
        if (it != parts_.end()) it->second.high_watermark = -2;
      }
    }
  }
  if (parts != list) rd_kafka_topic_partition_list_destroy(parts);
  Publish();
}

bool Ingestor::cooperative() const {
  return std::string_view(rd_kafka_rebalance_protocol(consumer_.get())) == "COOPERATIVE";
}

Status Ingestor::Assign(rd_kafka_topic_partition_list_t* list) {
  rd_kafka_topic_partition_list_t* to_assign = rd_kafka_topic_partition_list_new(list->cnt);
  Status s = PrepareAssignment(list, to_assign);
  rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR_NO_ERROR;
  if (options_.use_group && cooperative()) {
    rd_kafka_error_t* e = rd_kafka_incremental_assign(consumer_.get(), to_assign);
    if (e) {
      err = rd_kafka_error_code(e);
      rd_kafka_error_destroy(e);
    }
  } else {
    err = rd_kafka_assign(consumer_.get(), to_assign);
  }
  if (to_assign->cnt > 0) spdlog::info("ingest: assigned {} partition(s), seeking to stored offsets", to_assign->cnt);
  rd_kafka_topic_partition_list_destroy(to_assign);
  if (!s.ok()) return s;
  if (err) return Status::Unavailable(std::string("assign: ") + rd_kafka_err2str(err));
  return Status::Ok();
}

Status Ingestor::PrepareAssignment(rd_kafka_topic_partition_list_t* list,
                                   rd_kafka_topic_partition_list_t* to_assign) {
  Status result;
  for (int i = 0; i < list->cnt; ++i) {
    const auto& e = list->elems[i];
    Shard* shard = &shards_.begin()->second;
    if (sharded()) {
      Status s = OpenShard(e.partition, &shard);
      if (!s.ok()) {
        // not consumed: the instance stays not ready
        SetBlocked("the store of partition " + std::to_string(e.partition) + " cannot be used (see the log)",
                   s.message());
        continue;
      }
    }
    PartitionState& ps = parts_[{e.topic, e.partition}];
    ps.shard = sharded() ? e.partition : 0;
    std::string v;
    Status s = shard->store->Live().Get(keys::Offset(e.topic, e.partition), &v);
    if (s.ok()) {
      ps.committed_offset = std::stoll(v);
    } else if (s.code() == Status::Code::kNotFound) {
      ps.committed_offset = 0;
    } else {
      result = s;
      continue;
    }
    if (sharded()) {
      std::string c;
      if (shard->store->Live().Get(keys::Counters(e.topic, e.partition), &c).ok()) ps.committed.Decode(c);
    }
    ps.pending_offset = ps.committed_offset;
    ps.pending = ps.committed;
    ps.in_batch = false;
    ps.blocked = false;
    ps.caught_up = false;
    ps.caught_up_at = -1;
    int64_t lo = -1, hi = -1;
    rd_kafka_resp_err_t err = rd_kafka_query_watermark_offsets(consumer_.get(), e.topic, e.partition, &lo, &hi, 3000);
    if (!err) {
      ps.high_watermark = hi;
      ps.caught_up_at = hi;
      if (ps.committed_offset < lo) {
        ps.blocked = true;
        SetBlocked("GAP in " + std::string(e.topic) + "/" + std::to_string(e.partition) +
                       ": events were deleted before they were folded. Not consuming this partition.",
                   "the next offset to fold is " + std::to_string(ps.committed_offset) +
                       " but the log starts at " + std::to_string(lo));
      } else if (ps.committed_offset > hi) {
        ps.blocked = true;
        SetBlocked("partition " + std::string(e.topic) + "/" + std::to_string(e.partition) +
                       ": the brokers do not hold the log this data dir was built from. Not consuming it.",
                   "it ends at offset " + std::to_string(hi) + " but this data dir has folded up to " +
                       std::to_string(ps.committed_offset));
      }
    } else {
      ps.high_watermark = -1;
      spdlog::warn("ingest: cannot read watermarks of {}/{}: {}", e.topic, e.partition, rd_kafka_err2str(err));
    }
    if (!ps.blocked) {
      auto* a = rd_kafka_topic_partition_list_add(to_assign, e.topic, e.partition);
      a->offset = ps.committed_offset;
    }
  }
  return result;
}

Status Ingestor::AssignAll() {
  const rd_kafka_metadata_t* md = nullptr;
  rd_kafka_resp_err_t err = rd_kafka_metadata(consumer_.get(), 1, nullptr, &md, 15000);
  if (err) return Status::Unavailable(std::string("reading topic metadata: ") + rd_kafka_err2str(err));
  rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(64);
  for (const auto& t : inputs_) {
    bool found = false;
    for (int i = 0; i < md->topic_cnt; ++i) {
      if (t != md->topics[i].topic || md->topics[i].err) continue;
      found = true;
      for (int p = 0; p < md->topics[i].partition_cnt; ++p)
        rd_kafka_topic_partition_list_add(list, t.c_str(), md->topics[i].partitions[p].id);
    }
    if (!found) spdlog::warn("ingest: topic {} does not exist (yet)", t);
  }
  rd_kafka_metadata_destroy(md);
  Status s = Assign(list);
  rd_kafka_topic_partition_list_destroy(list);
  return s;
}

namespace {

// A row of the global view: only the projection families an owner publishes,
// each value decodable as its record.
bool ValidRow(std::string_view key, std::string_view value) {
  if (key.rfind(keys::kMinutePrefix, 0) == 0) return MinuteState().Decode(value);
  if (key.rfind(keys::kDayPrefix, 0) == 0) return DayCounts().Decode(value);
  if (key.rfind(keys::kQuarterFamily, 0) == 0) return ServiceQuarter().Decode(value);
  return false;
}

// The rows an owner publishes: everything derived from its partitions.
constexpr std::string_view kPublishedFamilies[] = {keys::kMinutePrefix, keys::kDayPrefix, keys::kQuarterFamily};
bool PublishedRow(std::string_view key) {
  for (std::string_view family : kPublishedFamilies)
    if (key.rfind(family, 0) == 0) return true;
  return false;
}

// Writes into the batch and keeps a copy of the rows to publish.
class TeeWriter : public KvWriter {
 public:
  TeeWriter(KvWriter* batch, std::vector<std::pair<std::string, std::string>>* rows) : batch_(batch), rows_(rows) {}
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

KafkaHeaders Ingestor::RowHeaders(const Shard& sh) {
  return {{std::string(kRowPartitionHeader), std::to_string(sh.id)},
          {std::string(kRowEpochHeader), std::to_string(sh.epoch)}};
}

size_t Ingestor::batch_touched() const {
  size_t n = 0;
  for (const auto& [id, sh] : shards_) n += sh.fold->touched() + sh.rows.size();
  return n;
}

bool Ingestor::AdmitRow(rd_kafka_message_t* msg) {
  rd_kafka_headers_t* hdrs = nullptr;
  if (rd_kafka_message_headers(msg, &hdrs) != RD_KAFKA_RESP_ERR_NO_ERROR) return true;  // unfenced publisher
  auto number = [hdrs](std::string_view name, int64_t* out) {
    const void* v = nullptr;
    size_t n = 0;
    if (rd_kafka_header_get_last(hdrs, std::string(name).c_str(), &v, &n) != RD_KAFKA_RESP_ERR_NO_ERROR) return false;
    try {
      *out = std::stoll(std::string(static_cast<const char*>(v), n));
    } catch (const std::exception&) {
      return false;
    }
    return true;
  };
  int64_t p = 0, epoch = 0;
  if (!number(kRowPartitionHeader, &p) || !number(kRowEpochHeader, &epoch)) return true;
  std::string service;
  int32_t first = 0;
  size_t known = fence_.conflicts();
  if (keys::RowService(std::string_view(static_cast<const char*>(msg->key), msg->key_len), &service) &&
      !fence_.NoteOrigin(service, int32_t(p), &first) && fence_.conflicts() > known)
    spdlog::critical("ingest: co-partitioning broken: rows of service '{}' come from partitions {} and {}. Its "
                     "events are on different partitions of the inputs (producers that do not share one "
                     "partitioner?), so its figures are split between owners and wrong",
                     service, first, p);
  return fence_.Admit(int32_t(p), epoch);
}

void Ingestor::HandleMessage(rd_kafka_message_t* msg) {
  if (msg->err) {
    if (msg->err != RD_KAFKA_RESP_ERR__PARTITION_EOF)
      spdlog::warn("ingest: consumer error: {}", rd_kafka_message_errstr(msg));
    return;
  }
  const char* topic = rd_kafka_topic_name(msg->rkt);
  auto it = parts_.find({topic, msg->partition});
  if (it == parts_.end() || it->second.blocked) return;
  PartitionState& ps = it->second;
  if (msg->offset < ps.pending_offset) return;  // already part of this or an earlier batch
  Shard& shard = shards_.at(ps.shard);
  std::string_view value(static_cast<const char*>(msg->payload), msg->payload ? msg->len : 0);
  std::string_view key(static_cast<const char*>(msg->key), msg->key ? msg->key_len : 0);

  if (!options_.row_topic.empty() && options_.row_topic == topic) {
    // A projection row of another instance: the latest value of a key wins
    // (one key always travels on one partition, so offsets order it), unless
    // its owner has been fenced off. Claims only number the owners.
    if (key.rfind(kClaimKeyPrefix, 0) == 0) {
      // nothing to apply: the claim's offset is already the epoch in its owner's rows
    } else if (!ValidRow(key, value)) {
      spdlog::error("ingest: ignoring a malformed row on {} at {}/{}", topic, msg->partition, msg->offset);
    } else if (!AdmitRow(msg)) {
      spdlog::warn("ingest: dropping a row of a fenced-off owner on {} at {}/{}", topic, msg->partition, msg->offset);
    } else {
      shard.rows[std::string(key)] = std::string(value);
    }
  } else {
    static thread_local EventDecoder decoder;
    Event event;
    DecodeError derr;
    bool ok;
    if (!msg->payload) {
      ok = false;
      derr.reason = "message has no value";
      derr.category = "invalid_json";
    } else {
      ok = decoder.Decode(value, &event, &derr);
    }
    if (ok && options_.route_check) {
      derr.reason = options_.route_check(event, key);
      if (!derr.reason.empty()) {
        ok = false;
        derr.category = "invalid_value";
      }
    }
    if (ok) {
      rd_kafka_timestamp_type_t tstype;
      int64_t log_time = rd_kafka_message_timestamp(msg, &tstype);
      if (log_time < 0) log_time = event.occurred_at;
      FoldOutcome outcome;
      LogPosition first;
      Status s = shard.fold->Apply(event, log_time, &outcome, LogPosition{topic, msg->partition, msg->offset}, &first);
      if (!s.ok()) {
        AbortBatch("projection store read failed", s.message());
        return;
      }
      if (outcome == FoldOutcome::kDuplicate) {
        ++ps.pending.duplicates;
      } else if (outcome == FoldOutcome::kConflict) {
        ++ps.pending.id_conflicts;
        spdlog::critical("ingest: id conflict: event_id '{}' at {}/{}@{} has other content than the copy folded "
                         "from {} (same window of log time). The first copy counts, this one changes nothing; a "
                         "producer reuses ids",
                         event.event_id, topic, msg->partition, msg->offset, first.ToString());
      } else {
        ++ps.pending.folded;
        ++ps.pending.folded_by_type[size_t(event.type)];
      }
    } else {
      dead_.push_back({std::string(value), std::string(key), derr.reason, topic, msg->partition, msg->offset});
      ++ps.pending.rejected;
      ++ps.pending.rejected_by_category[RejectCategoryIndex(derr.category)];
    }
  }
  shard.dirty = true;
  ps.pending_offset = msg->offset + 1;
  ps.in_batch = true;
  ++batch_messages_;
}

Status Ingestor::CommitBatch() {
  if (batch_messages_ == 0) return Status::Ok();
  auto started = std::chrono::steady_clock::now();
  // A member whose session expired (e.g. it was stalled) must not publish:
  // the new owners' rows are newer. librdkafka notices expiry on its own timer.
  if (sharded() && options_.use_group && rd_kafka_assignment_lost(consumer_.get())) {
    DropBatch();
    return Status::Unavailable("partition assignment lost; waiting for the group");
  }
  if (!dead_.empty() && options_.produce_dead_letters) {
    std::vector<bool> dropped;
    Status s = sink_->Deliver(dead_, &dropped);
    if (!s.ok()) {
      AbortBatch("dead-letter topic " + options_.topics.deadletter() +
                     " unavailable, not advancing past rejected events",
                 s.message());
      return s;
    }
    for (size_t i = 0; i < dead_.size(); ++i)
      if (dropped[i]) ++parts_.at({dead_[i].topic, dead_[i].partition}).pending.deadletters_dropped;
  }
  // One WriteBatch per shard: each is atomic with its own offsets.
  std::vector<std::pair<int32_t, std::unique_ptr<KvBatch>>> batches;
  std::vector<std::pair<const Shard*, std::vector<std::pair<std::string, std::string>>>> publish;
  for (auto& [id, sh] : shards_) {
    if (!sh.dirty) continue;
    std::unique_ptr<KvBatch> wb = sh.store->NewBatch();
    publish.emplace_back(&sh, std::vector<std::pair<std::string, std::string>>());
    TeeWriter w(wb.get(), options_.row_producer && sh.serving ? &publish.back().second : nullptr);
    sh.fold->Flush(&w);
    for (const auto& [k, v] : sh.rows) w.Put(k, v);
    sh.rows.clear();
    if (!options_.row_topic.empty()) fence_.Flush(&w);  // the view has one shard: the fences go with its rows
    for (auto& [tp, ps] : parts_) {
      if (!ps.in_batch || ps.shard != id) continue;
      w.Put(keys::Offset(tp.first, tp.second), EncodeOffset(ps.pending_offset));
      w.Put(keys::Counters(tp.first, tp.second), ps.pending.Encode());
    }
    batches.emplace_back(id, std::move(wb));
  }
  // Published before they are committed (like dead letters): a crash in
  // between republishes the same values, which is harmless for latest-wins rows.
  size_t rows = 0;
  for (const auto& [sh, r] : publish) rows += r.size();
  if (rows > 0) {
    Status s;
    for (const auto& [sh, r] : publish) {
      KafkaHeaders h = RowHeaders(*sh);
      for (const auto& [k, v] : r) {
        s = options_.row_producer->Send(options_.row_publish_topic, k, v, h);
        if (!s.ok()) break;
      }
      if (!s.ok()) break;
    }
    if (s.ok()) s = options_.row_producer->Flush(10000);
    if (!s.ok()) {
      AbortBatch("cannot publish aggregates to " + options_.row_publish_topic, s.message());
      return s;
    }
  }
  rd_kafka_topic_partition_list_t* commit = rd_kafka_topic_partition_list_new(4);
  for (auto& [id, wb] : batches) {
    Shard& sh = shards_.at(id);
    Status s = sh.store->Write(wb.get(), options_.sync_writes);
    if (!s.ok()) {
      rd_kafka_topic_partition_list_destroy(commit);
      // Shards written before this one stay committed.
      AbortBatch(s.message().find("No space left") != std::string::npos
                     ? "projection store write failed: No space left on the data dir's device (it resumes when "
                       "there is room)"
                     : "projection store write failed",
                 s.message());
      return s;
    }
    sh.dirty = false;
    for (auto& [tp, ps] : parts_) {
      if (!ps.in_batch || ps.shard != id) continue;
      ps.committed = ps.pending;
      ps.committed_offset = ps.pending_offset;
      ps.in_batch = false;
      rd_kafka_topic_partition_list_add(commit, tp.first.c_str(), tp.second)->offset = ps.committed_offset;
    }
  }
  // Informational only: the offsets that count are the ones just written.
  if (options_.use_group) rd_kafka_commit(consumer_.get(), commit, 1);
  rd_kafka_topic_partition_list_destroy(commit);
  BatchReport report{batch_messages_, std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count()};
  dead_.clear();
  batch_messages_ = 0;
  error_.clear();
  if (observer_) observer_(report);
  if (options_.on_commit) options_.on_commit();
  return Status::Ok();
}

// A shard whose partitions have all caught up publishes every row it holds
// once; from then on it publishes each change (see CommitBatch).
Status Ingestor::PublishShardSnapshots() {
  if (!options_.row_producer) return Status::Ok();
  for (auto& [id, sh] : shards_) {
    if (sh.serving) continue;
    bool ready = true;
    for (const auto& [tp, ps] : parts_)
      if (ps.shard == id && (!ps.caught_up || ps.in_batch)) ready = false;
    if (!ready) continue;
    // Claim first: its offset is an epoch above every earlier owner's.
    Status s = options_.row_producer->SendAndWait(options_.row_publish_topic, std::string(kClaimKeyPrefix) +
                                                  std::to_string(id), "", 30000, &sh.epoch);
    size_t n = 0;
    KafkaHeaders h = RowHeaders(sh);
    for (std::string_view family : kPublishedFamilies) {
      if (!s.ok()) break;
      Status scan = sh.store->Live().Scan(family, PrefixEnd(family), [&](std::string_view k, std::string_view v) {
        s = options_.row_producer->Send(options_.row_publish_topic, k, v, h);
        ++n;
        return s.ok();
      });
      if (s.ok()) s = scan;
    }
    if (s.ok()) s = options_.row_producer->Flush(30000);
    if (!s.ok()) return s.WithContext("cannot publish partition " + std::to_string(id));
    sh.serving = true;
    spdlog::info("ingest: partition {} rebuilt and serving ({} rows published, epoch {})", id, n, sh.epoch);
  }
  return Status::Ok();
}

void Ingestor::DropBatch() {
  fence_.Discard();
  for (auto& [id, sh] : shards_) {
    sh.fold->Discard();
    sh.rows.clear();
    sh.dirty = false;
  }
  dead_.clear();
  // Callers seek back (AbortBatch) or give the partitions up (a lost
  // assignment, which is always the whole assignment).
  for (auto& [tp, ps] : parts_) {
    if (!ps.in_batch) continue;
    ps.pending = ps.committed;
    ps.pending_offset = ps.committed_offset;
    ps.in_batch = false;
  }
  batch_messages_ = 0;
}

void Ingestor::SetBlocked(std::string reason, std::string detail) {
  spdlog::critical("ingest: {} ({})", reason, detail);
  blocked_ = {std::move(reason), std::move(detail)};
}

void Ingestor::AbortBatch(const std::string& reason, const std::string& detail) {
  // Back to the stored offsets: the same messages are fetched and folded again.
  rd_kafka_topic_partition_list_t* seek = rd_kafka_topic_partition_list_new(4);
  for (auto& [tp, ps] : parts_)
    if (ps.in_batch) rd_kafka_topic_partition_list_add(seek, tp.first.c_str(), tp.second)->offset = ps.committed_offset;
  DropBatch();
  if (seek->cnt > 0) {
    rd_kafka_error_t* e = rd_kafka_seek_partitions(consumer_.get(), seek, 5000);
    if (e) {
      spdlog::error("ingest: seek back failed: {}", rd_kafka_error_string(e));
      rd_kafka_error_destroy(e);
    }
  }
  rd_kafka_topic_partition_list_destroy(seek);
  error_ = {reason, detail};
  spdlog::error("ingest: batch discarded, offsets not advanced: {}: {}", reason, detail);
  RefreshWatermarks();
  Publish();
  // Back off before retrying the same messages.
  for (int i = 0; i < 20 && !stop_; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
}

void Ingestor::RefreshWatermarks() {
  for (auto& [tp, ps] : parts_) {
    if (ps.high_watermark == -2 || ps.blocked) continue;
    int64_t lo = -1, hi = -1;
    if (!rd_kafka_get_watermark_offsets(consumer_.get(), tp.first.c_str(), tp.second, &lo, &hi) && hi >= 0)
      ps.high_watermark = hi;
  }
}

void Ingestor::Publish() {
  auto snap = std::make_shared<IngestSnapshot>();
  snap->published_ms = NowMs();
  snap->copartition_conflicts = int64_t(fence_.conflicts());
  bool any_assigned = false, all_known = true;
  std::set<int32_t> behind;  // partitions (shards) not yet caught up since assignment
  int64_t behind_lag = 0;
  for (auto& [tp, ps] : parts_) {
    snap->events_folded += ps.committed.folded;
    snap->events_rejected += ps.committed.rejected;
    snap->duplicates += ps.committed.duplicates;
    snap->id_conflicts += ps.committed.id_conflicts;
    snap->deadletters_dropped += ps.committed.deadletters_dropped;
    for (int t = 0; t < kEventTypeCount; ++t) snap->folded_by_type[t] += ps.committed.folded_by_type[t];
    for (size_t c = 0; c < kRejectCategories.size(); ++c)
      snap->rejected_by_category[c] += ps.committed.rejected_by_category[c];
    if (ps.high_watermark == -2) continue;  // not assigned to this instance
    any_assigned = true;
    if (ps.high_watermark < 0) all_known = false;
    // Caught up = folded up to where the log ended when it was assigned.
    if (ps.caught_up_at < 0 && ps.high_watermark >= 0) ps.caught_up_at = ps.high_watermark;
    if (!ps.caught_up && ps.caught_up_at >= 0 && ps.committed_offset >= ps.caught_up_at) ps.caught_up = true;
    if (!ps.caught_up && !ps.blocked) {
      behind.insert(tp.second);
      behind_lag += std::max<int64_t>(0, ps.caught_up_at - ps.committed_offset);
    }
    PartitionProgress p;
    p.topic = tp.first;
    p.partition = tp.second;
    p.offset = ps.committed_offset;
    p.high_watermark = ps.high_watermark;
    snap->partitions.push_back(p);
  }
  bool all_serving = true;
  for (const auto& [id, sh] : shards_) all_serving &= sh.serving;
  const Problem& problem = !blocked_.empty() ? blocked_ : !error_.empty() ? error_ : snapshot_error_;
  if (!problem.empty()) {
    snap->ready = false;
    snap->not_ready_reason = problem.reason;
    snap->not_ready_detail = problem.detail;
  } else if (!any_assigned && !(sharded() && assignment_received_)) {
    // (Scale-out: an instance the group gave nothing still answers every read.)
    snap->ready = false;
    snap->not_ready_reason = "waiting for partition assignment";
  } else if (!behind.empty() || !all_known) {
    snap->ready = false;
    std::string list;
    for (int32_t p : behind) list += (list.empty() ? "" : ",") + std::to_string(p);
    snap->not_ready_reason = sharded() ? "rebuilding partition(s) " + list + " from the log (lag " +
                                             std::to_string(behind_lag) + ")"
                                       : "catching up with the log (lag " + std::to_string(snap->lag()) + ")";
  } else if (!all_serving) {
    snap->ready = false;
    snap->not_ready_reason = "publishing rebuilt partitions to " + options_.row_publish_topic;
  } else if (NowMs() - last_watermark_ok_ms_ > 15000 && last_watermark_ok_ms_ > 0) {
    snap->ready = false;
    snap->not_ready_reason = "Kafka brokers unreachable";
  } else {
    snap->ready = true;
    snap->not_ready_reason.clear();
  }
  board_->Publish(std::move(snap));
}

void Ingestor::PublishSnapshotsIfDue() {
  if (!sharded() || batch_messages_ > 0) return;
  bool due = false;
  for (const auto& [id, sh] : shards_) due |= !sh.serving;
  if (!due) {
    snapshot_error_.clear();  // (a partition that failed to publish may have been revoked since)
    return;
  }
  Status s = PublishShardSnapshots();
  snapshot_error_.clear();
  if (!s.ok()) {
    snapshot_error_ = {"cannot publish rebuilt partitions to " + options_.row_publish_topic, s.message()};
    spdlog::error("ingest: {}: {}", snapshot_error_.reason, snapshot_error_.detail);
  }
  Publish();
}

void Ingestor::Run() {
  auto batch_start = std::chrono::steady_clock::now();
  int64_t last_check = 0;
  last_watermark_ok_ms_ = NowMs();
  while (!stop_) {
    rd_kafka_message_t* msg = rd_kafka_consumer_poll(consumer_.get(), batch_messages_ ? 5 : 100);
    bool got_message = msg && !msg->err;
    if (msg) {
      if (got_message) last_watermark_ok_ms_ = NowMs();
      if (batch_messages_ == 0) batch_start = std::chrono::steady_clock::now();
      HandleMessage(msg);
      rd_kafka_message_destroy(msg);
    }
    bool full = batch_messages_ >= options_.max_batch || batch_touched() > 4 * options_.max_batch;
    bool old = batch_messages_ > 0 &&
               std::chrono::steady_clock::now() - batch_start > std::chrono::milliseconds(options_.max_batch_ms);
    if (full || old || (!got_message && batch_messages_ > 0)) {
      CommitBatch();
      RefreshWatermarks();
      Publish();
      PublishSnapshotsIfDue();
    }
    // Whenever no data flows (idle, or only errors arrive), check every 2 s
    // that the brokers still answer, so /readyz can say when they do not.
    int64_t now = NowMs();
    if (!got_message && now - last_check > 2000) {
      last_check = now;
      RefreshWatermarks();
      for (auto& [tp, ps] : parts_) {
        if (ps.high_watermark == -2 || ps.blocked) continue;
        int64_t lo, hi;
        if (!rd_kafka_query_watermark_offsets(consumer_.get(), tp.first.c_str(), tp.second, &lo, &hi, 1000)) {
          ps.high_watermark = hi;
          last_watermark_ok_ms_ = NowMs();
        }
        break;  // one partition is enough to know the brokers answer
      }
      Publish();
      PublishSnapshotsIfDue();
    }
  }
  if (batch_messages_ > 0) CommitBatch();
}

}  // namespace followup
