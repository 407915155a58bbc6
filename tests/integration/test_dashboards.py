"""Static checks of the operations view: the Grafana dashboards (dashboards/json) and their
provisioning, the Prometheus configuration and rules (config/prometheus), and the promtool
rule unit tests (tests/prometheus). Needs promtool (Debian package prometheus, installed by
scripts/install-deps); no service is started.
"""

import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

import yaml
from dashboard_queries import all_panels, load_dashboards, substitute, targets

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
PROM_DIR = os.path.join(ROOT, "config", "prometheus")
RULES_DIR = os.path.join(PROM_DIR, "rules")
DASH_DIR = os.path.join(ROOT, "dashboards")
RULE_TESTS_DIR = os.path.join(ROOT, "tests", "prometheus")
METRIC_LIST = os.path.join(ROOT, "src", "metrics", "metric_list.h")
PROMTOOL = shutil.which("promtool")

DS = {"type": "prometheus", "uid": "${datasource}"}
UIDS = {"followup-driftlage": "Driftläge", "followup-fem-perspektiv": "Fem perspektiv",
        "followup-inlasning": "Inläsning"}
PERSPECTIVES = ("external", "internal", "maturity", "cost", "quality")


def load_yaml(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def dashboards():
    return load_dashboards()


def rule_files():
    return sorted(glob.glob(os.path.join(RULES_DIR, "*.yml")))


def rules():
    return [r for path in rule_files() for g in load_yaml(path)["groups"] for r in g["rules"]]


def declared_metrics():
    """{name: type} of src/metrics/metric_list.h."""
    with open(METRIC_LIST, encoding="utf-8") as f:
        text = f.read()
    found = dict((name, typ) for typ, name in re.findall(r'X\(\w+,\s*(\w+),\s*"(\w+)"', text))
    if len(found) < 15:
        raise AssertionError("could not read the metric list from %s" % METRIC_LIST)
    return found


def promtool(*args, timeout=300, cwd=None):
    if not PROMTOOL:
        raise AssertionError("promtool is not installed: run scripts/install-deps (Debian package prometheus)")
    return subprocess.run([PROMTOOL] + list(args), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          timeout=timeout, cwd=cwd)


class DashboardStructureTest(unittest.TestCase):

    def test_three_dashboards_with_stable_unique_uids(self):
        ds = dashboards()
        uids = [d["uid"] for d in ds.values()]
        self.assertEqual(len(uids), len(set(uids)), "duplicate uids: %s" % uids)
        self.assertEqual({d["uid"]: d["title"] for d in ds.values()}, UIDS)
        for path, d in ds.items():
            ids = [p["id"] for p in all_panels(d["panels"])]
            self.assertEqual(len(ids), len(set(ids)), "%s: duplicate panel ids" % path)
            self.assertTrue(d.get("description"), path)
            self.assertIn("followup", d.get("tags", []), path)

    def test_variables(self):
        for path, d in dashboards().items():
            v = {x["name"]: x for x in d["templating"]["list"]}
            self.assertLessEqual({"datasource", "owner", "service"}, set(v), path)
            self.assertEqual((v["datasource"]["type"], v["datasource"]["query"]), ("datasource", "prometheus"), path)
            for name, query in (("owner", "label_values(followup_service_info, owner)"),
                                ("service", 'label_values(followup_service_info{owner=~"$owner"}, service_id)')):
                q = v[name]["query"]
                q = q["query"] if isinstance(q, dict) else q
                self.assertEqual(v[name]["type"], "query", (path, name))
                self.assertEqual(q, query, (path, name))
                self.assertEqual(v[name].get("definition", q), q, (path, name))
                self.assertEqual(v[name]["datasource"], DS, (path, name))
                self.assertTrue(v[name].get("multi") and v[name].get("includeAll"), (path, name))
            # The service list follows the owner selection; "All" e-services must then mean the listed
            # ones, not every e-service (no allValue ".*" on service).
            self.assertNotIn(v["service"].get("allValue"), (".*", ".+"), path)

    def test_every_panel_and_target_uses_the_datasource_variable(self):
        for path, d in dashboards().items():
            for p in all_panels(d["panels"]):
                where = "%s: panel %r" % (os.path.basename(path), p.get("title"))
                self.assertEqual(p.get("datasource"), DS, where)
                self.assertTrue(p.get("title"), where)
                self.assertTrue(p.get("description"), where + " has no description")
                if p["type"] == "row":
                    continue
                if p["type"] == "text":  # words next to the figures, no query
                    self.assertTrue(p.get("options", {}).get("content", "").strip(), where + " is empty")
                    continue
                self.assertTrue(p.get("targets"), where + " has no targets")
                refs = [t["refId"] for t in p["targets"]]
                self.assertEqual(len(refs), len(set(refs)), where)
                for t in p["targets"]:
                    self.assertEqual(t.get("datasource"), DS, "%s target %s" % (where, t.get("refId")))
                    self.assertTrue(t.get("expr", "").strip(), "%s target %s has no expr" % (where, t.get("refId")))
            for a in d["annotations"]["list"]:
                if a.get("builtIn"):
                    continue
                self.assertEqual(a.get("datasource"), DS, "%s: annotation %r" % (path, a.get("name")))

    def test_layout_fits_the_grid(self):
        for path, d in dashboards().items():
            for p in all_panels(d["panels"]):
                g = p["gridPos"]
                self.assertTrue(0 <= g["x"] and g["w"] > 0 and g["x"] + g["w"] <= 24 and g["h"] > 0,
                                "%s: %r %r" % (path, p["title"], g))

    def test_contents(self):
        by_uid = {d["uid"]: d for d in dashboards().values()}
        exprs = {uid: "\n".join(t["expr"] for _, t in targets(d)) for uid, d in by_uid.items()}
        drift = exprs["followup-driftlage"]
        for needle in ("followup_service_status", "followup_service_probe_latency_seconds",
                       'followup_service_probes_total{result="failed"', "followup_service_availability_ratio",
                       "qual.incidents"):
            self.assertIn(needle, drift)
        fem = by_uid["followup-fem-perspektiv"]
        rows = [p for p in fem["panels"] if p["type"] == "row"]
        self.assertEqual(len(rows), 5, "one row per perspective")
        for p in PERSPECTIVES:
            for q in ("current", "previous"):
                self.assertRegex(exprs["followup-fem-perspektiv"],
                                 r'followup_indicator_value\{perspective="%s", scope="owner", scope_id=~"\$owner", '
                                 r'quarter="%s"\}' % (p, q))
        ing = exprs["followup-inlasning"]
        for needle in ("rate(followup_events_folded_total", "followup_consumer_lag_messages",
                       "followup_events_rejected_total", "histogram_quantile(0.95",
                       "followup_fold_batch_duration_seconds_bucket", "followup_notifications_queued",
                       "followup_notifications_sent_total", "followup_notifications_failed_total",
                       "followup_notifications_retried_total", "followup_webhook_endpoints_disabled",
                       "followup_rebuild_remaining_messages", "followup_rebuild_eta_seconds"):
            self.assertIn(needle, ing)

    def test_metric_names_exist(self):
        """Every followup_* metric a dashboard or rule uses is declared in metric_list.h, and every
        followup:* series is recorded by a rule."""
        declared = declared_metrics()
        allowed = set()
        for name, typ in declared.items():
            allowed.add(name)
            if typ == "Histogram":
                allowed |= {name + "_bucket", name + "_sum", name + "_count"}
        recorded = {r["record"] for r in rules() if "record" in r}
        used = []
        for path, d in dashboards().items():
            used += [(os.path.basename(path), t["expr"]) for _, t in targets(d)]
        used += [(r.get("record") or r.get("alert"), r["expr"]) for r in rules()]
        for where, expr in used:
            for name in re.findall(r"\b(followup_[a-z0-9_]+)", expr):
                self.assertIn(name, allowed, "%s uses undeclared metric %s" % (where, name))
            for name in re.findall(r"\b(followup:[a-z0-9_:]+)", expr):
                self.assertIn(name, recorded, "%s uses %s, which no rule records" % (where, name))

    def test_dashboard_expressions_parse(self):
        """Each panel expression (variables substituted) is valid PromQL: promtool parses them as rules."""
        rules_doc = {"groups": []}
        for path, d in dashboards().items():
            group = {"name": d["uid"], "rules": []}
            for p, t in targets(d):
                group["rules"].append({"record": "dashboard:expr_%d_%s:check" % (p["id"], t["refId"]),
                                       "expr": substitute(t["expr"])})
            for a in d["annotations"]["list"]:
                if a.get("expr"):
                    group["rules"].append({"record": "dashboard:annotation:check", "expr": substitute(a["expr"])})
            rules_doc["groups"].append(group)
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "dashboards.rules.yml")
            with open(path, "w", encoding="utf-8") as f:
                yaml.safe_dump(rules_doc, f, allow_unicode=True)
            cp = promtool("check", "rules", path)
        self.assertEqual(cp.returncode, 0, cp.stdout.decode("utf-8", "replace"))

    def test_provisioning(self):
        ds = load_yaml(os.path.join(DASH_DIR, "provisioning", "datasources", "prometheus.yml"))
        self.assertEqual(ds["apiVersion"], 1)
        self.assertTrue(any(x["type"] == "prometheus" and x.get("url") for x in ds["datasources"]))
        prov = load_yaml(os.path.join(DASH_DIR, "provisioning", "dashboards", "followup.yml"))
        self.assertEqual(prov["apiVersion"], 1)
        (p,) = prov["providers"]
        self.assertEqual(p["type"], "file")
        self.assertTrue(p["options"]["path"])


class PrometheusConfigTest(unittest.TestCase):

    def test_prometheus_yml(self):
        cfg = load_yaml(os.path.join(PROM_DIR, "prometheus.yml"))
        self.assertEqual(cfg["rule_files"], ["rules/*.yml"])
        (job,) = [j for j in cfg["scrape_configs"] if j["job_name"] == "followup"]
        self.assertEqual(job.get("scrape_interval", cfg["global"].get("scrape_interval")), "15s")
        self.assertEqual(job["static_configs"], [{"targets": ["127.0.0.1:8080"]}])

    def test_promtool_check_config(self):
        """The configuration in a temp copy of config/prometheus, so that rules/*.yml resolves."""
        with tempfile.TemporaryDirectory() as tmp:
            dst = os.path.join(tmp, "prometheus")
            shutil.copytree(PROM_DIR, dst)
            cp = promtool("check", "config", "prometheus.yml", cwd=dst)
        out = cp.stdout.decode("utf-8", "replace")
        self.assertEqual(cp.returncode, 0, out)
        self.assertIn("SUCCESS: %d rule files found" % len(rule_files()), out)

    def test_promtool_check_rules(self):
        self.assertGreaterEqual(len(rule_files()), 2)
        cp = promtool("check", "rules", *rule_files())
        self.assertEqual(cp.returncode, 0, cp.stdout.decode("utf-8", "replace"))

    def test_promtool_test_rules(self):
        tests = sorted(glob.glob(os.path.join(RULE_TESTS_DIR, "*.test.yml")))
        self.assertGreaterEqual(len(tests), 2)
        for t in tests:
            with self.subTest(test=os.path.basename(t)):
                cp = promtool("test", "rules", os.path.basename(t), cwd=RULE_TESTS_DIR)
                self.assertEqual(cp.returncode, 0, cp.stdout.decode("utf-8", "replace"))

    def test_every_alert_is_tested_firing_and_not_firing(self):
        alerts = {r["alert"] for r in rules() if "alert" in r}
        self.assertGreaterEqual(alerts, {"FollowupAvailabilityBudgetBurnFast", "FollowupAvailabilityBudgetBurnSlow",
                                         "FollowupIngestLagHigh", "FollowupDeadLetters", "FollowupNotReady",
                                         "FollowupNotificationQueueGrowing", "FollowupWebhookEndpointDisabled"})
        firing, silent = set(), set()
        for t in glob.glob(os.path.join(RULE_TESTS_DIR, "*.test.yml")):
            for case in load_yaml(t)["tests"]:
                for a in case.get("alert_rule_test") or []:
                    (firing if a.get("exp_alerts") else silent).add(a["alertname"])
        self.assertEqual(alerts - firing, set(), "alerts never expected to fire")
        self.assertEqual(alerts - silent, set(), "alerts never expected to stay silent")

    def test_generated_files_are_up_to_date(self):
        for script in (os.path.join(PROM_DIR, "gen_slo_rules.py"), os.path.join(RULE_TESTS_DIR, "gen_slo_test.py")):
            cp = subprocess.run([sys.executable, script, "--check"], stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, timeout=60)
            self.assertEqual(cp.returncode, 0, cp.stdout.decode("utf-8", "replace"))

    def test_slo_objectives(self):
        conf = load_yaml(os.path.join(PROM_DIR, "slo.yaml"))
        self.assertTrue(0.9 <= conf["default"] < 1)
        for sid, objective in (conf.get("services") or {}).items():
            self.assertRegex(sid, r"^[a-z0-9]+(-[a-z0-9]+)*$")
            self.assertTrue(0 < objective < 1, sid)


if __name__ == "__main__":
    unittest.main()
