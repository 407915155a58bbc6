#include "app/live_projections.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <filesystem>
#include <map>

#include "store/meta.h"
#include "store/store_dir.h"

namespace followup {
namespace {

int64_t NowMs() { return SteadyNowMs(); }

// The next offset to fold of every partition the loop has folded, as its
// last snapshot shows them (its stored offsets when it published it).
std::map<TopicPartition, int64_t> FoldedOffsets(const IngestSnapshot& snap) {
  std::map<TopicPartition, int64_t> out;
  for (const auto& p : snap.partitions) out[{p.topic, p.partition}] = p.offset;
  return out;
}

// Messages a has stored that b has not (per partition, never negative).
int64_t Behind(const std::map<TopicPartition, int64_t>& a, const std::map<TopicPartition, int64_t>& b) {
  int64_t n = 0;
  for (const auto& [tp, o] : a) {
    auto it = b.find(tp);
    n += std::max<int64_t>(0, o - (it == b.end() ? 0 : it->second));
  }
  return n;
}

}  // namespace

Status LiveProjections::Open(const std::string& data_dir, std::unique_ptr<LiveProjections>* out) {
  std::unique_ptr<Store> store;
  Status s = Store::Open(data_dir, Store::Mode::kReadWrite, &store);
  int version = 0;
  if (s.ok()) s = store->CheckServableVersion(&version);
  if (!s.ok()) return s;
  out->reset(new LiveProjections(data_dir, std::shared_ptr<Store>(std::move(store)), version));
  return Status::Ok();
}

LiveProjections::LiveProjections(std::string data_dir, std::shared_ptr<Store> store, int version)
    : data_dir_(std::move(data_dir)), served_(std::move(store), version), serving_version_(version) {}

LiveProjections::~LiveProjections() { Stop(); }

IngestOptions LiveProjections::LoopOptions(int version) const {
  IngestOptions o = options_;
  o.fold.projection_version = version;
  return o;
}

Status LiveProjections::Start(IngestOptions options, IngestStateBoard* board,
                              std::function<void(const BatchReport&)> observer) {
  options_ = std::move(options);
  board_ = board;
  observer_ = std::move(observer);
  serving_ = std::make_unique<Ingestor>(served_.Current().get(), LoopOptions(serving_version_), board_);
  serving_->set_batch_observer(observer_);
  Status s = serving_->Start();
  if (!s.ok()) return s;
  if (serving_version_ != kProjectionVersion) {
    // The previous version serves until this version's projections are rebuilt.
    std::error_code ec;
    std::filesystem::create_directories(RebuildDir(data_dir_), ec);
    if (ec) return Status::Io("cannot create " + RebuildDir(data_dir_) + ": " + ec.message());
    spdlog::warn(
        "projections of version {} in {}: serving them while version {} is rebuilt beside them in {}; it takes "
        "over when it has caught up",
        serving_version_, data_dir_, kProjectionVersion, RebuildDir(data_dir_));
  }
  watch_ = std::thread([this] { Watch(); });
  return Status::Ok();
}

void LiveProjections::Stop() {
  stop_ = true;
  if (watch_.joinable()) watch_.join();
  std::lock_guard<std::mutex> l(loop_mu_);
  if (rebuild_) rebuild_->Stop();
  if (serving_) serving_->Stop();
}

RebuildProgress LiveProjections::Progress() const {
  std::lock_guard<std::mutex> l(progress_mu_);
  return progress_;
}

void LiveProjections::SetProgress(const std::function<void(RebuildProgress*)>& f) {
  std::lock_guard<std::mutex> l(progress_mu_);
  f(&progress_);
}

void LiveProjections::Watch() {
  int64_t retry_at = 0;
  while (!stop_) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    std::lock_guard<std::mutex> l(loop_mu_);
    if (stop_) break;
    if (rebuild_) {
      Check();
      continue;
    }
    std::error_code ec;
    // A request is the rebuild dir; once switched it is the served store.
    if (NowMs() < retry_at || !std::filesystem::exists(RebuildDir(data_dir_), ec) ||
        RebuildSwitched(data_dir_))
      continue;
    Status s = StartRebuild();
    if (!s.ok()) {
      spdlog::error("rebuild: cannot start: {}", s.message());
      SetProgress([&](RebuildProgress* p) {
        p->active = true;
        p->state = "paused";
        p->reason = "the rebuild cannot start (see the log); retrying";
      });
      retry_at = NowMs() + 5000;
    }
  }
}

Status LiveProjections::StartRebuild() {
  std::shared_ptr<Store> old = served_.Current();
  std::unique_ptr<Store> store;
  Status s = Store::Open(RebuildDir(data_dir_), Store::Mode::kReadWrite, &store);
  if (s.ok()) s = store->CheckVersion();
  if (s.code() == Status::Code::kConflict) {
    // Left by another build: derived data, folded again from the start.
    spdlog::warn("rebuild: {} ({}); starting it again from offset 0", s.message(), RebuildDir(data_dir_));
    store.reset();
    std::error_code ec;
    std::filesystem::remove_all(RebuildDir(data_dir_), ec);
    s = Store::Open(RebuildDir(data_dir_), Store::Mode::kReadWrite, &store);
    if (s.ok()) s = store->CheckVersion();
  }
  if (!s.ok()) return s;
  rebuild_store_ = std::shared_ptr<Store>(std::move(store));
  IngestOptions o = LoopOptions(kProjectionVersion);
  o.mode = IngestMode::kRebuild;
  o.group_id += ".rebuild";
  o.on_commit = nullptr;  // the read side does not read it yet
  o.stay_behind = [old](const TopicPartition& tp) -> int64_t {
    int64_t next = 0;
    return GetStoredOffset(old->Live(), tp.first, tp.second, &next, nullptr).ok() ? next : 0;
  };
  rebuild_ = std::make_unique<Ingestor>(rebuild_store_.get(), std::move(o), &rebuild_board_);
  s = rebuild_->Start();
  if (!s.ok()) {
    rebuild_.reset();
    rebuild_store_.reset();
    return s;
  }
  started_ms_ = last_ms_ = NowMs();
  last_processed_ = 0;
  const std::string cause = serving_version_ != kProjectionVersion
                                ? "projection version " + std::to_string(serving_version_) + " -> " +
                                      std::to_string(kProjectionVersion)
                                : "requested (followup rebuild)";
  spdlog::info("rebuild: folding the log into {} beside the served projections: {}", RebuildDir(data_dir_),
               cause);
  SetProgress([&](RebuildProgress* p) {
    *p = RebuildProgress{};
    p->active = true;
    p->state = "folding";
    p->cause = cause;
    p->from_version = serving_version_;
    p->to_version = kProjectionVersion;
  });
  return Status::Ok();
}

void LiveProjections::Check() {
  std::shared_ptr<const IngestSnapshot> snap = rebuild_board_.Own();
  const int64_t processed = snap->events_folded + snap->duplicates + snap->events_rejected;
  const int64_t remaining = Behind(StoredOffsets(served_.Current()->Live()), FoldedOffsets(*snap));
  const int64_t now = NowMs();
  const bool failing = !snap->ready && !snap->not_ready_detail.empty();
  SetProgress([&](RebuildProgress* p) {
    if (now - last_ms_ >= 1000) {
      double rate = double(processed - last_processed_) * 1000.0 / double(now - last_ms_);
      p->rate = p->rate > 0 ? 0.5 * p->rate + 0.5 * rate : rate;
      last_ms_ = now;
      last_processed_ = processed;
    }
    p->processed = processed;
    p->remaining = remaining;
    p->elapsed_seconds = double(now - started_ms_) / 1000.0;
    p->eta_seconds = p->rate > 0 ? double(remaining) / p->rate : (remaining == 0 ? 0 : -1);
    p->state = failing ? "paused" : "folding";
    p->reason = failing ? snap->not_ready_reason : "";
  });
  if (failing || remaining > int64_t(options_.max_batch) || now < switch_after_ms_) return;
  Status s = Switch();
  if (!s.ok())
    spdlog::error("rebuild: the switch did not happen: {}; the served projections go on", s.message());
}

Status LiveProjections::Switch() {
  SetProgress([](RebuildProgress* p) { p->state = "switching"; });
  const int64_t began = NowMs();
  std::shared_ptr<Store> old = served_.Current();
  auto restart_serving = [&](const std::shared_ptr<Store>& store, int version) {
    IngestOptions o = LoopOptions(version);
    // The read side's numbering goes on; the state it last showed is the one
    // this loop starts from (the same offsets), so that generation is served.
    std::shared_ptr<const IngestSnapshot> last = board_->Own();
    o.first_generation = last->generation;
    o.caught_up_since_generation = last->ready ? last->ready_generation : -1;
    for (;;) {
      serving_ = std::make_unique<Ingestor>(store.get(), o, board_);
      serving_->set_batch_observer(observer_);
      Status s = serving_->Start();
      if (s.ok() || stop_) return;
      spdlog::error("rebuild: cannot start the serving loop: {}; retrying", s.message());
      std::this_thread::sleep_for(std::chrono::seconds(1));
    }
  };
  // 1-2: the serving loop stops where it is; the rebuild folds up to there.
  serving_->Stop();
  const int64_t stopped = NowMs();
  const std::map<TopicPartition, int64_t> target = StoredOffsets(old->Live());
  while (Behind(target, StoredOffsets(rebuild_store_->Live())) > 0) {
    std::shared_ptr<const IngestSnapshot> r = rebuild_board_.Own();
    const bool failing = !r->ready && !r->not_ready_detail.empty();
    if (stop_ || failing || NowMs() - began > 30000) {
      restart_serving(old, serving_version_);
      SetProgress([](RebuildProgress* p) { p->state = "folding"; });
      switch_after_ms_ = NowMs() + 30000;  // the serving loop folds undisturbed meanwhile
      if (stop_) return Status::Unavailable("stopping");
      return Status::Unavailable(failing ? "the rebuild failed while reaching the served offsets: " +
                                               r->not_ready_reason
                                         : "the rebuild did not reach the served offsets within 30 s");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  const int64_t reached = NowMs();
  rebuild_->Stop();
  spdlog::info(
      "rebuild: switch timing: serving loop stopped {} ms, rebuild reached it {} ms, rebuild stopped {} ms",
      stopped - began, reached - stopped, NowMs() - reached);
  // 3: the one durable step.
  Status s = MarkRebuildSwitched(data_dir_);
  if (!s.ok()) {
    rebuild_.reset();
    rebuild_store_.reset();
    restart_serving(old, serving_version_);
    return s;
  }
  // 4: reads, then folding, on the rebuilt store.
  const int from = serving_version_;
  served_.Switch(rebuild_store_, kProjectionVersion);
  serving_version_ = kProjectionVersion;
  serving_.reset();
  rebuild_.reset();
  restart_serving(rebuild_store_, kProjectionVersion);
  rebuild_store_.reset();
  // The read side renders from the new store now, not at its next batch.
  if (options_.on_commit) options_.on_commit(board_->Own()->generation);
  const double took = double(NowMs() - began) / 1000.0;
  const double total = double(NowMs() - started_ms_) / 1000.0;
  SetProgress([](RebuildProgress* p) { *p = RebuildProgress{}; });
  spdlog::info(
      "rebuild: the rebuilt projections (version {}, was {}) serve now; switched in {:.2f} s, {:.1f} s in all",
      kProjectionVersion, from, took, total);
  // 5: the old store, once no read holds it.
  std::weak_ptr<Store> gone = old;
  old.reset();
  for (int i = 0; i < 3000 && !gone.expired() && !stop_; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  if (!gone.expired()) {
    spdlog::warn(
        "rebuild: a reader still holds the old projections; their files are removed at the next start");
    return Status::Ok();
  }
  s = RemoveSupersededStore(data_dir_);
  if (!s.ok()) spdlog::warn("rebuild: {}; the old files are removed at the next start", s.message());
  return Status::Ok();
}

}  // namespace followup
