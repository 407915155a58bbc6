#!/usr/bin/env python3
"""A rebuild without downtime (README "Rebuilds without downtime"), measured against the replay a
rebuild with downtime would be.

Usage: bench/rebuild.py [events=1000000] [partitions=64] [live_per_s=500]

One standalone broker holds `events` events of `fold_bench --emit` (its realistic mix). First the
baseline: `followup replay` of the whole log into an empty dir (what `--auto-replay` does, with
the status pages down meanwhile). Then the same log folded into a data dir of the previous
projection version (`replay --projection-version 3`), and `followup serve` started on it with live
traffic (`live_per_s` further events a second, in chunks every 0.5 s) while /api/v1/status is read
every 50 ms. Reported: the rebuild's rate and time to take over (from the service's log), the
pause of ingestion at the switch, and the status reads during the rebuild (count, failures,
latency) against the same reads after it.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("FOLLOWUP_BIN_DIR", os.path.join(ROOT, "build", "bin"))
FOLLOWUP = os.path.join(BIN, "followup")


def get(port, path):
    with urllib.request.urlopen("http://127.0.0.1:%d%s" % (port, path), timeout=10) as r:
        return r.status, r.read()


def free_port():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def timed(args):
    t0 = time.monotonic()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.monotonic() - t0


def percentile(xs, q):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))] if xs else float("nan")


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000000
    parts = int(sys.argv[2]) if len(sys.argv) > 2 else 64
    live_rate = int(sys.argv[3]) if len(sys.argv) > 3 else 500
    work = tempfile.mkdtemp(prefix="followup-rebuild-bench-")
    broker = subprocess.Popen([FOLLOWUP, "broker", "--partitions", str(parts), "--address-file",
                               os.path.join(work, "addr")],
                              stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    serve = None
    try:
        addr_file = os.path.join(work, "addr")
        while not os.path.exists(addr_file) or not open(addr_file).read().strip():
            time.sleep(0.05)
        addr = open(addr_file).read().strip()
        live_total = live_rate * 120  # enough for two minutes of live traffic
        events = os.path.join(work, "events.ndjson")
        with open(events, "wb") as f:
            subprocess.run([os.path.join(BIN, "fold_bench"), "--emit", str(n + live_total)], stdout=f, check=True)
        with open(events, "rb") as f:
            lines = f.readlines()
        log_file, live_lines = os.path.join(work, "log.ndjson"), lines[n:]
        with open(log_file, "wb") as f:
            f.writelines(lines[:n])
        subprocess.run([FOLLOWUP, "produce", "--brokers", addr, log_file], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

        replay = timed([FOLLOWUP, "replay", "--brokers", addr, "--data-dir", os.path.join(work, "replayed")])
        data = os.path.join(work, "data")
        timed([FOLLOWUP, "replay", "--brokers", addr, "--data-dir", data, "--projection-version", "3"])
        print("log: %d events, %d partitions; live traffic %d events/s; cores: %d" %
              (n, parts, live_rate, os.cpu_count()))
        print("baseline: replay into an empty dir (the status down meanwhile): %.1f s, %.0f events/s" %
              (replay, n / replay))

        port = free_port()
        serve_log = os.path.join(work, "serve.log")
        serve = subprocess.Popen([FOLLOWUP, "serve", "--brokers", addr, "--data-dir", data, "--listen",
                                  "127.0.0.1:%d" % port], stdout=open(serve_log, "wb"), stderr=subprocess.STDOUT)
        while True:
            try:
                if get(port, "/readyz")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.05)

        stop = threading.Event()
        reads = []  # (monotonic, seconds, status, rebuilding)

        def feed():
            i, chunk = 0, max(1, live_rate // 2)
            while not stop.is_set() and i < len(live_lines):
                path = os.path.join(work, "live-%d.ndjson" % i)
                with open(path, "wb") as f:
                    f.writelines(live_lines[i:i + chunk])
                subprocess.run([FOLLOWUP, "produce", "--brokers", addr, path], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
                i += chunk
                time.sleep(0.5)

        def poll():
            while not stop.is_set():
                t0 = time.monotonic()
                try:
                    status, _ = get(port, "/api/v1/status")
                except OSError:
                    status = 0
                dt = time.monotonic() - t0
                try:
                    rebuilding = b'"rebuild"' in get(port, "/api/v1/ingest")[1]
                except OSError:
                    rebuilding = None
                reads.append((t0, dt, status, rebuilding))
                time.sleep(0.05)

        threads = [threading.Thread(target=feed, daemon=True), threading.Thread(target=poll, daemon=True)]
        for t in threads:
            t.start()
        deadline = time.monotonic() + 1800
        switched = None
        while time.monotonic() < deadline:
            m = re.search(rb"switched in ([0-9.]+) s, ([0-9.]+) s in all", open(serve_log, "rb").read())
            if m:
                switched = (float(m.group(1)), float(m.group(2)))
                break
            time.sleep(0.2)
        if not switched:
            raise SystemExit("no switch within 30 minutes; see " + serve_log)
        time.sleep(10)  # reads after the switch, for comparison
        stop.set()
        for t in threads:
            t.join(60)
        during = [r for r in reads if r[3]]
        after = [r for r in reads if r[3] is False]
        failed = [r for r in reads if r[2] != 200]
        print("rebuild beside the served projections: took over %.1f s after it began (%.0f events/s); "
              "ingestion paused %.2f s at the switch" % (switched[1], n / switched[1], switched[0]))
        for name, rs in (("during the rebuild", during), ("after the switch", after)):
            lat = [r[1] * 1000 for r in rs]
            print("/api/v1/status %s: %d reads, median %.1f ms, p99 %.1f ms, max %.1f ms" %
                  (name, len(rs), percentile(lat, 0.5), percentile(lat, 0.99), max(lat) if lat else float("nan")))
        print("reads that did not answer 200: %d of %d" % (len(failed), len(reads)))
        st = json.loads(get(port, "/api/v1/ingest")[1])
        print("after: ready %s, %d folded, lag %d" % (st["ready"], st["events_folded"], st["lag"]))
    finally:
        if serve:
            serve.terminate()
            serve.wait(60)
        broker.kill()
        broker.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
