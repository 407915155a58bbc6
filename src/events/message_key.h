// The Kafka message key of an event (events.md: "the message key should be the
// service_id", targets keyed by their indicator). One home for the rule: the
// producer tool (`followup produce`) keys what it sends with it, and the
// scale-out routing (ingest/topics.h) checks arriving keys against it.
// Thread-safety: pure functions; MessageKeyOfLine uses the caller's decoder
// (one per thread, as EventDecoder says).
#pragma once
#include <string>
#include <string_view>

#include "events/decoder.h"
#include "events/event.h"

namespace followup {

// Message key of city-wide survey answers (service_id null): one fixed key
// keeps them on one partition.
inline constexpr std::string_view kCityKey = "city";

// The key a producer should give e: its service_id; kCityKey for a city-wide
// survey answer; the indicator for a target; the announcement_id for an
// announcement (its revisions stay in order on the announcements topic).
std::string MessageKey(const Event& e);

// The key of one message value as a producer sends it: MessageKey of the
// decoded event, or "" (no key) for a line the decoder rejects. Such a line is
// dead-lettered by whichever instance reads it, and the consumer never relies
// on the key (events.md), so no partition is more right for it than another:
// guessing a key from a malformed line would only repeat the rule above badly.
std::string MessageKeyOfLine(EventDecoder* decoder, std::string_view line);

}  // namespace followup
