// /readyz and /api/v1/ingest: the internal error detail is shown only on the
// management listener.
#include "http/ingest_routes.h"

#include <gtest/gtest.h>

namespace followup::http {
namespace {

const char* kDetail = "Connect to ipv4#10.1.2.3:9092 failed: Connection refused (after 0ms in state CONNECT)";

class IngestRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = std::make_shared<IngestSnapshot>();
    s->published_ms = SteadyNowMs();
    s->ready = false;
    s->not_ready_reason = "Kafka brokers unreachable";
    s->not_ready_detail = kDetail;
    s->partitions.push_back(PartitionProgress{"followup.probes", 0, 41, 45});
    board_.Publish(s);
    AddHealthRoutes(&public_, &board_, IngestView::kPublic);
    AddIngestRoutes(&public_, &board_, IngestView::kPublic);
    AddHealthRoutes(&management_, &board_, IngestView::kManagement);
    AddIngestRoutes(&management_, &board_, IngestView::kManagement);
  }
  static Response Get(const Router& r, const std::string& path) {
    Request req;
    req.method = "GET";
    req.path = path;
    std::string route;
    return r.Dispatch(req, &route);
  }
  IngestStateBoard board_;
  Router public_, management_;
};

TEST_F(IngestRoutesTest, PublicReadyzShowsOnlyTheReason) {
  Response r = Get(public_, "/readyz");
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.body, "not ready: Kafka brokers unreachable\n");
  Response j = Get(public_, "/api/v1/ingest");
  EXPECT_NE(j.body.find("\"not_ready_reason\":\"Kafka brokers unreachable\""), std::string::npos) << j.body;
  EXPECT_EQ(j.body.find("ipv4#"), std::string::npos) << j.body;
  EXPECT_EQ(j.body.find("not_ready_detail"), std::string::npos) << j.body;
}

TEST_F(IngestRoutesTest, ManagementShowsTheDetail) {
  Response r = Get(management_, "/readyz");
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.body, std::string("not ready: Kafka brokers unreachable\ndetail: ") + kDetail + "\n");
  Response j = Get(management_, "/api/v1/ingest");
  EXPECT_NE(j.body.find("\"not_ready_detail\":\"Connect to ipv4#10.1.2.3:9092"), std::string::npos) << j.body;
}

TEST_F(IngestRoutesTest, ReadyHasNoReasonNorDetail) {
  auto s = std::make_shared<IngestSnapshot>();
  s->published_ms = SteadyNowMs();
  s->ready = true;
  s->not_ready_reason.clear();
  s->not_ready_detail = "stale text from before";
  board_.Publish(s);
  for (const Router* r : {&public_, &management_}) {
    EXPECT_EQ(Get(*r, "/readyz").body, "ready\n");
    EXPECT_EQ(Get(*r, "/api/v1/ingest").body.find("not_ready"), std::string::npos);
  }
  EXPECT_EQ(Get(public_, "/healthz").body, "ok\n");
}

// A rebuild beside the served projections (IngestStateBoard::ShowRebuild):
// its progress in the document, computed by hand from the figures given.
TEST_F(IngestRoutesTest, RebuildProgressIsShownWhileOneRuns) {
  auto s = std::make_shared<IngestSnapshot>();
  s->published_ms = SteadyNowMs();
  s->ready = true;
  s->not_ready_reason.clear();
  board_.Publish(s);
  RebuildProgress shown;
  board_.ShowRebuild([&shown] { return shown; });
  EXPECT_EQ(Get(public_, "/api/v1/ingest").body.find("rebuild"), std::string::npos);
  shown.active = true;
  shown.state = "paused";
  shown.cause = "projection version 3 -> 4";
  shown.reason = "No space left on the data dir's device";
  shown.from_version = 3;
  shown.to_version = 4;
  shown.processed = 1200;
  shown.remaining = 800;
  shown.rate = 400.4;
  shown.eta_seconds = 1.6;
  shown.elapsed_seconds = 3.3;
  const std::string body = Get(public_, "/api/v1/ingest").body;
  EXPECT_NE(body.find("\"rebuild\":{\"state\":\"paused\",\"cause\":\"projection version 3 -\\u003e 4\","
                      "\"from_version\":3,\"to_version\":4,\"processed\":1200,\"remaining\":800,"
                      "\"rate\":400,\"eta_seconds\":2,\"elapsed_seconds\":3.3,"
                      "\"reason\":\"No space left on the data dir's device\"}"),
            std::string::npos)
      << body;
  EXPECT_EQ(Get(public_, "/readyz").body, "ready\n");
  shown.eta_seconds = -1;
  EXPECT_NE(Get(public_, "/api/v1/ingest").body.find("\"eta_seconds\":null"), std::string::npos);
}

}  // namespace
}  // namespace followup::http
