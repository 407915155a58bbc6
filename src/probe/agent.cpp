#include "probe/agent.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/system_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <csignal>
#include <deque>
#include <limits>
#include <map>

#include "common/time.h"
#include "events/decoder.h"
#include "http/router.h"
#include "http/server.h"
#include "ingest/topics.h"
#include "probe/http_check.h"
#include "probe/probe_event.h"
#include "probe/probe_metrics.h"
#include "probe/publisher.h"
#include "probe/result_buffer.h"

namespace followup::probe {

namespace asio = boost::asio;

namespace {

std::chrono::system_clock::time_point TimePoint(TimeMs t) {
  return std::chrono::system_clock::time_point(std::chrono::milliseconds(t));
}

constexpr TimeMs kNever = std::numeric_limits<TimeMs>::min();

struct TargetState {
  explicit TargetState(asio::io_context& ioc) : timer(ioc) {}
  std::shared_ptr<const ProbeTarget> cfg;
  asio::system_timer timer;
  int64_t interval = 0, phase = 0;
  TimeMs next_slot = 0;
  TimeMs last_slot = kNever;  // the latest slot a check was started (or queued) for
  bool busy = false;          // a check is running or waiting for a concurrency slot
  bool removed = false;
  int last_ok = -1;  // -1 unknown, 0 failing, 1 ok (for state-change logs)
  uint64_t gen = 0;  // invalidates armed timers
  prometheus::Counter* ok_count = nullptr;
  prometheus::Counter* failed_count = nullptr;
  prometheus::Counter* skipped = nullptr;
};

}  // namespace

struct Agent::Impl {
  AgentOptions opt;
  ProbeConfig cfg;
  asio::io_context ioc{1};
  std::unique_ptr<asio::ssl::context> tls;
  // Blocking DNS lookups; declared after ioc so that it is joined before the
  // io_context it posts results to is destroyed.
  asio::thread_pool resolver_pool{8};
  CheckEnv env;
  ProbeMetrics metrics;
  ResultBuffer buffer{100'000};
  std::unique_ptr<Publisher> publisher;  // after buffer: destroyed before it
  EventDecoder decoder;
  Event scratch;
  DecodeError decode_error;
  std::map<std::string, std::shared_ptr<TargetState>> targets;
  std::deque<std::pair<std::shared_ptr<TargetState>, TimeMs>> waiting;
  int running = 0;
  int max_running = 256;
  asio::steady_timer tick{ioc};
  asio::signal_set hup{ioc};
  std::function<bool()> stop_requested;
  bool stopping = false;
  uint64_t behind_since_log = 0;
  std::chrono::steady_clock::time_point last_behind_log{};
  std::chrono::steady_clock::time_point stop_deadline{};
  uint64_t dropped_synced = 0;
  uint64_t dropped_since_log = 0;
  std::chrono::steady_clock::time_point last_drop_log{};

  prometheus::Histogram* duration_ok = nullptr;
  prometheus::Histogram* duration_failed = nullptr;
  prometheus::Gauge* in_flight_gauge = nullptr;
  prometheus::Gauge* targets_gauge = nullptr;
  prometheus::Gauge* depth_gauge = nullptr;
  prometheus::Counter* dropped_counter = nullptr;
  prometheus::Counter* invalid_counter = nullptr;

  // Read by the HTTP server thread.
  std::atomic<int64_t> loop_tick_ms{0};
  std::atomic<int64_t> health_depth{0};
  std::atomic<int64_t> health_last_delivery{0};
  std::atomic<int64_t> health_targets{0};
  std::atomic<int64_t> health_in_flight{0};
  std::atomic<uint64_t> health_dropped{0};
  int64_t started_ms = 0;

  http::Router router;
  std::unique_ptr<http::Server> server;  // last: stopped and destroyed first

  // ------------------------------------------------------------ setup
  void InitMetrics() {
    duration_ok = &metrics.check_duration->Add({{"result", "ok"}}, ProbeMetrics::DurationBuckets());
    duration_failed = &metrics.check_duration->Add({{"result", "failed"}}, ProbeMetrics::DurationBuckets());
    in_flight_gauge = &metrics.in_flight->Add({});
    targets_gauge = &metrics.targets->Add({});
    depth_gauge = &metrics.queue_depth->Add({});
    dropped_counter = &metrics.dropped->Add({});
    invalid_counter = &metrics.invalid->Add({});
  }

  void AddRoutes() {
    router.Add({"GET"}, "/metrics", "metrics", [this](const http::Request&, const http::Params&) {
      http::Response r;
      r.content_type = "text/plain; version=0.0.4; charset=utf-8";
      r.body = metrics.Render();
      r.set("Cache-Control", "no-store");
      return r;
    });
    router.Add({"GET"}, "/healthz", "healthz", [this](const http::Request&, const http::Params&) {
      TimeMs now = WallNowMs();
      int64_t tick_age = now - loop_tick_ms.load();
      int64_t depth = health_depth.load();
      int64_t last = health_last_delivery.load();
      // Kafka: "ok" while results get acknowledged; "unreachable" when some
      // wait and nothing was acknowledged for 30 s.
      bool kafka_ok = depth == 0 || (last > 0 ? now - last < 30'000 : now - started_ms < 30'000);
      bool alive = tick_age < 5'000;
      http::Response r;
      r.status = alive ? 200 : 503;
      r.content_type = "application/json";
      r.set("Cache-Control", "no-store");
      r.body = std::string("{\"status\":\"") + (alive ? "ok" : "stalled") + "\",\"location\":\"" +
               opt.location + "\",\"targets\":" + std::to_string(health_targets.load()) +
               ",\"checks_in_flight\":" + std::to_string(health_in_flight.load()) +
               ",\"delivery_queue_depth\":" + std::to_string(depth) +
               ",\"results_dropped\":" + std::to_string(health_dropped.load()) + ",\"kafka\":\"" +
               (kafka_ok ? "ok" : "unreachable") + "\",\"last_delivery_age_s\":" +
               (last > 0 ? std::to_string((now - last) / 1000) : std::string("null")) + "}\n";
      return r;
    });
  }

  // ------------------------------------------------------------ scheduling
  std::shared_ptr<TargetState> NewTarget(const ProbeTarget& t) {
    auto st = std::make_shared<TargetState>(ioc);
    st->cfg = std::make_shared<const ProbeTarget>(t);
    st->ok_count = &metrics.checks->Add({{"service_id", t.service_id}, {"result", "ok"}});
    st->failed_count = &metrics.checks->Add({{"service_id", t.service_id}, {"result", "failed"}});
    st->skipped = &metrics.skipped_slots->Add({{"service_id", t.service_id}});
    SetSchedule(st.get(), WallNowMs());
    return st;
  }

  // (Re)computes the schedule from the target's current interval; the next
  // slot is the first one after max(after, last slot run).
  void SetSchedule(TargetState* st, TimeMs after) {
    st->interval = st->cfg->interval_ms;
    st->phase = SchedulePhase(opt.location, st->cfg->service_id, st->interval);
    TimeMs from = st->last_slot == kNever ? after : std::max(after, st->last_slot);
    st->next_slot = NextSlotAfter(from, st->phase, st->interval);
  }

  void Arm(const std::shared_ptr<TargetState>& st) {
    uint64_t gen = ++st->gen;
    st->timer.expires_at(TimePoint(st->next_slot));
    st->timer.async_wait([this, st, gen](const boost::system::error_code& ec) {
      if (ec || gen != st->gen || st->removed || stopping) return;
      OnSlot(st);
    });
  }

  void OnSlot(const std::shared_ptr<TargetState>& st) {
    TimeMs now = WallNowMs();
    TimeMs slot = st->next_slot;
    TimeMs latest = SlotAtOrBefore(now, st->phase, st->interval);
    if (latest > slot) {
      // Woke up more than an interval late (a stalled process, a clock jump):
      // only the latest due slot runs.
      int64_t missed = (latest - slot) / st->interval;
      st->skipped->Increment(double(missed));
      behind_since_log += missed;
      spdlog::debug("probe: {}: {} slot(s) skipped, the agent fell behind", st->cfg->service_id, missed);
      slot = latest;
    }
    if (st->busy) {
      st->skipped->Increment();
      spdlog::debug("probe: {}: slot {} skipped, previous check still running", st->cfg->service_id,
                    FormatRfc3339Utc(slot));
    } else {
      Launch(st, slot);
    }
    st->last_slot = slot;
    st->next_slot = slot + st->interval;
    Arm(st);
  }

  void Launch(const std::shared_ptr<TargetState>& st, TimeMs slot) {
    st->busy = true;
    if (running < max_running)
      Begin(st, slot);
    else
      waiting.emplace_back(st, slot);
    UpdateInFlight();
  }

  void Begin(const std::shared_ptr<TargetState>& st, TimeMs slot) {
    ++running;
    std::shared_ptr<const ProbeTarget> cfg = st->cfg;  // a reload does not change a running check
    StartHttpCheck(env, cfg, [this, st, slot, cfg](const CheckResult& r) { OnResult(st, *cfg, slot, r); });
  }

  void StartWaiting() {
    while (running < max_running && !waiting.empty()) {
      auto [st, slot] = std::move(waiting.front());
      waiting.pop_front();
      if (st->removed || stopping) {
        st->busy = false;
        continue;
      }
      Begin(st, slot);
    }
    UpdateInFlight();
  }

  void UpdateInFlight() {
    int64_t n = running + int64_t(waiting.size());
    in_flight_gauge->Set(double(n));
    health_in_flight.store(n);
  }

  void OnResult(const std::shared_ptr<TargetState>& st, const ProbeTarget& cfg, TimeMs slot,
                const CheckResult& r) {
    --running;
    st->busy = false;
    (r.ok ? st->ok_count : st->failed_count)->Increment();
    (r.ok ? duration_ok : duration_failed)->Observe(r.latency_ms / 1000.0);
    if (st->last_ok != int(r.ok)) {
      if (r.ok)
        spdlog::info("probe: {}: ok (HTTP {}, {:.0f} ms)", cfg.service_id, r.http_status, r.latency_ms);
      else
        spdlog::warn("probe: {}: failing: {}", cfg.service_id, r.error);
      st->last_ok = int(r.ok);
    }
    PendingResult p;
    p.key = cfg.service_id;
    p.scheduled = slot;
    p.value = BuildProbeEvent(opt.location, cfg.service_id, slot, r, &p.event_id);
    if (!decoder.Decode(p.value, &scratch, &decode_error)) {
      invalid_counter->Increment();
      spdlog::error("probe: built an invalid probe.v1 event (not sent): {}: {}", decode_error.reason,
                    p.value);
    } else {
      buffer.Push(std::move(p));
      SyncDropped();
      publisher->Pump();
    }
    StartWaiting();
  }

  void SyncDropped() {
    uint64_t total = buffer.dropped_total();
    if (total == dropped_synced) return;
    uint64_t delta = total - dropped_synced;
    dropped_synced = total;
    dropped_counter->Increment(double(delta));
    health_dropped.store(total);
    dropped_since_log += delta;
    auto now = std::chrono::steady_clock::now();
    if (now - last_drop_log >= std::chrono::seconds(10)) {
      spdlog::warn("probe: delivery buffer full ({} results): dropped the {} oldest undelivered result(s)",
                   buffer.limit(), dropped_since_log);
      dropped_since_log = 0;
      last_drop_log = now;
    }
  }

  // ------------------------------------------------------------ reload
  void ApplyLimits(const ProbeConfig& c) {
    max_running = opt.concurrency > 0 ? opt.concurrency : c.concurrency;
    buffer.set_limit(c.buffer_limit);
    if (publisher) publisher->set_window(Publisher::WindowFor(c.buffer_limit));
  }

  void Reload() {
    ProbeConfig next;
    Status s = LoadProbeConfig(opt.config_path, &next);
    if (!s.ok()) {
      metrics.reloads->Add({{"result", "failed"}}).Increment();
      spdlog::error("probe: reload failed, keeping the running configuration: {}", s.message());
      return;
    }
    if (next.kafka != cfg.kafka) spdlog::warn("probe: kafka settings changed; they are read at start only");
    ApplyLimits(next);
    TimeMs now = WallNowMs();
    std::map<std::string, const ProbeTarget*> by_id;
    for (const auto& t : next.targets) by_id[t.service_id] = &t;
    int added = 0, removed = 0, changed = 0;
    for (auto it = targets.begin(); it != targets.end();) {
      if (by_id.count(it->first)) {
        ++it;
        continue;
      }
      auto st = it->second;
      st->removed = true;  // a running check still finishes and is published
      ++st->gen;
      st->timer.cancel();
      metrics.checks->Remove(st->ok_count);
      metrics.checks->Remove(st->failed_count);
      metrics.skipped_slots->Remove(st->skipped);
      st->ok_count = &dead_counter_;
      st->failed_count = &dead_counter_;
      st->skipped = &dead_counter_;
      it = targets.erase(it);
      ++removed;
    }
    for (const auto& t : next.targets) {
      auto it = targets.find(t.service_id);
      if (it == targets.end()) {
        auto st = NewTarget(t);
        targets.emplace(t.service_id, st);
        if (!stopping) Arm(st);
        ++added;
        continue;
      }
      auto& st = it->second;
      if (*st->cfg == t) continue;
      bool interval_changed = st->cfg->interval_ms != t.interval_ms;
      st->cfg = std::make_shared<const ProbeTarget>(t);  // the next check uses it
      if (interval_changed) {
        SetSchedule(st.get(), now);
        if (!stopping) Arm(st);
      }
      ++changed;
    }
    cfg = std::move(next);
    targets_gauge->Set(double(targets.size()));
    health_targets.store(int64_t(targets.size()));
    metrics.reloads->Add({{"result", "ok"}}).Increment();
    spdlog::info("probe: configuration reloaded: {} targets ({} added, {} removed, {} changed)",
                 targets.size(), added, removed, changed);
    StartWaiting();
  }

  void WaitHup() {
    hup.async_wait([this](const boost::system::error_code& ec, int) {
      if (ec) return;
      if (!stopping) Reload();
      WaitHup();
    });
  }

  // ------------------------------------------------------------ loop
  void Tick() {
    tick.expires_after(std::chrono::milliseconds(50));
    tick.async_wait([this](const boost::system::error_code& ec) {
      if (ec) return;
      loop_tick_ms.store(WallNowMs());
      publisher->Pump();
      SyncDropped();
      depth_gauge->Set(double(buffer.depth()));
      health_depth.store(int64_t(buffer.depth()));
      health_last_delivery.store(publisher->last_delivery_ms());
      auto now = std::chrono::steady_clock::now();
      if (behind_since_log > 0 && now - last_behind_log >= std::chrono::seconds(10)) {
        spdlog::warn(
            "probe: {} slot(s) skipped because the agent woke up late (stalled process or clock jump)",
            behind_since_log);
        behind_since_log = 0;
        last_behind_log = now;
      }
      if (!stopping && stop_requested && stop_requested()) BeginStop();
      if (stopping && (running == 0 || now >= stop_deadline)) {
        if (running > 0) spdlog::warn("probe: abandoning {} check(s) still running at shutdown", running);
        FinishStop();
        return;
      }
      Tick();
    });
  }

  void BeginStop() {
    stopping = true;
    // Running checks may finish (and be published) within the drain timeout.
    stop_deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(opt.drain_timeout_ms);
    for (auto& [id, st] : targets) {
      ++st->gen;
      st->timer.cancel();
    }
    for (auto& [st, slot] : waiting) st->busy = false;
    waiting.clear();
    UpdateInFlight();
    boost::system::error_code ignored;
    hup.cancel(ignored);
    spdlog::info("probe: stopping; waiting for {} running check(s)", running);
  }

  void FinishStop() {
    size_t before = buffer.depth();
    bool all = publisher->Drain(opt.drain_timeout_ms);
    if (all) {
      spdlog::info("probe: stopped; {} result(s) delivered at shutdown, {} events delivered in all", before,
                   publisher->delivered());
    } else {
      spdlog::warn("probe: stopped with {} result(s) not acknowledged by Kafka after {} ms (lost)",
                   buffer.depth(), opt.drain_timeout_ms);
    }
    ioc.stop();
  }

  prometheus::Counter dead_counter_;  // sink for the counters of removed targets
};

Agent::Agent(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Agent::~Agent() {
  if (impl_ && impl_->server) impl_->server->Stop();
}

Status Agent::Create(AgentOptions options, ProbeConfig config, std::unique_ptr<Agent>* out) {
  if (!IsSlug(options.location, 32))
    return Status::Invalid("--location must match ^[a-z0-9][a-z0-9-]{0,31}$ (got \"" + options.location +
                           "\")");
  if (options.brokers.empty()) return Status::Invalid("--brokers is required (or FOLLOWUP_BROKERS)");
  auto impl = std::make_unique<Impl>();
  Impl& m = *impl;
  m.opt = std::move(options);
  m.cfg = std::move(config);
  m.started_ms = WallNowMs();
  m.loop_tick_ms.store(m.started_ms);
  m.env.user_agent = "followup-probe/1 (location " + m.opt.location + ")";
  m.InitMetrics();
  m.ApplyLimits(m.cfg);
  std::string err;
  m.tls = MakeClientTlsContext(&err);
  if (!m.tls) return Status::Invalid(err);
  m.env.ioc = &m.ioc;
  m.env.tls = m.tls.get();
  m.env.resolver_pool = &m.resolver_pool;
  KafkaSettings ks = m.cfg.kafka;
  ks["bootstrap.servers"] = m.opt.brokers;
  Status s = Publisher::Create(ks, Topics(m.opt.topic_prefix).probes(), &m.buffer, &m.metrics, &m.publisher,
                               Publisher::WindowFor(m.cfg.buffer_limit));
  if (!s.ok()) return s;
  if (!m.opt.listen.empty()) {
    m.AddRoutes();
    http::ServerOptions so;
    so.listen = m.opt.listen;
    so.threads = 1;
    so.max_connections = 64;
    m.server = std::make_unique<http::Server>(so, &m.router);
    s = m.server->Start();
    if (!s.ok()) return s;
  }
  out->reset(new Agent(std::move(impl)));
  return Status::Ok();
}

int Agent::Run(const std::function<bool()>& stop_requested) {
  Impl& m = *impl_;
  m.stop_requested = stop_requested;
  m.hup.add(SIGHUP);
  m.WaitHup();
  for (const auto& t : m.cfg.targets) m.targets.emplace(t.service_id, m.NewTarget(t));
  for (auto& [id, st] : m.targets) m.Arm(st);
  m.targets_gauge->Set(double(m.targets.size()));
  m.health_targets.store(int64_t(m.targets.size()));
  spdlog::info("probe: location {}, {} targets, concurrency {}, buffer {} results, topic {}{}",
               m.opt.location, m.targets.size(), m.max_running, m.buffer.limit(),
               Topics(m.opt.topic_prefix).probes(),
               m.server ? ", listening on " + m.opt.listen : std::string());
  m.Tick();
  m.ioc.run();
  if (m.server) m.server->Stop();
  m.resolver_pool.join();  // lookups still running finish (bounded by the resolver's own timeout)
  return 0;
}

}  // namespace followup::probe
