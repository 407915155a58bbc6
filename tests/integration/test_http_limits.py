"""The HTTP server's connection limits and listeners, against the real binary:

- one address holding 2,100 idle connections (more than the 2,048 global cap)
  does not keep another client out: the per-client limit closes the excess;
- behind a trusted proxy (trusted_proxies = 127.0.0.1/32) connections are
  counted for the client X-Forwarded-For names: 2,100 requests for one client
  are limited (429) while another forwarded client is served;
- with --management-listen the operations routes (/metrics, /api/v1/ingest)
  move there and answer 404 on the main listener, whose /readyz never shows
  the internal error detail the management listener may show.

Everything runs on loopback; loops and waits are bounded.
"""
import json
import os
import re
import resource
import socket
import time
import unittest

import harness
from harness import IntegrationCase, clean_env, free_port, http_get, kcat_produce, tail, wait_until

CONNECTIONS = 2100  # more than the server's global cap (2,048)
PER_CLIENT = 64     # the default per-client limit


def setUpModule():
    # 2,100 client sockets here, and the server (a child) inherits the limit.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = CONNECTIONS * 2 + 256
    if soft < want:
        if hard != resource.RLIM_INFINITY and hard < want:
            raise unittest.SkipTest("RLIMIT_NOFILE hard limit %d is below %d" % (hard, want))
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))


def connect(port, source="127.0.0.1", timeout=5):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(timeout)
    if source != "127.0.0.1":
        s.bind((source, 0))
    s.connect(("127.0.0.1", port))
    return s


def read_response(s, timeout=5):
    """One HTTP response from a raw socket: (status, lower-cased headers, body); None when the server
    closed (or reset) the connection before a whole response arrived."""
    s.settimeout(timeout)
    data = b""
    try:
        while b"\r\n\r\n" not in data:
            chunk = s.recv(4096)
            if not chunk:
                return None
            data += chunk
        head, body = data.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        headers = {}
        for line in lines[1:]:
            k, _, v = line.partition(":")
            headers[k.strip().lower()] = v.strip()
        length = int(headers.get("content-length", "0"))
        while len(body) < length:
            chunk = s.recv(4096)
            if not chunk:
                return None
            body += chunk
        return int(lines[0].split()[1]), headers, body[:length]
    except (ConnectionResetError, BrokenPipeError):
        return None


def request(path, xff=None, close=False):
    h = "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n" % path
    if xff:
        h += "X-Forwarded-For: %s\r\n" % xff
    if close:
        h += "Connection: close\r\n"
    return (h + "\r\n").encode()


def closed_by_server(s):
    """True when the server has closed (or reset) s; False while it is open and silent."""
    s.setblocking(False)
    try:
        return s.recv(1, socket.MSG_PEEK) == b""
    except (ConnectionResetError, BrokenPipeError):
        return True
    except BlockingIOError:
        return False


def metric(text, name, labels):
    m = re.search(r"^%s\{%s\} (\S+)$" % (re.escape(name), re.escape(labels)), text, re.M)
    return float(m.group(1)) if m else 0.0


class HttpLimits(IntegrationCase):
    def serve(self, extra=(), env=None, **kw):
        svc = self.spawn_serve(data_dir=self.path("data"), extra=list(extra), env=env, fast_rejoin=False, **kw)
        svc.wait_ready(60)
        return svc

    def hold(self, sockets):
        self.addCleanup(lambda: [s.close() for s in sockets])
        return sockets

    def test_one_address_cannot_take_every_connection(self):
        svc = self.serve()
        idle = self.hold([])
        for _ in range(CONNECTIONS):
            try:
                idle.append(connect(svc.port))
            except OSError:
                pass  # a refused connect is also fine; what matters is the other client
        # Another client (a second loopback address) is served promptly.
        start = time.monotonic()
        other = connect(svc.port, source="127.0.0.2")
        other.sendall(request("/readyz", close=True))
        answer = read_response(other, timeout=5)
        other.close()
        self.assertIsNotNone(answer, "the other client was refused")
        self.assertEqual(answer[:1], (200,))
        self.assertLess(time.monotonic() - start, 2.0)
        # The server closed what was over the per-client limit, and kept the rest.
        def excess_closed():
            still_open = sum(1 for c in idle if not closed_by_server(c))
            return still_open <= PER_CLIENT and still_open
        still_open = wait_until(excess_closed, 10, "the server to close connections over the per-client limit")
        self.assertEqual(still_open, PER_CLIENT)
        # (127.0.0.1 holds its 64: ask from the other address.)
        s = connect(svc.port, source="127.0.0.2")
        s.sendall(request("/metrics", close=True))
        text = read_response(s)[2].decode()
        s.close()
        self.assertGreaterEqual(metric(text, "followup_http_connections_refused_total", 'limit="client"'),
                                len(idle) - PER_CLIENT)

    def test_trusted_proxy_limits_the_forwarded_client(self):
        svc = self.serve(env=None, extra=["--trusted-proxies", "127.0.0.1/32"])
        held = self.hold([])
        ok = limited = other = 0
        batch = 150
        for first in range(0, CONNECTIONS, batch):
            socks = []
            for _ in range(min(batch, CONNECTIONS - first)):
                s = connect(svc.port)
                s.sendall(request("/healthz", xff="203.0.113.50, 198.51.100.7"))
                socks.append(s)
            for s in socks:
                r = read_response(s)
                if r and r[0] == 200:
                    ok += 1
                    held.append(s)  # served and kept alive: it counts for 198.51.100.7
                elif r and r[0] == 429:
                    limited += 1
                    self.assertEqual(r[1].get("connection"), "close")
                    s.close()
                else:
                    other += 1
                    s.close()
        self.assertEqual((ok, limited, other), (PER_CLIENT, CONNECTIONS - PER_CLIENT, 0))
        # Another forwarded client is served at once, through the same proxy address.
        start = time.monotonic()
        s = connect(svc.port)
        s.sendall(request("/healthz", xff="198.51.100.8", close=True))
        r = read_response(s)
        s.close()
        self.assertEqual(r and r[0], 200)
        self.assertLess(time.monotonic() - start, 2.0)
        # So is the proxy's own request (no X-Forwarded-For): 65+ connections from 127.0.0.1.
        self.assertEqual(svc.get("/healthz")[0], 200)
        text = svc.get("/metrics")[1].decode()
        self.assertEqual(metric(text, "followup_http_connections_refused_total", 'limit="client"'),
                         CONNECTIONS - PER_CLIENT)

    def test_management_listener(self):
        mport = free_port()
        config = self.path("serve.yaml")
        with open(config, "w") as f:
            f.write("management_listen: 127.0.0.1:%d\n" % mport)
        svc = self.serve(extra=["--config", config])
        main, mgmt = svc.url, "http://127.0.0.1:%d" % mport
        for path in ("/metrics", "/api/v1/ingest"):
            self.assertEqual(http_get(main + path)[0], 404, path)
        status, body = http_get(mgmt + "/metrics")
        self.assertEqual(status, 200)
        self.assertIn(b"followup_http_requests_total", body)
        status, body = http_get(mgmt + "/api/v1/ingest")
        self.assertEqual(status, 200)
        self.assertTrue(json.loads(body)["ready"])
        for base in (main, mgmt):
            self.assertEqual(http_get(base + "/healthz"), (200, b"ok\n"), base)
            self.assertEqual(http_get(base + "/readyz"), (200, b"ready\n"), base)
        # The public routes stay on the main listener only.
        self.assertEqual(http_get(mgmt + "/api/v1/status")[0], 404)
        self.assertIn(http_get(main + "/api/v1/status")[0], (200, 503))
        svc.stop()

    def test_main_readyz_never_shows_the_detail(self):
        """Not ready because the dead-letter topic refuses writes: the main /readyz says only
        'not ready: <reason>'; whatever detail the management listener shows is not there."""
        broker = harness.ControlledBroker(self, partitions=1)
        mport = free_port()
        svc = self.start_serve(self.path("data"), broker.address,
                               env=clean_env(FOLLOWUP_MANAGEMENT_LISTEN="127.0.0.1:%d" % mport))
        mgmt = "http://127.0.0.1:%d" % mport
        broker.command("topic-error followup.deadletter")
        kcat_produce(broker.address, "followup.probes",
                     [("tjanst-a", b'{"type":"probe.v1","event_id":"bad-1","service_id":"tjanst-a"}')])

        def not_ready():
            if not svc.proc.alive():
                raise AssertionError("serve exited\n" + tail(svc.proc.log_path))
            status, body = http_get(mgmt + "/readyz", timeout=2)
            return status == 503 and body.decode()
        mbody = wait_until(not_ready, 60, "management /readyz to answer 503")
        samples = set()
        details = set()
        for _ in range(10):  # a few looks, while the ingest loop retries
            status, body = http_get(svc.url + "/readyz", timeout=2)
            self.assertEqual(status, 503)
            samples.add(body.decode())
            mbody = http_get(mgmt + "/readyz", timeout=2)[1].decode()
            details |= {line[len("detail: "):] for line in mbody.splitlines() if line.startswith("detail: ")}
            ingest = json.loads(http_get(mgmt + "/api/v1/ingest", timeout=2)[1])
            self.assertFalse(ingest["ready"])
            if ingest.get("not_ready_detail"):
                details.add(ingest["not_ready_detail"])
            time.sleep(0.2)
        for body in samples:
            self.assertRegex(body, r"\Anot ready: [^\n]+\n\Z")
            self.assertNotIn("detail", body)
            for d in details:
                self.assertNotIn(d, body)
        self.assertEqual(http_get(svc.url + "/api/v1/ingest")[0], 404)
        print("main /readyz: %r; management detail: %r" % (sorted(samples), sorted(details)))


if __name__ == "__main__":
    unittest.main()
