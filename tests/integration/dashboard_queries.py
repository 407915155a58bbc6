"""The dashboards' PromQL as Grafana would send it: shared by test_dashboards (structure and
syntax) and test_prometheus (every query answered by a real Prometheus)."""

import glob
import json
import os
import re

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
DASH_JSON_DIR = os.path.join(ROOT, "dashboards", "json")

# Grafana's built-in variables, as a 1 s scrape interval makes them.
GRAFANA_MACROS = {"__rate_interval": "1m", "__interval": "15s", "__range": "1h", "__range_s": "3600"}


def load_dashboards():
    """{path: dashboard JSON} for every dashboard, in path order."""
    out = {}
    for path in sorted(glob.glob(os.path.join(DASH_JSON_DIR, "*.json"))):
        with open(path, encoding="utf-8") as f:
            out[path] = json.load(f)
    return out


def all_panels(panels):
    for p in panels:
        yield p
        yield from all_panels(p.get("panels") or [])


def targets(d):
    for p in all_panels(d["panels"]):
        for t in p.get("targets") or []:
            yield p, t


def substitute(expr, values=None):
    """Replaces $var, ${var} and [[var]] of the dashboard variables and Grafana macros."""
    values = values or {"owner": ".*", "service": ".*"}

    def repl(m):
        name = m.group(1) or m.group(2) or m.group(3)
        if name in values:
            return values[name]
        if name in GRAFANA_MACROS:
            return GRAFANA_MACROS[name]
        raise AssertionError("unknown variable $%s in %r" % (name, expr))
    return re.sub(r"\$\{(\w+)(?::\w+)?\}|\[\[(\w+)\]\]|\$(\w+)", repl, expr)
