#include "notify/mail_message.h"

#include <openssl/rand.h>

#include <algorithm>

#include "common/ascii.h"
#include "common/escape.h"
#include "common/sha256.h"
#include "common/utf8.h"
#include "notify/webhook_signature.h"

namespace followup::notify {
namespace {

// RFC 5322 2.1.1: lines SHOULD be at most 78 characters; RFC 2047 2: a line
// that holds an encoded-word at most 76.
constexpr size_t kMaxLine = 78;
constexpr size_t kMaxEncodedLine = 76;
constexpr std::string_view kWordStart = "=?utf-8?B?";
constexpr std::string_view kWordEnd = "?=";

bool IsAtext(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
         std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
}

// RFC 5322 3.2.3 dot-atom-text: atext runs joined by single dots.
bool IsDotAtom(std::string_view s) {
  if (s.empty() || s.front() == '.' || s.back() == '.') return false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '.') {
      if (s[i - 1] == '.') return false;
    } else if (!IsAtext(s[i])) {
      return false;
    }
  }
  return true;
}

bool IsMessageId(std::string_view s) {
  if (s.size() < 5 || s.size() > 250 || s.front() != '<' || s.back() != '>') return false;
  std::string_view inner = s.substr(1, s.size() - 2);
  size_t at = inner.find('@');
  if (at == std::string_view::npos || inner.find('@', at + 1) != std::string_view::npos) return false;
  return IsDotAtom(inner.substr(0, at)) && IsDotAtom(inner.substr(at + 1));
}

bool IsLanguageTag(std::string_view s) {
  if (s.empty() || s.size() > 35) return false;
  size_t start = 0;
  bool first = true;
  while (true) {
    size_t dash = s.find('-', start);
    std::string_view part =
        s.substr(start, dash == std::string_view::npos ? std::string_view::npos : dash - start);
    if (part.empty() || part.size() > 8) return false;
    for (char c : part) {
      bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
      if (!letter && (first || !(c >= '0' && c <= '9'))) return false;
    }
    first = false;
    if (dash == std::string_view::npos) return true;
    start = dash + 1;
  }
}

bool IsUnsubscribeUrl(std::string_view s) {
  constexpr std::string_view kScheme = "https://";
  if (s.size() <= kScheme.size() || s.size() > kMaxUnsubscribeUrl || s.substr(0, kScheme.size()) != kScheme)
    return false;
  if (s[kScheme.size()] == '/') return false;  // no host
  return std::all_of(s.begin(), s.end(), [](char c) {
    return c > ' ' && c < 0x7F && c != '<' && c != '>' && c != '"' && c != '\\';
  });
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Text for people in a header: sanitised as all shown text is, then no line
// break or tab (each becomes a space), so it cannot end the header.
std::string HeaderText(std::string_view s) {
  std::string t = SanitizeText(s);
  std::replace_if(
      t.begin(), t.end(), [](char c) { return c == '\r' || c == '\n' || c == '\t'; }, ' ');
  return t;
}

bool IsPlainAscii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= ' ' && c < 0x7F; }) &&
         s.find("=?") == std::string_view::npos;
}

std::string Hex(unsigned char c) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  return {'=', kDigits[c >> 4], kDigits[c & 0xF]};
}

// The bytes of text one encoded-word holds on a line that already holds
// `used` characters: whole base64 quanta of 4 characters per 3 bytes.
size_t EncodedWordRoom(size_t used) {
  const size_t overhead = kWordStart.size() + kWordEnd.size();
  return used + overhead < kMaxEncodedLine ? (kMaxEncodedLine - used - overhead) / 4 * 3 : 0;
}

// The encoded form of line[i] when it would start at column col.
std::string QpToken(std::string_view line, size_t i, size_t col) {
  auto c = static_cast<unsigned char>(line[i]);
  if (col == 0 && (c == '.' || line.substr(i, 5) == "From ")) return Hex(c);
  if (c == ' ' || c == '\t') return i + 1 == line.size() ? Hex(c) : std::string(1, char(c));
  if (c >= 33 && c <= 126 && c != '=') return std::string(1, char(c));
  return Hex(c);
}

void AppendQpLine(std::string_view line, std::string* out) {
  size_t col = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    std::string token = QpToken(line, i, col);
    // Room for the "=" of a soft break after every token but the last.
    size_t limit = i + 1 == line.size() ? kMaxEncodedLine : kMaxEncodedLine - 1;
    if (col + token.size() > limit) {
      *out += "=\r\n";
      col = 0;
      token = QpToken(line, i, col);
    }
    *out += token;
    col += token.size();
  }
  *out += "\r\n";
}

// "Name <address>" for a From or To header whose line already holds `used`
// characters; the name is written as it is, quoted or encoded.
void AppendMailbox(std::string_view display_name, std::string_view address, size_t used, std::string* out) {
  std::string name = HeaderText(display_name);
  std::string_view trimmed = Trim(name);
  if (trimmed.empty()) {
    out->append(address);
    return;
  }
  size_t line = used;
  bool atoms = std::all_of(trimmed.begin(), trimmed.end(), [](char c) { return c == ' ' || IsAtext(c); });
  std::string quoted;
  if (!atoms) {
    quoted = "\"";
    for (char c : trimmed) {
      if (c == '"' || c == '\\') quoted += '\\';
      quoted += c;
    }
    quoted += '"';
  }
  std::string_view plain = atoms ? trimmed : std::string_view(quoted);
  if (IsPlainAscii(trimmed) && used + plain.size() <= kMaxLine) {
    out->append(plain);
    line += plain.size();
  } else if (trimmed.size() > EncodedWordRoom(used) && trimmed.size() <= EncodedWordRoom(1)) {
    // One word on a line of its own rather than two: readers differ on the
    // space between two encoded-words of a phrase (RFC 2047 6.2 drops it,
    // Python's email package keeps it).
    *out += "\r\n ";
    line = AppendEncodedWords(trimmed, 1, out);
  } else {
    line = AppendEncodedWords(trimmed, used, out);
  }
  if (line + address.size() + 3 > kMaxLine) {
    *out += "\r\n";
    line = 0;
  }
  *out += " <";
  out->append(address);
  *out += '>';
}

void AppendHeader(std::string_view name, std::string_view value, std::string* out) {
  out->append(name);
  *out += ": ";
  out->append(value);
  *out += "\r\n";
}

}  // namespace

bool IsHostName(std::string_view s, size_t min_labels) {
  if (s.empty() || s.size() > 253) return false;
  size_t labels = 0;
  size_t start = 0;
  while (true) {
    size_t dot = s.find('.', start);
    std::string_view label =
        s.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    for (char c : label)
      if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
        return false;
    ++labels;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return labels >= min_labels;
}

std::string CanonicalMailAddress(std::string_view address) { return AsciiLower(address); }

bool IsMailAddress(std::string_view address) {
  if (address.size() > 254) return false;
  size_t at = address.find('@');
  if (at == std::string_view::npos || address.find('@', at + 1) != std::string_view::npos) return false;
  std::string_view local = address.substr(0, at);
  return local.size() <= 64 && IsDotAtom(local) && IsHostName(address.substr(at + 1), 2);
}

Status ParseMailbox(std::string_view mailbox, std::string* display_name, std::string* address) {
  std::string_view text = Trim(mailbox);
  std::string_view name, addr = text;
  if (!text.empty() && text.back() == '>') {
    size_t open = text.rfind('<');
    if (open == std::string_view::npos) return Status::Invalid("a '>' without its '<'");
    name = Trim(text.substr(0, open));
    addr = text.substr(open + 1, text.size() - open - 2);
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') name = name.substr(1, name.size() - 2);
  }
  if (!IsMailAddress(addr))
    return Status::Invalid("not an e-mail address of the form local@domain (ASCII, no quoted local part)");
  display_name->assign(name);
  address->assign(addr);
  return Status::Ok();
}

Status NewMessageId(std::string_view domain, std::string* message_id) {
  if (!IsHostName(domain, 1)) return Status::Invalid("a Message-ID's domain is a host name");
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof bytes) != 1)
    return Status::Unavailable("the random number generator failed: no Message-ID made");
  *message_id = "<" + HexBytes(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes)) + "@" +
                std::string(domain) + ">";
  return Status::Ok();
}

size_t AppendEncodedWords(std::string_view text, size_t used, std::string* out) {
  size_t line = used;
  size_t i = 0;
  while (i < text.size()) {
    size_t room = EncodedWordRoom(line);
    if (room < 4) {  // not even one code point: continue on a new line
      *out += "\r\n ";
      line = 1;
      continue;
    }
    size_t end = i;
    while (end < text.size()) {
      size_t next = end;
      (void)NextCodePoint(text, &next);  // only its length matters here
      if (next - i > room) break;
      end = next;
    }
    std::string word = std::string(kWordStart) + Base64(text.substr(i, end - i)) + std::string(kWordEnd);
    out->append(word);
    line += word.size();
    i = end;
    if (i < text.size()) {
      *out += "\r\n ";
      line = 1;
    }
  }
  return line;
}

void AppendQuotedPrintable(std::string_view text, std::string* out) {
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find_first_of("\r\n", start);
    if (end == std::string_view::npos) {
      AppendQpLine(text.substr(start), out);
      return;
    }
    AppendQpLine(text.substr(start, end - start), out);
    start = end + (text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n' ? 2 : 1);
  }
}

Status ComposeMail(const MailMessage& m, std::string* out) {
  std::string from_name, from_address, to_name, to_address;
  if (Status s = ParseMailbox(m.from, &from_name, &from_address); !s.ok()) return s.WithContext("From");
  if (Status s = ParseMailbox(m.to, &to_name, &to_address); !s.ok()) return s.WithContext("To");
  if (!IsMessageId(m.message_id))
    return Status::Invalid("Message-ID: not of the form <left@right> (dot-atoms, no spaces or controls)");
  if (!IsLanguageTag(m.language))
    return Status::Invalid("Content-Language: not a language tag such as sv or en");
  if (!m.unsubscribe_url.empty() && !IsUnsubscribeUrl(m.unsubscribe_url))
    return Status::Invalid("List-Unsubscribe: the link must be https:// and printable ASCII, at most " +
                           std::to_string(kMaxUnsubscribeUrl) + " characters (RFC 8058)");
  std::string subject = HeaderText(m.subject);
  if (!HasVisibleText(subject)) return Status::Invalid("Subject: empty");

  std::string msg;
  msg.reserve(1024 + m.text.size() * 3);
  AppendHeader("Date", FormatRfc5322Utc(m.date), &msg);
  msg += "From: ";
  AppendMailbox(from_name, from_address, 6, &msg);
  msg += "\r\nTo: ";
  AppendMailbox(to_name, to_address, 4, &msg);
  msg += "\r\nSubject: ";
  constexpr size_t kSubjectUsed = 9;  // "Subject: "
  if (IsPlainAscii(subject) && kSubjectUsed + subject.size() <= kMaxLine)
    msg += subject;
  else
    (void)AppendEncodedWords(subject, kSubjectUsed, &msg);  // nothing follows on its last line
  msg += "\r\n";
  AppendHeader("Message-ID", m.message_id, &msg);
  AppendHeader("MIME-Version", "1.0", &msg);
  AppendHeader("Content-Type", "text/plain; charset=utf-8", &msg);
  AppendHeader("Content-Transfer-Encoding", "quoted-printable", &msg);
  AppendHeader("Content-Language", m.language, &msg);
  AppendHeader("Auto-Submitted", "auto-generated", &msg);
  if (!m.unsubscribe_url.empty()) {
    // One line however long (never folded: unfolded, a folded field keeps
    // its leading space, which readers of the URL need not expect).
    AppendHeader("List-Unsubscribe", "<" + m.unsubscribe_url + ">", &msg);
    AppendHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click", &msg);
  }
  msg += "\r\n";
  AppendQuotedPrintable(SanitizeText(m.text), &msg);
  *out = std::move(msg);
  return Status::Ok();
}

}  // namespace followup::notify
