#include "ingest/ingestor.h"

#include <spdlog/spdlog.h>

#include <chrono>

#include "events/decoder.h"
#include "projections/keys.h"

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
  rd_kafka_conf_t* conf = nullptr;
  Status s = MakeKafkaConf(cs, &conf);
  if (!s.ok()) return s;
  rd_kafka_conf_set_rebalance_cb(conf, &Ingestor::RebalanceTrampoline);
  rd_kafka_conf_set_opaque(conf, this);
  s = MakeKafkaClient(RD_KAFKA_CONSUMER, conf, &consumer_);
  if (!s.ok()) return s;
  rd_kafka_poll_set_consumer(consumer_.get());

  s = Producer::Create(ProducerSettings(options_.kafka), &deadletters_);
  if (!s.ok()) return s;

  // A data dir belongs to one log: refuse a broker that is not that log.
  std::string identity = options_.log_identity;
  if (identity.empty()) {
    char* id = rd_kafka_clusterid(consumer_.get(), 15000);
    if (!id) return Status::Unavailable("cannot reach the Kafka brokers to read the cluster id (" +
                                        options_.kafka["bootstrap.servers"] + ")");
    identity = std::string("kafka-cluster:") + id;
    rd_kafka_mem_free(consumer_.get(), id);
  }
  std::string stored;
  s = store_->GetMeta("log_identity", &stored);
  if (s.ok()) {
    if (stored != identity)
      return Status::Conflict("this data dir belongs to the log '" + stored +
                              "', but the brokers serve '" + identity +
                              "'. Refusing to mix logs: point --brokers at the original cluster, or "
                              "use an empty --data-dir (the embedded broker is a new, empty log at "
                              "every start)");
  } else if (s.code() == Status::Code::kNotFound) {
    if (!store_->Empty())
      return Status::Conflict("data dir has offsets but no log identity; rebuild it with `followup replay`");
    s = store_->PutMeta("log_identity", identity);
    if (!s.ok()) return s;
  } else {
    return s;
  }

  // Load counters of every partition ever folded: totals cover the whole log.
  store_->Live().Scan(keys::kCountersPrefix, PrefixEnd(keys::kCountersPrefix),
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

  fold_ = std::make_unique<Fold>(&store_->Live(), options_.fold);
  if (!options_.use_group) {
    s = AssignAll();
    if (!s.ok()) return s;
    Publish();
    thread_ = std::thread([this] { Run(); });
    return Status::Ok();
  }
  rd_kafka_topic_partition_list_t* topics = rd_kafka_topic_partition_list_new(6);
  for (const auto& t : options_.topics.inputs())
    rd_kafka_topic_partition_list_add(topics, t.c_str(), RD_KAFKA_PARTITION_UA);
  rd_kafka_resp_err_t err = rd_kafka_subscribe(consumer_.get(), topics);
  rd_kafka_topic_partition_list_destroy(topics);
  if (err) return Status::Unavailable(std::string("subscribe: ") + rd_kafka_err2str(err));
  spdlog::info("ingest: subscribed to {} topics as group '{}', log '{}'",
               options_.topics.inputs().size(), options_.group_id, identity);
  Publish();
  thread_ = std::thread([this] { Run(); });
  return Status::Ok();
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
  if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
    Status s = Assign(list);
    if (!s.ok()) {
      error_ = s.message();
      spdlog::error("ingest: {}", error_);
    }
  } else {
    // Finish the open batch first: its state and offsets belong together.
    if (batch_messages_ > 0) CommitBatch();
    for (int i = 0; i < list->cnt; ++i) {
      auto it = parts_.find({list->elems[i].topic, list->elems[i].partition});
      if (it != parts_.end()) it->second.high_watermark = -2;
    }
    rd_kafka_assign(consumer_.get(), nullptr);
  }
  Publish();
}

Status Ingestor::Assign(rd_kafka_topic_partition_list_t* list) {
  rd_kafka_topic_partition_list_t* to_assign = rd_kafka_topic_partition_list_new(list->cnt);
  for (int i = 0; i < list->cnt; ++i) {
    const auto& e = list->elems[i];
    PartitionState& ps = parts_[{e.topic, e.partition}];
    std::string v;
    Status s = store_->Live().Get(keys::Offset(e.topic, e.partition), &v);
    if (s.ok()) {
      ps.committed_offset = std::stoll(v);
    } else if (s.code() == Status::Code::kNotFound) {
      ps.committed_offset = 0;
    } else {
      rd_kafka_topic_partition_list_destroy(to_assign);
      return s;
    }
    ps.pending_offset = ps.committed_offset;
    ps.pending = ps.committed;
    ps.in_batch = false;
    ps.blocked = false;
    int64_t lo = -1, hi = -1;
    rd_kafka_resp_err_t err = rd_kafka_query_watermark_offsets(consumer_.get(), e.topic, e.partition, &lo, &hi, 3000);
    if (!err) {
      ps.high_watermark = hi;
      if (ps.committed_offset < lo) {
        ps.blocked = true;
        error_ = "GAP in " + std::string(e.topic) + "/" + std::to_string(e.partition) +
                 ": the next offset to fold is " + std::to_string(ps.committed_offset) +
                 " but the log starts at " + std::to_string(lo) +
                 "; events were deleted before they were folded. Not consuming this partition.";
        spdlog::critical("ingest: {}", error_);
      } else if (ps.committed_offset > hi) {
        ps.blocked = true;
        error_ = "partition " + std::string(e.topic) + "/" + std::to_string(e.partition) +
                 " ends at offset " + std::to_string(hi) + " but this data dir has folded up to " +
                 std::to_string(ps.committed_offset) +
                 ": the brokers do not hold the log this data dir was built from. Not consuming it.";
        spdlog::critical("ingest: {}", error_);
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
  rd_kafka_resp_err_t err = rd_kafka_assign(consumer_.get(), to_assign);
  spdlog::info("ingest: assigned {} partition(s), seeking to stored offsets", to_assign->cnt);
  rd_kafka_topic_partition_list_destroy(to_assign);
  if (err) return Status::Unavailable(std::string("assign: ") + rd_kafka_err2str(err));
  return Status::Ok();
}

Status Ingestor::AssignAll() {
  const rd_kafka_metadata_t* md = nullptr;
  rd_kafka_resp_err_t err = rd_kafka_metadata(consumer_.get(), 1, nullptr, &md, 15000);
  if (err) return Status::Unavailable(std::string("reading topic metadata: ") + rd_kafka_err2str(err));
  rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(64);
  for (const auto& t : options_.topics.inputs()) {
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

  static thread_local EventDecoder decoder;
  Event event;
  DecodeError derr;
  std::string_view value(static_cast<const char*>(msg->payload), msg->payload ? msg->len : 0);
  bool ok;
  if (!msg->payload) {
    ok = false;
    derr.reason = "message has no value";
    derr.category = "invalid_json";
  } else {
    ok = decoder.Decode(value, &event, &derr);
  }
  if (ok) {
    rd_kafka_timestamp_type_t tstype;
    int64_t log_time = rd_kafka_message_timestamp(msg, &tstype);
    if (log_time < 0) log_time = event.occurred_at;
    FoldOutcome outcome;
    Status s = fold_->Apply(event, log_time, &outcome);
    if (!s.ok()) {
      AbortBatch("projection store read failed: " + s.message());
      return;
    }
    if (outcome == FoldOutcome::kDuplicate) {
      ++ps.pending.duplicates;
    } else {
      ++ps.pending.folded;
      ++ps.pending.folded_by_type[size_t(event.type)];
    }
  } else {
    std::string key(static_cast<const char*>(msg->key), msg->key ? msg->key_len : 0);
    dead_.push_back({std::string(value), std::move(key), derr.reason, topic, msg->partition, msg->offset});
    ++ps.pending.rejected;
    ++ps.pending.rejected_by_category[RejectCategoryIndex(derr.category)];
  }
  ps.pending_offset = msg->offset + 1;
  ps.in_batch = true;
  ++batch_messages_;
}

Status Ingestor::CommitBatch() {
  if (batch_messages_ == 0) return Status::Ok();
  auto started = std::chrono::steady_clock::now();
  if (!dead_.empty() && options_.produce_dead_letters) {
    Status s;
    for (const auto& d : dead_) {
      s = deadletters_->Send(options_.topics.deadletter(), d.key, d.value,
                             {{"reason", d.reason}, {"topic", d.topic},
                              {"partition", std::to_string(d.partition)}, {"offset", std::to_string(d.offset)}});
      if (!s.ok()) break;
    }
    if (s.ok()) s = deadletters_->Flush(10000);
    if (!s.ok()) {
      AbortBatch("dead-letter topic unavailable, not advancing past rejected events: " + s.message());
      return s;
    }
  }
  rocksdb::WriteBatch wb;
  BatchWriter w(&wb);
  fold_->Flush(&w);
  for (auto& [tp, ps] : parts_) {
    if (!ps.in_batch) continue;
    w.Put(keys::Offset(tp.first, tp.second), EncodeOffset(ps.pending_offset));
    w.Put(keys::Counters(tp.first, tp.second), ps.pending.Encode());
  }
  Status s = store_->Write(&wb, options_.sync_writes);
  if (!s.ok()) {
    spdlog::error("ingest: {}", s.message());
    AbortBatch(s.message());
    return s;
  }
  rd_kafka_topic_partition_list_t* commit = rd_kafka_topic_partition_list_new(4);
  for (auto& [tp, ps] : parts_) {
    if (!ps.in_batch) continue;
    ps.committed = ps.pending;
    ps.committed_offset = ps.pending_offset;
    ps.in_batch = false;
    rd_kafka_topic_partition_list_add(commit, tp.first.c_str(), tp.second)->offset = ps.committed_offset;
  }
  // Informational only: the offsets that count are the ones just written.
  if (options_.use_group) rd_kafka_commit(consumer_.get(), commit, 1);
  rd_kafka_topic_partition_list_destroy(commit);
  BatchReport report{batch_messages_, std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count()};
  dead_.clear();
  batch_messages_ = 0;
  if (error_.rfind("GAP", 0) != 0 && error_.find("do not hold the log") == std::string::npos) error_.clear();
  if (observer_) observer_(report);
  if (options_.on_commit) options_.on_commit();
  return Status::Ok();
}

void Ingestor::AbortBatch(const std::string& why) {
  fold_->Discard();
  dead_.clear();
  rd_kafka_topic_partition_list_t* seek = rd_kafka_topic_partition_list_new(4);
  for (auto& [tp, ps] : parts_) {
    if (!ps.in_batch) continue;
    ps.pending = ps.committed;
    ps.pending_offset = ps.committed_offset;
    ps.in_batch = false;
    rd_kafka_topic_partition_list_add(seek, tp.first.c_str(), tp.second)->offset = ps.committed_offset;
  }
  if (seek->cnt > 0) {
    rd_kafka_error_t* e = rd_kafka_seek_partitions(consumer_.get(), seek, 5000);
    if (e) {
      spdlog::error("ingest: seek back failed: {}", rd_kafka_error_string(e));
      rd_kafka_error_destroy(e);
    }
  }
  rd_kafka_topic_partition_list_destroy(seek);
  batch_messages_ = 0;
  error_ = why;
  spdlog::error("ingest: batch discarded, offsets not advanced: {}", why);
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
  bool any_assigned = false, all_known = true;
  for (const auto& [tp, ps] : parts_) {
    snap->events_folded += ps.committed.folded;
    snap->events_rejected += ps.committed.rejected;
    snap->duplicates += ps.committed.duplicates;
    for (int t = 0; t < kEventTypeCount; ++t) snap->folded_by_type[t] += ps.committed.folded_by_type[t];
    for (size_t c = 0; c < kRejectCategories.size(); ++c)
      snap->rejected_by_category[c] += ps.committed.rejected_by_category[c];
    if (ps.high_watermark == -2) continue;  // not assigned to this instance
    any_assigned = true;
    if (ps.high_watermark < 0) all_known = false;
    PartitionProgress p;
    p.topic = tp.first;
    p.partition = tp.second;
    p.offset = ps.committed_offset;
    p.high_watermark = ps.high_watermark;
    snap->partitions.push_back(p);
  }
  if (error_.empty() && any_assigned && all_known && snap->lag() == 0) caught_up_once_ = true;
  if (!error_.empty()) {
    snap->ready = false;
    snap->not_ready_reason = error_;
  } else if (!any_assigned) {
    snap->ready = false;
    snap->not_ready_reason = "waiting for partition assignment";
  } else if (!caught_up_once_) {
    snap->ready = false;
    snap->not_ready_reason = "catching up with the log (lag " + std::to_string(snap->lag()) + ")";
  } else if (NowMs() - last_watermark_ok_ms_ > 15000 && last_watermark_ok_ms_ > 0) {
    snap->ready = false;
    snap->not_ready_reason = "Kafka brokers unreachable";
  } else {
    snap->ready = true;
    snap->not_ready_reason.clear();
  }
  board_->Publish(std::move(snap));
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
    bool full = batch_messages_ >= options_.max_batch || fold_->touched() > 4 * options_.max_batch;
    bool old = batch_messages_ > 0 &&
               std::chrono::steady_clock::now() - batch_start > std::chrono::milliseconds(options_.max_batch_ms);
    if (full || old || (!got_message && batch_messages_ > 0)) {
      CommitBatch();
      RefreshWatermarks();
      Publish();
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
    }
  }
  if (batch_messages_ > 0) CommitBatch();
}

}  // namespace followup
