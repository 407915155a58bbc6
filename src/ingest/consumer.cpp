#include "ingest/consumer.h"

#include <spdlog/spdlog.h>

#include "common/parse.h"
#include "ingest/row_fence.h"

namespace followup {
namespace {

struct ListDeleter {
  void operator()(rd_kafka_topic_partition_list_t* l) const { rd_kafka_topic_partition_list_destroy(l); }
};
using ListPtr = std::unique_ptr<rd_kafka_topic_partition_list_t, ListDeleter>;

ListPtr ToList(const PartitionOffsets& at) {
  ListPtr list(rd_kafka_topic_partition_list_new(int(at.size()) + 1));
  for (const auto& [tp, offset] : at)
    rd_kafka_topic_partition_list_add(list.get(), tp.first.c_str(), tp.second)->offset = offset;
  return list;
}

ListPtr ToList(const std::vector<TopicPartition>& parts) {
  ListPtr list(rd_kafka_topic_partition_list_new(int(parts.size()) + 1));
  for (const auto& tp : parts) rd_kafka_topic_partition_list_add(list.get(), tp.first.c_str(), tp.second);
  return list;
}

}  // namespace

Status Consumer::Create(const KafkaSettings& kafka, const std::string& group_id, bool cooperative,
                        RebalanceFn on_rebalance, std::unique_ptr<Consumer>* out) {
  KafkaSettings cs = kafka;
  cs["group.id"] = group_id;
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
  if (cooperative) cs.emplace("partition.assignment.strategy", "cooperative-sticky");
  rd_kafka_conf_t* conf = nullptr;
  Status s = MakeKafkaConf(cs, &conf);
  if (!s.ok()) return s;
  std::unique_ptr<Consumer> c(new Consumer());
  c->on_rebalance_ = std::move(on_rebalance);
  auto it = kafka.find("bootstrap.servers");
  c->bootstrap_ = it == kafka.end() ? "" : it->second;
  rd_kafka_conf_set_rebalance_cb(conf, &Consumer::RebalanceTrampoline);
  rd_kafka_conf_set_opaque(conf, c.get());
  s = MakeKafkaClient(RD_KAFKA_CONSUMER, conf, &c->rk_);
  if (!s.ok()) return s;
  rd_kafka_poll_set_consumer(c->rk_.get());
  *out = std::move(c);
  return Status::Ok();
}

Consumer::~Consumer() { Close(); }

void Consumer::Close() {
  if (!rk_ || closed_) return;
  closed_ = true;
  rd_kafka_consumer_close(rk_.get());
}

void Consumer::RebalanceTrampoline(rd_kafka_t*, rd_kafka_resp_err_t err,
                                   rd_kafka_topic_partition_list_t* list, void* opaque) {
  auto* self = static_cast<Consumer*>(opaque);
  std::vector<TopicPartition> parts;
  parts.reserve(static_cast<size_t>(list->cnt));
  for (int i = 0; i < list->cnt; ++i) parts.emplace_back(list->elems[i].topic, list->elems[i].partition);
  self->on_rebalance_(err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS, parts);
}

Status Consumer::ClusterIdentity(int timeout_ms, std::string* out) {
  char* id = rd_kafka_clusterid(rk_.get(), timeout_ms);
  if (!id)
    return Status::Unavailable("cannot reach the Kafka brokers to read the cluster id (" + bootstrap_ + ")");
  *out = std::string("kafka-cluster:") + id;
  rd_kafka_mem_free(rk_.get(), id);
  return Status::Ok();
}

Status Consumer::Partitions(int timeout_ms, std::map<std::string, std::vector<int32_t>>* out) {
  const rd_kafka_metadata_t* md = nullptr;
  rd_kafka_resp_err_t err = rd_kafka_metadata(rk_.get(), 1, nullptr, &md, timeout_ms);
  if (err) return Status::Unavailable(std::string("reading topic metadata: ") + rd_kafka_err2str(err));
  out->clear();
  for (int i = 0; i < md->topic_cnt; ++i) {
    if (md->topics[i].err) continue;
    std::vector<int32_t>& ids = (*out)[md->topics[i].topic];
    ids.clear();
    for (int p = 0; p < md->topics[i].partition_cnt; ++p) ids.push_back(md->topics[i].partitions[p].id);
  }
  rd_kafka_metadata_destroy(md);
  return Status::Ok();
}

std::unique_ptr<TopicMaxBytesQuery> Consumer::QueryTopicMaxBytes(const std::string& topic, int timeout_ms) {
  return std::make_unique<TopicMaxBytesQuery>(rk_.get(), topic, timeout_ms);
}

Status Consumer::Subscribe(const std::vector<std::string>& topics) {
  ListPtr list(rd_kafka_topic_partition_list_new(6));
  for (const auto& t : topics)
    rd_kafka_topic_partition_list_add(list.get(), t.c_str(), RD_KAFKA_PARTITION_UA);
  rd_kafka_resp_err_t err = rd_kafka_subscribe(rk_.get(), list.get());
  if (err) return Status::Unavailable(std::string("subscribe: ") + rd_kafka_err2str(err));
  return Status::Ok();
}

Status Consumer::Assign(const PartitionOffsets& at, bool incremental) {
  ListPtr list = ToList(at);
  rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR_NO_ERROR;
  if (incremental) {
    rd_kafka_error_t* e = rd_kafka_incremental_assign(rk_.get(), list.get());
    if (e) {
      err = rd_kafka_error_code(e);
      rd_kafka_error_destroy(e);
    }
  } else {
    err = rd_kafka_assign(rk_.get(), list.get());
  }
  if (err) return Status::Unavailable(std::string("assign: ") + rd_kafka_err2str(err));
  return Status::Ok();
}

void Consumer::Unassign(const std::vector<TopicPartition>& partitions) {
  if (Cooperative()) {
    ListPtr list = ToList(partitions);
    rd_kafka_error_t* e = rd_kafka_incremental_unassign(rk_.get(), list.get());
    if (e) {
      spdlog::error("ingest: unassign: {}", rd_kafka_error_string(e));
      rd_kafka_error_destroy(e);
    }
  } else {
    rd_kafka_assign(rk_.get(), nullptr);
  }
}

bool Consumer::Cooperative() const {
  return std::string_view(rd_kafka_rebalance_protocol(rk_.get())) == "COOPERATIVE";
}

bool Consumer::AssignmentLost() const { return rd_kafka_assignment_lost(rk_.get()); }

void Consumer::Seek(const PartitionOffsets& at) {
  if (at.empty()) return;
  ListPtr list = ToList(at);
  rd_kafka_error_t* e = rd_kafka_seek_partitions(rk_.get(), list.get(), 5000);
  if (e) {
    spdlog::error("ingest: seek back failed: {}", rd_kafka_error_string(e));
    rd_kafka_error_destroy(e);
  }
}

Status Consumer::QueryWatermarks(const TopicPartition& tp, int timeout_ms, int64_t* start, int64_t* end) {
  std::map<TopicPartition, std::pair<int64_t, int64_t>> range;
  Status s = QueryWatermarks(std::vector<TopicPartition>{tp}, timeout_ms, &range);
  if (!s.ok()) return s;
  auto it = range.find(tp);
  if (it == range.end())
    return Status::Unavailable("no offsets for " + tp.first + "/" + std::to_string(tp.second));
  *start = it->second.first;
  *end = it->second.second;
  return Status::Ok();
}

Status Consumer::QueryWatermarks(const std::vector<TopicPartition>& parts, int timeout_ms,
                                 std::map<TopicPartition, std::pair<int64_t, int64_t>>* out) {
  out->clear();
  if (parts.empty()) return Status::Ok();
  // ListOffsets with the special timestamps: earliest (-2) and latest (-1).
  ListPtr first = ToList(parts), last = ToList(parts);
  for (int i = 0; i < first->cnt; ++i) {
    first->elems[i].offset = RD_KAFKA_OFFSET_BEGINNING;
    last->elems[i].offset = RD_KAFKA_OFFSET_END;
  }
  rd_kafka_resp_err_t err = rd_kafka_offsets_for_times(rk_.get(), first.get(), timeout_ms);
  if (!err) err = rd_kafka_offsets_for_times(rk_.get(), last.get(), timeout_ms);
  if (err) return Status::Unavailable(rd_kafka_err2str(err));
  for (int i = 0; i < first->cnt; ++i) {
    const rd_kafka_topic_partition_t& a = first->elems[i];
    const rd_kafka_topic_partition_t& b = last->elems[i];
    if (a.err || b.err || a.offset < 0 || b.offset < 0) continue;
    (*out)[{a.topic, a.partition}] = {a.offset, b.offset};
  }
  return Status::Ok();
}

bool Consumer::CachedEnd(const TopicPartition& tp, int64_t* end) const {
  int64_t lo = -1, hi = -1;
  if (rd_kafka_get_watermark_offsets(rk_.get(), tp.first.c_str(), tp.second, &lo, &hi) || hi < 0)
    return false;
  *end = hi;
  return true;
}

void Consumer::CommitForInformation(const PartitionOffsets& offsets) {
  ListPtr list = ToList(offsets);
  rd_kafka_commit(rk_.get(), list.get(), 1);
}

Consumer::Polled Consumer::Poll(int timeout_ms, const std::function<void(const InputMessage&)>& on_message) {
  rd_kafka_message_t* msg = rd_kafka_consumer_poll(rk_.get(), timeout_ms);
  if (!msg) return Polled::kNothing;
  if (msg->err) {
    if (msg->err != RD_KAFKA_RESP_ERR__PARTITION_EOF)
      spdlog::warn("ingest: consumer error: {}", rd_kafka_message_errstr(msg));
    rd_kafka_message_destroy(msg);
    return Polled::kError;
  }
  InputMessage in;
  in.topic = rd_kafka_topic_name(msg->rkt);
  in.partition = msg->partition;
  in.offset = msg->offset;
  in.has_value = msg->payload != nullptr;
  in.value = std::string_view(static_cast<const char*>(msg->payload), msg->payload ? msg->len : 0);
  in.key = std::string_view(static_cast<const char*>(msg->key), msg->key ? msg->key_len : 0);
  rd_kafka_timestamp_type_t tstype;
  in.log_time = rd_kafka_message_timestamp(msg, &tstype);
  in.row_origin = [msg](int64_t* partition, int64_t* epoch) {
    rd_kafka_headers_t* hdrs = nullptr;
    if (rd_kafka_message_headers(msg, &hdrs) != RD_KAFKA_RESP_ERR_NO_ERROR) return false;
    auto number = [hdrs](std::string_view name, int64_t* out) {
      const void* v = nullptr;
      size_t n = 0;
      if (rd_kafka_header_get_last(hdrs, std::string(name).c_str(), &v, &n) != RD_KAFKA_RESP_ERR_NO_ERROR)
        return false;
      return ParseInteger(std::string_view(static_cast<const char*>(v), n), out);
    };
    return number(kRowPartitionHeader, partition) && number(kRowEpochHeader, epoch);
  };
  on_message(in);
  rd_kafka_message_destroy(msg);
  return Polled::kMessage;
}

}  // namespace followup
