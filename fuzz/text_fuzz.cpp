// libFuzzer target: the one text rule (common/escape.h) on arbitrary bytes.
// Properties, for every input:
//  - SanitizeText's output is valid UTF-8 with only characters XML 1.0
//    allows, no other controls, no noncharacters and no bidi controls;
//  - it is idempotent, and FirstUnsafeCharacter agrees with it;
//  - HtmlEscape and XmlEscape are the sanitised text with markup escaped
//    (no '<', '>', '"' or '\'' left, every '&' starts an entity);
//  - "\"" + JsonEscapeText(x) + "\"" is a JSON string that parses back to
//    SanitizeText(x), and JsonEscape(x) is valid JSON for any bytes.
#include <simdjson.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "common/escape.h"

using namespace followup;

namespace {

[[noreturn]] void Fail() { std::abort(); }

// Strict UTF-8 decode; aborts on anything that is not allowed in the output.
void CheckSafe(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    auto b = [&](size_t k) -> uint32_t {
      if (k >= s.size()) Fail();
      return static_cast<unsigned char>(s[k]);
    };
    uint32_t c = b(i), cp;
    size_t n;
    if (c < 0x80)
      cp = c, n = 1;
    else if (c >= 0xC2 && c <= 0xDF)
      cp = c & 0x1F, n = 2;
    else if (c >= 0xE0 && c <= 0xEF)
      cp = c & 0x0F, n = 3;
    else if (c >= 0xF0 && c <= 0xF4)
      cp = c & 0x07, n = 4;
    else
      Fail();
    for (size_t k = 1; k < n; ++k) {
      uint32_t x = b(i + k);
      if ((x & 0xC0) != 0x80) Fail();
      cp = (cp << 6) | (x & 0x3F);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF))) Fail();  // overlong, too big
    if (cp >= 0xD800 && cp <= 0xDFFF) Fail();                                           // surrogate
    if (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') Fail();                    // XML 1.0
    if (cp >= 0x7F && cp <= 0x9F) Fail();                                               // DEL, C1
    if ((cp & 0xFFFE) == 0xFFFE || (cp >= 0xFDD0 && cp <= 0xFDEF)) Fail();              // noncharacters
    if (cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
        (cp >= 0x2066 && cp <= 0x2069))
      Fail();  // bidi controls
    i += n;
  }
}

void CheckMarkup(std::string_view escaped) {
  CheckSafe(escaped);
  for (size_t i = 0; i < escaped.size(); ++i) {
    char c = escaped[i];
    if (c == '<' || c == '>' || c == '"' || c == '\'') Fail();
    if (c == '&') {
      size_t semi = escaped.find(';', i);
      if (semi == std::string_view::npos || semi - i > 6) Fail();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::string clean = SanitizeText(in);
  CheckSafe(clean);
  if (SanitizeText(clean) != clean) Fail();
  if ((FirstUnsafeCharacter(in) == std::string_view::npos) != (clean == in)) Fail();
  if (FirstUnsafeCharacter(clean) != std::string_view::npos) Fail();
  if (HasVisibleText(in) != HasVisibleText(clean)) Fail();
  CheckMarkup(HtmlEscape(in));
  CheckMarkup(XmlEscape(in));

  static simdjson::dom::parser parser;
  std::string json = "\"" + JsonEscapeText(in) + "\"";
  simdjson::dom::element e;
  std::string_view back;
  if (parser.parse(json).get(e) != simdjson::SUCCESS || e.get_string().get(back) != simdjson::SUCCESS) Fail();
  if (back != clean) Fail();
  std::string raw = "\"" + JsonEscape(in) + "\"";
  if (parser.parse(raw).get(e) != simdjson::SUCCESS || e.get_string().get(back) != simdjson::SUCCESS) Fail();
  if (raw.find('<') != std::string::npos || raw.find('>') != std::string::npos) Fail();
  return 0;
}
