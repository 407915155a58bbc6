#include "notify/webhook_signature.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

namespace followup::notify {

std::string Base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(bytes.data()), int(bytes.size()));
  out.resize(size_t(n));
  return out;
}

std::string Base64Url(std::string_view bytes) {
  std::string out = Base64(bytes);
  while (!out.empty() && out.back() == '=') out.pop_back();
  for (char& c : out) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  return out;
}

bool FromBase64(std::string_view text, std::string* bytes) {
  if (text.size() % 4 != 0) return false;
  size_t pad = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    bool alphabet =
        (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
    if (c == '=' && i + 2 >= text.size()) {
      ++pad;
      continue;
    }
    if (!alphabet || pad > 0) return false;  // '=' only at the end, nothing after it
  }
  std::string out(text.size() / 4 * 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(text.data()), int(text.size()));
  if (n < 0) return false;
  out.resize(size_t(n) - pad);  // EVP_DecodeBlock counts the padding as zero bytes
  *bytes = std::move(out);
  return true;
}

Status ParseWebhookSecret(std::string_view text, std::string* key) {
  if (text.substr(0, kWebhookSecretPrefix.size()) != kWebhookSecretPrefix)
    return Status::Invalid("a webhook secret starts with \"whsec_\"");
  std::string bytes;
  if (!FromBase64(text.substr(kWebhookSecretPrefix.size()), &bytes))
    return Status::Invalid("a webhook secret is \"whsec_\" and base64 (A-Z a-z 0-9 + /, padded with =)");
  if (bytes.size() < 24 || bytes.size() > 64)
    return Status::Invalid("a webhook secret's key is 24 to 64 bytes, this one is " +
                           std::to_string(bytes.size()));
  *key = std::move(bytes);
  return Status::Ok();
}

Status NewWebhookSecret(std::string* text) {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1)
    return Status::Unavailable("the random number generator failed: no webhook secret made");
  *text = std::string(kWebhookSecretPrefix) +
          Base64(std::string_view(reinterpret_cast<char*>(bytes), sizeof bytes));
  return Status::Ok();
}

std::string WebhookSignature(std::string_view key, std::string_view message_id, int64_t timestamp_s,
                             std::string_view body) {
  std::string content;
  content.reserve(message_id.size() + body.size() + 24);
  content.append(message_id);
  content += '.';
  content += std::to_string(timestamp_s);
  content += '.';
  content.append(body);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), int(key.size()), reinterpret_cast<const unsigned char*>(content.data()),
       content.size(), mac, &len);
  return "v1," + Base64(std::string_view(reinterpret_cast<char*>(mac), len));
}

}  // namespace followup::notify
