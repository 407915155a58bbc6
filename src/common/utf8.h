// UTF-8 decoding, the one decoder of the tree (escaping, collation).
// Thread-safety: pure functions.
#pragma once
#include <cstddef>
#include <string_view>

namespace followup {

// Not a code point: what NextCodePoint returns for bytes that are not UTF-8.
constexpr char32_t kNotUtf8 = 0xFFFFFFFF;

// Decodes the code point at s[*i] (*i < s.size()) and advances *i past it.
// Invalid input (overlongs, surrogates, above U+10FFFF, truncated sequences)
// yields kNotUtf8 and advances past the maximal invalid subpart (at least one
// byte), as Unicode 15, 3.9 "U+FFFD Substitution of Maximal Subparts".
char32_t NextCodePoint(std::string_view s, size_t* i);

}  // namespace followup
