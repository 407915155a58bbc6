// The demo's backfilled monthly reports (Generator::Backfill): usage,
// adoption, survey answers, costs and benefits of every current service for
// each month of the previous and the current quarter.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "demo/generator.h"
#include "demo/synth.h"
#include "events/message_key.h"

namespace followup::demo {

using namespace synth;  // the generator's own tools (synth.h)

namespace {

// Seasonal factor for case volumes (summer and Christmas are quiet).
double Season(int month) {
  static constexpr double kF[12] = {1.05, 1.0, 1.05, 1.0, 1.0, 0.9, 0.55, 0.8, 1.15, 1.1, 1.05, 0.8};
  return kF[month - 1];
}

constexpr const char* kExtGroups[] = {"citizen", "business", "visitor"};
constexpr const char* kExtQuestions[] = {"satisfaction", "easy_to_find", "meets_expectations",
                                         "eased_contact"};

// A score on a 5 or 10 scale; positive (5·score ≥ 4·max) with probability p.
int Score(uint64_t h, double p, int scale_max) {
  bool positive = Unif(h) < p;
  uint64_t h2 = Mix(h ^ 0x5c);
  if (scale_max == 5) return positive ? 4 + static_cast<int>(h2 % 2) : 1 + static_cast<int>(h2 % 3);
  return positive ? 8 + static_cast<int>(h2 % 3) : 1 + static_cast<int>(h2 % 7);
}

}  // namespace

void Generator::AppendMonthlyReports(TimeMs now, std::vector<OutEvent>* events) const {
  std::vector<OutEvent>& out = *events;
  const auto& services = Services();
  const std::vector<Month> months = MonthsUpTo(now);
  const size_t correction_svc = IndexOf("bostadsko");
  for (size_t si = 0; si < services.size(); ++si) {
    const ServiceDef& s = services[si];
    if (s.retired) continue;  // retired before the backfilled period
    const uint64_t sh = Fnv(s.id);
    const double digital_base = Between(Hash(seed_, {sh, Tag("digital")}), 0.5, 0.84);
    const double contact_base = Between(Hash(seed_, {sh, Tag("contact")}), 0.6, 0.95);
    const double satisfaction = Between(Hash(seed_, {sh, Tag("sat")}), 0.55, 0.9);
    const int64_t licensed_base = 20 + static_cast<int64_t>(Hash(seed_, {sh, Tag("lic")}) % 580);
    const double active_base = Between(Hash(seed_, {sh, Tag("active")}), 0.55, 0.92);
    const double ops_base = Between(Hash(seed_, {sh, Tag("ops")}), 15'000, 80'000);
    const bool has_license = Unif(Hash(seed_, {sh, Tag("has-lic")})) < 0.6 || si == correction_svc;
    const double license_base = Between(Hash(seed_, {sh, Tag("licsek")}), 5'000, 40'000);
    const bool portfolio_ops =
        std::string_view(s.owner) == "Kommunstyrelsen" || std::string_view(s.category) == "innovativt";
    const double benefit_rate = Between(Hash(seed_, {sh, Tag("benefit")}), 0.06, 0.4) / 12;
    int mi = 0;
    for (const Month& mo : months) {
      const uint64_t mh = Hash(seed_, {sh, U(mo.y), U(mo.m)});
      const std::string ym = YearMonth(mo.y, mo.m);
      const std::string ps = FormatLocal(mo.start), pe = FormatLocal(mo.end);
      const TimeMs reported = std::min(mo.end + 2 * kMsPerHour, now);
      const TimeMs booked = std::min(mo.full_end + 4 * kMsPerDay + 9 * kMsPerHour, now);
      // usage.v1 per channel: the digital share creeps up month by month.
      double total = s.base_monthly_cases * Season(mo.m) * mo.fraction * std::exp(0.12 * Normal(Mix(mh ^ 1)));
      double share = std::clamp(digital_base + 0.01 * mi + 0.03 * Normal(Mix(mh ^ 2)), 0.5, 0.9);
      int64_t digital = std::llround(total * share);
      int64_t rest = std::llround(total) - digital;
      if (rest < 0) rest = 0;
      int64_t phone = std::llround(rest * 0.6), visit = std::llround(rest * 0.25);
      int64_t mail = std::max<int64_t>(0, rest - phone - visit);
      const std::pair<const char*, int64_t> channels[] = {
          {"digital", digital}, {"phone", phone}, {"visit", visit}, {"mail", mail}};
      for (const auto& [channel, cases] : channels) {
        Json j("usage.v1", "demo-use-" + ym + "-" + s.id + "-" + channel, reported, "demo-etjanstplattform");
        j.Str("service_id", s.id)
            .Str("period_start", ps)
            .Str("period_end", pe)
            .Str("channel", channel)
            .Int("cases", cases);
        if (std::string_view(channel) == "digital") {
          double c = std::clamp(contact_base + 0.02 * Normal(Mix(mh ^ 3)), 0.0, 1.0);
          j.Int("cases_with_contact_details", std::min<int64_t>(cases, std::llround(cases * c)));
        }
        out.push_back({"usage", s.id, j.Done()});
      }
      // adoption.v1
      {
        int64_t licensed = licensed_base + mi * static_cast<int64_t>(Mix(mh ^ 4) % 4);
        double a = std::clamp(active_base + 0.04 * Normal(Mix(mh ^ 5)), 0.3, 1.0);
        int64_t active = std::min<int64_t>(licensed, std::llround(licensed * a));
        Json j("adoption.v1", "demo-adp-" + ym + "-" + s.id, reported, "demo-licensstatistik");
        j.Str("service_id", s.id)
            .Str("period_start", ps)
            .Str("period_end", pe)
            .Int("licensed_users", licensed)
            .Int("active_users", active);
        out.push_back({"usage", s.id, j.Done()});
      }
      // survey.v1: answers spread over the month, only those already given.
      const std::string ext_survey = "demo-enkat-" + QuarterTag(mo.quarter) + "-e-tjanster";
      const std::string staff_survey = "demo-enkat-" + QuarterTag(mo.quarter) + "-medarbetare";
      const std::string mgr_survey = "demo-enkat-" + QuarterTag(mo.quarter) + "-chefer";
      // Event ids name the service the respondent was asked about (the panel: "city").
      auto answer = [&](const std::string& survey, const std::string& resp, const char* group, bool city_wide,
                        const char* question, int score, int scale, TimeMs at) {
        const bool panel = resp.rfind("panel", 0) == 0;
        Json j("survey.v1",
               "demo-svy-" + ym + "-" + (panel ? std::string("city") : std::string(s.id)) + "-" + resp + "-" +
                   question,
               at, "demo-enkatverktyg");
        j.Str("survey_id", survey).Str("respondent_group", group);
        if (city_wide)
          j.Null("service_id");
        else
          j.Str("service_id", s.id);
        j.Str("question", question).Int("score", score).Int("scale_max", scale);
        out.push_back({"surveys", city_wide ? std::string(kCityKey) : s.id, j.Done()});
      };
      auto answered_at = [&](uint64_t h) {
        TimeMs t = mo.start + static_cast<TimeMs>(Unif(h) * static_cast<double>(mo.full_end - mo.start));
        return t - FloorMod(t, 1000);
      };
      const int n_ext = 2 + static_cast<int>(Mix(mh ^ 6) % 5);
      for (int r = 0; r < n_ext; ++r) {
        uint64_t rh = Hash(seed_, {sh, U(mo.y), U(mo.m), Tag("ext"), U(r)});
        TimeMs at = answered_at(rh);
        if (at >= now) continue;
        double g = Unif(Mix(rh ^ 1));
        const char* group = kExtGroups[g < 0.72 ? 0 : g < 0.88 ? 1 : 2];
        std::string resp = "e" + std::to_string(r);
        for (int q = 0; q < 4; ++q) {
          uint64_t qh = Mix(rh ^ (0x100 + q));
          if (Unif(qh) < 0.12) continue;  // skipped question
          answer(ext_survey, resp, group, false, kExtQuestions[q], Score(Mix(qh ^ 7), satisfaction, 5), 5,
                 at);
        }
        // Did you find current operating information? 10-point scale; every other
        // respondent answers about the city as a whole.
        uint64_t dh = Mix(rh ^ 0x200);
        answer(ext_survey, resp, group, (dh & 1) != 0, "drift_info_found",
               Score(Mix(dh ^ 7), satisfaction - 0.1, 10), 10, at);
      }
      // City-wide panel (service_id null), generated once per month (with the first service).
      if (si == 0) {
        for (int r = 0; r < 12; ++r) {
          uint64_t rh = Hash(seed_, {U(mo.y), U(mo.m), Tag("panel"), U(r)});
          TimeMs at = answered_at(rh);
          if (at >= now) continue;
          std::string resp = "panel" + std::to_string(r);
          answer(ext_survey, resp, "citizen", true, "meets_expectations", Score(Mix(rh ^ 1), 0.68, 10), 10,
                 at);
          answer(ext_survey, resp, "citizen", true, "drift_info_found", Score(Mix(rh ^ 2), 0.6, 10), 10, at);
          answer(staff_survey, resp, "staff", true, "it_ability", Score(Mix(rh ^ 3), 0.7, 5), 5, at);
        }
      }
      // Staff using the service's back office: can they use the IT?
      const int n_staff = 1 + static_cast<int>(Mix(mh ^ 8) % 3);
      for (int r = 0; r < n_staff; ++r) {
        uint64_t rh = Hash(seed_, {sh, U(mo.y), U(mo.m), Tag("staff"), U(r)});
        TimeMs at = answered_at(rh);
        if (at >= now) continue;
        answer(staff_survey, "s" + std::to_string(r), "staff", false, "it_ability",
               Score(Mix(rh ^ 1), active_base, 5), 5, at);
      }
      // The service's manager (verksamhetsansvarig), once a month.
      {
        uint64_t rh = Hash(seed_, {sh, U(mo.y), U(mo.m), Tag("manager")});
        TimeMs at = answered_at(rh);
        if (at < now) {
          answer(mgr_survey, "m0", "manager", false, "cost_defensible", Score(Mix(rh ^ 1), 0.65, 10), 10, at);
          answer(mgr_survey, "m0", "manager", false, "influence", Score(Mix(rh ^ 2), 0.55, 10), 10, at);
        }
      }
      // cost.v1 per kind; fixed fees are booked in full, work pro rata.
      auto cost = [&](const char* kind, const std::string& suffix, double amount, const char* funding) {
        Json j("cost.v1", "demo-cost-" + ym + "-" + s.id + "-" + suffix, booked, "demo-ekonomi");
        j.Str("service_id", s.id)
            .Str("month", ym)
            .Str("kind", kind)
            .Num("amount_sek", amount, 2)
            .Str("funding", funding);
        out.push_back({"finance", s.id, j.Done()});
      };
      cost("operations", "operations", std::round(ops_base * (1 + 0.05 * Normal(Mix(mh ^ 9)))),
           portfolio_ops ? "portfolio" : "line");
      if (has_license) cost("license", "license", std::round(license_base), "line");
      if (Unif(Mix(mh ^ 10)) < 0.5)
        cost("maintenance", "maintenance",
             std::round(Between(Mix(mh ^ 11), 8'000, 45'000) * mo.fraction * 100) / 100, "line");
      if (s.investment_sek > 0 && std::string_view(s.category) != "grundlaggande" && Unif(Mix(mh ^ 12)) < 0.6)
        cost("development", "development",
             std::round(Between(Mix(mh ^ 13), 40'000, 280'000) * mo.fraction * 100) / 100, "portfolio");
      if (si == correction_svc && mi == 0)  // a licence was invoiced twice: credited
        cost("license", "license-kreditering", -std::round(license_base * 0.5), "line");
      // benefit.v1 (effekthemtagning)
      {
        double realized =
            s.investment_sek * benefit_rate * mo.fraction * std::exp(0.15 * Normal(Mix(mh ^ 14)));
        double hours = realized / Between(Mix(mh ^ 15), 380, 520);
        Json j("benefit.v1", "demo-bnf-" + ym + "-" + s.id, booked, "demo-ekonomi");
        j.Str("service_id", s.id)
            .Str("month", ym)
            .Num("realized_sek", std::round(realized), 2)
            .Num("hours_saved", hours, 1);
        out.push_back({"finance", s.id, j.Done()});
      }
      ++mi;
    }
  }
}

}  // namespace followup::demo
