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
  ByteReader r(std::string_view("\x05" "ab", 3));
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

}  // namespace
}  // namespace followup
