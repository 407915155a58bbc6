"""Notification mail end to end (issue 16, part 3): `followup mail-test` composes
one message (notify/mail_message.h) and sends it with libcurl
(notify/smtp_sender.h) to a local SMTP server, Debian's python3-aiosmtpd, on
127.0.0.1. Python's email package (policy=default) reads what arrived as an
independent parser: the Swedish subject decodes exactly, the quoted-printable
body decodes, the RFC 8058 and RFC 3834 headers are there, a line break in a
subject starts no header. STARTTLS and implicit TLS work with the relay's
certificate and fail on an untrusted one or one for another name. Refusals
(550, 451, no STARTTLS, plain SMTP to a remote relay, a wrong password) exit 1
with an error that never holds the address or password.
"""
import email
import email.policy
import logging
import os
import shutil
import ssl
import subprocess
import tempfile
import unittest

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

import harness

# aiosmtpd logs the handshakes our client breaks off on purpose (untrusted certificate) with tracebacks.
logging.getLogger("mail.log").setLevel(logging.CRITICAL)

REFUSED = "okand@example.se"  # the handler answers 550 to this recipient
DEFERRED = "senare@example.se"  # and 451 to this one
TO = "medborgare@example.se"
FROM = "Stockholms stad <driftinformation@stockholm.se>"
UNSUBSCRIBE = "https://stockholm.se/driftinformation/avsluta?t=unsubscribe.abc-123.1764633600.x"
USER, PASSWORD = "drift", "hemligt-lösenord-17"

# The test message's text (src/app/mail_cmd.cpp), as the recipient reads it.
TEXT_SV = ("Det här är ett testmeddelande från driftinformation, Stockholms stad.\n"
           "Det skickades med followup mail-test för att pröva inställningarna för e-post.\n"
           "Du behöver inte göra något.\n")


class Recorder:
    """An aiosmtpd handler that keeps every envelope it accepted."""

    def __init__(self):
        self.envelopes = []
        self.logins = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == REFUSED:
            return "550 5.1.1 Mailbox unavailable"
        if address == DEFERRED:
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def authenticator(recorder):
    def check(server, session, envelope, mechanism, auth_data):
        ok = auth_data.login == USER.encode() and auth_data.password == PASSWORD.encode()
        recorder.logins.append((mechanism, auth_data.login, ok))
        return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd answers 535 itself
    return check


class Mail(unittest.TestCase):
    def setUp(self):
        if not os.path.exists(harness.BIN):
            raise unittest.SkipTest(f"followup binary not built: {harness.BIN}")
        self.tmp = tempfile.mkdtemp(prefix="followup-mail-")
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.recorder = Recorder()

    def relay(self, **kw):
        port = harness.free_port()
        controller = Controller(self.recorder, hostname="127.0.0.1", port=port, **kw)
        controller.start()
        self.addCleanup(controller.stop)
        return port

    def mail_test(self, port, *extra, tls="none", to=TO, host="127.0.0.1", sender=FROM):
        args = [harness.BIN, "mail-test", "--smtp-host", host, "--smtp-port", str(port),
                "--smtp-tls", tls, "--from", sender, "--to", to, "--smtp-timeout-ms", "20000", *extra]
        return subprocess.run(args, capture_output=True, timeout=60, env=harness.clean_env())

    def certificate(self):
        """A self-signed certificate for the name localhost (not for 127.0.0.1) and the relay's
        TLS context with it."""
        cert, key = os.path.join(self.tmp, "relay.pem"), os.path.join(self.tmp, "relay.key")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                        "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost"],
                       check=True, capture_output=True, timeout=60)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert, key)
        return cert, context

    def received(self):
        self.assertEqual(len(self.recorder.envelopes), 1)
        envelope = self.recorder.envelopes[0]
        return envelope, email.message_from_bytes(envelope.content, policy=email.policy.default)

    def assert_private(self, cp, *secrets):
        out = cp.stdout.decode() + cp.stderr.decode()
        for secret in secrets:
            self.assertNotIn(secret, out)

    def test_swedish_message_arrives_and_decodes(self):
        port = self.relay()
        cp = self.mail_test(port, "--unsubscribe-url", UNSUBSCRIBE)
        self.assertEqual(cp.returncode, 0, cp.stderr)
        self.assertEqual(cp.stdout, b"sent\n")
        self.assert_private(cp, TO)
        envelope, msg = self.received()
        self.assertEqual(envelope.mail_from, "driftinformation@stockholm.se")
        self.assertEqual(envelope.rcpt_tos, [TO])
        self.assertEqual(msg["Subject"], "Testmeddelande från driftinformation")
        self.assertEqual(msg["To"], TO)
        self.assertEqual(msg["From"].addresses[0].display_name, "Stockholms stad")
        self.assertEqual(msg["From"].addresses[0].addr_spec, "driftinformation@stockholm.se")
        self.assertEqual(msg.get_content_type(), "text/plain")
        self.assertEqual(msg.get_content_charset(), "utf-8")
        self.assertEqual(msg["Content-Transfer-Encoding"], "quoted-printable")
        self.assertEqual(msg.get_content().replace("\r\n", "\n"), TEXT_SV)
        self.assertEqual(msg["Content-Language"], "sv")
        self.assertEqual(msg["Auto-Submitted"], "auto-generated")
        self.assertEqual(msg["List-Unsubscribe"], f"<{UNSUBSCRIBE}>")
        self.assertEqual(msg["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click")
        self.assertEqual(msg["MIME-Version"], "1.0")
        self.assertRegex(msg["Message-ID"], r"^<[0-9a-f]{32}@stockholm\.se>$")
        self.assertIsNotNone(msg["Date"].datetime)
        self.assertEqual(msg.defects, [])
        raw = envelope.content
        self.assertTrue(all(b < 0x80 for b in raw), "the message is 7-bit")
        for line in raw.split(b"\r\n"):
            if not line.startswith(b"List-Unsubscribe: "):  # the URL is never folded
                self.assertLessEqual(len(line), 78, line)

    def test_english_message_without_unsubscribe(self):
        port = self.relay()
        cp = self.mail_test(port, "--language", "en")
        self.assertEqual(cp.returncode, 0, cp.stderr)
        _, msg = self.received()
        self.assertEqual(msg["Subject"], "Test message from driftinformation")
        self.assertEqual(msg["Content-Language"], "en")
        self.assertIn("City of Stockholm", msg.get_content())
        self.assertIsNone(msg["List-Unsubscribe"])
        self.assertIsNone(msg["List-Unsubscribe-Post"])

    def test_long_swedish_subject_is_folded_and_decodes_exactly(self):
        subject = ("Driftstörning: Parkeringstillstånd, felparkeringsavgifter och "
                   "boendeparkering i Östermalm, Södermalm och Kungsholmen är nere – åtgärdas")
        port = self.relay()
        cp = self.mail_test(port, "--subject", subject)
        self.assertEqual(cp.returncode, 0, cp.stderr)
        envelope, msg = self.received()
        self.assertEqual(msg["Subject"], subject)
        header = envelope.content.split(b"\r\n\r\n", 1)[0]
        subject_lines = header.split(b"\r\nSubject: ", 1)[1].split(b"\r\nMessage-ID:", 1)[0].split(b"\r\n")
        self.assertGreater(len(subject_lines), 2)
        for i, line in enumerate(subject_lines):
            self.assertLessEqual(len(line) + (len("Subject: ") if i == 0 else 0), 76, line)

    def test_swedish_sender_name_is_encoded_and_decodes(self):
        port = self.relay()
        # 45 bytes of UTF-8: one encoded-word on a line of its own (mail_message.h)
        cp = self.mail_test(port, sender="Stockholms stad – Trafikkontoret Östermalm <driftinformation@stockholm.se>")
        self.assertEqual(cp.returncode, 0, cp.stderr)
        envelope, msg = self.received()
        self.assertEqual(envelope.mail_from, "driftinformation@stockholm.se")
        self.assertEqual(msg["From"].addresses[0].display_name, "Stockholms stad – Trafikkontoret Östermalm")
        self.assertEqual(msg["From"].addresses[0].addr_spec, "driftinformation@stockholm.se")
        self.assertEqual(msg["From"].defects, ())

    def test_line_break_in_subject_starts_no_header(self):
        port = self.relay()
        cp = self.mail_test(port, "--subject", "Parkering\r\nBcc: x@y.se")
        self.assertEqual(cp.returncode, 0, cp.stderr)
        envelope, msg = self.received()
        self.assertEqual(envelope.rcpt_tos, [TO])
        self.assertIsNone(msg["Bcc"])
        self.assertEqual(msg["Subject"], "Parkering  Bcc: x@y.se")

    def test_refused_recipient_fails_without_the_address(self):
        port = self.relay()
        cp = self.mail_test(port, to=REFUSED)
        self.assertEqual(cp.returncode, 1)
        self.assertIn("the relay refused the recipient (SMTP 550)", cp.stderr.decode())
        self.assert_private(cp, REFUSED, "okand")
        self.assertEqual(cp.stdout, b"")
        self.assertEqual(self.recorder.envelopes, [])

    def test_deferred_recipient_is_transient(self):
        port = self.relay()
        cp = self.mail_test(port, to=DEFERRED)
        self.assertEqual(cp.returncode, 1)
        self.assertIn("the relay deferred the recipient (SMTP 451)", cp.stderr.decode())
        self.assert_private(cp, DEFERRED, "senare")

    def test_starttls_required_against_a_relay_without_it(self):
        port = self.relay()
        cp = self.mail_test(port, tls="starttls")
        self.assertEqual(cp.returncode, 1)
        self.assertIn("does not offer STARTTLS", cp.stderr.decode())
        self.assertEqual(self.recorder.envelopes, [])
        self.assert_private(cp, TO)

    def test_starttls_with_the_relays_certificate(self):
        cert, context = self.certificate()
        # require_starttls: the relay refuses MAIL FROM before STARTTLS, so a delivery proves TLS.
        port = self.relay(tls_context=context, require_starttls=True)
        cp = self.mail_test(port, "--smtp-ca-file", cert, tls="starttls", host="localhost")
        self.assertEqual(cp.returncode, 0, cp.stderr)
        _, msg = self.received()
        self.assertEqual(msg["Subject"], "Testmeddelande från driftinformation")

    def test_implicit_tls_with_the_relays_certificate(self):
        cert, context = self.certificate()
        port = self.relay(ssl_context=context)
        cp = self.mail_test(port, "--smtp-ca-file", cert, tls="implicit", host="localhost")
        self.assertEqual(cp.returncode, 0, cp.stderr)
        self.received()

    def test_untrusted_certificate_is_refused(self):
        _, context = self.certificate()
        port = self.relay(tls_context=context, require_starttls=True)
        cp = self.mail_test(port, tls="starttls", host="localhost")  # the system's CAs do not sign it
        self.assertEqual(cp.returncode, 1)
        self.assertIn("certificate is not trusted", cp.stderr.decode())
        self.assertEqual(self.recorder.envelopes, [])

    def test_certificate_for_another_name_is_refused(self):
        cert, context = self.certificate()
        port = self.relay(tls_context=context, require_starttls=True)
        cp = self.mail_test(port, "--smtp-ca-file", cert, tls="starttls", host="127.0.0.1")
        self.assertEqual(cp.returncode, 1)
        self.assertIn("not for this host name", cp.stderr.decode())
        self.assertEqual(self.recorder.envelopes, [])

    def test_plain_smtp_to_a_remote_relay_is_refused(self):
        args = [harness.BIN, "mail-test", "--smtp-host", "smtp.stockholm.se", "--smtp-tls", "none",
                "--from", FROM, "--to", TO]
        cp = subprocess.run(args, capture_output=True, timeout=60, env=harness.clean_env())
        self.assertEqual(cp.returncode, 1)
        self.assertIn("only allowed to a relay on a loopback address", cp.stderr.decode())
        self.assert_private(cp, TO)

    def test_login_with_the_password_file(self):
        password_file = os.path.join(self.tmp, "password")
        with open(password_file, "w", encoding="utf-8") as f:
            f.write(PASSWORD + "\n")
        port = self.relay(authenticator=authenticator(self.recorder), auth_require_tls=False)
        cp = self.mail_test(port, "--smtp-user", USER, "--smtp-password-file", password_file)
        self.assertEqual(cp.returncode, 0, cp.stderr)
        self.assertEqual([ok for _, _, ok in self.recorder.logins], [True])
        self.received()

    def test_wrong_password_fails_without_the_password(self):
        password_file = os.path.join(self.tmp, "password")
        with open(password_file, "w", encoding="utf-8") as f:
            f.write("fel-lösenord-42\n")
        port = self.relay(authenticator=authenticator(self.recorder), auth_require_tls=False)
        cp = self.mail_test(port, "--smtp-user", USER, "--smtp-password-file", password_file)
        self.assertEqual(cp.returncode, 1)
        self.assertIn("check the SMTP", cp.stderr.decode())
        self.assert_private(cp, "fel-lösenord-42", TO)
        self.assertEqual(self.recorder.envelopes, [])


if __name__ == "__main__":
    unittest.main()
