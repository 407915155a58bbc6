"""The citizens' history end to end (status.md "History"): the real binary and
a standalone mock Kafka broker (test_status.StatusStack), events with event
times in the past, and every history surface over HTTP: the daily history,
the announcement archive with its updates, the response times, the service's
history page and the archive page; bad input, unknown services, hostile text.
"""
import datetime
import json
import unittest
import zoneinfo

import test_status as env  # the module, not its classes: unittest must not collect them twice here

STHLM = zoneinfo.ZoneInfo("Europe/Stockholm")
UTC = datetime.timezone.utc
HOSTILE = 'Fel <script>alert("historik")</script>\r\n"citat" & \'apostrof\' <img src=x onerror=alert(1)>'


def local_midnight(day):
    return datetime.datetime(day.year, day.month, day.day, tzinfo=STHLM).astimezone(UTC)


def probe(sid, loc, ok, at, latency_ms=100):
    return {"type": "probe.v1", "event_id": f"hp-{sid}-{loc}-{env.rfc3339(at)}-{ok}-{latency_ms}",
            "occurred_at": env.rfc3339(at), "service_id": sid, "location": loc, "ok": ok, "latency_ms": latency_ms}


def announcement(aid, rev, state, sid, starts, ends, occurred, title, body, kind="incident"):
    return {"type": "announcement.v1", "event_id": f"ha-{aid}-{rev}", "occurred_at": env.rfc3339(occurred),
            "announcement_id": aid, "revision": rev, "kind": kind, "service_ids": [sid], "state": state,
            "starts_at": env.rfc3339(starts), "ends_at": env.rfc3339(ends) if ends else None,
            "title_sv": title, "body_sv": body, "title_en": f"{title} (en)", "body_en": "In English."}


class HistoryIntegration(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.stack = env.StatusStack()
        st = cls.stack
        now = datetime.datetime.now(UTC)
        cls.today = now.astimezone(STHLM).date()
        cls.two_days_ago = cls.today - datetime.timedelta(days=2)
        ten = local_midnight(cls.two_days_ago) + datetime.timedelta(hours=10)  # 10:00 local, two days ago
        events = [env.service_event("parkering", "Boendeparkering"), env.service_event("annan", "Annan e-tjänst")]
        # Two days ago at 10:00 local every location fails (down), at 10:01 all pass (up).
        for loc in ["kista", "liljeholmen", "skarholmen"]:
            events.append(probe("parkering", loc, False, ten + datetime.timedelta(seconds=5)))
            events.append(probe("parkering", loc, True, ten + datetime.timedelta(minutes=1, seconds=5)))
        # Response times in the last hour: kista 100 and 151 ms in one minute, farsta 80 ms.
        recent = now.replace(second=0, microsecond=0) - datetime.timedelta(minutes=30)
        events += [probe("parkering", "kista", True, recent + datetime.timedelta(seconds=5), 100),
                   probe("parkering", "kista", True, recent + datetime.timedelta(seconds=35), 151),
                   probe("parkering", "farsta", True, recent + datetime.timedelta(seconds=10), 80)]
        # An incident two days ago with three revisions, hostile text in the last one.
        s = ten - datetime.timedelta(minutes=5)
        events += [
            announcement("hist-inc", 1, "investigating", "parkering", s, None, s + datetime.timedelta(minutes=1),
                         "Boendeparkering går inte att nå", "Vi undersöker felet."),
            announcement("hist-inc", 3, "resolved", "parkering", s, ten + datetime.timedelta(minutes=1),
                         s + datetime.timedelta(minutes=30), HOSTILE, "Rad ett\r\nRad två " + HOSTILE),
            announcement("hist-inc", 2, "identified", "parkering", s, None, s + datetime.timedelta(minutes=10),
                         "Felet är hittat", "Vi åtgärdar felet."),
            announcement("annan-inc", 1, "resolved", "annan", s - datetime.timedelta(days=1),
                         s - datetime.timedelta(days=1) + datetime.timedelta(hours=1),
                         s - datetime.timedelta(days=1) + datetime.timedelta(hours=1),
                         "Bara den andra tjänsten", "Gäller inte boendeparkering."),
        ]
        st.produce(events)
        st.wait_services(["parkering", "annan"])
        env.wait_for("the incident's three revisions", lambda: any(
            a["announcement_id"] == "hist-inc" and len(a["updates"]) == 3
            for a in st.json("/api/v1/announcements")["announcements"]))
        env.wait_for("the response times", lambda: len(
            st.json("/api/v1/status/parkering/response-times")["locations"]) == 2)

    @classmethod
    def tearDownClass(cls):
        cls.stack.close()

    def test_daily_history(self):
        st = self.stack
        h = st.json("/api/v1/status/parkering/history")
        self.assertEqual(h["service_id"], "parkering")
        days = h["days"]
        self.assertEqual(len(days), 90)
        self.assertEqual(days[-1]["date"], self.today.isoformat())
        self.assertEqual(days[0]["date"], (self.today - datetime.timedelta(days=89)).isoformat())
        for d in days[:-1]:
            # Every past day holds all its minutes: 23, 24 or 25 hours of them.
            start = datetime.date.fromisoformat(d["date"])
            length = (local_midnight(start + datetime.timedelta(days=1)) - local_midnight(start)).total_seconds() / 60
            self.assertEqual(sum(d["minutes"].values()), length, d)
        by_date = {d["date"]: d for d in days}
        d = by_date[self.two_days_ago.isoformat()]
        self.assertEqual(d["minutes"]["down"], 1)
        self.assertEqual(d["minutes"]["up"], 1)
        self.assertEqual(d["availability"], 0.5)
        self.assertEqual(d["announcements"], ["hist-inc"])
        self.assertNotIn("annan-inc", json.dumps(h))
        empty = by_date[(self.today - datetime.timedelta(days=30)).isoformat()]
        self.assertIsNone(empty["availability"])
        self.assertEqual(empty["minutes"]["unknown"], sum(empty["minutes"].values()))
        # Today counts the minutes that have ended.
        now = datetime.datetime.now(UTC)
        ended = (now.replace(second=0, microsecond=0) - local_midnight(self.today)).total_seconds() / 60
        self.assertLessEqual(abs(sum(days[-1]["minutes"].values()) - ended), 2)
        self.assertEqual(len(st.json("/api/v1/status/parkering/history?days=1")["days"]), 1)
        self.assertEqual(len(st.json("/api/v1/status/parkering/history?days=400")["days"]), 400)

    def test_bad_input_and_unknown_services(self):
        st = self.stack
        for q in ["days=0", "days=401", "days=abc", "days=", "days=1.5", "days=-1", "days=%2B5", "days=9999999999"]:
            status, headers, body = st.request("GET", f"/api/v1/status/parkering/history?{q}")
            self.assertEqual(status, 400, q)
            self.assertTrue(headers["content-type"].startswith("application/json"), q)
            self.assertIn("error", json.loads(body), q)
        for q in ["limit=101", "limit=0", "limit=x", "before=igar", "before=2026-11-26T10:00:00", "before=2026-13-01T00:00:00Z"]:
            status, _, body = st.request("GET", f"/api/v1/announcements?{q}")
            self.assertEqual(status, 400, q)
            self.assertIn("error", json.loads(body), q)
        for path in ["/api/v1/status/finns-inte/history", "/api/v1/status/finns-inte/response-times",
                     "/api/v1/status/historik/history"]:
            status, headers, body = st.request("GET", path)
            self.assertEqual(status, 404, path)
            self.assertIn("error", json.loads(body), path)
        for path in ["/driftinformation/finns-inte/historik", "/driftinformation/historik/historik"]:
            status, headers, body = st.request("GET", path)
            self.assertEqual(status, 404, path)
            self.assertTrue(headers["content-type"].startswith("text/html"), path)
            self.assertIn(b'<html lang="sv">', body)
            self.assertNotIn(b"finns-inte", body)
        status, headers, _ = st.request("GET", "/driftinformation/historik?before=inte-ett-datum")
        self.assertEqual(status, 400)

    def test_announcements_with_updates_and_paging(self):
        st = self.stack
        a = st.json("/api/v1/announcements")
        item = next(x for x in a["announcements"] if x["announcement_id"] == "hist-inc")
        self.assertEqual(item["state"], "resolved")
        self.assertEqual(item["revision"], 3)
        self.assertEqual(item["service_ids"], ["parkering"])
        self.assertEqual([u["revision"] for u in item["updates"]], [1, 2, 3])
        self.assertEqual([u["state"] for u in item["updates"]], ["investigating", "identified", "resolved"])
        self.assertEqual(item["updates"][0]["title_sv"], "Boendeparkering går inte att nå")
        self.assertEqual(item["updates"][1]["title_en"], "Felet är hittat (en)")
        self.assertEqual(item["updates"][2]["title_sv"], HOSTILE)  # JSON keeps the text, escaped
        starts = [x["starts_at"] for x in a["announcements"]]
        self.assertEqual(starts, sorted(starts, reverse=True))
        # Paging: one a page, the second page starts before the first one's starts_at.
        p1 = st.json("/api/v1/announcements?limit=1")
        self.assertEqual(len(p1["announcements"]), 1)
        self.assertIsNotNone(p1["next_before"])
        p2 = st.json(f"/api/v1/announcements?limit=1&before={p1['next_before']}")
        self.assertEqual(len(p2["announcements"]), 1)
        self.assertLess(p2["announcements"][0]["starts_at"], p1["announcements"][0]["starts_at"])
        self.assertEqual({p1["announcements"][0]["announcement_id"], p2["announcements"][0]["announcement_id"]},
                         {"hist-inc", "annan-inc"})
        self.assertIsNone(p2["next_before"])
        # An unencoded "+01:00" arrives as a space and is still read.
        status, _, _ = st.request("GET", "/api/v1/announcements?before=2030-01-01T00:00:00+01:00")
        self.assertEqual(status, 200)

    def test_response_times(self):
        rt = self.stack.json("/api/v1/status/parkering/response-times")
        self.assertEqual(rt["bucket_minutes"], 15)
        self.assertEqual(rt["latency_threshold_ms"], 2000)
        locs = {s["location"]: s for s in rt["locations"]}
        self.assertEqual(set(locs), {"farsta", "kista"})
        kista = [b for b in locs["kista"]["buckets"] if b["passed"]]
        self.assertEqual(len(kista), 1)
        self.assertEqual(kista[0]["mean_ms"], 126)  # (100 + 151) / 2 = 125.5, half up
        self.assertEqual([b["mean_ms"] for b in locs["farsta"]["buckets"] if b["passed"]], [80])
        # 24 h of 15-minute buckets aligned to the clock: 96, or 97 with a partial one at each end.
        self.assertIn(len(locs["kista"]["buckets"]), (96, 97))

    def test_pages_render_and_link(self):
        st = self.stack
        status, headers, page = st.request("GET", "/driftinformation/parkering/historik")
        self.assertEqual(status, 200)
        self.assertIn(b'<html lang="sv">', page)
        self.assertEqual(headers["x-frame-options"], "DENY")
        text = page.decode()
        self.assertIn("Så har Boendeparkering fungerat", text)
        self.assertIn("<svg class=\"chart\"", text)
        self.assertIn("Mätpunkt kista", text)
        self.assertEqual(text.count('<span class="bar lvl-'), 90)
        self.assertIn("tillgänglighet 50,00 %", text)   # the day with one down and one up minute, in words
        self.assertIn("Så har det gått", text)          # the update timeline
        self.assertIn("Felet är hittat", text)
        self.assertNotIn("Bara den andra tjänsten", text)  # nothing of another service
        status, _, archive = st.request("GET", "/driftinformation/historik")
        self.assertEqual(status, 200)
        self.assertIn(b'id="m-hist-inc"', archive)
        self.assertIn("Bara den andra tjänsten".encode(), archive)
        # The permalink of an announcement opens a page that shows it.
        link = next(x for x in st.json("/api/v1/announcements")["announcements"]
                    if x["announcement_id"] == "annan-inc")["url"]
        status, _, linked = st.request("GET", link.split("#")[0])
        self.assertEqual(status, 200)
        self.assertIn(b'id="m-annan-inc"', linked)
        self.assertNotIn(b'id="m-hist-inc"', linked)  # it started later
        # Linked from the status page and the widget.
        self.assertIn(b'href="/driftinformation/parkering/historik"', st.request("GET", "/driftinformation")[2])
        self.assertIn(b'href="/driftinformation/parkering/historik"',
                      st.request("GET", "/driftinformation/parkering")[2])

    def test_english_pages(self):
        st = self.stack
        # Every English page answers in English and links to its Swedish page
        # (hreflang and a visible link), and the Swedish page links back.
        pairs = [("/en/status", "/driftinformation"),
                 ("/en/status/parkering", "/driftinformation/parkering/historik"),
                 ("/en/status/history", "/driftinformation/historik"),
                 ("/en/status/parkering/widget", "/driftinformation/parkering")]
        for en, sv in pairs:
            status, headers, page = st.request("GET", en)
            self.assertEqual(status, 200, en)
            self.assertTrue(headers["content-type"].startswith("text/html"), en)
            self.assertIn(b'<html lang="en">', page, en)
            self.assertIn(f'<a href="{sv}" hreflang="sv" lang="sv">På svenska</a>'.encode(), page, en)
            self.assertIn(f'<link rel="alternate" hreflang="sv" href="{sv}">'.encode(), page, en)
            self.assertTrue(headers["etag"].startswith('"'), en)
            status, _, swedish = st.request("GET", sv)
            self.assertEqual(status, 200, sv)
            self.assertIn(f'<a href="{en}" hreflang="en" lang="en">In English</a>'.encode(), swedish, sv)
        # The English widget may be framed, like the Swedish one; the pages may not.
        self.assertNotIn("x-frame-options", st.request("GET", "/en/status/parkering/widget")[1])
        self.assertEqual(st.request("GET", "/en/status/parkering")[1]["x-frame-options"], "DENY")
        text = st.request("GET", "/en/status/parkering")[2].decode()
        # The catalog's names are Swedish: marked lang="sv" on English pages
        # (the heading, the alternatives' labels), never on Swedish ones.
        self.assertIn('<h1>How <span lang="sv">Boendeparkering</span> has worked</h1>', text)
        self.assertIn('Phone:</strong> <span lang="sv">Kontaktcenter Stockholm</span>, ', text)
        self.assertNotIn('<span lang="sv">', st.request("GET", "/driftinformation/parkering/historik")[2].decode())
        home = st.request("GET", "/en/status")[2].decode()
        self.assertIn('<a href="https://start.stockholm/parkering/" lang="sv">Boendeparkering</a>', home)
        self.assertIn(' of <span lang="sv">Boendeparkering</span></span>', home)  # the history link's name
        self.assertIn('<h3 id="grupp-kulturnamnden"><span lang="sv">Kulturnämnden</span> <span class="count">',
                      home)
        self.assertIn('<h3><span lang="sv">Boendeparkering</span></h3>', home)  # its card: not operational
        widget = st.request("GET", "/en/status/parkering/widget")[2].decode()
        self.assertIn('<h1>Service status: <span lang="sv">Boendeparkering</span></h1>', widget)
        self.assertIn("availability 50.00 %", text)      # the day with one down and one up minute
        self.assertIn("Measuring point kista", text)
        self.assertIn("Felet är hittat (en)", text)      # the update's title_en
        self.assertIn("How it went", text)
        self.assertNotIn("Bara den andra tjänsten", text)
        self.assertNotIn("Så har", text)
        archive = st.request("GET", "/en/status/history")[2].decode()
        self.assertIn('id="m-annan-inc"', archive)
        self.assertIn("Bara den andra tjänsten (en)", archive)
        self.assertIn("In English.", archive)
        self.assertIn('href="/en/status/parkering"', st.request("GET", "/en/status")[2].decode())
        # Hostile text (in title_en too) stays inert.
        for path in ["/en/status", "/en/status/parkering", "/en/status/history"]:
            raw = st.request("GET", path)[2]
            self.assertNotIn(b"<script>alert", raw, path)
            self.assertNotIn(b"<img src=x", raw, path)
        # An unknown service: 404 in English, the id not echoed; "history" is the archive.
        for path in ["/en/status/finns-inte", "/en/status/finns-inte/widget"]:
            status, headers, body = st.request("GET", path)
            self.assertEqual(status, 404, path)
            self.assertTrue(headers["content-type"].startswith("text/html"), path)
            self.assertIn(b'<html lang="en">', body, path)
            self.assertIn(b"Unknown e-service", body, path)
            self.assertNotIn(b"finns-inte", body, path)
        status, _, body = st.request("GET", "/en/status/history?before=not-a-date")
        self.assertEqual(status, 400)
        self.assertIn(b'<html lang="en">', body)
        # The English badge.
        status, headers, badge = st.request("GET", "/en/status/parkering/badge.svg")
        self.assertEqual(status, 200)
        self.assertTrue(headers["content-type"].startswith("image/svg+xml"))

    def test_hostile_text_is_inert(self):
        st = self.stack
        for path in ["/driftinformation/parkering/historik", "/driftinformation/historik", "/api/v1/announcements"]:
            status, _, raw = st.request("GET", path)
            self.assertEqual(status, 200, path)
            self.assertIn(b"historik", raw, path)
            self.assertNotIn(b"<script>alert", raw, path)
            self.assertNotIn(b"<img src=x", raw, path)
            self.assertNotIn(b'"citat"', raw.replace(b'\\"citat\\"', b""), path)
        raw = st.request("GET", "/driftinformation/historik")[2]
        self.assertIn(b"&lt;script&gt;alert(&quot;historik&quot;)&lt;/script&gt;", raw)
        self.assertIn("Rad ett<br>Rad två".encode(), raw)
        raw = st.request("GET", "/api/v1/announcements")[2]
        self.assertNotIn(b"\r", raw)
        self.assertIn(b"\\u003cscript\\u003e", raw)

    def test_etags_and_cors(self):
        st = self.stack
        for path in ["/api/v1/status/parkering/history?days=7", "/driftinformation/historik"]:
            status, headers, _ = st.request("GET", path)
            self.assertEqual(status, 200)
            etag = headers["etag"]
            status, _, body = st.request("GET", path, headers={"If-None-Match": etag})
            if status == 200:  # a minute passed between the two requests
                status, _, body = st.request("GET", path, headers={"If-None-Match": st.request("GET", path)[1]["etag"]})
            self.assertEqual(status, 304, path)
            self.assertEqual(body, b"")
        status, headers, _ = st.request("GET", "/api/v1/status/parkering/history")
        self.assertEqual(headers["access-control-allow-origin"], "*")
        status, headers, _ = st.request("OPTIONS", "/api/v1/status/parkering/history",
                                        headers={"Origin": "https://example.org",
                                                 "Access-Control-Request-Method": "GET"})
        self.assertEqual(status, 204)
        self.assertEqual(st.request("GET", "/api/v1/announcements")[1]["access-control-allow-origin"], "*")
        self.assertEqual(st.request("POST", "/driftinformation/historik", b"{}")[0], 405)


if __name__ == "__main__":
    unittest.main()
