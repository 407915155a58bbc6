"""The OpenAPI 3.1 description (api/openapi.json) is valid, complete and true:

- `redocly lint` (@redocly/cli, pinned in tests/ui) with api/redocly.yaml finds
  no problem; it runs with telemetry off and, where the machine allows, in a
  network namespace of its own, so it cannot fetch anything. A broken copy
  must fail the same lint (the check is not vacuous);
- every route the sources register under /api/ (router->Add in any src/*/*.cpp
  but the tests) is described, and every described operation is a route the
  sources register;
- the binary serves the file byte for byte at /api/openapi.json (ETag, 304);
- real answers of the status, ILS, goals, targets, ingest and admin routes
  validate against the document's schemas (python3-jsonschema, draft 2020-12,
  the dialect of OpenAPI 3.1).
"""
import copy
import datetime
import glob
import json
import os
import re
import shutil
import subprocess
import tempfile
import unittest

import jsonschema

import node_deps
import test_status as env  # the module, not its classes: unittest must not collect them twice here

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
API = os.path.join(ROOT, "api")
DOC_PATH = os.path.join(API, "openapi.json")
METHODS = ("get", "put", "post", "delete", "patch")


# date-time as RFC 3339 (with an offset): jsonschema checks it only with an
# optional package Debian does not have, so the rule is spelled out here.
FORMATS = jsonschema.FormatChecker()
RFC3339 = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$")


@FORMATS.checks("date-time", raises=ValueError)
def is_date_time(value):
    if not isinstance(value, str):
        return True
    if not RFC3339.match(value):
        raise ValueError(f"not RFC 3339: {value!r}")
    datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return True


def standalone(doc, schema):
    """schema with what its $refs point at: a document a validator can take alone."""
    return dict(schema, **{"$schema": "https://json-schema.org/draft/2020-12/schema", "components": doc["components"]})


def response_schema(doc, path, method, status):
    """The JSON schema of the answer to METHOD path with status, as the document says."""
    response = doc["paths"][path][method]["responses"][str(status)]
    if "$ref" in response:
        response = doc["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
    return standalone(doc, response["content"]["application/json"]["schema"])


def validate(schema, value):
    jsonschema.Draft202012Validator(schema, format_checker=FORMATS).validate(value)


def load_doc():
    with open(DOC_PATH, encoding="utf-8") as f:
        return json.load(f)


def redocly(node, cwd, target):
    """Runs redocly lint offline; returns (exit code, output)."""
    cli = os.path.join(node_deps.UI, "node_modules", "@redocly", "cli", "bin", "cli.js")
    cmd = [node, cli, "lint", "--config", "redocly.yaml", target]
    if shutil.which("unshare") and subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0:
        cmd = ["unshare", "-n"] + cmd  # no network at all: nothing can be fetched
    r = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=300,
                       env=dict(os.environ, REDOCLY_TELEMETRY="off", REDOCLY_SUPPRESS_UPDATE_NOTICE="true",
                                NO_UPDATE_NOTIFIER="1", CI="true"))
    return r.returncode, r.stdout + r.stderr


def registered_routes():
    """(METHOD, pattern) of every router->Add in src/*/*.cpp but the tests (the
    routes of http/ and those of other layers, as notify/webhook_routes.cpp),
    constants resolved."""
    constants = {}
    for path in glob.glob(os.path.join(ROOT, "src", "**", "*.h"), recursive=True):
        with open(path, encoding="utf-8") as f:
            for name, value in re.findall(r'constexpr (?:const )?char\s*\*?\s*(k\w+)(?:\[\])?\s*=\s*"([^"]*)"', f.read()):
                constants[name] = value
    routes = set()
    for path in glob.glob(os.path.join(ROOT, "src", "*", "*.cpp")):
        if path.endswith("_test.cpp"):
            continue
        with open(path, encoding="utf-8") as f:
            text = f.read()
        for methods, target in re.findall(r'->Add\(\s*\{([^}]*)\},\s*("[^"]*"|k\w+)', text):
            pattern = target.strip('"') if target.startswith('"') else constants[target]
            for m in re.findall(r'"(\w+)"', methods):
                routes.add((m, pattern))
    return routes


def template_regex(pattern):
    return re.compile("^" + re.sub(r"\\\{\w+\\\}", "[^/]+", re.escape(pattern)) + "$")


def sample(pattern):
    return re.sub(r"\{\w+\}", "2026Q3", pattern)  # a value of every parameter's shape that matters here


class OpenApiDocument(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.node = node_deps.ensure_node_modules()
        cls.doc = load_doc()

    def test_redocly_lint_passes_offline(self):
        code, out = redocly(self.node, API, "openapi.json")
        self.assertEqual(code, 0, out[-4000:])
        self.assertIn("Your API description is valid", out)
        self.assertNotIn("warning", out.lower().replace("deprecation warning", ""))

    def test_redocly_lint_fails_a_broken_copy(self):
        broken = copy.deepcopy(self.doc)
        del broken["paths"]["/api/v1/status"]["get"]["summary"]
        broken["paths"]["/api/v1/targets"]["get"]["responses"]["200"]["content"]["application/json"]["schema"] = {
            "$ref": "#/components/schemas/NoSuchSchema"}
        with tempfile.TemporaryDirectory() as d:
            for name in ("redocly.yaml", ".redocly.lint-ignore.yaml"):
                shutil.copy(os.path.join(API, name), d)
            with open(os.path.join(d, "openapi.json"), "w", encoding="utf-8") as f:
                json.dump(broken, f)
            code, out = redocly(self.node, d, "openapi.json")
        self.assertNotEqual(code, 0, out[-2000:])
        self.assertIn("operation-summary", out)
        self.assertIn("no-unresolved-refs", out)

    def test_every_api_route_is_described_and_nothing_else(self):
        routes = registered_routes()
        described = {(m.upper(), p) for p, item in self.doc["paths"].items() for m in item if m in METHODS}
        for method, pattern in routes:
            if not pattern.startswith("/api/"):
                continue
            rx = template_regex(pattern)
            self.assertTrue(any(m == method and rx.match(sample(p)) for m, p in described),
                            f"{method} {pattern} is not in api/openapi.json")
        for method, path in described:
            self.assertTrue(any(m == method and template_regex(p).match(sample(path)) for m, p in routes),
                            f"api/openapi.json describes {method} {path}, which no route serves")
        for path, item in self.doc["paths"].items():
            for m, operation in item.items():
                if m in METHODS:
                    self.assertTrue(operation.get("operationId") and operation.get("security") is not None, path)


class OpenApiAnswers(unittest.TestCase):
    """Real answers of a running binary against the document's schemas."""

    @classmethod
    def setUpClass(cls):
        cls.doc = load_doc()
        cls.stack = env.StatusStack()
        st = cls.stack
        now = datetime.datetime.now(datetime.timezone.utc)
        cls.year = now.year
        events = [env.service_event("oa-skola", "Förskoleplats"), env.service_event("oa-bok", "Bibliotekskonto")]
        events += env.probe_minutes("oa-skola", [0, 0, 0]) + env.probe_minutes("oa-bok", [0, 1, 3])
        for n, (indicator, value) in enumerate([("qual.availability", 0.99), ("qual.wcag_aa_share", 0.5)]):
            events.append({"type": "target.v1", "event_id": f"oa-mal-{n}", "occurred_at": f"{cls.year}-01-10T09:00:00Z",
                           "indicator": indicator, "scope": "city", "scope_id": "stockholm", "year": cls.year,
                           "value": value, "tolerance": 0.01})
        st.produce(events)
        st.wait_services(["oa-skola", "oa-bok"])
        for body in [
            {"kind": "incident", "service_ids": ["oa-bok"], "state": "identified",
             "starts_at": env.rfc3339(now - datetime.timedelta(minutes=20)), "ends_at": None,
             "title_sv": "Lån går inte", "body_sv": "Vi åtgärdar felet.", "title_en": "Loans fail"},
            {"kind": "planned_maintenance", "service_ids": ["oa-skola", "oa-bok"], "state": "scheduled",
             "starts_at": env.rfc3339(now + datetime.timedelta(days=2)),
             "ends_at": env.rfc3339(now + datetime.timedelta(days=2, hours=2)),
             "title_sv": "Uppgradering", "body_sv": "Stängt under natten."}]:
            status, answer = st.admin("POST", "/api/v1/announcements", body)
            assert status == 202, answer
            cls.validate_answer("/api/v1/announcements", "post", 202, answer)
        env.wait_for("the announcements", lambda: st.service("oa-bok")["announcement_count"] == 2)
        env.wait_for("the upcoming maintenance", lambda: st.json("/api/v1/status")["upcoming_maintenance"])
        local = now + datetime.timedelta(hours=1)  # near enough for the quarter: the probes are from just now
        cls.quarter = f"{local.year}Q{(local.month - 1) // 3 + 1}"

    @classmethod
    def tearDownClass(cls):
        cls.stack.close()

    @classmethod
    def schema_for(cls, path, method, status):
        return response_schema(cls.doc, path, method, status)

    @classmethod
    def validate_answer(cls, path, method, status, body):
        schema = cls.schema_for(path, method, status)
        jsonschema.Draft202012Validator(schema, format_checker=FORMATS).validate(body)

    def check(self, path_template, url, status=200, method="get", body=None):
        if body is None:
            code, headers, raw = self.stack.request(method.upper(), url)
        else:
            code, raw = self.stack.admin(method.upper(), url, body)
            raw = json.dumps(raw).encode()
        self.assertEqual(code, status, raw[:400])
        answer = json.loads(raw)
        try:
            self.validate_answer(path_template, method, status, answer)
        except jsonschema.ValidationError as e:
            self.fail(f"{method.upper()} {url} ({status}) does not match api/openapi.json: {e.message} at "
                      f"{list(e.absolute_path)}")
        return answer

    def test_the_binary_serves_the_file(self):
        status, headers, body = self.stack.request("GET", "/api/openapi.json")
        self.assertEqual(status, 200)
        self.assertEqual(headers["content-type"], "application/json")
        with open(DOC_PATH, "rb") as f:
            self.assertEqual(body, f.read())
        self.assertEqual(headers["access-control-allow-origin"], "*")
        status, _, again = self.stack.request("GET", "/api/openapi.json", headers={"If-None-Match": headers["etag"]})
        self.assertEqual((status, again), (304, b""))

    def test_status_answers_match(self):
        all_status = self.check("/api/v1/status", "/api/v1/status")
        self.assertTrue(all_status["services"] and all_status["upcoming_maintenance"])
        one = self.check("/api/v1/status/{service_id}", "/api/v1/status/oa-bok")
        self.assertTrue(one["announcements"] and one["alternatives"])
        self.check("/api/v1/status/{service_id}", "/api/v1/status/finns-inte", 404)
        self.check("/api/v2/summary.json", "/api/v2/summary.json")
        # The schema requires the owner: without it the same answer is refused.
        broken = copy.deepcopy(one)
        del broken["owner"]
        with self.assertRaises(jsonschema.ValidationError):
            self.validate_answer("/api/v1/status/{service_id}", "get", 200, broken)
        with self.assertRaises(jsonschema.ValidationError):
            self.validate_answer("/api/v1/status/{service_id}", "get", 200, dict(one, updated_at="26 nov 2026"))
        broken = dict(one, surprise=1)
        with self.assertRaises(jsonschema.ValidationError):
            self.validate_answer("/api/v1/status/{service_id}", "get", 200, broken)

    def test_ils_and_goals_answers_match(self):
        report = self.check("/api/v1/ils/{quarter}.json", f"/api/v1/ils/{self.quarter}.json")
        self.assertTrue(report["rows"])
        self.check("/api/v1/ils/{quarter}.json", "/api/v1/ils/2026Q9.json", 400)
        goals = env.wait_for("the goals", lambda: self.check("/api/v1/ils/{quarter}/goals.json",
                                                              f"/api/v1/ils/{self.quarter}/goals.json")["rows"])
        self.assertTrue(goals)

    def test_targets_answers_match(self):
        targets = env.wait_for("the targets", lambda: self.check("/api/v1/targets", f"/api/v1/targets?year={self.year}")
                               ["targets"])
        self.assertEqual(len(targets), 2)
        self.check("/api/v1/targets", "/api/v1/targets?year=nineteen", 400)
        accepted = self.check("/api/v1/targets", "/api/v1/targets", 202, "post",
                              {"indicator": "qual.incidents", "scope": "city", "scope_id": "stockholm",
                               "year": self.year, "value": 3})
        self.assertTrue(accepted["event_id"])
        self.check("/api/v1/targets", "/api/v1/targets", 400, "post", {"indicator": "qual.incidents", "colour": "red"})

    def test_history_answers_match(self):
        history = self.check("/api/v1/status/{service_id}/history", "/api/v1/status/oa-bok/history?days=3")
        self.assertEqual(len(history["days"]), 3)
        self.check("/api/v1/status/{service_id}/history", "/api/v1/status/oa-bok/history?days=401", 400)
        self.check("/api/v1/status/{service_id}/history", "/api/v1/status/finns-inte/history", 404)
        times = self.check("/api/v1/status/{service_id}/response-times", "/api/v1/status/oa-bok/response-times")
        self.assertTrue(times["locations"])
        self.check("/api/v1/status/{service_id}/response-times", "/api/v1/status/finns-inte/response-times", 404)
        archive = self.check("/api/v1/announcements", "/api/v1/announcements?limit=1")
        self.assertEqual(len(archive["announcements"]), 1)
        self.check("/api/v1/announcements", "/api/v1/announcements?limit=101", 400)

    def test_announcement_and_patch_answers_match(self):
        archive = self.check("/api/v1/announcements", "/api/v1/announcements?limit=100&service=oa-bok&kind=incident")
        self.assertEqual(len(archive["announcements"]), 1)
        self.check("/api/v1/announcements", "/api/v1/announcements?open=maybe", 400)
        ann_id = archive["announcements"][0]["announcement_id"]
        one = self.check("/api/v1/announcements/{announcement_id}", f"/api/v1/announcements/{ann_id}")
        self.assertEqual(one["announcement_id"], ann_id)
        self.check("/api/v1/announcements/{announcement_id}", "/api/v1/announcements/finns-inte", 404)

        def patch(body, if_match):
            headers = {"Authorization": f"Bearer {env.TOKEN}", "Content-Type": "application/merge-patch+json"}
            if if_match:
                headers["If-Match"] = if_match
            code, _, raw = self.stack.request("PATCH", f"/api/v1/announcements/{ann_id}", json.dumps(body).encode(),
                                              headers)
            answer = json.loads(raw)
            self.validate_answer("/api/v1/announcements/{announcement_id}", "patch", code, answer)
            return code
        self.assertEqual(patch({"state": "monitoring"}, None), 428)
        self.assertEqual(patch({"state": "monitoring"}, '"rev-99"'), 409)
        self.assertEqual(patch({"state": "scheduled"}, f'"rev-{one["revision"]}"'), 400)
        self.assertEqual(patch({"state": "monitoring"}, f'"rev-{one["revision"]}"'), 202)

    def test_admin_and_ingest_answers_match(self):
        self.check("/api/v1/announcements", "/api/v1/announcements", 400, "post",
                   {"kind": "planned_maintenance", "service_ids": [], "state": "later"})
        code, _, raw = self.stack.request("POST", "/api/v1/announcements", b"{}", {"Authorization": "Bearer wrong"})
        self.assertEqual(code, 401)
        self.validate_answer("/api/v1/announcements", "post", 401, json.loads(raw))
        self.check("/api/v1/announcements/{announcement_id}", "/api/v1/announcements/finns-inte", 404, "put",
                   {"kind": "incident", "service_ids": ["oa-bok"], "state": "resolved",
                    "starts_at": "2026-11-26T10:00:00Z", "ends_at": "2026-11-26T11:00:00Z", "title_sv": "x",
                    "body_sv": ""})
        ingest = self.check("/api/v1/ingest", "/api/v1/ingest")
        self.assertTrue(ingest["partitions"])


if __name__ == "__main__":
    unittest.main()
