// Minimal binary codec for projection values: varints, zig-zag signed ints,
// length-prefixed strings, big-endian fixed ints for sortable keys.
// ByteReader never reads past its input; a short or malformed input (also a
// varint with bits beyond its width) sets fail().
// An I128 of a value that fits int64 is the same bytes as its I64, so small
// sums cost what they did before (one byte below 64).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace followup {

class ByteWriter {
 public:
  explicit ByteWriter(std::string* out) : out_(out) {}
  void U64(uint64_t v) {
    while (v >= 0x80) {
      out_->push_back(char(v | 0x80));
      v >>= 7;
    }
    out_->push_back(char(v));
  }
  void I64(int64_t v) { U64((uint64_t(v) << 1) ^ uint64_t(v >> 63)); }
  void U128(unsigned __int128 v) {
    while (v >= 0x80) {
      out_->push_back(char(uint8_t(v) | 0x80));
      v >>= 7;
    }
    out_->push_back(char(v));
  }
  void I128(__int128 v) {
    using u128 = unsigned __int128;
    U128((u128(v) << 1) ^ u128(v >> 127));
  }
  void Bool(bool b) { out_->push_back(b ? 1 : 0); }
  void Str(std::string_view s) {
    U64(s.size());
    out_->append(s);
  }

 private:
  std::string* out_;
};

class ByteReader {
 public:
  explicit ByteReader(std::string_view in) : in_(in) {}
  uint64_t U64() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= in_.size()) {
        fail_ = true;
        return 0;
      }
      uint8_t b = uint8_t(in_[pos_++]);
      if (shift == 63 && b > 1) break;  // bits beyond 64
      v |= uint64_t(b & 0x7f) << shift;
      if (!(b & 0x80)) return v;
    }
    fail_ = true;
    return 0;
  }
  int64_t I64() {
    uint64_t u = U64();
    return int64_t(u >> 1) ^ -int64_t(u & 1);
  }
  // Also refuses an overlong encoding (a last byte of 0 after others), so that
  // every value has exactly one encoding.
  unsigned __int128 U128() {
    using u128 = unsigned __int128;
    u128 v = 0;
    for (int shift = 0; shift < 128; shift += 7) {
      if (pos_ >= in_.size()) break;
      uint8_t b = uint8_t(in_[pos_++]);
      if (shift == 126 && b > 3) break;  // bits beyond 128
      v |= u128(b & 0x7f) << shift;
      if (!(b & 0x80)) {
        if (b == 0 && shift > 0) break;
        return v;
      }
    }
    fail_ = true;
    return 0;
  }
  __int128 I128() {
    unsigned __int128 u = U128();
    return __int128(u >> 1) ^ -__int128(u & 1);
  }
  bool Bool() {
    if (pos_ >= in_.size()) {
      fail_ = true;
      return false;
    }
    return in_[pos_++] != 0;
  }
  std::string Str() {
    uint64_t n = U64();
    if (fail_ || n > in_.size() - pos_) {
      fail_ = true;
      return {};
    }
    std::string s(in_.substr(pos_, n));
    pos_ += n;
    return s;
  }
  bool fail() const { return fail_; }
  bool done() const { return pos_ == in_.size(); }

 private:
  std::string_view in_;
  size_t pos_ = 0;
  bool fail_ = false;
};

// Big-endian with the sign bit flipped, so byte order equals numeric order.
inline void AppendSortable64(std::string* out, int64_t v) {
  uint64_t u = uint64_t(v) ^ (uint64_t(1) << 63);
  char b[8];
  for (int i = 0; i < 8; ++i) b[i] = char((u >> ((7 - i) * 8)) & 0xff);
  out->append(b, 8);
}
inline int64_t ReadSortable64(std::string_view s) {
  uint64_t u = 0;
  for (int i = 0; i < 8 && i < int(s.size()); ++i) u = (u << 8) | uint8_t(s[i]);
  return int64_t(u ^ (uint64_t(1) << 63));
}

}  // namespace followup
