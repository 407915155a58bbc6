#include "readmodels/goals_report.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "common/decimal.h"
#include "common/escape.h"
#include "events/indicators.h"
#include "events/names.h"
#include "projections/keys.h"
#include "readmodels/ils_report.h"

namespace followup {

namespace {

// Value rows of one quarter's ILS report by (indicator, scope, scope_id), and
// the scopes that have catalog rows in it (for qual.incidents: 0, not absent).
struct QuarterValues {
  std::map<std::tuple<IndicatorId, std::string, std::string>, std::string> value;
  std::map<std::pair<std::string, std::string>, bool> catalog_scopes;

  std::optional<std::string> Of(IndicatorId indicator, const std::string& scope,
                                const std::string& scope_id) const {
    auto it = value.find({indicator, scope, scope_id});
    if (it != value.end()) return it->second;
    if (indicator == IndicatorId::kQualIncidents && catalog_scopes.count({scope, scope_id})) return "0";
    return std::nullopt;
  }
};

void IndexRows(IlsReport&& r, QuarterValues* out) {
  for (auto& row : r.rows) {
    // The catalog-based indicators have a row for every scope with catalog services.
    if (row.indicator == IndicatorId::kExtCaseStatusShare || row.indicator == IndicatorId::kQualWcagAaShare)
      out->catalog_scopes[{row.scope, row.scope_id}] = true;
    out->value[{row.indicator, std::move(row.scope), std::move(row.scope_id)}] = std::move(row.value);
  }
}

std::string Micro(__int128 v) { return FormatRatio(v, kMicro); }

}  // namespace

Status LoadTargets(const KvReader& store, int year, std::vector<TargetRecord>* out) {
  out->clear();
  std::string prefix = keys::TargetYearPrefix(year);
  Status bad;
  Status s = store.Scan(prefix, PrefixEnd(prefix), [&](std::string_view k, std::string_view v) {
    TargetRecord r;
    if (!r.Decode(v)) {
      bad = Status::Corruption("cannot decode the target " + std::string(k));
      return false;
    }
    if (!r.target.withdrawn) out->push_back(std::move(r));
    return true;
  });
  return s.ok() ? bad : s;
}

Status BuildGoalsReport(const KvReader& store, QuarterId quarter, GoalsReport* out) {
  out->quarter = quarter;
  out->rows.clear();
  std::vector<TargetRecord> targets;
  Status s = LoadTargets(store, QuarterYear(quarter), &targets);
  if (!s.ok() || targets.empty()) return s;
  std::vector<IlsReport> reports;
  if (!(s = BuildIlsReports(store, {quarter, quarter - 1, quarter - 4}, &reports)).ok()) return s;
  QuarterValues now, previous, year_ago;
  IndexRows(std::move(reports[0]), &now);
  IndexRows(std::move(reports[1]), &previous);
  IndexRows(std::move(reports[2]), &year_ago);

  for (const TargetRecord& rec : targets) {
    const TargetEvent& t = rec.target;
    const IndicatorInfo* info = FindIndicator(t.indicator);
    if (!info) continue;  // the decoder admits only known indicators
    GoalRow row;
    row.indicator = info->id;
    row.scope = Name(t.scope);
    row.scope_id = t.scope_id;
    row.target = Micro(t.value_micro);
    row.tolerance = Micro(t.tolerance_micro);
    row.direction = std::string(DirectionName(info->direction));
    row.value = now.Of(row.indicator, row.scope, row.scope_id);
    row.previous_value = previous.Of(row.indicator, row.scope, row.scope_id);
    row.year_ago_value = year_ago.Of(row.indicator, row.scope, row.scope_id);
    const bool higher = info->direction == Direction::kHigherIsBetter;
    __int128 value = 0, before = 0;
    if (!row.value || !ParseReportDecimal(*row.value, &value)) {
      row.attainment = "no_data";
      row.value.reset();
    } else {
      __int128 target = t.value_micro, gap = value - target;
      if (higher ? value >= target : value <= target)
        row.attainment = "met";
      else if ((gap < 0 ? -gap : gap) <= t.tolerance_micro)
        row.attainment = "partly_met";
      else
        row.attainment = "not_met";
    }
    if (row.value && row.previous_value && ParseReportDecimal(*row.previous_value, &before)) {
      __int128 change = value - before;
      row.change = Micro(change);
      if (change != 0) row.improved = higher ? change > 0 : change < 0;
    }
    out->rows.push_back(std::move(row));
  }
  auto order = [](const GoalRow& r) {
    return std::make_tuple(Name(r.indicator), ParseName<Scope>(r.scope).value_or(Scope::kService),
                           r.scope_id);
  };
  std::sort(out->rows.begin(), out->rows.end(),
            [&](const GoalRow& a, const GoalRow& b) { return order(a) < order(b); });
  return Status::Ok();
}

std::string GoalsCsv(const GoalsReport& r) {
  std::string out =
      "quarter,perspective,indicator,scope,scope_id,value,target,tolerance,direction,attainment,previous_value,change,"
      "improved,year_ago_value\n";
  const std::string q = QuarterName(r.quarter);
  auto opt = [](const std::optional<std::string>& v) { return v.value_or(""); };
  for (const auto& row : r.rows) {
    const IndicatorInfo& info = Info(row.indicator);
    out += q + "," + std::string(Name(info.perspective)) + "," + std::string(info.name) + "," + row.scope +
           "," + CsvField(row.scope_id) + "," + opt(row.value) + "," + row.target + "," + row.tolerance +
           "," + row.direction + "," + row.attainment + "," + opt(row.previous_value) + "," +
           opt(row.change) + "," + (row.improved ? (*row.improved ? "true" : "false") : "") + "," +
           opt(row.year_ago_value) + "\n";
  }
  return out;
}

std::string GoalsJson(const GoalsReport& r) {
  auto num = [](const std::optional<std::string>& v) { return v ? *v : std::string("null"); };
  std::string out = "{\"quarter\":\"" + QuarterName(r.quarter) + "\",\"rows\":[";
  for (size_t i = 0; i < r.rows.size(); ++i) {
    const GoalRow& row = r.rows[i];
    out += i ? "," : "";
    const IndicatorInfo& info = Info(row.indicator);
    out += "{\"indicator\":\"" + JsonEscape(info.name) + "\",\"perspective\":\"" +
           std::string(Name(info.perspective)) + "\",\"scope\":\"" + row.scope + "\",\"scope_id\":\"" +
           JsonEscape(row.scope_id) + "\",\"value\":" + num(row.value) + ",\"target\":" + row.target +
           ",\"tolerance\":" + row.tolerance + ",\"direction\":\"" + row.direction + "\",\"attainment\":\"" +
           row.attainment + "\",\"previous_value\":" + num(row.previous_value) +
           ",\"change\":" + num(row.change) +
           ",\"improved\":" + (row.improved ? (*row.improved ? "true" : "false") : "null") +
           ",\"year_ago_value\":" + num(row.year_ago_value) + "}";
  }
  out += "]}\n";
  return out;
}

}  // namespace followup
