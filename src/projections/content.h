// "Same content" of events.md ("Duplicates and id conflicts"): a digest of the
// decoded event, so that two copies of one event_id compare equal exactly when
// their type, occurred_at and the type's own fields are equal after decoding
// (defaults applied, so absent, null and the default are one value; instants
// to the millisecond, amounts to the micro-unit). event_id, source and fields
// the contract does not define are left out.
//
// The digest is SHA-256 of a canonical binary encoding: every field of the
// type, in a fixed order, length-prefixed. It is deliberately not the record
// codec of records.h (which writes the same fields for catalog entries and
// announcements): stored digests must stay valid when a record encoding changes. Adding a field to an event
// struct means adding it here (content_test.cpp fails for a field left out). Thread-safe (pure function).
#pragma once
#include <string>

#include "events/event.h"

namespace followup {

// The canonical bytes (exposed for tests and diagnostics).
std::string CanonicalContent(const Event& e);
// SHA-256 of CanonicalContent(e), 32 bytes.
std::string ContentDigest(const Event& e);

}  // namespace followup
