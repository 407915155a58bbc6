// Decoding and validation of one Kafka message value against the event contract
// (events.md, v1). The only way an Event comes into existence from the wire.
#pragma once
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "events/event.h"
#include "events/reject_reason.h"

namespace followup {

struct DecodeError {
  // Human readable, always starts with the field it is about ("service_id: must
  // match ..."; nested fields as "alternatives[1].channel"; the whole message is
  // "message"). Echoed values are truncated to 60 code points.
  std::string reason;
  // Its kind, for metrics: Name(category) is the stable label
  // (events/reject_reason.h). Unset, it counts as invalid_value.
  RejectReason category = RejectReason::kInvalidValue;
};

// Decodes and validates one Kafka message value. Not thread-safe: one decoder per
// thread (it reuses a simdjson parser and buffers). Never throws (short of
// std::bad_alloc), never crashes on any input.
//
// Numbers (events.md, "Limits of numbers") are judged on their exact decimal
// text, never through a binary double: money and hours within ±1e12, kept to 6
// decimals (micro-units); latencies within 0..1e9 ms, kept to 3 decimals
// (microseconds); more decimals are rounded half away from zero, and a value is
// out of range when its exact value is ("1000000000000.0000001" is refused).
// A service_id is never historik or history (reserved for the status pages).
//
// Beyond events.md: JSON null in an optional field means absent; "integer"
// fields accept a number with zero fractional part within int64 ("2.0",
// "1e2"); string limits count code points; instants must lie in
// [1970-01-01T00:00:00Z, 2201-01-01T00:00:00Z); months in years 1970..2200.
class EventDecoder {
 public:
  static constexpr size_t kMaxMessageBytes = 64 * 1024;

  EventDecoder();
  ~EventDecoder();
  EventDecoder(EventDecoder&&) noexcept;
  EventDecoder& operator=(EventDecoder&&) noexcept;
  EventDecoder(const EventDecoder&) = delete;
  EventDecoder& operator=(const EventDecoder&) = delete;

  // Returns true and fills *out, or false and fills *err. Passing the same
  // *out again reuses its string/vector capacity. On failure *out is left in
  // a valid but unspecified state.
  bool Decode(std::string_view bytes, Event* out, DecodeError* err);

 private:
  struct Impl;  // the simdjson parser and a padded input buffer (keeps simdjson.h out of here)
  std::unique_ptr<Impl> impl_;
};

// The contract's id syntax (events.md, event_id): 1-128 characters of
// [A-Za-z0-9._:-]. The admin API also gives announcement ids this shape.
bool IsEventId(std::string_view s);

}  // namespace followup
