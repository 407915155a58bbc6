// ComposeMail against many hostile subjects and bodies (a fixed seed, so the
// same cases every run): whatever the text, the message is 7-bit CRLF text,
// has exactly its own headers, no line over 78 characters, and reads back
// (encoded-words and quoted-printable decoded here by a reader of their own)
// as the sanitised text.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "common/escape.h"
#include "common/utf8.h"
#include "notify/mail_message.h"
#include "notify/webhook_signature.h"

namespace followup::notify {
namespace {

// Pieces hostile text is made of: line breaks, controls, header look-alikes,
// encoded-word look-alikes, Swedish letters, a 4-byte emoji, broken UTF-8.
const std::vector<std::string> kPieces = {"\r\n",
                                          "\n",
                                          "\r",
                                          "\t",
                                          " ",
                                          "  ",
                                          std::string(1, '\0'),
                                          "\x1b",
                                          "\x7f",
                                          "Bcc: x@y.se",
                                          ":",
                                          "=",
                                          "=?",
                                          "?=",
                                          "=?utf-8?B?QQ==?=",
                                          ".",
                                          "From ",
                                          "å",
                                          "ä",
                                          "ö",
                                          "Ö",
                                          "–",
                                          "😀",
                                          "\xC3",
                                          "\xE2\x80",
                                          "\xFF",
                                          "Parkering",
                                          "Driftstörning",
                                          "a",
                                          "Z",
                                          "0",
                                          "\xE2\x80\xAE",
                                          std::string(40, 'x')};

std::string RandomText(std::mt19937* rng, int max_pieces) {
  std::uniform_int_distribution<int> count(1, max_pieces);
  std::uniform_int_distribution<size_t> pick(0, kPieces.size() - 1);
  std::string s;
  for (int i = count(*rng); i > 0; --i) s += kPieces[pick(*rng)];
  return s;
}

// The subject as the composer promises to write it.
std::string ExpectedSubject(std::string_view subject) {
  std::string t = SanitizeText(subject);
  for (char& c : t)
    if (c == '\r' || c == '\n' || c == '\t') c = ' ';
  return t;
}

bool IsUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();)
    if (NextCodePoint(s, &i) == kNotUtf8) return false;
  return true;
}

// Unfolds a header value and decodes its encoded-words (RFC 2047: white
// space between two words is dropped); each word must be whole UTF-8.
std::string DecodeSubject(std::string value) {
  std::string unfolded;
  for (size_t i = 0; i < value.size(); ++i) {
    if (value.compare(i, 3, "\r\n ") == 0) {
      i += 2;  // the fold's CRLF goes, its space stays
    }
    unfolded += value[i];
  }
  if (unfolded.rfind("=?utf-8?B?", 0) != 0) return unfolded;
  std::string out;
  size_t pos = 0;
  while (pos < unfolded.size()) {
    if (unfolded[pos] == ' ') {
      ++pos;
      continue;
    }
    size_t end = unfolded.find("?=", pos + 10);
    EXPECT_EQ(unfolded.compare(pos, 10, "=?utf-8?B?"), 0) << unfolded;
    if (end == std::string::npos) return "<unterminated>";
    std::string bytes;
    EXPECT_TRUE(FromBase64(unfolded.substr(pos + 10, end - pos - 10), &bytes));
    EXPECT_TRUE(IsUtf8(bytes)) << "a word splits a character";
    out += bytes;
    pos = end + 2;
  }
  return out;
}

int HexValue(char c) { return c <= '9' ? c - '0' : c - 'A' + 10; }

// Quoted-printable (RFC 2045 6.7) back to text with LF line ends.
std::string DecodeQp(std::string_view body) {
  std::string out;
  for (size_t i = 0; i < body.size(); ++i) {
    if (body.compare(i, 3, "=\r\n") == 0) {
      i += 2;
    } else if (body[i] == '=') {
      out += char(HexValue(body[i + 1]) * 16 + HexValue(body[i + 2]));
      i += 2;
    } else if (body.compare(i, 2, "\r\n") == 0) {
      out += '\n';
      ++i;
    } else {
      out += body[i];
    }
  }
  return out;
}

// The text with every line break as LF and one at the end.
std::string ExpectedBody(std::string_view text) {
  std::string t = SanitizeText(text), out;
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i] == '\r') {
      out += '\n';
      if (i + 1 < t.size() && t[i + 1] == '\n') ++i;
    } else {
      out += t[i];
    }
  }
  if (!out.empty() && out.back() != '\n') out += '\n';
  return out;
}

TEST(ComposeMailProperty, HostileTextNeverBreaksTheMessage) {
  const std::vector<std::string> kNames = {"Date",
                                           "From",
                                           "To",
                                           "Subject",
                                           "Message-ID",
                                           "MIME-Version",
                                           "Content-Type",
                                           "Content-Transfer-Encoding",
                                           "Content-Language",
                                           "Auto-Submitted",
                                           "List-Unsubscribe",
                                           "List-Unsubscribe-Post"};
  std::mt19937 rng(20261202);
  int composed = 0;
  for (int round = 0; round < 3000; ++round) {
    MailMessage m;
    m.from = "Stockholms stad <driftinformation@stockholm.se>";
    m.to = "medborgare@example.se";
    m.subject = RandomText(&rng, 12);
    m.text = RandomText(&rng, 40);
    m.unsubscribe_url = "https://stockholm.se/avsluta?t=x";
    m.message_id = "<1@stockholm.se>";
    std::string out;
    if (!ComposeMail(m, &out).ok()) {
      ASSERT_FALSE(HasVisibleText(ExpectedSubject(m.subject))) << "refused a subject with text";
      continue;
    }
    ++composed;
    for (size_t i = 0; i < out.size(); ++i) {
      ASSERT_LT(static_cast<unsigned char>(out[i]), 0x80) << round;
      ASSERT_NE(out[i], '\0') << round;
      if (out[i] == '\r') ASSERT_EQ(out[i + 1], '\n') << round;
      if (out[i] == '\n') ASSERT_EQ(out[i - 1], '\r') << round;
    }
    size_t blank = out.find("\r\n\r\n");
    ASSERT_NE(blank, std::string::npos);
    std::vector<std::string> names;
    std::string subject;
    bool in_subject = false;
    for (size_t start = 0; start < blank + 2;) {
      size_t end = out.find("\r\n", start);
      std::string line = out.substr(start, end - start);
      ASSERT_LE(line.size(), 78u) << line;
      if (line[0] == ' ') {
        ASSERT_TRUE(in_subject) << "a continuation outside the subject: " << line;
        subject += "\r\n" + line;
      } else {
        std::string name = line.substr(0, line.find(':'));
        names.push_back(name);
        in_subject = name == "Subject";
        if (in_subject) subject = line.substr(9);
      }
      start = end + 2;
    }
    ASSERT_EQ(names, kNames) << "round " << round;
    ASSERT_EQ(DecodeSubject(subject), ExpectedSubject(m.subject)) << "round " << round;
    ASSERT_EQ(DecodeQp(std::string_view(out).substr(blank + 4)), ExpectedBody(m.text)) << "round " << round;
  }
  EXPECT_GT(composed, 2500);
}

}  // namespace
}  // namespace followup::notify
