// Fold throughput in-process, without Kafka, on a realistic event mix
// (90 % probes from 3 locations, the rest usage, surveys, cost, benefit,
// catalog and announcements). Three figures, each on one thread:
//   decode             : decode + validate only
//   fold (decoded)     : fold of already decoded events into the batch overlay
//                        (dedup lookups against RocksDB included), flushed into a
//                        WriteBatch that is not written
//   decode+fold        : both of the above
//   decode+fold+commit : plus the RocksDB Write of each batch (what the service does)
// Usage: fold_bench [events=1000000] [batch=10000] [dir=/tmp/followup-fold-bench] [only=commit]
//        (only=commit: just the last figure, e.g. under perf record)
//        fold_bench --emit N [services=200]   (prints the same event mix as NDJSON, for bench/e2e.sh)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "events/decoder.h"
#include "projections/fold.h"
#include "store/store.h"

using namespace followup;

namespace {

std::vector<std::string> MakeEvents(size_t n, int services = 200) {
  std::vector<std::string> out;
  out.reserve(n);
  const char* locs[] = {"kista", "liljeholmen", "skarholmen"};
  const TimeMs start = *ParseRfc3339("2026-10-01T00:00:00Z");
  char buf[1024];
  for (size_t i = 0; out.size() < n; ++i) {
    int svc = int(i % size_t(services));
    if (i % 10 != 9) {
      TimeMs t = start + TimeMs(i / 600) * 30000 + (i % 3) * 1000;
      std::snprintf(
          buf, sizeof buf,
          R"({"type":"probe.v1","event_id":"p-%zu","occurred_at":"%s","source":"probe-%s","service_id":"svc-%d","location":"%s","ok":%s,"latency_ms":%d.5,"http_status":200})",
          i, FormatRfc3339Utc(t).c_str(), locs[i % 3], svc, locs[i % 3], (i % 97) ? "true" : "false",
          int(80 + i % 400));
    } else {
      switch ((i / 10) % 5) {
        case 0:
          std::snprintf(
              buf, sizeof buf,
              R"({"type":"usage.v1","event_id":"u-%zu","occurred_at":"2026-11-01T02:00:00Z","service_id":"svc-%d","period_start":"2026-10-01T00:00:00+02:00","period_end":"2026-11-01T00:00:00+01:00","channel":"digital","cases":%zu,"cases_with_contact_details":%zu})",
              i, svc, i % 1000, i % 500);
          break;
        case 1:
          std::snprintf(
              buf, sizeof buf,
              R"({"type":"survey.v1","event_id":"s-%zu","occurred_at":"2026-11-12T14:03:00Z","survey_id":"enkat","respondent_group":"citizen","service_id":"svc-%d","question":"satisfaction","score":%zu,"scale_max":5})",
              i, svc, 1 + i % 5);
          break;
        case 2:
          std::snprintf(
              buf, sizeof buf,
              R"({"type":"cost.v1","event_id":"c-%zu","occurred_at":"2026-11-05T09:00:00Z","service_id":"svc-%d","month":"2026-10","kind":"operations","amount_sek":4250.25,"funding":"line"})",
              i, svc);
          break;
        case 3:
          std::snprintf(
              buf, sizeof buf,
              R"({"type":"benefit.v1","event_id":"b-%zu","occurred_at":"2026-11-05T09:00:00Z","service_id":"svc-%d","month":"2026-10","realized_sek":61000,"hours_saved":120.5})",
              i, svc);
          break;
        default:
          std::snprintf(
              buf, sizeof buf,
              R"({"type":"service.v1","event_id":"cat-%zu","occurred_at":"2026-06-01T08:00:00Z","service_id":"svc-%d","name":"Tjänst","owner":"Utbildningsnämnden","category":"differentierande","focus_area":1,"url":"https://start.stockholm/x","alternatives":[{"channel":"phone","label":"Kontaktcenter","contact":"08-508 00 508"}],"presents_case_status":true,"wcag_aa":true,"investment_sek":1850000})",
              i, svc);
      }
    }
    out.emplace_back(buf);
  }
  return out;
}

// A fold or write that fails would make the figures meaningless: stop.
void Check(const Status& s) {
  if (s.ok()) return;
  std::fprintf(stderr, "%s\n", s.ToString().c_str());
  std::exit(1);
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 2 && std::string(argv[1]) == "--emit") {
    for (const auto& e : MakeEvents(std::stoul(argv[2]), argc > 3 ? std::stoi(argv[3]) : 200))
      std::printf("%s\n", e.c_str());
    return 0;
  }
  size_t n = argc > 1 ? std::stoul(argv[1]) : 1'000'000;
  size_t batch = argc > 2 ? std::stoul(argv[2]) : 10'000;
  std::string dir = argc > 3 ? argv[3] : "/tmp/followup-fold-bench";
  const bool only_commit = argc > 4 && std::string(argv[4]) == "commit";
  auto events = MakeEvents(n);
  size_t bytes = 0;
  for (const auto& e : events) bytes += e.size();
  std::printf("events: %zu (%.1f MB), batch %zu\n", n, bytes / 1e6, batch);

  EventDecoder decoder;
  Event ev;
  DecodeError err;
  auto t = std::chrono::steady_clock::now();
  std::vector<Event> decoded;
  if (!only_commit) {
    size_t ok = 0;
    for (const auto& e : events) ok += decoder.Decode(e, &ev, &err);
    double decode_s = Seconds(t);
    std::printf("decode          : %10.0f events/s (%zu valid)\n", n / decode_s, ok);
    decoded.resize(events.size());
    for (size_t i = 0; i < events.size(); ++i) decoder.Decode(events[i], &decoded[i], &err);
  }
  for (int mode = only_commit ? 2 : 0; mode < 3; ++mode) {
    std::filesystem::remove_all(dir);
    std::unique_ptr<Store> store;
    Status s = Store::Open(dir, Store::Mode::kReadWrite, &store);
    if (!s.ok()) {
      std::fprintf(stderr, "%s\n", s.message().c_str());
      return 1;
    }
    Fold fold(&store->Live(), FoldOptions{});
    t = std::chrono::steady_clock::now();
    size_t in_batch = 0, applied = 0;
    auto flush = [&] {
      std::unique_ptr<KvBatch> wb = store->NewBatch();
      fold.Flush(wb.get());
      if (mode == 2) Check(store->Write(wb.get(), false));
      in_batch = 0;
    };
    for (size_t i = 0; i < events.size(); ++i) {
      const Event* e = mode == 0 ? &decoded[i] : nullptr;
      if (mode > 0) {
        if (!decoder.Decode(events[i], &ev, &err)) continue;
        e = &ev;
      }
      FoldOutcome o;
      Check(fold.Apply(*e, e->occurred_at, &o));
      applied += o == FoldOutcome::kApplied;
      if (++in_batch >= batch) flush();
    }
    flush();
    double secs = Seconds(t);
    const char* names[] = {"fold (decoded)  ", "decode+fold     ", "decode+fold+commit"};
    std::printf("%s: %10.0f events/s (%zu applied, %.2f s)\n", names[mode], n / secs, applied, secs);
  }
  std::filesystem::remove_all(dir);
  return 0;
}
