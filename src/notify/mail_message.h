// Composing one notification mail as the bytes an SMTP relay is given
// (RFC 5322 message format, RFC 2045 MIME): a plain-text UTF-8 body in
// quoted-printable, the subject in RFC 2047 encoded-words when it is not
// plain ASCII, holds "=?" or is too long for its line (then the words are
// folded over several lines), and the headers of an automatic message with a one-click
// unsubscribe (RFC 3834 Auto-Submitted, RFC 8058 List-Unsubscribe-Post).
//
// The composed message is 7-bit ASCII with CRLF line ends and no line longer
// than 78 characters (RFC 5322 2.1.1), but where an address or the
// List-Unsubscribe URL make it longer (those are never split or folded;
// every line stays under the limit of 998). SMTP
// dot-stuffing is the sender's job (smtp_sender.h); the body never has a line
// that starts with "." or "From " anyway (both are encoded, RFC 2049 3.(8)).
// RFC 8058 also asks for a DKIM signature that covers List-Unsubscribe and
// List-Unsubscribe-Post: that is the city relay's job.
//
// Header injection: nothing a caller passes can start a header of its own.
//  - subject and the display names of from/to are text for people (service
//    names and announcement titles flow into them): they are sanitised as all
//    shown text is (common/escape.h SanitizeText: other controls become
//    U+FFFD, bidi controls are dropped) and then every CR, LF and tab becomes
//    one space, so "Parkering\r\nBcc: x@y" is the subject
//    "Parkering  Bcc: x@y" and never a Bcc header.
//  - the addresses, message_id, language and unsubscribe_url are machine
//    values: anything outside their grammar, which includes every control
//    character, is refused (Status::Invalid). The refusal names the field,
//    never its value (an address is personal data).
//
// Thread-safety: pure functions (NewMessageId reads OpenSSL's CSPRNG, which
// is thread-safe).
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

#include "common/status.h"
#include "common/time.h"

namespace followup::notify {

struct MailMessage {
  // "Stockholms stad <driftinformation@stockholm.se>" or a bare address; a
  // display name may be any UTF-8 (encoded-words when it is not ASCII).
  std::string from;
  // The recipient, in the same forms as from.
  std::string to;
  // UTF-8; must have something visible (common/escape.h HasVisibleText).
  std::string subject;
  // UTF-8 body, sanitised as all shown text is (SanitizeText). Line breaks
  // may be LF, CRLF or CR; they become CRLF.
  std::string text;
  // "https://..." one-click unsubscribe link (RFC 8058 requires https);
  // empty: no List-Unsubscribe headers.
  std::string unsubscribe_url;
  // "<left@right>", unique per message (NewMessageId).
  std::string message_id;
  // The Date header.
  TimeMs date = 0;
  // The Content-Language: a language tag such as "sv" or "en" (RFC 5646
  // letters, digits and hyphens: [A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*).
  std::string language = "sv";
};

// The longest unsubscribe_url accepted (its header line then stays under the
// 998-character limit of RFC 5322 2.1.1).
inline constexpr size_t kMaxUnsubscribeUrl = 900;

// The message's bytes into *out (replaced). Invalid, naming the field, when
// from, to, message_id, language or unsubscribe_url breaks its grammar, or
// when the subject has nothing visible.
Status ComposeMail(const MailMessage& message, std::string* out);

// True for an address ComposeMail and SendMail accept: "local@domain" with
// a dot-atom local part of at most 64 characters (RFC 5322 3.4.1 atext and
// dots, no leading, trailing or double dot; quoted local parts are not
// accepted), a domain of letters, digits, '-' and dots with at least one dot
// between labels of 1-63 characters, at most 254 characters in all, ASCII
// only (no SMTPUTF8).
bool IsMailAddress(std::string_view address);

// The form in which two addresses are compared (the rate limit per address,
// an erasure): ASCII letters lower-cased, as the addresses IsMailAddress
// takes are ASCII.
std::string CanonicalMailAddress(std::string_view address);

// True for a host name of labels of letters, digits and inner hyphens, 1-63
// characters each, joined by dots: at least min_labels labels, at most 253
// characters (RFC 1123 2.1).
bool IsHostName(std::string_view name, size_t min_labels = 1);

// Splits "Name <local@domain>" into the display name (trimmed, possibly
// empty) and the address, or takes a bare "local@domain" with an empty name.
// Invalid (without the text) when the address part is not IsMailAddress.
Status ParseMailbox(std::string_view mailbox, std::string* display_name, std::string* address);

// A new Message-ID, "<32 hex digits@domain>" from 16 random bytes; Invalid
// when domain is not a host name, Unavailable when the random generator fails.
Status NewMessageId(std::string_view domain, std::string* message_id);

// A display name that is not ASCII is written as one encoded-word where it
// fits one (45 bytes of UTF-8), on a line of its own when it must be; a
// longer one as several, which RFC 2047 readers join as they should but
// Python's email package (policy default) reads with a space between them.
//
// Appends text (UTF-8) as RFC 2047 "B" encoded-words ("=?utf-8?B?...?="),
// each at most 75 characters and never splitting a UTF-8 sequence, folded so
// that no line of the header exceeds 76 characters: the first word goes on
// the current line, which already holds `used` characters, every further
// word on a line of its own after one space. Returns the length of the last
// line. For ComposeMail's headers; exposed for its tests.
size_t AppendEncodedWords(std::string_view text, size_t used, std::string* out);

// Appends text as a quoted-printable body (RFC 2045 6.7) with CRLF hard line
// breaks: lines at most 76 characters with "=" soft breaks, '=' and every
// byte outside printable ASCII as =XX (upper-case hex), a space or tab at the
// end of a line as =20 / =09, and a "." or the "F" of "From " at the start of
// an encoded line as =2E / =46. Every line, the last too, ends with CRLF; a
// line break at the very end of text adds no empty line.
void AppendQuotedPrintable(std::string_view text, std::string* out);

}  // namespace followup::notify
