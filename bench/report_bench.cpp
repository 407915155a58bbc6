// Time of the full ILS report (all scopes) for 200 e-services over a quarter
// with ~10 million folded events (probes from 3 locations every minute, plus
// catalog, usage, surveys, cost, benefit, incidents and night maintenances).
// Usage: report_bench [dir=/tmp/followup-report-bench] [events=10000000]
// The store is built once (reused when the dir exists), then the report is
// built 20 times; min/median/max are printed.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>

#include "common/decimal.h"
#include "projections/fold.h"
#include "readmodels/ils_report.h"
#include "store/store.h"

using namespace followup;

namespace {

void Commit(Store* store, Fold* fold) {
  rocksdb::WriteBatch wb;
  BatchWriter w(&wb);
  fold->Flush(&w);
  store->Write(&wb, false);
}

void Build(Store* store, size_t target) {
  Fold fold(&store->Live(), FoldOptions{});
  const TimeMs q_start = *ParseRfc3339("2026-10-01T00:00:00+02:00");
  const char* locs[] = {"kista", "liljeholmen", "skarholmen"};
  const char* owners[] = {"Utbildningsnämnden", "Trafiknämnden", "Socialnämnden", "Kulturnämnden",
                          "Stadsbyggnadsnämnden", "Idrottsnämnden", "Stockholm Vatten och Avfall AB"};
  size_t n = 0, batch = 0;
  FoldOutcome o;
  auto apply = [&](Event&& e) {
    fold.Apply(e, e.occurred_at, &o);
    ++n;
    if (++batch >= 20000) {
      Commit(store, &fold);
      batch = 0;
    }
  };
  for (int s = 0; s < 200; ++s) {
    std::string id = "tjanst-" + std::to_string(s);
    ServiceEvent svc{id, "Tjänst " + std::to_string(s), owners[s % 7], Category(s % 3), 1 + s % 5,
                     "https://start.stockholm/" + id, {{AltChannel::kPhone, "Kontaktcenter", "08-508 00 508"}},
                     s % 2 == 0, s % 3 != 0, int64_t(100000 + s) * kMicro, 2000000, false};
    apply(Event{EventType::kService, "cat-" + id, q_start, "", svc});
    for (int m = 0; m < 3; ++m) {
      apply(Event{EventType::kUsage, "use-" + id + std::to_string(m), q_start,
                  "", UsageEvent{id, q_start, q_start + 86400000LL, Channel(m % 4), 100 + s, 50}});
      apply(Event{EventType::kCost, "cost-" + id + std::to_string(m), q_start, "",
                  CostEvent{id, 2026, 10 + m, CostKind(m), (1000 + s) * kMicro, Funding(m % 2)}});
      apply(Event{EventType::kBenefit, "bnf-" + id + std::to_string(m), q_start, "",
                  BenefitEvent{id, 2026, 10 + m, (500 + s) * kMicro, 12 * kMicro}});
      apply(Event{EventType::kSurvey, "srv-" + id + std::to_string(m), q_start + m * 1000, "",
                  SurveyEvent{"enkat", RespondentGroup(m), id, Question(m), 1 + (s + m) % 5, 5}});
    }
    AnnouncementEvent maint{"m-" + id, 1, AnnouncementKind::kPlannedMaintenance, {id}, AnnouncementState::kScheduled,
                            q_start + 3600000LL * (22 + 24 * (s % 10)), q_start + 3600000LL * (26 + 24 * (s % 10)),
                            "Underhåll", "", "", ""};
    apply(Event{EventType::kAnnouncement, "ann-m-" + id, q_start, "", maint});
    AnnouncementEvent inc{"i-" + id, 2, AnnouncementKind::kIncident, {id}, AnnouncementState::kResolved,
                          q_start + 3600000LL * (30 + s), q_start + 3600000LL * (31 + s), "Störning", "", "", ""};
    apply(Event{EventType::kAnnouncement, "ann-i-" + id, q_start, "", inc});
  }
  const size_t per_minute = 200 * 3;
  size_t minutes = (target - n) / per_minute;
  for (size_t m = 0; m < minutes; ++m) {
    TimeMs t = q_start + TimeMs(m) * kMsPerMinute + 15000;
    for (int s = 0; s < 200; ++s)
      for (int l = 0; l < 3; ++l) {
        bool ok = (m * 7 + s * 3 + l) % 53 != 0;
        apply(Event{EventType::kProbe, "p" + std::to_string(m) + "-" + std::to_string(s) + "-" + std::to_string(l),
                    t, "", ProbeEvent{"tjanst-" + std::to_string(s), locs[l], ok, 150000, 200, ""}});
      }
  }
  Commit(store, &fold);
  store->db()->CompactRange(rocksdb::CompactRangeOptions(), nullptr, nullptr);
  std::printf("folded %zu events\n", n);
}

}  // namespace

int main(int argc, char** argv) {
  std::string dir = argc > 1 ? argv[1] : "/tmp/followup-report-bench";
  size_t target = argc > 2 ? std::stoul(argv[2]) : 10'000'000;
  bool fresh = !std::filesystem::exists(dir);
  std::unique_ptr<Store> store;
  Status s = Store::Open(dir, Store::Mode::kReadWrite, &store);
  if (!s.ok()) {
    std::fprintf(stderr, "%s\n", s.message().c_str());
    return 1;
  }
  if (fresh) Build(store.get(), target);
  std::vector<double> ms;
  size_t rows = 0, bytes = 0;
  for (int i = 0; i < 20; ++i) {
    auto t = std::chrono::steady_clock::now();
    IlsReport r;
    BuildIlsReport(*store->Snapshot(), *ParseQuarter("2026Q4"), &r);
    std::string csv = IlsCsv(r);
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count());
    rows = r.rows.size();
    bytes = csv.size();
  }
  std::sort(ms.begin(), ms.end());
  std::printf("report 2026Q4: %zu rows, %zu bytes CSV; build+CSV min %.1f ms, median %.1f ms, max %.1f ms\n", rows,
              bytes, ms.front(), ms[ms.size() / 2], ms.back());
  return 0;
}
