#include "common/sha256.h"

#include <openssl/evp.h>
#include <openssl/sha.h>

#include <memory>

namespace followup {
namespace {

// SHA256() and EVP_Q_digest look the algorithm up in OpenSSL's provider
// registry on every call, which cost more than the hashing itself for the
// ~100-byte contents the fold digests once per event (bench/README.md,
// fold_bench). The algorithm is fetched once, and each thread keeps one
// digest context that it re-initialises for every call.
const EVP_MD* Sha256Md() {
  static EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return md;
}

struct CtxFree {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};

}  // namespace

std::array<uint8_t, 32> Sha256(std::string_view data) {
  std::array<uint8_t, 32> out{};
  thread_local std::unique_ptr<EVP_MD_CTX, CtxFree> ctx(EVP_MD_CTX_new());
  const EVP_MD* md = Sha256Md();
  unsigned int n = 0;
  if (md && ctx && EVP_DigestInit_ex2(ctx.get(), md, nullptr) == 1 &&
      EVP_DigestUpdate(ctx.get(), data.data(), data.size()) == 1 &&
      EVP_DigestFinal_ex(ctx.get(), out.data(), &n) == 1 && n == out.size())
    return out;
  // (Only when OpenSSL could not give a context: the one-shot call, as before.)
  ::SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), out.data());
  return out;
}

std::string HexBytes(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (char c : bytes) {
    auto b = uint8_t(c);
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 15]);
  }
  return out;
}

std::string Sha256Hex(std::string_view data) {
  auto d = Sha256(data);
  return HexBytes(std::string_view(reinterpret_cast<const char*>(d.data()), d.size()));
}

}  // namespace followup
