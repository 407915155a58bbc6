// followup report / followup replay.
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <thread>

#include "app/commands.h"
#include "ingest/ingestor.h"
#include "readmodels/goals_report.h"
#include "readmodels/ils_report.h"
#include "readmodels/ils_workbook.h"
#include "store/store.h"

namespace followup {
namespace {

int Report(const std::string& dir, const std::string& quarter, const std::string& format,
           const std::string& out, bool goals) {
  // 2026q3 as well as 2026Q3: people type either.
  std::string upper = quarter;
  if (upper.size() == 6 && upper[4] == 'q') upper[4] = 'Q';
  auto q = ParseQuarter(upper);
  if (!q) {
    std::cerr << "malformed quarter '" << quarter << "': expected YYYYQn, e.g. 2026Q3 (years 1970-2200)\n";
    return 2;
  }
  if (format != "csv" && format != "json" && format != "xlsx") {
    std::cerr << "--format must be csv, json or xlsx\n";
    return 2;
  }
  if (format == "xlsx" && (out.empty() || out == "-")) {
    std::cerr << "--format xlsx writes a binary workbook: name the file with --out, e.g. --out ils-"
              << quarter << ".xlsx\n";
    return 2;
  }
  std::unique_ptr<Store> store;
  // Secondary mode reads a data dir that a running service is writing, and
  // equally one that is stopped.
  Status s = Store::Open(dir, Store::Mode::kReadOnlySecondary, &store);
  // The previous version too: it is served while its successor is rebuilt.
  int version = 0;
  if (s.ok()) s = store->CheckServableVersion(&version);
  std::string text;
  if (s.ok() && format == "xlsx") {
    // The workbook holds both: a sheet per perspective and the goals sheet.
    auto snap = store->Snapshot();
    IlsReport report;
    GoalsReport goals_report;
    s = BuildIlsReport(*snap, *q, &report);
    if (s.ok()) s = BuildGoalsReport(*snap, *q, &goals_report);
    if (s.ok()) s = IlsWorkbook(report, goals_report, &text);
  } else if (s.ok() && goals) {
    GoalsReport report;
    s = BuildGoalsReport(*store->Snapshot(), *q, &report);
    text = format == "csv" ? GoalsCsv(report) : GoalsJson(report);
  } else if (s.ok()) {
    IlsReport report;
    s = BuildIlsReport(*store->Snapshot(), *q, &report);
    text = format == "csv" ? IlsCsv(report) : IlsJson(report);
  }
  if (!s.ok()) {
    std::cerr << s.message() << "\n";
    return 1;
  }
  if (out.empty() || out == "-") {
    std::cout << text;
    return 0;
  }
  std::ofstream f(out, std::ios::binary);
  f << text;
  if (!f) {
    std::cerr << "cannot write " << out << "\n";
    return 1;
  }
  return 0;
}

int Replay(const std::string& brokers, const std::string& dir, const std::string& prefix, int version) {
  InstallSignalHandlers();
  std::error_code ec;
  if (std::filesystem::exists(dir, ec) && !std::filesystem::is_empty(dir, ec)) {
    std::cerr << "replay needs an empty --data-dir; " << dir << " is not empty\n";
    return 2;
  }
  std::unique_ptr<Store> store;
  Status s = Store::Open(dir, Store::Mode::kReadWrite, &store);
  if (s.ok()) s = store->CheckVersion(version);
  if (!s.ok()) {
    std::cerr << s.message() << "\n";
    return 1;
  }
  IngestOptions io;
  io.fold.projection_version = version;
  io.kafka["bootstrap.servers"] = brokers;
  io.topics = Topics(prefix);
  std::random_device rd;
  io.group_id = "followup-replay-" + std::to_string(rd());  // never disturbs the live group
  io.mode = IngestMode::kReplay;  // every partition directly; the live run already sent the dead letters
  IngestStateBoard board;
  Ingestor ingestor(store.get(), io, &board);
  s = ingestor.Start();
  if (!s.ok()) {
    std::cerr << s.message() << "\n";
    return 1;
  }
  const bool tty = ::isatty(STDERR_FILENO);
  auto started = std::chrono::steady_clock::now();
  int64_t last_folded = 0;
  auto last = started;
  while (!StopRequested()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    auto snap = board.Get();
    int64_t done = snap->events_folded + snap->duplicates + snap->events_rejected;
    auto now = std::chrono::steady_clock::now();
    double dt = std::chrono::duration<double>(now - last).count();
    double rate = dt > 0 ? (done - last_folded) / dt : 0;
    last = now;
    last_folded = done;
    int64_t lag = snap->lag();
    if (tty) {
      double eta = rate > 0 ? lag / rate : 0;
      std::fprintf(stderr, "\rreplay: %lld events, %.0f events/s, lag %lld, ETA %.0f s     ",
                   static_cast<long long>(done), rate, static_cast<long long>(lag), eta);
    }
    if (snap->ready) break;
    if (!snap->not_ready_reason.empty() && snap->not_ready_reason.rfind("GAP", 0) == 0) {
      std::cerr << "\n" << snap->not_ready_reason << "\n";
      ingestor.Stop();
      return 1;
    }
  }
  ingestor.Stop();
  auto snap = board.Get();
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::fprintf(stderr, "%sreplay done: %lld folded, %lld duplicates, %lld rejected in %.1f s\n",
               tty ? "\n" : "", static_cast<long long>(snap->events_folded),
               static_cast<long long>(snap->duplicates), static_cast<long long>(snap->events_rejected), secs);
  return StopRequested() ? 1 : 0;
}

}  // namespace

void AddReportCommands(CLI::App* app) {
  {
    auto* cmd = app->add_subcommand("report", "print the quarterly ILS report of a data dir");
    auto dir = std::make_shared<std::string>("./data");
    auto quarter = std::make_shared<std::string>();
    auto format = std::make_shared<std::string>("csv");
    auto out = std::make_shared<std::string>();
    auto goals = std::make_shared<bool>(false);
    cmd->add_option("--data-dir", *dir, "data dir")->envname("FOLLOWUP_DATA_DIR");
    cmd->add_option("--quarter", *quarter, "quarter, e.g. 2026Q3")->required();
    cmd->add_option(
        "--format", *format,
        "csv, json or xlsx (xlsx: the workbook with every perspective and the goals; needs --out)");
    cmd->add_option("--out", *out, "output file (default: stdout)");
    cmd->add_flag("--goals", *goals,
                  "the goals report (targets, attainment, trend) instead of the indicators");
    cmd->callback([=] { ExitCode() = Report(*dir, *quarter, *format, *out, *goals); });
  }
  {
    auto* cmd = app->add_subcommand(
        "replay", "rebuild every projection from offset 0 of the log into an empty data dir");
    auto brokers = std::make_shared<std::string>();
    auto dir = std::make_shared<std::string>();
    auto prefix = std::make_shared<std::string>("followup.");
    cmd->add_option("--brokers", *brokers, "bootstrap servers")->required()->envname("FOLLOWUP_BROKERS");
    cmd->add_option("--data-dir", *dir, "new, empty data dir")->required();
    cmd->add_option("--topic-prefix", *prefix, "topic prefix")->envname("FOLLOWUP_TOPIC_PREFIX");
    // The previous projection version, for one release: makes the data dir an
    // older build would have made (the rebuild tests start `serve` on one).
    auto version = std::make_shared<int>(kProjectionVersion);
    cmd->add_option("--projection-version", *version,
                    "the projection version to fold: " + std::to_string(kProjectionVersion) +
                        " (default) or " + std::to_string(kPreviousProjectionVersion) +
                        " (what the previous release folded)")
        ->check(CLI::IsMember({kProjectionVersion, kPreviousProjectionVersion}));
    cmd->callback([=] { ExitCode() = Replay(*brokers, *dir, *prefix, *version); });
  }
}

}  // namespace followup
