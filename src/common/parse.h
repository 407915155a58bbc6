// Strict integer parsing for stored and network text, in place of std::stoi
// and friends (which skip spaces, accept trailing junk and throw). One rule:
// the whole text is an optional '-' (signed types only) followed by decimal
// digits, and the value fits the type; anything else is refused.
// Thread-safety: pure; safe from any thread.
#pragma once
#include <charconv>
#include <string_view>
#include <system_error>

namespace followup {

// True and *out set when s is exactly a decimal integer that fits Int;
// false and *out unchanged otherwise.
template <class Int>
[[nodiscard]] bool ParseInteger(std::string_view s, Int* out) {
  if (s.empty()) return false;
  Int v{};
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return false;
  *out = v;
  return true;
}

}  // namespace followup
