"""The citizens' e-mail subscription pages (issue 16, item 3) through the real
binary, a standalone mock broker and kcat reading followup.subscriptions.
Tokens are made here from mail_links.h's format with Python's own hmac,
hashlib and base64, so the links are followed as a mail would carry them:

- a request writes a pending record with the address and answers the same
  text whether or not the address was known; the page never shows it;
- a confirm link's GET only shows a button and writes nothing; its POST
  writes the record confirmed; forged and expired tokens are 400 and write
  nothing;
- the unsubscribe form and the RFC 8058 one-click POST write a tombstone, a
  repeat succeeds and writes nothing, and a confirmation after it
  re-creates nothing;
- a sixth request from one client in ten minutes is 429 with Retry-After;
- a Host header of evil.example changes no link, HTML in a service name is
  escaped; the status page and a service's page link to the form;
- the change page shows the services prechecked, saves new ones on the same
  record, and its end button ends it;
- without a relay there are no pages and no links to them.
The mails themselves are the notifier's (not tested here): the relay
configured is a port nothing listens on.
"""
import base64
import hashlib
import hmac
import json
import os
import sys
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import BIN, IntegrationCase, free_port, kcat_consume, run, wait_until  # noqa: E402
from test_status import service_event  # noqa: E402

KEY = bytes(range(32))
TOPIC = "followup.subscriptions"
ADDRESS = "anna.svensson@example.se"
REQUESTED = ("Om adressen kan ta emot e-post får du strax ett meddelande med en länk. "
             "Följ länken inom två dygn för att bekräfta prenumerationen.")


def token(purpose, sid, issued_at):
    """mail_links.h: <purpose>.<id>.<issued_at>.<base64url, no padding, of HMAC-SHA256>."""
    msg = "followup-link/1\n%s\n%s\n%d" % (purpose, sid, issued_at)
    mac = hmac.new(KEY, msg.encode(), hashlib.sha256).digest()
    return "%s.%s.%d.%s" % (purpose, sid, issued_at, base64.urlsafe_b64encode(mac).decode().rstrip("="))


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **kw):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


class Subscribe(IntegrationCase):
    def setUp(self):
        super().setUp()
        self.clients = 0
        key_file = self.path("link.key")
        with open(key_file, "w") as f:
            f.write(base64.b64encode(KEY).decode() + "\n")
        self.broker = self.start_broker(partitions=2)
        events = self.path("catalog.ndjson")
        with open(events, "w") as f:
            for e in (service_event("parkering", "Parkering"), service_event("bygglov", "Bygglov <b>nu</b>")):
                f.write(json.dumps(e, ensure_ascii=False) + "\n")
        run([BIN, "produce", "--brokers", self.broker.address, events], check=True)
        self.svc = self.start_serve(
            self.path("data"), self.broker.address,
            extra=["--smtp-host", "127.0.0.1", "--smtp-port", str(free_port()), "--smtp-tls", "none",
                   "--mail-from", "Stockholms stad <driftinformation@example.se>",
                   "--mail-link-key-file", key_file, "--trusted-proxies", "127.0.0.0/8"])
        wait_until(lambda: self.svc.get("/api/v1/status/bygglov")[0] == 200, 60, "the catalog to be folded")

    def call(self, method, path, form=None, body=None, client=None, headers=None):
        """(status, headers, text); each call from its own client unless one is named."""
        if client is None:
            self.clients += 1
            client = "198.51.100.%d" % self.clients
        data = body if body is not None else (urllib.parse.urlencode(form, doseq=True).encode()
                                              if form is not None else None)
        h = {"X-Forwarded-For": client}
        if data is not None:
            h["Content-Type"] = "application/x-www-form-urlencoded"
        h.update(headers or {})
        req = urllib.request.Request(self.svc.url + path, data=data, method=method, headers=h)
        try:
            with OPENER.open(req, timeout=15) as r:
                return r.status, r.headers, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.headers, e.read().decode()

    def records(self):
        """The topic as (key, value or None) in order."""
        return [(m["key"], m["payload"]) for m in kcat_consume(self.broker.address, TOPIC)]

    def request(self, address=ADDRESS, services=("parkering",), client=None):
        before = len(self.records())
        status, headers, page = self.call("POST", "/driftinformation/prenumerera",
                                          {"epost": address, "tjanst": list(services)}, client=client)
        self.assertEqual(status, 200, page)
        self.assertIn(REQUESTED, page)
        self.assertNotIn(address, page)
        recs = wait_until(lambda: self.records() if len(self.records()) == before + 1 else None, 15,
                          "the pending record on the topic")
        return json.loads(recs[-1][1]), page

    def test_request_confirm_unsubscribe(self):
        status, headers, form = self.call("GET", "/driftinformation/prenumerera")
        self.assertEqual(status, 200)
        self.assertEqual(headers["Cache-Control"], "no-store")
        self.assertEqual(headers["Referrer-Policy"], "no-referrer")
        self.assertIn('<input type="email" id="epost" name="epost" autocomplete="email"', form)
        self.assertIn("Bygglov &lt;b&gt;nu&lt;/b&gt;", form)
        self.assertNotIn("<b>nu", form)

        rec, first_page = self.request()
        self.assertEqual(rec["kind"], "email")
        self.assertEqual(rec["address"], ADDRESS)
        self.assertEqual(rec["state"], "pending")
        self.assertEqual(rec["services"], ["parkering"])
        self.assertEqual(rec["language"], "sv")
        sid = rec["id"]
        self.assertRegex(sid, r"^em-[0-9a-f]{16}$")
        # The same answer for an address that is already subscribed.
        again, second_page = self.request()
        self.assertEqual(first_page, second_page)
        self.assertNotEqual(again["id"], sid)

        issued = int(time.time()) - 60
        t = token("confirm", sid, issued)
        count = len(self.records())
        status, _, page = self.call("GET", "/driftinformation/prenumerera/bekrafta?t=" + t)
        self.assertEqual(status, 200)
        self.assertIn('action="/driftinformation/prenumerera/bekrafta"', page)
        self.assertIn('<button type="submit">', page)
        self.assertEqual(len(self.records()), count, "a GET of the confirm link wrote something")

        forged = token("confirm", sid, issued)[:-3] + "AAA"
        expired = token("confirm", sid, int(time.time()) - 48 * 3600 - 120)
        for bad in (forged, expired, token("unsubscribe", sid, issued)):
            status, _, page = self.call("POST", "/driftinformation/prenumerera/bekrafta", {"t": bad})
            self.assertEqual(status, 400)
            self.assertIn("Länken fungerar inte", page)
        self.assertEqual(len(self.records()), count, "a bad token wrote something")

        status, _, page = self.call("POST", "/driftinformation/prenumerera/bekrafta", {"t": t})
        self.assertEqual(status, 200)
        self.assertIn("Prenumerationen är bekräftad", page)
        key, value = wait_until(lambda: self.records()[-1] if len(self.records()) == count + 1 else None, 15,
                                "the confirmed record")
        self.assertEqual(key, sid)
        confirmed = json.loads(value)
        self.assertEqual(confirmed["state"], "confirmed")
        self.assertEqual(confirmed["address"], ADDRESS)
        self.assertIn("confirmed_at", confirmed)

        # Unsubscribe by the form; a repeat succeeds and writes nothing.
        u = token("unsubscribe", sid, issued)
        status, _, page = self.call("GET", "/driftinformation/prenumerera/avsluta?t=" + u)
        self.assertEqual(status, 200)
        self.assertEqual(len(self.records()), count + 1)
        status, _, page = self.call("POST", "/driftinformation/prenumerera/avsluta", {"t": u})
        self.assertEqual(status, 200)
        self.assertIn("Du får inga fler meddelanden", page)
        recs = wait_until(lambda: self.records() if len(self.records()) == count + 2 else None, 15, "the tombstone")
        self.assertEqual(recs[-1], (sid, None))
        status, _, page = self.call("POST", "/driftinformation/prenumerera/avsluta", {"t": u})
        self.assertEqual(status, 200)
        self.assertIn("Du får inga fler meddelanden", page)

        # A confirmation after the unsubscribe re-creates nothing.
        status, _, page = self.call("POST", "/driftinformation/prenumerera/bekrafta", {"t": t})
        self.assertEqual(status, 410)
        self.assertIn("Prenumerationen finns inte längre", page)
        self.assertEqual(len(self.records()), count + 2)

        # RFC 8058 one-click on the other (pending) request, with a link years old.
        one = token("unsubscribe", again["id"], 1000)
        status, _, _ = self.call("POST", "/driftinformation/prenumerera/avsluta?t=" + one,
                                 body=b"List-Unsubscribe=One-Click")
        self.assertEqual(status, 200)
        recs = wait_until(lambda: self.records() if len(self.records()) == count + 3 else None, 15,
                          "the one-click tombstone")
        self.assertEqual(recs[-1], (again["id"], None))
        status, _, _ = self.call("POST", "/driftinformation/prenumerera/avsluta?t=" + one,
                                 body=b"List-Unsubscribe=One-Click")
        self.assertEqual(status, 200)
        forged_u = token("unsubscribe", again["id"], 1000)[:-3] + "AAA"
        status, _, _ = self.call("POST", "/driftinformation/prenumerera/avsluta?t=" + forged_u,
                                 body=b"List-Unsubscribe=One-Click")
        self.assertEqual(status, 400)
        self.assertEqual(len(self.records()), count + 3)

    def test_refusals_limits_and_links(self):
        status, _, page = self.call("POST", "/driftinformation/prenumerera",
                                    {"epost": "inte-en-adress", "tjanst": ["parkering"]})
        self.assertEqual(status, 400)
        self.assertIn('id="epost-fel"', page)
        self.assertNotIn("inte-en-adress", page)
        status, _, page = self.call("POST", "/driftinformation/prenumerera",
                                    {"epost": ADDRESS, "tjanst": ["finns-inte"]})
        self.assertEqual(status, 400)
        self.assertNotIn(ADDRESS, page)
        self.assertEqual(self.records(), [])
        self.assertNotIn(ADDRESS, self.svc.proc.log_text())

        # Five requests from one client in ten minutes, then 429.
        for i in range(5):
            status, _, page = self.call("POST", "/driftinformation/prenumerera",
                                        {"epost": "p%d@example.se" % i, "alla": "1"}, client="203.0.113.9")
            self.assertEqual(status, 200, page)
        status, headers, page = self.call("POST", "/driftinformation/prenumerera",
                                          {"epost": "p9@example.se", "alla": "1"}, client="203.0.113.9")
        self.assertEqual(status, 429)
        self.assertGreater(int(headers["Retry-After"]), 0)
        self.assertIn("Försök igen senare", page)
        wait_until(lambda: len(self.records()) == 5, 15, "five records")

        # A Host header of evil.example changes no link.
        for path in ("/driftinformation/prenumerera", "/en/status/subscribe"):
            _, _, plain = self.call("GET", path)
            _, _, evil = self.call("GET", path, headers={"Host": "evil.example"})
            self.assertEqual(plain, evil)
            self.assertNotIn("evil.example", evil)
        # The status page and each service's page link to the form (a service's preselected).
        status, _, page = self.call("GET", "/driftinformation")
        self.assertIn('<a href="/driftinformation/prenumerera">', page)
        status, _, page = self.call("GET", "/driftinformation/bygglov/historik")
        self.assertIn('<a href="/driftinformation/prenumerera?tjanst=bygglov">', page)
        _, _, en = self.call("GET", "/en/status/subscribe")
        self.assertIn('<html lang="en">', en)
        self.assertIn('action="/en/status/subscribe"', en)
        self.assertIn('lang="sv">Bygglov &lt;b&gt;nu&lt;/b&gt;</label>', en)

    def test_manage(self):
        rec, _ = self.request(services=("parkering", "bygglov"))
        sid = rec["id"]
        m = token("manage", sid, 1000)
        status, _, page = self.call("GET", "/driftinformation/prenumerera/andra?t=" + m)
        self.assertEqual(status, 200)
        self.assertIn('value="parkering" checked', page)
        self.assertIn('value="bygglov" checked', page)
        self.assertNotIn(ADDRESS, page)
        count = len(self.records())
        status, _, page = self.call("POST", "/driftinformation/prenumerera/andra", {"t": m, "tjanst": ["bygglov"]})
        self.assertEqual(status, 200)
        self.assertIn("Ändringarna är sparade.", page)
        self.assertNotIn(ADDRESS, page)
        key, value = wait_until(lambda: self.records()[-1] if len(self.records()) == count + 1 else None, 15,
                                "the changed record")
        changed = json.loads(value)
        self.assertEqual(key, sid)
        self.assertEqual(changed["services"], ["bygglov"])
        self.assertEqual(changed["state"], "pending")
        self.assertEqual(changed["requested_at"], rec["requested_at"])
        # The end button's form posts a signed unsubscribe token of the same subscription.
        end = page.split('action="/driftinformation/prenumerera/avsluta"><input type="hidden" name="t" value="')[1]
        end = end.split('"')[0]
        self.assertTrue(end.startswith("unsubscribe.%s." % sid), end)
        status, _, _ = self.call("POST", "/driftinformation/prenumerera/avsluta", {"t": end})
        self.assertEqual(status, 200)
        recs = wait_until(lambda: self.records() if len(self.records()) == count + 2 else None, 15, "the tombstone")
        self.assertEqual(recs[-1], (sid, None))

    def test_no_relay_no_pages_and_no_links(self):
        plain = self.start_serve(self.path("data-plain"), self.broker.address, group_id="plain")
        wait_until(lambda: plain.get("/api/v1/status/bygglov")[0] == 200, 60, "the catalog to be folded")
        self.assertEqual(plain.get("/driftinformation/prenumerera")[0], 404)
        status, body = plain.get("/driftinformation")
        self.assertEqual(status, 200)
        self.assertNotIn(b"prenumerera", body)
        status, body = plain.get("/driftinformation/bygglov/historik")
        self.assertEqual(status, 200)
        self.assertNotIn(b"prenumerera", body)


if __name__ == "__main__":
    unittest.main()
