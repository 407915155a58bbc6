"""kommunstyrelsen's targets end to end: `target.v1` through Kafka and through the admin API,
dead letters for bad ones, GET /api/v1/targets, and the goals report over HTTP and from the CLI
(same bytes), with figures worked out by hand from indicators.md.

Scenario (2026Q3 and 2026Q2, one catalogued service `tjanst-a`, owner "Nämnd, med komma"):
- probes: 2026Q2 one up minute and one down minute -> availability 1/2 = 0.5;
          2026Q3 three up minutes, one down -> 3/4 = 0.75.
- target via Kafka: qual.availability city 2026 = 0.8, tolerance 0.05 -> 0.75 misses by 0.05:
  partly_met; previous 0.5, change 0.25, improved true; year ago (2025Q3) no data: empty.
- target via the admin API: qual.availability owner "Nämnd, med komma" 2026 = 0.7 -> met.
"""

import json
import os
import urllib.request

import harness
from harness import BIN, IntegrationCase, kcat_consume, kcat_produce

TOKEN = "targets-test-token-0123456789abcdef"
GOALS_HEADER = ("quarter,perspective,indicator,scope,scope_id,value,target,tolerance,direction,attainment,"
                "previous_value,change,improved,year_ago_value\n")


def ev(**fields):
    return json.dumps(fields, ensure_ascii=False)


def probe(i, at, ok):
    return ev(type="probe.v1", event_id="p-%d" % i, occurred_at=at, service_id="tjanst-a",
              location="kista", ok=ok, latency_ms=100)


CATALOG = ev(type="service.v1", event_id="cat-a", occurred_at="2026-01-01T00:00:00Z", service_id="tjanst-a",
             name="Tjänst A", owner="Nämnd, med komma", category="grundlaggande", focus_area=1,
             url="https://a.example", alternatives=[], presents_case_status=True, wcag_aa=True, investment_sek=0)


def target(event_id, **fields):
    return ev(type="target.v1", event_id=event_id, occurred_at="2026-01-10T09:00:00Z", **fields)


class Targets(IntegrationCase):
    def request(self, svc, method, path, body=None, token=TOKEN):
        req = urllib.request.Request(svc.url + path, method=method,
                                     data=None if body is None else json.dumps(body).encode())
        if token:
            req.add_header("Authorization", "Bearer " + token)
        if body is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.read()

    def test_targets_from_kafka_and_the_admin_api_reach_the_goals_report(self):
        broker = self.start_broker(partitions=2)
        token_file = self.path("admin.token")
        with open(token_file, "w") as f:
            f.write(TOKEN + "\n")
        svc = self.start_serve(self.path("data"), broker.address, extra=["--admin-token-file", token_file])

        kcat_produce(broker.address, "followup.catalog", [("tjanst-a", CATALOG)])
        probes = [probe(1, "2026-05-04T10:00:10Z", True), probe(2, "2026-05-04T10:01:10Z", False),
                  probe(3, "2026-08-04T10:00:10Z", True), probe(4, "2026-08-04T10:01:10Z", True),
                  probe(5, "2026-08-04T10:02:10Z", True), probe(6, "2026-08-04T10:03:10Z", False)]
        kcat_produce(broker.address, "followup.probes", [("tjanst-a", p) for p in probes])
        good = target("t-city", indicator="qual.availability", scope="city", scope_id="stockholm", year=2026,
                      value=0.8, tolerance=0.05)
        bad = [
            (target("t-bad-1", indicator="qual.avail", scope="city", scope_id="stockholm", year=2026, value=0.8),
             "indicator"),
            (target("t-bad-2", indicator="qual.availability", scope="city", scope_id="malmo", year=2026,
                    value=0.8), "scope_id"),
            (target("t-bad-3", indicator="qual.availability", scope="city", scope_id="stockholm", year=2026,
                    value=1.5), "value"),
            (target("t-bad-4", indicator="qual.availability", scope="focus_area", scope_id="7", year=2026,
                    value=0.8), "scope_id"),
            (target("t-bad-5", indicator="qual.availability", scope="city", scope_id="stockholm", year=1999,
                    value=0.8), "year"),
            (target("t-bad-6", indicator="qual.availability", scope="city", scope_id="stockholm", year=2026),
             "value"),
        ]
        kcat_produce(broker.address, "followup.catalog",
                     [("qual.availability", good)] + [("qual.availability", b) for b, _ in bad])
        svc.wait_caught_up(1 + len(probes) + 1 + len(bad))

        # Bad targets: dead letters whose reason names the field.
        letters = kcat_consume(broker.address, "followup.deadletter")
        self.assertEqual(len(letters), len(bad))
        by_payload = {e["payload"]: harness.headers_of(e)["reason"][0] for e in letters}
        for body, field in bad:
            self.assertTrue(by_payload[body].startswith(field + ":"), by_payload[body])

        # The admin API: 401 without or with a wrong token, 400 for unknown fields and bad values,
        # nothing written; then 202.
        owner_target = {"indicator": "qual.availability", "scope": "owner", "scope_id": "Nämnd, med komma",
                        "year": 2026, "value": 0.7}
        self.assertEqual(self.request(svc, "POST", "/api/v1/targets", owner_target, token=None)[0], 401)
        self.assertEqual(self.request(svc, "POST", "/api/v1/targets", owner_target, token="wrong")[0], 401)
        status, body = self.request(svc, "POST", "/api/v1/targets", dict(owner_target, valeu=1))
        self.assertEqual(status, 400)
        self.assertEqual(json.loads(body)["errors"][0]["field"], "valeu")
        status, body = self.request(svc, "POST", "/api/v1/targets", dict(owner_target, value=2))
        self.assertEqual(status, 400)
        self.assertEqual(json.loads(body)["errors"][0]["field"], "value")
        self.assertEqual(len(kcat_consume(broker.address, "followup.catalog")), 1 + 1 + len(bad))
        status, body = self.request(svc, "POST", "/api/v1/targets", owner_target)
        self.assertEqual(status, 202, body)
        event_id = json.loads(body)["event_id"]
        written = [e for e in kcat_consume(broker.address, "followup.catalog") if event_id in e["payload"]]
        self.assertEqual(len(written), 1)
        self.assertEqual(written[0]["key"], "qual.availability")
        self.assertEqual(json.loads(written[0]["payload"])["type"], "target.v1")
        svc.wait_caught_up(1 + len(probes) + 1 + len(bad) + 1)

        # GET /api/v1/targets lists both, once folded.
        status, body = self.request(svc, "GET", "/api/v1/targets?year=2026", token=None)
        self.assertEqual(status, 200)
        listed = {(t["scope"], t["scope_id"]): t for t in json.loads(body)["targets"]}
        self.assertEqual(set(listed), {("city", "stockholm"), ("owner", "Nämnd, med komma")})
        self.assertEqual(listed[("city", "stockholm")]["value"], 0.8)
        self.assertEqual(listed[("city", "stockholm")]["tolerance"], 0.05)
        self.assertEqual(listed[("owner", "Nämnd, med komma")]["event_id"], event_id)
        self.assertEqual(self.request(svc, "GET", "/api/v1/targets?year=20x6", token=None)[0], 400)
        self.assertEqual(json.loads(self.request(svc, "GET", "/api/v1/targets?year=2025", token=None)[1])["targets"],
                         [])

        # The goals report, by hand (see the module docstring).
        expected = GOALS_HEADER + (
            "2026Q3,quality,qual.availability,city,stockholm,0.75,0.8,0.05,higher_is_better,partly_met,"
            "0.5,0.25,true,\n"
            "2026Q3,quality,qual.availability,owner,\"Nämnd, med komma\",0.75,0.7,0,higher_is_better,met,"
            "0.5,0.25,true,\n")
        status, csv_body = svc.get("/api/v1/ils/2026Q3/goals.csv")
        self.assertEqual(status, 200)
        self.assertEqual(csv_body.decode(), expected)
        status, json_body = svc.get("/api/v1/ils/2026Q3/goals.json")
        self.assertEqual(status, 200)
        rows = json.loads(json_body)["rows"]
        self.assertEqual([(r["scope"], r["attainment"], r["year_ago_value"]) for r in rows],
                         [("city", "partly_met", None), ("owner", "met", None)])
        # The CLI prints the same bytes from the running service's data dir.
        self.assertEqual(harness.run([BIN, "report", "--data-dir", svc.data_dir, "--quarter", "2026Q3", "--goals"],
                                     check=True).stdout, csv_body)
        self.assertEqual(harness.run([BIN, "report", "--data-dir", svc.data_dir, "--quarter", "2026Q3", "--goals",
                                      "--format", "json"], check=True).stdout, json_body)
        # A quarter of another year: header only.
        self.assertEqual(svc.get("/api/v1/ils/2025Q3/goals.csv"), (200, GOALS_HEADER.encode()))
        self.assertEqual(svc.get("/api/v1/ils/2026Q3/goal.csv")[0], 404)
