"""What a faulty producer can do to ingestion, and what must hold (events.md: "Dead letters are
never refused", "Duplicates and id conflicts").

- A message larger than the dead-letter topic takes (1,000,100 bytes: above librdkafka's
  default message.max.bytes of 1,000,000, below a real broker's 1,048,588; and 5 MB) is
  dead-lettered with its first 64 KiB and a `truncated` header, and the next event is folded.
- A dead letter the topic refuses for good even truncated is passed over, counted and logged with
  its position; ingestion goes on.
- The same event_id with other content is an id conflict: the first copy counts, the conflict is
  counted (ingest API, metric) and logged with both positions. Copies in one partition decide the
  same in the live run and in a replay; identical copies on two partitions are duplicates in any
  read order.
"""

import json
import re

import harness
from harness import BIN, IntegrationCase, KCAT, kcat_consume, kcat_produce

DEADLETTER = "followup.deadletter"
KIB64 = 64 * 1024


def probe(event_id, ok=True, second=10, service="tjanst-a", location="kista"):
    return json.dumps({"type": "probe.v1", "event_id": event_id,
                       "occurred_at": "2026-11-26T10:00:%02dZ" % second,
                       "service_id": service, "location": location, "ok": ok, "latency_ms": 120})


def padded(size):
    """Valid JSON (a probe with a long unknown field) of exactly `size` bytes: rejected only
    because it is over 64 KiB."""
    head = '{"type":"probe.v1","event_id":"big-%d","pad":"' % size
    tail = '"}'
    return (head + "x" * (size - len(head) - len(tail)) + tail).encode()


def kcat_produce_to(brokers, topic, partition, records):
    """(key, value) records to one partition, allowing messages of up to 8 MB."""
    lines = b"".join(harness._as_bytes(k) + b"\t" + harness._as_bytes(v) + b"\n" for k, v in records)
    cp = harness.run([KCAT, "-P", "-b", brokers, "-t", topic, "-p", str(partition), "-K", "\\t",
                      "-X", "message.max.bytes=8000000"], timeout=120, input_bytes=lines)
    if cp.returncode != 0:
        raise AssertionError("kcat -P failed: %s" % cp.stderr[-2000:])


def metric(svc, name):
    status, body = svc.get("/metrics")
    assert status == 200
    for line in body.decode().splitlines():
        if line.startswith(name + " ") or line.startswith(name + "{"):
            return float(line.rsplit(" ", 1)[1])
    raise AssertionError("no %s in /metrics" % name)


def city_row(svc, quarter, indicator):
    status, body = svc.get("/api/v1/ils/%s.json" % quarter)
    assert status == 200, status
    for r in json.loads(body)["rows"]:
        if r["indicator"] == indicator and r["scope"] == "city":
            return r
    return None


class OversizedMessages(IntegrationCase):
    def test_oversized_messages_are_truncated_and_ingestion_goes_on(self):
        broker = self.start_broker(partitions=4)
        svc = self.start_serve(self.path("data"), broker.address)
        # Each large message alone on a partition (the mock broker keeps ~5 MB per partition).
        kcat_produce_to(broker.address, "followup.probes", 1, [("tjanst-a", padded(1_000_100))])
        kcat_produce_to(broker.address, "followup.probes", 2, [("tjanst-a", padded(5_000_000))])
        kcat_produce_to(broker.address, "followup.probes", 3, [("tjanst-a", padded(990_000))])
        kcat_produce_to(broker.address, "followup.probes", 0, [("tjanst-a", probe("after-big"))])
        st = svc.wait_caught_up(4, timeout=120)
        self.assertEqual(st["events_rejected"], 3)
        self.assertEqual(st["events_folded"], 1)
        self.assertEqual(st["deadletters_dropped"], 0)
        self.assertEqual(svc.get("/readyz")[0], 200)

        letters = {int(harness.headers_of(e)["partition"][0]): e for e in kcat_consume(broker.address, DEADLETTER)}
        self.assertEqual(sorted(letters), [1, 2, 3])
        for partition, size in ((1, 1_000_100), (2, 5_000_000)):
            h = harness.headers_of(letters[partition])
            self.assertEqual(h["truncated"], [str(size)])
            self.assertEqual(h["topic"], ["followup.probes"])
            self.assertEqual(h["offset"], ["0"])
            self.assertIn("more than the 65536 allowed", h["reason"][0])
            payload = letters[partition]["payload"].encode()
            self.assertEqual(len(payload), KIB64)
            self.assertEqual(payload, padded(size)[:KIB64])
        # Below the limit: the whole message, no header.
        h = harness.headers_of(letters[3])
        self.assertNotIn("truncated", h)
        self.assertEqual(letters[3]["payload"].encode(), padded(990_000))
        # The event after them counts.
        row = city_row(svc, "2026Q4", "qual.availability")
        self.assertEqual((row["numerator"], row["denominator"]), (1, 1))

    def test_a_dead_letter_refused_for_good_is_passed_over(self):
        broker = harness.ControlledBroker(self, partitions=1)
        kcat_produce(broker.address, "followup.probes",
                     [("tjanst-a", b'{"type":"probe.v1","event_id":"bad-1"}'), ("tjanst-a", probe("good-1"))])
        # The next two produce requests (the dead letter, then its retry) are refused as too large.
        broker.command("refuse-produce 2")
        svc = self.start_serve(self.path("data"), broker.address)
        st = svc.wait_caught_up(2, timeout=120)
        self.assertEqual(st["events_rejected"], 1)
        self.assertEqual(st["deadletters_dropped"], 1)
        self.assertEqual(st["events_folded"], 1)
        self.assertEqual(metric(svc, "followup_deadletters_dropped_total"), 1)
        self.assertEqual(kcat_consume(broker.address, DEADLETTER), [])
        log = svc.proc.log_text()
        self.assertRegex(log, r"dead letter of followup\.probes/0@0 .*passed over")


class IdConflicts(IntegrationCase):
    def replay(self, brokers, name):
        out = self.path(name)
        cp = harness.run([BIN, "replay", "--brokers", brokers, "--data-dir", out], timeout=300)
        self.assertEqual(cp.returncode, 0, cp.stderr[-2000:])
        return out

    def test_conflicting_copies_in_one_partition_decide_the_same_live_and_replayed(self):
        # Copy A (passing) then copy B (failing) of one id, one partition: A counts everywhere.
        for first_ok in (True, False):
            with self.subTest(first_ok=first_ok):
                broker = self.start_broker(partitions=2, name="broker-%s" % first_ok)
                kcat_produce_to(broker.address, "followup.probes", 0,
                                [("tjanst-a", probe("same-id", ok=first_ok)),
                                 ("tjanst-a", probe("same-id", ok=not first_ok))])
                svc = self.start_serve(self.path("live-%s" % first_ok), broker.address)
                st = svc.wait_caught_up(2)
                self.assertEqual(st["events_folded"], 1)
                self.assertEqual(st["id_conflicts"], 1)
                self.assertEqual(st["duplicates"], 0)
                self.assertEqual(metric(svc, "followup_events_id_conflict_total"), 1)
                # Logged with the id and both positions.
                self.assertRegex(svc.proc.log_text(),
                                 r"id conflict: event_id 'same-id' at followup\.probes/0@1 .*followup\.probes/0@0")
                row = city_row(svc, "2026Q4", "qual.availability")
                self.assertEqual(row["value"], 1 if first_ok else 0)
                live = harness.projection_lines(harness.dump(svc.data_dir))
                replayed = self.replay(broker.address, "replayed-%s" % first_ok)
                self.assertEqual(harness.projection_lines(harness.dump(replayed)), live)
                self.assertIn(b"id_conflicts=1", harness.dump(replayed))

    def test_identical_copies_on_two_partitions_are_duplicates_in_any_order(self):
        broker = self.start_broker(partitions=2)
        same = probe("twice", ok=False)
        kcat_produce_to(broker.address, "followup.probes", 0, [("tjanst-a", same), ("tjanst-a", probe("other-0"))])
        kcat_produce_to(broker.address, "followup.probes", 1, [("tjanst-b", probe("other-1", service="tjanst-b")),
                                                                ("tjanst-a", same)])
        svc = self.start_serve(self.path("live"), broker.address)
        st = svc.wait_caught_up(4)
        self.assertEqual((st["events_folded"], st["duplicates"], st["id_conflicts"]), (3, 1, 0))
        live = harness.projection_lines(harness.dump(svc.data_dir))
        for name in ("replay-1", "replay-2"):
            self.assertEqual(harness.projection_lines(harness.dump(self.replay(broker.address, name))), live)

    def test_conflicting_copies_on_two_partitions_are_loud(self):
        # Across partitions "first" depends on read order: events.md makes the conflict loud
        # instead. Every run reports it, and keeps exactly one of the copies.
        broker = self.start_broker(partitions=2)
        kcat_produce_to(broker.address, "followup.probes", 0, [("tjanst-a", probe("cross", ok=True))])
        kcat_produce_to(broker.address, "followup.probes", 1, [("tjanst-a", probe("cross", ok=False))])
        svc = self.start_serve(self.path("live"), broker.address)
        st = svc.wait_caught_up(2)
        self.assertEqual((st["events_folded"], st["id_conflicts"]), (1, 1))
        log = svc.proc.log_text()
        m = re.search(r"id conflict: event_id 'cross' at (followup\.probes/\d@0) .*copy folded from "
                      r"(followup\.probes/\d@0)", log)
        self.assertIsNotNone(m, log[-3000:])
        self.assertNotEqual(m.group(1), m.group(2))
        self.assertIn(city_row(svc, "2026Q4", "qual.availability")["value"], (0, 1))
        replayed = harness.dump(self.replay(broker.address, "replayed"))
        self.assertIn(b"id_conflicts=1", replayed)
