// followup mail-test: sends one test message through the SMTP relay with the
// settings given, so that an operator can check them (and the tests can use a
// real SMTP server). Prints "sent", or the error, which never holds an
// address or the password. Exit 0 when the relay accepted the message, 1
// otherwise.
#include <iostream>
#include <memory>
#include <string>

#include "app/commands.h"
#include "app/mail_settings.h"
#include "common/time.h"
#include "notify/mail_message.h"
#include "notify/smtp_sender.h"

namespace followup {
namespace {

struct MailTestOptions {
  notify::SmtpSettings smtp;
  std::string tls = "starttls";
  std::string password_file;
  std::string from, to, language = "sv", subject, unsubscribe_url;
};

constexpr std::string_view kSubjectSv = "Testmeddelande från driftinformation";
constexpr std::string_view kSubjectEn = "Test message from driftinformation";
constexpr std::string_view kTextSv =
    "Det här är ett testmeddelande från driftinformation, Stockholms stad.\n"
    "Det skickades med followup mail-test för att pröva inställningarna för e-post.\n"
    "Du behöver inte göra något.\n";
constexpr std::string_view kTextEn =
    "This is a test message from driftinformation, City of Stockholm.\n"
    "It was sent with followup mail-test to check the e-mail settings.\n"
    "You do not need to do anything.\n";

int Fail(const std::string& what) {
  std::cerr << "followup mail-test: " << what << "\n";
  return 1;
}

int MailTest(MailTestOptions o) {
  if (!notify::ParseSmtpTls(o.tls, &o.smtp.tls)) return Fail("--smtp-tls is starttls, none or implicit");
  if (o.language != "sv" && o.language != "en") return Fail("--language is sv or en");
  if (!o.password_file.empty() && !ReadFirstLine(o.password_file, &o.smtp.password))
    return Fail("the password file " + o.password_file + " cannot be read");
  if (Status s = notify::CheckSmtpSettings(o.smtp); !s.ok()) return Fail(s.message());
  std::string from_name, from_address, to_name, to_address;
  if (!notify::ParseMailbox(o.from, &from_name, &from_address).ok())
    return Fail("--from is not an e-mail address (local@domain, or \"Name <local@domain>\")");
  if (!notify::ParseMailbox(o.to, &to_name, &to_address).ok())
    return Fail("--to is not an e-mail address (local@domain)");

  bool sv = o.language == "sv";
  notify::MailMessage m;
  m.from = o.from;
  m.to = o.to;
  m.subject = o.subject.empty() ? std::string(sv ? kSubjectSv : kSubjectEn) : o.subject;
  m.text = sv ? kTextSv : kTextEn;
  m.unsubscribe_url = o.unsubscribe_url;
  m.date = WallNowMs();
  m.language = o.language;
  if (Status s = notify::NewMessageId(from_address.substr(from_address.find('@') + 1), &m.message_id);
      !s.ok())
    return Fail(s.message());
  std::string bytes;
  if (Status s = notify::ComposeMail(m, &bytes); !s.ok()) return Fail("the message: " + s.message());
  if (Status s = notify::SendMail(o.smtp, from_address, to_address, bytes); !s.ok()) return Fail(s.message());
  std::cout << "sent\n";
  return 0;
}

}  // namespace

void AddMailCommand(CLI::App* app) {
  auto* cmd =
      app->add_subcommand("mail-test", "send one test message through the SMTP relay, to check its settings");
  auto o = std::make_shared<MailTestOptions>();
  cmd->add_option("--smtp-host", o->smtp.host, "the relay's host name or IP address")->required();
  auto* port =
      cmd->add_option("--smtp-port", o->smtp.port, "the relay's port (default 587; 465 with implicit)")
          ->check(CLI::Range(1, 65535));
  cmd->add_option("--smtp-tls", o->tls,
                  "starttls (default, required), implicit (smtps) or none (loopback only)");
  cmd->add_option("--smtp-user", o->smtp.username, "the user name to log in with (none: no login)");
  cmd->add_option("--smtp-password-file", o->password_file, "a file whose first line is the password");
  cmd->add_option("--smtp-ca-file", o->smtp.ca_file, "PEM file of the CAs of the relay's certificate");
  cmd->add_option("--smtp-helo", o->smtp.helo, "the name to give in EHLO");
  cmd->add_option("--smtp-timeout-ms", o->smtp.timeout_ms, "the whole exchange at most this long")
      ->check(CLI::Range(int64_t(1), int64_t(600000)));
  cmd->add_option("--from", o->from, "the sender, e.g. \"Stockholms stad <driftinformation@stockholm.se>\"")
      ->required();
  cmd->add_option("--to", o->to, "the recipient's address")->required();
  cmd->add_option("--language", o->language, "sv (default) or en: the test text's language");
  cmd->add_option("--subject", o->subject, "another subject than the test text's");
  cmd->add_option("--unsubscribe-url", o->unsubscribe_url,
                  "an https:// link for the List-Unsubscribe headers (RFC 8058); none by default");
  cmd->callback([o, port] {
    if (port->count() == 0 && o->tls == "implicit") o->smtp.port = 465;  // smtps' port (RFC 8314)
    ExitCode() = MailTest(*o);
  });
}

}  // namespace followup
