// Operator tools: validate, produce, broker, dump.
#include <simdjson.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "app/commands.h"
#include "events/decoder.h"
#include "events/message_key.h"
#include "events/problems.h"
#include "ingest/embedded_broker.h"
#include "ingest/producer.h"
#include "ingest/topics.h"
#include "readmodels/dump.h"
#include "store/store.h"
#include "store/store_dir.h"

namespace followup {
namespace {

bool ReadLines(const std::string& path, std::vector<std::string>* lines) {
  std::ifstream f;
  std::istream* in = &std::cin;
  if (path != "-") {
    f.open(path);
    if (!f) return false;
    in = &f;
  }
  std::string line;
  while (std::getline(*in, line)) lines->push_back(line);
  return true;
}

int Validate(const std::string& path) {
  std::vector<std::string> lines;
  if (!ReadLines(path, &lines)) {
    std::cerr << "cannot read " << path << "\n";
    return 2;
  }
  EventDecoder decoder;
  int rejected = 0, ok = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].find_first_not_of(" \t\r") == std::string::npos) continue;
    // Every problem of the line, one output line each; the first is the
    // reason the ingest would dead-letter it with.
    std::vector<std::string> problems = EveryProblem(&decoder, lines[i]);
    if (problems.empty()) {
      ++ok;
    } else {
      ++rejected;
      for (const std::string& p : problems) std::cout << path << ":" << (i + 1) << ": " << p << "\n";
    }
  }
  std::cerr << ok << " valid, " << rejected << " rejected\n";
  return rejected ? 1 : 0;
}

// The topic of one line: the input topic of its "type" (the probes topic, which
// dead-letters it, when the line has none).
std::string TypeOfLine(simdjson::dom::parser& parser, const std::string& line) {
  simdjson::dom::element doc;
  if (parser.parse(line).get(doc) != simdjson::SUCCESS || !doc.is_object()) return "";
  std::string_view v;
  if (doc["type"].get_string().get(v) != simdjson::SUCCESS) return "";
  return std::string(v);
}

int Produce(const std::string& brokers, const std::string& prefix, const std::string& topic_override,
            const std::string& path) {
  std::vector<std::string> lines;
  if (!ReadLines(path, &lines)) {
    std::cerr << "cannot read " << path << "\n";
    return 2;
  }
  std::unique_ptr<Producer> producer;
  Status s = Producer::Create({{"bootstrap.servers", brokers}}, &producer);
  if (!s.ok()) {
    std::cerr << s.message() << "\n";
    return 1;
  }
  Topics topics(prefix);
  simdjson::dom::parser parser;
  EventDecoder decoder;
  size_t sent = 0;
  for (const auto& line : lines) {
    if (line.empty()) continue;
    std::string type = TypeOfLine(parser, line);
    std::string key = MessageKeyOfLine(&decoder, line);
    std::string topic = topic_override.empty() ? topics.named(TopicSuffixForType(type)) : topic_override;
    s = producer->Send(topic, key, line);
    if (!s.ok()) break;
    ++sent;
  }
  if (s.ok()) s = producer->Flush(60000);
  if (!s.ok()) {
    std::cerr << s.message() << "\n";
    return 1;
  }
  std::cerr << "produced " << sent << " events\n";
  return 0;
}

int Broker(int partitions, const std::string& prefix, const std::string& address_file) {
  InstallSignalHandlers();
  std::unique_ptr<EmbeddedBroker> broker;
  Status s = EmbeddedBroker::Start(Topics(prefix), partitions, &broker);
  if (!s.ok()) {
    std::cerr << s.message() << "\n";
    return 1;
  }
  std::cout << broker->bootstraps() << std::endl;
  if (!address_file.empty()) {
    std::string tmp = address_file + ".tmp";
    std::ofstream(tmp) << broker->bootstraps() << "\n";
    std::rename(tmp.c_str(), address_file.c_str());
  }
  spdlog::info("broker: mock cluster at {}, {} partitions per topic; a new, empty log", broker->bootstraps(),
               partitions);
  // Fault injection for tests, one command per line on stdin:
  //   down | up                       the broker stops / resumes answering
  //   topic-error TOPIC | topic-ok TOPIC   requests for TOPIC fail / succeed
  //   create TOPIC PARTITIONS         creates a topic (e.g. a layout that is not co-partitioned)
  //   refuse-produce N                the next N produce requests are refused as too large
  //                                   (MSG_SIZE_TOO_LARGE, as a broker with a smaller limit would)
  std::thread control([&broker] {
    std::string line;
    while (std::getline(std::cin, line)) {
      std::istringstream in(line);
      std::string cmd, arg;
      int count = 0;
      in >> cmd >> arg >> count;
      rd_kafka_mock_cluster_t* m = broker->mock();
      if (cmd == "down")
        rd_kafka_mock_broker_set_down(m, 1);
      else if (cmd == "up")
        rd_kafka_mock_broker_set_up(m, 1);
      else if (cmd == "topic-error")
        rd_kafka_mock_topic_set_error(m, arg.c_str(), RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED);
      else if (cmd == "topic-ok")
        rd_kafka_mock_topic_set_error(m, arg.c_str(), RD_KAFKA_RESP_ERR_NO_ERROR);
      else if (cmd == "create" && count > 0)
        rd_kafka_mock_topic_create(m, arg.c_str(), count, 1);
      else if (cmd == "refuse-produce" && std::atoi(arg.c_str()) > 0) {
        for (int i = 0; i < std::atoi(arg.c_str()); ++i)
          rd_kafka_mock_push_request_errors(m, 0 /* Produce */, 1, RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE);
      } else if (!cmd.empty()) {
        spdlog::warn("broker: unknown control command '{}'", cmd);
        continue;
      }
      if (!cmd.empty()) spdlog::info("broker: {}", line);
    }
  });
  control.detach();  // ends with the process; stdin may stay open forever
  WaitForSignal();
  return 0;
}

int Dump(const std::string& dir) {
  std::unique_ptr<Store> store;
  Status s = Store::Open(dir, Store::Mode::kReadOnlySecondary, &store);
  std::string out;
  if (s.ok()) s = DumpProjections(*store->Snapshot(), &out);
  if (!s.ok()) {
    std::cerr << s.message() << "\n";
    return 1;
  }
  std::cout << out;
  return 0;
}

// Offline maintenance: a full manual compaction of a stopped data dir.
int Compact(const std::string& dir) {
  std::unique_ptr<Store> store;
  std::cerr << "opening the store in " << dir << " (recovering its write-ahead log)\n";
  Status s = Store::Open(dir, Store::Mode::kReadWrite, &store);
  if (s.ok()) s = store->CheckVersion();
  if (s.ok()) s = store->CompactAll();
  if (!s.ok()) {
    std::cerr << s.message() << "\n";
    return 1;
  }
  std::cerr << "compacted " << dir << "\n";
  return 0;
}

// Asks for a rebuild beside the served projections (app/live_projections.h):
// the request is the directory <data>/rebuild.
int RequestRebuild(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::exists(fs::path(dir) / "view", ec)) {
    std::cerr << dir
              << " is a scale-out data dir: its partitions are rebuilt from the log when their store is "
                 "missing or stale; rebuild the view with `followup replay`\n";
    return 2;
  }
  if (SwitchPending(dir)) {
    std::cerr << "a rebuild of " << dir
              << " has just taken over; it is moved into place at the next start of "
                 "`followup serve`: ask again after that\n";
    return 1;
  }
  if (fs::exists(RebuildDir(dir), ec)) {
    std::cerr << "a rebuild of " << dir << " is already under way in " << RebuildDir(dir)
              << " (progress: \"rebuild\" in /api/v1/ingest)\n";
    return 1;
  }
  if (!fs::exists(fs::path(dir) / "CURRENT", ec)) {
    std::cerr << "no projection store in " << dir << "\n";
    return 2;
  }
  fs::create_directory(RebuildDir(dir), ec);
  if (ec) {
    std::cerr << "cannot create " << RebuildDir(dir) << ": " << ec.message() << "\n";
    return 1;
  }
  std::cerr
      << "rebuild requested: a `followup serve` running on " << dir
      << " starts it within a second, a stopped one when it starts; the served projections answer every "
         "read until the rebuilt ones have caught up and take over (progress: \"rebuild\" in "
         "/api/v1/ingest, followup_rebuild_* metrics)\n";
  return 0;
}

}  // namespace

void AddToolCommands(CLI::App* app) {
  {
    auto* cmd = app->add_subcommand(
        "rebuild",
        "rebuild the projections of a data dir from the log beside the served ones, without downtime");
    auto dir = std::make_shared<std::string>("./data");
    cmd->add_option("--data-dir", *dir, "data dir")->envname("FOLLOWUP_DATA_DIR");
    cmd->callback([dir] { ExitCode() = RequestRebuild(*dir); });
  }
  {
    auto* cmd = app->add_subcommand("compact", "compact a stopped data dir (RocksDB full compaction)");
    auto dir = std::make_shared<std::string>("./data");
    cmd->add_option("--data-dir", *dir, "data dir")->envname("FOLLOWUP_DATA_DIR");
    cmd->callback([dir] { ExitCode() = Compact(*dir); });
  }
  {
    auto* cmd = app->add_subcommand("validate", "validate NDJSON events; print rejected lines with reasons");
    auto file = std::make_shared<std::string>();
    cmd->add_option("file", *file, "NDJSON file, - for stdin")->required();
    cmd->callback([file] { ExitCode() = Validate(*file); });
  }
  {
    auto* cmd = app->add_subcommand("produce", "send NDJSON events to their topics, keyed by service");
    auto brokers = std::make_shared<std::string>();
    auto prefix = std::make_shared<std::string>("followup.");
    auto topic = std::make_shared<std::string>();
    auto file = std::make_shared<std::string>();
    cmd->add_option("--brokers", *brokers, "bootstrap servers")->required()->envname("FOLLOWUP_BROKERS");
    cmd->add_option("--topic-prefix", *prefix, "topic prefix")->envname("FOLLOWUP_TOPIC_PREFIX");
    cmd->add_option("--topic", *topic, "send every line to this topic instead");
    cmd->add_option("file", *file, "NDJSON file, - for stdin")->required();
    cmd->callback([=] { ExitCode() = Produce(*brokers, *prefix, *topic, *file); });
  }
  {
    auto* cmd = app->add_subcommand("broker", "run the embedded mock Kafka cluster as a process of its own");
    auto partitions = std::make_shared<int>(3);
    auto prefix = std::make_shared<std::string>("followup.");
    auto address_file = std::make_shared<std::string>();
    cmd->add_option("--partitions", *partitions, "partitions per topic")->check(CLI::Range(1, 2048));
    cmd->add_option("--topic-prefix", *prefix, "topic prefix");
    cmd->add_option("--address-file", *address_file, "also write the bootstrap address to this file");
    cmd->callback([=] { ExitCode() = Broker(*partitions, *prefix, *address_file); });
  }
  {
    auto* cmd = app->add_subcommand("dump", "print every projection in canonical text form");
    auto dir = std::make_shared<std::string>("./data");
    cmd->add_option("--data-dir", *dir, "data dir")->envname("FOLLOWUP_DATA_DIR");
    cmd->callback([dir] { ExitCode() = Dump(*dir); });
  }
}

}  // namespace followup
