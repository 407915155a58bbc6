#include "ingest/deadletters.h"

#include <spdlog/spdlog.h>

namespace followup {

bool PermanentRefusal(rd_kafka_resp_err_t err) {
  switch (err) {
    case RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE:
    case RD_KAFKA_RESP_ERR_INVALID_MSG_SIZE:
    case RD_KAFKA_RESP_ERR_RECORD_LIST_TOO_LARGE:
    case RD_KAFKA_RESP_ERR_INVALID_RECORD:
    case RD_KAFKA_RESP_ERR_INVALID_MSG:
    case RD_KAFKA_RESP_ERR__BAD_MSG:
      return true;
    default:
      return false;
  }
}

KafkaHeaders DeadLetterHeaders(const DeadLetter& d, size_t truncated_from) {
  KafkaHeaders h = {{"reason", d.reason},
                    {"topic", d.topic},
                    {"partition", std::to_string(d.partition)},
                    {"offset", std::to_string(d.offset)}};
  if (truncated_from > 0) h.emplace_back("truncated", std::to_string(truncated_from));
  return h;
}

Status DeadLetterSink::Deliver(const std::vector<DeadLetter>& letters, std::vector<bool>* dropped,
                               int timeout_ms) {
  dropped->assign(letters.size(), false);
  // Round 0: as they are. Round 1: the refused ones truncated. After that a
  // permanent refusal passes the letter over.
  std::vector<size_t> todo(letters.size());
  for (size_t i = 0; i < letters.size(); ++i) todo[i] = i;
  for (int round = 0; round < 2 && !todo.empty(); ++round) {
    std::vector<Producer::Message> msgs;
    for (size_t i : todo) {
      const DeadLetter& d = letters[i];
      bool cut = round == 1 && d.value.size() > kTruncatedBytes;
      std::string_view value =
          cut ? std::string_view(d.value).substr(0, kTruncatedBytes) : std::string_view(d.value);
      // A large key may be what made it too large: cut it too in the second round.
      std::string_view key =
          round == 1 && d.key.size() > 256 ? std::string_view(d.key).substr(0, 256) : d.key;
      msgs.push_back({key, value, DeadLetterHeaders(d, cut ? d.value.size() : 0)});
    }
    std::vector<rd_kafka_resp_err_t> results;
    Status s = producer_->SendEach(topic_, msgs, timeout_ms, &results);
    if (!s.ok()) return s;
    std::vector<size_t> again;
    for (size_t j = 0; j < todo.size(); ++j) {
      rd_kafka_resp_err_t err = results[j];
      if (!err) continue;
      const DeadLetter& d = letters[todo[j]];
      if (!PermanentRefusal(err))
        return Status::Unavailable("the dead-letter topic " + topic_ + " did not take the dead letter of " +
                                   d.topic + "/" + std::to_string(d.partition) + "@" +
                                   std::to_string(d.offset) + ": " + rd_kafka_err2str(err));
      if (round == 0) {
        spdlog::warn(
            "ingest: dead letter of {}/{}@{} ({} bytes) refused by {} ({}); sending its first {} bytes",
            d.topic, d.partition, d.offset, d.value.size(), topic_, rd_kafka_err2str(err), kTruncatedBytes);
        again.push_back(todo[j]);
      } else {
        spdlog::critical(
            "ingest: dead letter of {}/{}@{} ({} bytes, reason: {}) refused by {} even truncated ({}); "
            "passed over so that ingestion goes on. The event is still in the log at that position",
            d.topic, d.partition, d.offset, d.value.size(), d.reason, topic_, rd_kafka_err2str(err));
        (*dropped)[todo[j]] = true;
      }
    }
    todo = std::move(again);
  }
  return Status::Ok();
}

}  // namespace followup
