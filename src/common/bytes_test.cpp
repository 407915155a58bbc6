#include "common/bytes.h"

#include <gtest/gtest.h>

namespace followup {
namespace {

TEST(Bytes, RoundTrip) {
  std::string buf;
  ByteWriter w(&buf);
  w.U64(300);
  w.I64(-5);
  w.Str("kista");
  w.Bool(true);
  ByteReader r(buf);
  EXPECT_EQ(r.U64(), 300u);
  EXPECT_EQ(r.I64(), -5);
  EXPECT_EQ(r.Str(), "kista");
  EXPECT_TRUE(r.Bool());
  EXPECT_TRUE(r.done());
  EXPECT_FALSE(r.fail());
}

TEST(Bytes, ShortInputFails) {
  ByteReader r(
      std::string_view("\x05"
                       "ab",
                       3));
  r.Str();
  EXPECT_TRUE(r.fail());
}

TEST(Bytes, SortableOrder) {
  std::string a, b;
  AppendSortable64(&a, -1);
  AppendSortable64(&b, 1);
  EXPECT_LT(a, b);
  EXPECT_EQ(ReadSortable64(a), -1);
}

// 2^64 and 2^100 do not fit 64 bits; -2^127 and 2^127 - 1 are the extremes.
constexpr __int128 kTwo64 = __int128(1) << 64;
constexpr __int128 kMax128 = static_cast<__int128>(~(static_cast<unsigned __int128>(1) << 127));
constexpr __int128 kMin128 = -kMax128 - 1;

__int128 RoundTrip128(__int128 v) {
  std::string buf;
  ByteWriter(&buf).I128(v);
  ByteReader r(buf);
  __int128 back = r.I128();
  EXPECT_TRUE(r.done());
  EXPECT_FALSE(r.fail());
  return back;
}

TEST(Bytes, I128RoundTripTwo64) { EXPECT_EQ(RoundTrip128(kTwo64), kTwo64); }
TEST(Bytes, I128RoundTripNegative) { EXPECT_EQ(RoundTrip128(-(kTwo64 << 36)), -(kTwo64 << 36)); }
TEST(Bytes, I128RoundTripMax) { EXPECT_EQ(RoundTrip128(kMax128), kMax128); }
TEST(Bytes, I128RoundTripMin) { EXPECT_EQ(RoundTrip128(kMin128), kMin128); }
TEST(Bytes, I128RoundTripZero) { EXPECT_EQ(RoundTrip128(0), 0); }

// An int64 is the same bytes either way: records written with I64 read with I128.
TEST(Bytes, I128OfInt64IsI64) {
  std::string a, b;
  ByteWriter(&a).I64(-1234567890123);
  ByteWriter(&b).I128(-1234567890123);
  EXPECT_EQ(a, b);
}
TEST(Bytes, SmallI128IsOneByte) {
  std::string a;
  ByteWriter(&a).I128(-64);
  EXPECT_EQ(a.size(), 1u);
}

// 19 bytes carry 133 bits: the last may hold only 2 (bits 126, 127).
TEST(Bytes, I128BitsBeyond128Fail) {
  std::string buf(18, '\xff');
  buf.push_back('\x04');
  ByteReader r(buf);
  r.U128();
  EXPECT_TRUE(r.fail());
}
TEST(Bytes, I128TooLongFails) {
  std::string buf(19, '\xff');
  buf.push_back('\x01');
  ByteReader r(buf);
  r.U128();
  EXPECT_TRUE(r.fail());
}
TEST(Bytes, I128OverlongFails) {
  ByteReader r(std::string_view("\x85\x00", 2));
  r.U128();
  EXPECT_TRUE(r.fail());
}
TEST(Bytes, I128ShortFails) {
  ByteReader r(std::string_view("\x85\x85", 2));
  r.U128();
  EXPECT_TRUE(r.fail());
}
// The tenth byte of a U64 holds bit 63 only.
TEST(Bytes, U64BitsBeyond64Fail) {
  std::string buf(9, '\xff');
  buf.push_back('\x02');
  ByteReader r(buf);
  r.U64();
  EXPECT_TRUE(r.fail());
}
TEST(Bytes, U64MaxRoundTrips) {
  std::string buf;
  ByteWriter(&buf).U64(UINT64_MAX);
  ByteReader r(buf);
  EXPECT_EQ(r.U64(), UINT64_MAX);
  EXPECT_FALSE(r.fail());
}

}  // namespace
}  // namespace followup
