"""Scale-out: three instances in one consumer group answer for the whole city exactly as one
instance does, through a kill -9 of one of them and its return (issue: scale-out)."""

import json
import os
import re
import signal
import struct
import zlib
from datetime import datetime, timezone

import harness
import scenario
from harness import wait_until

QUARTERS = ("2026Q3", "2026Q4")  # the scenario's data
PARTITIONED = ("followup.probes", "followup.usage", "followup.surveys", "followup.finance")
PARTITIONS = 6


def owned(svc):
    """Partition numbers whose co-partitioned inputs this instance folds (its /api/v1/ingest)."""
    st = harness.ingest_if_up(svc)
    if st is None:
        return None
    by_topic = {}
    for p in st["partitions"]:
        if p["topic"] in PARTITIONED:
            by_topic.setdefault(p["topic"], set()).add(p["partition"])
    sets = list(by_topic.values())
    if sets and any(s != sets[0] for s in sets):
        raise AssertionError("instance folds different partition numbers of the co-partitioned topics: %r"
                             % by_topic)
    return sets[0] if sets else set()


def status_without_clock(body):
    """The status API with the one field that states when it was computed taken out."""
    doc = json.loads(body)
    doc.pop("updated_at", None)
    return doc


class ScaleOutTest(harness.IntegrationCase):

    def results(self, svc):
        """What the issue asks to be equal: the ILS report (CSV and JSON, every quarter with data)
        and the status API."""
        out = {}
        for q in QUARTERS:
            for fmt in ("csv", "json"):
                code, body = svc.get("/api/v1/ils/%s.%s" % (q, fmt))
                out[(q, fmt)] = (code, body)
        code, body = svc.get("/api/v1/status")
        out["status"] = (code, status_without_clock(body) if code == 200 else body)
        return out

    @staticmethod
    def rebuilt(svc):
        """How many times the instance has logged a partition as rebuilt and serving."""
        return len(re.findall(r"partition \d+ rebuilt and serving", svc.proc.log_text()))

    def wait_equal(self, instances, single, what, timeout=120):
        """Polls until every instance answers exactly what the single instance answers at that
        moment (status moves with the clock: staleness, announcement windows); the global view
        converges as rows arrive. On timeout names the first difference."""
        last = {}

        def check():
            expected = last["expected"] = self.results(single)
            for name, svc in instances.items():
                if not svc.proc.alive():
                    raise AssertionError("%s exited: %s" % (name, harness.tail(svc.proc.log_path)))
                got = self.results(svc)
                if got != expected:
                    last["diff"] = (name, next(k for k in expected if got.get(k) != expected[k]))
                    return False
            return True
        try:
            wait_until(check, timeout, what, 0.2)
        except TimeoutError:
            name, key = last["diff"]
            want, got = last["expected"][key], self.results(instances[name])[key]
            if key == "status" and got[0] == 200:  # narrow it down to the first differing service
                want, got = next(((a, b) for a, b in zip(want[1]["services"], got[1]["services"]) if a != b),
                                 (want, got))
            self.fail("%s: %s differs on %s\nexpected %.2000r\ngot      %.2000r" % (what, name, key, want, got))

    def wait_ownership(self, instances, what, timeout=90):
        """Waits until the instances own every partition exactly once, each is ready, and
        returns {name: owned partitions}."""
        def check():
            sets = {name: owned(svc) for name, svc in instances.items()}
            if any(s is None for s in sets.values()):
                return None
            total = sum(len(s) for s in sets.values())
            union = set().union(*sets.values())
            if total != PARTITIONS or union != set(range(PARTITIONS)):
                return None
            if not all(harness.ingest_if_up(svc)["ready"] for svc in instances.values()):
                return None
            return sets
        return wait_until(check, timeout, what, 0.2)

    def test_three_instances_equal_one(self):
        mix = scenario.mixed(seed=77)
        broker = self.start_broker(PARTITIONS)
        single = self.start_serve(self.path("single"), broker.address, group_id="single", name="single")

        def spawn(n):
            return self.spawn_serve(data_dir=self.path("scale-%d" % n), brokers=broker.address,
                                    group_id="city", extra=["--scale-out"], name="scale-%d" % n)
        inst = {"scale-%d" % n: spawn(n) for n in (1, 2, 3)}
        for svc in inst.values():
            svc.wait_ready(60)
        sets = self.wait_ownership(inst, "three instances to share the partitions")
        self.assertTrue(all(sets.values()), "every instance owns partitions: %r" % sets)

        # First part of the log, then kill -9 the third instance while it folds the second part.
        cut1, cut2 = len(mix.messages) // 3, 2 * len(mix.messages) // 3
        harness.kcat_produce_all(broker.address, mix.messages[:cut1])
        single.wait_caught_up(cut1, timeout=120)
        victim = inst["scale-3"]
        rebuilt_before = {k: self.rebuilt(v) for k, v in inst.items()}
        before_kill = harness.processed(victim.ingest())
        harness.kcat_produce_all(broker.address, mix.messages[cut1:cut2])
        wait_until(lambda: harness.processed(victim.ingest()) > before_kill, 60, "scale-3 to fold the 2nd part")
        victim.proc.kill9()
        harness.kcat_produce_all(broker.address, mix.messages[cut2:])
        st = single.wait_caught_up(len(mix.messages), timeout=120)
        self.assertEqual((st["events_folded"], st["duplicates"], st["events_rejected"]),
                         (len(mix.valid), mix.duplicates, len(mix.malformed)))
        expected = self.results(single)
        for q in QUARTERS:
            self.assertEqual(expected[(q, "csv")][0], 200)
            self.assertGreater(len(expected[(q, "csv")][1].splitlines()), 100, q)
        self.assertEqual(expected["status"][0], 200)
        self.assertGreater(len(expected["status"][1]["services"]), 10)

        # The two survivors take over the victim's partitions (rebuilding them from the log) and
        # answer for the whole city exactly as the single instance does.
        survivors = {k: v for k, v in inst.items() if k != "scale-3"}
        taken = self.wait_ownership(survivors, "the survivors to take over every partition")
        self.assertEqual(set().union(*taken.values()), set(range(PARTITIONS)))
        self.wait_equal(survivors, single, "survivors equal the single instance")
        rebuilt = sum(self.rebuilt(svc) - rebuilt_before[k] for k, svc in survivors.items())
        self.assertGreaterEqual(rebuilt, len(sets["scale-3"]), "survivors rebuilt the victim's partitions")

        # The victim returns with its data dir: partitions move back, all three still equal.
        inst["scale-3"] = spawn(3)
        inst["scale-3"].wait_ready(90)
        back = self.wait_ownership(inst, "partitions to move back to scale-3")
        self.assertTrue(back["scale-3"], "scale-3 owns partitions again: %r" % back)
        self.wait_equal(inst, single, "all three equal the single instance after the return")

        # A stalled instance (SIGSTOP past its session timeout) loses its partitions to the
        # others while new events arrive; resumed, it must not publish what it held, rejoins,
        # and all three converge on the single instance's answers again.
        stalled = inst["scale-1"]
        os.kill(stalled.proc.pid, signal.SIGSTOP)
        try:
            extra = scenario.extra_probes(78, datetime(2026, 11, 20, 8, 0, tzinfo=timezone.utc), 20,
                                          ["skolval", "bygglov", "kartor", "bibliotek", "jobbtorg", "fardtjanst"])
            harness.kcat_produce_all(broker.address, extra)
            others = {k: v for k, v in inst.items() if k != "scale-1"}
            self.wait_ownership(others, "the others to take over the stalled instance's partitions")
        finally:
            os.kill(stalled.proc.pid, signal.SIGCONT)
        single.wait_caught_up(len(mix.messages) + len(extra), timeout=120)
        self.wait_ownership(inst, "the resumed instance to rejoin")
        self.wait_equal(inst, single, "all three equal the single instance after a stall")

        # Every instance exports the same per-service status series as the single one.
        def service_series(svc):
            _code, body = svc.get("/metrics")
            return sorted(line for line in body.decode().splitlines() if line.startswith("followup_service_status"))
        self.assertGreater(len(service_series(single)), 10)
        wait_until(lambda: all(service_series(svc) == service_series(single) for svc in inst.values()), 60,
                   "every instance to export the single instance's followup_service_status series")

        # Fencing: a row from an owner that has been superseded (its claim epoch is below the
        # partition's fence) is dropped by every view; the same row from a current owner is not.
        epochs = {}
        for svc in inst.values():
            for m in re.finditer(r"partition (\d+) rebuilt and serving \((\d+) rows published, epoch (\d+)\)",
                                 svc.proc.log_text()):
                if int(m.group(2)) > 0:
                    epochs[int(m.group(1))] = max(epochs.get(int(m.group(1)), -1), int(m.group(3)))
        self.assertTrue(epochs, "partitions with rows and their claimed epochs are logged")

        # Co-partitioning as it happens: a row of skolval from a partition other than its own
        # (as a producer with another partitioner would cause) is reported by every instance.
        # (Its epoch is below that partition's fence, so the view itself stays as it was.)
        home = zlib.crc32(b"skolval") % PARTITIONS  # librdkafka's default partitioner, as kcat uses it
        wrong = min(p for p in epochs if p != home)
        for svc in inst.values():
            self.assertEqual(svc.ingest()["copartition_conflicts"], 0)
        self.inject_row(broker.address, inst, wrong, epoch=-1, service=b"skolval")
        for name, svc in inst.items():
            self.assertEqual(svc.ingest()["copartition_conflicts"], 1, name)
            self.assertIn(b"\nfollowup_copartition_conflicts 1\n", svc.get("/metrics")[1], name)
            self.assertIn("co-partitioning broken: rows of service 'skolval' come from partitions %d and %d"
                          % (home, wrong), svc.proc.log_text(), name)
        self.wait_equal(inst, single, "the views to stay equal after the misrouted row", timeout=30)

        p = min(epochs)
        self.inject_row(broker.address, inst, p, epoch=-1)
        self.wait_equal(inst, single, "every view to ignore a row of a fenced-off owner", timeout=30)
        for name, svc in inst.items():
            self.assertNotIn(b"zz-fenced", svc.get("/api/v1/ils/2026Q4.csv")[1], name)
        self.inject_row(broker.address, inst, p, epoch=epochs[p] + 10 ** 12)
        for name, svc in inst.items():
            self.assertIn(b"cost.total_sek,service,zz-fenced,1,1,", svc.get("/api/v1/ils/2026Q4.csv")[1], name)

    def inject_row(self, brokers, inst, partition, epoch, service=b"zz-fenced"):
        """Publishes to followup.aggregates, as the owner of `partition` at `epoch` would, a
        2026Q4 row of `service` (by default an invented one) with a cost of 1 SEK; waits until
        every instance's view has consumed it."""
        def consumed(more_than):
            counts = []
            for svc in inst.values():
                parts = [p for p in svc.ingest()["partitions"] if p["topic"] == "followup.aggregates"]
                if any(p["lag"] for p in parts):
                    return None
                counts.append(sum(p["offset"] for p in parts))
            return counts[0] if len(set(counts)) == 1 and counts[0] > more_than else None
        before = wait_until(lambda: consumed(-1), 30, "the views to be caught up", 0.1)

        def varint(u):
            out = b""
            while u >= 0x80:
                out += bytes([(u & 0x7F) | 0x80])
                u >>= 7
            return out + bytes([u])
        fields = [0] * 104                      # ServiceQuarter's int64 fields (records.h), zigzag varints
        fields[5], fields[6] = 1, 1000000       # cost_events, cost_total_micro
        value = varint(2) + b"".join(varint((f << 1) ^ (f >> 63)) for f in fields)  # record version 2
        key = b"q/" + struct.pack(">Q", (2026 * 4 + 3) ^ (1 << 63)) + b"/" + service   # keys::Quarter
        cp = harness.run([harness.KCAT, "-P", "-b", brokers, "-t", "followup.aggregates", "-K", "\x1d", "-D",
                          "\x1e", "-H", "partition=%d" % partition, "-H", "epoch=%d" % epoch],
                         input_bytes=key + b"\x1d" + value + b"\x1e")
        self.assertEqual(cp.returncode, 0, cp.stderr)

        wait_until(lambda: consumed(before), 30, "every view to consume the injected row", 0.1)

    def test_refuses_inputs_that_are_not_co_partitioned(self):
        broker = harness.ControlledBroker(self, partitions=4)
        for topic, n in (("catalog", 1), ("probes", 4), ("usage", 3), ("surveys", 4), ("finance", 4),
                         ("announcements", 1), ("deadletter", 1), ("aggregates", 4)):
            broker.command("create other.%s %d" % (topic, n))
        args = [harness.BIN, "serve", "--scale-out", "--brokers", broker.address, "--topic-prefix", "other.",
                "--listen", "127.0.0.1:%d" % harness.free_port()]
        cp = harness.run(args + ["--data-dir", self.path("d1")], timeout=60)
        err = cp.stdout.decode() + cp.stderr.decode()
        self.assertEqual(cp.returncode, 1, err[-2000:])
        self.assertIn("co-partitioned", err)
        self.assertIn("other.usage: 3", err)
        self.assertIn("other.probes: 4", err)
        # The topics a single instance reads are fine with any layout: it does not rely on keys.
        single = self.start_serve(self.path("d2"), broker.address, extra=["--topic-prefix", "other."])
        self.assertTrue(single.ingest()["ready"])

if __name__ == "__main__":
    import unittest
    unittest.main()
