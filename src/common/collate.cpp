#include "common/collate.h"

#include "common/utf8.h"

namespace followup {
namespace {

// The code point at s[*i]; bytes that are not UTF-8 come out as the byte
// value of their first byte (the order only needs to be total and stable).
char32_t CodePointOrByte(std::string_view s, size_t* i) {
  auto first = static_cast<unsigned char>(s[*i]);
  char32_t cp = NextCodePoint(s, i);
  return cp == kNotUtf8 ? first : cp;
}

// Letters go to 0x10000 + rank so that every other character sorts before them.
constexpr char32_t kLetter = 0x10000;
char32_t Rank(char32_t c) {
  if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
  if (c >= 'a' && c <= 'z') return kLetter + (c - 'a');
  switch (c) {
    case U'å':
    case U'Å':
      return kLetter + 26;
    case U'ä':
    case U'Ä':
    case U'æ':
    case U'Æ':
      return kLetter + 27;
    case U'ö':
    case U'Ö':
    case U'ø':
    case U'Ø':
      return kLetter + 28;
    case U'é':
    case U'É':
    case U'è':
    case U'È':
    case U'ë':
    case U'Ë':
    case U'ê':
    case U'Ê':
      return kLetter + 4;
    case U'à':
    case U'À':
    case U'á':
    case U'Á':
    case U'â':
    case U'Â':
      return kLetter + 0;
    case U'ü':
    case U'Ü':
      return kLetter + ('y' - 'a');
    case U'í':
    case U'Í':
    case U'ï':
    case U'Ï':
      return kLetter + ('i' - 'a');
    case U'ó':
    case U'Ó':
    case U'ô':
    case U'Ô':
      return kLetter + ('o' - 'a');
    case U'ç':
    case U'Ç':
      return kLetter + ('c' - 'a');
    case U'ñ':
    case U'Ñ':
      return kLetter + ('n' - 'a');
    default:
      return c;
  }
}

}  // namespace

std::u32string SwedishSortKey(std::string_view s) {
  std::u32string key;
  for (size_t i = 0; i < s.size();) key.push_back(Rank(CodePointOrByte(s, &i)));
  return key;
}

bool SwedishLess(std::string_view a, std::string_view b) {
  std::u32string ka = SwedishSortKey(a), kb = SwedishSortKey(b);
  if (ka != kb) return ka < kb;
  return a < b;
}

}  // namespace followup
