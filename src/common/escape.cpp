#include "common/escape.h"

#include "common/utf8.h"

#include <cstdint>
#include <cstdio>

namespace followup {
namespace {

constexpr char32_t kReplacement = 0xFFFD;
constexpr char32_t kInvalid = kNotUtf8;

bool IsBidiControl(char32_t cp) {
  return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069);
}

// Replaced by U+FFFD: what XML 1.0 does not allow, the C1 controls and DEL
// (HTML parse errors) and the noncharacters.
bool IsReplaced(char32_t cp) {
  if (cp == kInvalid) return true;
  if (cp < 0x20) return cp != '\t' && cp != '\n' && cp != '\r';
  if (cp >= 0x7F && cp <= 0x9F) return true;
  if (cp >= 0xFDD0 && cp <= 0xFDEF) return true;
  return (cp & 0xFFFE) == 0xFFFE;
}

bool IsSpace(char32_t cp) {
  return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200B) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F ||
         cp == 0x2060 || cp == 0x3000 || cp == 0xFEFF;
}

void AppendUtf8(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(char(cp));
  } else if (cp < 0x800) {
    out->push_back(char(0xC0 | (cp >> 6)));
    out->push_back(char(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(char(0xE0 | (cp >> 12)));
    out->push_back(char(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(char(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(char(0xF0 | (cp >> 18)));
    out->push_back(char(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(char(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(char(0x80 | (cp & 0x3F)));
  }
}

// Calls f(code point, its bytes) for each code point SanitizeText keeps or
// puts in (U+FFFD for a replaced one, with empty bytes).
template <class F>
void ForEachSafe(std::string_view s, F f) {
  size_t i = 0;
  while (i < s.size()) {
    size_t start = i;
    char32_t cp = NextCodePoint(s, &i);
    if (IsBidiControl(cp)) continue;
    if (IsReplaced(cp))
      f(kReplacement, std::string_view());
    else
      f(cp, s.substr(start, i - start));
  }
}

}  // namespace

std::string SanitizeText(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  ForEachSafe(s, [&out](char32_t cp, std::string_view bytes) {
    if (bytes.empty())
      AppendUtf8(cp, &out);
    else
      out.append(bytes);
  });
  return out;
}

bool HasVisibleText(std::string_view s) {
  bool visible = false;
  ForEachSafe(s, [&visible](char32_t cp, std::string_view bytes) {
    if (!bytes.empty() && !IsSpace(cp) && cp != kReplacement) visible = true;
  });
  return visible;
}

size_t FirstUnsafeCharacter(std::string_view s) {
  size_t i = 0, n = 0;
  while (i < s.size()) {
    char32_t cp = NextCodePoint(s, &i);
    if (IsBidiControl(cp) || IsReplaced(cp)) return n;
    ++n;
  }
  return std::string_view::npos;
}

std::string JsonEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  size_t i = 0;
  while (i < s.size()) {
    size_t start = i;
    char32_t cp = NextCodePoint(s, &i);
    switch (cp) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '<':
        out += "\\u003c";
        break;  // safe to embed in HTML <script>
      case '>':
        out += "\\u003e";
        break;
      case '&':
        out += "\\u0026";
        break;
      case 0x2028:
        out += "\\u2028";
        break;  // line terminators in JavaScript
      case 0x2029:
        out += "\\u2029";
        break;
      case kInvalid:
        AppendUtf8(kReplacement, &out);
        break;
      default:
        if (cp < 0x20 || cp == 0x7F) {
          char buf[16];  // six characters and a NUL, with room for any unsigned (the compiler checks)
          std::snprintf(buf, sizeof buf, "\\u%04x", unsigned(cp));
          out += buf;
        } else {
          out.append(s.substr(start, i - start));
        }
    }
  }
  return out;
}

std::string JsonEscapeText(std::string_view s) { return JsonEscape(SanitizeText(s)); }

namespace {

// The markup characters escaped; apos: how a single quote is written.
std::string EscapeMarkup(std::string_view s, const char* apos) {
  std::string clean = SanitizeText(s);
  std::string out;
  out.reserve(clean.size() + 16);
  for (char c : clean) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += apos;
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

}  // namespace

std::string HtmlEscape(std::string_view s) { return EscapeMarkup(s, "&#39;"); }

std::string XmlEscape(std::string_view s) { return EscapeMarkup(s, "&apos;"); }

std::string IcsEscapeText(std::string_view s) {
  std::string clean = SanitizeText(s), out;
  out.reserve(clean.size() + clean.size() / 8);
  for (size_t i = 0; i < clean.size(); ++i) {
    char c = clean[i];
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case ';':
        out += "\\;";
        break;
      case ',':
        out += "\\,";
        break;
      case '\r':
        if (i + 1 < clean.size() && clean[i + 1] == '\n') ++i;  // CRLF is one line break
        out += "\\n";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

}  // namespace followup
