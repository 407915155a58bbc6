#!/usr/bin/env python3
"""A timeline of one instance catching up: what it has folded and which of its threads use the CPU.

Usage: bench/cpu_timeline.py [plain|scale-out] [events=400000] [partitions=24]

A fresh `followup broker` holds `fold_bench --emit` events (produced with `followup produce`, as
in bench/scaleout.py, whose helpers this uses); one fresh `serve` (with `--scale-out` if asked)
folds them. Every 0.1 s the script reads /api/v1/ingest (the offsets folded on the co-partitioned
inputs, and ready) and the CPU time of each thread of the instance and of the broker process from
/proc, and prints one line:

   t (s)  folded  ready  broker CPU %  | thread:CPU% ...

A fold that is the limit shows its thread at ~100 % throughout; a line with nothing folded and no
thread busy is a wait on a timer or a peer. (This is how the consumer's prefetch pause and the
waits before ready, bench/README.md, were found.) Set FOLLOWUP_CONFIG to try Kafka settings.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

from scaleout import BIN, PARTITIONED, emit_events, free_port, start_broker

HZ = os.sysconf("SC_CLK_TCK")


def cpu_ticks(path):
    """(user + system ticks, name) of /proc/<pid>[/task/<tid>]/stat."""
    with open(path) as f:
        stat = f.read()
    rest = stat[stat.rindex(")") + 2:].split()
    return int(rest[11]) + int(rest[12]), stat[stat.index("(") + 1:stat.rindex(")")]


def main():
    mode = sys.argv[1] if len(sys.argv) > 1 else "plain"
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 400000
    parts = int(sys.argv[3]) if len(sys.argv) > 3 else 24
    if mode not in ("plain", "scale-out"):
        raise SystemExit(__doc__)
    work = tempfile.mkdtemp(prefix="followup-timeline-")
    events, expect = emit_events(work, n)
    broker, addr = start_broker(work, parts, events)
    serve = None
    try:
        port = free_port()
        serve = subprocess.Popen(
            [os.path.join(BIN, "followup"), "serve"] + (["--scale-out"] if mode == "scale-out" else []) +
            ["--brokers", addr, "--group-id", "timeline", "--data-dir", os.path.join(work, "data"),
             "--listen", "127.0.0.1:%d" % port],
            stdout=open(os.path.join(work, "serve.log"), "wb"), stderr=subprocess.STDOUT)
        before = {}
        t0 = time.monotonic()
        print("log: %d events on the co-partitioned inputs; t in s from the instance's start" % expect)
        while time.monotonic() - t0 < 120:
            time.sleep(0.1)
            try:
                with urllib.request.urlopen("http://127.0.0.1:%d/api/v1/ingest" % port, timeout=2) as r:
                    st = json.loads(r.read())
            except OSError:
                continue
            folded = sum(p["offset"] for p in st["partitions"] if p["topic"].split(".")[-1] in PARTITIONED)
            busy = []
            for tid in sorted(os.listdir("/proc/%d/task" % serve.pid), key=int):
                try:
                    ticks, name = cpu_ticks("/proc/%d/task/%s/stat" % (serve.pid, tid))
                except OSError:
                    continue
                d = ticks - before.get(tid, ticks)
                before[tid] = ticks
                if d:
                    busy.append("%s:%d" % (name, d * 1000 // HZ))
            ticks, _ = cpu_ticks("/proc/%d/stat" % broker.pid)
            d = ticks - before.get("broker", ticks)
            before["broker"] = ticks
            print("%6.2f %8d %-5s %4d | %s" % (time.monotonic() - t0, folded, st["ready"], d * 1000 // HZ,
                                               " ".join(busy)), flush=True)
            if st["ready"] and folded >= expect:
                break
    finally:
        for p in (serve, broker):
            if p:
                p.kill()
                p.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
