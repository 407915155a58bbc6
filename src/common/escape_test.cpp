// The one text rule (SanitizeText) and the escapers built on it, for every
// output format: what XML 1.0 forbids, other controls, bidi controls and
// bytes that are not UTF-8.
#include "common/escape.h"

#include <gtest/gtest.h>

#include <string>

namespace followup {
namespace {

using namespace std::string_literals;

const std::string kFffd = "\xEF\xBF\xBD";  // U+FFFD
const std::string kFffe = "\xEF\xBF\xBE";  // U+FFFE
const std::string kFfff = "\xEF\xBF\xBF";  // U+FFFF
const std::string kRlo = "\xE2\x80\xAE";   // U+202E RIGHT-TO-LEFT OVERRIDE
const std::string kLri = "\xE2\x81\xA6";   // U+2066 LEFT-TO-RIGHT ISOLATE
const std::string kRlm = "\xE2\x80\x8F";   // U+200F RIGHT-TO-LEFT MARK

TEST(EscapeSanitize, KeepsOrdinaryTextByteForByte) {
  EXPECT_EQ(SanitizeText("Skärholmen 08-508 00 508 ✓ 😀\tA\nB\r"), "Skärholmen 08-508 00 508 ✓ 😀\tA\nB\r");
  EXPECT_EQ(SanitizeText("مرحبا"), "مرحبا");  // right-to-left letters stay
  EXPECT_EQ(SanitizeText(""), "");
}

TEST(EscapeSanitize, ReplacesXmlForbiddenNoncharacters) {
  EXPECT_EQ(SanitizeText("a" + kFffe + "b"), "a" + kFffd + "b");
  EXPECT_EQ(SanitizeText("a" + kFfff + "b"), "a" + kFffd + "b");
  EXPECT_EQ(SanitizeText("\xEF\xB7\x90"), kFffd);      // U+FDD0
  EXPECT_EQ(SanitizeText("\xF0\x9F\xBF\xBF"), kFffd);  // U+1FFFF
}

TEST(EscapeSanitize, ReplacesControlCharacters) {
  EXPECT_EQ(SanitizeText("a\0b"s), "a" + kFffd + "b");
  EXPECT_EQ(SanitizeText("a\x01\x1f"
                         "b"),
            "a" + kFffd + kFffd + "b");
  EXPECT_EQ(SanitizeText("a\x7f"
                         "b"),
            "a" + kFffd + "b");
  EXPECT_EQ(SanitizeText("a\xC2\x85"
                         "b"),
            "a" + kFffd + "b");  // U+0085, a C1 control
}

TEST(EscapeSanitize, DropsBidiControls) {
  EXPECT_EQ(SanitizeText("abc" + kRlo + "gpj.exe"), "abcgpj.exe");
  EXPECT_EQ(SanitizeText(kLri + "x" + "\xE2\x81\xA9"), "x");                        // U+2066 ... U+2069
  EXPECT_EQ(SanitizeText("\xE2\x80\xAA\xE2\x80\xAB\xE2\x80\xAC\xE2\x80\xAD"), "");  // U+202A-U+202D
  EXPECT_EQ(SanitizeText("a" + kRlm +
                         "\xE2\x80\x8E\xD8\x9C"
                         "b"),
            "ab");  // RLM, LRM, ALM
}

TEST(EscapeSanitize, ReplacesInvalidUtf8) {
  EXPECT_EQ(SanitizeText("a\xFF"
                         "b"),
            "a" + kFffd + "b");
  EXPECT_EQ(SanitizeText("a\xC3"), "a" + kFffd);                               // truncated
  EXPECT_EQ(SanitizeText("\xC0\xAF"), kFffd + kFffd);                          // overlong '/'
  EXPECT_EQ(SanitizeText("\xED\xA0\x80"), kFffd + kFffd + kFffd);              // a surrogate, U+D800
  EXPECT_EQ(SanitizeText("\xF4\x90\x80\x80"), kFffd + kFffd + kFffd + kFffd);  // above U+10FFFF
  EXPECT_EQ(SanitizeText("\xE2\x82"
                         "x"),
            kFffd + "x");  // one U+FFFD per maximal subpart
  EXPECT_EQ(SanitizeText("\x80"), kFffd);
}

TEST(EscapeSanitize, IsIdempotent) {
  std::string hostile = "\0\x01"s + kFffe + kRlo + "\xFF\xED\xA0\x80" + "text";
  EXPECT_EQ(SanitizeText(SanitizeText(hostile)), SanitizeText(hostile));
}

TEST(EscapeVisible, WhitespaceAndInvisibleCharactersAreNotText) {
  EXPECT_FALSE(HasVisibleText(""));
  EXPECT_FALSE(HasVisibleText("   \t\r\n"));
  EXPECT_FALSE(HasVisibleText("\xC2\xA0\xE2\x80\x83\xE3\x80\x80"));  // no-break, em and ideographic spaces
  EXPECT_FALSE(HasVisibleText("\xE2\x80\x8B\xEF\xBB\xBF"));          // zero-width space, BOM
  EXPECT_FALSE(HasVisibleText(kRlo + kLri));
  EXPECT_FALSE(HasVisibleText("\0\x01"s + kFfff));
  EXPECT_FALSE(HasVisibleText(kFffd));
  EXPECT_TRUE(HasVisibleText("  x  "));
  EXPECT_TRUE(HasVisibleText("Å"));
}

TEST(EscapeVisible, FirstUnsafeCharacterCountsCodePoints) {
  EXPECT_EQ(FirstUnsafeCharacter("Ärende"), std::string::npos);
  EXPECT_EQ(FirstUnsafeCharacter("Är" + kRlo), 2u);
  EXPECT_EQ(FirstUnsafeCharacter("åäö\0"s), 3u);
  EXPECT_EQ(FirstUnsafeCharacter("a" + kFfff), 1u);
  EXPECT_EQ(FirstUnsafeCharacter("\xFF"), 0u);
}

TEST(EscapeHtml, SanitisesThenEscapes) {
  EXPECT_EQ(HtmlEscape("<a href=\"x\">'&'</a>"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  EXPECT_EQ(HtmlEscape("a" + kFfff + "b"), "a" + kFffd + "b");
  EXPECT_EQ(HtmlEscape("a\0b"s), "a" + kFffd + "b");
  EXPECT_EQ(HtmlEscape("a\x1b"
                       "b"),
            "a" + kFffd + "b");
  EXPECT_EQ(HtmlEscape("abc" + kRlo + "def"), "abcdef");
  EXPECT_EQ(HtmlEscape("a\xFE"
                       "b"),
            "a" + kFffd + "b");
}

TEST(EscapeXml, SanitisesThenEscapes) {
  EXPECT_EQ(XmlEscape("a<b>&\"'\tc\n"), "a&lt;b&gt;&amp;&quot;&apos;\tc\n");
  EXPECT_EQ(XmlEscape("a" + kFffe + "b"), "a" + kFffd + "b");
  EXPECT_EQ(XmlEscape("a" + kFfff + "b"), "a" + kFffd + "b");
  EXPECT_EQ(XmlEscape("a\0b"s), "a" + kFffd + "b");
  EXPECT_EQ(XmlEscape("a\x01"
                      "b"),
            "a" + kFffd + "b");
  EXPECT_EQ(XmlEscape("abc" + kRlo + "def"), "abcdef");
  EXPECT_EQ(XmlEscape("a\xED\xBF\xBF"
                      "b"),
            "a" + kFffd + kFffd + kFffd + "b");  // a surrogate, U+DFFF
}

TEST(EscapeJson, TextForPeopleIsSanitisedAndValid) {
  EXPECT_EQ(JsonEscapeText("a" + kFfff + "b"), "a" + kFffd + "b");
  EXPECT_EQ(JsonEscapeText("a" + kFffe + "b"), "a" + kFffd + "b");
  EXPECT_EQ(JsonEscapeText("a\0b"s), "a" + kFffd + "b");
  EXPECT_EQ(JsonEscapeText("a\x02"
                           "b"),
            "a" + kFffd + "b");
  EXPECT_EQ(JsonEscapeText("abc" + kRlo + "def"), "abcdef");
  EXPECT_EQ(JsonEscapeText("a\xFF"
                           "b"),
            "a" + kFffd + "b");
  EXPECT_EQ(JsonEscapeText("\"\\\n\t<>&"), "\\\"\\\\\\n\\t\\u003c\\u003e\\u0026");
}

TEST(EscapeJson, MachineValuesKeepEveryCodePointButStayValidJson) {
  EXPECT_EQ(JsonEscape("a\0b"s), "a\\u0000b");
  EXPECT_EQ(JsonEscape("a\x1f\x7f"), "a\\u001f\\u007f");
  EXPECT_EQ(JsonEscape(kRlo + kFfff), kRlo + kFfff);
  EXPECT_EQ(JsonEscape("a\xE2\x80\xA8"
                       "b\xE2\x80\xA9"),
            "a\\u2028b\\u2029");
  EXPECT_EQ(JsonEscape("a\xFF\xC3"), "a" + kFffd + kFffd);
}

}  // namespace
}  // namespace followup
