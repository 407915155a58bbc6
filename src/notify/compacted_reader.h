// Follows partition 0 of a compacted one-partition topic from its start (the
// subscriptions, the notifier's state): every record, in log order, is handed
// to on_record on the reader's own thread, and CaughtUp() turns true once
// every record that was in the partition when the reader first reached the
// brokers has been handed over. It never joins a consumer group and commits
// nothing: each instance reads the whole topic (it holds what is subscribed
// now, bounded by compaction).
// A topic that does not exist (yet) is looked for again every few seconds,
// with one warning that says how to create it.
// Thread-safety: Start/Stop from one thread; CaughtUp from any thread;
// on_record runs on the reader's thread only.
#pragma once
#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <thread>

#include "common/status.h"
#include "ingest/kafka_config.h"

namespace followup {
class Consumer;
}

namespace followup::notify {

class CompactedReader {
 public:
  // value null: a tombstone.
  using OnRecord = std::function<void(std::string_view key, const std::string_view* value)>;
  struct Options {
    KafkaSettings kafka;
    std::string group_id;  // never joined; librdkafka wants one
    std::string topic;
  };
  CompactedReader(Options options, OnRecord on_record);
  ~CompactedReader();
  CompactedReader(const CompactedReader&) = delete;
  CompactedReader& operator=(const CompactedReader&) = delete;

  // Creates the consumer (a bad setting fails here) and starts the thread.
  Status Start();
  void Stop();
  bool CaughtUp() const { return caught_up_.load(); }

 private:
  void Run();
  Options options_;
  OnRecord on_record_;
  std::unique_ptr<Consumer> consumer_;
  std::thread thread_;
  std::atomic<bool> stop_{false}, caught_up_{false};
};

}  // namespace followup::notify
