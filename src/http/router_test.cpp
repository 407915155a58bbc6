#include "http/router.h"

#include <gtest/gtest.h>

namespace followup::http {
namespace {

Router MakeRouter() {
  Router r;
  r.Add({"GET"}, "/a/{id}", "a",
        [](const Request&, const Params& p) { return Text(200, "id=" + p.at("id")); });
  r.Add({"POST"}, "/b", "b", [](const Request&, const Params&) { return Text(202, "posted"); });
  return r;
}

Response Call(const Router& r, const std::string& method, const std::string& path) {
  Request req;
  req.method = method;
  req.path = path;
  std::string route;
  return r.Dispatch(req, &route);
}

TEST(Router, CapturesSegment) { EXPECT_EQ(Call(MakeRouter(), "GET", "/a/x1").body, "id=x1"); }
TEST(Router, HeadServedWhereGetIs) { EXPECT_EQ(Call(MakeRouter(), "HEAD", "/a/x1").status, 200); }
TEST(Router, OtherMethodIs405) { EXPECT_EQ(Call(MakeRouter(), "DELETE", "/a/x1").status, 405); }
TEST(Router, UnknownPathIs404) { EXPECT_EQ(Call(MakeRouter(), "GET", "/nope").status, 404); }
TEST(Router, EncodedSlashNeverMatches) { EXPECT_EQ(Call(MakeRouter(), "GET", "/a/..%2Fb").status, 404); }
TEST(Router, DotDotIsRejected) { EXPECT_EQ(Call(MakeRouter(), "GET", "/a/../b").status, 400); }
TEST(Router, EncodedDotDotNeverMatches) { EXPECT_EQ(Call(MakeRouter(), "GET", "/a/%2e%2e").status, 404); }
TEST(Router, DoubleSlashIsRejected) { EXPECT_EQ(Call(MakeRouter(), "GET", "//a/x").status, 400); }
TEST(Router, BadEscapeNeverMatches) { EXPECT_EQ(Call(MakeRouter(), "GET", "/a/%zz").status, 404); }
TEST(Router, DecodesSegment) { EXPECT_EQ(Call(MakeRouter(), "GET", "/a/f%C3%B6").body, "id=f\xC3\xB6"); }
TEST(Router, GetOnPostRouteIs405WithAllow) {
  Response r = Call(MakeRouter(), "GET", "/b");
  EXPECT_EQ(r.status, 405);
  ASSERT_FALSE(r.headers.empty());
  EXPECT_EQ(r.headers[0].second, "POST");
}

// The first route added that matches answers, whether its first segment is
// a capture or a literal (the routes are looked up by both).
Router Ordered() {
  Router r;
  r.Add({"GET"}, "/x/{id}/h", "capture_first",
        [](const Request&, const Params&) { return Text(200, "capture"); });
  r.Add({"GET"}, "/x/lit/h", "literal_second",
        [](const Request&, const Params&) { return Text(200, "literal"); });
  r.Add({"GET"}, "/y/lit", "literal_first",
        [](const Request&, const Params&) { return Text(200, "literal"); });
  r.Add({"GET"}, "/{any}/lit", "capture_second",
        [](const Request&, const Params&) { return Text(200, "capture"); });
  r.Add({"POST"}, "/{any}/only", "post_capture",
        [](const Request&, const Params&) { return Text(202, "posted"); });
  r.Add({"GET"}, "/z/only", "get_literal", [](const Request&, const Params&) { return Text(200, "got"); });
  return r;
}

TEST(Router, CaptureAddedFirstWinsOverLiteral) {
  EXPECT_EQ(Call(Ordered(), "GET", "/x/lit/h").body, "capture");
}
TEST(Router, LiteralAddedFirstWinsOverCapture) {
  EXPECT_EQ(Call(Ordered(), "GET", "/y/lit").body, "literal");
}
TEST(Router, CaptureFirstSegmentMatchesOtherWords) {
  EXPECT_EQ(Call(Ordered(), "GET", "/w/lit").body, "capture");
}
TEST(Router, MethodFoundOnTheCaptureRouteOfTheSamePath) {
  EXPECT_EQ(Call(Ordered(), "POST", "/z/only").body, "posted");
}
TEST(Router, MethodFoundOnTheLiteralRouteOfTheSamePath) {
  EXPECT_EQ(Call(Ordered(), "GET", "/z/only").body, "got");
}
TEST(Router, OtherSegmentCountIs404) { EXPECT_EQ(Call(Ordered(), "GET", "/y/lit/more").status, 404); }

std::string Deep(int segments, const std::string& last) {
  std::string p;
  for (int i = 1; i < segments; ++i) p += "/s";
  return p + "/" + last;
}

TEST(Router, PathDeeperThanAnyRouteIs404) { EXPECT_EQ(Call(MakeRouter(), "GET", Deep(40, "a")).status, 404); }
TEST(Router, DotDotBeyondTheSixteenthSegmentIs400) {
  EXPECT_EQ(Call(MakeRouter(), "GET", Deep(40, "..")).status, 400);
}
TEST(Router, RootPathIs404WithoutARootRoute) { EXPECT_EQ(Call(MakeRouter(), "GET", "/").status, 404); }
TEST(Router, RootRouteAnswersRoot) {
  Router r;
  r.Add({"GET"}, "/", "root", [](const Request&, const Params&) { return Text(200, "root"); });
  EXPECT_EQ(Call(r, "GET", "/").body, "root");
}

TEST(Router, PublicRouteAnswersPreflightAndAddsOrigin) {
  Router r;
  r.Add(
      {"GET"}, "/pub", "pub", [](const Request&, const Params&) { return JsonError(404, "x"); },
      Cors::kPublic);
  r.Add({"GET"}, "/own", "own", [](const Request&, const Params&) { return Text(200, "x"); });
  Response pre = Call(r, "OPTIONS", "/pub");
  EXPECT_EQ(pre.status, 204);
  EXPECT_TRUE(pre.content_type.empty());
  Response got = Call(r, "GET", "/pub");
  ASSERT_EQ(got.headers.size(), 2u);
  EXPECT_EQ(got.headers[0].first, "Access-Control-Allow-Origin");
  EXPECT_EQ(got.headers[1].first, "Access-Control-Expose-Headers");
  EXPECT_EQ(got.headers[1].second, "ETag");
  EXPECT_TRUE(Call(r, "GET", "/own").headers.empty());
  Response no = Call(r, "OPTIONS", "/own");
  EXPECT_EQ(no.status, 405);
  ASSERT_EQ(no.headers.size(), 1u);
  EXPECT_EQ(no.headers[0].second, "GET, HEAD");
}

TEST(Escape, Html) { EXPECT_EQ(HtmlEscape("<script>\"'&"), "&lt;script&gt;&quot;&#39;&amp;"); }
TEST(Escape, JsonControlAndHtml) { EXPECT_EQ(JsonEscape("a\"\\\n\x01<"), "a\\\"\\\\\\n\\u0001\\u003c"); }

}  // namespace
}  // namespace followup::http
