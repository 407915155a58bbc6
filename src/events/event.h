// The decoded, validated form of every event type of the contract (v1). An
// Event only exists after validation succeeded: every field holds a value that
// the spec allows. Money and hours are integer micro-units (see common/decimal.h);
// latencies are integer microseconds; instants are ms since epoch (UTC).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "common/time.h"

namespace followup {

enum class EventType : uint8_t {
  kService,
  kProbe,
  kUsage,
  kAdoption,
  kSurvey,
  kCost,
  kBenefit,
  kAnnouncement,
  kTarget
};
constexpr int kEventTypeCount = 9;
const char* EventTypeName(EventType t);  // "probe.v1"

enum class Category : uint8_t { kGrundlaggande, kDifferentierande, kInnovativt };
enum class Channel : uint8_t { kDigital, kPhone, kVisit, kMail };
enum class AltChannel : uint8_t { kPhone, kVisit, kWeb, kEmail };
enum class RespondentGroup : uint8_t { kCitizen, kBusiness, kVisitor, kStaff, kManager };
enum class Question : uint8_t {
  kSatisfaction,
  kEasyToFind,
  kMeetsExpectations,
  kEasedContact,
  kDriftInfoFound,
  kItAbility,
  kCostDefensible,
  kInfluence
};
enum class CostKind : uint8_t { kDevelopment, kOperations, kMaintenance, kLicense };
enum class Funding : uint8_t { kLine, kPortfolio };
enum class AnnouncementKind : uint8_t { kIncident, kPlannedMaintenance };
enum class AnnouncementState : uint8_t {
  kScheduled,
  kInvestigating,
  kIdentified,
  kMonitoring,
  kResolved,
  kCancelled
};
// The scopes of the ILS report (indicators.md), in report order.
enum class Scope : uint8_t { kCity, kOwner, kFocusArea, kCategory, kService };
constexpr int kChannelCount = 4, kGroupCount = 5, kQuestionCount = 8, kCostKindCount = 4;

// Wire names ("grundlaggande", "digital", ...), exactly as in events.md.
const char* Name(Category v);
const char* Name(Channel v);
const char* Name(AltChannel v);
const char* Name(RespondentGroup v);
const char* Name(Question v);
const char* Name(CostKind v);
const char* Name(Funding v);
const char* Name(AnnouncementKind v);
const char* Name(AnnouncementState v);
const char* Name(Scope v);

struct Alternative {
  AltChannel channel = AltChannel::kPhone;
  std::string label;
  std::string contact;
};

struct ServiceEvent {
  std::string service_id, name, owner;
  Category category = Category::kGrundlaggande;
  int focus_area = 1;  // 1..5
  std::string url;
  std::vector<Alternative> alternatives;
  bool presents_case_status = false;
  bool wcag_aa = false;
  int64_t investment_micro = 0;            // SEK * 1e6
  int64_t latency_threshold_us = 2000000;  // default 2000 ms
  bool retired = false;
};

struct ProbeEvent {
  std::string service_id, location;
  bool ok = false;
  int64_t latency_us = 0;
  int http_status = 0;  // 0 when absent
  std::string error;
};

struct UsageEvent {
  std::string service_id;
  TimeMs period_start = 0, period_end = 0;
  Channel channel = Channel::kDigital;
  int64_t cases = 0;
  int64_t cases_with_contact_details = 0;
};

struct AdoptionEvent {
  std::string service_id;
  TimeMs period_start = 0, period_end = 0;
  int64_t licensed_users = 0, active_users = 0;
};

struct SurveyEvent {
  std::string survey_id;
  RespondentGroup group = RespondentGroup::kCitizen;
  std::string service_id;  // empty: a city-wide question (null or absent)
  Question question = Question::kSatisfaction;
  int score = 0, scale_max = 5;
  bool positive() const { return 5 * score >= 4 * scale_max; }
};

struct CostEvent {
  std::string service_id;
  int year = 1970, month = 1;
  CostKind kind = CostKind::kDevelopment;
  int64_t amount_micro = 0;  // may be negative
  Funding funding = Funding::kLine;
};

struct BenefitEvent {
  std::string service_id;
  int year = 1970, month = 1;
  int64_t realized_micro = 0, hours_saved_micro = 0;
};

struct AnnouncementEvent {
  std::string announcement_id;
  int64_t revision = 0;
  AnnouncementKind kind = AnnouncementKind::kIncident;
  std::vector<std::string> service_ids;  // de-duplicated, in given order
  AnnouncementState state = AnnouncementState::kScheduled;
  TimeMs starts_at = 0;
  std::optional<TimeMs> ends_at;
  std::string title_sv, body_sv, title_en, body_en;
};

// A goal kommunstyrelsen sets for one indicator, scope and year (target.v1).
struct TargetEvent {
  std::string indicator;  // one of kIndicators (events/indicators.h)
  Scope scope = Scope::kCity;
  std::string scope_id;
  int year = 2000;
  bool withdrawn = false;
  int64_t value_micro = 0;      // the indicator's unit * 1e6; 0 when withdrawn without a value
  int64_t tolerance_micro = 0;  // >= 0
};

using EventBody = std::variant<ServiceEvent, ProbeEvent, UsageEvent, AdoptionEvent, SurveyEvent, CostEvent,
                               BenefitEvent, AnnouncementEvent, TargetEvent>;

struct Event {
  EventType type = EventType::kService;
  std::string event_id;
  TimeMs occurred_at = 0;
  std::string source;
  EventBody body;
  // Who wrote it: the id of the admin token (followup's extension of the
  // envelope, not in events.md: README "Admin API"). Empty when absent or not
  // an id (1-128 of [A-Za-z0-9._:-]); never a reason to reject, and like
  // `source` not part of the content (projections/content.h), so the fold and
  // the duplicate check ignore it. Last, so that Event{type, id, at, source,
  // body} still means what it did.
  std::string actor;
};

}  // namespace followup
