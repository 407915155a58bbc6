// Why an event is rejected to the dead-letter topic, declared once.
// X(enumerator, wire name). The wire name is the `reason` label of
// followup_events_rejected_total (tests/prometheus, dashboards): never rename
// one. The order is the order of the per-reason counters stored in
// c/<topic>/<partition> (projections/records.cpp, IngestCounters): a new
// reason goes at the end, with a new kProjectionVersion (store/store.h).
// The human-readable reason of a dead letter is DecodeError::reason
// (events/decoder.h); this is its short, stable kind.
//
// Thread-safety: constants only.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

// clang-format off
#define FOLLOWUP_REJECT_REASON_LIST(X)                                                            \
  X(kTooLarge, "too_large")         /* over EventDecoder::kMaxMessageBytes */                     \
  X(kInvalidJson, "invalid_json")   /* not a JSON object, or no value at all */                   \
  X(kUnknownType, "unknown_type")   /* "type" is not an event type of the contract */             \
  X(kMissingField, "missing_field") /* a required field is absent (or null) */                    \
  X(kWrongType, "wrong_type")       /* a field has the wrong JSON type */                         \
  X(kInvalidValue, "invalid_value") /* a value breaks a rule of events.md, or its routing */
// clang-format on

namespace followup {

enum class RejectReason : uint8_t {
#define FOLLOWUP_REJECT_REASON_ENUMERATOR(e, name) e,
  FOLLOWUP_REJECT_REASON_LIST(FOLLOWUP_REJECT_REASON_ENUMERATOR)
#undef FOLLOWUP_REJECT_REASON_ENUMERATOR
};

// kRejectReasonNames[i] is the wire name of RejectReason(i).
inline constexpr std::array kRejectReasonNames = {
#define FOLLOWUP_REJECT_REASON_NAME(e, name) std::string_view(name),
    FOLLOWUP_REJECT_REASON_LIST(FOLLOWUP_REJECT_REASON_NAME)
#undef FOLLOWUP_REJECT_REASON_NAME
};
inline constexpr size_t kRejectReasonCount = kRejectReasonNames.size();

constexpr std::string_view Name(RejectReason r) { return kRejectReasonNames[size_t(r)]; }

}  // namespace followup
