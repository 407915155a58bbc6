// The probe agent: checks every configured target on its schedule from one
// location and publishes one probe.v1 event per check (`followup probe`).
//
// Everything runs on one io_context thread: per-target timers, the checks
// (http_check.h), event building and validation, the ResultBuffer and the
// Publisher. The optional --listen server (http/server.h) runs on its own
// thread and only reads the prometheus registry and atomics.
//
// Scheduling (probe_event.h): target slots are phase + k*interval. When a
// slot comes while the target's previous check is still running (or waiting
// for a free concurrency slot), the slot is skipped and counted; when the
// agent wakes up more than an interval late, the missed slots are skipped and
// counted and only the latest one runs. At most `concurrency` checks run at
// once; the others wait in FIFO order.
//
// Reload (SIGHUP): the file is read again; on an error the running
// configuration stays (logged, counted). New targets start; removed ones are
// not scheduled again (a check already running finishes and is published;
// one still waiting for a concurrency slot is not started); changed ones use
// the new settings from their next check on (a changed interval moves the
// target to its new schedule after the last slot it ran).
//
// Stop (SIGINT/SIGTERM): no new checks; running ones may finish for up to
// drain_timeout_ms (then they are abandoned); the buffer is drained to Kafka
// for at most drain_timeout_ms more; what is left is logged.
#pragma once
#include <functional>
#include <memory>
#include <string>

#include "common/status.h"
#include "probe/probe_config.h"

namespace followup::probe {

struct AgentOptions {
  std::string config_path;
  std::string location;
  std::string brokers;
  std::string topic_prefix = "followup.";
  std::string listen;   // empty: no HTTP server
  int concurrency = 0;  // 0: from the config file (default 256)
  int drain_timeout_ms = 10'000;
};

class Agent {
 public:
  // Validates options; `config` is the already loaded file.
  static Status Create(AgentOptions options, ProbeConfig config, std::unique_ptr<Agent>* out);
  ~Agent();
  // Runs until stop_requested() returns true (polled every 100 ms; the
  // command passes app/commands.h StopRequested); returns the exit code.
  int Run(const std::function<bool()>& stop_requested);

  struct Impl;

 private:
  explicit Agent(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace followup::probe
