#include "notify/smtp_sender.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <memory>
#include <mutex>

#include "http/client_address.h"
#include "notify/mail_message.h"
#include "notify/target_address.h"

namespace followup::notify {
namespace {

Status GlobalInit() {
  static std::once_flag once;
  static CURLcode result = CURLE_OK;
  std::call_once(once, [] { result = curl_global_init(CURL_GLOBAL_DEFAULT); });
  if (result != CURLE_OK)
    return Status::Unavailable(std::string("libcurl could not be initialised: ") +
                               curl_easy_strerror(result));
  return Status::Ok();
}

bool IsLoopbackHost(std::string_view host) {
  if (host == "localhost") return true;
  std::optional<http::IpAddress> a = http::IpAddress::Parse(host);
  const char* why = a ? NonPublicReason(*a) : nullptr;
  return why != nullptr && std::strcmp(why, "loopback") == 0;
}

// The message is read from here as libcurl uploads it.
struct Upload {
  std::string_view data;
  size_t pos = 0;
};

size_t ReadUpload(char* buffer, size_t size, size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  size_t n = std::min(size * count, upload->data.size() - upload->pos);
  std::memcpy(buffer, upload->data.data() + upload->pos, n);
  upload->pos += n;
  return n;
}

// What the conversation says about a failure, from the commands sent:
// the verb of the last one ("MAIL", "RCPT", "DATA", "AUTH", ...), never its
// arguments (an address, credentials), and whether a login was attempted.
struct Conversation {
  std::string verb;
  bool sent_auth = false;
};

// The QUIT libcurl sends after a failure does not count.
int WatchCommands(CURL*, curl_infotype type, char* data, size_t size, void* user) {
  if (type != CURLINFO_HEADER_OUT) return 0;
  auto* conversation = static_cast<Conversation*>(user);
  std::string word;
  for (size_t i = 0; i < size && std::isalpha(static_cast<unsigned char>(data[i])); ++i)
    word += char(std::toupper(static_cast<unsigned char>(data[i])));
  if (word == "AUTH") conversation->sent_auth = true;
  if (word != "QUIT") conversation->verb = std::move(word);
  return 0;
}

Status Failure(CURLcode rc, long smtp, const Conversation& conversation, const SmtpSettings& settings) {
  const std::string& verb = conversation.verb;
  std::string code = smtp > 0 ? " (SMTP " + std::to_string(smtp) + ")" : "";
  switch (rc) {
    case CURLE_COULDNT_RESOLVE_HOST:
      return Status::Unavailable("the relay's host name does not resolve: check the SMTP host and DNS");
    case CURLE_COULDNT_CONNECT:
      return Status::Unavailable(
          "no connection to the relay: check the SMTP host and port, and that it is up");
    case CURLE_OPERATION_TIMEDOUT:
      return Status::Unavailable("the relay did not finish within " + std::to_string(settings.timeout_ms) +
                                 " ms" + code + ": try again later");
    case CURLE_USE_SSL_FAILED:
      return Status::Unavailable(
          "the relay does not offer STARTTLS, which the settings require: nothing was sent (for a relay "
          "that speaks TLS from the start, port 465, use implicit)");
    case CURLE_PEER_FAILED_VERIFICATION:
      return Status::Unavailable(
          "the relay's certificate is not trusted or not for this host name: nothing was sent (give the CA "
          "file that signs it, and the host name the certificate names)");
    case CURLE_SSL_CONNECT_ERROR:
      return Status::Unavailable("the TLS handshake with the relay failed: check the port and the TLS mode");
    case CURLE_SSL_CACERT_BADFILE:
      return Status::Invalid("the CA file cannot be read or holds no certificate");
    case CURLE_LOGIN_DENIED:
      return Status::Unavailable("the relay refused the user name or password" + code +
                                 ": check the SMTP credentials");
    default:
      break;
  }
  // libcurl logs in only when the relay offers AUTH; a refusal of a sender
  // or recipient after none is the missing login's, not the message's.
  if (!settings.username.empty() && !conversation.sent_auth && smtp >= 500 && smtp < 600)
    return Status::Unavailable("the relay did not offer a login (no AUTH after EHLO), so none was made" +
                               code + ": check the relay's port and TLS mode");
  if (smtp == 530 || verb == "AUTH")
    return Status::Unavailable("the relay requires a login that did not succeed" + code +
                               ": check the SMTP user and password");
  std::string what = verb == "MAIL"   ? "the sender"
                     : verb == "RCPT" ? "the recipient"
                     : verb == "DATA" ? "the message"
                                      : "";
  if (smtp >= 500 && smtp < 600 && !what.empty())
    return Status::Invalid("the relay refused " + what + code + ": do not send this message again");
  if (smtp >= 400 && smtp < 500)
    return Status::Unavailable("the relay deferred " + (what.empty() ? "the connection" : what) + code +
                               ": try again later");
  if (smtp >= 500 && smtp < 600)
    return Status::Unavailable("the relay refused the " + (verb.empty() ? "greeting" : verb + " command") +
                               code);
  return Status::Unavailable(std::string("sending through the relay failed: ") + curl_easy_strerror(rc) +
                             code);
}

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

}  // namespace

std::string_view SmtpTlsName(SmtpSettings::Tls tls) {
  switch (tls) {
    case SmtpSettings::Tls::kStartTls:
      return "starttls";
    case SmtpSettings::Tls::kNone:
      return "none";
    case SmtpSettings::Tls::kImplicit:
      return "implicit";
  }
  return "";
}

bool ParseSmtpTls(std::string_view name, SmtpSettings::Tls* tls) {
  for (auto t : {SmtpSettings::Tls::kStartTls, SmtpSettings::Tls::kNone, SmtpSettings::Tls::kImplicit}) {
    if (SmtpTlsName(t) == name) {
      *tls = t;
      return true;
    }
  }
  return false;
}

Status CheckSmtpSettings(const SmtpSettings& s) {
  if (!IsHostName(s.host) && !http::IpAddress::Parse(s.host))
    return Status::Invalid("the SMTP host must be a host name or an IP address (IPv6 without brackets)");
  if (s.port < 1 || s.port > 65535) return Status::Invalid("the SMTP port must be 1 to 65535");
  if (s.tls == SmtpSettings::Tls::kNone && !IsLoopbackHost(s.host))
    return Status::Invalid(
        "SMTP without TLS is only allowed to a relay on a loopback address (127.0.0.0/8, ::1, localhost); "
        "use starttls or implicit for " +
        s.host);
  if (s.username.empty() && !s.password.empty())
    return Status::Invalid("an SMTP password is set without a user name");
  if (!s.helo.empty() && !IsHostName(s.helo)) return Status::Invalid("the EHLO name must be a host name");
  if (s.timeout_ms < 1) return Status::Invalid("the SMTP timeout must be at least 1 ms");
  return Status::Ok();
}

Status SendMail(const SmtpSettings& settings, std::string_view envelope_from, std::string_view rcpt,
                std::string_view message) {
  if (Status s = CheckSmtpSettings(settings); !s.ok()) return s;
  if (!IsMailAddress(envelope_from)) return Status::Invalid("the envelope sender is not an e-mail address");
  if (!IsMailAddress(rcpt)) return Status::Invalid("the recipient is not an e-mail address");
  if (Status s = GlobalInit(); !s.ok()) return s;
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) return Status::Unavailable("libcurl could not make a handle (out of memory?)");
  CURL* c = curl.get();

  std::string host = settings.host.find(':') == std::string::npos ? settings.host : "[" + settings.host + "]";
  std::string url = std::string(settings.tls == SmtpSettings::Tls::kImplicit ? "smtps://" : "smtp://") +
                    host + ":" + std::to_string(settings.port) +
                    (settings.helo.empty() ? "" : "/" + settings.helo);
  std::string from = "<" + std::string(envelope_from) + ">";
  std::unique_ptr<curl_slist, SlistDeleter> rcpts(
      curl_slist_append(nullptr, ("<" + std::string(rcpt) + ">").c_str()));
  if (!rcpts) return Status::Unavailable("out of memory for the recipient list");
  Upload upload{message};
  Conversation conversation;

  CURLcode rc = CURLE_OK;
  auto set = [&](CURLoption option, auto value) {
    if (rc == CURLE_OK) rc = curl_easy_setopt(c, option, value);
  };
  set(CURLOPT_URL, url.c_str());
  set(CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  set(CURLOPT_USE_SSL,
      long(settings.tls == SmtpSettings::Tls::kNone ? CURLUSESSL_NONE
                                                    : CURLUSESSL_ALL));  // all: STARTTLS or fail
  set(CURLOPT_SSL_VERIFYPEER, 1L);
  set(CURLOPT_SSL_VERIFYHOST, 2L);
  if (!settings.ca_file.empty()) set(CURLOPT_CAINFO, settings.ca_file.c_str());
  if (!settings.username.empty()) {
    set(CURLOPT_USERNAME, settings.username.c_str());
    set(CURLOPT_PASSWORD, settings.password.c_str());
  }
  set(CURLOPT_MAIL_FROM, from.c_str());
  set(CURLOPT_MAIL_RCPT, rcpts.get());
  set(CURLOPT_UPLOAD, 1L);
  set(CURLOPT_READFUNCTION, &ReadUpload);
  set(CURLOPT_READDATA, &upload);
  set(CURLOPT_INFILESIZE_LARGE, curl_off_t(message.size()));
  set(CURLOPT_TIMEOUT_MS, long(settings.timeout_ms));
  set(CURLOPT_NOSIGNAL, 1L);  // no SIGALRM for timeouts: safe beside other threads
  // The debug callback sees each command sent; it keeps only its verb.
  set(CURLOPT_DEBUGFUNCTION, &WatchCommands);
  set(CURLOPT_DEBUGDATA, &conversation);
  set(CURLOPT_VERBOSE, 1L);
  if (rc != CURLE_OK)
    return Status::Unavailable(std::string("libcurl refused an option: ") + curl_easy_strerror(rc) +
                               " (is libcurl built with SMTP and TLS?)");

  rc = curl_easy_perform(c);
  if (rc == CURLE_OK) return Status::Ok();
  long smtp = 0;
  (void)curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &smtp);  // stays 0 when there was no answer
  return Failure(rc, smtp, conversation, settings);
}

}  // namespace followup::notify
