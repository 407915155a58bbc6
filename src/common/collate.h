// Swedish alphabetical order (svensk sortering) for names shown to people:
// case-insensitive, a-z, then å, ä, ö last (after z); é, è, à, ü sort as e, e,
// a, y; æ as ä and ø as ö. Digits before letters, other characters by code
// point before both. Ties are broken by the bytes, so the order is total.
//
// Thread-safety: pure functions.
#pragma once
#include <string>
#include <string_view>

namespace followup {

// A key whose byte order is the Swedish order of the text's letters.
std::u32string SwedishSortKey(std::string_view utf8);
// a before b in Swedish order.
bool SwedishLess(std::string_view a, std::string_view b);

}  // namespace followup
