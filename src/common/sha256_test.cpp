#include "common/sha256.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>

namespace followup {
namespace {

// FIPS 180-4 examples and the usual long message.
TEST(Sha256, KnownAnswers) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(Sha256Hex(std::string(1000, 'a')),
            "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3");
}

// The digest context is kept per thread and re-initialised: nothing of one
// call carries into the next.
TEST(Sha256, ACallAfterAnotherIsUnaffectedByIt) {
  const std::string first = Sha256Hex("abc");
  Sha256Hex(std::string(1000, 'a'));
  EXPECT_EQ(Sha256Hex("abc"), first);
}

TEST(Sha256, AnotherThreadGetsTheSameDigest) {
  std::string there;
  std::thread t([&] { there = Sha256Hex("abc"); });
  t.join();
  EXPECT_EQ(there, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace followup
