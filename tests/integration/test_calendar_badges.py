"""Planned maintenance as a calendar and the status badges, end to end: the
real binary, the admin API, and two independent iCalendar readers (Debian's
python3-icalendar and ical.js, pinned in tests/ui) reading the same bytes.

Hostile text (CR/LF, commas, semicolons, backslashes, <script>) goes in
through the admin API and must come out of both readers exactly as written,
and inert in the SVG badges.
"""
import datetime
import json
import os
import subprocess
import tempfile
import unittest
import xml.etree.ElementTree as ET

import icalendar

import node_deps
import test_status as env  # the module, not its classes: unittest must not collect them twice here

UID_DOMAIN = "driftinformation.stockholm.se"
SVG = "{http://www.w3.org/2000/svg}"
HOSTILE_NAME = 'Bok<script>alert("x")</script> & "lån"; del 2, rum 3'
TITLE = 'Uppgradering; del 1, steg 2 <script>alert("x")</script>'
BODY = ("Rad ett\r\nRad två, med komma; och semikolon \\ snedstreck\nRad tre: "
        + "Under underhållet går det inte att söka förskoleplats, ändra ansökan eller se köplats. " * 3).strip()


def at(minutes):
    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0) + datetime.timedelta(minutes=minutes)


class Subscriptions(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.node = node_deps.ensure_node_modules()
        cls.stack = env.StatusStack()
        st = cls.stack
        st.produce([env.service_event("kal-skola", "Förskoleplats"), env.service_event("kal-bok", HOSTILE_NAME)])
        st.wait_services(["kal-skola", "kal-bok"])
        cls.starts, cls.ends = at(3 * 24 * 60), at(3 * 24 * 60 + 150)
        status, cls.upcoming = st.admin("POST", "/api/v1/announcements", {
            "kind": "planned_maintenance", "service_ids": ["kal-skola"], "state": "scheduled",
            "starts_at": env.rfc3339(cls.starts), "ends_at": env.rfc3339(cls.ends), "title_sv": TITLE, "body_sv": BODY})
        assert status == 202, cls.upcoming
        status, cls.now_on = st.admin("POST", "/api/v1/announcements", {
            "kind": "planned_maintenance", "service_ids": ["kal-bok"], "state": "scheduled",
            "starts_at": env.rfc3339(at(-30)), "ends_at": env.rfc3339(at(90)), "title_sv": "Byte av lånesystem",
            "body_sv": "Lån och reservationer går inte att göra."})
        assert status == 202, cls.now_on
        both = {"kind": "planned_maintenance", "service_ids": ["kal-skola", "kal-bok"], "state": "scheduled",
                "starts_at": env.rfc3339(at(5 * 24 * 60)), "ends_at": env.rfc3339(at(5 * 24 * 60 + 60)),
                "title_sv": "Nätverksarbete", "body_sv": "Kort avbrott."}
        status, cls.cancelled = st.admin("POST", "/api/v1/announcements", both)
        assert status == 202, cls.cancelled
        status, r2 = st.admin("PUT", f"/api/v1/announcements/{cls.cancelled['announcement_id']}",
                              dict(both, state="cancelled"))
        assert status == 202 and r2["revision"] == 2, r2
        status, _ = st.admin("POST", "/api/v1/announcements", {
            "kind": "incident", "service_ids": ["kal-skola"], "state": "investigating",
            "starts_at": env.rfc3339(at(-5)), "ends_at": None, "title_sv": "Ett fel, inte underhåll",
            "body_sv": "Vi undersöker."})
        assert status == 202
        st.wait_level("kal-bok", "maintenance")
        st.wait_level("kal-skola", "degraded")  # the open incident
        env.wait_for("the cancellation in the calendar",
                     lambda: b"SEQUENCE:2\r\n" in st.request("GET", "/driftinformation/underhall.ics")[2])

    @classmethod
    def tearDownClass(cls):
        cls.stack.close()

    def calendar(self, query=""):
        status, headers, body = self.stack.request("GET", "/driftinformation/underhall.ics" + query)
        self.assertEqual(status, 200, body[:300])
        self.assertEqual(headers["content-type"], "text/calendar; charset=utf-8")
        return headers, body

    def ical_js(self, body):
        with tempfile.NamedTemporaryFile("wb", suffix=".ics", delete=False) as f:
            f.write(body)
        try:
            r = subprocess.run([self.node, "ics.mjs", f.name], cwd=node_deps.UI, capture_output=True, text=True,
                               timeout=120)
        finally:
            os.unlink(f.name)
        self.assertEqual(r.returncode, 0, r.stderr)
        return {e["uid"]: e for e in json.loads(r.stdout)["events"]}

    def test_calendar_is_well_formed_rfc5545(self):
        headers, body = self.calendar()
        self.assertTrue(headers.get("etag", "").startswith('"'))
        self.assertTrue(body.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:"), body[:80])
        self.assertTrue(body.endswith(b"END:VCALENDAR\r\n"))
        self.assertIn(b"\r\nCALSCALE:GREGORIAN\r\n", body)
        self.assertNotIn(b"\n", body.replace(b"\r\n", b""), "every line ends in CRLF, no bare LF")
        self.assertNotIn(b"\r", body.replace(b"\r\n", b""), "no bare CR")
        lines = body.split(b"\r\n")[:-1]
        self.assertTrue(any(line.startswith(b" ") for line in lines), "the long description is folded")
        for line in lines:
            self.assertLessEqual(len(line), 75, line)
            content = line[1:] if line.startswith(b" ") else line
            if content:
                self.assertNotEqual(content[0] & 0xC0, 0x80, f"a fold cut a UTF-8 sequence: {line!r}")
            line.decode("utf-8")  # each physical line is whole UTF-8
        # 304 on the tag; the page links to the calendar.
        status, _, again = self.stack.request("GET", "/driftinformation/underhall.ics",
                                              headers={"If-None-Match": headers["etag"]})
        self.assertEqual((status, again), (304, b""))
        page = self.stack.request("GET", "/driftinformation")[2].decode()
        self.assertIn('<a href="/driftinformation/underhall.ics">Prenumerera på planerat underhåll</a>', page)

    def expected(self):
        """uid -> what both readers must read back."""
        ids = {a["announcement_id"]: a for a in (self.upcoming, self.now_on, self.cancelled)}
        self.assertEqual(len(ids), 3)
        return {
            f"{self.upcoming['announcement_id']}@{UID_DOMAIN}": {
                "sequence": 1, "status": "CONFIRMED", "summary": TITLE,
                "description": BODY.replace("\r\n", "\n") + "\n\nBerör: Förskoleplats",
                "dtstart": env.rfc3339(self.starts), "dtend": env.rfc3339(self.ends)},
            f"{self.now_on['announcement_id']}@{UID_DOMAIN}": {
                "sequence": 1, "status": "CONFIRMED", "summary": "Byte av lånesystem",
                "description": f"Lån och reservationer går inte att göra.\n\nBerör: {HOSTILE_NAME}"},
            f"{self.cancelled['announcement_id']}@{UID_DOMAIN}": {
                "sequence": 2, "status": "CANCELLED", "summary": "Inställt: Nätverksarbete",
                "description": f"Kort avbrott.\n\nBerör: Förskoleplats, {HOSTILE_NAME}"},
        }

    def test_python_icalendar_reads_every_maintenance_back(self):
        _, body = self.calendar()
        cal = icalendar.Calendar.from_ical(body)
        self.assertEqual(str(cal["VERSION"]), "2.0")
        events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
        expected = self.expected()
        self.assertEqual(set(events), set(expected), "one event per planned maintenance, no incident")
        for uid, want in expected.items():
            e = events[uid]
            self.assertEqual(int(e["SEQUENCE"]), want["sequence"], uid)
            self.assertEqual(str(e["STATUS"]), want["status"], uid)
            self.assertEqual(str(e["SUMMARY"]), want["summary"], uid)
            self.assertEqual(str(e["DESCRIPTION"]), want["description"], uid)
            start, end = e.decoded("DTSTART"), e.decoded("DTEND")
            self.assertEqual(start.utcoffset(), datetime.timedelta(0), uid)
            self.assertLess(start, end, uid)
            self.assertEqual(e.decoded("DTSTAMP").utcoffset(), datetime.timedelta(0), uid)
            if "dtstart" in want:
                self.assertEqual(env.rfc3339(start), want["dtstart"])
                self.assertEqual(env.rfc3339(end), want["dtend"])

    def test_ical_js_reads_the_same(self):
        _, body = self.calendar()
        events = self.ical_js(body)
        expected = self.expected()
        self.assertEqual(set(events), set(expected))
        for uid, want in expected.items():
            e = events[uid]
            for field in ("sequence", "status", "summary", "description", "dtstart", "dtend"):
                if field in want:
                    self.assertEqual(e[field], want[field], f"{uid} {field}")
            self.assertEqual(e["zone"], "UTC", uid)
            self.assertEqual(e["transp"], "TRANSPARENT", uid)

    def test_calendar_of_one_service(self):
        _, body = self.calendar("?service=kal-bok")
        uids = set(self.ical_js(body))
        self.assertEqual(uids, {f"{self.now_on['announcement_id']}@{UID_DOMAIN}",
                                f"{self.cancelled['announcement_id']}@{UID_DOMAIN}"})
        cal = icalendar.Calendar.from_ical(body)
        self.assertEqual(str(cal["X-WR-CALNAME"]), f"Planerat underhåll – {HOSTILE_NAME}")
        for query in ("?service=finns-inte", "?service=", "?service=kal-bok%0D%0AX:%20y"):
            status, _, answer = self.stack.request("GET", "/driftinformation/underhall.ics" + query)
            self.assertEqual(status, 404, query)
            self.assertNotIn(b"finns-inte", answer)

    def badge(self, path):
        status, headers, body = self.stack.request("GET", path)
        self.assertEqual(status, 200, body[:300])
        self.assertEqual(headers["content-type"], "image/svg+xml; charset=utf-8")
        self.assertIn("max-age=", headers["cache-control"])
        self.assertTrue(headers["etag"].startswith('"'))
        self.assertIn("default-src 'none'", headers["content-security-policy"])
        status, _, again = self.stack.request("GET", path, headers={"If-None-Match": headers["etag"]})
        self.assertEqual((status, again), (304, b""))
        return body, ET.fromstring(body)

    def test_badges_say_the_level_in_words(self):
        for path, name, words in [("/driftinformation/kal-bok/badge.svg", HOSTILE_NAME, "Planerat underhåll"),
                                  ("/en/status/kal-bok/badge.svg", HOSTILE_NAME, "Planned maintenance"),
                                  ("/driftinformation/kal-skola/badge.svg", "Förskoleplats", "Begränsad funktion"),
                                  ("/en/status/kal-skola/badge.svg", "Förskoleplats", "Limited functionality")]:
            body, svg = self.badge(path)
            self.assertEqual(svg.tag, SVG + "svg", path)
            self.assertEqual(svg.get("role"), "img", path)
            self.assertEqual(svg.get("aria-label"), f"{name}: {words}", path)
            self.assertEqual(svg.find(SVG + "title").text, f"{name}: {words}", path)
            texts = [t.text for t in svg.iter(SVG + "text")]
            self.assertIn(words, texts, path)
            # Hostile names are text: no element or attribute comes from them.
            self.assertNotIn(b"<script", body, path)
            self.assertEqual({el.tag for el in svg.iter()} - {SVG + t for t in ("svg", "title", "g", "rect", "text")},
                             set(), path)

    def test_unknown_badge_is_404(self):
        for path in ("/driftinformation/finns-inte/badge.svg", "/en/status/finns-inte/badge.svg",
                     "/driftinformation/%3Cscript%3E/badge.svg"):
            status, _, body = self.stack.request("GET", path)
            self.assertEqual(status, 404, path)
            self.assertNotIn(b"finns-inte", body)
            self.assertNotIn(b"<script", body)


if __name__ == "__main__":
    unittest.main()
