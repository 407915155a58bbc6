"""Helpers for the integration tests: processes (broker, serve), HTTP, kcat, dump.

Python 3 standard library only.  Every process a test starts is registered with
the test case and killed in its cleanup, also when the test fails.

Environment:
  FOLLOWUP_BIN   the followup binary (default /work/main/build/bin/followup)
  FOLLOWUP_SPEC  the spec directory (default ../../../shared/spec from this directory)
  FOLLOWUP_KEEP_TMP=1  keep the temporary directories (logs, data dirs) for inspection
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import unittest
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
BIN = os.environ.get("FOLLOWUP_BIN", "/work/main/build/bin/followup")
SPEC = os.path.abspath(os.environ.get("FOLLOWUP_SPEC", os.path.join(HERE, "..", "..", "..", "shared", "spec")))
KCAT = shutil.which("kcat") or shutil.which("kafkacat") or "kcat"

INPUT_TOPICS = ("followup.catalog", "followup.probes", "followup.usage", "followup.surveys",
                "followup.finance", "followup.announcements")
DEADLETTER = "followup.deadletter"


def clean_env(**overrides):
    """The environment for a child process: no FOLLOWUP_* leaks in from the caller."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FOLLOWUP_")}
    env.update({k: str(v) for k, v in overrides.items()})
    return env


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(predicate, timeout, what, interval=0.05):
    """Polls predicate() until it returns a truthy value or the deadline passes. An AssertionError
    from the predicate fails at once; other exceptions (connection refused, ...) are retried."""
    deadline = time.monotonic() + timeout
    last_exc = None
    while True:
        try:
            v = predicate()
            if v:
                return v
        except AssertionError:
            raise
        except Exception as e:  # noqa: BLE001 - reported below if the deadline passes
            last_exc = e
        if time.monotonic() > deadline:
            raise TimeoutError("timed out after %.1fs waiting for %s%s" %
                               (timeout, what, (" (last error: %r)" % last_exc) if last_exc else ""))
        time.sleep(interval)


def http_get(url, timeout=10):
    """Returns (status, body bytes); HTTP errors are returned, not raised."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def tail(path, n=40):
    try:
        with open(path, "rb") as f:
            lines = f.read().decode("utf-8", "replace").splitlines()
        return "\n".join(lines[-n:])
    except OSError as e:
        return "<%s>" % e


class Proc:
    """A child process with its log file; started in its own process group."""

    def __init__(self, name, args, log_path, env=None, cwd=None):
        self.name = name
        self.args = [str(a) for a in args]
        self.log_path = log_path
        self.log = open(log_path, "ab")
        self.p = subprocess.Popen(self.args, stdin=subprocess.DEVNULL, stdout=self.log, stderr=subprocess.STDOUT,
                                  env=env if env is not None else clean_env(), cwd=cwd, start_new_session=True)

    @property
    def pid(self):
        return self.p.pid

    def alive(self):
        return self.p.poll() is None

    def log_text(self):
        self.log.flush()
        with open(self.log_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def kill9(self):
        if self.alive():
            self.p.send_signal(signal.SIGKILL)
        self.p.wait(30)
        self.log.close()

    def stop(self, timeout=30):
        """SIGTERM, wait; SIGKILL if it does not end in time. Returns the exit code."""
        if self.alive():
            self.p.send_signal(signal.SIGTERM)
            try:
                self.p.wait(timeout)
            except subprocess.TimeoutExpired:
                self.p.send_signal(signal.SIGKILL)
                self.p.wait(30)
                raise AssertionError("%s (pid %d) did not stop within %ss of SIGTERM\n%s" %
                                     (self.name, self.pid, timeout, tail(self.log_path)))
        self.log.close()
        return self.p.returncode

    def wait_exit(self, timeout):
        try:
            return self.p.wait(timeout)
        except subprocess.TimeoutExpired:
            return None

    def cleanup(self):
        """Kills the process (group leader only: the children we start have no children)."""
        if self.p.poll() is None:
            try:
                self.p.send_signal(signal.SIGKILL)
            except ProcessLookupError:
                pass
            try:
                self.p.wait(30)
            except subprocess.TimeoutExpired:
                pass
        if not self.log.closed:
            self.log.close()


class Broker:
    def __init__(self, proc, address):
        self.proc = proc
        self.address = address

    def stop(self):
        return self.proc.stop()


class ControlledBroker:
    """`followup broker` with its stdin kept open for fault commands."""

    def __init__(self, case, partitions=2):
        self.addr_file = case.path("ctl-broker.addr")
        self.log_path = case.path("ctl-broker.log")
        self.log = open(self.log_path, "ab")
        self.p = subprocess.Popen([BIN, "broker", "--partitions", str(partitions), "--address-file", self.addr_file],
                                  stdin=subprocess.PIPE, stdout=self.log, stderr=subprocess.STDOUT,
                                  env=clean_env(), start_new_session=True)
        case.addCleanup(self.kill)
        self.address = wait_until(self._address, 30, "broker address")

    def _address(self):
        if self.p.poll() is not None:
            raise AssertionError("broker exited\n" + tail(self.log_path))
        if os.path.exists(self.addr_file):
            with open(self.addr_file) as f:
                return f.read().strip() or None
        return None

    def _log(self):
        with open(self.log_path, errors="replace") as f:
            return f.read()

    def command(self, line):
        self.p.stdin.write((line + "\n").encode())
        self.p.stdin.flush()
        wait_until(lambda: ("broker: " + line) in self._log(), 10, "broker to apply '%s'" % line)

    def kill(self):
        if self.p.poll() is None:
            self.p.kill()
            self.p.wait(30)
        self.log.close()


class Service:
    def __init__(self, proc, port, data_dir):
        self.proc = proc
        self.port = port
        self.data_dir = data_dir
        self.url = "http://127.0.0.1:%d" % port

    def get(self, path, timeout=10):
        return http_get(self.url + path, timeout)

    def ingest(self):
        status, body = self.get("/api/v1/ingest")
        if status != 200:
            raise AssertionError("GET /api/v1/ingest -> %d %r" % (status, body[:200]))
        return json.loads(body)

    def wait_ready(self, timeout=60):
        wait_ready(self.url, timeout, self.proc)

    def wait_caught_up(self, total_messages, timeout=120):
        """Waits until lag is 0 and every message is accounted for (processed(st) == total_messages);
        returns the ingest JSON."""
        def check():
            if not self.proc.alive():
                raise AssertionError("serve exited with %s while catching up\n%s" %
                                     (self.proc.p.returncode, tail(self.proc.log_path)))
            st = self.ingest()
            done = processed(st)
            if st["lag"] == 0 and done == total_messages and st["ready"]:
                return st
            return None
        try:
            return wait_until(check, timeout, "ingest to reach %d messages with lag 0" % total_messages, 0.1)
        except TimeoutError as e:
            try:
                st = self.ingest()
                st = {k: v for k, v in st.items() if k != "partitions"}
            except Exception as e2:  # noqa: BLE001
                st = repr(e2)
            raise AssertionError("%s; last /api/v1/ingest: %s\n%s" % (e, st, tail(self.proc.log_path))) from None

    def kill9(self):
        self.proc.kill9()

    def stop(self):
        return self.proc.stop()


def wait_ready(url, timeout=60, proc=None):
    """Polls GET url/readyz until 200 with a deadline; fails early if proc exits."""
    last = [None]

    def check():
        if proc is not None and not proc.alive():
            raise AssertionError("process exited with %s before it was ready\n%s" %
                                 (proc.p.returncode, tail(proc.log_path)))
        try:
            status, body = http_get(url + "/readyz", timeout=2)
        except (urllib.error.URLError, ConnectionError, socket.timeout, OSError) as e:
            last[0] = repr(e)
            return False
        last[0] = "%d %s" % (status, body[:200].decode("utf-8", "replace"))
        return status == 200
    try:
        wait_until(check, timeout, url + "/readyz", 0.1)
    except TimeoutError as e:
        raise AssertionError("%s; last answer: %s%s" % (e, last[0], ("\n" + tail(proc.log_path)) if proc else ""))


def run(args, timeout=120, env=None, input_bytes=None, check=False):
    """Runs a command to completion; returns CompletedProcess with bytes stdout/stderr."""
    cp = subprocess.run([str(a) for a in args], input=input_bytes, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                        env=env if env is not None else clean_env(), timeout=timeout)
    if check and cp.returncode != 0:
        raise AssertionError("%s exited %d\nstdout: %s\nstderr: %s" %
                             (" ".join(map(str, args)), cp.returncode, cp.stdout[-2000:], cp.stderr[-2000:]))
    return cp


# ---------------------------------------------------------------- kcat

def _as_bytes(x):
    return x if isinstance(x, bytes) else x.encode("utf-8")


def kcat_produce(brokers, topic, records, timeout=300):
    """Produces (key, value) records to one topic with kcat, in order, keyed ("key\\tvalue" lines)."""
    lines = []
    for key, value in records:
        k, v = _as_bytes(key), _as_bytes(value)
        if b"\t" in k or b"\n" in k or b"\n" in v:
            raise ValueError("kcat line format cannot carry tabs in keys or newlines: %r" % k)
        lines.append(k + b"\t" + v + b"\n")
    cp = run([KCAT, "-P", "-b", brokers, "-t", topic, "-K", "\\t", "-X", "linger.ms=20",
              "-X", "message.max.bytes=2000000"], timeout=timeout, input_bytes=b"".join(lines))
    if cp.returncode != 0:
        raise AssertionError("kcat -P to %s failed (%d): %s" % (topic, cp.returncode, cp.stderr[-2000:]))


def kcat_produce_all(brokers, messages, timeout=300):
    """Produces (topic, key, value) messages, in list order within each topic; returns the count."""
    by_topic = {}
    for topic, key, value in messages:
        by_topic.setdefault(topic, []).append((key, value))
    for topic, recs in by_topic.items():
        kcat_produce(brokers, topic, recs, timeout)
    return len(messages)


def kcat_consume(brokers, topic, partition=None, offset=None, count=None, timeout=120):
    """Consumes a topic to its end with kcat -J; returns the list of JSON envelopes."""
    args = [KCAT, "-C", "-b", brokers, "-t", topic, "-e", "-J", "-q"]
    if partition is not None:
        args += ["-p", str(partition)]
    if offset is not None:
        args += ["-o", str(offset)]
    if count is not None:
        args += ["-c", str(count)]
    cp = run(args, timeout=timeout)
    if cp.returncode != 0:
        raise AssertionError("kcat -C %s failed (%d): %s" % (topic, cp.returncode, cp.stderr[-2000:]))
    return [json.loads(line) for line in cp.stdout.decode("utf-8").splitlines() if line.strip()]


def kcat_count(brokers, topic, timeout=300):
    """Messages per partition readable from the start of a topic: {partition: count}."""
    cp = run([KCAT, "-C", "-b", brokers, "-t", topic, "-e", "-q", "-o", "beginning", "-f", "%p\\n"], timeout=timeout)
    if cp.returncode != 0:
        raise AssertionError("kcat -C %s failed (%d): %s" % (topic, cp.returncode, cp.stderr[-2000:]))
    counts = {}
    for line in cp.stdout.split(b"\n"):
        if line:
            counts[int(line)] = counts.get(int(line), 0) + 1
    return counts


def headers_of(envelope):
    """kcat -J headers are a flat [name, value, name, value, ...] list; returns name -> [values]."""
    h = envelope.get("headers") or []
    out = {}
    for i in range(0, len(h) - 1, 2):
        out.setdefault(h[i], []).append(h[i + 1])
    return out


# ---------------------------------------------------------------- followup tools

def try_dump(data_dir, timeout=300):
    """`followup dump` without judging it: (returncode, stdout, stderr). For tests that must take a
    dump at some moment but prefer to check other things before failing on it."""
    cp = run([BIN, "dump", "--data-dir", data_dir], timeout=timeout)
    return cp.returncode, cp.stdout, cp.stderr.decode("utf-8", "replace")


def dump(data_dir, timeout=300):
    cp = run([BIN, "dump", "--data-dir", data_dir], timeout=timeout)
    if cp.returncode != 0:
        raise AssertionError("followup dump --data-dir %s exited %d: %s" %
                             (data_dir, cp.returncode, cp.stderr.decode("utf-8", "replace")[-2000:]))
    return cp.stdout


def report(data_dir, quarter, fmt="csv", timeout=300):
    cp = run([BIN, "report", "--data-dir", data_dir, "--quarter", quarter, "--format", fmt], timeout=timeout)
    if cp.returncode != 0:
        raise AssertionError("followup report --data-dir %s --quarter %s --format %s exited %d: %s" %
                             (data_dir, quarter, fmt, cp.returncode, cp.stderr.decode("utf-8", "replace")[-2000:]))
    return cp.stdout


def dump_families(dump_bytes):
    """Splits a dump into key families: {"m": [...lines], "q": [...], "cat": [...], ...}."""
    fam = {}
    for line in dump_bytes.decode("utf-8").splitlines():
        fam.setdefault(line.split("/", 1)[0], []).append(line)
    return fam


# Key families of a dump that depend on the particular log (its partitioning, its
# message timestamps) rather than on the set of events: next offsets (o/),
# per-partition counters (c/) and dedup records holding the log time (d/).
LOG_BOOKKEEPING = ("o", "c", "d")


def projection_lines(dump_bytes):
    """The dump without the per-log bookkeeping families: what two different logs with the
    same set of events must agree on byte for byte."""
    keep = [line for line in dump_bytes.split(b"\n")
            if line and line.split(b"/", 1)[0].decode() not in LOG_BOOKKEEPING]
    return b"\n".join(keep) + b"\n"


def processed(st):
    """Messages an /api/v1/ingest snapshot accounts for: folded + duplicates + id conflicts +
    rejected."""
    return st["events_folded"] + st["duplicates"] + st.get("id_conflicts", 0) + st["events_rejected"]


def fold_past(svc, baseline, target, timeout, what):
    """Polls /api/v1/ingest every 20 ms until more than `baseline` and at least `target` messages
    are processed; fails at once if serve exits. Returns (snapshot, rate): rate is the fastest
    folding seen between two polls, in messages per second (at least 1)."""
    seen = [(time.monotonic(), baseline)]

    def past():
        if not svc.proc.alive():
            raise AssertionError("serve died on its own:\n" + tail(svc.proc.log_path))
        st = svc.ingest()
        seen.append((time.monotonic(), processed(st)))
        return st if processed(st) > baseline and processed(st) >= target else None
    st = wait_until(past, timeout, what, 0.02)
    rate = max([(b - a) / (tb - ta) for (ta, a), (tb, b) in zip(seen, seen[1:]) if tb > ta] + [1.0])
    return st, rate


def kill_moment(u, remaining, rate, longest):
    """A seeded moment to kill at, in seconds from now: the fraction u (0..1) of `longest`, but
    of at most a tenth of the time the `remaining` messages take at `rate` (fold_past), so that
    the kill lands while folding however fast this machine folds."""
    return u * min(longest, 0.1 * remaining / rate)


def ingest_if_up(svc):
    """/api/v1/ingest once serve answers (None before); fails at once if serve has exited."""
    if not svc.proc.alive():
        raise AssertionError("serve exited with %s\n%s" % (svc.proc.p.returncode, tail(svc.proc.log_path)))
    try:
        return svc.ingest()
    except OSError:
        return None


# ---------------------------------------------------------------- test case base

class IntegrationCase(unittest.TestCase):
    """Gives each test a temp dir and process bookkeeping; everything is cleaned up."""

    def setUp(self):
        if not os.access(BIN, os.X_OK):
            self.fail("FOLLOWUP_BIN=%s is not an executable" % BIN)
        self.tmp = tempfile.mkdtemp(prefix="followup-it-")
        self._procs = []
        # Cleanups run last-in first-out: processes die before their directories go.
        self.addCleanup(self._remove_tmp)
        self.addCleanup(self._kill_all)

    def _kill_all(self):
        for p in reversed(self._procs):
            p.cleanup()

    def _remove_tmp(self):
        if os.environ.get("FOLLOWUP_KEEP_TMP"):
            print("kept", self.tmp)
            return
        shutil.rmtree(self.tmp, ignore_errors=True)

    def path(self, *parts):
        return os.path.join(self.tmp, *parts)

    def assert_same_dump(self, got, want, what):
        """Two `followup dump` outputs are byte-identical; else the first lines in only one."""
        if got == want:
            return
        a, b = got.splitlines(), want.splitlines()
        diff = sorted(set(a) ^ set(b))[:12]
        self.fail("%s: dumps differ (%d vs %d lines); lines in only one of them: %s" % (what, len(a), len(b), diff))

    def register(self, proc):
        self._procs.append(proc)
        return proc

    def start_broker(self, partitions=4, name="broker", timeout=30, topic_prefix=None):
        addr_file = self.path(name + ".addr")
        args = [BIN, "broker", "--partitions", partitions, "--address-file", addr_file]
        if topic_prefix:
            args += ["--topic-prefix", topic_prefix]
        proc = self.register(Proc(name, args, self.path(name + ".log")))

        def address():
            if not proc.alive():
                raise AssertionError("broker exited with %s\n%s" % (proc.p.returncode, tail(proc.log_path)))
            if os.path.exists(addr_file):
                with open(addr_file) as f:
                    a = f.read().strip()
                return a or None
            return None
        return Broker(proc, wait_until(address, timeout, "broker address file %s" % addr_file))

    def fast_rejoin_config(self):
        """A config file with a short Kafka session timeout. The mock cluster's group coordinator
        makes a restarted consumer (same group) wait for the previous member's session to time
        out, even after a clean close: ~45 s with librdkafka's defaults, ~90 s after kill -9.
        Only --scale-out instances join a group (their ownership); a plain serve assigns its
        partitions itself and never waits (test_ingest test_8)."""
        path = self.path("fast-rejoin.yaml")
        if not os.path.exists(path):
            with open(path, "w") as f:
                f.write("kafka:\n  session.timeout.ms: 4000\n  heartbeat.interval.ms: 500\n")
        return path

    def spawn_serve(self, data_dir=None, brokers=None, port=None, group_id=None, extra=(), env=None,
                    name="serve", listen_flag=True, fast_rejoin=True):
        """Starts `followup serve` without waiting; returns a Service. With listen_flag=False no
        --listen is passed (the port then comes from a config file or the environment).
        fast_rejoin (unless extra has its own --config): see fast_rejoin_config()."""
        port = port or free_port()
        args = [BIN, "serve"]
        if brokers:
            args += ["--brokers", brokers]
        if data_dir:
            args += ["--data-dir", data_dir]
        if listen_flag:
            args += ["--listen", "127.0.0.1:%d" % port]
        if group_id:
            args += ["--group-id", group_id]
        extra = list(extra)
        if fast_rejoin and "--config" not in extra:
            extra += ["--config", self.fast_rejoin_config()]
        args += extra
        log = self.path("%s-%d.log" % (name, len(self._procs)))
        proc = self.register(Proc(name, args, log, env=env))
        return Service(proc, port, data_dir)

    def start_serve(self, data_dir, brokers, group_id=None, port=None, ready_timeout=60, **kw):
        svc = self.spawn_serve(data_dir=data_dir, brokers=brokers, port=port, group_id=group_id, **kw)
        svc.wait_ready(ready_timeout)
        return svc

    def finish_crash_run(self, final, ref, total, partitions, counters, last_seen):
        """The end of a crash test: the restarted serve keeps what was committed before the last
        kill, both it and the uninterrupted reference catch up with the whole log, their counters
        are exactly `counters` (folded, duplicates, rejected), and their live 2026Q4 reports agree.
        Stops both; returns the live CSV body."""
        first = wait_until(lambda: ingest_if_up(final), 60, "final serve to answer")
        self.assertGreaterEqual(processed(first), last_seen, "kill -9 lost committed progress")
        st = final.wait_caught_up(total, timeout=150)
        st_ref = ref.wait_caught_up(total, timeout=150)

        # Totals cover the whole log: the partitions' high watermarks add up to what was produced.
        self.assertEqual(sum(p["high_watermark"] for p in st["partitions"]), total)
        self.assertEqual(len(st["partitions"]), partitions * len(INPUT_TOPICS))
        for name, s in (("crashed", st), ("reference", st_ref)):
            self.assertEqual((s["events_folded"], s["duplicates"], s["events_rejected"]), counters,
                             "%s data dir counters" % name)
            self.assertEqual(processed(s), total)

        csv_live = final.get("/api/v1/ils/2026Q4.csv")
        self.assertEqual(csv_live[0], 200)
        self.assertEqual(csv_live, ref.get("/api/v1/ils/2026Q4.csv"), "live ILS reports differ")
        self.assertEqual(final.stop(), 0)
        self.assertEqual(ref.stop(), 0)
        return csv_live[1]
