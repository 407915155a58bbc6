// HistoryBoard: bodies are recomputed when the store or the minute changes,
// handed out again otherwise; errors map to their codes.
#include "readmodels/history_board.h"

#include <gtest/gtest.h>

#include "projections/fold_testing.h"

namespace followup {
namespace {

std::string Service(const std::string& svc) {
  return R"({"type":"service.v1","event_id":"s-)" + svc +
         R"(","occurred_at":"2026-01-01T00:00:00Z","service_id":")" + svc +
         R"(","name":"Tjänst","owner":"Kulturnämnden","category":"grundlaggande","focus_area":1,)"
         R"("url":"https://start.stockholm/","alternatives":[],"presents_case_status":true,"wcag_aa":true,)"
         R"("investment_sek":10})";
}

std::string Probe(const std::string& at) {
  return R"({"type":"probe.v1","event_id":"p-)" + at + R"(","occurred_at":")" + at +
         R"(","service_id":"svc","location":"kista","ok":false,"latency_ms":100})";
}

TEST(HistoryBoard, CachesPerStoreVersionAndMinute) {
  MemKv kv;
  FoldLines(&kv, {Service("svc")});
  uint64_t version = 1;
  TimeMs now = *ParseRfc3339("2026-11-26T12:00:10Z");
  HistoryBoard board([&kv] { return std::make_unique<KvReaderRef>(kv); }, [&version] { return version; },
                     nullptr, [&now] { return now; });
  std::shared_ptr<const RenderedBody> a, b, c, d;
  ASSERT_TRUE(board.HistoryJson("svc", 1, &a).ok());
  EXPECT_EQ(a->content_type, "application/json");
  // A probe folded while the version stays: the cached body is handed out.
  FoldLines(&kv, {Probe("2026-11-26T11:00:00Z")});
  ASSERT_TRUE(board.HistoryJson("svc", 1, &b).ok());
  EXPECT_EQ(a.get(), b.get());
  // A new store version: recomputed, with the probe's down minute.
  version = 2;
  ASSERT_TRUE(board.HistoryJson("svc", 1, &c).ok());
  EXPECT_NE(c->body, a->body);
  EXPECT_NE(c->body.find("\"down\":1"), std::string::npos);
  EXPECT_NE(c->etag, a->etag);
  // The next minute: recomputed (today has one more ended minute).
  now += kMsPerMinute;
  ASSERT_TRUE(board.HistoryJson("svc", 1, &d).ok());
  EXPECT_NE(d.get(), c.get());
  EXPECT_NE(d->etag, c->etag);

  std::shared_ptr<const RenderedBody> e;
  EXPECT_EQ(board.HistoryJson("svc", 401, &e).code(), Status::Code::kInvalid);
  EXPECT_EQ(board.HistoryJson("nope", 7, &e).code(), Status::Code::kNotFound);
  EXPECT_EQ(board.AnnouncementsJson(std::nullopt, 101, &e).code(), Status::Code::kInvalid);
  // The pages need the live status; without a StatusBoard there is none yet.
  EXPECT_EQ(board.ServicePageHtml("svc", &e).code(), Status::Code::kUnavailable);
  ASSERT_TRUE(board.ArchivePageHtml(std::nullopt, &e).ok());
  EXPECT_EQ(e->content_type, "text/html; charset=utf-8");
}

}  // namespace
}  // namespace followup
