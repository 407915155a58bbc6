#include "ingest/log_checks.h"

#include "store/meta.h"

namespace followup {

Status CheckLogIdentity(KvStore* store, const std::string& identity) {
  std::string stored;
  Status s = GetMeta(store->Live(), "log_identity", &stored);
  if (s.ok()) {
    if (stored != identity)
      return Status::Conflict("this data dir belongs to the log '" + stored + "', but the brokers serve '" +
                              identity +
                              "'. Refusing to mix logs: point --brokers at the original cluster, or "
                              "use an empty --data-dir (the embedded broker is a new, empty log at "
                              "every start)");
    return Status::Ok();
  }
  if (s.code() != Status::Code::kNotFound) return s;
  if (!HoldsNoOffsets(store->Live()))
    return Status::Conflict("data dir has offsets but no log identity; rebuild it with `followup replay`");
  return PutMeta(store, "log_identity", identity);
}

Problem CheckPosition(const std::string& topic, int32_t partition, int64_t next, int64_t start, int64_t end) {
  if (next < start)
    return {"GAP in " + topic + "/" + std::to_string(partition) +
                ": events were deleted before they were folded. Not consuming this partition.",
            "the next offset to fold is " + std::to_string(next) + " but the log starts at " +
                std::to_string(start)};
  if (next > end)
    return {"partition " + topic + "/" + std::to_string(partition) +
                ": the brokers do not hold the log this data dir was built from. Not consuming it.",
            "it ends at offset " + std::to_string(end) + " but this data dir has folded up to " +
                std::to_string(next)};
  return {};
}

Status CheckCopartitioned(const std::map<std::string, int>& partition_counts,
                          const std::vector<std::string>& inputs, const std::string& row_publish_topic) {
  std::vector<std::string> need = inputs;
  if (!row_publish_topic.empty()) need.push_back(row_publish_topic);
  std::string problem, counts;
  int expected = -1;
  for (const auto& t : need) {
    auto it = partition_counts.find(t);
    if (it == partition_counts.end()) {
      problem = "topic " + t + " does not exist; scale-out needs it created beforehand";
      break;
    }
    const int n = it->second;
    if (t == row_publish_topic) continue;
    counts += (counts.empty() ? "" : ", ") + t + ": " + std::to_string(n);
    if (expected < 0)
      expected = n;
    else if (n != expected)
      problem = "co-partitioning";
  }
  if (problem == "co-partitioning")
    return Status::Conflict(
        "scale-out needs co-partitioned inputs (equal partition counts, keyed by service_id), "
        "but the partition counts differ (" +
        counts + "). Recreate the topics with one partition count; it cannot change without a new log");
  if (!problem.empty()) return Status::Conflict(problem);
  return Status::Ok();
}

}  // namespace followup
