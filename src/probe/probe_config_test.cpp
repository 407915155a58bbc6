#include "probe/probe_config.h"

#include <gtest/gtest.h>

#include "probe/url.h"

namespace followup::probe {
namespace {

ProbeConfig MustParse(const std::string& yaml) {
  ProbeConfig c;
  Status s = ParseProbeConfig(yaml, "probes.yaml", &c);
  EXPECT_TRUE(s.ok()) << s.message();
  return c;
}

std::string ErrorOf(const std::string& yaml) {
  ProbeConfig c;
  Status s = ParseProbeConfig(yaml, "probes.yaml", &c);
  EXPECT_FALSE(s.ok()) << "parsed, expected an error:\n" << yaml;
  return s.message();
}

TEST(ProbeConfig, DefaultsFromAList) {
  ProbeConfig c = MustParse("- service_id: bygglov\n  url: https://example.org/\n");
  ASSERT_EQ(c.targets.size(), 1u);
  const ProbeTarget& t = c.targets[0];
  EXPECT_EQ(t.service_id, "bygglov");
  EXPECT_EQ(t.method, "GET");
  EXPECT_EQ(t.timeout_ms, 10'000);
  EXPECT_EQ(t.interval_ms, 30'000);
  EXPECT_FALSE(t.body_contains);
  EXPECT_TRUE(t.headers.empty());
  EXPECT_EQ(t.accept.ToString(), "200-399");
  EXPECT_TRUE(t.accept.Accepts(200));
  EXPECT_TRUE(t.accept.Accepts(399));
  EXPECT_FALSE(t.accept.Accepts(400));
  EXPECT_FALSE(t.accept.Accepts(199));
  EXPECT_EQ(t.line, 1);
  EXPECT_EQ(c.concurrency, 256);
  EXPECT_EQ(c.buffer_limit, 100'000u);
}

TEST(ProbeConfig, EveryFieldFromAMapping) {
  ProbeConfig c = MustParse(R"(concurrency: 16
buffer_limit: 500
kafka:
  security.protocol: ssl
targets:
  - service_id: a
    url: http://a.example/health
    method: head
    accept: [200-299, 304]
    timeout: 500ms
    interval: 2m
    headers:
      Accept-Language: sv
      X-Probe: "1"
  - service_id: b
    url: https://b.example/
    accept: "200,204"
    body_contains: Välkommen
    timeout: 1h
    interval: 45s
)");
  EXPECT_EQ(c.concurrency, 16);
  EXPECT_EQ(c.buffer_limit, 500u);
  EXPECT_EQ(c.kafka.at("security.protocol"), "ssl");
  ASSERT_EQ(c.targets.size(), 2u);
  const ProbeTarget& a = c.targets[0];
  EXPECT_EQ(a.method, "HEAD");
  EXPECT_EQ(a.accept.ToString(), "200-299,304");
  EXPECT_EQ(a.timeout_ms, 500);
  EXPECT_EQ(a.interval_ms, 120'000);
  ASSERT_EQ(a.headers.size(), 2u);
  EXPECT_EQ(a.headers[0], (std::pair<std::string, std::string>("Accept-Language", "sv")));
  EXPECT_EQ(a.line, 6);
  const ProbeTarget& b = c.targets[1];
  EXPECT_EQ(b.accept.ToString(), "200,204");
  EXPECT_TRUE(b.accept.Accepts(204));
  EXPECT_FALSE(b.accept.Accepts(203));
  EXPECT_EQ(*b.body_contains, "Välkommen");
  EXPECT_EQ(b.timeout_ms, 3'600'000);
  EXPECT_EQ(b.interval_ms, 45'000);
  EXPECT_EQ(b.line, 15);
}

TEST(ProbeConfig, Durations) {
  EXPECT_EQ(ParseDuration("10s"), 10'000);
  EXPECT_EQ(ParseDuration("500ms"), 500);
  EXPECT_EQ(ParseDuration("2m"), 120'000);
  EXPECT_EQ(ParseDuration("2min"), 120'000);
  EXPECT_EQ(ParseDuration("1h"), 3'600'000);
  EXPECT_EQ(ParseDuration(" 3s "), 3'000);
  EXPECT_EQ(ParseDuration("0s"), 0);
  for (const char* bad : {"10", "s", "", "1.5s", "-1s", "10 sec", "10S", "ms", "1d", "9999999999999s"})
    EXPECT_FALSE(ParseDuration(bad)) << bad;
  EXPECT_EQ(FormatSeconds(10'000), "10 s");
  EXPECT_EQ(FormatSeconds(2'000), "2 s");
  EXPECT_EQ(FormatSeconds(500), "0.5 s");
  EXPECT_EQ(FormatSeconds(1'250), "1.25 s");
}

TEST(ProbeConfig, StatusAcceptance) {
  std::string err;
  auto a = AcceptSet::Parse("200-299, 304,404", &err);
  ASSERT_TRUE(a) << err;
  for (int code : {200, 250, 299, 304, 404}) EXPECT_TRUE(a->Accepts(code)) << code;
  for (int code : {100, 199, 300, 303, 305, 403, 405, 500, 503}) EXPECT_FALSE(a->Accepts(code)) << code;
  EXPECT_FALSE(AcceptSet::Parse("99", &err));
  EXPECT_NE(err.find("100-599"), std::string::npos) << err;
  EXPECT_FALSE(AcceptSet::Parse("600", &err));
  EXPECT_FALSE(AcceptSet::Parse("300-200", &err));
  EXPECT_FALSE(AcceptSet::Parse("2xx", &err));
  EXPECT_FALSE(AcceptSet::Parse("", &err));
  EXPECT_FALSE(AcceptSet::Parse(",", &err));
  AcceptSet d = AcceptSet::Default();
  EXPECT_TRUE(d.Accepts(302));
  EXPECT_FALSE(d.Accepts(503));
}

TEST(ProbeConfig, ErrorsNameTheLine) {
  // Line 5 holds the bad duration.
  std::string e = ErrorOf(
      "targets:\n  - service_id: a\n    url: http://a/\n  - service_id: b\n    timeout: 10\n"
      "    url: http://b/\n");
  EXPECT_EQ(e.rfind("probes.yaml:5: ", 0), 0u) << e;
  EXPECT_NE(e.find("timeout"), std::string::npos) << e;
  EXPECT_NE(e.find("\"10\""), std::string::npos) << e;

  e = ErrorOf("- service_id: Bygglov\n  url: http://a/\n");
  EXPECT_EQ(e.rfind("probes.yaml:1: ", 0), 0u) << e;
  EXPECT_NE(e.find("service_id"), std::string::npos) << e;

  e = ErrorOf("- service_id: a\n  url: ftp://a/\n");
  EXPECT_EQ(e.rfind("probes.yaml:2: ", 0), 0u) << e;
  EXPECT_NE(e.find("scheme"), std::string::npos) << e;

  e = ErrorOf("- service_id: a\n  url: http://a/\n  method: POST\n");
  EXPECT_EQ(e.rfind("probes.yaml:3: ", 0), 0u) << e;

  e = ErrorOf("- service_id: a\n  url: http://a/\n  accept: [200, 700]\n");
  EXPECT_EQ(e.rfind("probes.yaml:3: ", 0), 0u) << e;
  EXPECT_NE(e.find("700"), std::string::npos) << e;

  e = ErrorOf("- service_id: a\n  url: http://a/\n  intervall: 1s\n");
  EXPECT_EQ(e.rfind("probes.yaml:3: ", 0), 0u) << e;
  EXPECT_NE(e.find("unknown key \"intervall\""), std::string::npos) << e;

  e = ErrorOf("- service_id: a\n  url: http://a/\n- service_id: a\n  url: http://b/\n");
  EXPECT_EQ(e.rfind("probes.yaml:3: ", 0), 0u) << e;
  EXPECT_NE(e.find("already probed at line 1"), std::string::npos) << e;

  e = ErrorOf("- service_id: a\n");
  EXPECT_EQ(e.rfind("probes.yaml:1: ", 0), 0u) << e;
  EXPECT_NE(e.find("url is required"), std::string::npos) << e;

  e = ErrorOf("- service_id: a\n  url: http://a/\n  method: HEAD\n  body_contains: x\n");
  EXPECT_EQ(e.rfind("probes.yaml:4: ", 0), 0u) << e;

  e = ErrorOf("- service_id: a\n  url: http://a/\n  headers:\n    Host: x\n");
  EXPECT_EQ(e.rfind("probes.yaml:4: ", 0), 0u) << e;

  e = ErrorOf("- service_id: a\n  url: http://a/\n  interval: 10ms\n");
  EXPECT_EQ(e.rfind("probes.yaml:3: ", 0), 0u) << e;

  e = ErrorOf("- service_id: a\n  url: [http://a/\n");
  EXPECT_EQ(e.rfind("probes.yaml:", 0), 0u) << e;
  EXPECT_NE(e.find("YAML"), std::string::npos) << e;

  e = ErrorOf("concurrency: 0\ntargets: []\n");
  EXPECT_EQ(e.rfind("probes.yaml:1: ", 0), 0u) << e;

  e = ErrorOf("target:\n  - service_id: a\n");
  EXPECT_EQ(e.rfind("probes.yaml:1: ", 0), 0u) << e;

  e = ErrorOf("");
  EXPECT_NE(e.find("empty"), std::string::npos) << e;
}

TEST(ProbeConfig, Slugs) {
  EXPECT_TRUE(IsSlug("kista", 32));
  EXPECT_TRUE(IsSlug("0", 32));
  EXPECT_TRUE(IsSlug("a-b-", 32));
  EXPECT_FALSE(IsSlug("-a", 32));
  EXPECT_FALSE(IsSlug("Kista", 32));
  EXPECT_FALSE(IsSlug("a_b", 32));
  EXPECT_FALSE(IsSlug("", 32));
  EXPECT_TRUE(IsSlug(std::string(32, 'a'), 32));
  EXPECT_FALSE(IsSlug(std::string(33, 'a'), 32));
  EXPECT_TRUE(IsSlug(std::string(64, 'a'), 64));
  EXPECT_FALSE(IsSlug(std::string(65, 'a'), 64));
}

TEST(ProbeUrl, ParseAndResolve) {
  auto u = ParseUrl("HTTPS://Example.ORG:8443/a/b?x=1#frag");
  ASSERT_TRUE(u);
  EXPECT_TRUE(u->tls);
  EXPECT_EQ(u->host, "example.org");
  EXPECT_EQ(u->port, "8443");
  EXPECT_EQ(u->target, "/a/b?x=1");
  EXPECT_EQ(u->host_header(), "example.org:8443");
  u = ParseUrl("http://[::1]:8080");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->host, "::1");
  EXPECT_EQ(u->target, "/");
  EXPECT_EQ(u->host_header(), "[::1]:8080");
  u = ParseUrl("http://a.example?q");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->target, "/?q");
  EXPECT_EQ(u->port, "80");
  EXPECT_EQ(u->host_header(), "a.example");
  for (const char* bad : {"example.org", "ftp://a/", "http://", "http://a:0/", "http://a:99999/",
                          "http://a b/", "http://a/b c"})
    EXPECT_FALSE(ParseUrl(bad)) << bad;

  Url base = *ParseUrl("https://e.example/dir/page?x=1");
  auto r = [&](const char* loc) {
    auto v = ResolveLocation(base, loc);
    return v ? v->ToString() : std::string("<invalid>");
  };
  EXPECT_EQ(r("http://other.example:81/p"), "http://other.example:81/p");
  EXPECT_EQ(r("//cdn.example/x"), "https://cdn.example/x");
  EXPECT_EQ(r("/root"), "https://e.example/root");
  EXPECT_EQ(r("next?y=2"), "https://e.example/dir/next?y=2");
  EXPECT_EQ(r("?y=2"), "https://e.example/dir/page?y=2");
  EXPECT_EQ(r("/a#frag"), "https://e.example/a");
  EXPECT_EQ(r(""), "<invalid>");
  EXPECT_EQ(r("mailto:x@y"), "<invalid>");
}

}  // namespace
}  // namespace followup::probe
