"""Webhook subscriptions end to end (issue 16), through the real binary, a
standalone mock broker and a local receiver that verifies every signature
with its own implementation of Standard Webhooks (webhook_receiver.py):

- an incident's publication, the level change it causes, its resolution and
  the recovery reach every endpoint that follows the service, signed with
  the secret the registration answered, none to an endpoint that follows
  another service;
- a receiver that answers 500 gets the same message again (same webhook-id,
  the retry schedule's first delay of 5 s), in order, and nothing twice
  after it answered 200;
- kill -9 of the service while a message waits for its retry: after the
  restart that message is delivered with the same id, and the message the
  other endpoint had acknowledged is not sent again;
- registration refuses an address that is not public and plain http
  outside the allow-list, storing nothing (names that resolve to such an
  address: webhook_routes_test.cpp, with a resolver of its own).
"""
import datetime
import json
import os
import sys
import time
import unittest
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import IntegrationCase, wait_until  # noqa: E402
from test_status import TOKEN, probe_minutes, rfc3339, service_event  # noqa: E402
from webhook_receiver import WebhookReceiver  # noqa: E402
import test_openapi as openapi  # noqa: E402  (the module: its cases are not collected here)

DOC = openapi.load_doc()


def check_against_the_document(case, deliveries):
    """Every message body is what api/openapi.json's webhooks say it is."""
    schemas = {"service.level_changed": "WebhookMessage"}
    for d in deliveries:
        name = schemas.get(d.json["type"], "AnnouncementMessage")
        openapi.validate(openapi.standalone(DOC, {"$ref": "#/components/schemas/" + name}), d.json)


def now():
    return datetime.datetime.now(datetime.timezone.utc)


def admin_call(svc, method, path, body=None):
    """An admin request with the test token: (status, parsed JSON or None)."""
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(svc.url + path, data=data, method=method,
                                 headers={"Authorization": "Bearer " + TOKEN, "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=15) as r:
            raw = r.read()
            return r.status, (json.loads(raw) if raw else None)
    except urllib.error.HTTPError as e:
        raw = e.read()
        return e.code, (json.loads(raw) if raw else None)


class Webhooks(IntegrationCase):
    def start(self, brokers, data_dir, port=None):
        token_file = self.path("admin.token")
        with open(token_file, "w") as f:
            f.write(TOKEN + "\n")
        svc = self.start_serve(data_dir, brokers, port=port,
                               extra=["--admin-token-file", token_file, "--webhook-allow", "127.0.0.0/8",
                                      "--notify-settle-seconds", "2"],
                               env={k: v for k, v in os.environ.items() if k != "FOLLOWUP_ADMIN_TOKEN"})
        return svc

    def call(self, svc, method, path, body=None):
        return admin_call(svc, method, path, body)

    def produce(self, brokers, events):
        path = self.path("events-%d.ndjson" % len(os.listdir(self.tmp)))
        with open(path, "w") as f:
            for e in events:
                f.write(json.dumps(e, ensure_ascii=False) + "\n")
        from harness import BIN, run
        run([BIN, "produce", "--brokers", brokers, path], check=True)

    def level(self, svc, sid):
        status, body = svc.get("/api/v1/status/" + sid)
        return json.loads(body)["level"] if status == 200 else None

    def wait_level(self, svc, sid, level):
        wait_until(lambda: self.level(svc, sid) == level, 60, "%s %s" % (sid, level))

    def metric(self, svc, name):
        status, body = svc.get("/metrics")
        for line in body.decode().splitlines():
            if line.startswith(name + " ") or line.startswith(name + "{"):
                return float(line.rsplit(" ", 1)[1])
        return None

    def incident(self, svc, sid, state="investigating", revision=None):
        body = {"announcement_id": "inc-" + sid, "kind": "incident", "service_ids": [sid], "state": state,
                "starts_at": rfc3339(now() - datetime.timedelta(minutes=1)), "ends_at": None,
                "title_sv": "Betalningen fungerar inte", "body_sv": "Vi felsöker."}
        if revision is None:
            return self.call(svc, "POST", "/api/v1/announcements", body)
        body["ends_at"] = rfc3339(now())
        return self.call(svc, "PUT", "/api/v1/announcements/inc-" + sid, body)

    def delivered(self, svc, wid):
        """The endpoint's last attempt succeeded and nothing waits. Its endpoint record is written
        after the tombstone of the message it records, so seeing it means seeing that too."""
        w = self.call(svc, "GET", "/api/v1/webhooks/" + wid)[1]
        return w["last_attempt_at"] is not None and w["last_error"] is None and w["queued"] == 0

    def subscribe(self, svc, rx, wid, services):
        status, created = self.call(svc, "POST", "/api/v1/webhooks",
                                    {"id": wid, "url": rx.url, "services": services, "description": "test " + wid})
        self.assertEqual(status, 201, created)
        openapi.validate(openapi.response_schema(DOC, "/api/v1/webhooks", "post", 201), created)
        rx.secret = created["secret"]
        return created

    def setup_city(self):
        broker = self.start_broker(partitions=2)
        data = self.path("data")
        svc = self.start(broker.address, data)
        self.produce(broker.address, [service_event("parkering", "Parkering"), service_event("bygglov", "Bygglov")]
                     + probe_minutes("parkering", [0, 0, 0]) + probe_minutes("bygglov", [0, 0, 0]))
        self.wait_level(svc, "parkering", "operational")
        self.wait_level(svc, "bygglov", "operational")
        wait_until(lambda: self.metric(svc, "followup_notifier_active") == 1, 60, "the notifier to be active")
        return broker, data, svc

    def test_a_change_and_its_recovery_are_signed_retried_in_order_and_not_repeated(self):
        broker, data, svc = self.setup_city()
        with WebhookReceiver() as kc, WebhookReceiver() as other:
            self.subscribe(svc, kc, "kontaktcenter", ["parkering"])
            self.subscribe(svc, other, "bygglov-team", ["bygglov"])
            kc.answer_with([500])  # the first attempt fails; then 200
            # An incident: it is published, and it makes the service degraded (status.md step 4).
            self.assertEqual(self.incident(svc, "parkering")[0], 202)
            self.wait_level(svc, "parkering", "degraded")
            got = kc.wait_for(lambda ds: len([d for d in ds if d.status == 200]) >= 2 and ds, 60)
            self.assertEqual(got[0].status, 500)
            self.assertEqual(got[1].status, 200)
            self.assertEqual(got[0].id, got[1].id)  # the retry is the same message, before any other
            gap = got[1].received_at - got[0].received_at
            self.assertGreaterEqual(gap, 4.4)  # 5 s less the 10% jitter (and the clock's grain)

            self.assertEqual(self.incident(svc, "parkering", "resolved", revision=2)[0], 202)
            self.wait_level(svc, "parkering", "operational")
            kc.wait_for(lambda ds: len([d for d in ds if d.status == 200]) >= 4, 60)
            # Every delivery is counted and recorded; nothing waits any more.
            sent = 'followup_notifications_sent_total{channel="webhook"}'
            wait_until(lambda: self.metric(svc, sent) == 4, 30, "four deliveries counted")
            wait_until(lambda: self.delivered(svc, "kontaktcenter"), 30, "the queue to be empty")
            self.assertEqual(self.metric(svc, 'followup_notifications_retried_total{channel="webhook"}'), 1)
            ok = [d for d in kc.deliveries() if d.status == 200]
            self.assertTrue(all(d.verified for d in kc.deliveries()), [d.reason for d in kc.deliveries()])
            self.assertEqual(len({d.id for d in ok}), 4, ok)  # nothing twice once answered 200
            by_type = {}
            for d in ok:
                by_type.setdefault(d.json["type"], []).append(d.json["data"])
            self.assertEqual(sorted(by_type), ["announcement.published", "announcement.updated",
                                               "service.level_changed"])
            levels = [(x["from"], x["to"]) for x in by_type["service.level_changed"]]
            self.assertEqual(levels, [("operational", "degraded"), ("degraded", "operational")])
            changed = by_type["service.level_changed"][0]
            self.assertEqual(changed["service_id"], "parkering")
            self.assertEqual(changed["to_sv"], "Begränsad funktion")
            self.assertEqual(by_type["announcement.published"][0]["state"], "investigating")
            self.assertEqual(by_type["announcement.updated"][0]["state"], "resolved")
            self.assertEqual(by_type["announcement.updated"][0]["title_sv"], "Betalningen fungerar inte")
            self.assertEqual(other.deliveries(), [])  # follows another service
            check_against_the_document(self, kc.deliveries())
            status, listed = self.call(svc, "GET", "/api/v1/webhooks")
            openapi.validate(openapi.response_schema(DOC, "/api/v1/webhooks", "get", 200), listed)
            self.assertEqual([w["id"] for w in listed["webhooks"]], ["bygglov-team", "kontaktcenter"])

    def test_kill9_while_a_retry_waits_delivers_it_once_after_the_restart(self):
        """Also while an attempt is in flight: its message is sent again, with its id."""
        broker, data, svc = self.setup_city()
        with WebhookReceiver() as a, WebhookReceiver() as b, WebhookReceiver() as c:
            self.subscribe(svc, a, "a", ["parkering"])
            self.subscribe(svc, b, "b", ["*"])
            self.subscribe(svc, c, "c", ["parkering"])
            b.answer_with([500])
            c.answer_with([("hang", 9)])  # in flight when the service dies
            self.assertEqual(self.incident(svc, "parkering")[0], 202)
            first = b.wait_for(lambda ds: ds and ds[0], 60)
            in_flight = c.wait_for(lambda ds: ds and ds[0], 60)
            a.wait_for(lambda ds: len(ds) >= 1, 60)
            before = {d.id for d in a.deliveries() if d.status == 200}
            wait_until(lambda: self.delivered(svc, "a"), 30, "a's deliveries to be recorded")
            svc.kill9()  # b's message waits for its retry, 5 s after its first attempt; c's hangs
            killed_at = time.monotonic()
            svc = self.start(broker.address, data, port=svc.port)
            got = b.wait_for(lambda ds: len(ds) >= 2 and ds, 90)
            self.assertEqual(got[1].id, first.id)
            self.assertEqual(got[1].status, 200)
            self.assertGreater(got[1].received_at, killed_at)  # sent by the restarted service
            self.assertTrue(all(d.verified for d in got))
            again = c.wait_for(lambda ds: [d for d in ds[1:] if d.id == in_flight.id and d.status == 200], 90)
            self.assertGreater(again[0].received_at, killed_at)
            self.assertTrue(again[0].verified, again[0].reason)
            wait_until(lambda: all(self.delivered(svc, w) for w in ("a", "b", "c")), 60,
                       "every endpoint's deliveries to be recorded")
            for msg in before:  # acknowledged and recorded before the kill: never again
                self.assertEqual([d.id for d in a.deliveries()].count(msg), 1, a.deliveries())

    def test_an_endpoint_that_never_answers_holds_only_its_own_queue(self):
        broker, data, svc = self.setup_city()
        with WebhookReceiver() as silent, WebhookReceiver() as prompt:
            self.subscribe(svc, silent, "silent", ["parkering"])
            self.subscribe(svc, prompt, "prompt", ["parkering"])
            silent.answer_with([("hang", 15)])  # longer than the 10 s an attempt may take
            self.assertEqual(self.incident(svc, "parkering")[0], 202)
            # The other endpoint gets both messages while the first attempt to the silent one hangs.
            ok = prompt.wait_for(lambda ds: len([d for d in ds if d.status == 200]) >= 2 and ds, 30)
            hung = silent.wait_for(lambda ds: ds and ds[0], 30)
            self.assertLess(max(d.received_at for d in ok) - hung.received_at, 8)
            # The silent one's attempt times out and is retried with the same message, then the next.
            got = silent.wait_for(lambda ds: len(ds) >= 3 and ds, 60)
            self.assertEqual(got[1].id, got[0].id)
            self.assertGreaterEqual(got[1].received_at - got[0].received_at, 10 + 4.4)  # timeout, then ~5 s
            self.assertEqual({d.id for d in got[:3]}, {d.id for d in ok})
            wait_until(lambda: self.delivered(svc, "silent"), 30, "the silent endpoint's messages to be recorded")
            status, w = self.call(svc, "GET", "/api/v1/webhooks/silent")
            self.assertIsNone(w["last_error"])

    def test_registration_refuses_what_it_may_not_reach(self):
        broker = self.start_broker(partitions=2)
        svc = self.start(broker.address, self.path("data"))
        self.produce(broker.address, [service_event("parkering", "Parkering")])
        wait_until(lambda: svc.get("/api/v1/status/parkering")[0] == 200, 60, "parkering")
        for url, why in [("https://[::1]/hook", "loopback"), ("https://169.254.169.254/latest", "link-local"),
                         ("http://192.0.43.10/hook", "must be https"), ("https://10.1.2.3/x?token=hemligt", "private"),
                         ("https://[::ffff:10.0.0.1]/", "private")]:
            status, body = self.call(svc, "POST", "/api/v1/webhooks", {"url": url, "services": ["parkering"]})
            self.assertEqual(status, 400, (url, body))
            self.assertIn(why, json.dumps(body), url)
            self.assertNotIn("hemligt", json.dumps(body))
        status, body = self.call(svc, "POST", "/api/v1/webhooks", {"url": "https://example.org/x", "services": ["nej"]})
        self.assertEqual(status, 400)
        self.assertEqual(self.call(svc, "GET", "/api/v1/webhooks")[1], {"webhooks": []})


if __name__ == "__main__":
    unittest.main()
