"""kill -9 while folding: the crashed-and-restarted data dir must end up byte-identical to a data
dir that folded the same log without interruption."""

import random
import time
import unittest

import harness
import scenario
from harness import DEADLETTER

SEED = 20261126


processed = harness.processed


class CrashTest(harness.IntegrationCase):

    def test_kill9_while_folding_matches_uninterrupted_fold(self):
        started = time.monotonic()
        rng = random.Random(SEED)
        broker = self.start_broker(32)
        valid = scenario.probe_load(seed=SEED, services=60, minutes=1100)
        messages, ndup = scenario.with_duplicates(valid, seed=SEED + 1)
        bad = scenario.malformed_messages()
        for topic, key, value, _field in bad:
            messages.insert(rng.randrange(len(messages) + 1), (topic, key, value))
        total = len(messages)
        self.assertGreater(total, 190000)
        harness.kcat_produce_all(broker.address, messages)
        # The mock broker keeps ~5 MB per partition: make sure it dropped nothing of this load.
        produced = sum(1 for t, _k, _v in messages if t == scenario.PROBES)
        self.assertEqual(sum(harness.kcat_count(broker.address, scenario.PROBES).values()), produced,
                         "the broker did not keep the whole log (partition size limit)")

        # A short session timeout (harness.fast_rejoin_config): a killed consumer's group membership
        # would otherwise hold the partitions for ~90 s before the restarted one gets them.
        cfg = self.fast_rejoin_config()

        # The reference: folds the same log, never interrupted, own group and port.
        ref = self.spawn_serve(self.path("reference"), broker.address, group_id="followup-reference",
                               extra=["--config", cfg], name="serve-reference")

        crash_dir = self.path("crashing")
        n_kills = rng.randint(6, 8)
        targets = sorted(int(rng.uniform(0.04, 0.8) * total) for _ in range(n_kills))
        delays = [rng.random() for _ in range(n_kills)]
        kills = []
        last_seen = 0
        port = harness.free_port()
        for i in range(n_kills):
            svc = self.spawn_serve(crash_dir, broker.address, port=port, group_id="followup",
                                   extra=["--config", cfg], name="serve-crash")
            first = harness.wait_until(lambda: harness.ingest_if_up(svc), 60, "serve #%d to answer" % i)
            baseline = processed(first)
            self.assertGreaterEqual(baseline, last_seen,
                                    "kill -9 lost committed progress: %d observed before kill #%d, %d after restart"
                                    % (last_seen, i, baseline))

            st, rate = harness.fold_past(svc, baseline, targets[i], 120,
                                         "folding progress past %d (kill #%d)" % (targets[i], i))
            # The random moment (seeded), not synchronisation.
            time.sleep(harness.kill_moment(delays[i], total - processed(st), rate, 0.25))
            ready = svc.get("/readyz")
            st = svc.ingest()
            self.assertLess(processed(st), total, "serve caught up before kill #%d: the load is too small" % i)
            self.assertGreater(st["lag"], 0, "lag 0 with %d of %d messages processed: %s" % (processed(st), total, st))
            # Not caught up since this start: not ready, with a reason.
            self.assertEqual(ready[0], 503, ready)
            self.assertTrue(ready[1].strip(), "503 without a reason")
            self.assertFalse(st["ready"])
            last_seen = processed(st)
            svc.kill9()
            kills.append((last_seen, st["lag"]))

        final = self.spawn_serve(crash_dir, broker.address, port=port, group_id="followup",
                                 extra=["--config", cfg], name="serve-crash-final")
        csv_live = self.finish_crash_run(final, ref, total, 32, (len(valid), ndup, len(bad)), last_seen)

        d_crash, d_ref = harness.dump(crash_dir), harness.dump(self.path("reference"))
        self.assertGreater(len(d_ref), 1000000)
        if d_crash != d_ref:
            a, b = d_crash.splitlines(), d_ref.splitlines()
            diff = [(x, y) for x, y in zip(a, b) if x != y][:10]
            self.fail("dumps differ (%d vs %d lines); first differing lines: %s" % (len(a), len(b), diff))
        r_crash = harness.report(crash_dir, "2026Q4")
        self.assertEqual(r_crash, harness.report(self.path("reference"), "2026Q4"))
        self.assertEqual(r_crash, csv_live)

        # Dead letters: only the malformed messages; each at least once per data dir (a crash
        # between sending dead letters and committing the batch may repeat them).
        dead = harness.kcat_consume(broker.address, DEADLETTER)
        values = [e["payload"].encode("utf-8") for e in dead]
        self.assertEqual(set(values), {v for _t, _k, v, _f in bad})
        for _t, _k, v, _f in bad:
            self.assertGreaterEqual(values.count(v), 2, "dead letter missing for %r" % v[:60])

        elapsed = time.monotonic() - started
        print("\ncrash test: %d messages, %d kills at %s, %.0f s" % (total, n_kills, [p for p, _ in kills], elapsed))


if __name__ == "__main__":
    unittest.main()
