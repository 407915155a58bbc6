// The citizens' history of one service over 400 days, read from RocksDB the
// way the service reads it (a snapshot per request). The store holds 400 days
// of probes from 3 locations every minute (576,000 service-minutes), a 2-hour
// maintenance window every week and 300 incidents with 3 revisions each.
// Times, each the median of `runs`:
//   history 400 d   : ComputeServiceHistory(400 days) + RenderHistoryJson
//   history 90 d    : the same for the default 90 days
//   response times  : ComputeResponseTimes + RenderResponseTimesJson
//   archive page    : ComputeArchive(20 items with their revisions) + RenderArchiveJson
//   service page    : everything the HTML page computes and renders
// Usage: history_bench [runs=21] [dir=/tmp/followup-history-bench]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "bench_store.h"
#include "projections/fold.h"
#include "readmodels/history.h"
#include "readmodels/history_render.h"
#include "store/store.h"

using namespace followup;
using followup::bench::Check;

namespace {

double MedianMs(int runs, const std::function<void()>& fn) {
  std::vector<double> t;
  for (int i = 0; i < runs; ++i) {
    auto a = std::chrono::steady_clock::now();
    fn();
    t.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - a).count());
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  int runs = argc > 1 ? std::atoi(argv[1]) : 21;
  std::string dir = argc > 2 ? argv[2] : "/tmp/followup-history-bench";
  std::filesystem::remove_all(dir);
  std::unique_ptr<Store> store;
  Check(Store::Open(dir, Store::Mode::kReadWrite, &store));
  const TimeMs now = *ParseRfc3339("2026-11-26T12:30:45Z");
  const TimeMs start = now - 401LL * 24 * 3600 * 1000;

  bench::StoreFolder folder(store.get());
  auto apply = [&](const Event& e) { folder.Apply(e); };
  {
    Event e;
    e.type = EventType::kService;
    e.event_id = "svc";
    e.occurred_at = start;
    ServiceEvent s;
    s.service_id = "parkering";
    s.name = "Boendeparkering";
    s.url = "https://start.stockholm/parkering";
    e.body = s;
    apply(e);
  }
  bench::FoldProbes(&folder, "parkering", start, now, kMsPerMinute);
  auto announce = [&](const std::string& id, int rev, AnnouncementKind kind, AnnouncementState state,
                      TimeMs s, std::optional<TimeMs> end, TimeMs at) {
    Event e;
    e.type = EventType::kAnnouncement;
    e.event_id = id + "-" + std::to_string(rev);
    e.occurred_at = at;
    AnnouncementEvent a;
    a.announcement_id = id;
    a.revision = rev;
    a.kind = kind;
    a.service_ids = {"parkering"};
    a.state = state;
    a.starts_at = s;
    a.ends_at = end;
    a.title_sv = "Meddelande " + id + " revision " + std::to_string(rev);
    a.body_sv = std::string(400, 'x');
    e.body = a;
    apply(e);
  };
  for (int w = 0; w < 58; ++w) {
    TimeMs s = start + TimeMs(w) * 7 * 24 * 3600 * 1000 + 22LL * 3600 * 1000;
    announce("m" + std::to_string(w), 1, AnnouncementKind::kPlannedMaintenance, AnnouncementState::kScheduled,
             s, s + 2 * 3600 * 1000, s - 3600 * 1000);
  }
  for (int i = 0; i < 300; ++i) {
    TimeMs s = start + TimeMs(i) * 32 * 3600 * 1000;
    std::string id = "i" + std::to_string(i);
    announce(id, 1, AnnouncementKind::kIncident, AnnouncementState::kInvestigating, s, std::nullopt,
             s + 60000);
    announce(id, 2, AnnouncementKind::kIncident, AnnouncementState::kIdentified, s, std::nullopt, s + 600000);
    announce(id, 3, AnnouncementKind::kIncident, AnnouncementState::kResolved, s, s + 3600000, s + 3600000);
  }
  folder.Finish();
  Check(store->CompactAll());
  std::printf("folded %lld events into %s\n", static_cast<long long>(folder.events()), dir.c_str());

  size_t bytes = 0;
  auto history = [&](int days) {
    return [&, days] {
      auto r = store->Snapshot();
      ServiceHistory h;
      Check(ComputeServiceHistory(*r, "parkering", days, now, &h));
      bytes = RenderHistoryJson(h).size();
    };
  };
  double h400 = MedianMs(runs, history(400));
  size_t b400 = bytes;
  double h90 = MedianMs(runs, history(90));
  double rt = MedianMs(runs, [&] {
    auto r = store->Snapshot();
    ResponseTimes x;
    Check(ComputeResponseTimes(*r, "parkering", now, &x));
    bytes = RenderResponseTimesJson(x).size();
  });
  double archive = MedianMs(runs, [&] {
    auto r = store->Snapshot();
    ArchiveQuery q;
    ArchivePage p;
    Check(ComputeArchive(*r, q, now, &p));
    bytes = RenderArchiveJson(p, q.limit).size();
  });
  double page = MedianMs(runs, [&] {
    auto r = store->Snapshot();
    ServiceHistory h;
    Check(ComputeServiceHistory(*r, "parkering", 90, now, &h));
    ResponseTimes x;
    Check(ComputeResponseTimes(*r, "parkering", now, &x));
    ArchiveQuery q;
    q.service_id = "parkering";
    q.limit = 10;
    ArchivePage p;
    Check(ComputeArchive(*r, q, now, &p));
    ServiceStatus st;
    st.service_id = "parkering";
    st.name = "Boendeparkering";
    st.level = StatusLevel::kOperational;
    bytes = RenderServiceHistoryHtml(st, h, x, p, now).size();
  });
  std::printf("history 400 d : %8.2f ms (%zu bytes)\n", h400, b400);
  std::printf("history 90 d  : %8.2f ms\n", h90);
  std::printf("response times: %8.2f ms\n", rt);
  std::printf("archive page  : %8.2f ms\n", archive);
  std::printf("service page  : %8.2f ms (%zu bytes)\n", page, bytes);
  std::filesystem::remove_all(dir);
  return 0;
}
