#include "events/names.h"

namespace followup {
namespace {

// The tables hold string literals, so data() is NUL-terminated. Out-of-range
// values (a corrupt cast) yield "?" instead of reading past the table.
template <class E>
const char* NameOf(E v) {
  const auto& names = WireNames<E>::kNames;
  auto i = static_cast<size_t>(v);
  return i < names.size() ? names[i].data() : "?";
}

}  // namespace

const char* EventTypeName(EventType t) { return NameOf(t); }
const char* Name(Category v) { return NameOf(v); }
const char* Name(Channel v) { return NameOf(v); }
const char* Name(AltChannel v) { return NameOf(v); }
const char* Name(RespondentGroup v) { return NameOf(v); }
const char* Name(Question v) { return NameOf(v); }
const char* Name(CostKind v) { return NameOf(v); }
const char* Name(Funding v) { return NameOf(v); }
const char* Name(AnnouncementKind v) { return NameOf(v); }
const char* Name(AnnouncementState v) { return NameOf(v); }
const char* Name(Scope v) { return NameOf(v); }

}  // namespace followup
