#include "app/mail_settings.h"

#include <fstream>
#include <sstream>

#include "notify/mail_links.h"
#include "notify/mail_message.h"
#include "notify/webhook_signature.h"

namespace followup {
bool ReadFirstLine(const std::string& path, std::string* out) {
  std::ifstream in(path);
  if (!in) return false;
  std::getline(in, *out);
  if (!out->empty() && out->back() == '\r') out->pop_back();
  return !in.bad();
}

Status LoadMailSettings(const ServeConfig& c, MailSettings* out) {
  MailSettings m;
  if (c.smtp_host.empty()) {
    *out = m;
    return Status::Ok();
  }
  m.enabled = true;
  m.smtp.host = c.smtp_host;
  if (!notify::ParseSmtpTls(c.smtp_tls, &m.smtp.tls))
    return Status::Invalid("--smtp-tls is starttls, implicit or none");
  m.smtp.port = c.smtp_port ? c.smtp_port : (m.smtp.tls == notify::SmtpSettings::Tls::kImplicit ? 465 : 587);
  m.smtp.username = c.smtp_user;
  m.smtp.ca_file = c.smtp_ca_file;
  if (!c.smtp_password_file.empty() && !ReadFirstLine(c.smtp_password_file, &m.smtp.password))
    return Status::Invalid("--smtp-password-file " + c.smtp_password_file + " cannot be read");
  Status s = notify::CheckSmtpSettings(m.smtp);
  if (!s.ok()) return s;
  std::string name, address;
  if (!notify::ParseMailbox(c.mail_from, &name, &address).ok())
    return Status::Invalid("--mail-from is not an e-mail address (local@domain, or \"Name <local@domain>\")");
  m.from = c.mail_from;
  std::string text;
  if (c.mail_link_key_file.empty())
    return Status::Invalid(
        "--mail-link-key-file is needed with --smtp-host: the key that signs the links in mails, the same on "
        "every instance (head -c 32 /dev/urandom | base64 > link.key)");
  if (!ReadFirstLine(c.mail_link_key_file, &text))
    return Status::Invalid("--mail-link-key-file " + c.mail_link_key_file + " cannot be read");
  if (!notify::FromBase64(text, &m.link_key) || m.link_key.size() < notify::kMinLinkKeyBytes)
    return Status::Invalid(
        "--mail-link-key-file " + c.mail_link_key_file +
        " must hold the base64 of at least 32 random bytes (head -c 32 /dev/urandom | base64)");
  *out = std::move(m);
  return Status::Ok();
}

}  // namespace followup
