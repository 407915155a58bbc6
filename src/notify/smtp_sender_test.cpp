#include "notify/smtp_sender.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <thread>

namespace followup::notify {
namespace {

constexpr std::string_view kFrom = "driftinformation@stockholm.se";
constexpr std::string_view kRcpt = "medborgare@example.se";
constexpr std::string_view kMessage = "Subject: x\r\n\r\nHej\r\n";

// A TCP socket bound to 127.0.0.1 on a port of the kernel's choice.
int BoundSocket(int* port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  socklen_t len = sizeof a;
  EXPECT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len), 0);
  *port = ntohs(a.sin_port);
  return fd;
}

// An SMTP server for one connection, on its own thread, that answers RCPT TO
// and the end of the data as told and everything else with success; what it
// was sent is in `received` once it has been joined.
class ScriptedRelay {
 public:
  ScriptedRelay(std::string rcpt_reply, std::string data_reply)
      : rcpt_reply_(std::move(rcpt_reply)), data_reply_(std::move(data_reply)) {
    listener_ = BoundSocket(&port_);
    EXPECT_EQ(::listen(listener_, 1), 0);
    thread_ = std::thread([this] { Serve(); });
  }
  ~ScriptedRelay() {
    if (thread_.joinable()) thread_.join();
    ::close(listener_);
  }
  int port() const { return port_; }
  // Waits for the conversation to end.
  void Join() { thread_.join(); }
  std::string received;

 private:
  // One line (or, in the data, everything up to the final dot), or false
  // when the client went away or is silent for 10 s.
  bool Read(int fd, std::string_view end, std::string* out) {
    out->clear();
    char c;
    while (out->size() < end.size() || out->compare(out->size() - end.size(), end.size(), end) != 0) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 10000) != 1 || ::read(fd, &c, 1) != 1) return false;
      *out += c;
    }
    received += *out;
    return true;
  }
  void Send(int fd, std::string_view reply) {
    std::string line = std::string(reply) + "\r\n";
    EXPECT_EQ(::write(fd, line.data(), line.size()), ssize_t(line.size()));
  }
  void Serve() {
    pollfd p{listener_, POLLIN, 0};
    if (::poll(&p, 1, 10000) != 1) return;
    int fd = ::accept(listener_, nullptr, nullptr);
    if (fd < 0) return;
    Send(fd, "220 relay.test ESMTP");
    std::string line;
    while (Read(fd, "\r\n", &line)) {
      std::string verb = line.substr(0, 4);
      if (verb == "EHLO") {
        Send(fd, "250-relay.test\r\n250 8BITMIME");
      } else if (verb == "RCPT") {
        Send(fd, rcpt_reply_);
      } else if (verb == "DATA") {
        Send(fd, "354 End data with <CR><LF>.<CR><LF>");
        if (!Read(fd, "\r\n.\r\n", &line)) break;
        Send(fd, data_reply_);
      } else if (verb == "QUIT") {
        Send(fd, "221 Bye");
        break;
      } else {
        Send(fd, "250 OK");
      }
    }
    ::close(fd);
  }
  std::string rcpt_reply_, data_reply_;
  int listener_ = -1;
  int port_ = 0;
  std::thread thread_;
};

SmtpSettings Loopback(int port) {
  SmtpSettings s;
  s.host = "127.0.0.1";
  s.port = port;
  s.tls = SmtpSettings::Tls::kNone;
  s.timeout_ms = 20000;
  return s;
}

TEST(SmtpSettings, PlainSmtpOnlyToLoopback) {
  SmtpSettings s = Loopback(2525);
  for (const char* host : {"127.0.0.1", "127.1.2.3", "::1", "localhost"}) {
    s.host = host;
    EXPECT_TRUE(CheckSmtpSettings(s).ok()) << host;
  }
  for (const char* host : {"smtp.stockholm.se", "10.0.0.25", "192.0.2.1", "2001:db8::25"}) {
    s.host = host;
    Status st = CheckSmtpSettings(s);
    EXPECT_EQ(st.code(), Status::Code::kInvalid) << host;
    EXPECT_NE(st.message().find("loopback"), std::string::npos) << host;
  }
}

TEST(SmtpSettings, StartTlsToAnyHost) {
  SmtpSettings s;
  s.host = "smtp.stockholm.se";
  EXPECT_EQ(s.tls, SmtpSettings::Tls::kStartTls);
  EXPECT_EQ(s.port, 587);
  EXPECT_TRUE(CheckSmtpSettings(s).ok());
}

TEST(SmtpSettings, BadValuesAreRefused) {
  SmtpSettings s;
  s.host = "smtp.stockholm.se/x";
  EXPECT_FALSE(CheckSmtpSettings(s).ok());
  s.host = "smtp.stockholm.se\r\n";
  EXPECT_FALSE(CheckSmtpSettings(s).ok());
  s.host = "";
  EXPECT_FALSE(CheckSmtpSettings(s).ok());
  s.host = "smtp.stockholm.se";
  s.port = 0;
  EXPECT_FALSE(CheckSmtpSettings(s).ok());
  s.port = 587;
  s.password = "hemligt";
  EXPECT_FALSE(CheckSmtpSettings(s).ok());
  s.username = "drift";
  EXPECT_TRUE(CheckSmtpSettings(s).ok());
  s.helo = "a b";
  EXPECT_FALSE(CheckSmtpSettings(s).ok());
}

TEST(SmtpSettings, TlsNamesRoundTrip) {
  for (auto t : {SmtpSettings::Tls::kStartTls, SmtpSettings::Tls::kNone, SmtpSettings::Tls::kImplicit}) {
    SmtpSettings::Tls parsed = SmtpSettings::Tls::kNone;
    ASSERT_TRUE(ParseSmtpTls(SmtpTlsName(t), &parsed));
    EXPECT_EQ(parsed, t);
  }
  SmtpSettings::Tls parsed;
  EXPECT_FALSE(ParseSmtpTls("ssl", &parsed));
}

TEST(SendMail, AcceptedMessageIsOk) {
  ScriptedRelay relay("250 OK", "250 Queued");
  Status s = SendMail(Loopback(relay.port()), kFrom, kRcpt, kMessage);
  relay.Join();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_NE(relay.received.find("MAIL FROM:<driftinformation@stockholm.se>"), std::string::npos);
  EXPECT_NE(relay.received.find("RCPT TO:<medborgare@example.se>"), std::string::npos);
  EXPECT_NE(relay.received.find("Subject: x\r\n\r\nHej\r\n.\r\n"), std::string::npos);
}

// libcurl's dot-stuffing (RFC 5321 4.5.2): a line "." of the message goes as "..".
TEST(SendMail, DotLineIsStuffed) {
  ScriptedRelay relay("250 OK", "250 Queued");
  Status s = SendMail(Loopback(relay.port()), kFrom, kRcpt, "Subject: x\r\n\r\n.\r\nHej\r\n");
  relay.Join();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_NE(relay.received.find("\r\n\r\n..\r\nHej\r\n.\r\n"), std::string::npos);
}

TEST(SendMail, RefusedRecipientIsPermanent) {
  ScriptedRelay relay("550 5.1.1 <medborgare@example.se> unknown", "250 Queued");
  Status s = SendMail(Loopback(relay.port()), kFrom, kRcpt, kMessage);
  relay.Join();
  EXPECT_EQ(s.code(), Status::Code::kInvalid);
  EXPECT_TRUE(s.message().starts_with("the relay refused the recipient (SMTP 550)")) << s.message();
  EXPECT_EQ(s.message().find("medborgare"), std::string::npos);
}

TEST(SendMail, DeferredRecipientIsTransient) {
  ScriptedRelay relay("451 4.7.1 Greylisted, try again", "250 Queued");
  Status s = SendMail(Loopback(relay.port()), kFrom, kRcpt, kMessage);
  relay.Join();
  EXPECT_EQ(s.code(), Status::Code::kUnavailable);
  EXPECT_TRUE(s.message().starts_with("the relay deferred the recipient (SMTP 451)")) << s.message();
}

TEST(SendMail, RefusedMessageIsPermanent) {
  ScriptedRelay relay("250 OK", "554 5.7.1 Message rejected as spam");
  Status s = SendMail(Loopback(relay.port()), kFrom, kRcpt, kMessage);
  relay.Join();
  EXPECT_EQ(s.code(), Status::Code::kInvalid);
  EXPECT_TRUE(s.message().starts_with("the relay refused the message (SMTP 554)")) << s.message();
}

// The relay offers no AUTH, so libcurl sends none, and refuses to relay:
// the missing login's fault, not the recipient's.
TEST(SendMail, RefusalWithoutTheLoginIsNotTheRecipients) {
  ScriptedRelay relay("550 5.7.1 Relaying denied", "250 Queued");
  SmtpSettings settings = Loopback(relay.port());
  settings.username = "drift";
  settings.password = "hemligt";
  Status s = SendMail(settings, kFrom, kRcpt, kMessage);
  relay.Join();
  EXPECT_EQ(s.code(), Status::Code::kUnavailable);
  EXPECT_NE(s.message().find("did not offer a login"), std::string::npos) << s.message();
  EXPECT_EQ(s.message().find("hemligt"), std::string::npos);
}

TEST(SendMail, NoListenerIsTransient) {
  int port = 0;
  int fd = BoundSocket(&port);  // bound, not listening: connections are refused
  Status s = SendMail(Loopback(port), kFrom, kRcpt, kMessage);
  ::close(fd);
  EXPECT_EQ(s.code(), Status::Code::kUnavailable);
  EXPECT_NE(s.message().find("no connection to the relay"), std::string::npos);
}

TEST(SendMail, StartTlsIsRequiredByDefault) {
  ScriptedRelay relay("250 OK", "250 Queued");
  SmtpSettings settings = Loopback(relay.port());
  settings.tls = SmtpSettings::Tls::kStartTls;
  Status s = SendMail(settings, kFrom, kRcpt, kMessage);
  relay.Join();
  EXPECT_EQ(s.code(), Status::Code::kUnavailable);
  EXPECT_NE(s.message().find("does not offer STARTTLS"), std::string::npos);
  EXPECT_EQ(relay.received.find("MAIL FROM"), std::string::npos);
}

TEST(SendMail, BadRecipientIsRefusedWithoutTheAddress) {
  Status s = SendMail(Loopback(25), kFrom, "medborgare@example.se>\r\nRCPT TO:<x@y.se", kMessage);
  EXPECT_EQ(s.code(), Status::Code::kInvalid);
  EXPECT_EQ(s.message().find("medborgare"), std::string::npos);
}

}  // namespace
}  // namespace followup::notify
