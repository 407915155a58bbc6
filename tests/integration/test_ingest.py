"""Ingest end to end: kcat produces, `followup serve` folds, the read side and the dead-letter
topic are checked; restart, foreign logs, validate and configuration precedence."""

import json
import os
import time
import unittest
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import harness
import reference
import scenario
from harness import BIN, DEADLETTER, INPUT_TOPICS, SPEC

CSV_HEADER = b"quarter,perspective,indicator,scope,scope_id,value,numerator,denominator\n"


class IngestBase(harness.IntegrationCase):

    def fold_mixed(self, partitions=4, data_name="live", mix=None):
        """A broker and a service; the mixed scenario produced with kcat and folded.
        Returns (mix, broker, service, ingest JSON)."""
        mix = mix or scenario.mixed()
        broker = self.start_broker(partitions)
        svc = self.start_serve(self.path(data_name), broker.address)  # an empty log: ready once assigned
        harness.kcat_produce_all(broker.address, mix.messages)
        st = svc.wait_caught_up(len(mix.messages), timeout=180)
        return mix, broker, svc, st

    def assert_counters(self, st, folded, duplicates, rejected, what=""):
        got = {k: st[k] for k in ("events_folded", "duplicates", "events_rejected")}
        want = {"events_folded": folded, "duplicates": duplicates, "events_rejected": rejected}
        self.assertEqual(got, want, "ingest counters %s" % what)

    def deadletter_summary(self, brokers):
        return [(harness.headers_of(e).get("reason"), e["payload"][:80])
                for e in harness.kcat_consume(brokers, DEADLETTER)]


class IngestTest(IngestBase):

    def test_1_kcat_scenario_counters_deadletters_and_order_independence(self):
        mix, broker, svc, st = self.fold_mixed()
        total = len(mix.messages)
        self.assertGreater(len(mix.valid), 4000)
        self.assertGreater(mix.duplicates, 100)

        # Counters: every message accounted for exactly once.
        self.assertEqual(st["lag"], 0)
        self.assertTrue(st["ready"])
        try:
            self.assert_counters(st, len(mix.valid), mix.duplicates, len(mix.malformed))
        except AssertionError as e:
            raise AssertionError("%s\ndead letters: %s" % (e, self.deadletter_summary(broker.address))) from None
        parts = st["partitions"]
        self.assertEqual({p["topic"] for p in parts}, set(INPUT_TOPICS))
        self.assertEqual(len(parts), 4 * len(INPUT_TOPICS))
        self.assertEqual(sum(p["high_watermark"] for p in parts), total)
        for p in parts:
            self.assertEqual((p["offset"], p["lag"]), (p["high_watermark"], 0), p)
        status, body = svc.get("/readyz")
        self.assertEqual((status, body.strip()), (200, b"ready"))
        self.assertEqual(svc.get("/healthz")[0], 200)

        # Dead letters: exactly the malformed messages, byte for byte, with reason and origin.
        dead = harness.kcat_consume(broker.address, DEADLETTER)
        self.assertEqual(sorted(e["payload"].encode("utf-8") for e in dead),
                         sorted(v for _t, _k, v, _f in mix.malformed))
        field_of = {v: (t, f) for t, _k, v, f in mix.malformed}
        for e in dead:
            value = e["payload"].encode("utf-8")
            topic, field = field_of[value]
            h = harness.headers_of(e)
            for name in ("reason", "topic", "partition", "offset"):
                self.assertEqual(len(h.get(name, [])), 1, "header %s of dead letter %r: %s" % (name, value[:60], h))
            reason = h["reason"][0]
            self.assertTrue(reason.strip(), "empty reason for %r" % value[:60])
            if field == "json":
                self.assertIn("json", reason.lower(), reason)
            elif field:
                self.assertIn(field, reason, "reason of %r" % value[:60])
            self.assertEqual(h["topic"][0], topic)
            orig = harness.kcat_consume(broker.address, topic, partition=int(h["partition"][0]),
                                        offset=int(h["offset"][0]), count=1)
            self.assertEqual(len(orig), 1)
            self.assertEqual(orig[0]["offset"], int(h["offset"][0]))
            self.assertEqual(orig[0]["payload"].encode("utf-8"), value,
                             "topic/partition/offset headers of the dead letter do not point at the original")

        # The live read side over HTTP.
        live_csv = {}
        for q in ("2026Q3", "2026Q4"):
            status, body = svc.get("/api/v1/ils/%s.csv" % q)
            self.assertEqual(status, 200)
            self.assertTrue(body.startswith(CSV_HEADER), body[:200])
            live_csv[q] = body
        status, js = svc.get("/api/v1/ils/2026Q4.json")
        self.assertEqual(status, 200)
        doc = json.loads(js)
        self.assertEqual(doc["quarter"], "2026Q4")
        self.assertEqual(len(doc["rows"]), live_csv["2026Q4"].count(b"\n") - 1)

        # The report is right, not only stable: city rows against an independent reference.
        ref = reference.Reference([v for _t, _k, v in mix.valid])
        for q in ("2026Q3", "2026Q4"):
            rows = reference.parse_csv_report(live_csv[q])
            self.assert_city_rows(rows, ref.rows(q), q)
            self.assertEqual(sorted(k[0] for k in rows if k[1] == "city"), sorted(ref.rows(q)),
                             "%s: city indicators reported vs expected" % q)
        rows = reference.parse_csv_report(live_csv["2026Q4"])
        # A service without a catalog entry counts under "unknown" owner/focus area/category.
        for scope in ("owner", "focus_area", "category"):
            self.assertIn(("ext.digital_share", scope, "unknown"), rows)
        self.assertIn(("qual.availability", "service", scenario.UNCATALOGUED), rows)
        # The retired service has left the catalog counts; its usage still counts.
        self.assertNotIn(("ext.case_status_share", "service", scenario.RETIRED), rows)
        self.assertIn(("ext.digital_share", "service", scenario.RETIRED), rows)

        # The same events, in order, without duplicates or malformed messages, on another log.
        broker2 = self.start_broker(4, name="broker-ordered")
        svc2 = self.start_serve(self.path("ordered"), broker2.address)
        harness.kcat_produce_all(broker2.address, mix.valid)
        st2 = svc2.wait_caught_up(len(mix.valid), timeout=180)
        self.assert_counters(st2, len(mix.valid), 0, 0, "of the in-order log")
        self.assertEqual(harness.kcat_consume(broker2.address, DEADLETTER), [])
        for q in ("2026Q3", "2026Q4"):
            status, body = svc2.get("/api/v1/ils/%s.csv" % q)
            self.assertEqual(status, 200)
            self.assert_same_text(live_csv[q], body, "ILS %s CSV of the shuffled vs the in-order log" % q)

        # The CLI: report agrees with HTTP; dump works while serve runs.
        for q in ("2026Q3", "2026Q4"):
            self.assert_same_text(live_csv[q], harness.report(svc.data_dir, q), "CLI report %s vs HTTP" % q)
        dump_live = harness.dump(svc.data_dir)
        dump_ordered = harness.dump(svc2.data_dir)
        fam = harness.dump_families(dump_live)
        for f in ("cat", "ann", "m", "q", "o", "c", "d"):
            self.assertIn(f, fam, "dump has no %s/ lines" % f)
        self.assertEqual(len(fam["d"]), len(mix.valid), "one dedup record per unique event id")
        # Offsets (o/), per-partition counters (c/) and the log time of dedup records (d/) describe
        # the log, which differs; every projection must be byte-identical.
        self.assert_same_text(harness.projection_lines(dump_live), harness.projection_lines(dump_ordered),
                              "dump (projections) of the shuffled log vs the in-order log")
        self.assertEqual([ln.split(" ")[0] for ln in harness.dump_families(dump_ordered)["d"]],
                         [ln.split(" ")[0] for ln in fam["d"]], "dedup ids differ")

        # Stopped services: dump unchanged, clean exit.
        self.assertEqual(svc.stop(), 0, "serve exit code after SIGTERM")
        self.assertEqual(svc2.stop(), 0, "serve exit code after SIGTERM")
        self.assert_same_text(dump_live, harness.dump(svc.data_dir), "dump while running vs after stop")
        self.assert_same_text(live_csv["2026Q4"], harness.report(svc.data_dir, "2026Q4"), "CLI report after stop")

    def assert_city_rows(self, rows, expected, quarter):
        self.assertTrue(expected)
        for ind, (num, den) in sorted(expected.items()):
            key = (ind, "city", "stockholm")
            self.assertIn(key, rows, "%s: no city row for %s" % (quarter, ind))
            r = rows[key]
            what = "%s %s city: %s" % (quarter, ind, r)
            self.assertEqual(r["quarter"], quarter, what)
            self.assertEqual(Decimal(r["numerator"]), Decimal(num), what)
            if den is None:
                self.assertEqual(r["denominator"], "", what)
                self.assertEqual(Decimal(r["value"]), Decimal(num), what)
            else:
                self.assertEqual(Decimal(r["denominator"]), Decimal(den), what)
                self.assertLessEqual(abs(Decimal(r["value"]) - Decimal(num) / Decimal(den)), Decimal("0.0000005"),
                                     what)

    def assert_same_text(self, a, b, what):
        if a == b:
            return
        la, lb = a.decode("utf-8", "replace").splitlines(), b.decode("utf-8", "replace").splitlines()
        import difflib
        diff = list(difflib.unified_diff(la, lb, "first", "second", lineterm="", n=0))
        self.fail("%s differ (%d vs %d lines):\n%s" % (what, len(la), len(lb), "\n".join(diff[:40])))

    def assert_dump_ok(self, result, what):
        rc, _out, err = result
        self.assertEqual(rc, 0, "followup dump (%s) failed: %s" % (what, err[-1000:]))

    def test_2_restart_same_data_dir_no_double_counting(self):
        mix, broker, svc, st = self.fold_mixed()
        dead_before = harness.kcat_consume(broker.address, DEADLETTER)
        self.assertEqual(len(dead_before), len(mix.malformed))
        status, csv_before = svc.get("/api/v1/ils/2026Q4.csv")
        self.assertEqual(status, 200)
        self.assertEqual(svc.stop(), 0)
        dump_before = harness.try_dump(svc.data_dir)  # judged at the end: HTTP checks first

        svc2 = self.start_serve(svc.data_dir, broker.address)
        st2 = svc2.ingest()
        self.assertEqual(st2["lag"], 0)
        self.assert_counters(st2, len(mix.valid), mix.duplicates, len(mix.malformed), "after restart")
        self.assertEqual(svc2.get("/api/v1/ils/2026Q4.csv"), (200, csv_before))
        self.assertEqual(len(harness.kcat_consume(broker.address, DEADLETTER)), len(dead_before),
                         "restart re-sent dead letters")
        dump_restarted = harness.try_dump(svc.data_dir)

        # More events after the restart: new probes, one old event again, one malformed.
        services = ["skolval", "bygglov", "kartor", "bibliotek", "jobbtorg"]
        extra = scenario.extra_probes(99, datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc), 30, services)
        again = mix.valid[123]
        bad = (scenario.PROBES, "skolval", b'{"type":"probe.v1","event_id":"late-bad","occurred_at":"2026-12-01"}')
        harness.kcat_produce_all(broker.address, extra + [again, bad])
        st3 = svc2.wait_caught_up(len(mix.messages) + len(extra) + 2, timeout=120)
        self.assert_counters(st3, len(mix.valid) + len(extra), mix.duplicates + 1, len(mix.malformed) + 1,
                             "after the new events")
        # Each of those services has 30 more monitored minutes in 2026Q4.
        before = reference.parse_csv_report(csv_before)
        status, body = svc2.get("/api/v1/ils/2026Q4.csv")
        self.assertEqual(status, 200)
        after = reference.parse_csv_report(body)
        for sid in services:
            key = ("qual.monitoring_coverage", "service", sid)
            self.assertEqual(int(after[key]["numerator"]) - int(before[key]["numerator"]), 30, sid)
        dead_after = harness.kcat_consume(broker.address, DEADLETTER)
        self.assertEqual(len(dead_after), len(dead_before) + 1)
        self.assertIn(bad[2], [e["payload"].encode() for e in dead_after])
        self.assertEqual(svc2.stop(), 0)

        # The projections: unchanged by the restart, changed by the new events.
        self.assert_dump_ok(dump_before, "after the first stop")
        self.assert_dump_ok(dump_restarted, "after the restart")
        self.assert_same_text(dump_before[1], dump_restarted[1], "dump before vs after the restart")
        self.assertNotEqual(harness.dump(svc.data_dir), dump_before[1])

    def test_3_foreign_log_is_refused(self):
        mix, broker, svc, st = self.fold_mixed(partitions=2)
        self.assertEqual(svc.stop(), 0)
        data = svc.data_dir
        dump_before = harness.try_dump(data)
        broker.stop()  # the log is gone; a new `followup broker` is a new, empty log

        broker2 = self.start_broker(2, name="broker-new")
        refused = self.spawn_serve(data, broker2.address, name="serve-foreign")
        rc = refused.proc.wait_exit(60)
        log = refused.proc.log_text()
        self.assertIsNotNone(rc, "serve kept running on a data dir of another log:\n" + log[-2000:])
        self.assertNotEqual(rc, 0, log)
        self.assertIn("log", log.lower())
        self.assertIn("data dir", log.lower())

        embedded = self.spawn_serve(data, None, name="serve-embedded")
        rc = embedded.proc.wait_exit(60)
        log = embedded.proc.log_text()
        self.assertIsNotNone(rc, "serve (embedded broker) kept running on a non-empty data dir:\n" + log[-2000:])
        self.assertNotEqual(rc, 0, log)
        self.assertIn("data dir", log.lower())
        dump_after = harness.try_dump(data)

        # A new, empty data dir with the new broker works.
        fresh = self.start_serve(self.path("fresh"), broker2.address)
        few = mix.valid[:200]
        harness.kcat_produce_all(broker2.address, few)
        st2 = fresh.wait_caught_up(len(few), timeout=60)
        self.assert_counters(st2, len(few), 0, 0, "on the new log")
        self.assertEqual(fresh.stop(), 0)

        self.assert_dump_ok(dump_before, "before the refused starts")
        self.assert_dump_ok(dump_after, "after the refused starts")
        self.assert_same_text(dump_before[1], dump_after[1], "dump before vs after the refused starts")

    def test_4_validate_spec_examples(self):
        ok = harness.run([BIN, "validate", os.path.join(SPEC, "examples.ndjson")])
        self.assertEqual(ok.returncode, 0, ok.stdout + ok.stderr)
        self.assertEqual(ok.stdout, b"", "validate printed rejections for the valid examples")
        with open(os.path.join(SPEC, "examples.ndjson"), "rb") as f:
            types = {json.loads(line)["type"] for line in f if line.strip()}
        self.assertEqual(len(types), 8, "examples.ndjson should hold every type")

        path = os.path.join(SPEC, "invalid-examples.ndjson")
        bad = harness.run([BIN, "validate", path])
        self.assertEqual(bad.returncode, 1, bad.stdout + bad.stderr)
        lines = bad.stdout.decode("utf-8").splitlines()
        self.assertEqual(len(lines), 5, lines)
        for n, (line, field) in enumerate(zip(lines, ("service_id", "occurred_at", "score", "period_end",
                                                      "revision")), start=1):
            self.assertIn(":%d:" % n, line)
            rest = line.split(":%d:" % n, 1)[1]
            self.assertIn(field, rest, line)

        # stdin works too, and a mixed file reports only the bad lines with their numbers.
        with open(os.path.join(SPEC, "examples.ndjson"), "rb") as f:
            good = f.read()
        with open(path, "rb") as f:
            invalid = f.read().splitlines(keepends=True)
        mixed = good + invalid[2]
        res = harness.run([BIN, "validate", "-"], input_bytes=mixed)
        self.assertEqual(res.returncode, 1)
        out = res.stdout.decode("utf-8").splitlines()
        self.assertEqual(len(out), 1, out)
        self.assertIn(":%d:" % (good.count(b"\n") + 1), out[0])
        self.assertIn("score", out[0])

    # ------------------------------------------------ ready means ready (issue 15, item 4)

    READY_IDS = ["tjanst-%03d" % i for i in range(200)]
    READY_DOWN = READY_IDS[-1]

    def ready_probes(self, minutes_back, minutes):
        """Probes from 3 locations for `minutes` whole minutes from `minutes_back` minutes before
        now, of every READY_IDS service: READY_DOWN fails everywhere, the others pass."""
        now = datetime.now(timezone.utc).replace(second=0, microsecond=0)
        out = []
        for m in range(minutes_back, minutes_back - minutes, -1):
            stamp = (now - timedelta(minutes=m)).replace(second=5).strftime("%Y-%m-%dT%H:%M:%SZ")
            for sid in self.READY_IDS:
                for loc in ("kista", "liljeholmen", "skarholmen"):
                    out.append(("followup.probes", sid, json.dumps({
                        "type": "probe.v1", "event_id": "p-%s-%s-%s" % (sid, loc, stamp),
                        "occurred_at": stamp, "service_id": sid, "location": loc,
                        "ok": sid != self.READY_DOWN, "latency_ms": 120})))
        return out

    def produce_ready_log(self, broker):
        """The catalog of READY_IDS and 20 minutes of their probes (many batches to catch up
        with; the last three minutes decide the level). Returns the number of messages."""
        messages = [("followup.catalog", sid, json.dumps({
            "type": "service.v1", "event_id": "cat-" + sid, "occurred_at": "2026-01-01T00:00:00Z",
            "service_id": sid, "name": "Tjänst " + sid, "owner": "Kulturnämnden",
            "category": "grundlaggande", "focus_area": 1, "url": "https://start.stockholm/%s/" % sid,
            "alternatives": [], "presents_case_status": True, "wcag_aa": True,
            "investment_sek": 1000})) for sid in self.READY_IDS]
        messages += self.ready_probes(20, 20)
        harness.kcat_produce_all(broker.address, messages)
        return len(messages)

    def assert_shown_at_first_ready(self, svc, total, what):
        """Polls /readyz every 5 ms; at its first 200, with no waiting: every service is listed,
        each answers on /api/v1/status/{id} (not 404), READY_DOWN is `outage` and an up one
        `operational`, and the ingest counters account for all `total` messages."""
        def ready():
            if not svc.proc.alive():
                raise AssertionError("serve exited\n" + harness.tail(svc.proc.log_path))
            status, _ = harness.http_get(svc.url + "/readyz", timeout=2)
            return status == 200
        harness.wait_until(ready, 120, "/readyz 200 (%s)" % what, interval=0.005)
        up = svc.get("/api/v1/status/" + self.READY_IDS[0])
        down = svc.get("/api/v1/status/" + self.READY_DOWN)
        listed = svc.get("/api/v1/status")
        st = svc.ingest()
        self.assertEqual(down[0], 200, "%s: %r" % (what, down[1][:200]))
        self.assertEqual(json.loads(down[1])["level"], "outage", what)
        self.assertEqual(up[0], 200, "%s: %r" % (what, up[1][:200]))
        self.assertEqual(json.loads(up[1])["level"], "operational", what)
        self.assertEqual(listed[0], 200, what)
        self.assertEqual(len(json.loads(listed[1])["services"]), len(self.READY_IDS), what)
        self.assertEqual(harness.processed(st), total, what)

    def test_6_ready_means_every_read_surface_shows_the_caught_up_log(self):
        """/readyz turns 200 only once the citizen status shows what was folded
        (assert_shown_at_first_ready). Four starts on empty data dirs, then a restart of the first
        one after more probes came while it was down: the race is narrow, one start rarely shows
        it."""
        broker = self.start_broker(4)
        total = self.produce_ready_log(broker)
        for run in range(4):
            svc = self.spawn_serve(self.path("ready-%d" % run), broker.address, group_id="ready-%d" % run)
            self.assert_shown_at_first_ready(svc, total, "start %d on an empty data dir" % (run + 1))
            self.assertEqual(svc.stop(), 0)
        more = self.ready_probes(2, 2)
        harness.kcat_produce_all(broker.address, more)
        svc = self.spawn_serve(self.path("ready-0"), broker.address, group_id="ready-again")
        self.assert_shown_at_first_ready(svc, total + len(more), "restart with new probes")

    def test_7_scale_out_ready_means_the_view_shows_the_own_partitions(self):
        """The same in scale-out, where readers read the global view, which gets the instance's
        own partitions only through the rows it publishes to followup.aggregates. Two starts, each
        on a log of its own (a second instance on the same log would find the first one's rows
        already there)."""
        for run in range(2):
            broker = self.start_broker(4, name="broker-%d" % run)
            total = self.produce_ready_log(broker)
            svc = self.spawn_serve(self.path("scale-%d" % run), broker.address, group_id="scale-%d" % run,
                                   extra=["--scale-out"])
            self.assert_shown_at_first_ready(svc, total, "scale-out start %d" % (run + 1))
            self.assertEqual(svc.stop(), 0)

    # ------------------------------------------------ no group to wait for (issue 15, item 2)

    def test_8_plain_instances_fold_every_partition_and_restart_without_a_group_wait(self):
        """A plain instance assigns every input partition itself. Two of them with the same
        --group-id each fold the whole log (a consumer group would split the partitions between
        them), and one killed with kill -9 is ready again on its data dir, showing what came
        while it was down, well before its Kafka session (60 s here) could have expired: there is
        no group membership whose session a restart waits out."""
        broker = self.start_broker(4)
        total = self.produce_ready_log(broker)
        cfg = self.path("long-session.yaml")
        with open(cfg, "w") as f:
            f.write("kafka:\n  session.timeout.ms: 60000\n  heartbeat.interval.ms: 5000\n")
        every = {(t, p) for t in INPUT_TOPICS for p in range(4) if t not in ("followup.catalog",
                                                                            "followup.announcements")}
        pair = [self.start_serve(self.path("shared-%d" % i), broker.address, group_id="shared",
                                 extra=["--config", cfg]) for i in range(2)]
        for i, svc in enumerate(pair):
            st = svc.wait_caught_up(total, timeout=60)
            self.assertEqual(harness.processed(st), total, "instance %d" % i)
            assigned = {(p["topic"], p["partition"]) for p in st["partitions"]}
            self.assertTrue(every <= assigned, "instance %d lacks %s" % (i, sorted(every - assigned)))
        pair[0].kill9()
        more = self.ready_probes(2, 2)
        harness.kcat_produce_all(broker.address, more)
        again = self.spawn_serve(self.path("shared-0"), broker.address, group_id="shared", extra=["--config", cfg])
        started = time.monotonic()
        self.assert_shown_at_first_ready(again, total + len(more), "restart after kill -9")
        self.assertLess(time.monotonic() - started, 30, "the restart waited for the dead member's session")
        self.assertEqual(pair[1].stop(), 0)
        self.assertEqual(again.stop(), 0)

    def test_9_partitions_created_after_the_start_are_folded(self):
        """A topic that does not exist when the instance starts (here: usage) is consumed once it
        is created, as a subscription would be given it."""
        broker = harness.ControlledBroker(self, partitions=2)
        for topic in ("catalog", "probes", "surveys", "finance", "announcements", "deadletter"):
            broker.command("create late.%s 2" % topic)
        svc = self.start_serve(self.path("late"), broker.address, extra=["--topic-prefix", "late."])
        self.assertNotIn("late.usage", {p["topic"] for p in svc.ingest()["partitions"]})
        broker.command("create late.usage 3")
        usage = [("late.usage", "tjanst-%d" % i, json.dumps({
            "type": "usage.v1", "event_id": "u-%d" % i, "occurred_at": "2026-11-01T02:00:00Z",
            "service_id": "tjanst-%d" % i, "period_start": "2026-10-01T00:00:00+02:00",
            "period_end": "2026-11-01T00:00:00+01:00", "channel": "digital", "cases": 10,
            "cases_with_contact_details": 5})) for i in range(30)]
        harness.kcat_produce_all(broker.address, usage)
        st = svc.wait_caught_up(len(usage), timeout=60)
        self.assertEqual(st["events_folded"], len(usage))
        self.assertEqual({p["partition"] for p in st["partitions"] if p["topic"] == "late.usage"}, {0, 1, 2})
        self.assertEqual(svc.stop(), 0)

    def test_5_config_precedence_and_errors(self):
        broker = self.start_broker(2, topic_prefix="stockholm.")
        brokers = broker.address
        data = self.path("cfg-data")
        p_file, p_env, p_flag = harness.free_port(), harness.free_port(), harness.free_port()
        cfg = self.path("followup.yaml")
        with open(cfg, "w") as f:
            f.write("# integration test config\n"
                    "listen: 127.0.0.1:%d\n"
                    "data_dir: %s\n"
                    "brokers: %s\n"
                    "group_id: uppfoljning-it\n"
                    "topic_prefix: stockholm.\n"
                    "kafka:\n"
                    "  client.id: followup-it\n"
                    "  session.timeout.ms: 6000\n" % (p_file, data, brokers))

        def answers(port):
            try:
                return harness.http_get("http://127.0.0.1:%d/healthz" % port, timeout=2)[0] == 200
            except OSError:
                return False

        # 1. The file alone: its listen, data_dir, brokers, topic_prefix are used.
        svc = self.spawn_serve(port=p_file, listen_flag=False, extra=["--config", cfg], name="serve-file")
        svc.wait_ready(60)
        self.assertTrue(answers(p_file))
        self.assertFalse(answers(p_env) or answers(p_flag))
        valid = [(t.replace("followup.", "stockholm."), k, v) for t, k, v in scenario.generate()[:300]]
        bad = [("stockholm.probes", "Bad", b'{"type":"probe.v1"}')]
        harness.kcat_produce_all(brokers, valid + bad)
        st = svc.wait_caught_up(len(valid) + 1, timeout=60)
        self.assertEqual((st["events_folded"], st["events_rejected"]), (len(valid), 1))
        self.assertEqual({p["topic"] for p in st["partitions"]}, {t.replace("followup.", "stockholm.")
                                                                  for t in INPUT_TOPICS})
        self.assertEqual([e["payload"] for e in harness.kcat_consume(brokers, "stockholm.deadletter")],
                         ['{"type":"probe.v1"}'])
        self.assertIn("uppfoljning-it", svc.proc.log_text(), "group_id from the config file not used")
        self.assertEqual(svc.stop(), 0)
        self.assertTrue(os.path.exists(os.path.join(data, "CURRENT")), "data_dir from the config file not used")

        # 2. FOLLOWUP_LISTEN overrides the file.
        env = harness.clean_env(FOLLOWUP_LISTEN="127.0.0.1:%d" % p_env)
        svc = self.spawn_serve(port=p_env, listen_flag=False, extra=["--config", cfg], env=env, name="serve-env")
        svc.wait_ready(60)
        self.assertTrue(answers(p_env))
        self.assertEqual(svc.ingest()["events_folded"], len(valid), "same data_dir, same counters")
        self.assertFalse(answers(p_file) or answers(p_flag))
        self.assertEqual(svc.stop(), 0)

        # 3. --listen overrides the environment (and the file).
        svc = self.spawn_serve(port=p_flag, extra=["--config", cfg], env=env, name="serve-flag")
        svc.wait_ready(60)
        self.assertTrue(answers(p_flag))
        self.assertFalse(answers(p_file) or answers(p_env))
        self.assertEqual(svc.stop(), 0)

        # 4. An invalid librdkafka setting fails at start, naming the key.
        bad_cfg = self.path("bad-kafka.yaml")
        with open(bad_cfg, "w") as f:
            f.write("listen: 127.0.0.1:%d\ndata_dir: %s\nbrokers: %s\ntopic_prefix: stockholm.\n"
                    "kafka:\n  security.protocol: bogus\n" % (p_file, self.path("bad-kafka-data"), brokers))
        svc = self.spawn_serve(port=p_file, listen_flag=False, extra=["--config", bad_cfg], name="serve-badkafka")
        rc = svc.proc.wait_exit(60)
        log = svc.proc.log_text()
        self.assertIsNotNone(rc, "serve started with kafka security.protocol: bogus\n" + log[-2000:])
        self.assertNotEqual(rc, 0, log)
        self.assertIn("security.protocol", log)

        # 5. An unknown top-level key is refused, naming the line.
        unk_cfg = self.path("unknown-key.yaml")
        with open(unk_cfg, "w") as f:
            f.write("listen: 127.0.0.1:%d\ndata_dir: %s\nlisen: 127.0.0.1:1\nbrokers: %s\n"
                    % (p_file, self.path("unk-data"), brokers))
        svc = self.spawn_serve(port=p_file, listen_flag=False, extra=["--config", unk_cfg], name="serve-unknown")
        rc = svc.proc.wait_exit(60)
        log = svc.proc.log_text()
        self.assertIsNotNone(rc, "serve started with an unknown config key\n" + log[-2000:])
        self.assertNotEqual(rc, 0, log)
        self.assertIn("lisen", log)
        self.assertRegex(log, r"line 3\b")


if __name__ == "__main__":
    unittest.main()
