"""The probe agent end to end: `followup probe` checks local HTTP(S) servers, its probe.v1 events
land in followup.probes (read back with kcat), and `followup serve` turns them into the citizen
status that status.md prescribes.

What this covers and what it cannot (see also src/probe/*_test.cpp):
- Results per kind of failure: a healthy server (200, body matches), 503, a server that accepts
  but never answers (timeout), a wrong body, a self-signed certificate, a trusted certificate
  presented for the wrong host name, and a trusted certificate for the right name (SNI + host
  name verification pass) -- the trust store is replaced with SSL_CERT_FILE for the agent only.
- Status from one location: healthy -> operational; every failing service -> outage once two of
  its observed minutes are down (n = 1 location, f = 1, 2f > n).
- SIGHUP reload: a target added, one removed, one changed; an invalid file is refused and the
  running configuration stays.
- Kafka unreachable for a while: the mock broker cannot be killed and restarted (it loses its
  log), so it is frozen with SIGSTOP for a few seconds instead: results pile up in the agent
  (delivery queue depth > 0 on /metrics) and all arrive after SIGCONT. Across the reload and the
  freeze: no duplicate event_id, and no gap in the scheduled times of the fast targets.
- Not testable here: a broker that is down long enough for librdkafka's message timeout (10 min)
  to fail deliveries and for the buffer bound to drop the oldest results (unit-tested in
  probe_event_test.cpp ResultBuffer.*), real DNS, and a fatal idempotent-producer error.
"""

import json
import os
import re
import signal
import ssl
import subprocess
import threading
import time
import unittest
import urllib.request
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import harness
from harness import BIN

PROBES = "followup.probes"
BODY_OK = "<html><body>Välkommen till e-tjänsten</body></html>".encode("utf-8")
BODY_WRONG = "<html><body>Sidan är under underhåll</body></html>".encode("utf-8")


def parse_time(s):
    return datetime.strptime(s.replace("Z", "+00:00"), "%Y-%m-%dT%H:%M:%S.%f%z" if "." in s
                             else "%Y-%m-%dT%H:%M:%S%z")


def ms(s):
    return int(round(parse_time(s).timestamp() * 1000))


class Handler(BaseHTTPRequestHandler):
    """Behaviour by server kind (self.server.kind)."""

    def log_message(self, *args):  # quiet
        pass

    def _send(self, status, body):
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self):
        kind = self.server.kind
        self.server.requests += 1
        if kind == "hang":
            self.server.stop.wait(120)  # accept, read the request, never answer
            return
        if kind == "unavailable":
            return self._send(503, b"Service Unavailable")
        if kind == "wrongbody":
            return self._send(200, BODY_WRONG)
        return self._send(200, BODY_OK)

    do_HEAD = do_GET


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # TLS clients that refuse our certificate, probes that give up: expected here


class LocalServer:
    def __init__(self, kind, tls_cert=None):
        self.httpd = QuietServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.kind = kind
        self.httpd.requests = 0
        self.httpd.stop = threading.Event()
        if tls_cert:
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(*tls_cert)
            # The handshake happens in the handler thread, so a client that gives up on the
            # certificate never blocks the accept loop.
            self.httpd.socket = ctx.wrap_socket(self.httpd.socket, server_side=True,
                                                do_handshake_on_connect=False)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.1},
                                       daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()


def make_cert(directory, name, cn, san):
    key, crt = os.path.join(directory, name + ".key"), os.path.join(directory, name + ".pem")
    cp = subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", crt,
                         "-days", "2", "-subj", "/CN=" + cn, "-addext", "subjectAltName=" + san],
                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60)
    if cp.returncode != 0:
        raise AssertionError("openssl req failed: %s" % cp.stdout.decode("utf-8", "replace"))
    return crt, key


def metric_values(text, name):
    """{labels string: value} for one metric family in the text exposition."""
    out = {}
    for line in text.splitlines():
        if line.startswith(name + "{") or line.startswith(name + " "):
            m = re.match(r"^%s(\{[^}]*\})?\s+(\S+)$" % re.escape(name), line)
            if m:
                out[m.group(1) or ""] = float(m.group(2))
    return out


def service_event(sid, name):
    return {"type": "service.v1", "event_id": "probe-it-cat-" + sid,
            "occurred_at": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "service_id": sid, "name": name, "owner": "Stadsledningskontoret", "category": "grundlaggande",
            "focus_area": 1, "url": "https://example.org/" + sid,
            "alternatives": [{"channel": "phone", "label": "Kontaktcenter", "contact": "08-508 00 508"}],
            "presents_case_status": False, "wcag_aa": True, "investment_sek": 0}


class ProbeAgentTest(harness.IntegrationCase):

    def setUp(self):
        super().setUp()
        self.servers = {}

    def start_servers(self):
        trusted = make_cert(self.tmp, "trusted", "localhost", "DNS:localhost")
        untrusted = make_cert(self.tmp, "selfsigned", "localhost", "DNS:localhost")
        self.trust_file = trusted[0]
        for kind, cert in (("healthy", None), ("unavailable", None), ("hang", None), ("wrongbody", None),
                           ("tls-trusted", trusted), ("tls-selfsigned", untrusted)):
            s = LocalServer(kind, cert)
            self.addCleanup(s.close)
            self.servers[kind] = s

    def write_config(self, path, targets, extra=""):
        lines = [extra] if extra else []
        lines.append("targets:")
        for t in targets:
            lines.append("  - service_id: %s" % t["service_id"])
            for k, v in t.items():
                if k == "service_id":
                    continue
                if isinstance(v, dict):
                    lines.append("    %s:" % k)
                    lines.extend("      %s: %s" % (hk, json.dumps(hv)) for hk, hv in v.items())
                else:
                    lines.append("    %s: %s" % (k, json.dumps(v) if isinstance(v, str) else v))
        tmp = path + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        os.replace(tmp, path)

    def base_targets(self):
        p = self.servers
        http = lambda k: "http://127.0.0.1:%d/" % p[k].port  # noqa: E731
        common = {"interval": "1s", "timeout": "2s"}
        return [
            dict(service_id="halsa-ok", url=http("healthy"), body_contains="Välkommen", **common),
            dict(service_id="halsa-503", url=http("unavailable"), **common),
            dict(service_id="halsa-hang", url=http("hang"), **common),
            dict(service_id="halsa-body", url=http("wrongbody"), body_contains="Välkommen", **common),
            dict(service_id="halsa-tls-ok", url="https://localhost:%d/start" % p["tls-trusted"].port,
                 body_contains="Välkommen", **common),
            dict(service_id="halsa-tls-self", url="https://localhost:%d/" % p["tls-selfsigned"].port, **common),
            dict(service_id="halsa-tls-host", url="https://127.0.0.1:%d/" % p["tls-trusted"].port, **common),
            dict(service_id="halsa-removed", url=http("healthy"), method="HEAD", **common),
        ]

    def metrics(self, port):
        status, body = harness.http_get("http://127.0.0.1:%d/metrics" % port, timeout=5)
        self.assertEqual(status, 200)
        return body.decode("utf-8")

    def probe_events(self, brokers):
        return [json.loads(e["payload"]) for e in harness.kcat_consume(brokers, PROBES)]

    # ------------------------------------------------------------------ the main scenario

    def test_1_results_status_reload_and_broker_freeze(self):
        self.start_servers()
        broker = self.start_broker(partitions=3)
        cfg = self.path("probes.yaml")
        targets = self.base_targets()
        self.write_config(cfg, targets, extra="concurrency: 64")
        mport = harness.free_port()
        agent = self.register(harness.Proc(
            "probe", [BIN, "probe", "--config", cfg, "--location", "kista", "--brokers", broker.address,
                      "--listen", "127.0.0.1:%d" % mport],
            self.path("probe.log"), env=harness.clean_env(SSL_CERT_FILE=self.trust_file)))

        # The service, with catalog entries for the probed services, folds in parallel.
        svc = self.start_serve(self.path("data"), broker.address)
        status_ids = [t["service_id"] for t in targets if t["service_id"] != "halsa-removed"]
        catalog = self.path("catalog.ndjson")
        with open(catalog, "w", encoding="utf-8") as f:
            for sid in status_ids:
                f.write(json.dumps(service_event(sid, "Tjänst " + sid), ensure_ascii=False) + "\n")
        harness.run([BIN, "produce", "--brokers", broker.address, catalog], check=True)

        # ---- every target reports, with the right result
        def enough():
            if not agent.alive():
                raise AssertionError("probe exited %s\n%s" % (agent.p.returncode, harness.tail(agent.log_path)))
            evs = self.probe_events(broker.address)
            by = {}
            for e in evs:
                by.setdefault(e["service_id"], []).append(e)
            return by if all(len(by.get(t["service_id"], [])) >= 3 for t in targets) else None
        by = harness.wait_until(enough, 60, "3 probe events per target", 0.5)

        def check_all(sid, pred, what):
            for e in by[sid]:
                self.assertTrue(pred(e), "%s: %s; got %s" % (sid, what, e))

        for sid in by:
            for e in by[sid]:
                self.assertEqual(e["type"], "probe.v1")
                self.assertEqual(e["location"], "kista")
                self.assertEqual(e["event_id"], "kista:%s:%s" % (sid, e["occurred_at"]))
                self.assertGreaterEqual(e["latency_ms"], 0)
                if not e["ok"]:
                    self.assertTrue(e.get("error"), e)
                self.assertLessEqual(len(e.get("error", "")), 512)
        check_all("halsa-ok", lambda e: e["ok"] and e["http_status"] == 200 and "error" not in e, "ok, HTTP 200")
        check_all("halsa-removed", lambda e: e["ok"] and e["http_status"] == 200, "ok (HEAD), HTTP 200")
        check_all("halsa-tls-ok", lambda e: e["ok"] and e["http_status"] == 200,
                  "ok over TLS with a trusted certificate (SNI, host name verified)")
        check_all("halsa-503", lambda e: not e["ok"] and e["http_status"] == 503 and "503" in e["error"],
                  "failed with http_status 503")
        check_all("halsa-hang", lambda e: not e["ok"] and "http_status" not in e and
                  "timeout" in e["error"] and 1900 <= e["latency_ms"] < 3500, "failed with a timeout after ~2 s")
        self.assertEqual(by["halsa-hang"][0]["error"], "timeout after 2 s")
        check_all("halsa-body", lambda e: not e["ok"] and e["http_status"] == 200 and "body" in e["error"] and
                  "Välkommen" in e["error"], "failed: body does not contain the text")
        check_all("halsa-tls-self", lambda e: not e["ok"] and "http_status" not in e and
                  re.search("certificate|verif", e["error"]), "failed: certificate verification")
        check_all("halsa-tls-host", lambda e: not e["ok"] and "http_status" not in e and
                  "not valid for host 127.0.0.1" in e["error"], "failed: host name verification")

        # ---- its own health
        status, body = harness.http_get("http://127.0.0.1:%d/healthz" % mport)
        self.assertEqual(status, 200, body)
        health = json.loads(body)
        self.assertEqual((health["status"], health["location"], health["targets"]), ("ok", "kista", len(targets)))
        m = self.metrics(mport)
        checks = metric_values(m, "followup_probe_checks_total")
        self.assertGreaterEqual(checks['{result="ok",service_id="halsa-ok"}'], 3)
        self.assertGreaterEqual(checks['{result="failed",service_id="halsa-503"}'], 3)
        self.assertIn("followup_probe_check_duration_seconds_bucket", m)
        for fam in ("followup_probe_delivery_queue_depth", "followup_probe_delivery_failures_total",
                    "followup_probe_results_dropped_total", "followup_probe_skipped_slots_total"):
            self.assertIn(fam, m)

        # ---- SIGHUP: add one, remove one, change one; then an invalid file is refused
        targets2 = [t for t in targets if t["service_id"] != "halsa-removed"]
        targets2[0] = dict(targets2[0], headers={"X-Probe": "reloaded"})  # changed
        targets2.append(dict(service_id="halsa-added", url="http://127.0.0.1:%d/" % self.servers["healthy"].port,
                             interval="1s", timeout="2s"))
        self.write_config(cfg, targets2, extra="concurrency: 64")
        reload_at = time.time()
        agent.p.send_signal(signal.SIGHUP)
        harness.wait_until(lambda: "configuration reloaded: 8 targets (1 added, 1 removed, 1 changed)"
                           in agent.log_text(), 10, "the reload log line")
        harness.wait_until(lambda: any(e["service_id"] == "halsa-added" for e in self.probe_events(broker.address)),
                           30, "events of the added target", 0.5)
        with open(cfg, "a", encoding="utf-8") as f:
            f.write("  - service_id: Invalid_Id\n    url: http://x/\n")
        agent.p.send_signal(signal.SIGHUP)
        harness.wait_until(lambda: "reload failed, keeping the running configuration" in agent.log_text(), 10,
                           "the refused reload")
        self.assertIn("Invalid_Id", agent.log_text())
        self.assertTrue(agent.alive())
        self.write_config(cfg, targets2, extra="concurrency: 64")  # leave a valid file behind

        # ---- Kafka unreachable for a while: results wait in the agent, none is lost
        delivered_before = metric_values(self.metrics(mport), "followup_probe_events_delivered_total")[""]
        os.kill(broker.proc.pid, signal.SIGSTOP)
        try:
            harness.wait_until(lambda: metric_values(self.metrics(mport),
                                                     "followup_probe_delivery_queue_depth")[""] >= 10,
                               20, "results buffered while the broker is frozen", 0.2)
            time.sleep(3)  # the freeze: several more checks of every target while Kafka is away
            depth = metric_values(self.metrics(mport), "followup_probe_delivery_queue_depth")[""]
            self.assertGreaterEqual(depth, 30, "results should pile up while Kafka is unreachable")
        finally:
            os.kill(broker.proc.pid, signal.SIGCONT)
        harness.wait_until(lambda: metric_values(self.metrics(mport), "followup_probe_delivery_queue_depth")[""] == 0,
                           60, "the buffered results to be delivered after the broker came back", 0.2)
        m = self.metrics(mport)
        self.assertGreater(metric_values(m, "followup_probe_events_delivered_total")[""], delivered_before + depth - 1)
        self.assertEqual(metric_values(m, "followup_probe_results_dropped_total")[""], 0)

        # ---- the service shows what status.md prescribes (one location: n = 1)
        want = {sid: "outage" for sid in status_ids}
        want["halsa-ok"] = "operational"
        want["halsa-tls-ok"] = "operational"
        last = [None]

        def levels():
            if not agent.alive():
                raise AssertionError("probe exited\n%s" % harness.tail(agent.log_path))
            st, body = svc.get("/api/v1/status")
            if st != 200:
                return None
            got = {s["service_id"]: s for s in json.loads(body)["services"]}
            last[0] = {sid: got[sid]["level"] if sid in got else None for sid in want}
            return got if last[0] == want else None
        try:
            got = harness.wait_until(levels, 240, "status levels %s" % want, 1.0)
        except TimeoutError as e:
            raise AssertionError("%s; last levels: %s" % (e, last[0])) from None
        for sid in want:
            d = got[sid]["details"]
            self.assertEqual(d["locations"], 1, got[sid])
            self.assertEqual(d["failing_locations"], 0 if want[sid] == "operational" else 1, got[sid])
            if want[sid] != "operational":
                self.assertTrue(got[sid]["alternatives"], "alternatives shown when not operational")

        # ---- stop; then every event once, and no gaps in the scheduled times
        skipped = metric_values(self.metrics(mport), "followup_probe_skipped_slots_total")
        self.assertEqual(agent.stop(), 0, harness.tail(agent.log_path))
        with open(agent.log_path, encoding="utf-8", errors="replace") as f:
            self.assertIn("probe: stopped;", f.read())
        events = self.probe_events(broker.address)
        ids = [e["event_id"] for e in events]
        dups = sorted({i for i in ids if ids.count(i) > 1})
        self.assertEqual(dups, [], "duplicate event_ids in %s" % PROBES)
        times = {}
        for e in events:
            times.setdefault(e["service_id"], []).append(ms(e["occurred_at"]))
        fast = ["halsa-ok", "halsa-503", "halsa-body", "halsa-tls-ok", "halsa-tls-self", "halsa-tls-host",
                "halsa-added"]
        for sid in fast:
            ts = sorted(times[sid])
            gaps = [(a, b) for a, b in zip(ts, ts[1:]) if b - a != 1000]
            self.assertEqual(gaps, [], "%s: scheduled times must be 1 s apart (no gap, no double), %d events"
                             % (sid, len(ts)))
            self.assertEqual(skipped.get('{service_id="%s"}' % sid, 0), 0, sid)
        # The hanging target is busy for its 2 s timeout, so the following slot(s) are skipped
        # and counted -- never run twice at once.
        ts = sorted(times["halsa-hang"])
        self.assertTrue(all((b - a) % 1000 == 0 and 2000 <= b - a <= 3000 for a, b in zip(ts, ts[1:])),
                        [b - a for a, b in zip(ts, ts[1:])])
        self.assertGreater(skipped['{service_id="halsa-hang"}'], 0)
        # The removed target stopped after the reload.
        removed = sorted(times["halsa-removed"])
        self.assertLess(removed[-1] / 1000.0, reload_at + 2.5)
        self.assertTrue(all(b - a == 1000 for a, b in zip(removed, removed[1:])))
        # The agent's own phase: every target's slots sit at a fixed offset within the second.
        for sid in fast:
            self.assertEqual(len({t % 1000 for t in times[sid]}), 1, sid)

    # ------------------------------------------------------------------ configuration errors

    def test_2_invalid_configuration_exits_2_naming_the_line(self):
        cases = [
            ("targets:\n  - service_id: ok\n    url: http://127.0.0.1:9/\n  - service_id: Bad_Slug\n"
             "    url: http://127.0.0.1:9/\n", ":4:", "service_id"),
            ("- service_id: a\n  url: http://127.0.0.1:9/\n  timeout: 10\n", ":3:", "timeout"),
            ("- service_id: a\n  url: http://127.0.0.1:9/\n  accept: 200-700\n", ":3:", "accept"),
            ("- service_id: a\n  url: gopher://x/\n", ":2:", "scheme"),
            ("- service_id: a\n  url: [\n", ":3:", "YAML"),
        ]
        for i, (text, line, word) in enumerate(cases):
            path = self.path("bad%d.yaml" % i)
            with open(path, "w") as f:
                f.write(text)
            cp = harness.run([BIN, "probe", "--config", path, "--location", "kista", "--brokers", "127.0.0.1:9"],
                             timeout=30)
            err = cp.stderr.decode("utf-8", "replace")
            self.assertEqual(cp.returncode, 2, "case %d: %s" % (i, err))
            self.assertIn(path + line, err, "case %d" % i)
            self.assertIn(word, err, "case %d" % i)
        ok = self.path("ok.yaml")
        with open(ok, "w") as f:
            f.write("- service_id: a\n  url: http://127.0.0.1:9/\n")
        cp = harness.run([BIN, "probe", "--config", ok, "--location", "Kista", "--brokers", "127.0.0.1:9"], timeout=30)
        self.assertEqual(cp.returncode, 2)
        self.assertIn("--location", cp.stderr.decode())
        cp = harness.run([BIN, "probe", "--config", ok, "--location", "kista", "--check-config"], timeout=30)
        self.assertEqual(cp.returncode, 0, cp.stderr)
        cp = harness.run([BIN, "probe", "--config", self.path("missing.yaml"), "--location", "kista",
                          "--brokers", "127.0.0.1:9"], timeout=30)
        self.assertEqual(cp.returncode, 2)
        self.assertIn("cannot read", cp.stderr.decode())


if __name__ == "__main__":
    unittest.main()
