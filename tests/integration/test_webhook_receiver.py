"""The test webhook receiver (webhook_receiver.py) is itself right: its Standard
Webhooks verifier accepts the specification's published test vector and
refuses forgeries, several signatures, the 5-minute timestamp window and
missing headers behave as the specification says; the server records every
delivery, answers by its script (statuses, hangs that hold one request and
not the others), serves https, reads chunked bodies, and wait_for keeps its
deadline. No followup binary is needed.
"""
import base64
import http.client
import ssl
import tempfile
import threading
import time
import unittest

import webhook_receiver as wr
from test_probe import make_cert

# The test vector of the Standard Webhooks specification (standard-webhooks/standard-webhooks,
# libraries' test suites): these headers and body verify with this secret at this timestamp.
SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
MSG_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
TIMESTAMP = 1614265330
BODY = b'{"test": 2432232314}'
SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
# Another valid key (32 bytes of 0x01, base64 by hand: "AQEB" per 3 bytes).
OTHER_SECRET = "whsec_" + base64.b64encode(b"\x01" * 32).decode()


def vector_headers(**override):
    h = {"webhook-id": MSG_ID, "webhook-timestamp": str(TIMESTAMP), "webhook-signature": SIGNATURE}
    h.update(override)
    return h


class StandardWebhooksVerifier(unittest.TestCase):
    def refused(self, headers, body=BODY, secret=SECRET, now=TIMESTAMP):
        with self.assertRaises(wr.VerificationError) as cm:
            wr.verify(secret, headers, body, now=now)
        return str(cm.exception)

    def test_the_specifications_test_vector_verifies(self):
        self.assertTrue(wr.verify(SECRET, vector_headers(), BODY, now=TIMESTAMP))

    def test_the_signer_makes_the_specifications_signature(self):
        self.assertEqual(wr.sign(SECRET, MSG_ID, TIMESTAMP, BODY), SIGNATURE)

    def test_a_forged_signature_is_refused(self):
        # The last base64 digit of the MAC changed (E -> A keeps the padding bits at zero).
        forged = SIGNATURE[:-2] + "A="
        self.assertIn("no webhook-signature entry matches", self.refused(vector_headers(**{"webhook-signature": forged})))

    def test_a_changed_body_id_or_timestamp_is_refused(self):
        self.refused(vector_headers(), body=b'{"test": 2432232315}')
        self.refused(vector_headers(), body=BODY + b" ")
        self.refused(vector_headers(**{"webhook-id": "msg_p5jXN8AQM9LWM0D4loKWxJel"}))
        self.refused(vector_headers(**{"webhook-timestamp": str(TIMESTAMP + 1)}), now=TIMESTAMP + 1)

    def test_another_key_is_refused(self):
        self.refused(vector_headers(), secret=OTHER_SECRET)

    def test_a_signature_of_another_version_is_ignored(self):
        self.refused(vector_headers(**{"webhook-signature": "v2," + SIGNATURE[3:]}))
        self.refused(vector_headers(**{"webhook-signature": "v1a," + SIGNATURE[3:]}))
        self.refused(vector_headers(**{"webhook-signature": SIGNATURE[3:]}))  # no version at all

    def test_one_valid_signature_among_several_is_enough(self):
        several = "v1,Zm9yZ2VkIHNpZ25hdHVyZQ== v1a,c29tZXRoaW5nIGVsc2U= " + SIGNATURE
        self.assertTrue(wr.verify(SECRET, vector_headers(**{"webhook-signature": several}), BODY, now=TIMESTAMP))
        self.assertTrue(wr.verify(SECRET, vector_headers(**{"webhook-signature": SIGNATURE + " v1,AAAA"}), BODY,
                                  now=TIMESTAMP))

    def test_several_signatures_none_valid_are_refused(self):
        self.refused(vector_headers(**{"webhook-signature": "v1,Zm9yZ2VkIHNpZ25hdHVyZQ== v1,AAAA v1,"}))

    def test_the_timestamp_may_be_5_minutes_off_either_way(self):
        self.assertTrue(wr.verify(SECRET, vector_headers(), BODY, now=TIMESTAMP + 300))
        self.assertTrue(wr.verify(SECRET, vector_headers(), BODY, now=TIMESTAMP - 300))
        self.assertIn("more than 300 s", self.refused(vector_headers(), now=TIMESTAMP + 301))
        self.assertIn("more than 300 s", self.refused(vector_headers(), now=TIMESTAMP - 301))

    def test_missing_or_malformed_headers_are_refused(self):
        for name in ("webhook-id", "webhook-timestamp", "webhook-signature"):
            h = vector_headers()
            del h[name]
            self.assertIn("missing", self.refused(h))
        self.assertIn("not seconds", self.refused(vector_headers(**{"webhook-timestamp": "1614265330.0"})))
        self.assertIn("not seconds", self.refused(vector_headers(**{"webhook-timestamp": "-1614265330"})))

    def test_header_names_are_case_insensitive(self):
        h = {"Webhook-Id": MSG_ID, "WEBHOOK-TIMESTAMP": str(TIMESTAMP), "Webhook-Signature": SIGNATURE}
        self.assertTrue(wr.verify(SECRET, h, BODY, now=TIMESTAMP))

    def test_the_reason_never_shows_the_secret(self):
        reason = self.refused(vector_headers(), body=b"{}")
        self.assertNotIn(SECRET[len("whsec_"):], reason)


def post(receiver, body, headers, timeout=5, context=None):
    """(status, body) of one POST to the receiver, on a connection of its own."""
    if context is None:
        conn = http.client.HTTPConnection("127.0.0.1", receiver.port, timeout=timeout)
    else:
        conn = http.client.HTTPSConnection("127.0.0.1", receiver.port, timeout=timeout, context=context)
    try:
        conn.request("POST", "/hook", body=body, headers=dict(headers, **{"Content-Type": "application/json"}))
        r = conn.getresponse()
        return r.status, r.read()
    finally:
        conn.close()


class Receiver(unittest.TestCase):
    def setUp(self):
        # The vector is from 2021: a window that reaches back to it, so that the receiver,
        # which verifies against its clock, accepts the published message.
        self.rx = wr.WebhookReceiver(secret=SECRET, tolerance_s=time.time() - TIMESTAMP + 3600)
        self.addCleanup(self.rx.close)

    def test_records_each_delivery_verified_or_not(self):
        self.assertEqual(post(self.rx, BODY, vector_headers()), (200, b"ok"))
        self.assertEqual(post(self.rx, b'{"test": 1}', vector_headers()), (200, b"ok"))
        good, forged = self.rx.wait_for(lambda ds: len(ds) == 2 and ds, timeout=10)
        self.assertEqual(good.id, MSG_ID)
        self.assertEqual(good.timestamp, str(TIMESTAMP))
        self.assertEqual(good.json, {"test": 2432232314})
        self.assertEqual(good.body, BODY)
        self.assertEqual(good.headers["webhook-signature"], SIGNATURE)
        self.assertTrue(good.verified)
        self.assertIsNone(good.reason)
        self.assertFalse(forged.verified)
        self.assertIn("no webhook-signature entry matches", forged.reason)
        self.assertEqual(self.rx.ids(), [MSG_ID, MSG_ID])

    def test_a_receiver_with_the_default_window_refuses_the_old_vector(self):
        with wr.WebhookReceiver(secret=SECRET) as rx:
            post(rx, BODY, vector_headers())
            (d,) = rx.wait_for(lambda ds: ds, timeout=10)
        self.assertFalse(d.verified)
        self.assertIn("more than 300 s", d.reason)

    def test_without_a_secret_nothing_verifies(self):
        self.rx.secret = None
        post(self.rx, BODY, vector_headers())
        (d,) = self.rx.wait_for(lambda ds: ds, timeout=10)
        self.assertFalse(d.verified)
        self.assertEqual(d.reason, "no secret set")

    def test_answers_follow_the_script_then_200(self):
        self.rx.answer_with([500, 503, 200, 410])
        got = [post(self.rx, BODY, vector_headers())[0] for _ in range(6)]
        self.assertEqual(got, [500, 503, 200, 410, 200, 200])
        self.assertEqual([d.status for d in self.rx.deliveries()], [500, 503, 200, 410, 200, 200])

    def test_the_answer_after_the_script_can_be_chosen(self):
        self.rx.answer_with([200], then=500)
        self.assertEqual([post(self.rx, BODY, vector_headers())[0] for _ in range(3)], [200, 500, 500])

    def test_a_hang_holds_one_request_and_not_the_others(self):
        self.rx.answer_with([("hang", 30)])
        with self.assertRaises(TimeoutError):
            post(self.rx, BODY, vector_headers(), timeout=0.5)
        self.assertEqual(post(self.rx, BODY, vector_headers(), timeout=5), (200, b"ok"))
        hung, answered = self.rx.wait_for(lambda ds: len(ds) == 2 and ds, timeout=10)
        self.assertEqual(hung.hung, 30)
        self.assertEqual(answered.hung, 0)
        started = time.monotonic()
        self.rx.close()  # releases the held request at once, not after 30 s
        self.assertLess(time.monotonic() - started, 5)

    def test_a_hang_then_a_status(self):
        self.rx.answer_with([("hang", 0.3, 500)])
        started = time.monotonic()
        self.assertEqual(post(self.rx, BODY, vector_headers(), timeout=10)[0], 500)
        self.assertGreaterEqual(time.monotonic() - started, 0.3)

    def test_a_bad_script_is_refused(self):
        for bad in ([99], ["500"], [("hang",)], [("sleep", 1)], [("hang", -1)]):
            with self.assertRaises(ValueError):
                self.rx.answer_with(bad)

    def test_a_chunked_body_is_read_whole(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.rx.port, timeout=5)
        self.addCleanup(conn.close)
        conn.request("POST", "/hook", body=iter([b'{"test": ', b"2432232314}"]), headers=vector_headers(),
                     encode_chunked=True)
        self.assertEqual(conn.getresponse().status, 200)
        (d,) = self.rx.wait_for(lambda ds: ds, timeout=10)
        self.assertEqual(d.body, BODY)
        self.assertTrue(d.verified)

    def test_wait_for_keeps_its_deadline(self):
        started = time.monotonic()
        with self.assertRaises(AssertionError) as cm:
            self.rx.wait_for(lambda ds: len(ds) >= 1, timeout=0.3)
        elapsed = time.monotonic() - started
        self.assertGreaterEqual(elapsed, 0.3)
        self.assertLess(elapsed, 3)
        self.assertIn("deliveries: []", str(cm.exception))

    def test_wait_for_returns_when_the_delivery_arrives(self):
        sender = threading.Thread(target=post, args=(self.rx, BODY, vector_headers()))
        sender.start()
        self.addCleanup(sender.join)
        (d,) = self.rx.wait_for(lambda ds: ds, timeout=30)
        self.assertEqual(d.id, MSG_ID)

    def test_https(self):
        with tempfile.TemporaryDirectory() as tmp:
            crt, key = make_cert(tmp, "receiver", "127.0.0.1", "IP:127.0.0.1")
            with wr.WebhookReceiver(secret=SECRET, tls_cert=(crt, key),
                                    tolerance_s=time.time() - TIMESTAMP + 3600) as rx:
                self.assertTrue(rx.url.startswith(f"https://127.0.0.1:{rx.port}/"))
                ctx = ssl.create_default_context(cafile=crt)
                self.assertEqual(post(rx, BODY, vector_headers(), context=ctx), (200, b"ok"))
                (d,) = rx.wait_for(lambda ds: ds, timeout=10)
                self.assertTrue(d.verified)
                # A sender that does not trust the certificate gets nothing through.
                with self.assertRaises(ssl.SSLError):
                    post(rx, BODY, vector_headers(), context=ssl.create_default_context())
                self.assertEqual(len(rx.deliveries()), 1)


if __name__ == "__main__":
    unittest.main()
