// Sending one composed message (mail_message.h) to one recipient through the
// city's SMTP relay, with libcurl (Debian libcurl4-openssl-dev).
//
// Transport security: STARTTLS is required by default (the connection is
// upgraded before anything else is said, or nothing is sent), implicit TLS
// (smtps, port 465) is the alternative, and the relay's certificate and host
// name are always verified (the system's CAs, or ca_file). Plain SMTP
// (kNone) is only for test relays on a loopback address; SendMail and
// CheckSmtpSettings refuse it for any other host.
//
// Errors say what went wrong and what to do, and never contain the
// recipient's address, the password or the message: they are built from the
// SMTP reply code, the verb of the command it answered and libcurl's fixed
// text for its result code, never from the replies' text or libcurl's error
// buffer. The code says whether to try again:
//   Status::Invalid     permanent for this message: the relay answered 5xx
//                       to the sender, the recipient or the message ("the
//                       relay refused the recipient (SMTP 550)"), or the
//                       settings or addresses are invalid. Do not retry it.
//   Status::Unavailable transient: a 4xx answer, no connection, a timeout, a
//                       TLS or authentication failure, or a 5xx after a
//                       login that the relay did not offer (the message
//                       says which; those need an operator, but the message
//                       is not at fault). Retry later.
// SMTP dot-stuffing of the body is libcurl's.
//
// Thread-safety: SendMail may be called from any number of threads at once
// (one libcurl easy handle per call; curl_global_init runs once, under
// std::call_once). It blocks for up to timeout_ms.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace followup::notify {

struct SmtpSettings {
  enum class Tls {
    kStartTls,  // smtp:// and STARTTLS, required (port 587)
    kNone,      // no TLS: only for a relay on a loopback address (tests)
    kImplicit,  // smtps://, TLS from the first byte (port 465)
  };
  // A host name or an IP address (IPv6 without brackets).
  std::string host;
  int port = 587;
  Tls tls = Tls::kStartTls;
  // Empty username: no AUTH. The password is a secret: never logged.
  std::string username, password;
  // The name given in EHLO; empty: libcurl's default.
  std::string helo;
  // A PEM file of the CAs that may sign the relay's certificate; empty: the
  // system's store.
  std::string ca_file;
  // The whole exchange, connection included.
  int64_t timeout_ms = 30000;
};

// "starttls", "none", "implicit".
std::string_view SmtpTlsName(SmtpSettings::Tls tls);
bool ParseSmtpTls(std::string_view name, SmtpSettings::Tls* tls);

// Invalid with what to fix when the settings cannot work: an empty or
// malformed host, a port outside 1-65535, kNone for a host that is not a
// loopback address (127.0.0.0/8, ::1, localhost), a password without a user,
// a helo that is not a host name, a timeout below 1 ms. What SendMail checks
// first; meant for the configuration's load too.
Status CheckSmtpSettings(const SmtpSettings& settings);

// Sends `message` (the bytes of ComposeMail, CRLF line ends) from
// envelope_from to rcpt (both IsMailAddress). Ok when the relay accepted it
// (250 after the data); otherwise as the header says.
Status SendMail(const SmtpSettings& settings, std::string_view envelope_from, std::string_view rcpt,
                std::string_view message);

}  // namespace followup::notify
