"""Citizen status (driftinformation) end to end: the real binary, a standalone
mock Kafka broker, the admin API, and every public surface over HTTP.

Also provides StatusStack, which test_accessibility.py reuses.
"""
import datetime
import http.client
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import unittest
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
BIN = os.environ.get("FOLLOWUP_BIN", os.path.join(HERE, "..", "..", "build", "bin", "followup"))
TOKEN = "integration-test-admin-token-0123456789"
DEADLINE_S = 60


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rfc3339(t):
    return t.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def wait_for(what, fn, deadline_s=DEADLINE_S, interval=0.1):
    """Polls fn until it returns a truthy value, which is returned; fails with `what` at the deadline."""
    end = time.monotonic() + deadline_s
    last = None
    while True:
        try:
            last = fn()
            if last:
                return last
        except (OSError, http.client.HTTPException, ValueError) as e:
            last = e
        if time.monotonic() >= end:
            raise AssertionError(f"timed out after {deadline_s}s waiting for {what} (last: {last!r})")
        time.sleep(interval)


def service_event(sid, name, alternatives=None, threshold_ms=2000):
    return {
        "type": "service.v1", "event_id": f"cat-{sid}", "occurred_at": "2026-01-01T00:00:00Z",
        "service_id": sid, "name": name, "owner": "Kulturnämnden", "category": "grundlaggande",
        "focus_area": 1, "url": f"https://start.stockholm/{sid}/",
        "alternatives": alternatives if alternatives is not None else [
            {"channel": "phone", "label": "Kontaktcenter Stockholm", "contact": "08-508 00 508"},
            {"channel": "email", "label": "Kundtjänst", "contact": "kontaktcenter@stockholm.se"},
            {"channel": "visit", "label": "Medborgarkontoret i Skärholmen", "contact": "Skärholmsvägen 2"}],
        "presents_case_status": True, "wcag_aa": True, "investment_sek": 1000,
        "latency_threshold_ms": threshold_ms,
    }


def probe_minutes(sid, failing_per_minute, latency_ms=120, now=None):
    """Probes from three locations for the last len(failing_per_minute) whole
    minutes before now (oldest first); entry i says how many locations fail."""
    now = now or datetime.datetime.now(datetime.timezone.utc)
    start = now.replace(second=0, microsecond=0) - datetime.timedelta(minutes=len(failing_per_minute))
    events = []
    for i, failing in enumerate(failing_per_minute):
        at = start + datetime.timedelta(minutes=i, seconds=5)
        for j, loc in enumerate(["kista", "liljeholmen", "skarholmen"]):
            events.append({"type": "probe.v1", "event_id": f"probe-{sid}-{rfc3339(at)}-{loc}",
                           "occurred_at": rfc3339(at), "service_id": sid, "location": loc,
                           "ok": j >= failing, "latency_ms": latency_ms})
    return events


class StatusStack:
    """followup broker + followup serve (with an admin token file) in a temp dir."""

    def __init__(self, extra_args=()):
        if not os.path.exists(BIN):
            raise unittest.SkipTest(f"followup binary not built: {BIN}")
        self.dir = tempfile.mkdtemp(prefix="followup-status-")
        self.procs = []
        addr_file = os.path.join(self.dir, "broker.addr")
        self._spawn("broker", [BIN, "broker", "--address-file", addr_file])
        self.brokers = wait_for("the broker address", lambda: self._read(addr_file))
        self.token_file = os.path.join(self.dir, "admin.token")
        with open(self.token_file, "w") as f:
            f.write(TOKEN + "\n")
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ)
        env.pop("FOLLOWUP_ADMIN_TOKEN", None)
        self._spawn("serve", [BIN, "serve", "--brokers", self.brokers, "--data-dir", os.path.join(self.dir, "data"),
                              "--listen", f"127.0.0.1:{self.port}", "--admin-token-file", self.token_file,
                              *extra_args], env=env)
        wait_for("/readyz", self._ready)

    def _read(self, path):
        try:
            with open(path) as f:
                return f.read().strip()
        except OSError:
            return ""

    def _spawn(self, name, argv, env=None):
        log = open(os.path.join(self.dir, f"{name}.log"), "w")
        p = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, env=env)
        self.procs.append((name, p, log))

    def _ready(self):
        for name, p, _ in self.procs:
            if p.poll() is not None:
                raise AssertionError(f"{name} exited with {p.returncode}:\n{self.log(name)}")
        return self.request("GET", "/readyz")[0] == 200

    def log(self, name):
        return self._read(os.path.join(self.dir, f"{name}.log"))[-4000:]

    def close(self):
        for name, p, log in reversed(self.procs):
            if p.poll() is None:
                p.terminate()
                try:
                    p.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
            log.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    def produce(self, events):
        path = os.path.join(self.dir, f"events-{time.monotonic_ns()}.ndjson")
        with open(path, "w") as f:
            for e in events:
                f.write(json.dumps(e, ensure_ascii=False) + "\n")
        subprocess.run([BIN, "produce", "--brokers", self.brokers, path], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=60)

    def request(self, method, path, body=None, headers=None):
        """Raw request (the path is sent exactly as given). Returns (status, headers, bytes)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            data = json.dumps(body).encode() if isinstance(body, (dict, list)) else body
            conn.request(method, path, body=data, headers=headers or {})
            resp = conn.getresponse()
            return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
        finally:
            conn.close()

    def json(self, path):
        status, _, body = self.request("GET", path)
        if status != 200:
            raise AssertionError(f"GET {path}: {status} {body[:200]!r}")
        return json.loads(body)

    def admin(self, method, path, body, token=TOKEN):
        headers = {"Content-Type": "application/json"}
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        status, _, raw = self.request(method, path, body, headers)
        return status, (json.loads(raw) if raw else None)

    def service(self, sid):
        return self.json(f"/api/v1/status/{sid}")

    def wait_level(self, sid, level):
        def check():
            s, _, body = self.request("GET", f"/api/v1/status/{sid}")
            return s == 200 and json.loads(body)["level"] == level and json.loads(body)
        return wait_for(f"{sid} to be {level}", check)

    def wait_services(self, sids):
        return wait_for(f"services {sids} in the status",
                        lambda: all(any(s["service_id"] == sid for s in self.json("/api/v1/status")["services"])
                                    for sid in sids))


XSS = '<script>alert("driftinfo")</script><img src=x onerror=alert(1)>'


class StatusIntegration(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.stack = StatusStack()
        cls.stack.produce([service_event("skolval", "Skolval"), service_event("bibliotek", "Bibliotekskonto"),
                           service_event("felanmalan", "Felanmälan gata och park")])
        cls.stack.wait_services(["skolval", "bibliotek", "felanmalan"])

    @classmethod
    def tearDownClass(cls):
        cls.stack.close()

    def incident(self, sid, title, body="Vi felsöker problemet.", starts=None):
        starts = starts or datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=10)
        return {"kind": "incident", "service_ids": [sid], "state": "investigating", "starts_at": rfc3339(starts),
                "ends_at": None, "title_sv": title, "body_sv": body}

    def test_admin_incident_becomes_visible_after_fold(self):
        st = self.stack
        self.assertEqual(st.service("skolval")["level"], "unknown")
        body = self.incident("skolval", "Skolval är svår att nå")
        # Without or with a wrong token nothing is written.
        self.assertEqual(st.admin("POST", "/api/v1/announcements", body, token=None)[0], 401)
        self.assertEqual(st.admin("POST", "/api/v1/announcements", body, token="wrong")[0], 401)
        status, _, _ = st.request("POST", "/api/v1/announcements", json.dumps(body).encode(),
                                  {"Authorization": "Bearer wrong"})
        self.assertEqual(status, 401)
        # Every field error at once.
        status, errors = st.admin("POST", "/api/v1/announcements",
                                  {"kind": "planned_maintenance", "service_ids": [], "state": "later",
                                   "starts_at": "tomorrow", "title_sv": "x"})
        self.assertEqual(status, 400)
        fields = {e["field"] for e in errors["errors"]}
        self.assertTrue({"service_ids", "state", "starts_at", "body_sv"} <= fields, fields)
        # A valid incident: 202, then visible once folded.
        status, accepted = st.admin("POST", "/api/v1/announcements", body)
        self.assertEqual(status, 202, accepted)
        self.assertEqual(accepted["revision"], 1)
        self.assertTrue(accepted["event_id"])
        svc = st.wait_level("skolval", "degraded")
        self.assertEqual(svc["announcements"][0]["announcement_id"], accepted["announcement_id"])
        self.assertEqual(svc["announcements"][0]["title_sv"], "Skolval är svår att nå")
        self.assertTrue(svc["alternatives"], "alternatives are shown when not operational")
        # A new revision that resolves it: back to unknown (no probes).
        resolved = dict(body, state="resolved", ends_at=rfc3339(datetime.datetime.now(datetime.timezone.utc)))
        status, accepted2 = st.admin("PUT", f"/api/v1/announcements/{accepted['announcement_id']}", resolved)
        self.assertEqual(status, 202, accepted2)
        self.assertEqual(accepted2["revision"], 2)
        st.wait_level("skolval", "unknown")

    def test_service_carries_its_owner(self):
        for svc in self.stack.json("/api/v1/status")["services"]:
            self.assertEqual(svc["owner"], "Kulturnämnden", svc["service_id"])
        self.assertEqual(self.stack.service("bibliotek")["owner"], "Kulturnämnden")

    def test_probes_drive_the_level(self):
        st = self.stack
        st.produce(probe_minutes("felanmalan", [0, 2, 3]))
        svc = st.wait_level("felanmalan", "outage")
        self.assertIn("mätpunkter", svc["explanation_sv"])
        self.assertIsNotNone(svc["since"])

    def test_feed_newest_first_and_parses(self):
        try:
            import feedparser  # Debian's python3-feedparser
        except ImportError:
            self.fail("python3-feedparser is required (scripts/install-deps installs it)")
        st = self.stack
        first = st.admin("POST", "/api/v1/announcements", self.incident("bibliotek", "Första meddelandet"))[1]
        wait_for("first announcement folded", lambda: any(
            a["announcement_id"] == first["announcement_id"] for a in st.service("bibliotek")["announcements"]))
        time.sleep(0.01)  # a later occurred_at for the second
        second = st.admin("POST", "/api/v1/announcements", self.incident("bibliotek", "Andra meddelandet"))[1]
        wait_for("second announcement folded", lambda: any(
            a["announcement_id"] == second["announcement_id"] for a in st.service("bibliotek")["announcements"]))
        status, headers, raw = st.request("GET", "/driftinformation/feed.atom")
        self.assertEqual(status, 200)
        self.assertTrue(headers["content-type"].startswith("application/atom+xml"))
        feed = feedparser.parse(raw)
        self.assertFalse(feed.bozo, getattr(feed, "bozo_exception", None))
        self.assertTrue(feed.feed.title)
        updated = [e.updated_parsed for e in feed.entries]
        self.assertEqual(updated, sorted(updated, reverse=True), "entries newest first")
        titles = [e.title for e in feed.entries]
        self.assertLess(titles.index("Känt fel: Andra meddelandet"),
                        titles.index("Känt fel: Första meddelandet"))
        ET.fromstring(raw)  # well-formed XML

    def test_summary_has_statuspage_shape(self):
        s = self.stack.json("/api/v2/summary.json")
        self.assertEqual(set(s), {"page", "status", "components", "incidents", "scheduled_maintenances"})
        self.assertTrue({"id", "name", "url", "time_zone", "updated_at"} <= set(s["page"]))
        self.assertEqual(s["page"]["time_zone"], "Europe/Stockholm")
        self.assertIn(s["status"]["indicator"], {"none", "minor", "major", "maintenance"})
        self.assertTrue(s["status"]["description"])
        allowed = {"operational", "degraded_performance", "partial_outage", "major_outage", "under_maintenance"}
        ids = set()
        for c in s["components"]:
            self.assertTrue({"id", "name", "status"} <= set(c))
            self.assertIn(c["status"], allowed)
            ids.add(c["id"])
        self.assertTrue({"skolval", "bibliotek", "felanmalan"} <= ids)
        for i in s["incidents"]:
            self.assertTrue({"id", "name", "status", "impact", "created_at", "updated_at", "incident_updates",
                             "components"} <= set(i))
            self.assertIn(i["status"], {"investigating", "identified", "monitoring"})
        for m in s["scheduled_maintenances"]:
            self.assertTrue({"scheduled_for", "scheduled_until"} <= set(m))
            self.assertIn(m["status"], {"scheduled", "in_progress"})

    def test_untrusted_text_is_escaped(self):
        st = self.stack
        accepted = st.admin("POST", "/api/v1/announcements",
                            self.incident("bibliotek", XSS[:150], body="Rad ett\n" + XSS))[1]
        wait_for("the XSS announcement", lambda: any(
            a["announcement_id"] == accepted["announcement_id"] for a in st.service("bibliotek")["announcements"]))
        for path in ["/driftinformation", "/driftinformation/bibliotek", "/driftinformation/feed.atom",
                     "/api/v1/status", "/api/v1/status/bibliotek", "/api/v2/summary.json"]:
            def fresh():
                status, _, raw = st.request("GET", path)
                return status == 200 and b"driftinfo" in raw and raw
            raw = wait_for(f"{path} to show the announcement", fresh)
            self.assertNotIn(b"<script>alert", raw, path)
            self.assertNotIn(b"<img src=x", raw, path)
        self.assertIn(b"&lt;script&gt;alert(&quot;driftinfo&quot;)&lt;/script&gt;",
                      st.request("GET", "/driftinformation")[2])

    def test_caching_cors_and_methods(self):
        st = self.stack
        status, headers, body = st.request("GET", "/api/v1/status")
        self.assertEqual(status, 200)
        self.assertEqual(headers["access-control-allow-origin"], "*")
        self.assertEqual(headers["cache-control"], "public, max-age=15")
        etag = headers["etag"]
        self.assertTrue(etag.startswith('"'))
        status304, headers304, body304 = st.request("GET", "/api/v1/status", headers={"If-None-Match": etag})
        if status304 == 200:  # the content changed between the two requests: try once more
            etag = headers304["etag"]
            status304, headers304, body304 = st.request("GET", "/api/v1/status", headers={"If-None-Match": etag})
        self.assertEqual(status304, 304)
        self.assertEqual(body304, b"")
        self.assertNotIn("content-length", headers304)
        # The CORS preflight of the public JSON routes (not of the HTML pages or the admin API).
        for path in ["/api/v1/status", "/api/v1/status/skolval", "/api/v2/summary.json"]:
            status, headers, body = st.request("OPTIONS", path, headers={
                "Origin": "https://example.org", "Access-Control-Request-Method": "GET",
                "Access-Control-Request-Headers": "if-none-match"})
            self.assertEqual(status, 204, path)
            self.assertEqual(headers["access-control-allow-origin"], "*", path)
            self.assertEqual(headers["access-control-allow-methods"], "GET, HEAD, OPTIONS", path)
            self.assertIn("if-none-match", headers["access-control-allow-headers"].lower(), path)
            self.assertIn("access-control-max-age", headers, path)
        for path in ["/driftinformation", "/api/v1/announcements"]:
            status, headers, _ = st.request("OPTIONS", path, headers={"Origin": "https://example.org"})
            self.assertEqual(status, 405, path)
            self.assertNotIn("access-control-allow-origin", headers, path)
        self.assertEqual(st.request("HEAD", "/driftinformation")[0], 200)
        for path in ["/api/v1/status", "/api/v1/status/skolval", "/driftinformation", "/driftinformation/skolval",
                     "/driftinformation/feed.atom", "/api/v2/summary.json"]:
            self.assertEqual(st.request("POST", path, b"{}")[0], 405, path)
            self.assertEqual(st.request("DELETE", path)[0], 405, path)

    def test_html_headers_and_widget_framing(self):
        st = self.stack
        status, headers, body = st.request("GET", "/driftinformation")
        self.assertEqual(status, 200)
        self.assertIn(b'<html lang="sv">', body)
        self.assertEqual(headers["x-frame-options"], "DENY")
        self.assertIn("frame-ancestors 'none'", headers["content-security-policy"])
        self.assertIn("script-src 'self'", headers["content-security-policy"])
        status, headers, body = st.request("GET", "/driftinformation/skolval")
        self.assertEqual(status, 200)
        self.assertNotIn("x-frame-options", headers)
        self.assertNotIn("frame-ancestors", headers["content-security-policy"])
        status, headers, body = st.request("GET", "/driftinformation/app.js")
        self.assertEqual(status, 200)
        self.assertIn("javascript", headers["content-type"])

    def test_unknown_ids_and_path_tricks(self):
        st = self.stack
        status, _, body = st.request("GET", "/api/v1/status/finns-inte")
        self.assertEqual(status, 404)
        self.assertIn(b"error", body)
        self.assertEqual(st.request("GET", "/driftinformation/finns-inte")[0], 404)
        for path in ["/driftinformation/..%2Fapi", "/driftinformation/%2F", "/driftinformation/..%2F..%2Fhealthz",
                     "/api/v1/status/..%2Fstatus%2Fskolval", "/driftinformation/skolval%2F", "/driftinformation/%2e%2e"]:
            status, _, body = st.request("GET", path)
            self.assertTrue(400 <= status < 500, f"{path}: {status}")
            self.assertNotIn(b"Skolval", body, path)


if __name__ == "__main__":
    unittest.main()
