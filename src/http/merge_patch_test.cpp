// JSON Merge Patch (RFC 7396), with the examples of its appendix A worked out
// by hand.
#include "http/merge_patch.h"

#include <gtest/gtest.h>

namespace followup::http {
namespace {

std::string Patched(const std::string& target, const std::string& patch) {
  std::string out;
  Status s = ApplyMergePatch(target, patch, &out);
  if (!s.ok()) return "error: " + s.ToString();
  return out;
}

TEST(MergePatch, NullDeletesAMember) {
  EXPECT_EQ(Patched(R"({"a":"b","c":"d"})", R"({"c":null})"), R"({"a":"b"})");
}

TEST(MergePatch, NullOfAnAbsentMemberChangesNothing) {
  EXPECT_EQ(Patched(R"({"a":"b"})", R"({"x":null})"), R"({"a":"b"})");
}

TEST(MergePatch, ValuesReplaceAndNewMembersFollow) {
  EXPECT_EQ(Patched(R"({"a":"b","n":1})", R"({"a":"c","z":true})"), R"({"a":"c","n":1,"z":true})");
}

TEST(MergePatch, NestedObjectsMerge) {
  EXPECT_EQ(Patched(R"({"a":{"b":"c","d":"e"},"f":1})", R"({"a":{"b":"x","d":null,"g":2}})"),
            R"({"a":{"b":"x","g":2},"f":1})");
}

TEST(MergePatch, ObjectIntoNonObjectStartsFromEmpty) {
  EXPECT_EQ(Patched(R"({"a":[1,2]})", R"({"a":{"b":"c","d":null}})"), R"({"a":{"b":"c"}})");
}

TEST(MergePatch, ArraysAreReplacedWhole) {
  EXPECT_EQ(Patched(R"({"a":[{"b":"c"}]})", R"({"a":[1]})"), R"({"a":[1]})");
}

TEST(MergePatch, NonObjectPatchReplacesTheTarget) {
  EXPECT_EQ(Patched(R"({"a":"foo"})", R"(["c"])"), R"(["c"])");
}

TEST(MergePatch, NullPatchReplacesTheTargetWithNull) { EXPECT_EQ(Patched(R"({"a":"foo"})", "null"), "null"); }

TEST(MergePatch, EmptyPatchKeepsEverything) {
  EXPECT_EQ(Patched(R"({"a":"b","e":null})", "{}"), R"({"a":"b","e":null})");
}

TEST(MergePatch, TextsKeepTheirEscapes) {
  EXPECT_EQ(Patched(R"({"t":"a\"b"})", R"({"u":"Å\n"})"), R"({"t":"a\"b","u":"Å\n"})");
}

TEST(MergePatch, InvalidJsonIsInvalid) {
  std::string out;
  EXPECT_FALSE(ApplyMergePatch("{}", "{", &out).ok());
  EXPECT_FALSE(ApplyMergePatch("nope", "{}", &out).ok());
}

}  // namespace
}  // namespace followup::http
