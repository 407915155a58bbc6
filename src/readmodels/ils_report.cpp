#include "readmodels/ils_report.h"

#include "readmodels/maintenance.h"

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <set>

#include "common/bytes.h"
#include "common/decimal.h"
#include "common/escape.h"
#include "events/indicators.h"
#include "projections/availability.h"
#include "projections/keys.h"
#include "projections/records.h"

namespace followup {
namespace {

// Scopes in the order the spec sorts them.
enum Scope : int { kCity, kOwner, kFocus, kCategory, kService };
constexpr const char* kScopeNames[] = {"city", "owner", "focus_area", "category", "service"};
using ScopeKey = std::pair<int, std::string>;
using ScopeSet = std::vector<ScopeKey>;

// Stored units per displayed unit of an indicator's numerator and denominator:
// amounts are stored in micro-SEK, hours in micro-hours, durations in ms.
struct Scales {
  int64_t num = 1, den = 1;
};
Scales ScalesOf(IndicatorId id) {
  switch (id) {
    case IndicatorId::kCostPerDigitalCaseSek:
    case IndicatorId::kCostTotalSek:
    case IndicatorId::kIntHoursSaved:
    case IndicatorId::kIntRealizedBenefitSek:
      return {kMicro, 1};
    case IndicatorId::kCostPortfolioShare:
    case IndicatorId::kIntBenefitToInvestment:
      return {kMicro, kMicro};
    case IndicatorId::kQualMeanTimeToRestoreMinutes:
      return {kMsPerMinute, 1};
    default:
      return {};
  }
}

// One indicator's accumulators per scope. Ratios are ratios of sums: each
// contribution adds to a scope's numerator and denominator, exactly (128 bits;
// the value num * den_scale / (den * num_scale) stays exact while the sums are
// below 2^127 / 10^6, i.e. some 10^14 events of the largest amount), and is
// rounded only once, when formatted.
struct Indicator {
  struct Acc {
    __int128 num = 0, den = 0;
    bool any = false;
  };
  std::map<ScopeKey, Acc> acc;

  void Add(const ScopeSet& scopes, __int128 num, __int128 den = 0) {
    for (const auto& s : scopes) {
      Acc& a = acc[s];
      a.num += num;
      a.den += den;
      a.any = true;
    }
  }
};

// Where a service's figures count: its current catalog entry decides owner,
// focus area and category ("unknown" without an entry).
class Scoper {
 public:
  explicit Scoper(const std::map<std::string, CatalogRecord>& catalog) : catalog_(catalog) {}
  ScopeSet Of(const std::string& service_id) const {
    if (service_id.empty()) return {{kCity, "stockholm"}};  // city-wide survey answers
    auto it = catalog_.find(service_id);
    if (it == catalog_.end())
      return {{kCity, "stockholm"},
              {kOwner, "unknown"},
              {kFocus, "unknown"},
              {kCategory, "unknown"},
              {kService, service_id}};
    const ServiceEvent& s = it->second.service;
    return {{kCity, "stockholm"},
            {kOwner, s.owner},
            {kFocus, std::to_string(s.focus_area)},
            {kCategory, Name(s.category)},
            {kService, service_id}};
  }
  // Each scope once, however many of its services an announcement lists.
  ScopeSet OfAll(const std::vector<std::string>& ids) const {
    std::set<ScopeKey> u;
    for (const auto& id : ids)
      for (auto& k : Of(id)) u.insert(std::move(k));
    return ScopeSet(u.begin(), u.end());
  }

 private:
  const std::map<std::string, CatalogRecord>& catalog_;
};

bool IsLive(const AnnouncementEvent& a) { return a.state != AnnouncementState::kCancelled; }

// What every quarter's report reads: the catalog and the announcements.
struct Shared {
  std::map<std::string, CatalogRecord> catalog;
  std::vector<AnnouncementRecord> announcements;
};

// Decodes every value of [prefix, PrefixEnd(prefix)) into a Record and hands
// it to add with its key; a value that does not decode is a Corruption.
template <class Record, class Add>
Status ScanRecords(const KvReader& store, const std::string& prefix, Add add) {
  Status bad;
  Status s = store.Scan(prefix, PrefixEnd(prefix), [&](std::string_view k, std::string_view v) {
    Record r;
    if (!r.Decode(v)) {
      bad = Status::Corruption("cannot decode " + std::string(k));
      return false;
    }
    add(k, std::move(r));
    return true;
  });
  return s.ok() ? bad : s;
}

Status LoadShared(const KvReader& store, Shared* in) {
  Status s =
      ScanRecords<CatalogRecord>(store, std::string(keys::kCatalogPrefix), [&](auto, CatalogRecord&& r) {
        std::string id = r.service.service_id;
        in->catalog.emplace(std::move(id), std::move(r));
      });
  if (s.ok()) s = LoadAnnouncements(store, &in->announcements);
  return s;
}

// q/<quarter>/ records by service ("" = city-wide).
Status LoadQuarter(const KvReader& store, QuarterId q, std::map<std::string, ServiceQuarter>* out) {
  const std::string prefix = keys::QuarterPrefix(q);
  return ScanRecords<ServiceQuarter>(store, prefix, [&](std::string_view k, ServiceQuarter&& r) {
    out->emplace(std::string(k.substr(prefix.size())), r);
  });
}

Status Compute(const KvReader& store, QuarterId quarter, const Shared& shared, IlsReport* out);

}  // namespace

Status QuartersWithData(const KvReader& store, std::vector<QuarterId>* out) {
  std::set<QuarterId> found;
  // Skip scan: the first key of the q/ family at or after `from` names a
  // quarter; the next look starts past that quarter's prefix.
  std::string from(keys::kQuarterFamily);
  const std::string end = PrefixEnd(keys::kQuarterFamily);
  for (;;) {
    std::optional<QuarterId> q;
    Status s = store.Scan(from, end, [&](std::string_view k, std::string_view) {
      q = static_cast<QuarterId>(ReadSortable64(k.substr(keys::kQuarterFamily.size())));
      return false;
    });
    if (!s.ok()) return s;
    if (!q) break;
    found.insert(*q);
    std::string next = keys::QuarterPrefix(*q);
    from = PrefixEnd(next);
    if (from <= next) break;  // no key can follow (cannot happen for a 64-bit quarter)
  }
  std::vector<AnnouncementRecord> anns;
  Status s = LoadAnnouncements(store, &anns);
  if (!s.ok()) return s;
  for (const auto& a : anns)
    if (IsLive(a.announcement)) found.insert(QuarterOf(a.announcement.starts_at));
  out->assign(found.begin(), found.end());
  return Status::Ok();
}

Status BuildIlsReport(const KvReader& store, QuarterId quarter, IlsReport* out) {
  Shared shared;
  Status s = LoadShared(store, &shared);
  return s.ok() ? Compute(store, quarter, shared, out) : s;
}

Status BuildIlsReports(const KvReader& store, const std::vector<QuarterId>& quarters,
                       std::vector<IlsReport>* out) {
  out->assign(quarters.size(), IlsReport{});
  Shared shared;
  Status s = LoadShared(store, &shared);
  for (size_t i = 0; s.ok() && i < quarters.size(); ++i) s = Compute(store, quarters[i], shared, &(*out)[i]);
  return s;
}

namespace {

Status Compute(const KvReader& store, QuarterId quarter, const Shared& shared, IlsReport* out) {
  out->quarter = quarter;
  out->rows.clear();
  struct {
    const std::map<std::string, CatalogRecord>& catalog;
    const std::vector<AnnouncementRecord>& announcements;
    std::map<std::string, ServiceQuarter> quarter;
  } in{shared.catalog, shared.announcements, {}};
  Status s = LoadQuarter(store, quarter, &in.quarter);
  if (!s.ok()) return s;
  const TimeMs q_start = QuarterStart(quarter), q_end = QuarterEnd(quarter);
  auto in_quarter = [&](TimeMs t) { return t >= q_start && t < q_end; };

  bool has_data = !in.quarter.empty();
  for (const auto& a : in.announcements)
    if (IsLive(a.announcement) && in_quarter(a.announcement.starts_at)) has_data = true;
  if (!has_data) return Status::Ok();

  Scoper scoper(in.catalog);
  // By IndicatorId.
  std::array<Indicator, kIndicatorCount> ind;
  auto I = [&ind](IndicatorId id) -> Indicator& { return ind[static_cast<size_t>(id)]; };

  // Maintenance windows per service, clipped to the quarter's minutes.
  auto maintenance = MaintenanceMinutes(in.announcements, MinuteOf(q_start), MinuteOf(q_end));

  // Quarter-bound figures, service by service.
  constexpr RespondentGroup kExt[] = {RespondentGroup::kCitizen, RespondentGroup::kBusiness,
                                      RespondentGroup::kVisitor};
  for (auto& entry : in.quarter) {
    // Not a structured binding: the lambdas below capture q (C++20 allows it;
    // clang 14, which clang-tidy uses, does not).
    const std::string& sid = entry.first;
    auto& q = entry.second;
    ScopeSet scopes = scoper.Of(sid);
    auto survey = [&](IndicatorId name, Question question, std::initializer_list<RespondentGroup> groups) {
      int64_t pos = 0, total = 0;
      for (RespondentGroup g : groups) {
        pos += q.survey_positive[size_t(question)][size_t(g)];
        total += q.survey_total[size_t(question)][size_t(g)];
      }
      if (total) I(name).Add(scopes, pos, total);
    };
    const std::initializer_list<RespondentGroup> ext = {kExt[0], kExt[1], kExt[2]};
    survey(IndicatorId::kExtSatisfiedShare, Question::kSatisfaction, ext);
    survey(IndicatorId::kExtEasyToFindShare, Question::kEasyToFind, ext);
    survey(IndicatorId::kExtMeetsExpectationsShare, Question::kMeetsExpectations, ext);
    survey(IndicatorId::kExtEasedContactShare, Question::kEasedContact, ext);
    survey(IndicatorId::kQualDriftInfoFoundShare, Question::kDriftInfoFound, ext);
    survey(IndicatorId::kIntCostDefensibleShare, Question::kCostDefensible, {RespondentGroup::kManager});
    survey(IndicatorId::kIntInfluenceShare, Question::kInfluence, {RespondentGroup::kManager});
    survey(IndicatorId::kMatItAbilityShare, Question::kItAbility, {RespondentGroup::kStaff});
    if (sid.empty()) continue;  // city-wide answers carry nothing else

    ExactSum all_cases = 0;
    for (ExactSum c : q.usage_cases) all_cases += c;
    const ExactSum digital = q.usage_cases[size_t(Channel::kDigital)];
    if (q.usage_events) {
      I(IndicatorId::kExtDigitalShare).Add(scopes, digital, all_cases);
      I(IndicatorId::kExtContactDetailsShare).Add(scopes, q.usage_contact_digital, digital);
    }
    if (q.adoption_events)
      I(IndicatorId::kMatLicenseUtilization).Add(scopes, q.adoption_active, q.adoption_licensed);
    if (q.benefit_events) {
      I(IndicatorId::kIntRealizedBenefitSek).Add(scopes, q.benefit_realized_micro);
      I(IndicatorId::kIntHoursSaved).Add(scopes, q.benefit_hours_micro);
    }
    if (q.cost_events) {
      I(IndicatorId::kCostTotalSek).Add(scopes, q.cost_total_micro);
      I(IndicatorId::kCostPortfolioShare).Add(scopes, q.cost_portfolio_micro, q.cost_total_micro);
    }
    if (q.cost_events || q.usage_events)
      I(IndicatorId::kCostPerDigitalCaseSek).Add(scopes, q.cost_total_micro, digital);

    if (q.probes > 0) {
      int64_t maint = 0;
      VerdictTally t{q.minutes_up, q.minutes_degraded, q.minutes_down};
      auto m = maintenance.find(sid);
      if (m != maintenance.end()) {
        s = SubtractMaintenance(store, sid, m->second, &t, &maint);
        if (!s.ok()) return s;
      }
      I(IndicatorId::kQualAvailability).Add(scopes, t.up + t.degraded, t.up + t.degraded + t.down);
      I(IndicatorId::kQualMonitoringCoverage)
          .Add(scopes, t.up + t.degraded + t.down + maint, QuarterMinutes(quarter));
    }
  }

  // Catalog-based figures: current, non-retired entries.
  for (const auto& [sid, rec] : in.catalog) {
    const ServiceEvent& s = rec.service;
    if (s.retired) continue;
    ScopeSet scopes = scoper.Of(sid);
    I(IndicatorId::kExtCaseStatusShare).Add(scopes, s.presents_case_status ? 1 : 0, 1);
    I(IndicatorId::kQualWcagAaShare).Add(scopes, s.wcag_aa ? 1 : 0, 1);
    if (s.investment_micro > 0) {
      auto q = in.quarter.find(sid);
      ExactSum realized = q == in.quarter.end() ? 0 : q->second.benefit_realized_micro;
      I(IndicatorId::kIntBenefitToInvestment).Add(scopes, realized, s.investment_micro);
    }
  }

  // Announcement-based figures: each announcement once per scope.
  for (const auto& rec : in.announcements) {
    const AnnouncementEvent& a = rec.announcement;
    if (!IsLive(a) || !in_quarter(a.starts_at)) continue;
    ScopeSet scopes = scoper.OfAll(a.service_ids);
    if (a.kind == AnnouncementKind::kIncident) {
      I(IndicatorId::kQualIncidents).Add(scopes, 1);
      if (a.state == AnnouncementState::kResolved && a.ends_at)
        I(IndicatorId::kQualMeanTimeToRestoreMinutes).Add(scopes, *a.ends_at - a.starts_at, 1);
    } else if (a.ends_at) {
      I(IndicatorId::kQualMaintenanceNightShare)
          .Add(scopes, NightMinutesIn(a.starts_at, *a.ends_at), MinutesIn(a.starts_at, *a.ends_at));
    }
  }

  for (const IndicatorInfo& info : kIndicators) {
    const Scales scale = ScalesOf(info.id);
    for (const auto& [scope, a] : I(info.id).acc) {
      IlsRow row;
      row.indicator = info.id;
      row.scope = kScopeNames[scope.first];
      row.scope_id = scope.second;
      if (info.kind == IndicatorKind::kRatio) {
        if (a.den <= 0) continue;
        row.value = FormatRatio(a.num * scale.den, a.den * scale.num);
        row.numerator = FormatRatio(a.num, scale.num);
        row.denominator = FormatRatio(a.den, scale.den);
      } else {
        if (!a.any) continue;
        row.value = row.numerator = FormatRatio(a.num, scale.num);
      }
      out->rows.push_back(std::move(row));
    }
  }
  // Each map is in (scope, scope_id) order already; the indicators go in name order.
  std::stable_sort(out->rows.begin(), out->rows.end(), [](const IlsRow& a, const IlsRow& b) {
    return IndicatorNameLess(a.indicator, b.indicator);
  });
  return Status::Ok();
}

}  // namespace

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"')
      out += "\"\"";
    else
      out.push_back(c);
  }
  return out + "\"";
}

std::string IlsCsv(const IlsReport& r) {
  std::string out = "quarter,perspective,indicator,scope,scope_id,value,numerator,denominator\n";
  const std::string q = QuarterName(r.quarter);
  for (const auto& row : r.rows) {
    const IndicatorInfo& info = Info(row.indicator);
    out += q + "," + std::string(Name(info.perspective)) + "," + std::string(info.name) + "," + row.scope +
           "," + CsvField(row.scope_id) + "," + row.value + "," + row.numerator + "," + row.denominator +
           "\n";
  }
  return out;
}

std::string IlsJson(const IlsReport& r) {
  std::string out = "{\"quarter\":\"" + QuarterName(r.quarter) + "\",\"rows\":[";
  for (size_t i = 0; i < r.rows.size(); ++i) {
    const IlsRow& row = r.rows[i];
    out += i ? "," : "";
    const IndicatorInfo& info = Info(row.indicator);
    out += "{\"indicator\":\"" + JsonEscape(info.name) + "\",\"perspective\":\"" +
           std::string(Name(info.perspective)) + "\",\"scope\":\"" + row.scope + "\",\"scope_id\":\"" +
           JsonEscape(row.scope_id) + "\",\"value\":" + row.value + ",\"numerator\":" + row.numerator +
           ",\"denominator\":" + (row.denominator.empty() ? "null" : row.denominator) + "}";
  }
  out += "]}\n";
  return out;
}

}  // namespace followup
