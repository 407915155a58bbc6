#include "readmodels/board_report.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <iterator>
#include <set>
#include <tuple>

#include "common/collate.h"
#include "common/decimal.h"
#include "events/indicators.h"
#include "events/names.h"
#include "projections/keys.h"
#include "projections/records.h"
#include "readmodels/indicator_texts.h"

namespace followup {
namespace {

using Key = std::tuple<IndicatorId, std::string, std::string>;  // indicator, scope, scope_id

std::map<Key, const IlsRow*> Index(const IlsReport& r) {
  std::map<Key, const IlsRow*> m;
  for (const auto& row : r.rows) m[{row.indicator, row.scope, row.scope_id}] = &row;
  return m;
}

int ScopeRank(const std::string& scope) {
  return static_cast<int>(ParseName<Scope>(scope).value_or(Scope::kService));
}

// The indicators in the page's order: perspective, then as listed in events/indicators.h.
std::vector<const IndicatorInfo*> IndicatorOrder() {
  std::vector<const IndicatorInfo*> v;
  v.reserve(kIndicators.size());
  for (const auto& i : kIndicators) v.push_back(&i);
  std::stable_sort(v.begin(), v.end(), [](auto a, auto b) {
    return a->perspective < b->perspective;  // Perspective is in the programme's order
  });
  return v;
}

// |change| / |previous| for ranking the movers only (never for a figure shown).
double Relative(const std::string& change, const std::string& previous) {
  double c = std::abs(std::strtod(change.c_str(), nullptr)),
         p = std::abs(std::strtod(previous.c_str(), nullptr));
  return p == 0 ? 1e300 : c / p;
}

}  // namespace

BoardReport AssembleBoardReport(const BoardInputs& in) {
  BoardReport out;
  out.quarter = in.quarter;
  out.has_data = !in.current.rows.empty();
  out.produced_at = in.now;
  out.preliminary = in.now < QuarterEnd(in.quarter);
  out.data_until = out.preliminary ? in.now : QuarterEnd(in.quarter);
  for (QuarterId q : in.quarters_with_data) {
    if (q < in.quarter && (!out.previous || q > *out.previous)) out.previous = q;
    if (q > in.quarter && (!out.next || q < *out.next)) out.next = q;
  }

  const auto now = Index(in.current), before = Index(in.previous);
  std::vector<std::map<Key, const IlsRow*>> history;
  for (const auto& r : in.history) history.push_back(Index(r));
  std::map<Key, const GoalRow*> goals;
  for (const auto& g : in.goals.rows) goals[{g.indicator, g.scope, g.scope_id}] = &g;

  for (Perspective p : kPerspectives) out.summary.push_back({p});
  for (const auto& g : in.goals.rows) {
    for (auto& s : out.summary) {
      if (s.perspective != Info(g.indicator).perspective) continue;
      if (g.attainment == "met")
        ++s.met;
      else if (g.attainment == "partly_met")
        ++s.partly_met;
      else if (g.attainment == "not_met")
        ++s.not_met;
      else
        ++s.no_data;
    }
  }

  auto label_of = [&](const std::string& scope, const std::string& id) {
    if (scope == "service") {
      auto n = in.service_names.find(id);
      return n != in.service_names.end() && !n->second.empty() ? n->second : id;
    }
    return ScopeLabel(scope, id);
  };

  for (const IndicatorInfo* info : IndicatorOrder()) {
    const IndicatorId ind = info->id;
    std::set<std::pair<std::string, std::string>> scopes = {{"city", "stockholm"}};
    for (const auto& [k, row] : now)
      if (std::get<0>(k) == ind) scopes.insert({std::get<1>(k), std::get<2>(k)});
    for (const auto& [k, g] : goals)
      if (std::get<0>(k) == ind) scopes.insert({std::get<1>(k), std::get<2>(k)});
    std::vector<BoardRow> rows;
    for (const auto& [scope, id] : scopes) {
      BoardRow r;
      r.indicator = ind;
      r.scope = scope;
      r.scope_id = id;
      r.label = label_of(scope, id);
      const Key k{ind, scope, id};
      auto cur = now.find(k);
      if (cur != now.end()) {
        r.value = cur->second->value;
        if (info->survey && !cur->second->denominator.empty()) {
          r.answers = cur->second->denominator;
          r.small_sample = std::strtoll(r.answers->c_str(), nullptr, 10) < kSmallSample;
        }
      }
      auto prev = before.find(k);
      if (prev != before.end()) r.previous_value = prev->second->value;
      if (auto g = goals.find(k); g != goals.end()) {
        const GoalRow& goal = *g->second;
        r.target = goal.target;
        r.tolerance = goal.tolerance;
        r.attainment = goal.attainment;
        r.value = goal.value;  // 0 rather than absent for qual.incidents (indicators.md)
        r.previous_value = goal.previous_value;
        r.change = goal.change;
        r.improved = goal.improved;
      } else if (r.value && r.previous_value) {
        __int128 a = 0, b = 0;
        if (ParseReportDecimal(*r.value, &a) && ParseReportDecimal(*r.previous_value, &b)) {
          r.change = FormatMicro(a - b);
          if (a != b) r.improved = (info->direction == Direction::kHigherIsBetter) == (a > b);
        }
      }
      for (size_t i = 0; i < history.size(); ++i) {
        auto h = history[i].find(k);
        if (h != history[i].end()) r.trend.push_back({in.history[i].quarter, h->second->value});
      }
      rows.push_back(std::move(r));
    }
    std::stable_sort(rows.begin(), rows.end(), [](const BoardRow& a, const BoardRow& b) {
      int sa = ScopeRank(a.scope), sb = ScopeRank(b.scope);
      if (sa != sb) return sa < sb;
      bool ua = a.scope_id == "unknown", ub = b.scope_id == "unknown";
      if (ua != ub) return ub;  // the services missing from the catalog last
      if (a.scope == "category") {
        auto ca = ParseCategory(a.scope_id), cb = ParseCategory(b.scope_id);
        if (ca && cb && *ca != *cb) return *ca < *cb;
      }
      if ((a.scope == "owner" || a.scope == "service") && a.label != b.label)
        return SwedishLess(a.label, b.label);
      return a.scope_id < b.scope_id;
    });
    for (auto& r : rows) {
      // A mover is a change people can see: not one that rounds to ±0 as written.
      if (r.scope == "city" && r.value && r.previous_value && r.change &&
          SwedishChange(*r.change, info->unit) != "±0")
        out.movers.push_back({r.indicator, *r.previous_value, *r.value, *r.change, r.improved});
      out.rows.push_back(std::move(r));
    }
  }
  std::stable_sort(out.movers.begin(), out.movers.end(), [](const Mover& a, const Mover& b) {
    return Relative(a.change, a.previous_value) > Relative(b.change, b.previous_value);
  });
  if (out.movers.size() > kMaxMovers) out.movers.resize(kMaxMovers);
  return out;
}

Status BuildBoardReport(const KvReader& store, QuarterId quarter, TimeMs now, BoardReport* out) {
  BoardInputs in;
  in.quarter = quarter;
  in.now = now;
  Status s = QuartersWithData(store, &in.quarters_with_data);
  std::reverse(in.quarters_with_data.begin(), in.quarters_with_data.end());  // newest first
  if (s.ok()) s = BuildIlsReport(store, quarter, &in.current);
  if (s.ok()) s = BuildIlsReport(store, quarter - 1, &in.previous);
  if (s.ok()) s = BuildGoalsReport(store, quarter, &in.goals);
  // The trend: up to eight quarters with data, ending with this one.
  std::vector<QuarterId> trend;
  for (QuarterId q : in.quarters_with_data)
    if (q < quarter && trend.size() < 7) trend.push_back(q);
  std::reverse(trend.begin(), trend.end());
  for (QuarterId q : trend) {
    if (!s.ok()) break;
    IlsReport r;
    if (q == quarter - 1)
      r = in.previous;
    else
      s = BuildIlsReport(store, q, &r);
    in.history.push_back(std::move(r));
  }
  in.history.push_back(in.current);
  if (s.ok())
    s = store.Scan(keys::kCatalogPrefix, PrefixEnd(keys::kCatalogPrefix), [&](auto, auto v) {
      CatalogRecord rec;
      if (rec.Decode(v)) in.service_names[rec.service.service_id] = rec.service.name;
      return true;
    });
  if (!s.ok()) return s;
  *out = AssembleBoardReport(in);
  return Status::Ok();
}

}  // namespace followup
