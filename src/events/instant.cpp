#include "events/instant.h"

#include <optional>

namespace followup {

InstantCheck ParseInstant(std::string_view s, TimeMs* out) {
  std::optional<TimeMs> t = ParseRfc3339(s);
  if (!t) return InstantCheck::kNotRfc3339;
  if (*t < kMinInstant || *t >= kEndInstant) return InstantCheck::kOutOfRange;
  *out = *t;
  return InstantCheck::kOk;
}

}  // namespace followup
