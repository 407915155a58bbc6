// Feeds the built-in synthetic load (src/demo) into the brokers: a backfill at
// start, then live probes every second. Runs on its own thread.
#pragma once
#include <atomic>
#include <memory>
#include <thread>

#include "ingest/kafka_config.h"
#include "ingest/topics.h"

namespace followup {

class DemoFeeder {
 public:
  DemoFeeder(KafkaSettings kafka, Topics topics) : kafka_(std::move(kafka)), topics_(std::move(topics)) {}
  ~DemoFeeder() { Stop(); }
  void Start();
  void Stop();

 private:
  void Run();
  KafkaSettings kafka_;
  Topics topics_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace followup
