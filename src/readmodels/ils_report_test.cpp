// Golden tests for the quarterly ILS report (spec/indicators.md).
//
// Every expectation below was computed by hand from the spec (shared/spec/
// indicators.md, events.md) — never from program output. The arithmetic is in
// the comment above each expected block.
//
// Calendar facts used throughout (Europe/Stockholm, 2026):
//   DST starts Sun 29 Mar 01:00 UTC (02:00 CET -> 03:00 CEST),
//   DST ends   Sun 25 Oct 01:00 UTC (03:00 CEST -> 02:00 CET).
//   2026Q1 = 90 days - 1 h = 129600 - 60 = 129540 minutes
//   2026Q2 = 91 days (all CEST)        = 131040 minutes
//   2026Q3 = 92 days (all CEST)        = 132480 minutes
//   2026Q4 = 92 days + 1 h = 132480 + 60 = 132540 minutes
//
// Value formatting (spec + brief): at most 6 decimals, half away from zero,
// trailing zeros dropped, integers without a decimal point.
#include "readmodels/ils_report.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "common/time.h"
#include "projections/fold_testing.h"

namespace followup {
namespace {

// ------------------------------------------------------------------ helpers

constexpr std::string_view kHeader =
    "quarter,perspective,indicator,scope,scope_id,value,numerator,denominator\n";

// A JSON string literal (with quotes), escaping what the test data needs.
std::string J(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
  return out;
}

// Maps an arbitrary text (e.g. a timestamp) to event_id-safe characters.
std::string San(std::string_view s) {
  std::string out;
  for (char c : s) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
              c == '_' || c == ':' || c == '-';
    out += ok ? c : '_';
  }
  return out;
}

struct Svc {
  std::string id;
  std::string owner = "Kulturnämnden";
  std::string category = "grundlaggande";
  int focus = 1;
  bool case_status = false;
  bool wcag = false;
  std::string investment = "0";
  bool retired = false;
  std::string occurred_at = "2026-01-15T08:00:00Z";
  std::string event_id = "";
};

std::string Service(const Svc& s) {
  std::string id = s.event_id.empty() ? "cat." + s.id + "." + San(s.occurred_at) : s.event_id;
  std::string out =
      R"({"type":"service.v1","event_id":)" + J(id) + R"(,"occurred_at":)" + J(s.occurred_at) +
      R"(,"source":"applikationsportfolj","service_id":)" + J(s.id) + R"(,"name":"Tjänst )" + s.id +
      R"(","owner":)" + J(s.owner) + R"(,"category":)" + J(s.category) + R"(,"focus_area":)" +
      std::to_string(s.focus) + R"(,"url":"https://start.stockholm/)" + s.id +
      R"(","alternatives":[{"channel":"phone","label":"Kontaktcenter Stockholm","contact":"08-508 00 508"}],"presents_case_status":)" +
      (s.case_status ? "true" : "false") + R"(,"wcag_aa":)" + (s.wcag ? "true" : "false") +
      R"(,"investment_sek":)" + s.investment;
  if (s.retired) out += R"(,"retired":true)";
  out += "}";
  return out;
}

std::string Probe(const std::string& svc, const std::string& loc, bool ok, const std::string& at,
                  const std::string& event_id = "") {
  std::string id = event_id.empty() ? "p." + svc + "." + loc + "." + San(at) : event_id;
  return R"({"type":"probe.v1","event_id":)" + J(id) + R"(,"occurred_at":)" + J(at) + R"(,"service_id":)" +
         J(svc) + R"(,"location":)" + J(loc) + R"(,"ok":)" + (ok ? "true" : "false") + R"(,"latency_ms":)" +
         (ok ? "120" : "10000") + "}";
}

std::string ServiceList(const std::vector<std::string>& services) {
  std::string out = "[";
  for (size_t i = 0; i < services.size(); ++i) out += (i ? "," : "") + J(services[i]);
  return out + "]";
}

// ends empty => null.
std::string Announcement(const std::string& ann_id, int rev, const std::string& kind,
                         const std::string& state, const std::vector<std::string>& services,
                         const std::string& starts, const std::string& ends, const std::string& event_id = "",
                         const std::string& occurred_at = "") {
  std::string id = event_id.empty() ? "ann." + ann_id + ".r" + std::to_string(rev) : event_id;
  std::string occ = occurred_at.empty() ? starts : occurred_at;
  return R"({"type":"announcement.v1","event_id":)" + J(id) + R"(,"occurred_at":)" + J(occ) +
         R"(,"announcement_id":)" + J(ann_id) + R"(,"revision":)" + std::to_string(rev) + R"(,"kind":)" +
         J(kind) + R"(,"service_ids":)" + ServiceList(services) + R"(,"state":)" + J(state) +
         R"(,"starts_at":)" + J(starts) + R"(,"ends_at":)" + (ends.empty() ? "null" : J(ends)) +
         R"(,"title_sv":"Driftinformation","body_sv":"Text."})";
}

std::string Maintenance(const std::string& ann_id, int rev, const std::string& state,
                        const std::vector<std::string>& services, const std::string& starts,
                        const std::string& ends, const std::string& event_id = "") {
  return Announcement(ann_id, rev, "planned_maintenance", state, services, starts, ends, event_id);
}

std::string Incident(const std::string& ann_id, int rev, const std::string& state,
                     const std::vector<std::string>& services, const std::string& starts,
                     const std::string& ends, const std::string& event_id = "") {
  return Announcement(ann_id, rev, "incident", state, services, starts, ends, event_id);
}

// contact < 0 => field absent. occurred empty => period_end.
std::string Usage(const std::string& id, const std::string& svc, const std::string& ps, const std::string& pe,
                  const std::string& channel, long cases, long contact = -1,
                  const std::string& occurred = "") {
  std::string out = R"({"type":"usage.v1","event_id":)" + J(id) + R"(,"occurred_at":)" +
                    J(occurred.empty() ? pe : occurred) + R"(,"service_id":)" + J(svc) +
                    R"(,"period_start":)" + J(ps) + R"(,"period_end":)" + J(pe) + R"(,"channel":)" +
                    J(channel) + R"(,"cases":)" + std::to_string(cases);
  if (contact >= 0) out += R"(,"cases_with_contact_details":)" + std::to_string(contact);
  return out + "}";
}

std::string Adoption(const std::string& id, const std::string& svc, const std::string& ps,
                     const std::string& pe, long licensed, long active, const std::string& occurred = "") {
  return R"({"type":"adoption.v1","event_id":)" + J(id) + R"(,"occurred_at":)" +
         J(occurred.empty() ? pe : occurred) + R"(,"service_id":)" + J(svc) + R"(,"period_start":)" + J(ps) +
         R"(,"period_end":)" + J(pe) + R"(,"licensed_users":)" + std::to_string(licensed) +
         R"(,"active_users":)" + std::to_string(active) + "}";
}

// svc nullopt => "service_id": null; omit_service => field absent.
std::string Survey(const std::string& id, const std::string& group, std::optional<std::string> svc,
                   const std::string& question, int score, int scale, const std::string& at,
                   bool omit_service = false) {
  std::string out = R"({"type":"survey.v1","event_id":)" + J(id) + R"(,"occurred_at":)" + J(at) +
                    R"(,"survey_id":"enkat-golden","respondent_group":)" + J(group);
  if (!omit_service) out += R"(,"service_id":)" + (svc ? J(*svc) : std::string("null"));
  return out + R"(,"question":)" + J(question) + R"(,"score":)" + std::to_string(score) + R"(,"scale_max":)" +
         std::to_string(scale) + "}";
}

std::string Cost(const std::string& id, const std::string& svc, const std::string& month,
                 const std::string& kind, const std::string& amount, const std::string& funding,
                 const std::string& occurred = "") {
  return R"({"type":"cost.v1","event_id":)" + J(id) + R"(,"occurred_at":)" +
         J(occurred.empty() ? month + "-20T09:00:00Z" : occurred) + R"(,"service_id":)" + J(svc) +
         R"(,"month":)" + J(month) + R"(,"kind":)" + J(kind) + R"(,"amount_sek":)" + amount +
         R"(,"funding":)" + J(funding) + "}";
}

std::string Benefit(const std::string& id, const std::string& svc, const std::string& month,
                    const std::string& realized, const std::string& hours, const std::string& occurred = "") {
  return R"({"type":"benefit.v1","event_id":)" + J(id) + R"(,"occurred_at":)" +
         J(occurred.empty() ? month + "-20T09:00:00Z" : occurred) + R"(,"service_id":)" + J(svc) +
         R"(,"month":)" + J(month) + R"(,"realized_sek":)" + realized + R"(,"hours_saved":)" + hours + "}";
}

// Folds the lines into a fresh store; every line must be valid.
std::unique_ptr<MemKv> FoldAll(const std::vector<std::string>& lines, size_t batch = 1000,
                               FoldTally* tally_out = nullptr) {
  auto kv = std::make_unique<MemKv>();
  FoldTally t = FoldLines(kv.get(), lines, batch);
  EXPECT_EQ(t.rejected, 0);
  for (const auto& r : t.reasons) ADD_FAILURE() << "fold problem: " << r;
  if (tally_out) *tally_out = t;
  return kv;
}

IlsReport Report(const KvReader& kv, std::string_view quarter) {
  IlsReport r;
  auto q = ParseQuarter(quarter);
  EXPECT_TRUE(q.has_value()) << quarter;
  if (!q) return r;
  Status s = BuildIlsReport(kv, *q, &r);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return r;
}

std::string Csv(const KvReader& kv, std::string_view quarter) { return IlsCsv(Report(kv, quarter)); }

// Keeps the header and the rows whose indicator (3rd field; never quoted)
// starts with one of the prefixes.
std::string Filter(const std::string& csv, const std::vector<std::string>& prefixes) {
  std::istringstream in(csv);
  std::string line, out;
  bool first = true;
  while (std::getline(in, line)) {
    if (first) {
      out += line + "\n";
      first = false;
      continue;
    }
    size_t a = line.find(',');
    size_t b = a == std::string::npos ? a : line.find(',', a + 1);
    if (b == std::string::npos) continue;
    std::string_view indicator = std::string_view(line).substr(b + 1);
    for (const auto& p : prefixes) {
      if (indicator.substr(0, p.size()) == p) {
        out += line + "\n";
        break;
      }
    }
  }
  return out;
}

// ------------------------------------------------------------------ 1. DST quarter lengths

// One uncatalogued service, one passing probe in 2026Q1 and one in 2026Q4.
// Each quarter: 1 up minute -> availability 1/1; coverage numerator 1 (the
// probed minute), denominator = minutes of the quarter for the one probed
// service: Q1 129540 (spring-forward hour missing), Q4 132540 (extra hour).
// 1/129540 = 0.00000772 -> 0.000008; 1/132540 = 0.00000754 -> 0.000008.
// No catalog entry -> owner/focus_area/category scope_id "unknown".
TEST(IlsGolden, DstQuarterLengthsInCoverageDenominator) {
  auto kv = FoldAll({
      Probe("svc-dst", "kista", true, "2026-02-10T12:00:30+01:00"),
      Probe("svc-dst", "kista", true, "2026-11-10T12:00:30+01:00"),
  });
  EXPECT_EQ(Csv(*kv, "2026Q1"),
            std::string(kHeader) + R"(2026Q1,quality,qual.availability,city,stockholm,1,1,1
2026Q1,quality,qual.availability,owner,unknown,1,1,1
2026Q1,quality,qual.availability,focus_area,unknown,1,1,1
2026Q1,quality,qual.availability,category,unknown,1,1,1
2026Q1,quality,qual.availability,service,svc-dst,1,1,1
2026Q1,quality,qual.monitoring_coverage,city,stockholm,0.000008,1,129540
2026Q1,quality,qual.monitoring_coverage,owner,unknown,0.000008,1,129540
2026Q1,quality,qual.monitoring_coverage,focus_area,unknown,0.000008,1,129540
2026Q1,quality,qual.monitoring_coverage,category,unknown,0.000008,1,129540
2026Q1,quality,qual.monitoring_coverage,service,svc-dst,0.000008,1,129540
)");
  EXPECT_EQ(Csv(*kv, "2026Q4"),
            std::string(kHeader) + R"(2026Q4,quality,qual.availability,city,stockholm,1,1,1
2026Q4,quality,qual.availability,owner,unknown,1,1,1
2026Q4,quality,qual.availability,focus_area,unknown,1,1,1
2026Q4,quality,qual.availability,category,unknown,1,1,1
2026Q4,quality,qual.availability,service,svc-dst,1,1,1
2026Q4,quality,qual.monitoring_coverage,city,stockholm,0.000008,1,132540
2026Q4,quality,qual.monitoring_coverage,owner,unknown,0.000008,1,132540
2026Q4,quality,qual.monitoring_coverage,focus_area,unknown,0.000008,1,132540
2026Q4,quality,qual.monitoring_coverage,category,unknown,0.000008,1,132540
2026Q4,quality,qual.monitoring_coverage,service,svc-dst,0.000008,1,132540
)");
  // Q2 has no event counting in it: header only.
  EXPECT_EQ(Csv(*kv, "2026Q2"), std::string(kHeader));
}

// ------------------------------------------------------------------ 2. Quarter boundary

// 2026-10-01T00:00:00+02:00 is the first instant of Q4 (passing probe: up).
// 2026-09-30T23:59:59+02:00 = 21:59:59Z lies in the minute 21:59Z whose start
// (23:59 local) is in Q3 (failing probe, single location: n=1, f=1, 2f>n: down).
// Q3: availability 0/(0+1) = 0; coverage 1/132480 -> 0.000008.
// Q4: availability 1/1 = 1;     coverage 1/132540 -> 0.000008.
TEST(IlsGolden, ProbeAtQuarterBoundary) {
  auto kv = FoldAll({
      Probe("svc-edge", "kista", true, "2026-10-01T00:00:00+02:00"),
      Probe("svc-edge", "kista", false, "2026-09-30T23:59:59+02:00"),
  });
  EXPECT_EQ(Csv(*kv, "2026Q3"),
            std::string(kHeader) + R"(2026Q3,quality,qual.availability,city,stockholm,0,0,1
2026Q3,quality,qual.availability,owner,unknown,0,0,1
2026Q3,quality,qual.availability,focus_area,unknown,0,0,1
2026Q3,quality,qual.availability,category,unknown,0,0,1
2026Q3,quality,qual.availability,service,svc-edge,0,0,1
2026Q3,quality,qual.monitoring_coverage,city,stockholm,0.000008,1,132480
2026Q3,quality,qual.monitoring_coverage,owner,unknown,0.000008,1,132480
2026Q3,quality,qual.monitoring_coverage,focus_area,unknown,0.000008,1,132480
2026Q3,quality,qual.monitoring_coverage,category,unknown,0.000008,1,132480
2026Q3,quality,qual.monitoring_coverage,service,svc-edge,0.000008,1,132480
)");
  EXPECT_EQ(Csv(*kv, "2026Q4"),
            std::string(kHeader) + R"(2026Q4,quality,qual.availability,city,stockholm,1,1,1
2026Q4,quality,qual.availability,owner,unknown,1,1,1
2026Q4,quality,qual.availability,focus_area,unknown,1,1,1
2026Q4,quality,qual.availability,category,unknown,1,1,1
2026Q4,quality,qual.availability,service,svc-edge,1,1,1
2026Q4,quality,qual.monitoring_coverage,city,stockholm,0.000008,1,132540
2026Q4,quality,qual.monitoring_coverage,owner,unknown,0.000008,1,132540
2026Q4,quality,qual.monitoring_coverage,focus_area,unknown,0.000008,1,132540
2026Q4,quality,qual.monitoring_coverage,category,unknown,0.000008,1,132540
2026Q4,quality,qual.monitoring_coverage,service,svc-edge,0.000008,1,132540
)");
}

// ------------------------------------------------------------------ 3. Location and majority rules

// Two uncatalogued services in 2026Q3, three minutes each (10:00, 10:01, 10:02 UTC, 15 Jul).
// A location fails iff failed >= 1 and failed >= passed.
// svc-up (every minute must be NOT down):
//   10:00 a: 2 pass + 1 fail -> a passes; n=1 f=0 -> up
//   10:01 a: 1 pass + 1 fail (fails), b: fail (fails), c: 2 pass + 1 fail (passes), d: pass
//         -> n=4 f=2, 2f=4 > 4? no -> degraded
//   10:02 a: fail, b: pass -> n=2 f=1, 2 > 2? no -> degraded
//   => up+degraded 3, down 0: availability 3/3 = 1
// svc-down (every minute must be down):
//   10:00 a: 1 pass + 1 fail -> fails; n=1 f=1 -> down
//   10:01 a fail, b fail, c 1 pass + 1 fail (fails), d 2 pass + 1 fail (passes) -> n=4 f=3 -> down
//   10:02 a fail, b 1 pass + 2 fail (fails), c pass -> n=3 f=2, 4 > 3 -> down
//   => availability 0/3 = 0
// city / unknown scopes: 3/6 = 0.5.
// Coverage: 3 non-unknown minutes per service, Q3 has 132480 minutes:
//   service 3/132480 = 0.0000226 -> 0.000023; city 6/264960 -> 0.000023.
TEST(IlsGolden, LocationFailRuleAndStrictMajorityDown) {
  const std::string t0 = "2026-07-15T10:00:", t1 = "2026-07-15T10:01:", t2 = "2026-07-15T10:02:";
  auto kv = FoldAll({
      // svc-up 10:00
      Probe("svc-up", "a", true, t0 + "05Z"),
      Probe("svc-up", "a", true, t0 + "10Z"),
      Probe("svc-up", "a", false, t0 + "15Z"),
      // svc-up 10:01
      Probe("svc-up", "a", true, t1 + "05Z"),
      Probe("svc-up", "a", false, t1 + "10Z"),
      Probe("svc-up", "b", false, t1 + "05Z"),
      Probe("svc-up", "c", true, t1 + "05Z"),
      Probe("svc-up", "c", true, t1 + "10Z"),
      Probe("svc-up", "c", false, t1 + "15Z"),
      Probe("svc-up", "d", true, t1 + "05Z"),
      // svc-up 10:02
      Probe("svc-up", "a", false, t2 + "05Z"),
      Probe("svc-up", "b", true, t2 + "05Z"),
      // svc-down 10:00
      Probe("svc-down", "a", true, t0 + "05Z"),
      Probe("svc-down", "a", false, t0 + "10Z"),
      // svc-down 10:01
      Probe("svc-down", "a", false, t1 + "05Z"),
      Probe("svc-down", "b", false, t1 + "05Z"),
      Probe("svc-down", "c", true, t1 + "05Z"),
      Probe("svc-down", "c", false, t1 + "10Z"),
      Probe("svc-down", "d", true, t1 + "05Z"),
      Probe("svc-down", "d", true, t1 + "10Z"),
      Probe("svc-down", "d", false, t1 + "15Z"),
      // svc-down 10:02
      Probe("svc-down", "a", false, t2 + "05Z"),
      Probe("svc-down", "b", true, t2 + "05Z"),
      Probe("svc-down", "b", false, t2 + "10Z"),
      Probe("svc-down", "b", false, t2 + "15Z"),
      Probe("svc-down", "c", true, t2 + "05Z"),
  });
  EXPECT_EQ(Csv(*kv, "2026Q3"),
            std::string(kHeader) + R"(2026Q3,quality,qual.availability,city,stockholm,0.5,3,6
2026Q3,quality,qual.availability,owner,unknown,0.5,3,6
2026Q3,quality,qual.availability,focus_area,unknown,0.5,3,6
2026Q3,quality,qual.availability,category,unknown,0.5,3,6
2026Q3,quality,qual.availability,service,svc-down,0,0,3
2026Q3,quality,qual.availability,service,svc-up,1,3,3
2026Q3,quality,qual.monitoring_coverage,city,stockholm,0.000023,6,264960
2026Q3,quality,qual.monitoring_coverage,owner,unknown,0.000023,6,264960
2026Q3,quality,qual.monitoring_coverage,focus_area,unknown,0.000023,6,264960
2026Q3,quality,qual.monitoring_coverage,category,unknown,0.000023,6,264960
2026Q3,quality,qual.monitoring_coverage,service,svc-down,0.000023,3,132480
2026Q3,quality,qual.monitoring_coverage,service,svc-up,0.000023,3,132480
)");
}

// ------------------------------------------------------------------ 4. Maintenance

// Uncatalogued svc-m (probed) and svc-n (never probed).
// M1 mx-q3q4 [svc-m]        2026-09-30T21:30+02:00 .. 2026-10-01T00:30+02:00 = 180 min
//    local 21:30-22:00 day (30), 22:00-00:30 night (150). In Q3: 21:30-00:00 = 150 min,
//    in Q4: 00:00-00:30 = 30 min. Starts in Q3 -> night share in Q3 only: 150/180.
// M2 mx-dst [svc-m, svc-n]  2026-10-24T22:00+02:00 (20:00Z) .. 2026-10-25T06:00+01:00 (05:00Z)
//    = 9 h = 540 min; local 22:00-03:00 CEST then 02:00-06:00 CET: all night, 540/540.
// M3 mx-day [svc-m]         2026-11-10T05:00+01:00 .. 07:00+01:00 = 120 min; 05-06 night (60).
// M4 mx-spring [svc-m]      2026-03-29T01:00+01:00 (00:00Z) .. 2026-03-29T07:00+02:00 (05:00Z)
//    = 300 min; local 01:00-02:00 CET (60 night), 03:00-06:00 CEST (180 night),
//    06:00-07:00 (60 day): 240/300 = 0.8.
// Probes of svc-m (one location, so pass = up, fail = down unless in maintenance):
//   Q3: 21:00:10 pass -> up; 21:29:30 fail -> down (minute 21:29 < 21:30);
//       21:45 fail -> maintenance (excluded from availability).
//   Q4: 00:15 fail (M1) -> maintenance; 00:30:00 pass -> up (minute start = ends_at, not covered);
//       2026-10-25T02:30+01:00 (01:30Z) fail (M2) -> maintenance; 2026-11-10T06:30+01:00 fail (M3)
//       -> maintenance; 2026-11-10T07:00+01:00 fail -> down (= ends_at); 2026-12-01T12:00 pass -> up.
// Q1 (no probes): only night share, M4: 240/300 = 0.8.
// Q3: availability 1/(1+1) = 0.5.
//     night share M1: 150/180 = 0.8333333 -> 0.833333.
//     coverage svc-m: 150 maintenance minutes in Q3 + 2 probed minutes = 152; 152/132480 =
//     0.0011473 -> 0.001147.
// Q4: availability up 2 (00:30, 12-01), down 1 (07:00): 2/3 -> 0.666667.
//     night share: M2 + M3 (each once per scope): (540+60)/(540+120) = 600/660 = 0.9090909 ->
//     0.909091 for city, unknown scopes and svc-m; svc-n only M2: 540/540 = 1.
//     coverage, svc-m only (svc-n has no probe): 30 + 540 + 120 maintenance + 3 probed = 693;
//     693/132540 = 0.0052286 -> 0.005229.
TEST(IlsGolden, MaintenanceAcrossQuarterAndDstNights) {
  auto kv = FoldAll({
      Maintenance("mx-q3q4", 1, "scheduled", {"svc-m"}, "2026-09-30T21:30:00+02:00",
                  "2026-10-01T00:30:00+02:00"),
      Maintenance("mx-dst", 1, "scheduled", {"svc-m", "svc-n"}, "2026-10-24T22:00:00+02:00",
                  "2026-10-25T06:00:00+01:00"),
      Maintenance("mx-day", 1, "scheduled", {"svc-m"}, "2026-11-10T05:00:00+01:00",
                  "2026-11-10T07:00:00+01:00"),
      Maintenance("mx-spring", 1, "scheduled", {"svc-m"}, "2026-03-29T01:00:00+01:00",
                  "2026-03-29T07:00:00+02:00"),
      Probe("svc-m", "kista", true, "2026-09-30T21:00:10+02:00"),
      Probe("svc-m", "kista", false, "2026-09-30T21:29:30+02:00"),
      Probe("svc-m", "kista", false, "2026-09-30T21:45:00+02:00"),
      Probe("svc-m", "kista", false, "2026-10-01T00:15:00+02:00"),
      Probe("svc-m", "kista", true, "2026-10-01T00:30:00+02:00"),
      Probe("svc-m", "kista", false, "2026-10-25T02:30:00+01:00"),
      Probe("svc-m", "kista", false, "2026-11-10T06:30:00+01:00"),
      Probe("svc-m", "kista", false, "2026-11-10T07:00:00+01:00"),
      Probe("svc-m", "kista", true, "2026-12-01T12:00:00+01:00"),
  });
  EXPECT_EQ(Csv(*kv, "2026Q1"),
            std::string(kHeader) + R"(2026Q1,quality,qual.maintenance_night_share,city,stockholm,0.8,240,300
2026Q1,quality,qual.maintenance_night_share,owner,unknown,0.8,240,300
2026Q1,quality,qual.maintenance_night_share,focus_area,unknown,0.8,240,300
2026Q1,quality,qual.maintenance_night_share,category,unknown,0.8,240,300
2026Q1,quality,qual.maintenance_night_share,service,svc-m,0.8,240,300
)");
  EXPECT_EQ(Csv(*kv, "2026Q3"),
            std::string(kHeader) + R"(2026Q3,quality,qual.availability,city,stockholm,0.5,1,2
2026Q3,quality,qual.availability,owner,unknown,0.5,1,2
2026Q3,quality,qual.availability,focus_area,unknown,0.5,1,2
2026Q3,quality,qual.availability,category,unknown,0.5,1,2
2026Q3,quality,qual.availability,service,svc-m,0.5,1,2
2026Q3,quality,qual.maintenance_night_share,city,stockholm,0.833333,150,180
2026Q3,quality,qual.maintenance_night_share,owner,unknown,0.833333,150,180
2026Q3,quality,qual.maintenance_night_share,focus_area,unknown,0.833333,150,180
2026Q3,quality,qual.maintenance_night_share,category,unknown,0.833333,150,180
2026Q3,quality,qual.maintenance_night_share,service,svc-m,0.833333,150,180
2026Q3,quality,qual.monitoring_coverage,city,stockholm,0.001147,152,132480
2026Q3,quality,qual.monitoring_coverage,owner,unknown,0.001147,152,132480
2026Q3,quality,qual.monitoring_coverage,focus_area,unknown,0.001147,152,132480
2026Q3,quality,qual.monitoring_coverage,category,unknown,0.001147,152,132480
2026Q3,quality,qual.monitoring_coverage,service,svc-m,0.001147,152,132480
)");
  EXPECT_EQ(Csv(*kv, "2026Q4"),
            std::string(kHeader) + R"(2026Q4,quality,qual.availability,city,stockholm,0.666667,2,3
2026Q4,quality,qual.availability,owner,unknown,0.666667,2,3
2026Q4,quality,qual.availability,focus_area,unknown,0.666667,2,3
2026Q4,quality,qual.availability,category,unknown,0.666667,2,3
2026Q4,quality,qual.availability,service,svc-m,0.666667,2,3
2026Q4,quality,qual.maintenance_night_share,city,stockholm,0.909091,600,660
2026Q4,quality,qual.maintenance_night_share,owner,unknown,0.909091,600,660
2026Q4,quality,qual.maintenance_night_share,focus_area,unknown,0.909091,600,660
2026Q4,quality,qual.maintenance_night_share,category,unknown,0.909091,600,660
2026Q4,quality,qual.maintenance_night_share,service,svc-m,0.909091,600,660
2026Q4,quality,qual.maintenance_night_share,service,svc-n,1,540,540
2026Q4,quality,qual.monitoring_coverage,city,stockholm,0.005229,693,132540
2026Q4,quality,qual.monitoring_coverage,owner,unknown,0.005229,693,132540
2026Q4,quality,qual.monitoring_coverage,focus_area,unknown,0.005229,693,132540
2026Q4,quality,qual.monitoring_coverage,category,unknown,0.005229,693,132540
2026Q4,quality,qual.monitoring_coverage,service,svc-m,0.005229,693,132540
)");
}

// ------------------------------------------------------------------ 5. Cancelled maintenance

// 2026Q2 (131040 minutes), uncatalogued svc5.
// mx5-night rev1 scheduled 2026-05-12 22:00-23:00 (+02:00), rev2 cancelled: no effect at all.
// mx5-day   rev1 scheduled 2026-05-13 10:00-11:00 (+02:00): 60 minutes, 0 at night.
// Probes: 05-12 22:30 fail -> down (the cancelled window does not cover it);
//         05-13 10:30 fail -> maintenance; 05-13 12:00 pass -> up.
// availability 1/(1+1) = 0.5; night share only mx5-day: 0/60 = 0;
// coverage: 60 maintenance + 2 probed = 62; 62/131040 = 0.00047314 -> 0.000473.
TEST(IlsGolden, CancelledMaintenanceHasNoEffect) {
  auto kv = FoldAll({
      Maintenance("mx5-night", 1, "scheduled", {"svc5"}, "2026-05-12T22:00:00+02:00",
                  "2026-05-12T23:00:00+02:00"),
      Maintenance("mx5-night", 2, "cancelled", {"svc5"}, "2026-05-12T22:00:00+02:00",
                  "2026-05-12T23:00:00+02:00"),
      Maintenance("mx5-day", 1, "scheduled", {"svc5"}, "2026-05-13T10:00:00+02:00",
                  "2026-05-13T11:00:00+02:00"),
      Probe("svc5", "kista", false, "2026-05-12T22:30:00+02:00"),
      Probe("svc5", "kista", false, "2026-05-13T10:30:00+02:00"),
      Probe("svc5", "kista", true, "2026-05-13T12:00:00+02:00"),
  });
  EXPECT_EQ(Csv(*kv, "2026Q2"),
            std::string(kHeader) + R"(2026Q2,quality,qual.availability,city,stockholm,0.5,1,2
2026Q2,quality,qual.availability,owner,unknown,0.5,1,2
2026Q2,quality,qual.availability,focus_area,unknown,0.5,1,2
2026Q2,quality,qual.availability,category,unknown,0.5,1,2
2026Q2,quality,qual.availability,service,svc5,0.5,1,2
2026Q2,quality,qual.maintenance_night_share,city,stockholm,0,0,60
2026Q2,quality,qual.maintenance_night_share,owner,unknown,0,0,60
2026Q2,quality,qual.maintenance_night_share,focus_area,unknown,0,0,60
2026Q2,quality,qual.maintenance_night_share,category,unknown,0,0,60
2026Q2,quality,qual.maintenance_night_share,service,svc5,0,0,60
2026Q2,quality,qual.monitoring_coverage,city,stockholm,0.000473,62,131040
2026Q2,quality,qual.monitoring_coverage,owner,unknown,0.000473,62,131040
2026Q2,quality,qual.monitoring_coverage,focus_area,unknown,0.000473,62,131040
2026Q2,quality,qual.monitoring_coverage,category,unknown,0.000473,62,131040
2026Q2,quality,qual.monitoring_coverage,service,svc5,0.000473,62,131040
)");
}

// ------------------------------------------------------------------ 6. Stale revisions

// 2026Q3, uncatalogued svc6. Fold order: rev 2, then rev 1 (stale), then another rev 2
// with different content and the smaller event_id (equal revision: the greater event_id
// "ann.mx6.r2" > "ann.mx6.r1-equal" wins, so it is ignored).
// mx6 rev2 (wins): 2026-08-10 01:00-02:00 (+02:00), 60 minutes, all night.
// mx6 rev1 (stale): 12:00-14:00; mx6 rev2' (equal, ignored): cancelled, 12:00-14:00.
// Probes: 01:30 fail -> maintenance; 12:30 fail -> down; 13:00 pass -> up.
//   availability 1/2 = 0.5; night share 60/60 = 1;
//   coverage 60 + 2 = 62; 62/132480 = 0.000468 (0.00046799).
// in6 rev3 resolved 2026-08-11T09:00Z..09:45Z (45 min) folded first, rev2 investigating
//   (no ends_at) folded after: rev3 wins -> incidents 1, MTTR 45/1 = 45.
TEST(IlsGolden, StaleAndEqualRevisionsAreIgnored) {
  auto kv = FoldAll({
      Maintenance("mx6", 2, "scheduled", {"svc6"}, "2026-08-10T01:00:00+02:00", "2026-08-10T02:00:00+02:00"),
      Incident("in6", 3, "resolved", {"svc6"}, "2026-08-11T09:00:00Z", "2026-08-11T09:45:00Z"),
      Probe("svc6", "kista", false, "2026-08-10T01:30:00+02:00"),
      Probe("svc6", "kista", false, "2026-08-10T12:30:00+02:00"),
      Probe("svc6", "kista", true, "2026-08-10T13:00:00+02:00"),
      Maintenance("mx6", 1, "scheduled", {"svc6"}, "2026-08-10T12:00:00+02:00", "2026-08-10T14:00:00+02:00"),
      Maintenance("mx6", 2, "cancelled", {"svc6"}, "2026-08-10T12:00:00+02:00", "2026-08-10T14:00:00+02:00",
                  "ann.mx6.r1-equal"),
      Incident("in6", 2, "investigating", {"svc6"}, "2026-08-11T09:00:00Z", ""),
  });
  EXPECT_EQ(Csv(*kv, "2026Q3"),
            std::string(kHeader) + R"(2026Q3,quality,qual.availability,city,stockholm,0.5,1,2
2026Q3,quality,qual.availability,owner,unknown,0.5,1,2
2026Q3,quality,qual.availability,focus_area,unknown,0.5,1,2
2026Q3,quality,qual.availability,category,unknown,0.5,1,2
2026Q3,quality,qual.availability,service,svc6,0.5,1,2
2026Q3,quality,qual.incidents,city,stockholm,1,1,
2026Q3,quality,qual.incidents,owner,unknown,1,1,
2026Q3,quality,qual.incidents,focus_area,unknown,1,1,
2026Q3,quality,qual.incidents,category,unknown,1,1,
2026Q3,quality,qual.incidents,service,svc6,1,1,
2026Q3,quality,qual.maintenance_night_share,city,stockholm,1,60,60
2026Q3,quality,qual.maintenance_night_share,owner,unknown,1,60,60
2026Q3,quality,qual.maintenance_night_share,focus_area,unknown,1,60,60
2026Q3,quality,qual.maintenance_night_share,category,unknown,1,60,60
2026Q3,quality,qual.maintenance_night_share,service,svc6,1,60,60
2026Q3,quality,qual.mean_time_to_restore_minutes,city,stockholm,45,45,1
2026Q3,quality,qual.mean_time_to_restore_minutes,owner,unknown,45,45,1
2026Q3,quality,qual.mean_time_to_restore_minutes,focus_area,unknown,45,45,1
2026Q3,quality,qual.mean_time_to_restore_minutes,category,unknown,45,45,1
2026Q3,quality,qual.mean_time_to_restore_minutes,service,svc6,45,45,1
2026Q3,quality,qual.monitoring_coverage,city,stockholm,0.000468,62,132480
2026Q3,quality,qual.monitoring_coverage,owner,unknown,0.000468,62,132480
2026Q3,quality,qual.monitoring_coverage,focus_area,unknown,0.000468,62,132480
2026Q3,quality,qual.monitoring_coverage,category,unknown,0.000468,62,132480
2026Q3,quality,qual.monitoring_coverage,service,svc6,0.000468,62,132480
)");
}

// ------------------------------------------------------------------ 7. Stale catalog entry

// svc7: entry A (occurred 2026-05-01) owner `Bolaget "Nya", AB`, focus 3, innovativt,
// case status true, wcag false; entry B (occurred 2026-03-01, older) folded AFTER A:
// owner "Gamla nämnden", focus 1, grundlaggande, case status false, wcag true. A wins.
// One passing probe in Q3 (2026-07-15).
//   ext.case_status_share: 1/1 in every scope; qual.wcag_aa_share: 0/1.
//   availability 1/1; coverage 1/132480 -> 0.000008.
// The owner contains a comma and quotes: RFC 4180 -> "Bolaget ""Nya"", AB".
TEST(IlsGolden, StaleCatalogEntryArrivingLastIsIgnored) {
  auto kv = FoldAll({
      Service({.id = "svc7",
               .owner = "Bolaget \"Nya\", AB",
               .category = "innovativt",
               .focus = 3,
               .case_status = true,
               .wcag = false,
               .occurred_at = "2026-05-01T00:00:00Z"}),
      Service({.id = "svc7",
               .owner = "Gamla nämnden",
               .category = "grundlaggande",
               .focus = 1,
               .case_status = false,
               .wcag = true,
               .occurred_at = "2026-03-01T00:00:00Z"}),
      Probe("svc7", "kista", true, "2026-07-15T10:00:00Z"),
  });
  EXPECT_EQ(Csv(*kv, "2026Q3"),
            std::string(kHeader) + R"(2026Q3,external,ext.case_status_share,city,stockholm,1,1,1
2026Q3,external,ext.case_status_share,owner,"Bolaget ""Nya"", AB",1,1,1
2026Q3,external,ext.case_status_share,focus_area,3,1,1,1
2026Q3,external,ext.case_status_share,category,innovativt,1,1,1
2026Q3,external,ext.case_status_share,service,svc7,1,1,1
2026Q3,quality,qual.availability,city,stockholm,1,1,1
2026Q3,quality,qual.availability,owner,"Bolaget ""Nya"", AB",1,1,1
2026Q3,quality,qual.availability,focus_area,3,1,1,1
2026Q3,quality,qual.availability,category,innovativt,1,1,1
2026Q3,quality,qual.availability,service,svc7,1,1,1
2026Q3,quality,qual.monitoring_coverage,city,stockholm,0.000008,1,132480
2026Q3,quality,qual.monitoring_coverage,owner,"Bolaget ""Nya"", AB",0.000008,1,132480
2026Q3,quality,qual.monitoring_coverage,focus_area,3,0.000008,1,132480
2026Q3,quality,qual.monitoring_coverage,category,innovativt,0.000008,1,132480
2026Q3,quality,qual.monitoring_coverage,service,svc7,0.000008,1,132480
2026Q3,quality,qual.wcag_aa_share,city,stockholm,0,0,1
2026Q3,quality,qual.wcag_aa_share,owner,"Bolaget ""Nya"", AB",0,0,1
2026Q3,quality,qual.wcag_aa_share,focus_area,3,0,0,1
2026Q3,quality,qual.wcag_aa_share,category,innovativt,0,0,1
2026Q3,quality,qual.wcag_aa_share,service,svc7,0,0,1
)");
}

// events.md: "The entry with the latest occurred_at wins (a tie: the one folded last)."
// T1 (owner "Nämnd Först", focus 1, grundlaggande, wcag true) and T2 (owner "Nämnd Sist",
// focus 2, differentierande, wcag false) share occurred_at. Folded T1,T2 -> T2; T2,T1 -> T1.
// Equal occurred_at: the greater event_id ("cat.tie.2") wins in either order:
// Nämnd Sist, focus 2, differentierande, wcag false -> wcag share 0/1.
TEST(IlsGolden, CatalogTieGreaterEventIdWins) {
  const std::string t1 = Service({.id = "svc-tie",
                                  .owner = "Nämnd Först",
                                  .category = "grundlaggande",
                                  .focus = 1,
                                  .wcag = true,
                                  .occurred_at = "2026-05-01T00:00:00Z",
                                  .event_id = "cat.tie.1"});
  const std::string t2 = Service({.id = "svc-tie",
                                  .owner = "Nämnd Sist",
                                  .category = "differentierande",
                                  .focus = 2,
                                  .wcag = false,
                                  .occurred_at = "2026-05-01T00:00:00Z",
                                  .event_id = "cat.tie.2"});
  const std::string probe = Probe("svc-tie", "kista", true, "2026-07-15T10:00:00Z");
  auto kv12 = FoldAll({t1, t2, probe});
  EXPECT_EQ(Filter(Csv(*kv12, "2026Q3"), {"qual.wcag"}),
            std::string(kHeader) + R"(2026Q3,quality,qual.wcag_aa_share,city,stockholm,0,0,1
2026Q3,quality,qual.wcag_aa_share,owner,Nämnd Sist,0,0,1
2026Q3,quality,qual.wcag_aa_share,focus_area,2,0,0,1
2026Q3,quality,qual.wcag_aa_share,category,differentierande,0,0,1
2026Q3,quality,qual.wcag_aa_share,service,svc-tie,0,0,1
)");
  auto kv21 = FoldAll({t2, t1, probe});
  EXPECT_EQ(Filter(Csv(*kv21, "2026Q3"), {"qual.wcag"}),
            std::string(kHeader) + R"(2026Q3,quality,qual.wcag_aa_share,city,stockholm,0,0,1
2026Q3,quality,qual.wcag_aa_share,owner,Nämnd Sist,0,0,1
2026Q3,quality,qual.wcag_aa_share,focus_area,2,0,0,1
2026Q3,quality,qual.wcag_aa_share,category,differentierande,0,0,1
2026Q3,quality,qual.wcag_aa_share,service,svc-tie,0,0,1
)");
}

// 2026Q3, uncatalogued svc7. Two revisions 2 of mx7: "ann.mx7.a" schedules 01:00-02:00
// (+02:00), "ann.mx7.b" cancels it. The greater event_id (b) wins in either order, so the
// window is not maintenance: the failing probe at 01:30 makes a down minute.
//   availability 0/1; no maintenance rows; coverage 1/132480 = 0.0000075 -> 0.000008.
TEST(IlsGolden, EqualRevisionsGoToTheGreaterEventIdInAnyOrder) {
  const std::string a = Maintenance("mx7", 2, "scheduled", {"svc7"}, "2026-08-10T01:00:00+02:00",
                                    "2026-08-10T02:00:00+02:00", "ann.mx7.a");
  const std::string b = Maintenance("mx7", 2, "cancelled", {"svc7"}, "2026-08-10T01:00:00+02:00",
                                    "2026-08-10T02:00:00+02:00", "ann.mx7.b");
  const std::string probe = Probe("svc7", "kista", false, "2026-08-10T01:30:00+02:00");
  const std::string expected = std::string(kHeader) + R"(2026Q3,quality,qual.availability,city,stockholm,0,0,1
2026Q3,quality,qual.availability,owner,unknown,0,0,1
2026Q3,quality,qual.availability,focus_area,unknown,0,0,1
2026Q3,quality,qual.availability,category,unknown,0,0,1
2026Q3,quality,qual.availability,service,svc7,0,0,1
2026Q3,quality,qual.monitoring_coverage,city,stockholm,0.000008,1,132480
2026Q3,quality,qual.monitoring_coverage,owner,unknown,0.000008,1,132480
2026Q3,quality,qual.monitoring_coverage,focus_area,unknown,0.000008,1,132480
2026Q3,quality,qual.monitoring_coverage,category,unknown,0.000008,1,132480
2026Q3,quality,qual.monitoring_coverage,service,svc7,0.000008,1,132480
)";
  EXPECT_EQ(Csv(*FoldAll({a, b, probe}), "2026Q3"), expected);
  EXPECT_EQ(Csv(*FoldAll({b, a, probe}), "2026Q3"), expected);
  EXPECT_EQ(Csv(*FoldAll({probe, b, a}), "2026Q3"), expected);
}

// ------------------------------------------------------------------ 8. Uncatalogued and retired

// Catalog: svc-cat  (Kulturnämnden, focus 2, grundlaggande, case status true,  wcag false)
//          svc-cat2 (Kulturnämnden, focus 2, grundlaggande, case status false, wcag true), no events
//          svc-ret  (Idrottsnämnden, focus 5, innovativt, case true, wcag true, RETIRED)
//          svc-unk  no entry.
// Catalog services = svc-cat, svc-cat2 (retired excluded):
//   case status: city/Kultur/focus 2/grundlaggande 1/2 = 0.5; svc-cat 1/1; svc-cat2 0/1.
//   wcag:        city/Kultur/focus 2/grundlaggande 1/2 = 0.5; svc-cat 0/1; svc-cat2 1/1.
//   (No catalog rows for Idrottsnämnden / focus 5 / innovativt / unknown: denominator 0.)
// Probes in Q3 (2026-07-01): svc-cat 10:00 pass (up); svc-ret 10:00 fail (down);
//   svc-unk 10:00 pass, 10:01 pass, 10:02 fail (2 up, 1 down).
//   availability: city (1+0+2)/(1+1+3) = 3/5 = 0.6; Idrott (svc-ret) 0/1; Kultur (svc-cat) 1/1;
//   unknown (svc-unk) 2/3 = 0.666667; focus 2: 1/1, 5: 0/1, unknown 2/3; category
//   grundlaggande 1/1, innovativt 0/1, unknown 2/3; services 1/1, 0/1, 2/3.
//   coverage (only probed services; Q3 = 132480): city 5/(3*132480=397440) = 0.00001258 ->
//   0.000013; a one-minute service 1/132480 -> 0.000008; svc-unk 3/132480 -> 0.000023.
// Byte order: "Idrottsnämnden" < "Kulturnämnden" < "unknown"; "svc-cat" < "svc-cat2" < "svc-ret".
TEST(IlsGolden, UncataloguedAndRetiredServices) {
  auto kv = FoldAll({
      Service({.id = "svc-cat",
               .owner = "Kulturnämnden",
               .category = "grundlaggande",
               .focus = 2,
               .case_status = true,
               .wcag = false}),
      Service({.id = "svc-cat2",
               .owner = "Kulturnämnden",
               .category = "grundlaggande",
               .focus = 2,
               .case_status = false,
               .wcag = true}),
      Service({.id = "svc-ret",
               .owner = "Idrottsnämnden",
               .category = "innovativt",
               .focus = 5,
               .case_status = true,
               .wcag = true,
               .retired = true}),
      Probe("svc-cat", "kista", true, "2026-07-01T10:00:00Z"),
      Probe("svc-ret", "kista", false, "2026-07-01T10:00:00Z"),
      Probe("svc-unk", "kista", true, "2026-07-01T10:00:00Z"),
      Probe("svc-unk", "kista", true, "2026-07-01T10:01:00Z"),
      Probe("svc-unk", "kista", false, "2026-07-01T10:02:00Z"),
  });
  EXPECT_EQ(Csv(*kv, "2026Q3"),
            std::string(kHeader) + R"(2026Q3,external,ext.case_status_share,city,stockholm,0.5,1,2
2026Q3,external,ext.case_status_share,owner,Kulturnämnden,0.5,1,2
2026Q3,external,ext.case_status_share,focus_area,2,0.5,1,2
2026Q3,external,ext.case_status_share,category,grundlaggande,0.5,1,2
2026Q3,external,ext.case_status_share,service,svc-cat,1,1,1
2026Q3,external,ext.case_status_share,service,svc-cat2,0,0,1
2026Q3,quality,qual.availability,city,stockholm,0.6,3,5
2026Q3,quality,qual.availability,owner,Idrottsnämnden,0,0,1
2026Q3,quality,qual.availability,owner,Kulturnämnden,1,1,1
2026Q3,quality,qual.availability,owner,unknown,0.666667,2,3
2026Q3,quality,qual.availability,focus_area,2,1,1,1
2026Q3,quality,qual.availability,focus_area,5,0,0,1
2026Q3,quality,qual.availability,focus_area,unknown,0.666667,2,3
2026Q3,quality,qual.availability,category,grundlaggande,1,1,1
2026Q3,quality,qual.availability,category,innovativt,0,0,1
2026Q3,quality,qual.availability,category,unknown,0.666667,2,3
2026Q3,quality,qual.availability,service,svc-cat,1,1,1
2026Q3,quality,qual.availability,service,svc-ret,0,0,1
2026Q3,quality,qual.availability,service,svc-unk,0.666667,2,3
2026Q3,quality,qual.monitoring_coverage,city,stockholm,0.000013,5,397440
2026Q3,quality,qual.monitoring_coverage,owner,Idrottsnämnden,0.000008,1,132480
2026Q3,quality,qual.monitoring_coverage,owner,Kulturnämnden,0.000008,1,132480
2026Q3,quality,qual.monitoring_coverage,owner,unknown,0.000023,3,132480
2026Q3,quality,qual.monitoring_coverage,focus_area,2,0.000008,1,132480
2026Q3,quality,qual.monitoring_coverage,focus_area,5,0.000008,1,132480
2026Q3,quality,qual.monitoring_coverage,focus_area,unknown,0.000023,3,132480
2026Q3,quality,qual.monitoring_coverage,category,grundlaggande,0.000008,1,132480
2026Q3,quality,qual.monitoring_coverage,category,innovativt,0.000008,1,132480
2026Q3,quality,qual.monitoring_coverage,category,unknown,0.000023,3,132480
2026Q3,quality,qual.monitoring_coverage,service,svc-cat,0.000008,1,132480
2026Q3,quality,qual.monitoring_coverage,service,svc-ret,0.000008,1,132480
2026Q3,quality,qual.monitoring_coverage,service,svc-unk,0.000023,3,132480
2026Q3,quality,qual.wcag_aa_share,city,stockholm,0.5,1,2
2026Q3,quality,qual.wcag_aa_share,owner,Kulturnämnden,0.5,1,2
2026Q3,quality,qual.wcag_aa_share,focus_area,2,0.5,1,2
2026Q3,quality,qual.wcag_aa_share,category,grundlaggande,0.5,1,2
2026Q3,quality,qual.wcag_aa_share,service,svc-cat,0,0,1
2026Q3,quality,qual.wcag_aa_share,service,svc-cat2,1,1,1
)");
}

// ------------------------------------------------------------------ 9. City-wide survey answers

// 2026Q4 (November). svc9 has no catalog entry.
//   satisfaction: citizen null 5/5 (pos), citizen null 2/5 (neg), citizen svc9 4/5 (pos).
//     city 2/3 = 0.666667; unknown scopes and svc9: only the svc9 answer, 1/1.
//     (A city-wide answer must NOT land in the "unknown" owner/focus/category scopes.)
//   drift_info_found: citizen null 7/10 (35 < 40: neg), visitor with service_id absent 8/10
//     (40 >= 40: pos): city only, 1/2 = 0.5.
TEST(IlsGolden, CityWideSurveyAnswersOnlyInCityScope) {
  const std::string at = "2026-11-12T14:03:00Z";
  auto kv = FoldAll({
      Survey("s9-1", "citizen", std::nullopt, "satisfaction", 5, 5, at),
      Survey("s9-2", "citizen", std::nullopt, "satisfaction", 2, 5, at),
      Survey("s9-3", "citizen", "svc9", "satisfaction", 4, 5, at),
      Survey("s9-4", "citizen", std::nullopt, "drift_info_found", 7, 10, at),
      Survey("s9-5", "visitor", std::nullopt, "drift_info_found", 8, 10, at, /*omit_service=*/true),
  });
  EXPECT_EQ(Csv(*kv, "2026Q4"),
            std::string(kHeader) + R"(2026Q4,external,ext.satisfied_share,city,stockholm,0.666667,2,3
2026Q4,external,ext.satisfied_share,owner,unknown,1,1,1
2026Q4,external,ext.satisfied_share,focus_area,unknown,1,1,1
2026Q4,external,ext.satisfied_share,category,unknown,1,1,1
2026Q4,external,ext.satisfied_share,service,svc9,1,1,1
2026Q4,quality,qual.drift_info_found_share,city,stockholm,0.5,1,2
)");
}

// ------------------------------------------------------------------ 10. Scales and respondent groups

// All answers city-wide, 2026Q1 (February). Positive iff 5*score >= 4*scale_max.
//   satisfaction (ext groups): citizen 4/5 P(20>=20), citizen 3/5 N(15<20), business 8/10 P(40>=40),
//     visitor 7/10 N(35<40), citizen 5/5 P; staff 5/5 and manager 10/10 ignored -> 3/5 = 0.6
//   easy_to_find: citizen 10/10 P; manager 1/5 ignored -> 1/1
//   meets_expectations: visitor 1/5 N -> 0/1
//   eased_contact: business 9/10 P, citizen 4/10 N -> 1/2 = 0.5
//   it_ability (staff): staff 8/10 P, staff 3/5 N, staff 4/5 P; citizen 5/5 ignored -> 2/3
//   cost_defensible (manager): manager 7/10 N; staff 10/10 ignored -> 0/1
//   influence (manager): 4/5 P, 2/5 N, 10/10 P, 8/10 P -> 3/4 = 0.75
//   drift_info_found (ext groups): visitor 5/5 P, citizen 9/10 P, business 1/10 N; staff 5/5
//     ignored -> 2/3 = 0.666667
TEST(IlsGolden, SurveyScalesAndRespondentGroups) {
  const std::string at = "2026-02-10T10:00:00+01:00";
  int n = 0;
  auto S = [&](const std::string& group, const std::string& q, int score, int scale) {
    return Survey("s10-" + std::to_string(++n), group, std::nullopt, q, score, scale, at);
  };
  auto kv = FoldAll({
      S("citizen", "satisfaction", 4, 5),       S("citizen", "satisfaction", 3, 5),
      S("business", "satisfaction", 8, 10),     S("visitor", "satisfaction", 7, 10),
      S("citizen", "satisfaction", 5, 5),       S("staff", "satisfaction", 5, 5),
      S("manager", "satisfaction", 10, 10),     S("citizen", "easy_to_find", 10, 10),
      S("manager", "easy_to_find", 1, 5),       S("visitor", "meets_expectations", 1, 5),
      S("business", "eased_contact", 9, 10),    S("citizen", "eased_contact", 4, 10),
      S("staff", "it_ability", 8, 10),          S("staff", "it_ability", 3, 5),
      S("staff", "it_ability", 4, 5),           S("citizen", "it_ability", 5, 5),
      S("manager", "cost_defensible", 7, 10),   S("staff", "cost_defensible", 10, 10),
      S("manager", "influence", 4, 5),          S("manager", "influence", 2, 5),
      S("manager", "influence", 10, 10),        S("manager", "influence", 8, 10),
      S("visitor", "drift_info_found", 5, 5),   S("citizen", "drift_info_found", 9, 10),
      S("business", "drift_info_found", 1, 10), S("staff", "drift_info_found", 5, 5),
  });
  EXPECT_EQ(Csv(*kv, "2026Q1"),
            std::string(kHeader) + R"(2026Q1,external,ext.eased_contact_share,city,stockholm,0.5,1,2
2026Q1,external,ext.easy_to_find_share,city,stockholm,1,1,1
2026Q1,external,ext.meets_expectations_share,city,stockholm,0,0,1
2026Q1,external,ext.satisfied_share,city,stockholm,0.6,3,5
2026Q1,internal,int.cost_defensible_share,city,stockholm,0,0,1
2026Q1,internal,int.influence_share,city,stockholm,0.75,3,4
2026Q1,maturity,mat.it_ability_share,city,stockholm,0.666667,2,3
2026Q1,quality,qual.drift_info_found_share,city,stockholm,0.666667,2,3
)");
}

// ------------------------------------------------------------------ 11. Costs with corrections

// 2026Q4. svc-a catalogued (owner "Stadsledningskontoret, IT-avdelningen", focus 4, innovativt);
// svc-b, svc-c uncatalogued.
// Costs counted in Q4 (by month):
//   svc-a 2026-10 +10000 line, 2026-11 +5000 portfolio, 2026-12 -2000 portfolio
//         (occurred 2027-01-10: the month decides) -> total 13000, portfolio 3000
//   svc-b 2026-10 +1500.50 line, 2026-11 -1500.50 line -> total 0, portfolio 0
//   svc-c 2026-12 -300 portfolio -> total -300, portfolio -300
// Not in Q4: svc-c 2026-09 +1000 portfolio (Q3, occurred in Q4), svc-a 2027-01 +777 line.
// Digital cases (usage, quarter of period_start): svc-a 40 (phone 10 ignored), svc-c 3.
//   cost.total_sek: city 13000+0-300 = 12700; S-owner/focus 4/innovativt/svc-a 13000;
//     unknown scopes (b, c) 0-300 = -300; svc-b 0 (events contribute); svc-c -300.
//   cost.per_digital_case_sek: city 12700/43 = 295.3488372 -> 295.348837; svc-a scopes
//     13000/40 = 325; unknown scopes -300/3 = -100; svc-c -100; svc-b: no digital cases, no row.
//   cost.portfolio_share: city 2700/12700 = 0.2125984 -> 0.212598; svc-a scopes 3000/13000 =
//     0.2307692 -> 0.230769; unknown (denominator -300), svc-b (0), svc-c (-300): not > 0, no row.
TEST(IlsGolden, NegativeCostCorrections) {
  auto kv = FoldAll({
      Service({.id = "svc-a",
               .owner = "Stadsledningskontoret, IT-avdelningen",
               .category = "innovativt",
               .focus = 4}),
      Cost("c11-1", "svc-a", "2026-10", "development", "10000", "line"),
      Cost("c11-2", "svc-a", "2026-11", "license", "5000", "portfolio"),
      Cost("c11-3", "svc-a", "2026-12", "license", "-2000", "portfolio", "2027-01-10T09:00:00Z"),
      Cost("c11-4", "svc-b", "2026-10", "operations", "1500.50", "line"),
      Cost("c11-5", "svc-b", "2026-11", "operations", "-1500.50", "line"),
      Cost("c11-6", "svc-c", "2026-09", "maintenance", "1000", "portfolio", "2026-10-05T09:00:00Z"),
      Cost("c11-7", "svc-c", "2026-12", "maintenance", "-300", "portfolio"),
      Cost("c11-8", "svc-a", "2027-01", "operations", "777", "line"),
      Usage("u11-1", "svc-a", "2026-10-01T00:00:00+02:00", "2026-11-01T00:00:00+01:00", "digital", 40),
      Usage("u11-2", "svc-a", "2026-10-01T00:00:00+02:00", "2026-11-01T00:00:00+01:00", "phone", 10),
      Usage("u11-3", "svc-c", "2026-11-01T00:00:00+01:00", "2026-12-01T00:00:00+01:00", "digital", 3),
  });
  EXPECT_EQ(Filter(Csv(*kv, "2026Q4"), {"cost."}),
            std::string(kHeader) + R"(2026Q4,cost,cost.per_digital_case_sek,city,stockholm,295.348837,12700,43
2026Q4,cost,cost.per_digital_case_sek,owner,"Stadsledningskontoret, IT-avdelningen",325,13000,40
2026Q4,cost,cost.per_digital_case_sek,owner,unknown,-100,-300,3
2026Q4,cost,cost.per_digital_case_sek,focus_area,4,325,13000,40
2026Q4,cost,cost.per_digital_case_sek,focus_area,unknown,-100,-300,3
2026Q4,cost,cost.per_digital_case_sek,category,innovativt,325,13000,40
2026Q4,cost,cost.per_digital_case_sek,category,unknown,-100,-300,3
2026Q4,cost,cost.per_digital_case_sek,service,svc-a,325,13000,40
2026Q4,cost,cost.per_digital_case_sek,service,svc-c,-100,-300,3
2026Q4,cost,cost.portfolio_share,city,stockholm,0.212598,2700,12700
2026Q4,cost,cost.portfolio_share,owner,"Stadsledningskontoret, IT-avdelningen",0.230769,3000,13000
2026Q4,cost,cost.portfolio_share,focus_area,4,0.230769,3000,13000
2026Q4,cost,cost.portfolio_share,category,innovativt,0.230769,3000,13000
2026Q4,cost,cost.portfolio_share,service,svc-a,0.230769,3000,13000
2026Q4,cost,cost.total_sek,city,stockholm,12700,12700,
2026Q4,cost,cost.total_sek,owner,"Stadsledningskontoret, IT-avdelningen",13000,13000,
2026Q4,cost,cost.total_sek,owner,unknown,-300,-300,
2026Q4,cost,cost.total_sek,focus_area,4,13000,13000,
2026Q4,cost,cost.total_sek,focus_area,unknown,-300,-300,
2026Q4,cost,cost.total_sek,category,innovativt,13000,13000,
2026Q4,cost,cost.total_sek,category,unknown,-300,-300,
2026Q4,cost,cost.total_sek,service,svc-a,13000,13000,
2026Q4,cost,cost.total_sek,service,svc-b,0,0,
2026Q4,cost,cost.total_sek,service,svc-c,-300,-300,
)");
}

// ------------------------------------------------------------------ 12. Duplicates

// 2026Q3, uncatalogued svc12. Each duplicate (same event_id) changes nothing, even with
// different content; the first folded copy counts.
//   cost c12: 1000 line (dup: 5000 portfolio ignored) -> total 1000, portfolio 0/1000 = 0
//   usage u12: digital 100, no contact details (dup: phone 50 ignored) -> digital share
//     100/100 = 1, contact details 0/100 = 0, cost per digital case 1000/100 = 10
//   survey s12: citizen 5/5 positive (dup: 1/5 ignored) -> 1/1
//   probes at location a in 10:00 UTC: pass p12-1, pass p12-2, fail p12-3, p12-3 again,
//     p12-2 again as a FAIL -> counted 2 pass + 1 fail -> location passes -> up: 1/1
//     (counting the duplicates would give 2 pass + 3 fail -> down).
//   coverage 1/132480 -> 0.000008.
TEST(IlsGolden, DuplicateEventIdsCountOnce) {
  FoldTally tally;
  auto kv = FoldAll(
      {
          Cost("c12", "svc12", "2026-07", "operations", "1000", "line"),
          Cost("c12", "svc12", "2026-07", "development", "5000", "portfolio"),
          Usage("u12", "svc12", "2026-07-01T00:00:00+02:00", "2026-08-01T00:00:00+02:00", "digital", 100),
          Usage("u12", "svc12", "2026-07-01T00:00:00+02:00", "2026-08-01T00:00:00+02:00", "phone", 50),
          Survey("s12", "citizen", "svc12", "satisfaction", 5, 5, "2026-07-20T10:00:00Z"),
          Survey("s12", "citizen", "svc12", "satisfaction", 1, 5, "2026-07-20T10:00:00Z"),
          Probe("svc12", "a", true, "2026-07-20T10:00:05Z", "p12-1"),
          Probe("svc12", "a", true, "2026-07-20T10:00:10Z", "p12-2"),
          Probe("svc12", "a", false, "2026-07-20T10:00:15Z", "p12-3"),
          Probe("svc12", "a", false, "2026-07-20T10:00:15Z", "p12-3"),
          Probe("svc12", "a", false, "2026-07-20T10:00:20Z", "p12-2"),
      },
      1000, &tally);
  // One identical copy (p12-3) is a duplicate; the four copies with other content
  // (c12, u12, s12, p12-2) are id conflicts. Neither changes anything.
  EXPECT_EQ(tally.applied, 6);
  EXPECT_EQ(tally.duplicates, 1);
  EXPECT_EQ(tally.conflicts, 4);
  EXPECT_EQ(Csv(*kv, "2026Q3"),
            std::string(kHeader) + R"(2026Q3,cost,cost.per_digital_case_sek,city,stockholm,10,1000,100
2026Q3,cost,cost.per_digital_case_sek,owner,unknown,10,1000,100
2026Q3,cost,cost.per_digital_case_sek,focus_area,unknown,10,1000,100
2026Q3,cost,cost.per_digital_case_sek,category,unknown,10,1000,100
2026Q3,cost,cost.per_digital_case_sek,service,svc12,10,1000,100
2026Q3,cost,cost.portfolio_share,city,stockholm,0,0,1000
2026Q3,cost,cost.portfolio_share,owner,unknown,0,0,1000
2026Q3,cost,cost.portfolio_share,focus_area,unknown,0,0,1000
2026Q3,cost,cost.portfolio_share,category,unknown,0,0,1000
2026Q3,cost,cost.portfolio_share,service,svc12,0,0,1000
2026Q3,cost,cost.total_sek,city,stockholm,1000,1000,
2026Q3,cost,cost.total_sek,owner,unknown,1000,1000,
2026Q3,cost,cost.total_sek,focus_area,unknown,1000,1000,
2026Q3,cost,cost.total_sek,category,unknown,1000,1000,
2026Q3,cost,cost.total_sek,service,svc12,1000,1000,
2026Q3,external,ext.contact_details_share,city,stockholm,0,0,100
2026Q3,external,ext.contact_details_share,owner,unknown,0,0,100
2026Q3,external,ext.contact_details_share,focus_area,unknown,0,0,100
2026Q3,external,ext.contact_details_share,category,unknown,0,0,100
2026Q3,external,ext.contact_details_share,service,svc12,0,0,100
2026Q3,external,ext.digital_share,city,stockholm,1,100,100
2026Q3,external,ext.digital_share,owner,unknown,1,100,100
2026Q3,external,ext.digital_share,focus_area,unknown,1,100,100
2026Q3,external,ext.digital_share,category,unknown,1,100,100
2026Q3,external,ext.digital_share,service,svc12,1,100,100
2026Q3,external,ext.satisfied_share,city,stockholm,1,1,1
2026Q3,external,ext.satisfied_share,owner,unknown,1,1,1
2026Q3,external,ext.satisfied_share,focus_area,unknown,1,1,1
2026Q3,external,ext.satisfied_share,category,unknown,1,1,1
2026Q3,external,ext.satisfied_share,service,svc12,1,1,1
2026Q3,quality,qual.availability,city,stockholm,1,1,1
2026Q3,quality,qual.availability,owner,unknown,1,1,1
2026Q3,quality,qual.availability,focus_area,unknown,1,1,1
2026Q3,quality,qual.availability,category,unknown,1,1,1
2026Q3,quality,qual.availability,service,svc12,1,1,1
2026Q3,quality,qual.monitoring_coverage,city,stockholm,0.000008,1,132480
2026Q3,quality,qual.monitoring_coverage,owner,unknown,0.000008,1,132480
2026Q3,quality,qual.monitoring_coverage,focus_area,unknown,0.000008,1,132480
2026Q3,quality,qual.monitoring_coverage,category,unknown,0.000008,1,132480
2026Q3,quality,qual.monitoring_coverage,service,svc12,0.000008,1,132480
)");
}

// ------------------------------------------------------------------ 13. Incidents and MTTR

// 2026Q4. svc-x (Trafiknämnden, focus 3, grundlaggande), svc-y (Trafiknämnden, focus 4,
// grundlaggande), svc-z (Miljö- och hälsoskyddsnämnden, focus 3, differentierande).
//   I1 [x,y] resolved 2026-11-02T10:00:00Z..10:01:30Z = 1.5 min
//   I2 [x]   resolved 2026-11-03T08:00+01:00..10:00+01:00 = 120 min
//   I3 [z]   investigating, ends_at null                   (count only)
//   I4 [x,z] rev1 investigating, rev2 cancelled            (nothing)
//   I5 [y]   resolved, starts 2026-09-30T23:00+02:00 (Q3)  (not in Q4)
//   I6 [z]   monitoring with an expected ends_at           (count only: not resolved)
//   I7 [y]   resolved, ends_at null                        (count only: no ends_at)
// qual.incidents (each announcement once per scope):
//   city {I1,I2,I3,I6,I7} = 5; Miljö {I3,I6} = 2; Trafik {I1,I2,I7} = 3 (I1 once though it lists
//   x and y); focus 3 (x,z) {I1,I2,I3,I6} = 4; focus 4 (y) {I1,I7} = 2; differentierande (z) 2;
//   grundlaggande (x,y) {I1,I2,I7} = 3; svc-x {I1,I2} 2; svc-y {I1,I7} 2; svc-z {I3,I6} 2.
// MTTR over resolved-with-ends_at {I1, I2}:
//   city, Trafik, focus 3, grundlaggande, svc-x: (1.5+120)/2 = 121.5/2 = 60.75;
//   focus 4, svc-y: I1 only 1.5/1; Miljö, differentierande, svc-z: none -> no row.
TEST(IlsGolden, IncidentsAndMeanTimeToRestore) {
  auto kv = FoldAll({
      Service({.id = "svc-x", .owner = "Trafiknämnden", .category = "grundlaggande", .focus = 3}),
      Service({.id = "svc-y", .owner = "Trafiknämnden", .category = "grundlaggande", .focus = 4}),
      Service({.id = "svc-z",
               .owner = "Miljö- och hälsoskyddsnämnden",
               .category = "differentierande",
               .focus = 3}),
      Incident("I1", 1, "resolved", {"svc-x", "svc-y"}, "2026-11-02T10:00:00Z", "2026-11-02T10:01:30Z"),
      Incident("I2", 1, "resolved", {"svc-x"}, "2026-11-03T08:00:00+01:00", "2026-11-03T10:00:00+01:00"),
      Incident("I3", 1, "investigating", {"svc-z"}, "2026-11-04T12:00:00Z", ""),
      Incident("I4", 1, "investigating", {"svc-x", "svc-z"}, "2026-11-05T12:00:00Z", ""),
      Incident("I4", 2, "cancelled", {"svc-x", "svc-z"}, "2026-11-05T12:00:00Z", ""),
      Incident("I5", 1, "resolved", {"svc-y"}, "2026-09-30T23:00:00+02:00", "2026-10-01T01:00:00+02:00"),
      Incident("I6", 1, "monitoring", {"svc-z"}, "2026-11-06T12:00:00Z", "2026-11-06T13:00:00Z"),
      Incident("I7", 1, "resolved", {"svc-y"}, "2026-12-01T00:00:00Z", ""),
  });
  EXPECT_EQ(Filter(Csv(*kv, "2026Q4"), {"qual.incidents", "qual.mean_time"}),
            std::string(kHeader) + R"(2026Q4,quality,qual.incidents,city,stockholm,5,5,
2026Q4,quality,qual.incidents,owner,Miljö- och hälsoskyddsnämnden,2,2,
2026Q4,quality,qual.incidents,owner,Trafiknämnden,3,3,
2026Q4,quality,qual.incidents,focus_area,3,4,4,
2026Q4,quality,qual.incidents,focus_area,4,2,2,
2026Q4,quality,qual.incidents,category,differentierande,2,2,
2026Q4,quality,qual.incidents,category,grundlaggande,3,3,
2026Q4,quality,qual.incidents,service,svc-x,2,2,
2026Q4,quality,qual.incidents,service,svc-y,2,2,
2026Q4,quality,qual.incidents,service,svc-z,2,2,
2026Q4,quality,qual.mean_time_to_restore_minutes,city,stockholm,60.75,121.5,2
2026Q4,quality,qual.mean_time_to_restore_minutes,owner,Trafiknämnden,60.75,121.5,2
2026Q4,quality,qual.mean_time_to_restore_minutes,focus_area,3,60.75,121.5,2
2026Q4,quality,qual.mean_time_to_restore_minutes,focus_area,4,1.5,1.5,1
2026Q4,quality,qual.mean_time_to_restore_minutes,category,grundlaggande,60.75,121.5,2
2026Q4,quality,qual.mean_time_to_restore_minutes,service,svc-x,60.75,121.5,2
2026Q4,quality,qual.mean_time_to_restore_minutes,service,svc-y,1.5,1.5,1
)");
}

// ------------------------------------------------------------------ 14. Order independence

// ~40 mixed events, all with occurred_at inside November 2026 (so that the 30-day
// dedup memory, which FoldLines drives with occurred_at as log time, is never the
// reason for a difference). No order-dependent ties: catalog entries have distinct
// occurred_at, revisions are distinct, duplicates are exact copies.
std::vector<std::string> MixedScenario() {
  const std::string nov = "2026-11-20T12:00:00Z";
  return {
      Service({.id = "svc-o1",
               .owner = "Nämnd A",
               .category = "grundlaggande",
               .focus = 1,
               .case_status = true,
               .wcag = true,
               .investment = "100000",
               .occurred_at = "2026-11-02T08:00:00Z"}),
      Service({.id = "svc-o1",
               .owner = "Nämnd Gammal",
               .category = "innovativt",
               .focus = 5,
               .occurred_at = "2026-11-01T08:00:00Z"}),
      Service({.id = "svc-o2",
               .owner = "Nämnd B, avd 2",
               .category = "differentierande",
               .focus = 2,
               .wcag = true,
               .occurred_at = "2026-11-01T09:00:00Z"}),
      Service({.id = "svc-o3",
               .owner = "Nämnd A",
               .category = "innovativt",
               .focus = 3,
               .retired = true,
               .occurred_at = "2026-11-01T10:00:00Z"}),
      Probe("svc-o1", "a", true, "2026-11-10T10:00:05Z"),
      Probe("svc-o1", "b", false, "2026-11-10T10:00:06Z"),
      Probe("svc-o1", "c", true, "2026-11-10T10:00:07Z"),
      Probe("svc-o1", "a", false, "2026-11-10T10:01:05Z"),
      Probe("svc-o1", "b", false, "2026-11-10T10:01:06Z"),
      Probe("svc-o1", "a", true, "2026-11-10T10:02:05Z"),
      Probe("svc-o1", "a", false, "2026-11-10T22:30:00Z"),
      Probe("svc-o2", "a", true, "2026-11-10T10:00:05Z"),
      Probe("svc-o2", "a", false, "2026-11-10T10:00:35Z"),
      Probe("svc-o2", "a", true, "2026-11-10T10:05:00Z"),
      Probe("svc-o3", "a", true, "2026-11-10T10:00:00Z"),
      Probe("svc-o4", "a", false, "2026-11-10T10:00:00Z"),
      Probe("svc-o4", "a", true, "2026-11-10T10:01:00Z"),
      Probe("svc-o1", "a", true, "2026-11-10T10:00:05Z"),  // exact duplicate
      Maintenance("mx14", 1, "scheduled", {"svc-o1", "svc-o2"}, "2026-11-10T10:00:00Z",
                  "2026-11-10T10:02:00Z"),
      Maintenance("mx14", 2, "scheduled", {"svc-o1"}, "2026-11-10T22:00:00Z", "2026-11-10T23:00:00Z"),
      Maintenance("mx14b", 1, "scheduled", {"svc-o4"}, "2026-11-10T09:00:00Z", "2026-11-10T11:00:00Z"),
      Maintenance("mx14b", 2, "cancelled", {"svc-o4"}, "2026-11-10T09:00:00Z", "2026-11-10T11:00:00Z"),
      Incident("in14", 1, "investigating", {"svc-o2", "svc-o4"}, "2026-11-12T08:00:00Z", ""),
      Incident("in14", 2, "resolved", {"svc-o2", "svc-o4"}, "2026-11-12T08:00:00Z", "2026-11-12T08:45:30Z"),
      Incident("in14c", 1, "identified", {"svc-o1"}, "2026-11-13T12:00:00Z", ""),
      Usage("u14-1", "svc-o1", "2026-10-01T00:00:00+02:00", "2026-11-01T00:00:00+01:00", "digital", 500, 400,
            nov),
      Usage("u14-2", "svc-o1", "2026-10-01T00:00:00+02:00", "2026-11-01T00:00:00+01:00", "phone", 100, -1,
            nov),
      Usage("u14-3", "svc-o2", "2026-11-01T00:00:00+01:00", "2026-12-01T00:00:00+01:00", "digital", 50, 5,
            nov),
      Usage("u14-4", "svc-o4", "2026-12-01T00:00:00+01:00", "2027-01-01T00:00:00+01:00", "visit", 7, -1, nov),
      Adoption("a14-1", "svc-o1", "2026-10-01T00:00:00+02:00", "2026-11-01T00:00:00+01:00", 100, 80, nov),
      Survey("s14-1", "citizen", "svc-o1", "satisfaction", 4, 5, "2026-11-15T10:00:00Z"),
      Survey("s14-2", "citizen", std::nullopt, "satisfaction", 2, 5, "2026-11-15T10:00:00Z"),
      Survey("s14-3", "staff", std::nullopt, "it_ability", 9, 10, "2026-11-15T10:00:00Z"),
      Survey("s14-4", "manager", "svc-o2", "influence", 8, 10, "2026-11-15T10:00:00Z"),
      Survey("s14-1", "citizen", "svc-o1", "satisfaction", 4, 5, "2026-11-15T10:00:00Z"),  // exact duplicate
      Cost("c14-1", "svc-o1", "2026-10", "development", "20000", "portfolio", nov),
      Cost("c14-2", "svc-o1", "2026-11", "development", "-5000", "portfolio", nov),
      Cost("c14-3", "svc-o2", "2026-12", "operations", "1234.56", "line", nov),
      Benefit("b14-1", "svc-o1", "2026-11", "3000", "12.5", nov),
      Benefit("b14-2", "svc-o4", "2026-12", "100", "1", nov),
  };
}

// One hand-checked row of the mixed scenario, availability for the city:
//   svc-o1: 10:00 a pass, b fail, c pass -> n=3 f=1 -> degraded; 10:01 a, b fail -> down;
//           10:02 pass -> up; 22:30 in mx14 rev2 (22:00-23:00) -> maintenance. -> 2 of 3
//   svc-o2: 10:00 a 1 pass + 1 fail -> fails, n=1 -> down (mx14 rev1 superseded); 10:05 up -> 1 of 2
//   svc-o3 (retired, still counts): 10:00 up -> 1 of 1
//   svc-o4: 10:00 fail -> down (mx14b cancelled); 10:01 up -> 1 of 2
//   city: (2+1+1+1)/(3+2+1+2) = 5/8 = 0.625
TEST(IlsGolden, OrderAndBatchIndependence) {
  const std::vector<std::string> events = MixedScenario();
  ASSERT_GE(events.size(), 40u);
  auto base_kv = FoldAll(events);
  const IlsReport base_report = Report(*base_kv, "2026Q4");
  const std::string base = IlsCsv(base_report);
  const std::string base_json = IlsJson(base_report);
  EXPECT_NE(base.find("\n2026Q4,quality,qual.availability,city,stockholm,0.625,5,8\n"), std::string::npos)
      << base;
  EXPECT_GT(std::count(base.begin(), base.end(), '\n'), 60);
  for (unsigned seed : {1u, 2u, 3u, 4u, 5u}) {
    std::vector<std::string> shuffled = events;
    std::mt19937 rng(seed);
    std::shuffle(shuffled.begin(), shuffled.end(), rng);
    for (size_t batch : {size_t{1}, size_t{7}, size_t{1000}}) {
      auto kv = FoldAll(shuffled, batch);
      const IlsReport r = Report(*kv, "2026Q4");
      EXPECT_EQ(IlsCsv(r), base) << "seed " << seed << " batch " << batch;
      EXPECT_EQ(IlsJson(r), base_json) << "seed " << seed << " batch " << batch;
    }
  }
}

// ------------------------------------------------------------------ 15. Empty quarters; usage, adoption,
// benefit

// A quarter in which no event counts yields exactly the header line, even when the
// store holds catalog entries (decision in ils_report.h) and data of other quarters.
TEST(IlsGolden, QuarterWithoutDataIsHeaderOnly) {
  MemKv empty;
  EXPECT_EQ(Csv(empty, "2026Q3"), std::string(kHeader));
  auto kv = FoldAll({
      Service({.id = "svc-e", .case_status = true, .wcag = true, .investment = "1000"}),
      Probe("svc-e", "kista", true, "2026-07-15T10:00:00Z"),
      Cost("c-e", "svc-e", "2026-08", "operations", "100", "line"),
  });
  EXPECT_EQ(Csv(*kv, "2026Q1"), std::string(kHeader));
  EXPECT_EQ(Csv(*kv, "2027Q2"), std::string(kHeader));
}

// 2026Q4. svc-p, svc-q catalogued (Utbildningsnämnden, focus 1, differentierande);
// svc-p investment 1850000, case status true, wcag true; svc-q investment 0, case false,
// wcag false. svc-r uncatalogued.
// Usage (quarter of period_start):
//   svc-p digital Oct 4210 (contact 3987), phone Oct 612, digital Nov 1000 (contact 500);
//         digital Sep 999 (period ends 2026-10-01T00:00+02:00, occurred in Q4) -> Q3, excluded
//   svc-q visit Dec 100, mail Nov 50 with contact 20 (not digital: ignored in contact share)
//   svc-r digital Nov 10 (contact 10)
//   digital/all: svc-p 5210/5822 = 0.8948814 -> 0.894881; svc-q 0/150 = 0; svc-r 10/10;
//     Utbildn./focus 1/differentierande (p+q) 5210/5972 = 0.8724045 -> 0.872405;
//     unknown 10/10; city 5220/5982 = 0.8726178 -> 0.872618
//   contact/digital: svc-p 4487/5210 = 0.8612284 -> 0.861228; svc-q no digital -> no row;
//     svc-r 10/10; p+q scopes 4487/5210; city 4497/5220 = 0.8614943 -> 0.861494
// Benefit (quarter of month): svc-p 2026-10 61000/120.5 h, 2026-12 39000/0.25 h (occurred
//   2027-01-05); 2026-09 5000 (Q3, excluded). svc-q 2026-11 1000/8 h. svc-r 2026-11 500/2 h.
//   realized: p 100000, q 1000, r 500; p+q 101000; city 101500.
//   hours: p 120.75, q 8, r 2; p+q 128.75; city 130.75.
//   benefit_to_investment: only catalog services with investment > 0 (svc-p):
//     100000/1850000 = 0.0540540 -> 0.054054 in city, Utbildn., focus 1, differentierande, svc-p.
// Adoption: svc-p Oct 240/198, Nov 240/210 -> 408/480 = 0.85; svc-r Oct 10/1 -> 0.1;
//   p+q 408/480; unknown 1/10; city 409/490 = 0.8346939 -> 0.834694.
// Catalog counts: case status and wcag: p yes, q no -> 1/2 in city, owner, focus 1,
//   differentierande; svc-p 1/1, svc-q 0/1.
// cost.per_digital_case_sek: no cost events, but it is a ratio whose denominator (digital
//   cases) is > 0, so "a ratio row is reported only where its denominator is > 0" gives rows
//   with numerator 0: city 0/5220, p+q scopes 0/5210 (svc-q has 0 digital), unknown 0/10,
//   svc-p 0/5210, svc-r 0/10; svc-q none (denominator 0).
TEST(IlsGolden, UsageAdoptionBenefitQuarterRules) {
  const std::string oct1 = "2026-10-01T00:00:00+02:00", nov1 = "2026-11-01T00:00:00+01:00",
                    dec1 = "2026-12-01T00:00:00+01:00", jan1 = "2027-01-01T00:00:00+01:00";
  auto kv = FoldAll({
      Service({.id = "svc-p",
               .owner = "Utbildningsnämnden",
               .category = "differentierande",
               .focus = 1,
               .case_status = true,
               .wcag = true,
               .investment = "1850000"}),
      Service({.id = "svc-q",
               .owner = "Utbildningsnämnden",
               .category = "differentierande",
               .focus = 1,
               .case_status = false,
               .wcag = false,
               .investment = "0"}),
      Usage("u15-1", "svc-p", oct1, nov1, "digital", 4210, 3987),
      Usage("u15-2", "svc-p", oct1, nov1, "phone", 612),
      Usage("u15-3", "svc-p", nov1, dec1, "digital", 1000, 500),
      Usage("u15-4", "svc-p", "2026-09-01T00:00:00+02:00", oct1, "digital", 999, 0),
      Usage("u15-5", "svc-q", dec1, jan1, "visit", 100),
      Usage("u15-6", "svc-q", nov1, dec1, "mail", 50, 20),
      Usage("u15-7", "svc-r", nov1, dec1, "digital", 10, 10),
      Benefit("b15-1", "svc-p", "2026-10", "61000", "120.5"),
      Benefit("b15-2", "svc-p", "2026-12", "39000", "0.25", "2027-01-05T09:00:00Z"),
      Benefit("b15-3", "svc-p", "2026-09", "5000", "10"),
      Benefit("b15-4", "svc-q", "2026-11", "1000", "8"),
      Benefit("b15-5", "svc-r", "2026-11", "500", "2"),
      Adoption("a15-1", "svc-p", oct1, nov1, 240, 198),
      Adoption("a15-2", "svc-p", nov1, dec1, 240, 210),
      Adoption("a15-3", "svc-r", oct1, nov1, 10, 1),
  });
  EXPECT_EQ(Csv(*kv, "2026Q4"),
            std::string(kHeader) + R"(2026Q4,cost,cost.per_digital_case_sek,city,stockholm,0,0,5220
2026Q4,cost,cost.per_digital_case_sek,owner,Utbildningsnämnden,0,0,5210
2026Q4,cost,cost.per_digital_case_sek,owner,unknown,0,0,10
2026Q4,cost,cost.per_digital_case_sek,focus_area,1,0,0,5210
2026Q4,cost,cost.per_digital_case_sek,focus_area,unknown,0,0,10
2026Q4,cost,cost.per_digital_case_sek,category,differentierande,0,0,5210
2026Q4,cost,cost.per_digital_case_sek,category,unknown,0,0,10
2026Q4,cost,cost.per_digital_case_sek,service,svc-p,0,0,5210
2026Q4,cost,cost.per_digital_case_sek,service,svc-r,0,0,10
2026Q4,external,ext.case_status_share,city,stockholm,0.5,1,2
2026Q4,external,ext.case_status_share,owner,Utbildningsnämnden,0.5,1,2
2026Q4,external,ext.case_status_share,focus_area,1,0.5,1,2
2026Q4,external,ext.case_status_share,category,differentierande,0.5,1,2
2026Q4,external,ext.case_status_share,service,svc-p,1,1,1
2026Q4,external,ext.case_status_share,service,svc-q,0,0,1
2026Q4,external,ext.contact_details_share,city,stockholm,0.861494,4497,5220
2026Q4,external,ext.contact_details_share,owner,Utbildningsnämnden,0.861228,4487,5210
2026Q4,external,ext.contact_details_share,owner,unknown,1,10,10
2026Q4,external,ext.contact_details_share,focus_area,1,0.861228,4487,5210
2026Q4,external,ext.contact_details_share,focus_area,unknown,1,10,10
2026Q4,external,ext.contact_details_share,category,differentierande,0.861228,4487,5210
2026Q4,external,ext.contact_details_share,category,unknown,1,10,10
2026Q4,external,ext.contact_details_share,service,svc-p,0.861228,4487,5210
2026Q4,external,ext.contact_details_share,service,svc-r,1,10,10
2026Q4,external,ext.digital_share,city,stockholm,0.872618,5220,5982
2026Q4,external,ext.digital_share,owner,Utbildningsnämnden,0.872405,5210,5972
2026Q4,external,ext.digital_share,owner,unknown,1,10,10
2026Q4,external,ext.digital_share,focus_area,1,0.872405,5210,5972
2026Q4,external,ext.digital_share,focus_area,unknown,1,10,10
2026Q4,external,ext.digital_share,category,differentierande,0.872405,5210,5972
2026Q4,external,ext.digital_share,category,unknown,1,10,10
2026Q4,external,ext.digital_share,service,svc-p,0.894881,5210,5822
2026Q4,external,ext.digital_share,service,svc-q,0,0,150
2026Q4,external,ext.digital_share,service,svc-r,1,10,10
2026Q4,internal,int.benefit_to_investment,city,stockholm,0.054054,100000,1850000
2026Q4,internal,int.benefit_to_investment,owner,Utbildningsnämnden,0.054054,100000,1850000
2026Q4,internal,int.benefit_to_investment,focus_area,1,0.054054,100000,1850000
2026Q4,internal,int.benefit_to_investment,category,differentierande,0.054054,100000,1850000
2026Q4,internal,int.benefit_to_investment,service,svc-p,0.054054,100000,1850000
2026Q4,internal,int.hours_saved,city,stockholm,130.75,130.75,
2026Q4,internal,int.hours_saved,owner,Utbildningsnämnden,128.75,128.75,
2026Q4,internal,int.hours_saved,owner,unknown,2,2,
2026Q4,internal,int.hours_saved,focus_area,1,128.75,128.75,
2026Q4,internal,int.hours_saved,focus_area,unknown,2,2,
2026Q4,internal,int.hours_saved,category,differentierande,128.75,128.75,
2026Q4,internal,int.hours_saved,category,unknown,2,2,
2026Q4,internal,int.hours_saved,service,svc-p,120.75,120.75,
2026Q4,internal,int.hours_saved,service,svc-q,8,8,
2026Q4,internal,int.hours_saved,service,svc-r,2,2,
2026Q4,internal,int.realized_benefit_sek,city,stockholm,101500,101500,
2026Q4,internal,int.realized_benefit_sek,owner,Utbildningsnämnden,101000,101000,
2026Q4,internal,int.realized_benefit_sek,owner,unknown,500,500,
2026Q4,internal,int.realized_benefit_sek,focus_area,1,101000,101000,
2026Q4,internal,int.realized_benefit_sek,focus_area,unknown,500,500,
2026Q4,internal,int.realized_benefit_sek,category,differentierande,101000,101000,
2026Q4,internal,int.realized_benefit_sek,category,unknown,500,500,
2026Q4,internal,int.realized_benefit_sek,service,svc-p,100000,100000,
2026Q4,internal,int.realized_benefit_sek,service,svc-q,1000,1000,
2026Q4,internal,int.realized_benefit_sek,service,svc-r,500,500,
2026Q4,maturity,mat.license_utilization,city,stockholm,0.834694,409,490
2026Q4,maturity,mat.license_utilization,owner,Utbildningsnämnden,0.85,408,480
2026Q4,maturity,mat.license_utilization,owner,unknown,0.1,1,10
2026Q4,maturity,mat.license_utilization,focus_area,1,0.85,408,480
2026Q4,maturity,mat.license_utilization,focus_area,unknown,0.1,1,10
2026Q4,maturity,mat.license_utilization,category,differentierande,0.85,408,480
2026Q4,maturity,mat.license_utilization,category,unknown,0.1,1,10
2026Q4,maturity,mat.license_utilization,service,svc-p,0.85,408,480
2026Q4,maturity,mat.license_utilization,service,svc-r,0.1,1,10
2026Q4,quality,qual.wcag_aa_share,city,stockholm,0.5,1,2
2026Q4,quality,qual.wcag_aa_share,owner,Utbildningsnämnden,0.5,1,2
2026Q4,quality,qual.wcag_aa_share,focus_area,1,0.5,1,2
2026Q4,quality,qual.wcag_aa_share,category,differentierande,0.5,1,2
2026Q4,quality,qual.wcag_aa_share,service,svc-p,1,1,1
2026Q4,quality,qual.wcag_aa_share,service,svc-q,0,0,1
)");
}

// ------------------------------------------------------------------ 16. JSON

// 2026Q4: two city-wide satisfaction answers (citizen 4/5 positive, 2/5 not) -> 1/2 = 0.5
// in the city scope only; one open incident on uncatalogued svc16 -> count 1 in five scopes,
// denominator null.
std::string StripJsonWhitespace(const std::string& s) {
  std::string out;
  bool in_string = false, escaped = false;
  for (char c : s) {
    if (in_string) {
      out += c;
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
      out += c;
    } else if (c != ' ' && c != '\n' && c != '\t' && c != '\r') {
      out += c;
    }
  }
  return out;
}

TEST(IlsGolden, JsonRows) {
  auto kv = FoldAll({
      Survey("s16-1", "citizen", std::nullopt, "satisfaction", 4, 5, "2026-11-12T14:03:00Z"),
      Survey("s16-2", "citizen", std::nullopt, "satisfaction", 2, 5, "2026-11-12T14:04:00Z"),
      Incident("in16", 1, "investigating", {"svc16"}, "2026-11-05T10:00:00Z", ""),
  });
  const IlsReport r = Report(*kv, "2026Q4");
  EXPECT_EQ(IlsCsv(r), std::string(kHeader) + R"(2026Q4,external,ext.satisfied_share,city,stockholm,0.5,1,2
2026Q4,quality,qual.incidents,city,stockholm,1,1,
2026Q4,quality,qual.incidents,owner,unknown,1,1,
2026Q4,quality,qual.incidents,focus_area,unknown,1,1,
2026Q4,quality,qual.incidents,category,unknown,1,1,
2026Q4,quality,qual.incidents,service,svc16,1,1,
)");
  const std::string expected =
      R"({"quarter": "2026Q4", "rows": [)"
      R"({"indicator": "ext.satisfied_share", "perspective": "external", "scope": "city", "scope_id": "stockholm", "value": 0.5, "numerator": 1, "denominator": 2}, )"
      R"({"indicator": "qual.incidents", "perspective": "quality", "scope": "city", "scope_id": "stockholm", "value": 1, "numerator": 1, "denominator": null}, )"
      R"({"indicator": "qual.incidents", "perspective": "quality", "scope": "owner", "scope_id": "unknown", "value": 1, "numerator": 1, "denominator": null}, )"
      R"({"indicator": "qual.incidents", "perspective": "quality", "scope": "focus_area", "scope_id": "unknown", "value": 1, "numerator": 1, "denominator": null}, )"
      R"({"indicator": "qual.incidents", "perspective": "quality", "scope": "category", "scope_id": "unknown", "value": 1, "numerator": 1, "denominator": null}, )"
      R"({"indicator": "qual.incidents", "perspective": "quality", "scope": "service", "scope_id": "svc16", "value": 1, "numerator": 1, "denominator": null})"
      R"(]})";
  const std::string actual = IlsJson(r);
  // Exact content (keys, key order, number text, null), ignoring only insignificant
  // whitespace outside strings: the spec's `{"quarter": "2026Q3", "rows": [...]}` is a
  // template with placeholders, not a byte format, so its spacing is not asserted.
  EXPECT_EQ(StripJsonWhitespace(actual), StripJsonWhitespace(expected));
}

// ------------------------------------------------------------------ 17. Sums beyond 64 bits (issue #18)

// Ten cost.v1 of 10^12 SEK (the largest amount events.md allows) for one
// catalogued service in 2026-10: 6 line, 4 portfolio.
//   total = 10 * 10^12 = 10000000000000 SEK (10^19 micro-SEK: more than int64's
//   9223372036854775807, which wrapped to -8446744073709.551616 before)
//   portfolio = 4 * 10^12 = 4000000000000 -> share 4/10 = 0.4
//   no usage -> no cost per digital case row.
// svc-big is Kulturnämnden's, focus area 1, grundlaggande (the Svc defaults).
TEST(IlsGolden, TenCostEventsAtTheAmountLimit) {
  std::vector<std::string> lines = {Service({.id = "svc-big"})};
  for (int i = 0; i < 10; ++i)
    lines.push_back(Cost("c17-" + std::to_string(i), "svc-big", "2026-10", "operations", "1e12",
                         i < 4 ? "portfolio" : "line"));
  auto kv = FoldAll(lines);
  EXPECT_EQ(Filter(Csv(*kv, "2026Q4"), {"cost."}),
            std::string(kHeader) +
                R"(2026Q4,cost,cost.portfolio_share,city,stockholm,0.4,4000000000000,10000000000000
2026Q4,cost,cost.portfolio_share,owner,Kulturnämnden,0.4,4000000000000,10000000000000
2026Q4,cost,cost.portfolio_share,focus_area,1,0.4,4000000000000,10000000000000
2026Q4,cost,cost.portfolio_share,category,grundlaggande,0.4,4000000000000,10000000000000
2026Q4,cost,cost.portfolio_share,service,svc-big,0.4,4000000000000,10000000000000
2026Q4,cost,cost.total_sek,city,stockholm,10000000000000,10000000000000,
2026Q4,cost,cost.total_sek,owner,Kulturnämnden,10000000000000,10000000000000,
2026Q4,cost,cost.total_sek,focus_area,1,10000000000000,10000000000000,
2026Q4,cost,cost.total_sek,category,grundlaggande,10000000000000,10000000000000,
2026Q4,cost,cost.total_sek,service,svc-big,10000000000000,10000000000000,
)");
}

// Two digital usage.v1 of 9223372036854775807 cases (2^63 - 1, the largest
// integer), each with as many cases_with_contact_details, and one phone usage.v1
// of 10 cases, svc-big in 2026Q4.
//   digital = 2 * (2^63 - 1) = 2^64 - 2 = 18446744073709551614
//   all     = 18446744073709551614 + 10 = 18446744073709551624
//   ext.digital_share = 18446744073709551614 / 18446744073709551624
//                     = 1 - 10 / 18446744073709551624 = 0.99999999999999999946 -> 1
//   (in int64 digital wrapped to -2 and all to 8: -0.25)
//   ext.contact_details_share = 18446744073709551614 / 18446744073709551614 = 1
TEST(IlsGolden, DigitalShareOfTheLargestCaseCounts) {
  const std::string oct1 = "2026-10-01T00:00:00+02:00", nov1 = "2026-11-01T00:00:00+01:00",
                    dec1 = "2026-12-01T00:00:00+01:00";
  constexpr long kMax = 9223372036854775807;
  auto kv = FoldAll({
      Service({.id = "svc-big"}),
      Usage("u17-1", "svc-big", oct1, nov1, "digital", kMax, kMax),
      Usage("u17-2", "svc-big", nov1, dec1, "digital", kMax, kMax),
      Usage("u17-3", "svc-big", oct1, nov1, "phone", 10),
  });
  EXPECT_EQ(
      Filter(Csv(*kv, "2026Q4"), {"ext.digital_share", "ext.contact_details_share"}),
      std::string(kHeader) +
          R"(2026Q4,external,ext.contact_details_share,city,stockholm,1,18446744073709551614,18446744073709551614
2026Q4,external,ext.contact_details_share,owner,Kulturnämnden,1,18446744073709551614,18446744073709551614
2026Q4,external,ext.contact_details_share,focus_area,1,1,18446744073709551614,18446744073709551614
2026Q4,external,ext.contact_details_share,category,grundlaggande,1,18446744073709551614,18446744073709551614
2026Q4,external,ext.contact_details_share,service,svc-big,1,18446744073709551614,18446744073709551614
2026Q4,external,ext.digital_share,city,stockholm,1,18446744073709551614,18446744073709551624
2026Q4,external,ext.digital_share,owner,Kulturnämnden,1,18446744073709551614,18446744073709551624
2026Q4,external,ext.digital_share,focus_area,1,1,18446744073709551614,18446744073709551624
2026Q4,external,ext.digital_share,category,grundlaggande,1,18446744073709551614,18446744073709551624
2026Q4,external,ext.digital_share,service,svc-big,1,18446744073709551614,18446744073709551624
)");
}

// Two adoption.v1 with licensed_users = active_users = 2^63 - 1, svc-big in 2026Q4.
//   Σ active = Σ licensed = 18446744073709551614 -> utilization 1, and the row is
//   there (in int64 the denominator wrapped to -2 and the row vanished).
TEST(IlsGolden, LicenseUtilizationOfTheLargestUserCounts) {
  const std::string oct1 = "2026-10-01T00:00:00+02:00", nov1 = "2026-11-01T00:00:00+01:00",
                    dec1 = "2026-12-01T00:00:00+01:00";
  constexpr long kMax = 9223372036854775807;
  auto kv = FoldAll({
      Service({.id = "svc-big"}),
      Adoption("a17-1", "svc-big", oct1, nov1, kMax, kMax),
      Adoption("a17-2", "svc-big", nov1, dec1, kMax, kMax),
  });
  EXPECT_EQ(
      Filter(Csv(*kv, "2026Q4"), {"mat.license_utilization"}),
      std::string(kHeader) +
          R"(2026Q4,maturity,mat.license_utilization,city,stockholm,1,18446744073709551614,18446744073709551614
2026Q4,maturity,mat.license_utilization,owner,Kulturnämnden,1,18446744073709551614,18446744073709551614
2026Q4,maturity,mat.license_utilization,focus_area,1,1,18446744073709551614,18446744073709551614
2026Q4,maturity,mat.license_utilization,category,grundlaggande,1,18446744073709551614,18446744073709551614
2026Q4,maturity,mat.license_utilization,service,svc-big,1,18446744073709551614,18446744073709551614
)");
}

// Amounts are exact decimals, never binary doubles (svc-dec, uncatalogued, 2026-10):
//   cost 0.1 + 0.1 + 0.1 = 0.3 exactly (three times 100000 micro-SEK)
//   realized 123456789012.345678 (18 significant digits, more than a double
//   holds) + 0.0000005 (half a micro-SEK: rounds away from zero to 0.000001)
//   + 0 = 123456789012.345679
//   hours 0.1 + 0.2 + 1.5E-3 = 0.3015
TEST(IlsGolden, AmountsAreExactDecimals) {
  auto kv = FoldAll({
      Cost("c17-a", "svc-dec", "2026-10", "license", "0.1", "line"),
      Cost("c17-b", "svc-dec", "2026-10", "license", "0.1", "line"),
      Cost("c17-c", "svc-dec", "2026-10", "license", "0.1", "line"),
      Benefit("b17-a", "svc-dec", "2026-10", "123456789012.345678", "0.1"),
      Benefit("b17-b", "svc-dec", "2026-10", "0.0000005", "0.2"),
      Benefit("b17-c", "svc-dec", "2026-10", "0", "1.5E-3"),
  });
  EXPECT_EQ(Filter(Csv(*kv, "2026Q4"), {"cost.total_sek", "int.hours_saved", "int.realized_benefit_sek"}),
            std::string(kHeader) + R"(2026Q4,cost,cost.total_sek,city,stockholm,0.3,0.3,
2026Q4,cost,cost.total_sek,owner,unknown,0.3,0.3,
2026Q4,cost,cost.total_sek,focus_area,unknown,0.3,0.3,
2026Q4,cost,cost.total_sek,category,unknown,0.3,0.3,
2026Q4,cost,cost.total_sek,service,svc-dec,0.3,0.3,
2026Q4,internal,int.hours_saved,city,stockholm,0.3015,0.3015,
2026Q4,internal,int.hours_saved,owner,unknown,0.3015,0.3015,
2026Q4,internal,int.hours_saved,focus_area,unknown,0.3015,0.3015,
2026Q4,internal,int.hours_saved,category,unknown,0.3015,0.3015,
2026Q4,internal,int.hours_saved,service,svc-dec,0.3015,0.3015,
2026Q4,internal,int.realized_benefit_sek,city,stockholm,123456789012.345679,123456789012.345679,
2026Q4,internal,int.realized_benefit_sek,owner,unknown,123456789012.345679,123456789012.345679,
2026Q4,internal,int.realized_benefit_sek,focus_area,unknown,123456789012.345679,123456789012.345679,
2026Q4,internal,int.realized_benefit_sek,category,unknown,123456789012.345679,123456789012.345679,
2026Q4,internal,int.realized_benefit_sek,service,svc-dec,123456789012.345679,123456789012.345679,
)");
}

// The quarters with data are exactly the quarters whose report has rows: a
// q/ record (usage in 2025Q4 and 2026Q3), or a live announcement starting in it
// (2026Q4); a cancelled one (2027Q1) does not count.
TEST(IlsQuarters, WithDataAreTheQuartersWhoseReportHasRows) {
  MemKv kv;
  auto usage = [](const char* id, const char* start, const char* end) {
    return std::string(R"({"type":"usage.v1","event_id":")") + id + R"(","occurred_at":")" + end +
           R"(","service_id":"svc-a","period_start":")" + start + R"(","period_end":")" + end +
           R"(","channel":"digital","cases":5})";
  };
  auto ann = [](const char* id, const char* state, const char* start, const char* end) {
    return std::string(R"({"type":"announcement.v1","event_id":")") + id +
           R"(","occurred_at":"2026-01-01T00:00:00Z","announcement_id":")" + id +
           R"(","revision":1,"kind":"incident","service_ids":["svc-a"],"state":")" + state +
           R"(","starts_at":")" + start + R"(","ends_at":")" + end +
           R"(","title_sv":"Störning","body_sv":"Text."})";
  };
  FoldTally t = FoldLines(&kv, {usage("u1", "2026-07-01T00:00:00Z", "2026-08-01T00:00:00Z"),
                                usage("u2", "2025-10-01T00:00:00Z", "2025-11-01T00:00:00Z"),
                                usage("u3", "2026-08-01T00:00:00Z", "2026-09-01T00:00:00Z"),
                                ann("a1", "resolved", "2026-11-26T10:01:00Z", "2026-11-26T10:24:00Z"),
                                ann("a2", "cancelled", "2027-02-01T10:00:00Z", "2027-02-01T11:00:00Z")});
  ASSERT_EQ(t.applied, 5) << (t.reasons.empty() ? "" : t.reasons[0]);
  std::vector<QuarterId> qs;
  ASSERT_TRUE(QuartersWithData(kv, &qs).ok());
  std::vector<QuarterId> want = {*ParseQuarter("2025Q4"), *ParseQuarter("2026Q3"), *ParseQuarter("2026Q4")};
  EXPECT_EQ(qs, want);
  for (QuarterId q = *ParseQuarter("2025Q1"); q <= *ParseQuarter("2027Q4"); ++q) {
    IlsReport r;
    ASSERT_TRUE(BuildIlsReport(kv, q, &r).ok());
    bool listed = std::find(qs.begin(), qs.end(), q) != qs.end();
    EXPECT_EQ(!r.rows.empty(), listed) << QuarterName(q);
  }
  MemKv empty;
  ASSERT_TRUE(QuartersWithData(empty, &qs).ok());
  EXPECT_TRUE(qs.empty());
}

}  // namespace
}  // namespace followup
