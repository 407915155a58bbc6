"""The board's report printed as a board member would: /rapport/{quarter} to PDF
with Debian's chromium, checked with poppler-utils.

Scenario: 200 e-services with long names (one a single 90-letter word) under
seven owners with long names, probes, usage, costs and survey answers in
2026Q2 and 2026Q3, and targets for 2026. The PDF of /rapport/2026Q3 must:
- hold every value of the city and owner tables (as the page writes them);
- be A4 portrait on every page (595 x 842 pt) with no word outside the page
  (pdftotext -bbox), so nothing is clipped;
- stay within MAX_PAGES pages;
- show "Sida n av m" on every page, with m the page count;
- show the summary on page 1 (the targets per perspective).
Page 1 is also rendered to PNG (pdftoppm) in the temp dir for a person to look at
(FOLLOWUP_KEEP_TMP=1 keeps it).
"""
import json
import os
import re
import shutil
import subprocess
import unittest
from decimal import Decimal, ROUND_HALF_UP

import harness as h

CHROMIUM = "/usr/bin/chromium"
QUARTER = "2026Q3"
SERVICES = 200
MAX_PAGES = 90  # measured 73: 200 e-services with ~130-character names, ~10 indicators each, grouped per e-service
OWNERS = [
    "Stadsdelsnämnden i Hässelby-Vällingby med ansvar för äldreomsorg, förskola och socialtjänst i västerort",
    "Utbildningsnämnden",
    "Trafiknämnden och exploateringsnämnden i samverkan om gator, parker och stadsutveckling",
    "Kulturnämnden",
    "Socialnämnden",
    "Överförmyndarnämnden",
    "Äldrenämnden",
]
LONG_WORD = "Bostadsanpassningsbidragsansökningshandläggningsstödssystemsintegrationsplattformsförvaltningen"


def service_name(i):
    if i == 0:
        return LONG_WORD
    first = ["Ansök om", "Anmäl", "Boka", "Sök", "Ändra", "Överklaga", "Åtgärda", "Zonplanera"][i % 8]
    return (f"{first} tjänst nummer {i:03d} för ansökan om bostadsanpassningsbidrag och tillhörande handläggning "
            f"inom stadsdelsförvaltningarnas ansvarsområde")


def ev(event_type, eid, at, **fields):
    return dict({"type": event_type, "event_id": eid, "occurred_at": at}, **fields)


def scenario():
    """(topic, key, event) triples."""
    out = []
    for i in range(SERVICES):
        sid = f"tjanst-{i:03d}"
        out.append(("followup.catalog", sid, ev(
            "service.v1", f"cat-{sid}", "2026-01-01T00:00:00Z", service_id=sid, name=service_name(i),
            owner=OWNERS[i % len(OWNERS)], category=["grundlaggande", "differentierande", "innovativt"][i % 3],
            focus_area=i % 5 + 1, url=f"https://start.stockholm/{sid}/",
            alternatives=[{"channel": "phone", "label": "Kontaktcenter Stockholm", "contact": "08-508 00 508"}],
            presents_case_status=i % 2 == 0, wcag_aa=i % 3 != 0, investment_sek=100000)))
        for q, month, day in (("q2", "05", "2026-05-05"), ("q3", "08", "2026-08-05")):
            for m in range(3):
                at = f"{day}T10:0{m}:10Z"
                ok = not (q == "q3" and i % 10 == 0 and m == 0)
                out.append(("followup.probes", sid, ev("probe.v1", f"p-{sid}-{q}-{m}", at, service_id=sid,
                                                       location="kista", ok=ok, latency_ms=100)))
            start, end = (("2026-05-01T00:00:00+02:00", "2026-06-01T00:00:00+02:00") if q == "q2" else
                          ("2026-08-01T00:00:00+02:00", "2026-09-01T00:00:00+02:00"))
            digital = 100 + i + (50 if q == "q3" else 0)
            out.append(("followup.usage", sid, ev("usage.v1", f"u-{sid}-{q}-d", day + "T12:00:00Z", service_id=sid,
                                                  period_start=start, period_end=end, channel="digital",
                                                  cases=digital, cases_with_contact_details=digital // 2)))
            out.append(("followup.usage", sid, ev("usage.v1", f"u-{sid}-{q}-p", day + "T12:00:00Z", service_id=sid,
                                                  period_start=start, period_end=end, channel="phone", cases=40)))
            out.append(("followup.finance", sid, ev("cost.v1", f"c-{sid}-{q}", day + "T12:00:00Z", service_id=sid,
                                                    month=f"2026-{month}", kind="operations",
                                                    amount_sek=10000 + 37 * i, funding="portfolio" if i % 4 else "line")))
    # Survey answers: 60 city-wide drift_info answers, and 12 satisfaction answers (a small sample).
    for n in range(60):
        out.append(("followup.surveys", "city", ev("survey.v1", f"s-d-{n}", "2026-08-10T10:00:00Z",
                                                   survey_id="enkat-2026", respondent_group="citizen", service_id=None,
                                                   question="drift_info_found", score=4 if n % 3 else 2, scale_max=5)))
    for n in range(12):
        out.append(("followup.surveys", "tjanst-001", ev("survey.v1", f"s-s-{n}", "2026-08-10T10:00:00Z",
                                                         survey_id="enkat-2026", respondent_group="citizen",
                                                         service_id="tjanst-001", question="satisfaction", score=5,
                                                         scale_max=5)))
    targets = [("qual.availability", "city", "stockholm", 0.99, 0.005), ("ext.digital_share", "city", "stockholm", 0.8, 0.05),
               ("cost.total_sek", "city", "stockholm", 2000000, 0), ("qual.incidents", "city", "stockholm", 0, 0),
               ("qual.drift_info_found_share", "city", "stockholm", 0.7, 0.05),
               ("ext.satisfied_share", "city", "stockholm", 0.9, 0)]
    targets += [("qual.availability", "owner", o, 0.995, 0.01) for o in OWNERS]
    for n, (ind, scope, sid, value, tol) in enumerate(targets):
        out.append(("followup.catalog", ind, ev("target.v1", f"t{n}", "2026-01-10T09:00:00Z", indicator=ind,
                                                scope=scope, scope_id=sid, year=2026, value=value, tolerance=tol)))
    return out


def swedish(value, share):
    """The page's number style (indicator_texts.cpp SwedishValue) without the unit."""
    d = Decimal(value) * (100 if share else 1)
    d = d.quantize(Decimal("0.1") if share else Decimal("1"), rounding=ROUND_HALF_UP)
    sign = "−" if d < 0 else ""
    ip, _, fp = str(abs(d)).partition(".")
    groups = []
    while ip:
        groups.insert(0, ip[-3:])
        ip = ip[:-3]
    return sign + " ".join(groups) + ("," + fp if fp else "")


PERCENT_UNIT = re.compile(r"(_share|availability|monitoring_coverage|license_utilization|benefit_to_investment)$")


class ReportPrint(h.IntegrationCase):
    def test_report_prints_on_a4(self):
        for tool in ("pdftotext", "pdfinfo", "pdftoppm"):
            if not shutil.which(tool):
                self.fail(f"{tool} missing: scripts/install-deps installs poppler-utils")
        if not os.access(CHROMIUM, os.X_OK):
            self.skipTest("chromium is not installed (scripts/install-deps installs it)")
        broker = self.start_broker(partitions=2)
        events = scenario()
        by_topic = {}
        for topic, key, e in events:
            by_topic.setdefault(topic, []).append((key, json.dumps(e, ensure_ascii=False)))
        for topic, recs in by_topic.items():
            h.kcat_produce(broker.address, topic, recs)
        svc = self.start_serve(self.path("data"), broker.address)
        svc.wait_caught_up(len(events), timeout=180)

        status, body = svc.get(f"/api/v1/ils/{QUARTER}.json")
        self.assertEqual(status, 200)
        rows = [r for r in json.loads(body)["rows"] if r["scope"] in ("city", "owner")]
        self.assertGreater(len(rows), 20)
        status, page = svc.get(f"/rapport/{QUARTER}")
        self.assertEqual(status, 200)
        self.assertNotIn(b"<script", page)

        pdf = self.path("rapport.pdf")
        cp = h.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--no-pdf-header-footer", f"--print-to-pdf={pdf}", f"{svc.url}/rapport/{QUARTER}"], timeout=240)
        self.assertTrue(os.path.exists(pdf), cp.stderr[-2000:])

        info = h.run(["pdfinfo", "-f", "1", "-l", "9999", pdf], check=True).stdout.decode()
        pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
        print(f"{pages} pages")
        self.assertLessEqual(pages, MAX_PAGES)
        sizes = re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info, re.M)
        self.assertEqual(len(sizes), pages)
        for w, hgt in sizes:
            self.assertTrue(594 <= float(w) <= 596 and 841 <= float(hgt) <= 843, (w, hgt))

        text = h.run(["pdftotext", "-layout", pdf, "-"], check=True).stdout.decode()
        flat = re.sub(r"[\s\u00a0\u202f]+", " ", text)
        for r in rows:
            want = swedish(r["value"], bool(PERCENT_UNIT.search(r["indicator"])))
            self.assertIn(want, flat, f"{r['indicator']} {r['scope']} {r['scope_id']} = {r['value']} ({want})")
        for n in range(1, pages + 1):
            self.assertIn(f"Sida {n} av {pages}", flat)
        self.assertIn(QUARTER, flat)
        self.assertIn("framställd", flat)

        # Page 1: the summary of the quarter.
        first = h.run(["pdftotext", "-layout", "-f", "1", "-l", "1", pdf, "-"], check=True).stdout.decode()
        for word in ("Sammanfattning", "Uppfyllda", "It-kvalitetsperspektiv", "Störst förändring"):
            self.assertIn(word, first)

        # Nothing outside the page: every word's box lies within the sheet.
        bbox = h.run(["pdftotext", "-bbox", pdf, "-"], check=True).stdout.decode()
        words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">', bbox)
        self.assertGreater(len(words), 1000)
        for x0, y0, x1, y1 in words:
            self.assertTrue(0 <= float(x0) and float(x1) <= 595.3 and float(y1) <= 842, (x0, y0, x1, y1))

        # Long names are printed whole (wrapped, not cut): every letter of them is there.
        raw = re.sub(r"[\s\u00a0\u202f\u00ad-]+", "", h.run(["pdftotext", "-raw", pdf, "-"], check=True).stdout.decode())
        for name in [LONG_WORD, service_name(7)] + OWNERS:
            self.assertIn(re.sub(r"[\s-]+", "", name), raw, name)

        png = self.path("page")
        h.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", pdf, png], check=True)
        self.assertTrue(any(f.startswith("page") and f.endswith(".png") for f in os.listdir(self.tmp)))

    def test_index_lists_quarters_with_links(self):
        broker = self.start_broker(partitions=1)
        events = [e for e in scenario() if e[2]["type"] in ("service.v1", "usage.v1")][:50]
        by_topic = {}
        for topic, key, e in events:
            by_topic.setdefault(topic, []).append((key, json.dumps(e, ensure_ascii=False)))
        for topic, recs in by_topic.items():
            h.kcat_produce(broker.address, topic, recs)
        svc = self.start_serve(self.path("data"), broker.address)
        svc.wait_caught_up(len(events), timeout=120)
        status, body = svc.get("/rapport")
        self.assertEqual(status, 200)
        page = body.decode()
        q2, q3 = page.find('href="/rapport/2026Q2"'), page.find('href="/rapport/2026Q3"')
        self.assertGreater(q2, 0, page)
        self.assertGreater(q3, 0, page)
        self.assertLess(q3, q2)  # newest first
        status, body = svc.get("/rapport/2026Q3")
        self.assertIn('href="/rapport/2026Q2"', body.decode())


if __name__ == "__main__":
    unittest.main()
