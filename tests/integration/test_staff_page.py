"""The staff page /admin/driftinformation (issue 17, item 3) in Debian's
chromium: tests/ui/staff.mjs enters the token, creates an incident, sees the
API's validation error at the bad field, publishes the corrected one, sees it
on /driftinformation, resolves it and sees it leave the public page for the
archive. And axe-core (WCAG 2.1 AA tags, tests/ui/a11y.mjs) reports zero
violations on the page at 1280 and 360 px. Skips only when chromium is
missing and cannot be installed.
"""
import os
import subprocess
import unittest

import node_deps
import test_status as env  # the module, not its classes: unittest must not collect them twice here
from test_accessibility import CHROMIUM, UI, ensure_chromium


class StaffPage(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        why = ensure_chromium()
        if why:
            raise unittest.SkipTest(f"staff page check skipped: {why}")
        cls.node = node_deps.ensure_node_modules()
        cls.stack = env.StatusStack()
        cls.stack.produce([env.service_event("skolval", "Skolval"), env.service_event("bibliotek", "Bibliotekskonto")])
        cls.stack.wait_services(["skolval", "bibliotek"])

    @classmethod
    def tearDownClass(cls):
        if getattr(cls, "stack", None):
            cls.stack.close()

    def run_node(self, args, **env_extra):
        r = subprocess.run([self.node] + args, cwd=UI, capture_output=True, text=True, timeout=600,
                           env=dict(os.environ, CHROMIUM=CHROMIUM, **env_extra))
        print(r.stdout)
        return r

    def test_page_needs_no_token_to_load_and_is_never_framed(self):
        status, headers, body = self.stack.request("GET", "/admin/driftinformation")
        self.assertEqual(status, 200)
        self.assertEqual(headers["content-type"], "text/html; charset=utf-8")
        self.assertEqual(headers["x-frame-options"], "DENY")
        self.assertIn("frame-ancestors 'none'", headers["content-security-policy"])
        self.assertIn("script-src 'self'", headers["content-security-policy"])
        self.assertIn(b'<html lang="sv">', body)
        status, headers, _ = self.stack.request("GET", "/admin/driftinformation", headers={"If-None-Match": headers["etag"]})
        self.assertEqual(status, 304)
        status, headers, script = self.stack.request("GET", "/admin/driftinformation/app.js")
        self.assertEqual(status, 200)
        self.assertEqual(headers["content-type"], "text/javascript; charset=utf-8")
        self.assertIn(b"sessionStorage", script)
        self.assertNotIn(b"document.cookie", script)
        self.assertNotIn(b"localStorage", script)

    def test_staff_create_fix_publish_resolve(self):
        r = self.run_node(["staff.mjs", self.stack.base, "skolval"], ADMIN_TOKEN=env.TOKEN)
        self.assertEqual(r.returncode, 0, f"{r.stdout}\n{r.stderr[-3000:]}")
        self.assertNotIn("FAIL", r.stdout)
        with open(os.path.join(self.stack.dir, "serve.log"), encoding="utf-8", errors="replace") as f:
            self.assertNotIn(env.TOKEN, f.read())

    def test_axe_finds_no_violations(self):
        r = self.run_node(["a11y.mjs", "--scheme=light", self.stack.base, "/admin/driftinformation"])
        self.assertEqual(r.returncode, 0, f"axe reported violations or failed:\n{r.stdout}\n{r.stderr[-3000:]}")
        # The CSP check and the page at two widths.
        self.assertEqual(r.stdout.count("ok   "), 3, r.stdout)


if __name__ == "__main__":
    unittest.main()
