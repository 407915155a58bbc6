// Sanitising and escaping of untrusted text for the formats the service writes.
//
// One rule for text shown to people (SanitizeText), used by every output
// format: HtmlEscape and XmlEscape always apply it, and JSON read models use
// JsonEscapeText. The stored events keep the text as it was written; only
// what is rendered is sanitised.
//
// Thread-safety: pure functions.
#pragma once
#include <string>
#include <string_view>

namespace followup {

// The text as it may be shown: always valid UTF-8 and only characters XML 1.0
// allows, so the same text is safe in HTML, XML/Atom and JSON.
//  - A byte sequence that is not UTF-8 (bad or truncated sequences, overlong
//    forms, encoded surrogates, beyond U+10FFFF) becomes U+FFFD, one per
//    maximal invalid subpart (Unicode's "substitution of maximal subparts").
//  - Control characters other than tab, LF and CR (U+0000-U+001F, U+007F-
//    U+009F) and noncharacters (U+FDD0-U+FDEF and U+xFFFE/U+xFFFF of every
//    plane, which includes the XML-forbidden U+FFFE and U+FFFF) become U+FFFD:
//    damaged data stays visible as damaged.
//  - Bidirectional formatting characters are dropped (U+061C, U+200E, U+200F,
//    U+202A-U+202E, U+2066-U+2069): an untrusted text cannot reorder or
//    isolate the page around it. Letters of right-to-left scripts are kept
//    and are still shown in their own direction.
// Everything else is kept byte for byte (idempotent: Sanitize(Sanitize(x)) ==
// Sanitize(x)).
std::string SanitizeText(std::string_view s);

// True when the text has something to show: once sanitised, a character
// other than white space (Unicode White_Space, and U+200B, U+2060, U+FEFF)
// and U+FFFD. Bidi controls, controls and invalid bytes alone do not count.
bool HasVisibleText(std::string_view s);

// The first code point of s that SanitizeText would change (drop or replace),
// as a 0-based code point offset; npos when none. For strict validation of
// commands.
size_t FirstUnsafeCharacter(std::string_view s);

// Escapes a string for inclusion in JSON (without the quotes), keeping every
// code point (for events and machine values): controls become \u escapes;
// '<', '>', '&' and U+2028/U+2029 too, so the JSON is also safe inside HTML
// and JavaScript. Bytes that are not UTF-8 become U+FFFD (JSON is UTF-8).
std::string JsonEscape(std::string_view s);
// JsonEscape(SanitizeText(s)): text for people in a JSON read model.
std::string JsonEscapeText(std::string_view s);
// Sanitises (SanitizeText) and escapes text for HTML element content and
// attribute values.
std::string HtmlEscape(std::string_view s);
// Sanitises (SanitizeText) and escapes text for XML 1.0 content and
// attributes.
std::string XmlEscape(std::string_view s);
// Sanitises (SanitizeText) and escapes text for an iCalendar TEXT value
// (RFC 5545 section 3.3.11): backslash, ';' and ',' get a backslash before
// them, and a line break (CRLF, LF or a lone CR) becomes the two characters
// "\n". The result has no control character but tab, so it can only end a
// content line where the writer folds it.
std::string IcsEscapeText(std::string_view s);

}  // namespace followup
