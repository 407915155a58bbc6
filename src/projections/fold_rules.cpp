// The per-event-type fold rules. Each is small because every stored figure is
// a sum or a max-by-rule (see fold.h); the indicator arithmetic lives in the
// read models.
#include "projections/availability.h"
#include "projections/fold.h"

#include <tuple>

namespace followup {

// service.v1: the entry with the latest occurred_at wins; on a tie the greater
// event_id, so that the result never depends on the order of partitions.
void FoldService(const Event& e, const ServiceEvent& s, FoldContext& ctx) {
  bool exists = false;
  CatalogRecord* rec = ctx.Catalog(s.service_id, &exists);
  if (!rec) return;
  if (exists && std::tie(e.occurred_at, e.event_id) <= std::tie(rec->occurred_at, rec->event_id)) return;
  rec->service = s;
  rec->occurred_at = e.occurred_at;
  rec->event_id = e.event_id;
}

// announcement.v1: the highest revision wins; between equal revisions the
// greater event_id. Every revision number also keeps its own row (the same
// tie rule), so the update timeline is a max-by-rule per revision as well.
void FoldAnnouncement(const Event& e, const AnnouncementEvent& a, FoldContext& ctx) {
  auto take = [&](AnnouncementRecord* rec, bool exists) {
    if (exists && std::tie(a.revision, e.event_id) <= std::tie(rec->announcement.revision, rec->event_id))
      return;
    rec->announcement = a;
    rec->occurred_at = e.occurred_at;
    rec->event_id = e.event_id;
  };
  bool exists = false;
  AnnouncementRecord* rec = ctx.Announcement(a.announcement_id, &exists);
  if (!rec) return;
  take(rec, exists);
  if (!ctx.FoldsRevisions()) return;  // projection version 3
  AnnouncementRecord* rev = ctx.Revision(a.announcement_id, a.revision, &exists);
  if (!rev) return;
  take(rev, exists);
}

// target.v1 (ILS goals): per (indicator, scope, scope_id, year) the latest
// occurred_at wins, a tie to the greater event_id; a winning withdrawal stays
// stored (as withdrawn) so that no older decision comes back.
void FoldTarget(const Event& e, const TargetEvent& t, FoldContext& ctx) {
  bool exists = false;
  TargetRecord* rec = ctx.Target(t, &exists);
  if (!rec) return;
  if (exists && std::tie(e.occurred_at, e.event_id) <= std::tie(rec->occurred_at, rec->event_id)) return;
  rec->target = t;
  rec->occurred_at = e.occurred_at;
  rec->event_id = e.event_id;
}

// probe.v1 (quality): counts per location in the event's minute; the quarter
// rollup follows the minute's verdict change.
void FoldProbe(const Event& e, const ProbeEvent& p, FoldContext& ctx) {
  MinuteIdx minute = MinuteOf(e.occurred_at);
  MinuteState* m = ctx.Minute(p.service_id, minute);
  ServiceQuarter* q = ctx.Quarter(QuarterOf(MinuteStart(minute)), p.service_id);
  DayCounts* d = ctx.Day(p.service_id, FloorDiv(minute, 1440));
  DayCounts* h = ctx.Hour(p.service_id, FloorDiv(minute, 60));
  if (!m || !q || !d || !h) return;
  Verdict before = ProbeVerdict(*m);
  AddProbe(m, p);
  Verdict after = ProbeVerdict(*m);
  if (before != after) {
    CountVerdict(q, before, -1);
    CountVerdict(q, after, +1);
    for (DayCounts* c : {d, h}) {
      CountVerdict(c, before, -1);
      CountVerdict(c, after, +1);
    }
  }
  ++q->probes;
  for (DayCounts* c : {d, h}) {
    ++c->probes;
    if (!p.ok) ++c->probes_failed;
  }
  if (!p.ok) ++q->probes_failed;
}

// usage.v1 (external; digital cases also feed cost per case): the quarter of
// period_start.
void FoldUsage(const UsageEvent& u, FoldContext& ctx) {
  ServiceQuarter* q = ctx.Quarter(QuarterOf(u.period_start), u.service_id);
  if (!q) return;
  ++q->usage_events;
  q->usage_cases[size_t(u.channel)] += u.cases;
  if (u.channel == Channel::kDigital) q->usage_contact_digital += u.cases_with_contact_details;
}

// adoption.v1 (maturity).
void FoldAdoption(const AdoptionEvent& a, FoldContext& ctx) {
  ServiceQuarter* q = ctx.Quarter(QuarterOf(a.period_start), a.service_id);
  if (!q) return;
  ++q->adoption_events;
  q->adoption_licensed += a.licensed_users;
  q->adoption_active += a.active_users;
}

// survey.v1 (all perspectives): the quarter of occurred_at; city-wide answers
// are stored under the empty service id.
void FoldSurvey(const Event& e, const SurveyEvent& s, FoldContext& ctx) {
  ServiceQuarter* q = ctx.Quarter(QuarterOf(e.occurred_at), s.service_id);
  if (!q) return;
  ++q->survey_total[size_t(s.question)][size_t(s.group)];
  if (s.positive()) ++q->survey_positive[size_t(s.question)][size_t(s.group)];
}

// cost.v1 (cost): the quarter of month; corrections are negative amounts.
void FoldCost(const CostEvent& c, FoldContext& ctx) {
  ServiceQuarter* q = ctx.Quarter(QuarterOfMonth(c.year, c.month), c.service_id);
  if (!q) return;
  ++q->cost_events;
  q->cost_total_micro += c.amount_micro;
  if (c.funding == Funding::kPortfolio) q->cost_portfolio_micro += c.amount_micro;
  q->cost_by_kind_micro[size_t(c.kind)] += c.amount_micro;
}

// benefit.v1 (internal).
void FoldBenefit(const BenefitEvent& b, FoldContext& ctx) {
  ServiceQuarter* q = ctx.Quarter(QuarterOfMonth(b.year, b.month), b.service_id);
  if (!q) return;
  ++q->benefit_events;
  q->benefit_realized_micro += b.realized_micro;
  q->benefit_hours_micro += b.hours_saved_micro;
}

}  // namespace followup
