#include "common/utf8.h"

namespace followup {

char32_t NextCodePoint(std::string_view s, size_t* i) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(*i);
  if (c < 0x80) {
    ++*i;
    return c;
  }
  int need;
  char32_t cp;
  unsigned char lo = 0x80, hi = 0xBF;  // the allowed range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    need = 1, cp = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    need = 2, cp = c & 0x0F;
    if (c == 0xE0) lo = 0xA0;  // no overlongs
    if (c == 0xED) hi = 0x9F;  // no surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    need = 3, cp = c & 0x07;
    if (c == 0xF0) lo = 0x90;  // no overlongs
    if (c == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
  } else {
    ++*i;
    return kNotUtf8;
  }
  size_t j = *i + 1;
  for (int k = 0; k < need; ++k, ++j) {
    if (j >= s.size()) {
      *i = j;
      return kNotUtf8;
    }
    unsigned char x = b(j);
    if (x < (k == 0 ? lo : 0x80) || x > (k == 0 ? hi : 0xBF)) {
      *i = j;
      return kNotUtf8;
    }
    cp = (cp << 6) | (x & 0x3F);
  }
  *i = j;
  return cp;
}

}  // namespace followup
