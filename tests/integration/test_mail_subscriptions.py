"""E-mail subscriptions end to end (issue 16, item 3), through the real
binary, a standalone mock broker, kcat (the subscription records are written
to followup.subscriptions as the subscribe pages write them) and aiosmtpd as
the city's relay; every mail is read back with Python's own e-mail parser:

- a pending subscription gets its confirmation mail, with the confirm link
  under the public URL and no List-Unsubscribe, and nothing else: an
  incident and the level change it causes, which a webhook does get, send
  it no mail (double opt-in);
- once confirmed, the resolution (whose title tries a header injection with
  CR/LF, and whose text carries HTML) and the recovery arrive as Swedish mails
  with the RFC 8058 headers (List-Unsubscribe with the https link,
  List-Unsubscribe-Post) and the links to change and end the subscription;
- after its tombstone (an unsubscribe, an erasure) it gets nothing more.
"""
import base64
import datetime
import email
import email.policy
import json
import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from aiosmtpd.controller import Controller  # noqa: E402

import harness  # noqa: E402
from harness import IntegrationCase, wait_until  # noqa: E402
import test_webhooks  # noqa: E402  (the module: its cases are not collected here)
from webhook_receiver import WebhookReceiver  # noqa: E402

SUB = "em-0123456789abcdef"
ADDRESS = "anna.andersson@example.se"
PUBLIC = "https://start.stockholm"


class Relay:
    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    def messages(self):
        return [email.message_from_bytes(e.content, policy=email.policy.default) for e in list(self.envelopes)]


def rfc3339(t):
    return t.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class MailSubscriptions(test_webhooks.Webhooks):
    # Webhooks' helpers (call, incident, wait_level, metric, ...), not its tests.
    test_a_change_and_its_recovery_are_signed_retried_in_order_and_not_repeated = None
    test_kill9_while_a_retry_waits_delivers_it_once_after_the_restart = None
    test_registration_refuses_what_it_may_not_reach = None

    def start(self, brokers, data_dir, port=None):
        key_file = self.path("link.key")
        with open(key_file, "w") as f:
            f.write(base64.b64encode(os.urandom(32)).decode() + "\n")
        token_file = self.path("admin.token")
        from test_status import TOKEN
        with open(token_file, "w") as f:
            f.write(TOKEN + "\n")
        return self.start_serve(data_dir, brokers, port=port, extra=[
            "--admin-token-file", token_file, "--webhook-allow", "127.0.0.0/8", "--notify-settle-seconds", "2",
            "--smtp-host", "127.0.0.1", "--smtp-port", str(self.smtp_port), "--smtp-tls", "none",
            "--mail-link-key-file", key_file, "--public-url", PUBLIC],
            env={k: v for k, v in os.environ.items() if k != "FOLLOWUP_ADMIN_TOKEN"})

    def write_record(self, brokers, key, value):
        """One record on followup.subscriptions (value None: a tombstone), as kcat writes it."""
        args = ["kcat", "-P", "-b", brokers, "-t", "followup.subscriptions", "-K", "\t", "-Z"]
        line = key + "\t" + (json.dumps(value) if value is not None else "") + "\n"
        subprocess.run(args, input=line.encode(), check=True, timeout=60)

    def record(self, confirmed):
        requested = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=1)
        r = {"kind": "email", "id": SUB, "address": ADDRESS, "services": ["parkering"], "language": "sv",
             "state": "confirmed" if confirmed else "pending", "requested_at": rfc3339(requested)}
        if confirmed:
            r["confirmed_at"] = rfc3339(requested + datetime.timedelta(seconds=30))
        return r

    def test_double_opt_in_then_mails_with_one_click_unsubscribe_and_none_after_it(self):
        self.relay = Relay()
        self.smtp_port = harness.free_port()
        controller = Controller(self.relay, hostname="127.0.0.1", port=self.smtp_port)
        controller.start()
        self.addCleanup(controller.stop)
        broker, data, svc = self.setup_city()
        email_sent = 'followup_notifications_sent_total{channel="email"}'
        with WebhookReceiver() as hook:
            self.subscribe(svc, hook, "kontaktcenter", ["parkering"])
            self.write_record(broker.address, SUB, self.record(confirmed=False))
            wait_until(lambda: len(self.relay.envelopes) == 1, 60, "the confirmation mail")
            confirm = self.relay.messages()[0]
            self.assertEqual(self.relay.envelopes[0].rcpt_tos, [ADDRESS])
            self.assertEqual(confirm["Subject"], "Bekräfta prenumerationen på driftinformation")
            self.assertIsNone(confirm["List-Unsubscribe"])
            body = confirm.get_content()
            self.assertIn(PUBLIC + "/driftinformation/prenumerera/bekrafta?t=confirm." + SUB + ".", body)

            # Unconfirmed: the incident reaches the webhook, and no mail is queued or sent.
            self.assertEqual(self.incident(svc, "parkering")[0], 202)
            hook.wait_for(lambda ds: len([d for d in ds if d.status == 200]) >= 2, 60)
            self.assertEqual(self.metric(svc, 'followup_notifications_queued{channel="email"}'), 0)
            self.assertEqual(self.metric(svc, email_sent), 1)
            self.assertEqual(len(self.relay.envelopes), 1)

            # Confirmed: the resolution and the recovery come by mail.
            self.write_record(broker.address, SUB, self.record(confirmed=True))
            wait_until(lambda: svc.get("/metrics")[0] == 200, 10, "metrics")
            # The resolution's title tries a header injection; its text carries HTML.
            resolved = {"announcement_id": "inc-parkering", "kind": "incident", "service_ids": ["parkering"],
                        "state": "resolved", "starts_at": rfc3339(datetime.datetime.now(datetime.timezone.utc)
                                                                  - datetime.timedelta(minutes=1)),
                        "ends_at": rfc3339(datetime.datetime.now(datetime.timezone.utc)),
                        "title_sv": "Betalningen fungerar\r\nBcc: evil@example.org",
                        "body_sv": "Åtgärdat. <b>Tack</b> för ditt tålamod."}
            self.assertEqual(self.call(svc, "PUT", "/api/v1/announcements/inc-parkering", resolved)[0], 202)
            self.wait_level(svc, "parkering", "operational")
            wait_until(lambda: len(self.relay.envelopes) >= 3, 60, "two notification mails")
            mails = self.relay.messages()[1:]
            subjects = sorted(m["Subject"] for m in mails)
            self.assertEqual(subjects, ["Parkering: Fungerar normalt",
                                        "Uppdatering: Betalningen fungerar  Bcc: evil@example.org"])
            self.assertTrue(all(e.rcpt_tos == [ADDRESS] for e in self.relay.envelopes))
            self.assertTrue(all(m["Bcc"] is None for m in mails))
            update = [m for m in mails if m["Subject"].startswith("Uppdatering")][0]
            self.assertIn("Åtgärdat. <b>Tack</b> för ditt tålamod.", update.get_content())  # plain text, as written
            for m in mails:
                self.assertEqual(m["To"], ADDRESS)
                self.assertEqual(m["Content-Language"], "sv")
                self.assertEqual(m["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click")
                link = m["List-Unsubscribe"]
                self.assertTrue(link.startswith("<" + PUBLIC + "/driftinformation/prenumerera/avsluta?t=unsubscribe."),
                                link)
                text = m.get_content()
                self.assertIn("Avsluta prenumerationen: " + link.strip("<>"), text)
                self.assertIn("Ändra prenumerationen: " + PUBLIC + "/driftinformation/prenumerera/andra?t=manage.", text)
                self.assertNotIn(ADDRESS, text)

            # Ended: nothing more, though the webhook is told of the next incident.
            wait_until(lambda: self.metric(svc, email_sent) == 3, 30, "three mails counted")
            self.write_record(broker.address, SUB, None)
            delivered = len([d for d in hook.deliveries() if d.status == 200])
            status, _ = self.call(svc, "POST", "/api/v1/announcements", {
                "announcement_id": "inc-2", "kind": "incident", "service_ids": ["parkering"],
                "state": "investigating", "starts_at": rfc3339(datetime.datetime.now(datetime.timezone.utc)),
                "ends_at": None, "title_sv": "Ny störning", "body_sv": "Vi felsöker."})
            self.assertEqual(status, 202)
            hook.wait_for(lambda ds: len([d for d in ds if d.status == 200]) > delivered, 60)
            wait_until(lambda: self.metric(svc, 'followup_notifications_queued{channel="webhook"}') == 0, 30,
                       "the webhook's queue to drain")
            self.assertEqual(len(self.relay.envelopes), 3)
            self.assertEqual(self.metric(svc, 'followup_notifications_queued{channel="email"}'), 0)
            with open(svc.proc.log_path, encoding="utf-8") as f:
                self.assertNotIn(ADDRESS, f.read())  # never in a log line


if __name__ == "__main__":
    unittest.main()
