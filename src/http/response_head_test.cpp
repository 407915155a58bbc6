#include "http/response_head.h"

#include <gtest/gtest.h>

namespace followup::http {
namespace {

Response Json() {
  Response r;
  r.content_type = "application/json";
  r.set("ETag", "\"abc\"");
  r.set("Cache-Control", "public, max-age=15");
  return r;
}

TEST(ResponseHead, StatusLineServerTypeHeadersInOrderAndLength) {
  std::string out;
  EXPECT_EQ(WriteResponseHead(Json(), true, 19, &out), 0);
  EXPECT_EQ(out,
            "HTTP/1.1 200 OK\r\n"
            "Server: followup\r\n"
            "Content-Type: application/json\r\n"
            "ETag: \"abc\"\r\n"
            "Cache-Control: public, max-age=15\r\n"
            "Content-Length: 19\r\n"
            "\r\n");
}

TEST(ResponseHead, NotModifiedHasNoContentLength) {
  Response r = Json();
  r.status = 304;
  std::string out;
  EXPECT_EQ(WriteResponseHead(r, true, 19, &out), 0);
  EXPECT_EQ(out.rfind("HTTP/1.1 304 Not Modified\r\n", 0), 0u);
  EXPECT_EQ(out.find("Content-Length"), std::string::npos);
}

TEST(ResponseHead, NoContentHasNoContentLength) {
  Response r;
  r.status = 204;
  r.content_type.clear();
  std::string out;
  EXPECT_EQ(WriteResponseHead(r, true, 0, &out), 0);
  EXPECT_EQ(out, "HTTP/1.1 204 No Content\r\nServer: followup\r\n\r\n");
}

TEST(ResponseHead, CloseIsSaidLast) {
  Response r;
  r.status = 429;
  std::string out;
  EXPECT_EQ(WriteResponseHead(r, false, 2, &out), 0);
  EXPECT_EQ(out,
            "HTTP/1.1 429 Too Many Requests\r\n"
            "Server: followup\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n"
            "Content-Length: 2\r\n"
            "Connection: close\r\n"
            "\r\n");
}

TEST(ResponseHead, AHeaderWithCrOrLfIsLeftOut) {
  Response r = Json();
  r.set("X-Name", "a\r\nSet-Cookie: x=1");
  r.set("X-Bad\n", "v");
  std::string out;
  EXPECT_EQ(WriteResponseHead(r, true, 0, &out), 2);
  EXPECT_EQ(out.find("Set-Cookie"), std::string::npos);
  EXPECT_EQ(out.find("X-Bad"), std::string::npos);
  EXPECT_NE(out.find("ETag: \"abc\"\r\n"), std::string::npos);
}

TEST(ResponseHead, ReplacesWhatTheBufferHeld) {
  std::string out = "left over";
  EXPECT_EQ(WriteResponseHead(Json(), true, 1, &out), 0);
  EXPECT_EQ(out.rfind("HTTP/1.1 200 OK\r\n", 0), 0u);
}

}  // namespace
}  // namespace followup::http
