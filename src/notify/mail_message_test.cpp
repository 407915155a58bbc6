#include "notify/mail_message.h"

#include <gtest/gtest.h>

#include <string>

namespace followup::notify {
namespace {

// Expected bytes below are worked out by hand from RFC 2045 (quoted-printable),
// RFC 2047 (encoded-words) and RFC 4648 (base64), then checked with
// coreutils: printf 'Driftstörning: Parkering' | base64 gives
// RHJpZnRzdMO2cm5pbmc6IFBhcmtlcmluZw== ("ö" is C3 B6; 25 bytes: 8 groups
// of three and one byte, hence "Zw==").

MailMessage Example() {
  MailMessage m;
  m.from = "Stockholms stad <driftinformation@stockholm.se>";
  m.to = "medborgare@example.se";
  m.subject = "Driftstörning: Parkering";
  m.text = "Parkering är nere.\n.\nFrom oss";
  m.unsubscribe_url = "https://stockholm.se/driftinformation/avsluta?t=abc";
  m.message_id = "<1@stockholm.se>";
  m.date = *ParseRfc3339("2026-12-02T06:28:27Z");
  m.language = "sv";
  return m;
}

std::string Compose(const MailMessage& m) {
  std::string out;
  Status s = ComposeMail(m, &out);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return out;
}

std::string Qp(std::string_view text) {
  std::string out;
  AppendQuotedPrintable(text, &out);
  return out;
}

std::string Repeat(std::string_view s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

TEST(ComposeMail, WholeMessage) {
  EXPECT_EQ(Compose(Example()),
            "Date: Wed, 02 Dec 2026 06:28:27 +0000\r\n"
            "From: Stockholms stad <driftinformation@stockholm.se>\r\n"
            "To: medborgare@example.se\r\n"
            "Subject: =?utf-8?B?RHJpZnRzdMO2cm5pbmc6IFBhcmtlcmluZw==?=\r\n"
            "Message-ID: <1@stockholm.se>\r\n"
            "MIME-Version: 1.0\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n"
            "Content-Transfer-Encoding: quoted-printable\r\n"
            "Content-Language: sv\r\n"
            "Auto-Submitted: auto-generated\r\n"
            "List-Unsubscribe: <https://stockholm.se/driftinformation/avsluta?t=abc>\r\n"
            "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"
            "\r\n"
            "Parkering =C3=A4r nere.\r\n"
            "=2E\r\n"
            "=46rom oss\r\n");
}

TEST(ComposeMail, SwedishSubjectIsOneEncodedWord) {
  std::string out;
  EXPECT_EQ(AppendEncodedWords("Driftstörning: Parkering", 9, &out), 57u);
  EXPECT_EQ(out, "=?utf-8?B?RHJpZnRzdMO2cm5pbmc6IFBhcmtlcmluZw==?=");
}

// After "Subject: " (9) a word may hold (76 - 9 - 12) / 4 * 3 = 39 bytes, on
// a continuation line (76 - 1 - 12) / 4 * 3 = 45. 38 "a" and "å" (C3 A5) are
// 40 bytes, so "å" starts the second word with 43 "b" (45 bytes); the last 7
// "b" make the third. base64: "aaa" YWFh, "aa" YWE=, C3 A5 62 w6Vi, "bbb"
// YmJi, "b" Yg==.
TEST(ComposeMail, LongSubjectFoldsBetweenCharacters) {
  MailMessage m = Example();
  m.subject = std::string(38, 'a') + "å" + std::string(50, 'b');
  std::string out = Compose(m);
  std::string expected = "Subject: =?utf-8?B?" + Repeat("YWFh", 12) + "YWE=?=\r\n =?utf-8?B?w6Vi" +
                         Repeat("YmJi", 14) + "?=\r\n =?utf-8?B?YmJiYmJiYg==?=\r\nMessage-ID:";
  EXPECT_NE(out.find(expected), std::string::npos) << out;
}

TEST(ComposeMail, EveryHeaderLineFitsInSeventyEightCharacters) {
  MailMessage m = Example();
  m.subject = Repeat("Planerat underhåll av Parkeringstillstånd och e-tjänster för förskolan. ", 4);
  std::string out = Compose(m);
  size_t start = 0;
  while (start < out.size()) {
    size_t end = out.find("\r\n", start);
    ASSERT_NE(end, std::string::npos);
    EXPECT_LE(end - start, 78u) << out.substr(start, end - start);
    start = end + 2;
  }
}

TEST(ComposeMail, PlainAsciiSubjectIsWrittenAsItIs) {
  MailMessage m = Example();
  m.subject = "Parkering: service restored";
  EXPECT_NE(Compose(m).find("\r\nSubject: Parkering: service restored\r\n"), std::string::npos);
}

TEST(ComposeMail, AsciiSubjectThatLooksEncodedIsEncoded) {
  MailMessage m = Example();
  m.subject = "=?x?";  // 3D 3F 78 3F: base64 PT94Pw==
  EXPECT_NE(Compose(m).find("\r\nSubject: =?utf-8?B?PT94Pw==?=\r\n"), std::string::npos);
}

TEST(ComposeMail, EmptySubjectIsInvalid) {
  MailMessage m = Example();
  m.subject = " \r\n";
  std::string out;
  EXPECT_EQ(ComposeMail(m, &out).code(), Status::Code::kInvalid);
}

TEST(ComposeMail, LineBreakInSubjectBecomesSpaces) {
  MailMessage m = Example();
  m.subject = "Parkering\r\nBcc: x@y";
  std::string out = Compose(m);
  EXPECT_NE(out.find("\r\nSubject: Parkering  Bcc: x@y\r\n"), std::string::npos) << out;
  EXPECT_EQ(out.find("\r\nBcc"), std::string::npos);
}

TEST(ComposeMail, LineBreakInNonAsciiSubjectStaysInsideTheWord) {
  MailMessage m = Example();
  m.subject = "Ö\r\nBcc: x@y";  // "Ö  Bcc: x@y" is C3 96 20 20 42 63 63 3A 20 78 40 79
  std::string out = Compose(m);
  EXPECT_NE(out.find("\r\nSubject: =?utf-8?B?w5YgIEJjYzogeEB5?=\r\n"), std::string::npos) << out;
  EXPECT_EQ(out.find("\r\nBcc"), std::string::npos);
}

TEST(ComposeMail, LineBreakInRecipientIsRefusedWithoutTheAddress) {
  MailMessage m = Example();
  m.to = "medborgare@example.se\r\nBcc: x@y";
  std::string out = "untouched";
  Status s = ComposeMail(m, &out);
  EXPECT_EQ(s.code(), Status::Code::kInvalid);
  EXPECT_EQ(s.message().find("medborgare"), std::string::npos);
  EXPECT_NE(s.message().find("To"), std::string::npos);
  EXPECT_EQ(out, "untouched");
}

TEST(ComposeMail, LineBreakInSenderNameIsQuotedText) {
  MailMessage m = Example();
  m.from = "Stockholms stad\r\nBcc: x@y <driftinformation@stockholm.se>";
  std::string out = Compose(m);
  EXPECT_NE(out.find("\r\nFrom: \"Stockholms stad  Bcc: x@y\" <driftinformation@stockholm.se>\r\n"),
            std::string::npos)
      << out;
  EXPECT_EQ(out.find("\r\nBcc"), std::string::npos);
}

TEST(ComposeMail, LineBreakInMessageIdIsRefused) {
  MailMessage m = Example();
  m.message_id = "<1@stockholm.se>\r\nBcc: x@y";
  std::string out;
  EXPECT_EQ(ComposeMail(m, &out).code(), Status::Code::kInvalid);
}

TEST(ComposeMail, NonAsciiSenderNameIsEncoded) {
  MailMessage m = Example();
  m.from = "Ö <driftinformation@stockholm.se>";  // C3 96: w5Y=
  EXPECT_NE(Compose(m).find("\r\nFrom: =?utf-8?B?w5Y=?= <driftinformation@stockholm.se>\r\n"),
            std::string::npos);
}

// 45 bytes ("–" E2 80 93, "Ö" C3 96): more than the 42 that fit after
// "From: ", exactly what fits on a line of its own. base64 from coreutils.
TEST(ComposeMail, LongerSenderNameIsOneWordOnItsOwnLine) {
  MailMessage m = Example();
  m.from = "Stockholms stad – Trafikkontoret Östermalm <driftinformation@stockholm.se>";
  EXPECT_NE(Compose(m).find(
                "\r\nFrom: \r\n =?utf-8?B?U3RvY2tob2xtcyBzdGFkIOKAkyBUcmFmaWtrb250b3JldCDDlnN0ZXJtYWxt?="
                "\r\n <driftinformation@stockholm.se>\r\nTo: "),
            std::string::npos);
}

TEST(ComposeMail, RecipientNameIsKept) {
  MailMessage m = Example();
  m.to = "Anna Svensson <anna@example.se>";
  EXPECT_NE(Compose(m).find("\r\nTo: Anna Svensson <anna@example.se>\r\n"), std::string::npos);
}

TEST(ComposeMail, NoUnsubscribeUrlNoListHeaders) {
  MailMessage m = Example();
  m.unsubscribe_url.clear();
  std::string out = Compose(m);
  EXPECT_EQ(out.find("List-Unsubscribe"), std::string::npos);
  EXPECT_NE(out.find("\r\nAuto-Submitted: auto-generated\r\n\r\n"), std::string::npos);
}

TEST(ComposeMail, UnsubscribeUrlMustBeHttps) {
  MailMessage m = Example();
  m.unsubscribe_url = "http://stockholm.se/avsluta";
  std::string out;
  EXPECT_EQ(ComposeMail(m, &out).code(), Status::Code::kInvalid);
}

TEST(ComposeMail, UnsubscribeUrlWithLineBreakIsRefused) {
  MailMessage m = Example();
  m.unsubscribe_url = "https://stockholm.se/a\r\nBcc: x@y";
  std::string out;
  EXPECT_EQ(ComposeMail(m, &out).code(), Status::Code::kInvalid);
}

TEST(ComposeMail, LongUnsubscribeUrlStaysOnOneLine) {
  MailMessage m = Example();
  m.unsubscribe_url = "https://stockholm.se/" + std::string(100, 'x');
  EXPECT_NE(Compose(m).find("\r\nList-Unsubscribe: <https://stockholm.se/" + std::string(100, 'x') + ">\r\n"),
            std::string::npos);
}

TEST(ComposeMail, TooLongUnsubscribeUrlIsRefused) {
  MailMessage m = Example();
  m.unsubscribe_url = "https://stockholm.se/" + std::string(kMaxUnsubscribeUrl, 'x');
  std::string out;
  EXPECT_EQ(ComposeMail(m, &out).code(), Status::Code::kInvalid);
}

TEST(ComposeMail, EnglishLanguage) {
  MailMessage m = Example();
  m.language = "en";
  EXPECT_NE(Compose(m).find("\r\nContent-Language: en\r\n"), std::string::npos);
}

TEST(ComposeMail, BadLanguageIsRefused) {
  MailMessage m = Example();
  m.language = "sv\r\nBcc: x@y";
  std::string out;
  EXPECT_EQ(ComposeMail(m, &out).code(), Status::Code::kInvalid);
}

// SanitizeText: a control character becomes U+FFFD (EF BF BD), a bidi
// override (U+202E) is dropped.
TEST(ComposeMail, BodyIsSanitised) {
  MailMessage m = Example();
  m.text = std::string("a\x01") + "b\xE2\x80\xAE" + "c";
  std::string out = Compose(m);
  EXPECT_EQ(out.substr(out.find("\r\n\r\n") + 4), "a=EF=BF=BDbc\r\n");
}

TEST(QuotedPrintable, SwedishLetter) { EXPECT_EQ(Qp("å"), "=C3=A5\r\n"); }

TEST(QuotedPrintable, EqualsSignIsEncoded) { EXPECT_EQ(Qp("a=b"), "a=3Db\r\n"); }

TEST(QuotedPrintable, TrailingSpaceAndTabAreEncoded) {
  EXPECT_EQ(Qp("a \nb\t\nc d"), "a=20\r\nb=09\r\nc d\r\n");
}

TEST(QuotedPrintable, LineBreaksBecomeCrlf) { EXPECT_EQ(Qp("a\r\nb\rc\nd\n"), "a\r\nb\r\nc\r\nd\r\n"); }

TEST(QuotedPrintable, EmptyLinesAreKept) { EXPECT_EQ(Qp("a\n\nb"), "a\r\n\r\nb\r\n"); }

TEST(QuotedPrintable, DotLineIsEncoded) { EXPECT_EQ(Qp("a\n.\n..b"), "a\r\n=2E\r\n=2E.b\r\n"); }

TEST(QuotedPrintable, FromAtLineStartIsEncoded) {
  EXPECT_EQ(Qp("From oss\nFromage"), "=46rom oss\r\nFromage\r\n");
}

// 75 characters and the soft break "=" make a line of 76.
TEST(QuotedPrintable, LongLineGetsSoftBreaks) {
  EXPECT_EQ(Qp(std::string(80, 'a')), std::string(75, 'a') + "=\r\n" + std::string(5, 'a') + "\r\n");
}

// The last character may take the 76th column: no break needed after it.
TEST(QuotedPrintable, SeventySixCharactersFitOneLine) {
  EXPECT_EQ(Qp(std::string(76, 'a')), std::string(76, 'a') + "\r\n");
}

// 74 "a" and "å": "=C3" would end at column 77, so it starts the next line.
TEST(QuotedPrintable, EscapeIsNeverSplit) {
  EXPECT_EQ(Qp(std::string(74, 'a') + "å"), std::string(74, 'a') + "=\r\n=C3=A5\r\n");
}

// A soft break that leaves "." at the start of a line encodes it there too.
TEST(QuotedPrintable, DotAfterSoftBreakIsEncoded) {
  EXPECT_EQ(Qp(std::string(75, 'a') + ".b"), std::string(75, 'a') + "=\r\n=2Eb\r\n");
}

TEST(MailAddress, Accepted) {
  EXPECT_TRUE(IsMailAddress("medborgare@example.se"));
  EXPECT_TRUE(IsMailAddress("anna.svensson+drift@stockholm.se"));
}

TEST(MailAddress, Refused) {
  EXPECT_FALSE(IsMailAddress("medborgare"));
  EXPECT_FALSE(IsMailAddress("a@b@example.se"));
  EXPECT_FALSE(IsMailAddress("a@localhost"));
  EXPECT_FALSE(IsMailAddress(".a@example.se"));
  EXPECT_FALSE(IsMailAddress("a..b@example.se"));
  EXPECT_FALSE(IsMailAddress("a b@example.se"));
  EXPECT_FALSE(IsMailAddress("a@example.se\r\n"));
  EXPECT_FALSE(IsMailAddress("a@-example.se"));
  EXPECT_FALSE(IsMailAddress("åsa@example.se"));
  EXPECT_FALSE(IsMailAddress(std::string(65, 'a') + "@example.se"));
}

TEST(MailAddress, MailboxWithName) {
  std::string name, address;
  ASSERT_TRUE(ParseMailbox("\"Stockholms stad\" <driftinformation@stockholm.se>", &name, &address).ok());
  EXPECT_EQ(name, "Stockholms stad");
  EXPECT_EQ(address, "driftinformation@stockholm.se");
}

TEST(MailAddress, BareMailbox) {
  std::string name = "x", address;
  ASSERT_TRUE(ParseMailbox(" medborgare@example.se ", &name, &address).ok());
  EXPECT_EQ(name, "");
  EXPECT_EQ(address, "medborgare@example.se");
}

TEST(MessageId, NewIdsAreDistinctAndComposable) {
  std::string a, b;
  ASSERT_TRUE(NewMessageId("stockholm.se", &a).ok());
  ASSERT_TRUE(NewMessageId("stockholm.se", &b).ok());
  EXPECT_NE(a, b);
  EXPECT_EQ(a.size(), 1 + 32 + 1 + 12 + 1);
  MailMessage m = Example();
  m.message_id = a;
  std::string out;
  EXPECT_TRUE(ComposeMail(m, &out).ok());
}

TEST(MessageId, DomainMustBeAHostName) {
  std::string id;
  EXPECT_EQ(NewMessageId("stockholm.se>\r\nBcc: x", &id).code(), Status::Code::kInvalid);
}

}  // namespace
}  // namespace followup::notify
