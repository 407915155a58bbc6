"""kill -9, over and over: while folding (20+ times), during `followup replay` and during
`followup compact`. Every time the data dir must end up byte-identical (`followup dump`) to one
that folded the same log without interruption, with identical reports.

Builds on test_crash.py (one test with 6-8 kills): the same scenario building blocks
(scenario.py) and the same helpers (harness.py: processed, ingest_if_up, finish_crash_run).
"""

import os
import random
import re
import signal
import time
import unittest
from datetime import datetime, timezone

import harness
import scenario
from harness import BIN, DEADLETTER

# FOLLOWUP_CRASH_LOOP_SEED varies the kill plans (the default is what CI runs).
SEED = int(os.environ.get("FOLLOWUP_CRASH_LOOP_SEED", "20261127"))
QUARTERS = ("2026Q3", "2026Q4")

processed = harness.processed
ingest_if_up = harness.ingest_if_up


def dump_counters(dump_bytes):
    """Sums the per-partition counter lines (c/TOPIC/P folded=.. duplicates=.. rejected=.. and
    more counters after them) of a dump: (folded, duplicates, rejected) as stored in the data dir."""
    tot = [0, 0, 0]
    for m in re.finditer(rb"^c/\S+ folded=(\d+) duplicates=(\d+) rejected=(\d+)( \S+)*$", dump_bytes, re.M):
        for i in range(3):
            tot[i] += int(m.group(i + 1))
    return tuple(tot)


def dir_size(path):
    total = 0
    for root, _dirs, files in os.walk(path):
        for f in files:
            try:
                total += os.path.getsize(os.path.join(root, f))
            except OSError:
                pass  # a file RocksDB just deleted
    return total


def dir_listing(path):
    """{file name: size} of a directory (RocksDB data dirs are flat)."""
    out = {}
    for name in os.listdir(path):
        try:
            out[name] = os.path.getsize(os.path.join(path, name))
        except OSError:
            pass  # deleted meanwhile
    return out


class CrashLoopTest(harness.IntegrationCase):

    # ------------------------------------------------------------ helpers

    def produce_checked(self, broker, messages):
        """Produces the messages and checks that the mock broker kept all of them (it keeps
        ~5 MB per partition and silently drops the oldest beyond that)."""
        harness.kcat_produce_all(broker.address, messages)
        per_topic = {}
        for topic, _k, _v in messages:
            per_topic[topic] = per_topic.get(topic, 0) + 1
        for topic, n in sorted(per_topic.items()):
            self.assertEqual(sum(harness.kcat_count(broker.address, topic).values()), n,
                             "the broker did not keep the whole %s log (partition size limit)" % topic)

    def assert_same_reports(self, dir_a, dir_b, what):
        for q in QUARTERS:
            for fmt in ("csv", "json"):
                ra = harness.report(dir_a, q, fmt)
                self.assertEqual(ra, harness.report(dir_b, q, fmt), "%s: %s %s reports differ" % (what, q, fmt))
        self.assertGreater(len(harness.report(dir_a, "2026Q4", "csv")), 1000)

    def assert_killed_by_us(self, proc, what):
        self.assertEqual(proc.p.returncode, -signal.SIGKILL,
                         "%s ended on its own (exit %s) instead of by our kill -9\n%s" %
                         (what, proc.p.returncode, harness.tail(proc.log_path)))

    def not_ready_now(self, svc, what):
        """/readyz is 503 with a reason (or nothing answers yet); returns what it said."""
        try:
            status, body = svc.get("/readyz", timeout=2)
        except OSError as e:
            return "no answer (%s)" % e.__class__.__name__
        if status != 503:
            try:
                st = svc.ingest()
                st = {k: v for k, v in st.items() if k != "partitions"}
            except Exception as e:  # noqa: BLE001 - only for the message
                st = repr(e)
            self.fail("%s: /readyz %d %r; /api/v1/ingest: %s" % (what, status, body, st))
        self.assertTrue(body.strip(), "%s: 503 without a reason" % what)
        return body.decode("utf-8", "replace").strip()

    def assert_dead_letters(self, broker, bad, at_least):
        dead = harness.kcat_consume(broker.address, DEADLETTER)
        values = [e["payload"].encode("utf-8") for e in dead]
        self.assertEqual(set(values), {v for _t, _k, v, _f in bad}, "dead letters other than the malformed ones")
        for _t, _k, v, _f in bad:
            self.assertGreaterEqual(values.count(v), at_least, "dead letter missing for %r" % v[:60])

    # ------------------------------------------------------------ 1. 20+ kills while folding

    def test_twenty_kills_during_ingestion(self):
        started = time.monotonic()
        rng = random.Random(SEED)
        # ~150k messages: probes of 60 services over 800 minutes (keyed over many partitions),
        # ~5 % byte-identical duplicates, shuffled, malformed ones at seeded places.
        valid = scenario.probe_load(seed=SEED, services=60, minutes=800)
        messages, ndup = scenario.with_duplicates(valid, seed=SEED + 1)
        bad = scenario.malformed_messages()
        for topic, key, value, _field in bad:
            messages.insert(rng.randrange(len(messages) + 1), (topic, key, value))
        total = len(messages)
        self.assertGreater(total, 145000)
        broker = self.start_broker(32)
        self.produce_checked(broker, messages)

        ref_dir, crash_dir = self.path("reference"), self.path("crashing")
        ref = self.spawn_serve(ref_dir, broker.address, group_id="followup-reference", name="serve-reference")

        # The kill plan (seeded): mostly while folding (lag > 0 observed just before the kill), the
        # others right after a restart, before it is ready: during start-up (store open, broker
        # connection; HTTP may not answer yet), or once it answers but before the first batch after
        # the restart is committed (waiting for its partitions, or at that first batch).
        n_kills = rng.randint(20, 23)
        modes = ["startup"] * 5 + ["joining"] * 5
        modes += ["fold"] * (n_kills - len(modes))
        rng.shuffle(modes)
        # Kill points up to 3/4 of the log: the rest takes several 10k-message batches to fold, and
        # the kill comes within a tenth of the time the rest takes at the fastest folding seen
        # (harness.kill_moment), so the service cannot catch up before it, however fast it folds.
        targets = iter(sorted(int(rng.uniform(0.03, 0.75) * total) for m in modes if m == "fold"))
        # The Kafka group: the service seeks to the offsets stored in its data dir whatever the group
        # says, so most restarts take a fresh group id (the mock coordinator assigns an empty group's
        # partitions after 3 s); about a quarter reuse the killed instance's group, where the dead
        # member holds the partitions until its session times out (~8 s with the fast-rejoin config).
        group = "followup-crashloop-0"
        kills = []          # (mode, processed observed before the kill or None, same group as the previous)
        last_seen = 0       # committed progress observed before the latest observed kill
        port = harness.free_port()
        for i, mode in enumerate(modes):
            same_group = i > 0 and rng.random() < 0.25
            if i > 0 and not same_group:
                group = "followup-crashloop-%d" % i
            svc = self.spawn_serve(crash_dir, broker.address, port=port, group_id=group, name="serve-crash")
            if mode == "startup":
                # The random moment (seeded), not synchronisation: within the ~0.2 s a start takes
                # before its first fold (no group join), so start-up kills use up little of the log.
                time.sleep(rng.uniform(0.0, 0.5) * 0.4)
                self.not_ready_now(svc, "before kill #%d (start-up)" % i)
                svc.kill9()
                self.assert_killed_by_us(svc.proc, "serve (kill #%d, start-up)" % i)
                kills.append((mode, None, same_group))
                continue

            first = harness.wait_until(lambda: ingest_if_up(svc), 60, "serve #%d to answer" % i)
            baseline = processed(first)
            self.assertGreaterEqual(baseline, last_seen,
                                    "kill -9 lost committed progress: %d observed before the previous kill, "
                                    "%d after restart #%d" % (last_seen, baseline, i))
            self.assertFalse(first["ready"], "ready at once after a restart with lag: %s" % first)

            if mode == "joining":
                # Kill at a seeded moment within 0.1 s of the first answer, but at the latest when the
                # first batch after the restart is committed: still long before it could have caught
                # up. A restart takes no group join, so its first batch follows within a fraction of
                # a second and the rest of the log within a few polls: /readyz and the ingest state
                # are read together at each poll, and the kill follows the poll that ends the wait,
                # with no request in between.
                until = time.monotonic() + rng.uniform(0.0, 5.0) / 50

                def first_batch_or_time():
                    if not svc.proc.alive():
                        raise AssertionError("serve died on its own:\n" + harness.tail(svc.proc.log_path))
                    readyz = self.not_ready_now(svc, "before kill #%d (joining)" % i)
                    st = svc.ingest()
                    return (readyz, st) if processed(st) > baseline or time.monotonic() >= until else None
                _readyz, st = harness.wait_until(first_batch_or_time, 30,
                                                 "restart #%d: first batch or the kill moment" % i, 0.02)
                svc.kill9()
                self.assertFalse(st["ready"], st.get("not_ready_reason"))
                self.assertGreaterEqual(processed(st), baseline)
                last_seen = processed(st)
                self.assert_killed_by_us(svc.proc, "serve (kill #%d, %s)" % (i, mode))
            else:
                target = next(targets)

                st, rate = harness.fold_past(svc, baseline, target, 90,
                                             "folding progress past %d (kill #%d)" % (target, i))
                self.not_ready_now(svc, "before kill #%d (%s)" % (i, mode))
                # The random moment (seeded), not synchronisation. One request between it and the
                # kill: the state the kill interrupts, checked once the process is dead.
                time.sleep(harness.kill_moment(rng.random(), total - processed(st), rate, 0.1))
                st = svc.ingest()
                svc.kill9()
                self.assertFalse(st["ready"], st.get("not_ready_reason"))
                self.assertLess(processed(st), total, "serve caught up before kill #%d: the load is too small" % i)
                self.assertGreater(st["lag"], 0, "lag 0 with %d of %d processed: %s" % (processed(st), total, st))
                self.assertGreaterEqual(processed(st), baseline)
                last_seen = processed(st)
                self.assert_killed_by_us(svc.proc, "serve (kill #%d, %s)" % (i, mode))
            kills.append((mode, last_seen, same_group))

        self.assertGreaterEqual(len(kills), 20)
        self.assertGreaterEqual(sum(1 for m, _p, _g in kills if m == "fold"), 10)
        self.assertLess(last_seen, total, "the crash loop folded everything before its last kill")

        final = self.spawn_serve(crash_dir, broker.address, port=port, group_id="followup-crashloop-final",
                                 name="serve-crash-final")
        csv_live = self.finish_crash_run(final, ref, total, 32, (len(valid), ndup, len(bad)), last_seen)

        d_crash, d_ref = harness.dump(crash_dir), harness.dump(ref_dir)
        self.assertGreater(len(d_ref), 1000000)
        self.assertEqual(dump_counters(d_ref), (len(valid), ndup, len(bad)))
        self.assert_same_dump(d_crash, d_ref, "crash-looped vs uninterrupted")
        self.assert_same_reports(crash_dir, ref_dir, "crash-looped vs uninterrupted")
        self.assertEqual(harness.report(crash_dir, "2026Q4"), csv_live)
        # Each malformed message dead-lettered at least once per data dir (a kill between sending
        # dead letters and committing the batch may repeat them), and nothing else.
        self.assert_dead_letters(broker, bad, 2)

        print("\ncrash loop: %d messages, %d kills (%s), %.0f s\n  %s" % (
            total, len(kills), ", ".join("%d %s" % (modes.count(m), m) for m in ("fold", "joining", "startup")),
            time.monotonic() - started,
            " ".join("%s%s@%s" % (m[0], "=" if g else "", p if p is not None else "-") for m, p, g in kills)))

    # ------------------------------------------------------------ 2. kill -9 during replay

    def test_kill_during_replay(self):
        started = time.monotonic()
        rng = random.Random(SEED + 100)
        mix = scenario.mixed(seed=SEED + 100, probe_minutes=1500)
        total = len(mix.messages)
        broker = self.start_broker(32)
        self.produce_checked(broker, mix.messages)

        live_dir, new_dir = self.path("live"), self.path("rebuilt")
        live = self.start_serve(live_dir, broker.address, group_id="followup-live", name="serve-live")
        st = live.wait_caught_up(total, timeout=120)
        self.assertEqual((st["events_folded"], st["duplicates"], st["events_rejected"]),
                         (len(mix.valid), mix.duplicates, len(mix.malformed)))
        self.assertEqual(live.stop(), 0)
        live_dump = harness.dump(live_dir)
        live_size = dir_size(live_dir)

        # Replay into NEW; kill -9 once its data dir has grown to a seeded fraction of the live one
        # (it writes as it folds), i.e. mid-way through the log.
        frac = rng.uniform(0.15, 0.65)
        replay = self.register(harness.Proc("replay", [BIN, "replay", "--brokers", broker.address,
                                                       "--data-dir", new_dir], self.path("replay.log")))

        def grown():
            if not replay.alive():
                raise AssertionError("replay ended (exit %s) before its data dir reached %.0f %% of the live "
                                     "one (%d of %d bytes)\n%s" % (replay.p.returncode, 100 * frac,
                                                                   dir_size(new_dir), live_size,
                                                                   harness.tail(replay.log_path)))
            return dir_size(new_dir) >= frac * live_size
        harness.wait_until(grown, 120, "the replay data dir to grow to %.0f %%" % (100 * frac), 0.01)
        replay.kill9()
        self.assert_killed_by_us(replay, "replay")

        # The killed replay left a store that opens, mid-way through the log.
        partial = harness.dump(new_dir)
        done = sum(dump_counters(partial))
        self.assertGreater(done, 0, "the kill came before the replay committed anything")
        self.assertLess(done, total, "the kill came after the replay had folded everything")

        # Replay refuses a non-empty dir (and leaves it alone) ...
        again = harness.run([BIN, "replay", "--brokers", broker.address, "--data-dir", new_dir], timeout=60)
        self.assertNotEqual(again.returncode, 0)
        self.assertIn(b"empty", again.stdout + again.stderr)
        self.assertEqual(harness.dump(new_dir), partial)

        # ... so serve finishes the rebuild, from the offsets stored with the state.
        rebuild = self.spawn_serve(new_dir, broker.address, group_id="followup-rebuild", name="serve-rebuild")
        first = harness.wait_until(lambda: ingest_if_up(rebuild), 60, "serve on the rebuilt dir to answer")
        self.assertEqual((first["events_folded"], first["duplicates"], first["events_rejected"]),
                         dump_counters(partial), "serve does not start from the killed replay's state")
        st = rebuild.wait_caught_up(total, timeout=120)
        self.assertEqual((st["events_folded"], st["duplicates"], st["events_rejected"]),
                         (len(mix.valid), mix.duplicates, len(mix.malformed)))
        self.assertEqual(sum(p["high_watermark"] for p in st["partitions"]), total)
        self.assertEqual(rebuild.stop(), 0)

        self.assert_same_dump(harness.dump(new_dir), live_dump, "killed replay + serve vs live")
        self.assert_same_reports(new_dir, live_dir, "killed replay + serve vs live")
        self.assert_dead_letters(broker, mix.malformed, 1)
        print("\nkill during replay: %d messages, killed at %d folded (%.0f %% of the live dir size), %.0f s" %
              (total, done, 100 * frac, time.monotonic() - started))

    # ------------------------------------------------------------ 3. kill -9 during compaction

    def test_kill_during_compaction(self):
        started = time.monotonic()
        rng = random.Random(SEED + 200)
        mix = scenario.mixed(seed=SEED + 200, probe_minutes=1500)
        total = len(mix.messages)
        broker = self.start_broker(32)
        self.produce_checked(broker, mix.messages)

        data_dir = self.path("data")
        svc = self.start_serve(data_dir, broker.address, group_id="followup-compact", name="serve-before")
        svc.wait_caught_up(total, timeout=120)
        self.assertEqual(svc.stop(), 0)
        before = harness.dump(data_dir)
        self.assertEqual(dump_counters(before), (len(mix.valid), mix.duplicates, len(mix.malformed)))
        reports_before = {(q, f): harness.report(data_dir, q, f) for q in QUARTERS for f in ("csv", "json")}

        # Three compactions, each killed at a seeded moment: while RocksDB opens the store and
        # recovers its write-ahead log (serve left the data in the log; recovery flushes it into a
        # table file), right after a new table file appears (the recovery flush's or the
        # compaction's output), and after a plain delay (possibly done already: fine too). The
        # first two wait for the step to show (compact's line "opening the store", written just
        # before RocksDB opens it; a new .sst file in the data dir), then add a seeded delay.
        outcomes = []
        for i, (step, lo, hi) in enumerate((("opening the store", 0.0, 0.5), (".sst", 0.0, 0.05),
                                            (None, 0.3, 1.5))):
            old = dir_listing(data_dir)
            compact = self.register(harness.Proc("compact", [BIN, "compact", "--data-dir", data_dir],
                                                 self.path("compact-%d.log" % i)))
            if step:
                def begun():
                    if not compact.alive():
                        return True
                    if not step.startswith("."):
                        return step in compact.log_text()
                    return any(step in f for f in set(dir_listing(data_dir)) - set(old))
                harness.wait_until(begun, 60, "compact #%d to reach '%s'" % (i, step), 0.005)
            time.sleep(rng.uniform(lo, hi))  # the random moment (seeded), not synchronisation
            was_running = compact.alive()
            compact.kill9()
            if was_running:
                self.assert_killed_by_us(compact, "compact #%d" % i)
            else:
                self.assertEqual(compact.p.returncode, 0, "compact #%d failed:\n%s" %
                                 (i, harness.tail(compact.log_path)))
            left = dir_listing(data_dir)
            changed = sorted("%s %d" % (f, n) for f, n in left.items()
                             if old.get(f) != n and not f.startswith(("LOG", "OPTIONS")))
            outcomes.append("%s, left %s" % ("killed" if compact.p.returncode == -signal.SIGKILL else "finished",
                                             changed))
            self.assert_same_dump(harness.dump(data_dir), before, "after compaction #%d (%s)" % (i, outcomes[-1]))

        # serve opens the store and has everything it had before.
        svc = self.start_serve(data_dir, broker.address, group_id="followup-compact", name="serve-after")
        st = svc.ingest()
        self.assertEqual((st["lag"], st["events_folded"], st["duplicates"], st["events_rejected"]),
                         (0, len(mix.valid), mix.duplicates, len(mix.malformed)))
        self.assert_same_dump(harness.dump(data_dir), before, "serve on the compacted dir")
        for (q, f), body in reports_before.items():
            self.assertEqual(harness.report(data_dir, q, f), body, "%s %s report after compaction" % (q, f))

        # More events: new probes, a copy of an old event (its dedup record must have survived the
        # compactions) and a copy of a new one, and one malformed message.
        services = ["skolval", "bygglov", "kartor", "bibliotek", scenario.UNCATALOGUED]
        extra = scenario.extra_probes(SEED + 201, datetime(2026, 12, 2, 9, 0, tzinfo=timezone.utc), 12, services)
        old_copy = mix.valid[rng.randrange(len(mix.valid))]
        late_bad = (scenario.PROBES, "skolval", b'{"type":"probe.v1","event_id":"late-bad","occurred_at":"2026-12-02"}')
        more = extra + [old_copy, extra[len(extra) // 2], late_bad]
        harness.kcat_produce_all(broker.address, more)
        st = svc.wait_caught_up(total + len(more), timeout=120)
        self.assertEqual((st["events_folded"], st["duplicates"], st["events_rejected"]),
                         (len(mix.valid) + len(extra), mix.duplicates + 2, len(mix.malformed) + 1))
        self.assertEqual(svc.stop(), 0)

        # Folded correctly: the same as an uninterrupted rebuild of the whole log.
        ref_dir = self.path("replayed")
        harness.run([BIN, "replay", "--brokers", broker.address, "--data-dir", ref_dir], timeout=180, check=True)
        after = harness.dump(data_dir)
        self.assertNotEqual(after, before)
        self.assert_same_dump(after, harness.dump(ref_dir), "compacted + more events vs replay of the log")
        self.assert_same_reports(data_dir, ref_dir, "compacted + more events vs replay of the log")
        print("\nkill during compaction: %d messages, %.0f s\n  %s" %
              (total, time.monotonic() - started, "\n  ".join(outcomes)))


if __name__ == "__main__":
    unittest.main()
