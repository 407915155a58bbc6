// SHA-256 (FIPS 180-4, OpenSSL's implementation): content digests of events
// for deduplication, strong ETags, constant-length token comparison.
// Thread-safe (pure functions).
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace followup {

std::array<uint8_t, 32> Sha256(std::string_view data);
// Lower-case hex of Sha256(data): 64 characters.
std::string Sha256Hex(std::string_view data);
// Lower-case hex of any bytes.
std::string HexBytes(std::string_view bytes);

}  // namespace followup
