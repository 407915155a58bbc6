"""Named admin tokens with scopes, the audit id in every event the admin API
writes, refused attempts logged without the token and counted, and failed
attempts slowed down per client address (issue 17, item 4). Through the real
binary, a standalone mock broker and kcat.

The stack has a token file with two named tokens (their SHA-256 computed here
with hashlib, independently of the binary), the single token of
--admin-token-file (id "admin", every scope) and 127.0.0.1 as a trusted
proxy, so that X-Forwarded-For names the client of each request: one address
guesses tokens while others carry on.
"""
import datetime
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import unittest

import test_status as env  # the module, not its classes: unittest must not collect them twice here
from harness import kcat_consume

DRIFT = "driftledningens-hemliga-token-0123456789"
ILS = "ils-teamets-hemliga-token-0123456789"
GUESS = "en-gissad-token-som-aldrig-far-loggas"


def now():
    return datetime.datetime.now(datetime.timezone.utc)


def incident(ann_id):
    return {"announcement_id": ann_id, "kind": "incident", "service_ids": ["skolval"], "state": "investigating",
            "starts_at": env.rfc3339(now() - datetime.timedelta(minutes=5)), "ends_at": None,
            "title_sv": "Inloggningen fungerar inte", "body_sv": "Vi felsöker."}


TARGET = {"indicator": "qual.availability", "scope": "city", "scope_id": "stockholm", "year": 2026, "value": 0.99}


class AdminTokens(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not os.path.exists(env.BIN):
            raise unittest.SkipTest(f"followup binary not built: {env.BIN}")
        cls.tmp = tempfile.mkdtemp(prefix="followup-tokens-")
        cls.tokens_file = os.path.join(cls.tmp, "admin-tokens.yaml")
        with open(cls.tokens_file, "w") as f:
            f.write("tokens:\n"
                    f"  - id: driftledning\n    sha256: {hashlib.sha256(DRIFT.encode()).hexdigest()}\n"
                    "    scopes: [announcements]\n"
                    f"  - id: ils-team\n    sha256: {hashlib.sha256(ILS.encode()).hexdigest()}\n"
                    "    scopes: [targets]\n")
        cls.stack = env.StatusStack(extra_args=["--admin-tokens-file", cls.tokens_file,
                                                "--trusted-proxies", "127.0.0.1"])
        cls.stack.produce([env.service_event("skolval", "Skolval")])
        cls.stack.wait_services(["skolval"])

    @classmethod
    def tearDownClass(cls):
        cls.stack.close()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def call(self, method, path, body, token, client=None):
        headers = {"Content-Type": "application/json"}
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        if client:
            headers["X-Forwarded-For"] = client
        status, headers, raw = self.stack.request(method, path, json.dumps(body).encode(), headers)
        return status, headers, (json.loads(raw) if raw else None)

    def failures(self):
        out = {}
        for line in self.stack.request("GET", "/metrics")[2].decode().splitlines():
            if line.startswith("followup_admin_auth_failures_total{"):
                out[line.split('"')[1]] = float(line.rsplit(" ", 1)[1])
        return out

    def whole_log(self):
        with open(os.path.join(self.stack.dir, "serve.log"), encoding="utf-8", errors="replace") as f:
            return f.read()

    def test_every_event_names_its_token(self):
        self.assertEqual(self.call("POST", "/api/v1/announcements", incident("av-drift"), DRIFT)[0], 202)
        self.assertEqual(self.call("POST", "/api/v1/announcements", incident("av-admin"), env.TOKEN)[0], 202)
        status, _, answer = self.call("POST", "/api/v1/targets", TARGET, ILS)
        self.assertEqual(status, 202, answer)
        st = self.stack
        actors = {m["key"]: json.loads(m["payload"]).get("actor")
                  for m in kcat_consume(st.brokers, "followup.announcements") if m.get("key") in ("av-drift", "av-admin")}
        self.assertEqual(actors, {"av-drift": "driftledning", "av-admin": "admin"})
        targets = [json.loads(m["payload"]) for m in kcat_consume(st.brokers, "followup.catalog")
                   if m.get("key") == "qual.availability"]
        self.assertEqual([t["actor"] for t in targets], ["ils-team"])
        self.assertEqual(targets[0]["event_id"], answer["event_id"])
        # The event with its actor folds like any other: the announcement is shown.
        env.wait_for("av-drift folded", lambda: st.request("GET", "/api/v1/announcements/av-drift")[0] == 200)
        log = self.whole_log()
        self.assertIn('admin: announcement "av-drift" revision 1 written as event', log)
        self.assertIn("by driftledning", log)

    def test_a_scope_the_token_lacks_is_403_and_counted(self):
        before = self.failures()
        self.assertEqual(set(before), {"missing", "wrong", "forbidden", "throttled"})
        status, headers, answer = self.call("POST", "/api/v1/announcements", incident("av-ils"), ILS)
        self.assertEqual(status, 403)
        self.assertEqual(headers["content-type"], "application/json")
        self.assertEqual(answer["scope"], "announcements")
        self.assertIn("ils-team", answer["error"])
        status, _, answer = self.call("POST", "/api/v1/targets", TARGET, DRIFT)
        self.assertEqual(status, 403)
        self.assertEqual(answer["scope"], "targets")
        self.assertEqual(self.failures()["forbidden"] - before["forbidden"], 2)
        log = self.whole_log()
        self.assertIn("admin: refused POST /api/v1/announcements: the token 'ils-team' lacks the scope announcements",
                      log)
        for secret in (DRIFT, ILS, env.TOKEN):
            self.assertNotIn(secret, log)

    def test_failed_attempts_are_slowed_down_per_client(self):
        guesser, other = "192.0.2.7", "192.0.2.8"
        before = self.failures()
        # Ten wrong tokens are answered 401 (the allowance: 10 per minute)...
        for i in range(10):
            status, headers, _ = self.call("POST", "/api/v1/announcements", {}, f"{GUESS}-{i}", guesser)
            self.assertEqual(status, 401, i)
        # ...then the address is refused whatever it sends, a correct token too.
        status, headers, answer = self.call("POST", "/api/v1/announcements", {}, f"{GUESS}-x", guesser)
        self.assertEqual(status, 429)
        wait = int(headers["retry-after"])
        self.assertGreaterEqual(wait, 1)
        self.assertLessEqual(wait, 6)  # one attempt is earned every 60 s / 10
        self.assertIn("error", answer)
        self.assertEqual(self.call("POST", "/api/v1/announcements", incident("av-blockerad"), DRIFT, guesser)[0], 429)
        # Someone else's failures change nothing for another address, nor for the proxy's own requests.
        self.assertEqual(self.call("POST", "/api/v1/announcements", incident("av-annan"), DRIFT, other)[0], 202)
        self.assertEqual(self.call("POST", "/api/v1/announcements", incident("av-direkt"), DRIFT)[0], 202)
        after = self.failures()
        self.assertEqual(after["wrong"] - before["wrong"], 10)
        self.assertEqual(after["throttled"] - before["throttled"], 2)
        # The block ends: after Retry-After the correct token works again from that address.
        env.wait_for("the guessing address to be let through again",
                     lambda: self.call("POST", "/api/v1/announcements", incident("av-efter"), DRIFT, guesser)[0] == 202,
                     deadline_s=wait + 5, interval=0.5)
        log = self.whole_log()
        self.assertIn("admin: refused POST /api/v1/announcements: too many failed attempts from this client", log)
        self.assertNotIn(GUESS, log)
        self.assertNotIn(DRIFT, log)
        self.assertNotIn(guesser, log)  # no client addresses in the log either

    def test_token_tool_prints_what_the_file_needs(self):
        cp = subprocess.run([env.BIN, "token", "hash"], input=DRIFT + "\n", capture_output=True, text=True,
                            timeout=30)
        self.assertEqual(cp.returncode, 0, cp.stderr)
        self.assertEqual(cp.stdout.strip(), hashlib.sha256(DRIFT.encode()).hexdigest())
        cp = subprocess.run([env.BIN, "token", "new", "--id", "kundtjanst", "--scope", "subscriptions",
                             "--scope", "webhooks"], capture_output=True, text=True, timeout=30)
        self.assertEqual(cp.returncode, 0, cp.stderr)
        lines = [l for l in cp.stdout.splitlines() if not l.startswith("#")]
        token = lines[0]
        self.assertEqual(len(token), 64)
        self.assertEqual(lines[1:], ["  - id: kundtjanst", f"    sha256: {hashlib.sha256(token.encode()).hexdigest()}",
                                     "    scopes: [subscriptions, webhooks]"])
        cp = subprocess.run([env.BIN, "token", "new", "--id", "x", "--scope", "announcement"], capture_output=True,
                            text=True, timeout=30)
        self.assertEqual(cp.returncode, 2)
        self.assertIn("unknown scope 'announcement'", cp.stderr)


if __name__ == "__main__":
    unittest.main()
