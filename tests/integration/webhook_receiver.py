"""A local webhook receiver for the integration tests (issue 16), and an
independent implementation of the Standard Webhooks verification
(https://www.standardwebhooks.com, "Verifying webhooks"), from Python's
standard library only (hmac, hashlib, base64), sharing nothing with the C++
signer (notify/webhook_signature.h).

    with WebhookReceiver() as rx:
        rx.secret = created["secret"]          # from POST /api/v1/webhooks
        rx.answer_with([500, 500, 200])        # then 200 forever
        ... register rx.url, make a level change ...
        got = rx.wait_for(lambda ds: len(ds) >= 3 and ds, timeout=30)
        assert all(d.verified for d in got)

The server is a ThreadingHTTPServer on 127.0.0.1 (an ephemeral port) in a
thread of its own; every POST is recorded as a Delivery, whether or not its
signature holds, before it is answered. The answer script is consumed one
entry per request, in arrival order:
    an int          answer with that HTTP status (and a short body);
    ("hang", s)     read the request, answer nothing for s seconds (a
                    receiver that never answers in time), then 200;
    ("hang", s, n)  the same, then status n.
When the script is used up, every request gets `then` (default 200).
Thread-safety: every public method may be called from any thread.
"""
import base64
import binascii
import collections
import hashlib
import hmac
import json
import ssl
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SECRET_PREFIX = "whsec_"
TOLERANCE_S = 5 * 60  # the specification's default window for webhook-timestamp


class VerificationError(Exception):
    """The message does not verify; str() says why (never the secret)."""


def decode_secret(secret):
    """The HMAC key of a "whsec_<base64>" secret (the prefix is optional)."""
    text = secret[len(SECRET_PREFIX):] if secret.startswith(SECRET_PREFIX) else secret
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as e:
        raise VerificationError("the secret is not base64 after whsec_") from e


def sign(secret, msg_id, timestamp, body):
    """The "v1,<base64>" signature of one message: HMAC-SHA256(key, "id.timestamp.body")."""
    if isinstance(body, str):
        body = body.encode("utf-8")
    content = f"{msg_id}.{timestamp}.".encode("utf-8") + body
    digest = hmac.new(decode_secret(secret), content, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode("ascii")


def verify(secret, headers, body, now=None, tolerance_s=TOLERANCE_S):
    """Checks a message as a receiver must; raises VerificationError, else returns True.

    headers: a mapping with webhook-id, webhook-timestamp and webhook-signature (any case);
    body: the raw bytes as received (the signature covers them exactly, not a re-encoding);
    now: seconds since the epoch (default: the clock). The timestamp must lie within
    tolerance_s of now, either way. webhook-signature may list several space-separated
    signatures (a key being changed); one valid "v1," entry is enough, entries of other
    versions are ignored.
    """
    h = {k.lower(): v for k, v in headers.items()}
    msg_id, ts, sigs = h.get("webhook-id"), h.get("webhook-timestamp"), h.get("webhook-signature")
    if not msg_id or not ts or not sigs:
        raise VerificationError("missing webhook-id, webhook-timestamp or webhook-signature")
    if not ts.isascii() or not ts.isdigit():
        raise VerificationError(f"webhook-timestamp {ts!r} is not seconds since the epoch")
    now = time.time() if now is None else now
    if abs(now - int(ts)) > tolerance_s:
        raise VerificationError(f"webhook-timestamp {ts} is more than {tolerance_s} s from now ({int(now)})")
    if isinstance(body, str):
        body = body.encode("utf-8")
    expected = base64.b64decode(sign(secret, msg_id, ts, body)[3:])
    for entry in sigs.split(" "):
        version, _, value = entry.partition(",")
        if version != "v1" or not value:
            continue
        try:
            given = base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            continue
        if hmac.compare_digest(given, expected):
            return True
    raise VerificationError("no webhook-signature entry matches")


class Delivery:
    """One request the receiver got. headers: lower-case names; body: raw bytes; json: the
    parsed body or None; verified: whether the signature held against the receiver's secret
    at arrival (reason: why not); status: the answer meant for it; hung: the seconds it was
    held before that answer (0: none; the sender may have given up by then)."""

    def __init__(self, path, headers, body, verified, reason, status, hung):
        self.path = path
        self.headers = headers
        self.id = headers.get("webhook-id")
        self.timestamp = headers.get("webhook-timestamp")
        self.body = body
        try:
            self.json = json.loads(body)
        except ValueError:
            self.json = None
        self.verified = verified
        self.reason = reason
        self.status = status
        self.hung = hung
        self.received_at = time.monotonic()

    def __repr__(self):
        return (f"Delivery(id={self.id!r}, verified={self.verified}, status={self.status}, hung={self.hung}, "
                f"type={(self.json or {}).get('type') if isinstance(self.json, dict) else None!r})")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as a real receiver would allow

    def log_message(self, fmt, *args):
        pass  # a test's output is its assertions

    def _read_chunked(self):
        body = b""
        while True:
            size = int(self.rfile.readline().split(b";", 1)[0].strip() or b"0", 16)
            if size == 0:
                while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                    pass  # trailers
                return body
            body += self.rfile.read(size)
            self.rfile.readline()  # the CRLF after the chunk

    def do_POST(self):
        rx = self.server.receiver
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            body = self._read_chunked()
        else:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length > 0 else b""
        headers = {k.lower(): v for k, v in self.headers.items()}
        answer = rx._record(self.path, headers, body)
        if isinstance(answer, tuple):  # ("hang", seconds[, status])
            if rx._closing.wait(answer[1]):
                self.close_connection = True  # closing: no answer at all
                return
            answer = answer[2] if len(answer) > 2 else 200
        payload = b"ok" if 200 <= answer < 300 else b"no"
        try:
            self.send_response(answer)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except OSError:
            self.close_connection = True  # the sender gave up (timeout) before the answer


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # senders that time out or refuse a certificate: expected in these tests


class WebhookReceiver:
    """See the module docstring. secret: the "whsec_..." to verify with (settable later, as the
    server only tells it when the webhook is created); tls_cert: (certificate, key) files to
    serve https; path: the path of url."""

    def __init__(self, secret=None, tls_cert=None, path="/hook", tolerance_s=TOLERANCE_S):
        self._lock = threading.Condition()
        self._deliveries = []
        self._script = collections.deque()
        self._then = 200
        self._closing = threading.Event()
        self._secret = secret
        self.tolerance_s = tolerance_s
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.receiver = self
        if tls_cert:
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(*tls_cert)
            # The handshake happens in the handler thread: a sender that refuses the
            # certificate never blocks the accept loop.
            self._httpd.socket = ctx.wrap_socket(self._httpd.socket, server_side=True,
                                                 do_handshake_on_connect=False)
        self.port = self._httpd.server_address[1]
        self.url = f"{'https' if tls_cert else 'http'}://127.0.0.1:{self.port}{path}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="webhook-receiver", daemon=True)
        self._thread.start()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        """Stops the server; hanging answers are released (their connections closed)."""
        self._closing.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(5)

    @property
    def secret(self):
        with self._lock:
            return self._secret

    @secret.setter
    def secret(self, value):
        with self._lock:
            self._secret = value

    def answer_with(self, script, then=200):
        """Replaces the answer script (see the module docstring); `then` afterwards."""
        for a in script:
            ok = (isinstance(a, int) and 100 <= a <= 599) or (
                isinstance(a, tuple) and a[0] == "hang" and len(a) in (2, 3) and a[1] >= 0)
            if not ok:
                raise ValueError(f"not an answer: {a!r} (an HTTP status, ('hang', s) or ('hang', s, status))")
        with self._lock:
            self._script = collections.deque(script)
            self._then = then

    def _record(self, path, headers, body):
        with self._lock:
            secret = self._secret
            answer = self._script.popleft() if self._script else self._then
        verified, reason = False, "no secret set"
        if secret is not None:
            try:
                verified, reason = verify(secret, headers, body, tolerance_s=self.tolerance_s), None
            except VerificationError as e:
                verified, reason = False, str(e)
        if isinstance(answer, tuple):
            status, hung = (answer[2] if len(answer) > 2 else 200), answer[1]
        else:
            status, hung = answer, 0
        d = Delivery(path, headers, body, verified, reason, status, hung)
        with self._lock:
            self._deliveries.append(d)
            self._lock.notify_all()
        return answer

    def deliveries(self):
        """A copy of every delivery so far, in arrival order."""
        with self._lock:
            return list(self._deliveries)

    def ids(self):
        """The webhook-id of every delivery, in arrival order (repeats included)."""
        return [d.id for d in self.deliveries()]

    def wait_for(self, predicate, timeout):
        """Waits until predicate(deliveries) is truthy and returns its value. It is evaluated at
        once, at each new delivery and at least every 0.1 s (so it may look at other state too),
        until `timeout` seconds from now; then AssertionError names what had arrived."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                value = predicate(list(self._deliveries))
                if value:
                    return value
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"webhook receiver: condition not met within {timeout} s; "
                                         f"deliveries: {self._deliveries!r}")
                self._lock.wait(min(left, 0.1))
