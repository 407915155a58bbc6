#include "notify/compacted_reader.h"

#include <spdlog/spdlog.h>

#include <chrono>

#include "ingest/consumer.h"

namespace followup::notify {

CompactedReader::CompactedReader(Options options, OnRecord on_record)
    : options_(std::move(options)), on_record_(std::move(on_record)) {}

CompactedReader::~CompactedReader() { Stop(); }

Status CompactedReader::Start() {
  Status s = Consumer::Create(
      options_.kafka, options_.group_id, false, [](bool, const std::vector<TopicPartition>&) {}, &consumer_);
  if (!s.ok()) return s;
  thread_ = std::thread([this] { Run(); });
  return Status::Ok();
}

void CompactedReader::Stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
  if (consumer_) consumer_->Close();
}

void CompactedReader::Run() {
  const TopicPartition tp{options_.topic, 0};
  int64_t start = -1, end = -1;
  bool warned = false;
  while (!stop_) {  // find the partition and where its log ends now
    Status s = consumer_->QueryWatermarks(tp, 2000, &start, &end);
    if (s.ok()) break;
    if (!warned)
      spdlog::warn(
          "notify: cannot read topic {} ({}); subscriptions wait for it. Create it compacted with one "
          "partition (deploy/kafka/create-topics.sh)",
          options_.topic, s.message());
    warned = true;
    for (int i = 0; i < 20 && !stop_; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  if (stop_) return;
  if (warned) spdlog::info("notify: topic {} found", options_.topic);
  Status s = consumer_->Assign({{tp, start}}, false);
  if (!s.ok()) {
    spdlog::error("notify: {}: {}", options_.topic, s.message());
    return;
  }
  if (end <= start) caught_up_ = true;
  while (!stop_) {
    (void)consumer_->Poll(200, [&](const InputMessage& m) {  // errors are logged by Poll
      on_record_(m.key, m.has_value ? &m.value : nullptr);
      if (m.offset + 1 >= end) caught_up_ = true;
    });
  }
}

}  // namespace followup::notify
