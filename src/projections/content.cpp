#include "projections/content.h"

#include <type_traits>

#include "common/bytes.h"
#include "common/sha256.h"

namespace followup {

std::string CanonicalContent(const Event& e) {
  std::string out;
  ByteWriter w(&out);
  w.U64(uint64_t(e.type));
  w.I64(e.occurred_at);
  std::visit(
      [&](const auto& b) {
        using T = std::decay_t<decltype(b)>;
        if constexpr (std::is_same_v<T, ServiceEvent>) {
          w.Str(b.service_id);
          w.Str(b.name);
          w.Str(b.owner);
          w.U64(uint64_t(b.category));
          w.I64(b.focus_area);
          w.Str(b.url);
          w.U64(b.alternatives.size());
          for (const auto& a : b.alternatives) {
            w.U64(uint64_t(a.channel));
            w.Str(a.label);
            w.Str(a.contact);
          }
          w.Bool(b.presents_case_status);
          w.Bool(b.wcag_aa);
          w.I64(b.investment_micro);
          w.I64(b.latency_threshold_us);
          w.Bool(b.retired);
        } else if constexpr (std::is_same_v<T, ProbeEvent>) {
          w.Str(b.service_id);
          w.Str(b.location);
          w.Bool(b.ok);
          w.I64(b.latency_us);
          w.I64(b.http_status);
          w.Str(b.error);
        } else if constexpr (std::is_same_v<T, UsageEvent>) {
          w.Str(b.service_id);
          w.I64(b.period_start);
          w.I64(b.period_end);
          w.U64(uint64_t(b.channel));
          w.I64(b.cases);
          w.I64(b.cases_with_contact_details);
        } else if constexpr (std::is_same_v<T, AdoptionEvent>) {
          w.Str(b.service_id);
          w.I64(b.period_start);
          w.I64(b.period_end);
          w.I64(b.licensed_users);
          w.I64(b.active_users);
        } else if constexpr (std::is_same_v<T, SurveyEvent>) {
          w.Str(b.survey_id);
          w.U64(uint64_t(b.group));
          w.Str(b.service_id);
          w.U64(uint64_t(b.question));
          w.I64(b.score);
          w.I64(b.scale_max);
        } else if constexpr (std::is_same_v<T, CostEvent>) {
          w.Str(b.service_id);
          w.I64(b.year);
          w.I64(b.month);
          w.U64(uint64_t(b.kind));
          w.I64(b.amount_micro);
          w.U64(uint64_t(b.funding));
        } else if constexpr (std::is_same_v<T, BenefitEvent>) {
          w.Str(b.service_id);
          w.I64(b.year);
          w.I64(b.month);
          w.I64(b.realized_micro);
          w.I64(b.hours_saved_micro);
        } else if constexpr (std::is_same_v<T, AnnouncementEvent>) {
          w.Str(b.announcement_id);
          w.I64(b.revision);
          w.U64(uint64_t(b.kind));
          w.U64(b.service_ids.size());
          for (const auto& s : b.service_ids) w.Str(s);
          w.U64(uint64_t(b.state));
          w.I64(b.starts_at);
          w.Bool(b.ends_at.has_value());
          w.I64(b.ends_at.value_or(0));
          w.Str(b.title_sv);
          w.Str(b.body_sv);
          w.Str(b.title_en);
          w.Str(b.body_en);
        } else if constexpr (std::is_same_v<T, TargetEvent>) {
          w.Str(b.indicator);
          w.U64(uint64_t(b.scope));
          w.Str(b.scope_id);
          w.I64(b.year);
          w.Bool(b.withdrawn);
          w.I64(b.value_micro);
          w.I64(b.tolerance_micro);
        } else {
          static_assert(sizeof(T) == 0, "every event type needs its canonical content");
        }
      },
      e.body);
  return out;
}

std::string ContentDigest(const Event& e) {
  auto d = Sha256(CanonicalContent(e));
  return std::string(reinterpret_cast<const char*>(d.data()), d.size());
}

}  // namespace followup
