"""The command line as people expect it (issue 17, item 6): --version, an
unknown command named in the error, validate reporting every problem of a
line, and quarters in either case."""
import os
import re
import subprocess
import tempfile
import unittest

import test_status as env  # the module, not its classes: unittest must not collect them twice here

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))


def followup(*args, timeout=60):
    return subprocess.run([env.BIN, *args], capture_output=True, timeout=timeout)


class Cli(unittest.TestCase):
    def setUp(self):
        if not os.path.exists(env.BIN):
            raise unittest.SkipTest(f"followup binary not built: {env.BIN}")

    def test_version_is_the_cmake_project_version(self):
        with open(os.path.join(ROOT, "CMakeLists.txt")) as f:
            version = re.search(r"project\(followup VERSION ([0-9.]+)", f.read()).group(1)
        cp = followup("--version")
        self.assertEqual(cp.returncode, 0, cp.stderr)
        self.assertEqual(cp.stdout.decode(), f"followup {version}\n")

    def test_unknown_command_is_named(self):
        cp = followup("frobnicate", "--data-dir", "x")
        self.assertEqual(cp.returncode, 2)
        err = cp.stderr.decode()
        self.assertIn("unknown command 'frobnicate'", err)
        self.assertIn("validate", err)
        self.assertEqual(cp.stdout, b"")

    def test_validate_reports_every_problem_of_a_line(self):
        good = ('{"type":"announcement.v1","event_id":"e1","occurred_at":"2026-11-26T10:00:00Z",'
                '"announcement_id":"a","revision":1,"kind":"incident","service_ids":["skolval"],'
                '"state":"investigating","starts_at":"2026-11-26T10:00:00Z","ends_at":null,"title_sv":"T",'
                '"body_sv":""}')
        # Line 2: revision 0, state "open", title_en 5; line 3: broken JSON.
        bad = good.replace('"revision":1', '"revision":0').replace('"investigating"', '"open"')[:-1] + ',"title_en":5}'
        with tempfile.NamedTemporaryFile("w", suffix=".ndjson", delete=False) as f:
            f.write(good + "\n" + bad + "\n" + '{"type":' + "\n")
            path = f.name
        try:
            cp = followup("validate", path)
        finally:
            os.unlink(path)
        self.assertEqual(cp.returncode, 1, cp.stderr)
        lines = cp.stdout.decode().splitlines()
        self.assertEqual(lines[0], f"{path}:2: revision: must be >= 1 (got 0)")
        self.assertEqual(lines[1], f"{path}:2: state: must be one of "
                                   "scheduled|investigating|identified|monitoring|resolved|cancelled (got \"open\")")
        self.assertEqual(lines[2], f"{path}:2: title_en: must be a string (got 5)")
        self.assertTrue(lines[3].startswith(f"{path}:3: message: invalid JSON"), lines[3])
        self.assertEqual(len(lines), 4, lines)
        self.assertIn("1 valid, 2 rejected", cp.stderr.decode())


class CliReport(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.stack = env.StatusStack()
        cls.stack.produce([env.service_event("skolval", "Skolval")])
        cls.stack.wait_services(["skolval"])

    @classmethod
    def tearDownClass(cls):
        cls.stack.close()

    def test_quarter_in_either_case(self):
        data = os.path.join(self.stack.dir, "data")
        upper = followup("report", "--data-dir", data, "--quarter", "2026Q3")
        lower = followup("report", "--data-dir", data, "--quarter", "2026q3")
        self.assertEqual(upper.returncode, 0, upper.stderr)
        self.assertEqual(lower.returncode, 0, lower.stderr)
        self.assertTrue(upper.stdout)
        self.assertEqual(lower.stdout, upper.stdout)
        bad = followup("report", "--data-dir", data, "--quarter", "2026x3")
        self.assertEqual(bad.returncode, 2)
        self.assertIn("malformed quarter '2026x3'", bad.stderr.decode())


if __name__ == "__main__":
    unittest.main()
