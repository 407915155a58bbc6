"""E-mail subscriptions end to end (issue 16, items 1 and 3), through the
real binary, a standalone mock broker and aiosmtpd as the city's relay,
used as a citizen would: the form on /driftinformation/prenumerera, the
links in the mails (a GET shows a page, its button POSTs), and the RFC 8058
one-click POST a mail client makes. Every mail is read back with Python's
own e-mail parser.

- A request gets the confirmation mail, with the confirm link under the
  public URL and no List-Unsubscribe, and nothing else: an incident, the
  level change it causes and its recovery, which a webhook does get, send
  it no mail (double opt-in); following the link (GET) confirms nothing,
  its button does.
- Confirmed, the next incident's publication, the level change, the
  resolution (whose title tries a header injection with CR/LF and whose text
  carries HTML) and the recovery arrive as Swedish mails with the RFC 8058
  headers and the links to change and end the subscription; so does a
  planned maintenance and its reminder.
- One subscriber ends it with the one-click POST, another with the link's
  page; after that, neither gets a mail, while the webhook still does.
- No address is ever in the service's log.
"""
import datetime
import email
import email.policy
import html.parser
import os
import sys
import unittest
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from aiosmtpd.controller import Controller  # noqa: E402

import harness  # noqa: E402
import test_webhooks  # noqa: E402  (the module: its cases are not collected here)
from harness import wait_until  # noqa: E402
from test_status import TOKEN  # noqa: E402
from webhook_receiver import WebhookReceiver  # noqa: E402

ANNA = "anna.andersson@example.se"
BERTIL = "bertil.berg@example.se"
PUBLIC = "https://start.stockholm"


class Relay:
    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    def mails(self, to):
        return [email.message_from_bytes(e.content, policy=email.policy.default) for e in list(self.envelopes)
                if e.rcpt_tos == [to]]


class Forms(html.parser.HTMLParser):
    """The POST forms of a page: (action, {name: value} of its hidden and submit inputs)."""

    def __init__(self):
        super().__init__()
        self.forms = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("method", "get").lower() == "post":
            self.forms.append((a.get("action", ""), {}))
        elif tag in ("input", "button") and self.forms and a.get("type") in ("hidden", "submit") and a.get("name"):
            self.forms[-1][1][a["name"]] = a.get("value", "")


def rfc3339(t):
    return t.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def now():
    return datetime.datetime.now(datetime.timezone.utc)


class MailSubscriptions(test_webhooks.Webhooks):
    # Webhooks' helpers (call, wait_level, metric, setup_city ...), not its tests.
    test_a_change_and_its_recovery_are_signed_retried_in_order_and_not_repeated = None
    test_kill9_while_a_retry_waits_delivers_it_once_after_the_restart = None
    test_an_endpoint_that_never_answers_holds_only_its_own_queue = None
    test_registration_refuses_what_it_may_not_reach = None

    def start(self, brokers, data_dir, port=None):
        import base64
        key_file = self.path("link.key")
        with open(key_file, "w") as f:
            f.write(base64.b64encode(os.urandom(32)).decode() + "\n")
        token_file = self.path("admin.token")
        with open(token_file, "w") as f:
            f.write(TOKEN + "\n")
        return self.start_serve(data_dir, brokers, port=port, extra=[
            "--admin-token-file", token_file, "--webhook-allow", "127.0.0.0/8", "--notify-settle-seconds", "2",
            "--notify-reminder-minutes", "1", "--smtp-host", "127.0.0.1", "--smtp-port", str(self.smtp_port),
            "--smtp-tls", "none", "--mail-link-key-file", key_file, "--public-url", PUBLIC],
            env={k: v for k, v in os.environ.items() if k != "FOLLOWUP_ADMIN_TOKEN"})

    def local(self, svc, url):
        """A link of a mail (under the public URL) on this test's instance."""
        self.assertTrue(url.startswith(PUBLIC + "/"), url)
        return svc.url + url[len(PUBLIC):]

    def post_form(self, url, fields):
        data = urllib.parse.urlencode(fields, doseq=True).encode()
        req = urllib.request.Request(url, data=data, method="POST",
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})
        with urllib.request.urlopen(req, timeout=15) as r:
            return r.status, r.read().decode()

    def follow(self, svc, link):
        """Opens a link as a person does: GET shows a page with one POST form; its button acts."""
        with urllib.request.urlopen(self.local(svc, link), timeout=15) as r:
            page = r.read().decode()
        forms = Forms()
        forms.feed(page)
        self.assertTrue(forms.forms, page[-2000:])
        action, fields = forms.forms[0]
        target = urllib.parse.urljoin(self.local(svc, link), action)
        return self.post_form(target, fields)

    def request(self, svc, address):
        status, page = self.post_form(svc.url + "/driftinformation/prenumerera",
                                      {"epost": address, "tjanst": ["parkering"]})
        self.assertEqual(status, 200)
        self.assertNotIn(address, page)

    def link(self, mail, prefix):
        for word in mail.get_content().split():
            if word.startswith(PUBLIC + prefix):
                return word
        self.fail("no %s link in %r" % (prefix, mail.get_content()))

    def incident(self, svc, sid, state="investigating", revision=None, aid="inc-parkering", title=None, body=None):
        doc = {"announcement_id": aid, "kind": "incident", "service_ids": [sid], "state": state,
               "starts_at": rfc3339(now() - datetime.timedelta(minutes=1)), "ends_at": None,
               "title_sv": title or "Betalningen fungerar inte", "body_sv": body or "Vi felsöker."}
        if revision is None:
            return self.call(svc, "POST", "/api/v1/announcements", doc)
        doc["ends_at"] = rfc3339(now())
        return self.call(svc, "PUT", "/api/v1/announcements/" + aid, doc)

    def subjects(self, to):
        return sorted(m["Subject"] for m in self.relay.mails(to))

    def test_double_opt_in_mails_reminder_and_both_ways_to_end_it(self):
        self.relay = Relay()
        self.smtp_port = harness.free_port()
        controller = Controller(self.relay, hostname="127.0.0.1", port=self.smtp_port)
        controller.start()
        self.addCleanup(controller.stop)
        broker, data, svc = self.setup_city()
        ok = lambda ds: [d for d in ds if d.status == 200]  # noqa: E731
        with WebhookReceiver() as hook:
            self.subscribe(svc, hook, "kontaktcenter", ["parkering"])
            self.request(svc, ANNA)
            self.request(svc, BERTIL)
            wait_until(lambda: len(self.relay.envelopes) == 2, 60, "the two confirmation mails")
            confirm = self.relay.mails(ANNA)[0]
            self.assertEqual(confirm["Subject"], "Bekräfta prenumerationen på driftinformation")
            self.assertIsNone(confirm["List-Unsubscribe"])

            # Unconfirmed: an incident and its recovery reach the webhook, and no mail.
            self.assertEqual(self.incident(svc, "parkering")[0], 202)
            self.wait_level(svc, "parkering", "degraded")
            self.assertEqual(self.incident(svc, "parkering", "resolved", revision=2)[0], 202)
            self.wait_level(svc, "parkering", "operational")
            hook.wait_for(lambda ds: len(ok(ds)) >= 4, 60)
            self.assertEqual(len(self.relay.envelopes), 2)
            self.assertEqual(self.metric(svc, 'followup_notifications_queued{channel="email"}'), 0)

            # GET of the confirm link confirms nothing; its button does.
            link = self.link(confirm, "/driftinformation/prenumerera/bekrafta?t=")
            with urllib.request.urlopen(self.local(svc, link), timeout=15) as r:
                self.assertEqual(r.status, 200)
            self.assertEqual(self.follow(svc, link)[0], 200)
            self.assertEqual(self.follow(svc, self.link(self.relay.mails(BERTIL)[0],
                                                        "/driftinformation/prenumerera/bekrafta?t="))[0], 200)

            # Confirmed: a new incident, its level change, its resolution and the recovery.
            self.assertEqual(self.incident(svc, "parkering", aid="inc-2")[0], 202)
            self.wait_level(svc, "parkering", "degraded")
            self.assertEqual(self.incident(svc, "parkering", "resolved", revision=2, aid="inc-2",
                                           title="Betalningen fungerar\r\nBcc: evil@example.org",
                                           body="Åtgärdat. <b>Tack</b> för ditt tålamod.")[0], 202)
            self.wait_level(svc, "parkering", "operational")
            wait_until(lambda: len(self.relay.mails(ANNA)) >= 5, 60, "Anna's four notification mails")
            self.assertEqual([s for s in self.subjects(ANNA) if not s.startswith("Bekräfta")], sorted([
                "Betalningen fungerar inte", "Parkering: Begränsad funktion", "Parkering: Fungerar normalt",
                "Uppdatering: Betalningen fungerar  Bcc: evil@example.org"]))
            self.assertTrue(all(e.rcpt_tos in ([ANNA], [BERTIL]) for e in self.relay.envelopes))
            for m in self.relay.mails(ANNA)[1:]:
                self.assertIsNone(m["Bcc"])
                self.assertEqual(m["Content-Language"], "sv")
                self.assertEqual(m["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click")
                self.assertTrue(m["List-Unsubscribe"].startswith(
                    "<" + PUBLIC + "/driftinformation/prenumerera/avsluta?t=unsubscribe."), m["List-Unsubscribe"])
                self.assertIn("Avsluta prenumerationen: " + m["List-Unsubscribe"].strip("<>"), m.get_content())
                self.assertIn("Ändra prenumerationen: " + PUBLIC + "/driftinformation/prenumerera/andra?t=manage.",
                              m.get_content())
            update = [m for m in self.relay.mails(ANNA) if m["Subject"].startswith("Uppdatering")][0]
            self.assertIn("Åtgärdat. <b>Tack</b> för ditt tålamod.", update.get_content())  # text, as written

            # A planned maintenance: published now, reminded a minute before it starts.
            starts = now() + datetime.timedelta(seconds=68)
            maintenance = {"announcement_id": "uppgradering", "kind": "planned_maintenance",
                           "service_ids": ["parkering"], "state": "scheduled", "starts_at": rfc3339(starts),
                           "ends_at": rfc3339(starts + datetime.timedelta(hours=1)),
                           "title_sv": "Uppgradering av betalningen", "body_sv": "E-tjänsten är stängd en timme."}
            self.assertEqual(self.call(svc, "POST", "/api/v1/announcements", maintenance)[0], 202)
            wait_until(lambda: "Påminnelse om underhåll: Uppgradering av betalningen" in self.subjects(ANNA), 60,
                       "the reminder")
            self.assertIn("Uppgradering av betalningen", self.subjects(ANNA))

            # Anna ends it with one click (RFC 8058), Bertil with the link's page.
            one_click = self.relay.mails(ANNA)[-1]["List-Unsubscribe"].strip("<>")
            status, _ = self.post_form(self.local(svc, one_click), {"List-Unsubscribe": "One-Click"})
            self.assertEqual(status, 200)
            self.assertEqual(self.follow(svc, self.link(self.relay.mails(BERTIL)[-1],
                                                        "/driftinformation/prenumerera/avsluta?t="))[0], 200)
            mails = len(self.relay.envelopes)
            delivered = len(ok(hook.deliveries()))
            self.assertEqual(self.incident(svc, "parkering", aid="inc-3")[0], 202)
            hook.wait_for(lambda ds: len(ok(ds)) > delivered, 60)
            wait_until(lambda: self.metric(svc, 'followup_notifications_queued{channel="webhook"}') == 0, 30,
                       "the webhook's queue to drain")
            self.assertEqual(len(self.relay.envelopes), mails)
            self.assertEqual(self.metric(svc, 'followup_notifications_queued{channel="email"}'), 0)
            with open(svc.proc.log_path, encoding="utf-8") as f:
                log = f.read()
            self.assertNotIn(ANNA, log)  # never in a log line
            self.assertNotIn(BERTIL, log)


if __name__ == "__main__":
    unittest.main()
