// Time of the full ILS report (all scopes) for 200 e-services over a quarter
// with ~10 million folded events per quarter (2026Q4, and with quarters=3 also
// 2026Q3 and 2025Q4) (probes from 3 locations every minute, plus
// catalog, usage, surveys, cost, benefit, incidents and night maintenances).
// Then the goals report of the same quarter with a 2026 target on every city
// and owner row (24 indicators x (city + 7 owners) = 192 targets): it builds
// the ILS reports of 2026Q4, 2026Q3 and 2025Q4 and compares.
// Usage: report_bench [dir=/tmp/followup-report-bench] [events=10000000 per quarter] [quarters=3|1]
// The store is built once (reused when the dir exists; the targets are added
// to a store that lacks them), then each report is built 20 times;
// min/median/max are printed.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "common/decimal.h"
#include "events/indicators.h"
#include "projections/fold.h"
#include "readmodels/goals_report.h"
#include "readmodels/ils_report.h"
#include "readmodels/ils_workbook.h"
#include "store/store.h"

using namespace followup;

namespace {

const char* owners[] = {"Utbildningsnämnden",
                        "Trafiknämnden",
                        "Socialnämnden",
                        "Kulturnämnden",
                        "Stadsbyggnadsnämnden",
                        "Idrottsnämnden",
                        "Stockholm Vatten och Avfall AB"};

// A fold, write or report that fails would make the figures meaningless: stop.
void Check(const Status& s) {
  if (s.ok()) return;
  std::fprintf(stderr, "%s\n", s.ToString().c_str());
  std::exit(1);
}

void Commit(Store* store, Fold* fold) {
  std::unique_ptr<KvBatch> wb = store->NewBatch();
  fold->Flush(wb.get());
  Check(store->Write(wb.get(), false));
}

// One quarter of data (~target events); the catalog with the first quarter only.
void Build(Store* store, size_t target, QuarterId quarter, bool with_catalog) {
  Fold fold(&store->Live(), FoldOptions{});
  const TimeMs q_start = QuarterStart(quarter);
  const int year = QuarterYear(quarter), month = (QuarterNumber(quarter) - 1) * 3 + 1;
  const std::string p = QuarterName(quarter) + "-";  // event and announcement ids unique per quarter
  const char* locs[] = {"kista", "liljeholmen", "skarholmen"};
  size_t n = 0, batch = 0;
  FoldOutcome o;
  auto apply = [&](Event&& e) {
    Check(fold.Apply(e, e.occurred_at, &o));
    ++n;
    if (++batch >= 20000) {
      Commit(store, &fold);
      batch = 0;
    }
  };
  for (int s = 0; s < 200; ++s) {
    std::string id = "tjanst-" + std::to_string(s);
    ServiceEvent svc{id,
                     "Tjänst " + std::to_string(s),
                     owners[s % 7],
                     Category(s % 3),
                     1 + s % 5,
                     "https://start.stockholm/" + id,
                     {{AltChannel::kPhone, "Kontaktcenter", "08-508 00 508"}},
                     s % 2 == 0,
                     s % 3 != 0,
                     int64_t(100000 + s) * kMicro,
                     2000000,
                     false};
    if (with_catalog) apply(Event{EventType::kService, "cat-" + id, q_start, "", svc});
    for (int m = 0; m < 3; ++m) {
      apply(Event{EventType::kUsage, p + "use-" + id + std::to_string(m), q_start, "",
                  UsageEvent{id, q_start, q_start + 86400000LL, Channel(m % 4), 100 + s, 50}});
      apply(Event{EventType::kCost, p + "cost-" + id + std::to_string(m), q_start, "",
                  CostEvent{id, year, month + m, CostKind(m), (1000 + s) * kMicro, Funding(m % 2)}});
      apply(Event{EventType::kBenefit, p + "bnf-" + id + std::to_string(m), q_start, "",
                  BenefitEvent{id, year, month + m, (500 + s) * kMicro, 12 * kMicro}});
      apply(Event{EventType::kSurvey, p + "srv-" + id + std::to_string(m), q_start + m * 1000, "",
                  SurveyEvent{"enkat", RespondentGroup(m), id, Question(m), 1 + (s + m) % 5, 5}});
    }
    AnnouncementEvent maint{p + "m-" + id,
                            1,
                            AnnouncementKind::kPlannedMaintenance,
                            {id},
                            AnnouncementState::kScheduled,
                            q_start + 3600000LL * (22 + 24 * (s % 10)),
                            q_start + 3600000LL * (26 + 24 * (s % 10)),
                            "Underhåll",
                            "",
                            "",
                            ""};
    apply(Event{EventType::kAnnouncement, p + "ann-m-" + id, q_start, "", maint});
    AnnouncementEvent inc{p + "i-" + id,
                          2,
                          AnnouncementKind::kIncident,
                          {id},
                          AnnouncementState::kResolved,
                          q_start + 3600000LL * (30 + s),
                          q_start + 3600000LL * (31 + s),
                          "Störning",
                          "",
                          "",
                          ""};
    apply(Event{EventType::kAnnouncement, p + "ann-i-" + id, q_start, "", inc});
  }
  const size_t per_minute = 200 * 3;
  size_t minutes = (target - n) / per_minute;
  for (size_t m = 0; m < minutes; ++m) {
    TimeMs t = q_start + TimeMs(m) * kMsPerMinute + 15000;
    for (int s = 0; s < 200; ++s)
      for (int l = 0; l < 3; ++l) {
        bool ok = (m * 7 + s * 3 + l) % 53 != 0;
        apply(Event{EventType::kProbe,
                    p + "p" + std::to_string(m) + "-" + std::to_string(s) + "-" + std::to_string(l), t, "",
                    ProbeEvent{"tjanst-" + std::to_string(s), locs[l], ok, 150000, 200, ""}});
      }
  }
  Commit(store, &fold);
  Check(store->CompactAll());
  std::printf("folded %zu events into %s\n", n, QuarterName(quarter).c_str());
}

// A 2026 target on every city and owner row; values in the indicator's unit
// (shares 0.5, others 1000), tolerance 5 % of it.
void AddTargets(Store* store) {
  Fold fold(&store->Live(), FoldOptions{});
  const TimeMs at = *ParseRfc3339("2026-01-10T09:00:00Z");
  FoldOutcome o;
  size_t n = 0;
  for (const auto& ind : kIndicators) {
    int64_t value = ind.share ? kMicro / 2 : 1000 * kMicro;
    auto add = [&](Scope scope, const std::string& id) {
      TargetEvent t{std::string(ind.name), scope, id, 2026, false, value, value / 20};
      Check(fold.Apply(Event{EventType::kTarget, "tgt-" + std::to_string(n++), at, "", t}, at, &o));
    };
    add(Scope::kCity, "stockholm");
    for (const char* owner : owners) add(Scope::kOwner, owner);
  }
  Commit(store, &fold);
  std::printf("folded %zu targets\n", n);
}

template <class F>
void Time(const char* what, F build) {
  std::vector<double> ms;
  std::string summary;
  for (int i = 0; i < 20; ++i) {
    auto t = std::chrono::steady_clock::now();
    summary = build();
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count());
  }
  std::sort(ms.begin(), ms.end());
  std::printf("%s: %s; min %.1f ms, median %.1f ms, max %.1f ms\n", what, summary.c_str(), ms.front(),
              ms[ms.size() / 2], ms.back());
}

}  // namespace

int main(int argc, char** argv) {
  std::string dir = argc > 1 ? argv[1] : "/tmp/followup-report-bench";
  size_t target = argc > 2 ? std::stoul(argv[2]) : 10'000'000;  // per quarter
  int quarters = argc > 3 ? std::stoi(argv[3]) : 3;
  bool fresh = !std::filesystem::exists(dir);
  std::unique_ptr<Store> store;
  Status s = Store::Open(dir, Store::Mode::kReadWrite, &store);
  if (!s.ok()) {
    std::fprintf(stderr, "%s\n", s.message().c_str());
    return 1;
  }
  // The goals report of 2026Q4 reads 2026Q4, 2026Q3 and 2025Q4: with
  // quarters=3 (the default) all three have a full quarter of data.
  if (fresh) {
    Build(store.get(), target, *ParseQuarter("2026Q4"), true);
    if (quarters >= 3) {
      Build(store.get(), target, *ParseQuarter("2026Q3"), false);
      Build(store.get(), target, *ParseQuarter("2025Q4"), false);
    }
  }
  std::vector<TargetRecord> targets;
  if (!(s = LoadTargets(*store->Snapshot(), 2026, &targets)).ok()) {
    std::fprintf(stderr, "%s\n", s.message().c_str());
    return 1;
  }
  if (targets.empty()) AddTargets(store.get());
  const QuarterId q = *ParseQuarter("2026Q4");
  Time("report 2026Q4, build+CSV", [&] {
    IlsReport r;
    Check(BuildIlsReport(*store->Snapshot(), q, &r));
    std::string csv = IlsCsv(r);
    return std::to_string(r.rows.size()) + " rows, " + std::to_string(csv.size()) + " bytes CSV";
  });
  Time("goals 2026Q4, build+CSV", [&] {
    GoalsReport r;
    Check(BuildGoalsReport(*store->Snapshot(), q, &r));
    std::string csv = GoalsCsv(r);
    size_t with_value = 0;
    for (const auto& row : r.rows) with_value += row.value.has_value();
    return std::to_string(r.rows.size()) + " rows (" + std::to_string(with_value) + " with a value), " +
           std::to_string(csv.size()) + " bytes CSV";
  });
  Time("workbook 2026Q4 (both reports + xlsx)", [&] {
    auto snap = store->Snapshot();
    IlsReport r;
    GoalsReport g;
    Check(BuildIlsReport(*snap, q, &r));
    Check(BuildGoalsReport(*snap, q, &g));
    std::string xlsx;
    Check(IlsWorkbook(r, g, &xlsx));
    return std::to_string(xlsx.size()) + " bytes";
  });
  return 0;
}
