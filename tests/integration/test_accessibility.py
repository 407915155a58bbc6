"""Accessibility of the driftinformation page and widgets, of the history pages
(/driftinformation/{service_id}/historik, /driftinformation/historik), their
English counterparts (/en/status, /en/status/{service_id}, /en/status/history,
the English widgets), of the e-mail subscription pages (the form, a
confirm and an unsubscribe link's page; the service runs with a relay
configured so that they are served) and of the
board's report (/rapport and /rapport/{quarter}): axe-core (tags wcag2a, wcag2aa,
wcag21a, wcag21aa) in Debian's chromium must report zero violations for the
page, for a widget of a service in every level and for the report, in the
light and the dark colour scheme (prefers-color-scheme, emulated). And the
page with 200 e-services (ManyServices): axe in both schemes, no sideways
scrolling at 320 px, and its filter as progressive enhancement (filter.mjs).

Installs the pinned packages of tests/ui (node_deps.py: `npm ci` from the lock
file; playwright-core never downloads a browser), then `node a11y.mjs`, and
`node refresh.mjs` for the page's optional self-refresh script, and `node
reflow.mjs` for sideways scrolling of the history pages at 320 CSS px.
Skips only when chromium is missing and cannot be installed.
"""
import base64
import datetime
import hashlib
import hmac
import os
import shutil
import subprocess
import tempfile
import unittest

import node_deps
import test_status as env  # the module, not its classes: unittest must not collect them twice here

LINK_KEY = bytes(range(32))


def link_token(purpose, sid, issued_at):
    """A link token as notify/mail_links.h makes it (HMAC-SHA256, base64url without padding)."""
    msg = f"followup-link/1\n{purpose}\n{sid}\n{issued_at}".encode()
    mac = base64.urlsafe_b64encode(hmac.new(LINK_KEY, msg, hashlib.sha256).digest()).decode().rstrip("=")
    return f"{purpose}.{sid}.{issued_at}.{mac}"


HERE = os.path.dirname(os.path.abspath(__file__))
UI = os.path.join(HERE, "..", "ui")
CHROMIUM = "/usr/bin/chromium"


def ensure_chromium():
    """None when chromium is usable, else why not."""
    if os.access(CHROMIUM, os.X_OK):
        return None
    cmd = ["apt-get", "install", "-y", "-q", "--no-install-recommends", "chromium"]
    if os.geteuid() != 0:
        if not shutil.which("sudo"):
            return "chromium is not installed and installing it needs root (no sudo)"
        cmd = ["sudo", "-n"] + cmd
    try:
        r = subprocess.run(cmd, env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"), capture_output=True,
                           text=True, timeout=900)
    except (OSError, subprocess.TimeoutExpired) as e:
        return f"chromium is not installed and `apt-get install chromium` failed: {e}"
    if r.returncode != 0 or not os.access(CHROMIUM, os.X_OK):
        return f"chromium is not installed and `apt-get install chromium` failed: {r.stderr.strip()[-400:]}"
    return None


class Accessibility(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        why = ensure_chromium()
        if why:
            raise unittest.SkipTest(f"accessibility check skipped: {why}")
        cls.node = node_deps.ensure_node_modules()
        # With a relay configured, so that the e-mail subscription pages are served (and linked to).
        cls.key_dir = tempfile.mkdtemp(prefix="followup-a11y-key-")
        key_file = os.path.join(cls.key_dir, "link.key")
        with open(key_file, "w") as f:
            f.write(base64.b64encode(LINK_KEY).decode() + "\n")
        cls.stack = env.StatusStack(extra_args=[
            "--smtp-host", "127.0.0.1", "--smtp-port", str(env.free_port()), "--smtp-tls", "none",
            "--mail-from", "Stockholms stad <driftinformation@example.se>", "--mail-link-key-file", key_file])

    @classmethod
    def tearDownClass(cls):
        if getattr(cls, "stack", None):
            cls.stack.close()
        if getattr(cls, "key_dir", None):
            shutil.rmtree(cls.key_dir, ignore_errors=True)

    def build_scenario(self):
        """One service per level, plus an incident and an upcoming maintenance
        with long texts, and a service with more announcements than are shown,
        so every part of the page is rendered."""
        st = self.stack
        services = {
            "fungerar": "Ansök om förskoleplats",
            "begransad": "Bibliotekskonto",
            "storning": "Skolval",
            "underhall": "Boendeparkering",
            "okand": "Sök i Stadsarkivet",
            "kand-fel": "Felanmälan gata och park",
        }
        events = [env.service_event(sid, name) for sid, name in services.items()]
        events.append(env.service_event("utan-alternativ", "Anmälan till Kulturskolan", alternatives=[]))
        events += env.probe_minutes("fungerar", [0, 0, 0])
        events += env.probe_minutes("begransad", [0, 0, 1])
        events += env.probe_minutes("storning", [0, 3, 2])
        events += env.probe_minutes("underhall", [3, 3, 3])
        events += env.probe_minutes("kand-fel", [0, 0, 0])
        events += env.probe_minutes("utan-alternativ", [0, 0, 0], latency_ms=4500)
        # Targets, so that the board's report (/rapport) shows attainment of every kind.
        year = datetime.datetime.now(datetime.timezone.utc).year
        for n, (ind, value, tol) in enumerate([("qual.availability", 0.99, 0.005), ("qual.monitoring_coverage", 1, 0),
                                               ("ext.digital_share", 0.5, 0), ("qual.wcag_aa_share", 0.2, 0)]):
            events.append({"type": "target.v1", "event_id": f"mal-{n}", "occurred_at": f"{year}-01-10T09:00:00Z",
                           "indicator": ind, "scope": "city", "scope_id": "stockholm", "year": year, "value": value,
                           "tolerance": tol})
        st.produce(events)
        st.wait_services(list(services) + ["utan-alternativ"])
        now = datetime.datetime.now(datetime.timezone.utc)
        for body in [
            {"kind": "planned_maintenance", "service_ids": ["underhall"], "state": "scheduled",
             "starts_at": env.rfc3339(now - datetime.timedelta(minutes=30)),
             "ends_at": env.rfc3339(now + datetime.timedelta(hours=2)),
             "title_sv": "Uppgradering av parkeringssystemet",
             "body_sv": "Under underhållet kan du inte ansöka om boendeparkering. Ring Kontaktcenter om det är "
                        "bråttom."},
            {"kind": "planned_maintenance", "service_ids": ["fungerar", "storning"], "state": "scheduled",
             "starts_at": env.rfc3339(now + datetime.timedelta(days=3)),
             "ends_at": env.rfc3339(now + datetime.timedelta(days=3, hours=3)),
             "title_sv": "Planerad uppdatering av skolsystemen", "body_sv": "E-tjänsterna är stängda under kvällen."},
            {"kind": "incident", "service_ids": ["kand-fel"], "state": "identified",
             "starts_at": env.rfc3339(now - datetime.timedelta(minutes=20)), "ends_at": None,
             "title_sv": "Kartan visas inte", "body_sv": "Felanmälan fungerar men kartan laddas inte.\n"
                                                         "Beskriv platsen i fritext så länge."},
        ]:
            status, answer = st.admin("POST", "/api/v1/announcements", body)
            self.assertEqual(status, 202, answer)
        # More than five for one service: the page and the widget show five and link to the rest.
        for i in range(5):
            status, answer = st.admin("POST", "/api/v1/announcements", {
                "kind": "incident", "service_ids": ["kand-fel"], "state": "investigating",
                "starts_at": env.rfc3339(now - datetime.timedelta(minutes=10 + i)), "ends_at": None,
                "title_sv": f"Långsamma svar i del {i + 1} av kartan", "body_sv": "Vi undersöker felet."})
            self.assertEqual(status, 202, answer)
        env.wait_for("six announcements for kand-fel", lambda: st.service("kand-fel")["announcement_count"] == 6)
        env.wait_for("the link to the rest on the widget",
                     lambda: "Här visas 5 av 6" in st.request("GET", "/driftinformation/kand-fel")[2].decode())
        expected = {"fungerar": "operational", "begransad": "degraded", "storning": "outage",
                    "underhall": "maintenance", "okand": "unknown", "kand-fel": "degraded",
                    "utan-alternativ": "degraded"}
        for sid, level in expected.items():
            st.wait_level(sid, level)
        env.wait_for("the upcoming maintenance", lambda: st.json("/api/v1/status")["upcoming_maintenance"])
        return list(expected)

    def test_axe_finds_no_violations(self):
        sids = self.build_scenario()
        now = datetime.datetime.now(datetime.timezone.utc)
        quarter = f"{now.year}Q{(now.month - 1) // 3 + 1}"  # near enough: probes are from the last minutes
        history = [f"/driftinformation/{sid}/historik" for sid in sids] + ["/driftinformation/historik"]
        # The English page, archive, per-service pages and widgets (/en/status...).
        english = (["/en/status", "/en/status/history"] + [f"/en/status/{sid}" for sid in sids]
                   + [f"/en/status/{sid}/widget" for sid in sids])
        # The e-mail subscription pages: the form and the pages of a confirm and an unsubscribe link
        # (a GET only shows a button), in both languages.
        confirm = link_token("confirm", "em-0123456789abcdef", int(now.timestamp()) - 60)
        unsubscribe = link_token("unsubscribe", "em-0123456789abcdef", 1000)
        subscribe = ["/driftinformation/prenumerera", "/driftinformation/prenumerera?tjanst=storning",
                     "/en/status/subscribe", f"/driftinformation/prenumerera/bekrafta?t={confirm}",
                     f"/en/status/subscribe/unsubscribe?t={unsubscribe}"]
        paths = (["/driftinformation"] + [f"/driftinformation/{sid}" for sid in sids] + ["/rapport", f"/rapport/{quarter}"]
                 + history + english + subscribe)
        r = subprocess.run([self.node, "a11y.mjs", "--scheme=both", self.stack.base] + paths, cwd=UI,
                           capture_output=True, text=True, timeout=900, env=dict(os.environ, CHROMIUM=CHROMIUM))
        print(r.stdout)
        self.assertEqual(r.returncode, 0, f"axe reported violations or failed:\n{r.stdout}\n{r.stderr[-3000:]}")
        # Every page at two widths in two colour schemes, and the CSP check.
        self.assertEqual(r.stdout.count("ok   "), 2 * 2 * len(paths) + 1, r.stdout)
        self.assertEqual(r.stdout.count(", dark): 0 violations"), 2 * len(paths), r.stdout)
        # The history pages (and the status page that links to them) reflow at 320 CSS px.
        reflow = ["/driftinformation"] + history + english + subscribe
        r = subprocess.run([self.node, "reflow.mjs", self.stack.base] + reflow, cwd=UI, capture_output=True,
                           text=True, timeout=300, env=dict(os.environ, CHROMIUM=CHROMIUM))
        print(r.stdout)
        self.assertEqual(r.returncode, 0, f"a page scrolls sideways at 320 px:\n{r.stdout}\n{r.stderr[-3000:]}")
        self.assertEqual(r.stdout.count("ok   "), len(reflow), r.stdout)

    def test_page_refreshes_itself_with_javascript(self):
        self.stack.produce([env.service_event("js-uppdatering", "Tjänst för skripttest")])
        self.stack.wait_services(["js-uppdatering"])
        r = subprocess.run([self.node, "refresh.mjs", self.stack.base, "js-uppdatering"], cwd=UI, capture_output=True,
                           text=True, timeout=300, env=dict(os.environ, CHROMIUM=CHROMIUM, ADMIN_TOKEN=env.TOKEN))
        print(r.stdout)
        self.assertEqual(r.returncode, 0, f"{r.stdout}\n{r.stderr[-3000:]}")


# 200 e-services under 11 owners (i % 11), every one probed in the last
# minutes. Names: every 25th (i = 0, 25, ..., 175: 8 services) is a
# "Boendeparkering" one; i % 50 == 7 (7, 57, 107, 157: 4 services) an
# "Äldreomsorg" one; no other name contains either word. Service 199 has the
# demo's kind of very long one-word name. Levels: 3 degraded (one failing
# location in the last minute: i = 3, 4, 5), 1 outage (i = 9: all fail).
OWNERS = ["Arbetsmarknadsnämnden", "Exploateringsnämnden", "Idrottsnämnden", "Kulturnämnden",
          "Miljö- och hälsoskyddsnämnden", "Socialnämnden", "Stadsbyggnadsnämnden", "Trafiknämnden",
          "Utbildningsnämnden", "Äldrenämnden", "Östermalms stadsdelsnämnd"]
TOPICS = ["Ansök om bidrag", "Anmäl ändring", "Boka tid", "Beställ intyg", "Lämna synpunkter"]


def many_service_name(i):
    if i % 25 == 0:
        return f"Boendeparkering område {i}"
    if i % 50 == 7:
        return f"Äldreomsorg ansökan {i}"
    if i == 199:
        return "Bostadsanpassningsbidragsansökningshandläggningsstödsystemsinloggningssidan för e-tjänster"
    return f"{TOPICS[i % len(TOPICS)]} nummer {i}"


class ManyServices(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        why = ensure_chromium()
        if why:
            raise unittest.SkipTest(f"accessibility check skipped: {why}")
        cls.node = node_deps.ensure_node_modules()
        cls.stack = env.StatusStack()
        events = []
        for i in range(200):
            sid = f"tjanst-{i:03d}"
            e = env.service_event(sid, many_service_name(i))
            e["owner"] = OWNERS[i % len(OWNERS)]
            events.append(e)
            failing = [0, 0, 1] if i in (3, 4, 5) else [3, 3, 3] if i == 9 else [0, 0, 0]
            events += env.probe_minutes(sid, failing)
        cls.stack.produce(events)
        cls.stack.wait_services([f"tjanst-{i:03d}" for i in range(200)])
        cls.stack.wait_level("tjanst-009", "outage")
        cls.stack.wait_level("tjanst-005", "degraded")
        # Read now, while the probes of the last minutes still decide the levels.
        cls.page = cls.stack.request("GET", "/driftinformation")[2].decode()

    @classmethod
    def tearDownClass(cls):
        if getattr(cls, "stack", None):
            cls.stack.close()

    def run_node(self, *args, timeout=600):
        r = subprocess.run([self.node, *args], cwd=UI, capture_output=True, text=True, timeout=timeout,
                           env=dict(os.environ, CHROMIUM=CHROMIUM))
        print(r.stdout)
        return r

    def test_page_lists_every_service_grouped_by_owner(self):
        page = self.page
        self.assertEqual(page.count("<tr data-namn="), 200)
        self.assertEqual(page.count('<li data-grupp="grupp-'), 11)
        # 200 = 11 * 18 + 2: the owners of i % 11 in (0, 1) have 19, the others 18.
        self.assertIn('<a href="#grupp-arbetsmarknadsnamnden">Arbetsmarknadsnämnden (19)</a>', page)
        self.assertIn('<a href="#grupp-ostermalms-stadsdelsnamnd">Östermalms stadsdelsnämnd (18)</a>', page)
        # Swedish order: Äldrenämnden after Utbildningsnämnden, before Östermalms stadsdelsnämnd.
        self.assertLess(page.index('<h3 id="grupp-utbildningsnamnden">'), page.index('<h3 id="grupp-aldrenamnden">'))
        self.assertLess(page.index('<h3 id="grupp-aldrenamnden">'),
                        page.index('<h3 id="grupp-ostermalms-stadsdelsnamnd">'))
        # The four in trouble come first, before the list of all.
        self.assertIn("<strong>4 av 200 e-tjänster fungerar inte normalt just nu</strong>", page)
        self.assertLess(page.index("<h2 id=\"rubrik-just-nu\">"), page.index("<h2 id=\"rubrik-alla\">"))

    def test_axe_in_both_colour_schemes(self):
        r = self.run_node("a11y.mjs", "--scheme=both", self.stack.base, "/driftinformation", "/driftinformation/tjanst-009",
                          "/driftinformation/tjanst-009/historik", "/en/status", "/en/status/tjanst-009")
        self.assertEqual(r.returncode, 0, f"axe reported violations or failed:\n{r.stdout}\n{r.stderr[-3000:]}")
        self.assertEqual(r.stdout.count("ok   "), 2 * 2 * 5 + 1, r.stdout)

    def test_no_sideways_scrolling_at_320_px(self):
        # tjanst-199 has the 90-letter one-word name: its widget and history page too.
        r = self.run_node("reflow.mjs", self.stack.base, "/driftinformation", "/driftinformation/tjanst-199",
                          "/driftinformation/tjanst-199/historik", "/en/status", "/en/status/tjanst-199",
                          "/en/status/tjanst-199/widget", "/en/status/history")
        self.assertEqual(r.returncode, 0, f"a page scrolls sideways at 320 px:\n{r.stdout}\n{r.stderr[-3000:]}")
        self.assertEqual(r.stdout.count("ok   "), 7, r.stdout)

    def test_filter_is_progressive_enhancement(self):
        r = self.run_node("filter.mjs", self.stack.base, "PARKERING", "8")
        self.assertEqual(r.returncode, 0, f"{r.stdout}\n{r.stderr[-3000:]}")
        self.assertNotIn("FAIL", r.stdout)

    def test_filter_ignores_accents(self):
        # "aldreomsorg" finds the four "Äldreomsorg" services.
        r = self.run_node("filter.mjs", self.stack.base, "aldreomsorg", "4")
        self.assertEqual(r.returncode, 0, f"{r.stdout}\n{r.stderr[-3000:]}")


if __name__ == "__main__":
    unittest.main()
