"""The operations view against the real thing: `followup serve --demo` scraped every second by a real
Prometheus loaded with the project's rules (config/prometheus). Every PromQL expression of every
dashboard panel and every recording rule must return data; the dashboard variables must have values;
`promtool check metrics` must accept /metrics; and the metrics must agree with the JSON APIs.

Needs the `prometheus` and `promtool` binaries (Debian package prometheus, see scripts/install-deps).
"""

import csv
import io
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import yaml

import harness
from harness import BIN, Proc, free_port, http_get, tail
from dashboard_queries import all_panels, load_dashboards, substitute

ROOT = os.path.abspath(os.path.join(harness.HERE, "..", ".."))
PROM_DIR = os.path.join(ROOT, "config", "prometheus")
PROMETHEUS = shutil.which("prometheus")
PROMTOOL = shutil.which("promtool")
LEVELS = ("operational", "degraded", "outage", "maintenance", "unknown")

def promql_regex_escape(value):
    """A literal value as a PromQL regex inside a double-quoted string (as Grafana escapes it)."""
    return re.sub(r"([\\.+*?()|\[\]{}^$])", r"\\\\\1", value)


def parse_exposition(text):
    """[(name, {label: value}, float)] of a text exposition."""
    out = []
    label_re = re.compile(r'(\w+)="((?:[^"\\]|\\.)*)"')
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        m = re.match(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)", line)
        if not m:
            raise AssertionError("unparsable exposition line: %r" % line)
        labels = {k: v.replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")
                  for k, v in label_re.findall(m.group(3) or "")}
        out.append((m.group(1), labels, float(m.group(4))))
    return out


def poll(predicate, timeout, what, interval=0.25):
    """Polls predicate() until truthy; connection errors count as "not yet", an AssertionError (a process
    died, an API error) fails at once."""
    deadline = time.monotonic() + timeout
    last = None
    while True:
        try:
            v = predicate()
            if v:
                return v
        except (OSError, urllib.error.URLError) as e:  # not listening yet
            last = e
        if time.monotonic() > deadline:
            raise AssertionError("timed out after %.0fs waiting for %s%s" % (timeout, what,
                                 " (last error: %r)" % last if last else ""))
        time.sleep(interval)


def dashboards():
    return list(load_dashboards().values())


def current_quarter():
    now = datetime.now(timezone.utc).astimezone(ZoneInfo("Europe/Stockholm"))
    return "%dQ%d" % (now.year, (now.month - 1) // 3 + 1)


class PrometheusTest(unittest.TestCase):
    """One demo service and one Prometheus for all the tests of this class."""

    @classmethod
    def setUpClass(cls):
        if not os.access(BIN, os.X_OK):
            raise AssertionError("FOLLOWUP_BIN=%s is not an executable" % BIN)
        if not PROMETHEUS or not PROMTOOL:
            raise AssertionError("prometheus/promtool not installed: run scripts/install-deps")
        cls.tmp = tempfile.mkdtemp(prefix="followup-prom-")
        cls.procs = []
        cls.addClassCleanup(cls._cleanup)
        deadline = time.monotonic() + 90  # for everything up to "Prometheus has evaluated the rules"

        # The service with its synthetic load.
        cls.port = free_port()
        cls.url = "http://127.0.0.1:%d" % cls.port
        cls.svc = cls._start("serve", [BIN, "serve", "--demo", "--data-dir", os.path.join(cls.tmp, "data"),
                                       "--listen", "127.0.0.1:%d" % cls.port])
        harness.wait_ready(cls.url, 60, cls.svc)

        # Prometheus with the project's configuration, the target and the intervals rewritten.
        pdir = os.path.join(cls.tmp, "prometheus")
        shutil.copytree(PROM_DIR, pdir)
        cfg_path = os.path.join(pdir, "prometheus.yml")
        with open(cfg_path, encoding="utf-8") as f:
            cfg = yaml.safe_load(f)
        cfg["global"]["scrape_interval"] = "1s"
        cfg["global"]["evaluation_interval"] = "1s"
        jobs = [j for j in cfg["scrape_configs"] if j["job_name"] == "followup"]
        assert len(jobs) == 1, "prometheus.yml has no job followup"
        jobs[0].update({"scrape_interval": "1s", "scrape_timeout": "1s",
                        "static_configs": [{"targets": ["127.0.0.1:%d" % cls.port]}]})
        with open(cfg_path, "w", encoding="utf-8") as f:
            yaml.safe_dump(cfg, f, allow_unicode=True)
        cls.prom_port = free_port()
        cls.prom = "http://127.0.0.1:%d" % cls.prom_port
        cls.prometheus = cls._start("prometheus", [
            PROMETHEUS, "--config.file=" + cfg_path, "--storage.tsdb.path=" + os.path.join(pdir, "tsdb"),
            "--web.listen-address=127.0.0.1:%d" % cls.prom_port, "--storage.tsdb.retention.time=1d",
            "--log.level=warn"], cwd=pdir)

        def prom_ready():
            cls._alive(cls.prometheus)
            return http_get(cls.prom + "/-/ready", timeout=2)[0] == 200
        poll(prom_ready, max(1, deadline - time.monotonic()), "Prometheus /-/ready")

        # Samples exist, and every recording rule has been evaluated with a result.
        def evaluated():
            cls._alive(cls.svc)
            cls._alive(cls.prometheus)
            if not cls.query('up{job="followup"} == 1'):
                return False
            names = {r["name"] for r in cls.rules() if r["type"] == "recording"}
            return names and all(cls.query("count(%s)" % n) for n in names)
        try:
            poll(evaluated, max(1, deadline - time.monotonic()), "recording rules with data", 0.5)
        except AssertionError as e:
            raise AssertionError("%s\nprometheus log:\n%s\nserve log:\n%s" % (
                e, tail(cls.prometheus.log_path), tail(cls.svc.log_path))) from None

    @classmethod
    def _start(cls, name, args, cwd=None):
        proc = Proc(name, args, os.path.join(cls.tmp, name + ".log"), cwd=cwd)
        cls.procs.append(proc)
        return proc

    @classmethod
    def _alive(cls, proc):
        if not proc.alive():
            raise AssertionError("%s exited with %s\n%s" % (proc.name, proc.p.returncode, tail(proc.log_path)))

    @classmethod
    def _cleanup(cls):
        for p in reversed(cls.procs):
            p.cleanup()
        if os.environ.get("FOLLOWUP_KEEP_TMP"):
            print("kept", cls.tmp)
        else:
            shutil.rmtree(cls.tmp, ignore_errors=True)

    # ------------------------------------------------------------ Prometheus HTTP API

    @classmethod
    def api(cls, path, params=None):
        data = urllib.parse.urlencode(params or {}, doseq=True)
        if path in ("/api/v1/query", "/api/v1/series"):  # POST: long queries
            status, body = cls._post(cls.prom + path, data.encode())
        else:
            status, body = http_get(cls.prom + path + ("?" + data if data else ""))
        try:
            doc = json.loads(body)
        except ValueError:
            raise AssertionError("%s %s -> %d %r" % (path, params, status, body[:500])) from None
        if status != 200 or doc.get("status") != "success":
            raise AssertionError("%s %s -> %d %s" % (path, params, status, body[:500]))
        return doc["data"]

    @staticmethod
    def _post(url, data):
        req = urllib.request.Request(url, data=data, method="POST",
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})
        try:
            with urllib.request.urlopen(req, timeout=20) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.read()

    @classmethod
    def query(cls, expr):
        data = cls.api("/api/v1/query", {"query": expr})
        return data["result"] if data["resultType"] in ("vector", "matrix") else [data["result"]]

    @classmethod
    def rules(cls):
        return [r for g in cls.api("/api/v1/rules")["groups"] for r in g["rules"]]

    def poll_all_nonempty(self, exprs, what, timeout=30):
        """Runs every (label, expr); retries the empty ones until the deadline; fails listing them."""
        pending = dict(exprs)
        deadline = time.monotonic() + timeout
        while True:
            for label, expr in list(pending.items()):
                if self.query(expr):
                    del pending[label]
            if not pending or time.monotonic() > deadline:
                break
            time.sleep(1)
        self.assertFalse(pending, "%s without data:\n%s" % (
            what, "\n".join("  %s: %s" % kv for kv in sorted(pending.items()))))

    # ------------------------------------------------------------ the service

    def metrics(self):
        status, body = http_get(self.url + "/metrics")
        self.assertEqual(status, 200)
        return body

    def status_levels(self):
        status, body = http_get(self.url + "/api/v1/status")
        self.assertEqual(status, 200)
        return {s["service_id"]: s["level"] for s in json.loads(body)["services"]}

    # ------------------------------------------------------------ tests

    def test_rules_loaded_and_healthy(self):
        rules = self.rules()
        with open(os.path.join(PROM_DIR, "rules", "followup.yml"), encoding="utf-8") as f:
            want = {r.get("record") or r.get("alert") for g in yaml.safe_load(f)["groups"] for r in g["rules"]}
        got = {r["name"] for r in rules}
        self.assertLessEqual(want, got, "rules of followup.yml not loaded by Prometheus")
        bad = [(r["name"], r.get("health"), r.get("lastError")) for r in rules if r.get("health") != "ok"]
        self.assertFalse(bad, "rules not healthy: %s" % bad)

    def test_every_recording_rule_expression_returns_data(self):
        exprs = {"%s <- %s" % (r["name"], r["query"][:60].replace("\n", " ")): r["query"]
                 for r in self.rules() if r["type"] == "recording"}
        self.assertGreaterEqual(len(exprs), 15)
        self.poll_all_nonempty(exprs, "recording rule expressions")

    def test_every_dashboard_panel_expression_returns_data(self):
        exprs, concrete = {}, {}
        owner, service = self.some_owner_and_service()
        for d in dashboards():
            for p in all_panels(d["panels"]):
                for t in p.get("targets") or []:
                    label = "%s / %s / %s" % (d["uid"], p["title"], t["refId"])
                    exprs[label] = substitute(t["expr"], {"owner": ".*", "service": ".*"})
                    concrete[label] = substitute(t["expr"], {"owner": promql_regex_escape(owner),
                                                             "service": promql_regex_escape(service)})
        self.assertGreaterEqual(len(exprs), 40)
        self.poll_all_nonempty(exprs, "dashboard panel expressions (all owners and services)")
        # With one real owner and e-service selected, every expression is still valid PromQL.
        for label, expr in concrete.items():
            self.query(expr)  # raises on an error
        # The per-service panels show the selected e-service, and only it.
        sel = self.query(substitute('followup_service_status{service_id=~"$service"} == 1',
                                    {"service": promql_regex_escape(service)}))
        self.assertEqual([s["metric"]["service_id"] for s in sel], [service])

    def test_annotation_queries_are_valid(self):
        for d in dashboards():
            for a in d["annotations"]["list"]:
                if a.get("expr"):
                    self.query(substitute(a["expr"], {"owner": ".*", "service": ".*"}))

    def some_owner_and_service(self):
        info = self.query('followup_service_info')
        self.assertTrue(info)
        m = sorted((s["metric"] for s in info), key=lambda m: m["service_id"])[0]
        return m["owner"], m["service_id"]

    def test_every_dashboard_variable_has_values(self):
        owners = None
        for d in dashboards():
            for v in d["templating"]["list"]:
                if v["type"] != "query":
                    continue
                q = v["query"]["query"] if isinstance(v["query"], dict) else v["query"]
                m = re.fullmatch(r"\s*label_values\((.*),\s*(\w+)\)\s*", q)
                self.assertTrue(m, "%s: variable %s: %r is not label_values(selector, label)" % (d["uid"], v["name"], q))
                selector, label = m.group(1), m.group(2)
                sel = substitute(selector, {"owner": ".*", "service": ".*"})
                values = set(self.api("/api/v1/label/%s/values" % label, {"match[]": sel}))
                self.assertTrue(values, "%s: variable %s (%s) has no values" % (d["uid"], v["name"], q))
                series = self.api("/api/v1/series", {"match[]": sel})
                self.assertEqual(values, {s[label] for s in series if label in s})
                if v["name"] == "owner":
                    owners = values
                if v["name"] == "service" and owners:
                    # Chained: one owner selected gives exactly that owner's e-services.
                    owner = sorted(owners)[0]
                    one = set(self.api("/api/v1/label/%s/values" % label, {
                        "match[]": substitute(selector, {"owner": promql_regex_escape(owner)})}))
                    info = self.query('followup_service_info{owner="%s"}' % owner.replace('"', '\\"'))
                    self.assertEqual(one, {s["metric"]["service_id"] for s in info})
                    self.assertLess(len(one), len(values))

    def test_promtool_check_metrics_is_silent(self):
        cp = subprocess.run([PROMTOOL, "check", "metrics"], input=self.metrics(), stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, timeout=60)
        self.assertEqual((cp.returncode, cp.stdout.decode("utf-8", "replace")), (0, ""))

    def test_status_state_set_equals_status_api(self):
        last = None
        for attempt in range(10):
            exposed = {}
            for name, labels, value in parse_exposition(self.metrics().decode("utf-8")):
                if name == "followup_service_status":
                    exposed.setdefault(labels["service_id"], {})[labels["status"]] = value
            api = self.status_levels()
            self.assertGreaterEqual(len(api), 30, "the demo catalog")
            for sid, states in exposed.items():
                self.assertEqual(set(states), set(LEVELS), "state set of %s" % sid)
                self.assertEqual(sorted(states.values()), [0, 0, 0, 0, 1], "state set of %s: %s" % (sid, states))
            levels = {sid: next(l for l, v in states.items() if v == 1) for sid, states in exposed.items()}
            self.assertEqual(set(levels), set(api), "services in followup_service_status vs /api/v1/status")
            if levels == api:
                return
            last = {sid: (levels[sid], api[sid]) for sid in api if levels[sid] != api[sid]}
            time.sleep(1)  # a level changed between the two reads (the metrics are cached up to 5 s)
        self.fail("followup_service_status disagrees with /api/v1/status (metric, api): %s" % last)

    def ils_csv(self, quarter):
        status, body = http_get(self.url + "/api/v1/ils/%s.csv" % quarter)
        self.assertEqual(status, 200, body[:200])
        return list(csv.DictReader(io.StringIO(body.decode("utf-8"))))

    def test_quarter_availability_equals_ils(self):
        quarter = current_quarter()
        last = None
        for attempt in range(10):
            exposed = {labels["service_id"]: value
                       for name, labels, value in parse_exposition(self.metrics().decode("utf-8"))
                       if name == "followup_service_availability_ratio" and labels["window"] == "quarter"}
            rows = {r["scope_id"]: float(r["value"]) for r in self.ils_csv(quarter)
                    if r["indicator"] == "qual.availability" and r["scope"] == "service"}
            catalog = set(self.status_levels())
            rows = {k: v for k, v in rows.items() if k in catalog}
            self.assertTrue(exposed, "no followup_service_availability_ratio{window=\"quarter\"}")
            diff = {k: (exposed.get(k), rows.get(k)) for k in set(exposed) | set(rows)
                    if k not in exposed or k not in rows or abs(exposed[k] - rows[k]) > 1e-6}
            if not diff:
                return
            last = diff
            time.sleep(1)
        self.fail("availability (metric, ILS %s) differ: %s" % (quarter, last))

    def test_indicator_values_equal_ils(self):
        """Every followup_indicator_value{quarter="current"} series is a row of the ILS CSV, and back."""
        quarter = current_quarter()
        last = None
        for attempt in range(10):
            exposed = {(l["indicator"], l["perspective"], l["scope"], l["scope_id"]): v
                       for n, l, v in parse_exposition(self.metrics().decode("utf-8"))
                       if n == "followup_indicator_value" and l["quarter"] == "current"}
            rows = {(r["indicator"], r["perspective"], r["scope"], r["scope_id"]): float(r["value"])
                    for r in self.ils_csv(quarter)}
            diff = {k: (exposed.get(k), rows.get(k)) for k in set(exposed) | set(rows)
                    if k not in exposed or k not in rows or abs(exposed[k] - rows[k]) > 1e-6}
            if not diff:
                self.assertGreater(len(rows), 100)
                return
            last = dict(sorted(diff.items())[:10])
            time.sleep(1)
        self.fail("followup_indicator_value (metric, ILS %s) differ: %s" % (quarter, last))

    def test_quarter_info_names_the_quarters(self):
        """followup_indicator_quarter_info says which quarter quarter="current"/"previous" is."""
        now = datetime.now(timezone.utc).astimezone(ZoneInfo("Europe/Stockholm"))
        q = (now.month - 1) // 3 + 1
        previous = "%dQ%d" % (now.year, q - 1) if q > 1 else "%dQ4" % (now.year - 1)
        names = {l["quarter"]: l["name"] for n, l, v in parse_exposition(self.metrics().decode("utf-8"))
                 if n == "followup_indicator_quarter_info"}
        self.assertEqual(names, {"current": current_quarter(), "previous": previous})
        joined = poll(lambda: self.query('followup_indicator_value{quarter="current",scope="city"} * on (quarter) '
                                         'group_left (name) followup_indicator_quarter_info'),
                      60, "indicator series joined with their quarter's name", 0.5)
        self.assertTrue(all(r["metric"]["name"] == current_quarter() for r in joined))

    def test_cardinality_matches_metric_list(self):
        """The per-e-service families have the series metric_list.h's header promises (15 per service,
        latency only while a passing probe exists in the latest minute)."""
        per_service = {"followup_service_info": 1, "followup_service_status": 5,
                       "followup_service_probe_latency_seconds": 1, "followup_service_latency_threshold_seconds": 1,
                       "followup_service_probe_age_seconds": 1, "followup_service_availability_ratio": 2,
                       "followup_service_probes_total": 2, "followup_service_announcements_active": 2}
        samples = parse_exposition(self.metrics().decode("utf-8"))
        services = {l["service_id"] for n, l, v in samples if n == "followup_service_info"}
        self.assertGreaterEqual(len(services), 30)
        for name, n in per_service.items():
            counts = {}
            for s_name, labels, _ in samples:
                if s_name == name:
                    counts[labels["service_id"]] = counts.get(labels["service_id"], 0) + 1
            self.assertLessEqual(set(counts), services, name)
            self.assertTrue(all(c <= n for c in counts.values()), "%s: %s" % (name, counts))
            if name not in ("followup_service_probe_latency_seconds", "followup_service_availability_ratio"):
                self.assertEqual(counts, {s: n for s in services}, name)
        scraped = self.query('scrape_samples_scraped{job="followup"}')
        self.assertTrue(scraped)
        self.assertLess(abs(float(scraped[0]["value"][1]) - len(samples)), 200,
                        "scrape_samples_scraped vs /metrics line count")

    def test_fast_burn_alert_sees_the_demo_outage(self):
        """The demo always has an e-service whose probes all fail: the page alert goes pending (for: 2m)
        or firing for it, with the labels of the real metrics."""
        def active():
            return self.query('ALERTS{alertname="FollowupAvailabilityBudgetBurnFast"}')
        alerts = poll(active, 30, "FollowupAvailabilityBudgetBurnFast pending or firing", 0.5)
        levels = self.status_levels()
        info = {l["service_id"]: (l["name"], l["owner"]) for n, l, v in parse_exposition(self.metrics().decode("utf-8"))
                if n == "followup_service_info"}
        for a in alerts:
            m = a["metric"]
            self.assertIn(m["alertstate"], ("pending", "firing"))
            self.assertEqual(m["severity"], "page")
            self.assertIn(m["service_id"], levels)
            # The name and owner of the catalog ride along (on-call should not look them up).
            self.assertEqual((m["name"], m["owner"]), info[m["service_id"]])
        self.assertTrue(any(levels[a["metric"]["service_id"]] in ("outage", "degraded") for a in alerts),
                        "alerts %s, levels %s" % ([a["metric"] for a in alerts], levels))
        # Nothing is wrong with the service itself.
        self.assertEqual(self.query('ALERTS{alertname=~"FollowupNotReady|FollowupTargetDown|FollowupDeadLetters|'
                                    'FollowupIngestLagHigh"}'), [])


if __name__ == "__main__":
    unittest.main()
