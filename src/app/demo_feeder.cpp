#include "app/demo_feeder.h"

#include <spdlog/spdlog.h>

#include <chrono>

#include "common/time.h"
#include "demo/generator.h"
#include "ingest/producer.h"

namespace followup {

void DemoFeeder::Start() {
  thread_ = std::thread([this] { Run(); });
}

void DemoFeeder::Stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

void DemoFeeder::Run() {
  std::unique_ptr<Producer> producer;
  Status s = Producer::Create(ProducerSettings(kafka_), &producer);
  if (!s.ok()) {
    spdlog::error("demo: {}", s.message());
    return;
  }
  demo::Generator gen(20261126);
  auto send = [&](const std::vector<demo::OutEvent>& events) {
    // Best effort, as ever: the demo load drops a message the client refuses
    // to queue (Flush below reports only the ones it queued).
    for (const auto& e : events) (void)producer->Send(topics_.named(e.topic_suffix), e.key, e.json);
    return producer->Flush(30000);
  };
  auto backfill = gen.Backfill(WallNowMs());
  s = send(backfill);
  spdlog::info("demo: backfilled {} events ({})", backfill.size(), s.ok() ? "delivered" : s.message());
  while (!stop_) {
    for (int i = 0; i < 10 && !stop_; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    s = send(gen.Tick(WallNowMs()));
    if (!s.ok()) spdlog::warn("demo: {}", s.message());
  }
}

}  // namespace followup
