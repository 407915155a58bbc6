// `followup probe`: the probe agent (src/probe/agent.h).
#include <spdlog/spdlog.h>

#include <iostream>

#include "app/commands.h"
#include "probe/agent.h"
#include "probe/probe_config.h"

namespace followup {
namespace {

int RunProbe(const probe::AgentOptions& options, bool check_only) {
  probe::ProbeConfig config;
  Status s = probe::LoadProbeConfig(options.config_path, &config);
  if (!s.ok()) {
    std::cerr << "followup probe: invalid configuration: " << s.message() << "\n";
    return 2;
  }
  if (!probe::IsSlug(options.location, 32)) {
    std::cerr << "followup probe: --location must match ^[a-z0-9][a-z0-9-]{0,31}$ (got \"" << options.location
              << "\")\n";
    return 2;
  }
  if (check_only) {
    std::cerr << options.config_path << ": " << config.targets.size() << " targets, valid\n";
    return 0;
  }
  if (options.brokers.empty()) {
    std::cerr << "followup probe: --brokers is required (or FOLLOWUP_BROKERS)\n";
    return 2;
  }
  InstallSignalHandlers();
  std::unique_ptr<probe::Agent> agent;
  s = probe::Agent::Create(options, std::move(config), &agent);
  if (!s.ok()) {
    spdlog::error("probe: {}", s.message());
    return s.code() == Status::Code::kInvalid ? 2 : 1;
  }
  return agent->Run([] { return StopRequested(); });
}

}  // namespace

void AddProbeCommand(CLI::App* app) {
  auto* cmd = app->add_subcommand(
      "probe", "probe e-services over HTTP(S) from one location and publish probe.v1 events to Kafka");
  auto o = std::make_shared<probe::AgentOptions>();
  auto check_only = std::make_shared<bool>(false);
  cmd->add_option("--config", o->config_path, "probe targets (YAML); re-read on SIGHUP")->required();
  cmd->add_option("--location", o->location, "this probe site, a slug such as kista")
      ->required()
      ->envname("FOLLOWUP_PROBE_LOCATION");
  cmd->add_option("--brokers", o->brokers, "Kafka bootstrap servers")->envname("FOLLOWUP_BROKERS");
  cmd->add_option("--listen", o->listen, "serve /metrics and /healthz on ADDR:PORT");
  cmd->add_option("--topic-prefix", o->topic_prefix, "topic prefix (events go to <prefix>probes)")
      ->envname("FOLLOWUP_TOPIC_PREFIX");
  cmd->add_option("--concurrency", o->concurrency, "checks in flight at once (default: the file's, else 256)")
      ->check(CLI::Range(1, 100000));
  cmd->add_option("--drain-timeout-ms", o->drain_timeout_ms,
                  "at shutdown, how long to wait for Kafka to acknowledge buffered results")
      ->check(CLI::Range(0, 3600000));
  cmd->add_flag("--check-config", *check_only, "validate the configuration and exit");
  cmd->callback([o, check_only] { ExitCode() = RunProbe(*o, *check_only); });
}

}  // namespace followup
