"""Scale-out: the aggregates topic holds per service the last 48 hours of minutes (a ring of slots)
and the minutes of maintenance windows, not every minute, and a view built from those rows
answers as one instance does (issue #15 item 2).

The log is produced before the scale-out instance starts, so everything its view reads is what
the instance publishes when its partitions start serving: the ring, the windows' minutes, and the
hour, day and quarter rows. Probes cover three days, so most minutes are older than the ring; an
old maintenance window, a recent one, a window announced late for old minutes, and late probes
inside and outside windows check what the view computes from those rows."""

import json
import struct
from datetime import datetime, timedelta, timezone

import harness
import scenario
from harness import wait_until

PARTITIONS = 8
SERVICES = ("skolval", "bygglov", "kartor")
RING = 48 * 60  # row_publisher.h kMinuteSlots
UTC = timezone.utc


def status_without_clock(body):
    doc = json.loads(body)
    doc.pop("updated_at", None)
    return doc


def announcement(aid, sids, starts, ends, published):
    return {"type": "announcement.v1", "event_id": "%s-r1" % aid, "occurred_at": scenario.ts(published),
            "announcement_id": aid, "revision": 1, "kind": "planned_maintenance", "service_ids": list(sids),
            "state": "scheduled", "starts_at": scenario.ts(starts), "ends_at": scenario.ts(ends),
            "title_sv": "Planerat underhåll", "body_sv": "Tjänsten är avstängd under underhållet."}


def late_probe(eid, sid, at, ok):
    return (scenario.PROBES, sid, scenario.compact({
        "type": "probe.v1", "event_id": eid, "occurred_at": scenario.ts(at), "source": "probe-kista",
        "service_id": sid, "location": "kista", "ok": ok, "latency_ms": 120.0 if ok else 10000,
        "http_status": 200 if ok else 503}))


def aggregate_keys(brokers):
    """The keys of every message on followup.aggregates (binary: read length-prefixed)."""
    cp = harness.run([harness.KCAT, "-C", "-b", brokers, "-t", "followup.aggregates", "-e", "-q", "-o",
                      "beginning", "-f", "%K\n%k"], timeout=120)
    if cp.returncode != 0:
        raise AssertionError("kcat -C failed: %s" % cp.stderr[-2000:])
    out, pos, data = [], 0, cp.stdout
    while pos < len(data):
        nl = data.index(b"\n", pos)
        n = int(data[pos:nl])
        out.append(data[nl + 1:nl + 1 + n])
        pos = nl + 1 + n
    return out


class ScaleOutRowsTest(harness.IntegrationCase):

    def results(self, svc):
        out = {}
        for fmt in ("csv", "json"):
            out["ils." + fmt] = svc.get("/api/v1/ils/2026Q4.%s" % fmt)
        code, body = svc.get("/api/v1/status")
        out["status"] = (code, status_without_clock(body) if code == 200 else body)
        for sid in SERVICES:
            out[sid + " history"] = svc.get("/api/v1/status/%s/history?days=5" % sid)
            out[sid + " response-times"] = svc.get("/api/v1/status/%s/response-times" % sid)
        _code, body = svc.get("/metrics")
        out["metrics"] = sorted(line for line in body.decode().splitlines()  # (the age moves with the clock)
                                if line.startswith("followup_service_") and "probe_age" not in line
                                and any(s in line for s in SERVICES))
        return out

    def wait_equal(self, svc, single, what, timeout=60):
        last = {}

        def check():
            want, got = self.results(single), self.results(svc)
            last["diff"] = next(((k, want[k], got.get(k)) for k in want if got.get(k) != want[k]), None)
            return last["diff"] is None
        try:
            wait_until(check, timeout, what, 0.2)
        except TimeoutError:
            key, want, got = last["diff"]
            self.fail("%s: %s differs\nexpected %.3000r\ngot      %.3000r" % (what, key, want, got))

    @staticmethod
    def hour_keys(start, now, windows):
        """The h/ keys published under their own keys, worked out from the rule: of the hours
        with probes (every service from start to 2 minutes before now), those of 23:00 UTC
        (December: winter time) and those on a UTC day that one of the service's windows
        touches. keys::Hour: "h/<service>/" and the hour since the epoch, big-endian, sign bit
        flipped."""
        first = int(start.timestamp()) // 3600
        last = (int(now.timestamp()) // 60 - 3) // 60   # the hour of the last probed minute
        out = set()
        for sid in SERVICES:
            days = set()
            for a, b in windows.get(sid, []):
                days.update(range(int(a.timestamp()) // 86400, (int(b.timestamp()) - 60) // 86400 + 1))
            for h in range(first, last + 1):
                if h % 24 == 23 or h // 24 in days:
                    out.add(b"h/" + sid.encode() + b"/" + struct.pack(">Q", h ^ (1 << 63)))
        return sorted(out)

    def test_view_from_ring_and_window_rows_answers_as_one_instance(self):
        now = datetime.now(UTC).replace(second=0, microsecond=0)
        start = now - timedelta(days=3)
        b = scenario._Builder(41)
        scenario._catalog(b)
        scenario._probes(b, start, 3 * 24 * 60 - 2, list(SERVICES))
        # One location of the three: the mock broker keeps ~5 MB per partition.
        b.out = [m for m in b.out if m[0] != scenario.PROBES or '"location":"kista"' in m[2]]
        old_window = (start + timedelta(hours=10, minutes=17), start + timedelta(hours=11, minutes=43))
        recent_window = (now - timedelta(hours=3, minutes=5), now - timedelta(hours=1, minutes=12))
        b.add(scenario.ANNOUNCEMENTS, "bygglov",
              announcement("mnt-old", ["bygglov"], old_window[0], old_window[1], start))
        b.add(scenario.ANNOUNCEMENTS, "skolval",
              announcement("mnt-recent", ["skolval"], recent_window[0], recent_window[1], start))
        log = b.out
        broker = self.start_broker(PARTITIONS)
        harness.kcat_produce_all(broker.address, log)
        single = self.start_serve(self.path("single"), broker.address, group_id="single", name="single")
        single.wait_caught_up(len(log), timeout=120)
        scaled = self.start_serve(self.path("scaled"), broker.address, group_id="city", extra=["--scale-out"],
                                  name="scaled", ready_timeout=120)
        self.wait_equal(scaled, single, "the scale-out view to answer as the single instance")

        # What went on the topic: per service one ring row per slot (three days of minutes fill
        # all 2880), and under their own keys only the minutes of the two windows.
        keys = aggregate_keys(broker.address)
        ring = [k for k in keys if k.startswith(b"s/")]
        own = [k for k in keys if k.startswith(b"m/")]
        self.assertEqual(len(ring), len(SERVICES) * RING)
        self.assertEqual(len(set(ring)), len(SERVICES) * RING)
        old_minutes = int((old_window[1] - old_window[0]).total_seconds() // 60)        # 86
        recent_minutes = int((recent_window[1] - recent_window[0]).total_seconds() // 60)  # 113
        self.assertEqual(len(own), old_minutes + recent_minutes)
        self.assertEqual(sum(1 for k in own if k.startswith(b"m/bygglov/")), old_minutes)
        self.assertEqual(sum(1 for k in own if k.startswith(b"m/skolval/")), recent_minutes)
        self.assertLess(len(ring) + len(own), len(SERVICES) * (3 * 24 * 60 - 2))  # one row per minute before
        # Hours: a ring of 48 per service (three days fill it); under their own keys the hours
        # between the Stockholm midnight and the UTC one (23:00-24:00 UTC in winter time) and
        # every hour of a UTC day a window touches.
        self.assertEqual(len([k for k in keys if k.startswith(b"u/")]), len(SERVICES) * 48)
        windows = {"bygglov": [old_window], "skolval": [recent_window]}
        self.assertEqual(sorted(set(k for k in keys if k.startswith(b"h/"))), self.hour_keys(start, now, windows))

        # A window announced now for old minutes of kartor: its owner publishes those minutes.
        late_window = (start + timedelta(hours=2, minutes=5), start + timedelta(hours=3, minutes=10))
        late = [(scenario.ANNOUNCEMENTS, "kartor",
                 scenario.compact(announcement("mnt-late", ["kartor"], late_window[0], late_window[1], now)))]
        # Late probes: in the old window, in the late one, outside any (older than the ring).
        late += [late_probe("late-1", "bygglov", old_window[0] + timedelta(minutes=13, seconds=5), False),
                 late_probe("late-2", "kartor", late_window[0] + timedelta(minutes=1, seconds=5), False),
                 late_probe("late-3", "skolval", start + timedelta(hours=20, minutes=10, seconds=5), False)]
        harness.kcat_produce_all(broker.address, late)
        single.wait_caught_up(len(log) + len(late), timeout=60)
        self.wait_equal(scaled, single, "the view to take the late window and the late probes")
        own = [k for k in aggregate_keys(broker.address) if k.startswith(b"m/kartor/")]
        late_minutes = int((late_window[1] - late_window[0]).total_seconds() // 60)       # 65
        self.assertEqual(len(set(own)), late_minutes)
        windows["kartor"] = [late_window]
        self.assertEqual(sorted(set(k for k in aggregate_keys(broker.address) if k.startswith(b"h/"))),
                         self.hour_keys(start, now, windows))
        history = json.loads(scaled.get("/api/v1/status/kartor/history?days=5")[1])
        self.assertEqual(sum(d["minutes"]["maintenance"] for d in history["days"]), late_minutes)


if __name__ == "__main__":
    import unittest
    unittest.main()
