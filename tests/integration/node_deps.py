"""The pinned Node packages of tests/ui (package-lock.json: axe-core,
playwright-core, @redocly/cli, ical.js) for the tests that run them.

ensure_node_modules() installs them with `npm ci` (from the lock file, cache
first) unless every locked package is already installed at its locked
version. An exclusive file lock serialises it: ctest runs integration tests in
parallel, and two `npm ci` at once would delete each other's node_modules.
Nothing here downloads a browser or anything at run time of the tools.
"""
import fcntl
import json
import os
import shutil
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
UI = os.path.abspath(os.path.join(HERE, "..", "ui"))


def _installed_matches_lock():
    with open(os.path.join(UI, "package-lock.json"), encoding="utf-8") as f:
        lock = json.load(f)
    for path, info in lock.get("packages", {}).items():
        if not path.startswith("node_modules/"):
            continue
        try:
            with open(os.path.join(UI, path, "package.json"), encoding="utf-8") as f:
                if json.load(f).get("version") != info.get("version"):
                    return False
        except (OSError, ValueError):
            return False
    return True


def ensure_node_modules():
    """Returns the path of node; raises AssertionError when node/npm are missing or npm ci fails."""
    npm, node = shutil.which("npm"), shutil.which("node")
    if not npm or not node:
        raise AssertionError("node and npm are required (scripts/install-deps installs them)")
    with open(os.path.join(UI, ".npm-ci.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not _installed_matches_lock():
            r = subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--prefer-offline"], cwd=UI,
                               capture_output=True, text=True, timeout=600)
            if r.returncode != 0:
                raise AssertionError(f"npm ci in tests/ui failed:\n{r.stdout[-2000:]}\n{r.stderr[-2000:]}")
    return node
