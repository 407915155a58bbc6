// The e-mail settings of `followup serve` (config.h) as the notify layer
// takes them: the relay (notify/smtp_sender.h), the sender and the link key
// (notify/mail_links.h). Thread-safety: pure functions.
#pragma once
#include <string>

#include "app/config.h"
#include "common/status.h"
#include "notify/smtp_sender.h"

namespace followup {

struct MailSettings {
  bool enabled = false;  // an SMTP relay is configured
  notify::SmtpSettings smtp;
  std::string from;      // "Name <address>"
  std::string link_key;  // the key's bytes: a secret
};

// Invalid with what to fix: a bad --smtp-tls, an unreadable password or key
// file, a key shorter than 32 bytes, a sender that is not an address, or
// settings CheckSmtpSettings refuses. Never says the password or the key.
Status LoadMailSettings(const ServeConfig& c, MailSettings* out);

// The first line of a file, without its line end (a password or key file);
// false when it cannot be read.
bool ReadFirstLine(const std::string& path, std::string* out);

}  // namespace followup
