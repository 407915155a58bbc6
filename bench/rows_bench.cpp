// The scale-out aggregates topic for a simulated city-year (bench/README.md).
// One service folded for 365 days the way the service folds it (probes every
// 30 s from 3 locations: 3.15 million events, and a 2-hour maintenance window
// a month), then:
//   rows     : what its owner publishes when it starts serving, per family, in
//              rows and bytes (key + value): every row (what was published
//              before the rings) and what is published now
//              (PublishedRingRows, ingest/row_publisher.h), and both for 200
//              services (x 200: every service has its own rows);
//   view     : the time a new instance's view takes to store those rows in a
//              fresh RocksDB the way it does (a read of the held copy before
//              each minute or hour row, batches of 10,000), measured for one service,
//              then for 200 in proportion. Reading them from the brokers comes
//              on top (kcat reads 150,000-490,000 messages/s on this machine).
// Usage: rows_bench [dir=/tmp/followup-rows-bench]
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "bench_store.h"
#include "ingest/row_publisher.h"
#include "projections/fold.h"
#include "projections/keys.h"
#include "readmodels/maintenance.h"
#include "store/store.h"

using namespace followup;
using followup::bench::Check;

namespace {

struct Family {
  int64_t rows = 0, bytes = 0;
};

using Rows = std::vector<std::pair<std::string, std::string>>;

// Seconds to store rows the way the view does.
double ViewSeconds(const std::string& dir, const Rows& rows) {
  std::filesystem::remove_all(dir);
  std::unique_ptr<Store> view;
  Check(Store::Open(dir, Store::Mode::kReadWrite, &view));
  auto t0 = std::chrono::steady_clock::now();
  std::map<std::string, std::string> pending;
  auto commit = [&] {
    std::unique_ptr<KvBatch> b = view->NewBatch();
    for (const auto& [k, v] : pending) b->Put(k, v);
    Check(view->Write(b.get(), false));
    pending.clear();
  };
  std::string key, value;
  for (const auto& [k, v] : rows) {
    if (!ViewRow(k, v, &key, &value) || !ValidRow(key, value)) std::exit(2);
    if (!ViewReplaces(pending, view->Live(), key, value)) continue;
    pending[key] = value;
    if (pending.size() >= 10000) commit();
  }
  commit();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
  const std::string dir = argc > 1 ? argv[1] : "/tmp/followup-rows-bench";
  std::filesystem::remove_all(dir);
  std::unique_ptr<Store> store;
  Check(Store::Open(dir + "/owner", Store::Mode::kReadWrite, &store));
  const TimeMs start = *ParseRfc3339("2026-01-01T00:00:00Z");
  const TimeMs end = start + 365LL * 24 * 3600 * 1000;
  const std::string sid = "parkering";

  bench::StoreFolder folder(store.get());
  bench::FoldProbes(&folder, sid, start, end, 30000);
  std::vector<AnnouncementRecord> anns;
  for (int month = 0; month < 12; ++month) {
    AnnouncementRecord r;
    AnnouncementEvent& a = r.announcement;
    a.announcement_id = "m" + std::to_string(month);
    a.revision = 1;
    a.kind = AnnouncementKind::kPlannedMaintenance;
    a.service_ids = {sid};
    a.state = AnnouncementState::kScheduled;
    a.starts_at = start + TimeMs(month) * 30 * 24 * 3600 * 1000 + (22LL * 60 + 17) * 60 * 1000;
    a.ends_at = a.starts_at + 2LL * 3600 * 1000;
    anns.push_back(r);
  }
  folder.Finish();
  const MaintenanceWindows windows = MaintenanceMinutes(anns, 0, MinuteOf(end));

  std::map<std::string, Family> before, now;
  Rows before_rows, now_rows;
  auto family = [](std::string_view k) { return std::string(k.substr(0, 2)); };
  auto note = [](std::map<std::string, Family>* f, Rows* rows, const std::string& fam, std::string_view k,
                 std::string_view v) {
    auto& x = (*f)[fam];
    ++x.rows;
    x.bytes += int64_t(k.size() + v.size());
    rows->emplace_back(k, v);
  };
  for (std::string_view fam :
       {keys::kMinutePrefix, keys::kHourPrefix, keys::kDayPrefix, keys::kQuarterFamily})
    Check(store->Live().Scan(fam, PrefixEnd(fam), [&](std::string_view k, std::string_view v) {
      note(&before, &before_rows, family(k), k, v);
      if (fam != keys::kMinutePrefix && fam != keys::kHourPrefix) note(&now, &now_rows, family(k), k, v);
      return true;
    }));
  Check(PublishedRingRows(store->Live(), windows, [&](std::string_view k, std::string_view v) {
    note(&now, &now_rows, family(k), k, v);
    return Status::Ok();
  }));

  std::printf("events folded: %lld (1 service, 365 days, every 30 s from 3 locations)\n",
              (long long)folder.events());
  std::printf("%-8s %14s %14s %14s %14s\n", "family", "rows before", "bytes before", "rows now", "bytes now");
  Family tb, tn;
  for (const char* fam : {"m/", "s/", "h/", "u/", "v/", "q/"}) {
    Family b = before[fam], w = now[fam];
    tb.rows += b.rows;
    tb.bytes += b.bytes;
    tn.rows += w.rows;
    tn.bytes += w.bytes;
    std::printf("%-8s %14lld %14lld %14lld %14lld\n", fam, (long long)b.rows, (long long)b.bytes,
                (long long)w.rows, (long long)w.bytes);
  }
  std::printf("%-8s %14lld %14lld %14lld %14lld\n", "total", (long long)tb.rows, (long long)tb.bytes,
              (long long)tn.rows, (long long)tn.bytes);
  std::printf("%-8s %14lld %14lld %14lld %14lld\n", "x 200", (long long)tb.rows * 200,
              (long long)tb.bytes * 200, (long long)tn.rows * 200, (long long)tn.bytes * 200);
  const double vb = ViewSeconds(dir + "/view-before", before_rows);
  const double vn = ViewSeconds(dir + "/view-now", now_rows);
  std::printf("view stores 1 service's rows: before %.2f s (%.0f rows/s), now %.3f s (%.0f rows/s)\n", vb,
              double(tb.rows) / vb, vn, double(tn.rows) / vn);
  std::printf("in proportion for 200 services: before %.0f s, now %.1f s\n", vb * 200, vn * 200);
  std::filesystem::remove_all(dir);
  return 0;
}
