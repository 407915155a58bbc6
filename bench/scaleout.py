#!/usr/bin/env python3
"""Ingest throughput of 1, 2 and 3 scale-out instances in one consumer group.

Usage: bench/scaleout.py [events=400000] [partitions=24] [instances=1,2,3]

For each instance count K, a fresh standalone broker (`followup broker`) holds the log:
`fold_bench --emit` events, keyed by service through `followup produce`. K fresh instances
(new group, new data dirs) start on that log and the clock runs until they have folded every partition of the
co-partitioned inputs and all are ready (rebuilt and published). The same K instances are also
timed on an empty log (another topic prefix on the same broker): group join, rebalances and
readiness. The rate is events / (time all folded and serving - first time every partition had an
owner): it includes the rebalances while instances join, the rebuilds that follow a move, and the
publication of every row to followup.aggregates (which every instance reads back).
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("FOLLOWUP_BIN_DIR", os.path.join(ROOT, "build", "bin"))
PARTITIONED = ("probes", "usage", "surveys", "finance")


def get(port, path):
    with urllib.request.urlopen("http://127.0.0.1:%d%s" % (port, path), timeout=5) as r:
        return json.loads(r.read())


def free_port():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_instances(work, broker, k, prefix, group, expect, parts, scale_out=True):
    """Starts k instances (one plain `serve` when not scale_out); returns (seconds until they fold
    `expect` partitioned messages and are ready, seconds until the first moment every partition had
    an owner, seconds until the first poll that saw anything folded)."""
    procs, ports = [], []
    t0 = time.monotonic()
    covered = first = None
    for i in range(k):
        port = free_port()
        d = os.path.join(work, "%s-%d" % (group, i))
        log = open(d + ".log", "wb")
        procs.append(subprocess.Popen(
            [os.path.join(BIN, "followup"), "serve"] + (["--scale-out"] if scale_out else []) +
            ["--brokers", broker, "--group-id", group,
             "--topic-prefix", prefix, "--data-dir", d, "--listen", "127.0.0.1:%d" % port],
            stdout=log, stderr=subprocess.STDOUT))
        ports.append(port)
    try:
        while True:
            if time.monotonic() - t0 > 600:
                raise SystemExit("timed out")
            try:
                done, ready, owned = 0, True, 0
                for port in ports:
                    st = get(port, "/api/v1/ingest")
                    ready &= st["ready"]
                    mine = [p for p in st["partitions"] if p["topic"][len(prefix):] in PARTITIONED]
                    done += sum(p["offset"] for p in mine)
                    owned += len(mine)
                if covered is None and owned >= parts * len(PARTITIONED):
                    covered = time.monotonic() - t0
                if first is None and done > 0:
                    first = time.monotonic() - t0
                if ready and done == expect:
                    return time.monotonic() - t0, covered, first
            except OSError:
                pass
            time.sleep(0.05)
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            p.wait(60)


def emit_events(work, n):
    """Writes n `fold_bench --emit` events under work; returns (path, how many are on the
    co-partitioned inputs: all but the catalog's and the announcements')."""
    events = os.path.join(work, "events.ndjson")
    with open(events, "wb") as f:
        subprocess.run([os.path.join(BIN, "fold_bench"), "--emit", str(n)], stdout=f, check=True)
    expect = 0
    with open(events) as f:
        for line in f:
            expect += json.loads(line)["type"] not in ("service.v1", "announcement.v1")
    return events, expect


def start_broker(work, parts, events):
    """A fresh broker holding `events` under followup. and an empty log under empty.; returns
    (process, address). Each K gets its own: on a shared broker the aggregates topic would keep
    the rows an earlier K published, and the next instances' views would read them too."""
    addr_file = os.path.join(work, "addr")
    if os.path.exists(addr_file):
        os.remove(addr_file)
    broker = subprocess.Popen([os.path.join(BIN, "followup"), "broker", "--partitions", str(parts),
                               "--address-file", addr_file],
                              stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while not os.path.exists(addr_file):
        time.sleep(0.05)
    addr = open(addr_file).read().strip()
    # An empty log under another prefix, for the join/rebalance baseline.
    for t in PARTITIONED + ("catalog", "announcements", "deadletter", "aggregates"):
        broker.stdin.write(("create empty.%s %d\n" % (t, parts)).encode())
    broker.stdin.flush()
    subprocess.run([os.path.join(BIN, "followup"), "produce", "--brokers", addr, events], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return broker, addr


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 400000
    parts = int(sys.argv[2]) if len(sys.argv) > 2 else 24
    counts = [int(x) for x in (sys.argv[3] if len(sys.argv) > 3 else "1,2,3").split(",")]
    work = tempfile.mkdtemp(prefix="followup-scaleout-")
    try:
        events, expect = emit_events(work, n)
        print("events on co-partitioned inputs: %d, partitions: %d, cores: %d" % (expect, parts, os.cpu_count()))
        for k in counts:
            broker, addr = start_broker(work, parts, events)
            try:
                empty, _, _ = run_instances(work, addr, k, "empty.", "empty-%d" % k, 0, parts)
                if k == 1:
                    # The peer doing the same work in the same run: a plain instance folding the
                    # same log from the same broker (it publishes no rows, so it changes nothing
                    # the scale-out instance then reads).
                    p_full, _, p_first = run_instances(work, addr, 1, "followup.", "plain", expect, parts,
                                                       scale_out=False)
                    plain = expect / max(p_full - p_first, 1e-9)
                    print("plain serve: %6.2f s from start to all folded and ready; first fold after %5.2f s; "
                          "%8.0f events/s from first fold to all" % (p_full, p_first, plain))
                full, covered, first = run_instances(work, addr, k, "followup.", "bench-%d" % k, expect, parts)
            finally:
                broker.kill()
                broker.wait()
            rate = expect / max(full - covered, 1e-9)
            from_first = expect / max(full - first, 1e-9)
            print("instances %d: %6.2f s from start to all folded and serving; every partition owned after "
                  "%5.2f s; %8.0f events/s from then (ready on an empty log: %5.2f s); first fold after %5.2f s, "
                  "%8.0f events/s from then" % (k, full, covered, rate, empty, first, from_first))
            if k == 1:
                print("scale-out / plain, first fold to all: %.2f" % (from_first / plain))
    finally:
        shutil.rmtree(work, ignore_errors=True)

if __name__ == "__main__":
    main()
