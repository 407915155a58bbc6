"""Open data: the ILS workbook (.xlsx) read by an independent reader (openpyxl) and the DCAT-AP-SE
catalogue (catalog.rdf) parsed and queried with rdflib, against the real binary and the mock broker.

The scenario's figures are worked out by hand from its events (see SCENARIO below); the workbook is
then compared row by row with the CSV reports, and the catalogue's files are fetched one by one.
"""

import io
import json
import os
import unittest
import urllib.error
import urllib.request
from decimal import Decimal

import harness
from harness import BIN

import openpyxl
import rdflib
from rdflib import BNode, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF

DCAT = Namespace("http://www.w3.org/ns/dcat#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
CC_BY = URIRef("http://creativecommons.org/licenses/by/4.0/")

PUBLIC_URL = "https://data.example.test/followup"   # configured with a trailing '/', see setUp
CONTACT_EMAIL = "ils-data@example.test"
CONTACT_NAME = "Stadsledningskontoret & <IT>"        # text that must be escaped in XML
SIX = Decimal("0.000001")

# The indicators whose value is a share (events.md target.v1): shown as percentages.
SHARES = {"ext.digital_share", "ext.contact_details_share", "ext.satisfied_share", "ext.easy_to_find_share",
          "ext.meets_expectations_share", "ext.eased_contact_share", "ext.case_status_share",
          "int.cost_defensible_share", "int.influence_share", "mat.license_utilization", "mat.it_ability_share",
          "cost.portfolio_share", "qual.availability", "qual.monitoring_coverage", "qual.maintenance_night_share",
          "qual.drift_info_found_share", "qual.wcag_aa_share"}
SHEETS = [("external", "Externt nyttoperspektiv"), ("internal", "Internt nyttoperspektiv"),
          ("maturity", "It-mognad"), ("cost", "It-kostnader"), ("quality", "It-kvalitet")]
ILS_HEADER = ["Indikator", "Nivå", "Id", "Värde", "Täljare", "Nämnare"]
GOALS_HEADER = ["Indikator", "Nivå", "Id", "Värde", "Mål", "Tolerans", "Riktning", "Måluppfyllelse",
                "Föregående kvartal", "Förändring", "Förbättrad", "Samma kvartal i fjol"]
DIRECTION_SV = {"higher_is_better": "högre är bättre", "lower_is_better": "lägre är bättre"}
ATTAINMENT_SV = {"met": "uppfyllt", "partly_met": "delvis uppfyllt", "not_met": "ej uppfyllt",
                 "no_data": "uppgift saknas"}


def service(sid, owner, category, focus, case_status, wcag):
    return {"type": "service.v1", "event_id": "cat-" + sid, "occurred_at": "2025-01-01T00:00:00Z",
            "service_id": sid, "name": "Tjänst " + sid, "owner": owner, "category": category,
            "focus_area": focus, "url": "https://example.test/" + sid, "alternatives": [],
            "presents_case_status": case_status, "wcag_aa": wcag, "investment_sek": 0}


def usage(eid, sid, month, channel, cases, with_contact=None):
    start, end = "2026-%02d-01T00:00:00Z" % month, "2026-%02d-01T00:00:00Z" % (month + 1)
    e = {"type": "usage.v1", "event_id": eid, "occurred_at": end, "service_id": sid, "period_start": start,
         "period_end": end, "channel": channel, "cases": cases}
    if with_contact is not None:
        e["cases_with_contact_details"] = with_contact
    return e


def cost(eid, sid, month, amount):
    return {"type": "cost.v1", "event_id": eid, "occurred_at": month + "-15T00:00:00Z", "service_id": sid,
            "month": month, "kind": "operations", "amount_sek": amount, "funding": "line"}


def target(eid, indicator, scope, scope_id, value, tolerance=None):
    e = {"type": "target.v1", "event_id": eid, "occurred_at": "2026-01-10T09:00:00Z", "indicator": indicator,
         "scope": scope, "scope_id": scope_id, "year": 2026, "value": value}
    if tolerance is not None:
        e["tolerance"] = tolerance
    return e


# Two services of one owner. 2026Q2: svc-a 60 digital / 40 phone cases, cost 1500.
# 2026Q3: svc-a 80 digital (40 with contact details) / 20 phone, svc-b 30 digital (30 with
# contact details) / 70 phone, cost 1200 (svc-a). Catalog: svc-b presents case status, svc-a is
# WCAG AA. No data in any other quarter.
SCENARIO = [
    ("followup.catalog", "svc-a", service("svc-a", "Nämnd A", "grundlaggande", 1, False, True)),
    ("followup.catalog", "svc-b", service("svc-b", "Nämnd A", "differentierande", 2, True, False)),
    ("followup.usage", "svc-a", usage("u1", "svc-a", 5, "digital", 60, 0)),
    ("followup.usage", "svc-a", usage("u2", "svc-a", 5, "phone", 40)),
    ("followup.usage", "svc-a", usage("u3", "svc-a", 8, "digital", 80, 40)),
    ("followup.usage", "svc-a", usage("u4", "svc-a", 8, "phone", 20)),
    ("followup.usage", "svc-b", usage("u5", "svc-b", 8, "digital", 30, 30)),
    ("followup.usage", "svc-b", usage("u6", "svc-b", 8, "phone", 70)),
    ("followup.finance", "svc-a", cost("c1", "svc-a", "2026-05", 1500)),
    ("followup.finance", "svc-a", cost("c2", "svc-a", "2026-08", 1200)),
    ("followup.catalog", "ext.digital_share", target("t1", "ext.digital_share", "city", "stockholm", 0.8, 0.05)),
    ("followup.catalog", "ext.digital_share", target("t2", "ext.digital_share", "service", "svc-b", 0.5)),
    ("followup.catalog", "cost.total_sek", target("t3", "cost.total_sek", "city", "stockholm", 1000, 250)),
    ("followup.catalog", "qual.availability", target("t4", "qual.availability", "service", "svc-a", 0.99)),
]

# (indicator, scope, scope_id) -> (value, numerator, denominator), by hand from SCENARIO, 2026Q3.
EXPECTED_ILS = {
    ("ext.digital_share", "city", "stockholm"): ("0.55", "110", "200"),           # (80+30)/(100+100)
    ("ext.digital_share", "service", "svc-a"): ("0.8", "80", "100"),
    ("ext.digital_share", "service", "svc-b"): ("0.3", "30", "100"),
    ("ext.digital_share", "focus_area", "2"): ("0.3", "30", "100"),
    ("ext.contact_details_share", "city", "stockholm"): ("0.636364", "70", "110"),  # 70/110 = 0.63636...
    ("ext.case_status_share", "owner", "Nämnd A"): ("0.5", "1", "2"),
    ("qual.wcag_aa_share", "city", "stockholm"): ("0.5", "1", "2"),
    ("cost.total_sek", "city", "stockholm"): ("1200", "1200", ""),
    ("cost.per_digital_case_sek", "city", "stockholm"): ("10.909091", "1200", "110"),  # 1200/110
}
# Goals 2026Q3, by hand: digital share 0.55 vs 0.8 +- 0.05: not met; previous 2026Q2 60/100 = 0.6,
# change -0.05: not improved; no 2025Q3. svc-b 0.3 vs 0.5: not met, no previous. Cost 1200 vs
# 1000 +- 250 (lower is better): partly met, previous 1500, change -300: improved. Availability of
# svc-a: no probes, no data.
EXPECTED_GOALS = {
    ("ext.digital_share", "city", "stockholm"):
        {"value": "0.55", "target": "0.8", "tolerance": "0.05", "attainment": "not_met", "previous_value": "0.6",
         "change": "-0.05", "improved": "false", "year_ago_value": ""},
    ("ext.digital_share", "service", "svc-b"):
        {"value": "0.3", "target": "0.5", "tolerance": "0", "attainment": "not_met", "previous_value": "",
         "change": "", "improved": "", "year_ago_value": ""},
    ("cost.total_sek", "city", "stockholm"):
        {"value": "1200", "target": "1000", "tolerance": "250", "attainment": "partly_met",
         "previous_value": "1500", "change": "-300", "improved": "true", "year_ago_value": ""},
    ("qual.availability", "service", "svc-a"):
        {"value": "", "target": "0.99", "tolerance": "0", "attainment": "no_data", "previous_value": "",
         "change": "", "improved": "", "year_ago_value": ""},
}


def csv_rows(body):
    import csv
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8"), newline="")))
    return rows


def dec(text):
    return Decimal(text).quantize(SIX)


def get(url, host=None):
    req = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


class OpenDataTest(harness.IntegrationCase):

    def setUp(self):
        super().setUp()
        broker = self.start_broker(2)
        self.data_dir = self.path("data")
        self.svc = self.start_serve(self.data_dir, broker.address,
                                    extra=["--public-url", PUBLIC_URL + "/", "--contact-email", CONTACT_EMAIL,
                                           "--contact-name", CONTACT_NAME])
        harness.kcat_produce_all(broker.address, [(t, k, json.dumps(v, ensure_ascii=False))
                                                  for t, k, v in SCENARIO])
        st = self.svc.wait_caught_up(len(SCENARIO), timeout=120)
        self.assertEqual(st["events_rejected"], 0, st)

    def fetch(self, path, host=None):
        return get(self.svc.url + path, host)

    def reports(self, q):
        status, _, ils = self.fetch("/api/v1/ils/%s.csv" % q)
        self.assertEqual(status, 200)
        status, _, goals = self.fetch("/api/v1/ils/%s/goals.csv" % q)
        self.assertEqual(status, 200)
        return csv_rows(ils), csv_rows(goals)

    def check_workbook(self, data, ils, goals):
        """Every row of every sheet against the CSV reports."""
        self.assertEqual(data[:4], b"PK\x03\x04")
        wb = openpyxl.load_workbook(io.BytesIO(data))
        self.assertEqual(wb.sheetnames, [s for _, s in SHEETS] + ["Måluppfyllelse"])
        for name in wb.sheetnames:
            self.assertLessEqual(len(name), 31)
            ws = wb[name]
            self.assertEqual(ws.freeze_panes, "A2", name)
            for col in "ABCDEF":
                self.assertGreaterEqual(ws.column_dimensions[col].width or 0, 10, (name, col))
        for perspective, name in SHEETS:
            ws = wb[name]
            rows = list(ws.iter_rows())
            self.assertEqual([c.value for c in rows[0]], ILS_HEADER, name)
            want = [r for r in ils if r["perspective"] == perspective]
            self.assertEqual(len(rows) - 1, len(want), name)
            for cells, r in zip(rows[1:], want):
                where = (name, r["indicator"], r["scope"], r["scope_id"])
                self.assertEqual([c.value for c in cells[:3]], [r["indicator"], r["scope"], r["scope_id"]], where)
                for cell, field in zip(cells[3:6], ("value", "numerator", "denominator")):
                    if r[field] == "":
                        self.assertIsNone(cell.value, (where, field))
                        continue
                    self.assertIsInstance(cell.value, (int, float), (where, field))
                    self.assertEqual(dec(repr(cell.value)), dec(r[field]), (where, field))
                fmt = cells[3].number_format
                if r["indicator"] in SHARES:
                    self.assertEqual(fmt, "0.0 %", where)
                else:
                    self.assertNotIn("%", fmt, where)
        ws = wb["Måluppfyllelse"]
        rows = list(ws.iter_rows())
        self.assertEqual([c.value for c in rows[0]], GOALS_HEADER)
        self.assertEqual(len(rows) - 1, len(goals))
        numeric = {3: "value", 4: "target", 5: "tolerance", 8: "previous_value", 9: "change", 11: "year_ago_value"}
        for cells, r in zip(rows[1:], goals):
            where = ("goals", r["indicator"], r["scope"], r["scope_id"])
            self.assertEqual([c.value for c in cells[:3]], [r["indicator"], r["scope"], r["scope_id"]], where)
            self.assertEqual(cells[6].value, DIRECTION_SV[r["direction"]], where)
            self.assertEqual(cells[7].value, ATTAINMENT_SV[r["attainment"]], where)
            self.assertEqual(cells[10].value, {"true": True, "false": False, "": None}[r["improved"]], where)
            for i, field in numeric.items():
                if r[field] == "":
                    self.assertIsNone(cells[i].value, (where, field))
                    continue
                self.assertIsInstance(cells[i].value, (int, float), (where, field))
                self.assertEqual(dec(repr(cells[i].value)), dec(r[field]), (where, field))
                if r["indicator"] in SHARES:
                    self.assertEqual(cells[i].number_format, "0.0 %", (where, field))

    def test_reports_hold_the_hand_computed_figures(self):
        ils, goals = self.reports("2026Q3")
        by_key = {(r["indicator"], r["scope"], r["scope_id"]): r for r in ils}
        for key, (value, num, den) in EXPECTED_ILS.items():
            self.assertIn(key, by_key)
            r = by_key[key]
            self.assertEqual((dec(r["value"]), dec(r["numerator"])), (dec(value), dec(num)), key)
            self.assertEqual(r["denominator"] and dec(r["denominator"]), den and dec(den), key)
        self.assertEqual(len(goals), len(EXPECTED_GOALS))
        for r in goals:
            want = EXPECTED_GOALS[(r["indicator"], r["scope"], r["scope_id"])]
            for field, v in want.items():
                if v in ("", "true", "false") or field == "attainment":
                    self.assertEqual(r[field], v, (r["indicator"], r["scope_id"], field))
                else:
                    self.assertEqual(dec(r[field]), dec(v), (r["indicator"], r["scope_id"], field))

    def test_workbook_has_the_figures_of_the_csv(self):
        for q in ("2026Q3", "2026Q2", "2027Q1"):   # 2027Q1: no data, header rows only
            with self.subTest(quarter=q):
                status, headers, data = self.fetch("/api/v1/ils/%s.xlsx" % q)
                self.assertEqual(status, 200, data[:200])
                self.assertEqual(headers["Content-Type"],
                                 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                self.assertEqual(headers["Content-Disposition"], 'attachment; filename="ils-%s.xlsx"' % q)
                ils, goals = self.reports(q)
                if q == "2026Q3":
                    self.assertGreater(len(ils), 20)
                    self.assertEqual(len(goals), 4)
                self.check_workbook(data, ils, goals)
        # followup report --format xlsx writes the same workbook (it reads the data dir while serve runs).
        out = self.path("ils.xlsx")
        cp = harness.run([BIN, "report", "--data-dir", self.data_dir, "--quarter", "2026Q3", "--format", "xlsx",
                          "--out", out], check=True)
        with open(out, "rb") as f:
            ils, goals = self.reports("2026Q3")
            self.check_workbook(f.read(), ils, goals)
        cp = harness.run([BIN, "report", "--data-dir", self.data_dir, "--quarter", "2026Q3", "--format", "xlsx"])
        self.assertEqual(cp.returncode, 2)
        self.assertIn(b"--out", cp.stderr)

    def test_catalogue_is_dcat_ap_se_and_names_files_that_answer(self):
        # Whatever Host the request names, the catalogue names the configured base.
        status, headers, body = self.fetch("/api/v1/ils/catalog.rdf", host="evil.example:666")
        self.assertEqual(status, 200, body[:300])
        self.assertTrue(headers["Content-Type"].startswith("application/rdf+xml"), headers["Content-Type"])
        self.assertNotIn(b"evil.example", body)
        self.assertNotIn(b"127.0.0.1", body)
        g = rdflib.Graph()
        g.parse(data=body, format="xml")

        for s, p, o in g:
            self.assertNotIsInstance(s, BNode, (s, p, o))
            self.assertNotIsInstance(o, BNode, (s, p, o))

        def one(s, p):
            values = list(g.objects(s, p))
            self.assertEqual(len(values), 1, (s, p, values))
            return values[0]

        def swedish_text(s, p):
            v = one(s, p)
            self.assertIsInstance(v, Literal, (s, p))
            self.assertEqual(v.language, "sv", (s, p))
            self.assertTrue(str(v).strip(), (s, p))
            return v

        def under_base(node):
            self.assertIsInstance(node, URIRef)
            self.assertTrue(str(node).startswith(PUBLIC_URL + "/"), node)

        catalogs = list(g.subjects(RDF.type, DCAT.Catalog))
        self.assertEqual(len(catalogs), 1)
        cat = catalogs[0]
        under_base(cat)
        swedish_text(cat, DCTERMS.title)
        swedish_text(cat, DCTERMS.description)
        self.assertIsInstance(one(cat, FOAF.homepage), URIRef)
        self.assertEqual(one(cat, DCTERMS.license), CC_BY)
        self.assertEqual(one(cat, DCTERMS.language),
                         URIRef("http://publications.europa.eu/resource/authority/language/SWE"))
        publisher = one(cat, DCTERMS.publisher)
        under_base(publisher)
        self.assertIn((publisher, RDF.type, FOAF.Agent), g)
        self.assertEqual(str(one(publisher, FOAF.name)), "Stockholms stad")

        datasets = set(g.objects(cat, DCAT.dataset))
        self.assertEqual(datasets, set(g.subjects(RDF.type, DCAT.Dataset)))
        self.assertEqual(len(datasets), 2)
        # Quarters with data: 2026Q2 and 2026Q3; a CSV and a JSON file of each, for each dataset.
        want_paths = {"/api/v1/ils/2026Q2.csv", "/api/v1/ils/2026Q2.json", "/api/v1/ils/2026Q3.csv",
                      "/api/v1/ils/2026Q3.json", "/api/v1/ils/2026Q2/goals.csv", "/api/v1/ils/2026Q2/goals.json",
                      "/api/v1/ils/2026Q3/goals.csv", "/api/v1/ils/2026Q3/goals.json"}
        seen_paths = []
        for ds in datasets:
            under_base(ds)
            swedish_text(ds, DCTERMS.title)
            swedish_text(ds, DCTERMS.description)
            self.assertEqual(one(ds, DCTERMS.publisher), publisher)
            self.assertIsInstance(one(ds, DCAT.theme), URIRef)
            contact = one(ds, DCAT.contactPoint)
            under_base(contact)
            self.assertIn((contact, RDF.type, VCARD.Organization), g)
            self.assertEqual(str(one(contact, VCARD.fn)), CONTACT_NAME)
            self.assertEqual(one(contact, VCARD.hasEmail), URIRef("mailto:" + CONTACT_EMAIL))
            dists = list(g.objects(ds, DCAT.distribution))
            self.assertEqual(len(dists), 4, ds)
            for d in dists:
                under_base(d)
                self.assertIn((d, RDF.type, DCAT.Distribution), g)
                swedish_text(d, DCTERMS.title)
                self.assertEqual(one(d, DCTERMS.license), CC_BY)
                access, download = one(d, DCAT.accessURL), one(d, DCAT.downloadURL)
                self.assertEqual(access, download)
                under_base(download)
                media = str(one(d, DCAT.mediaType)).rsplit("/media-types/", 1)[1]
                fmt = str(one(d, DCTERMS["format"])).rsplit("/", 1)[1]
                path = str(download)[len(PUBLIC_URL):]
                seen_paths.append(path)
                self.assertEqual((fmt, media), {"csv": ("CSV", "text/csv"),
                                                "json": ("JSON", "application/json")}[path.rsplit(".", 1)[1]])
                status, headers, data = self.fetch(path)
                self.assertEqual(status, 200, path)
                self.assertEqual(headers["Content-Type"].split(";")[0], media, path)
                self.assertGreater(len(data), 0)
        self.assertEqual(sorted(seen_paths), sorted(want_paths))
        self.assertEqual(len(set(g.subjects(RDF.type, DCAT.Distribution))), 8)

    def test_public_url_from_config_file_and_environment_or_listen(self):
        # YAML public_url and contact_email; the environment wins over the file for the e-mail.
        cfg = self.path("opendata.yaml")
        with open(cfg, "w") as f:
            f.write("public_url: http://yaml.example.test:8443/\ncontact_email: yaml@example.test\n"
                    "kafka:\n  session.timeout.ms: 4000\n  heartbeat.interval.ms: 500\n")
        env = harness.clean_env(FOLLOWUP_CONTACT_EMAIL="env@example.test")
        svc = self.start_serve(self.path("yaml-data"), None, extra=["--config", cfg], env=env, name="serve-yaml")
        status, _, body = get(svc.url + "/api/v1/ils/catalog.rdf", host="other.example")
        self.assertEqual(status, 200)
        g = rdflib.Graph()
        g.parse(data=body, format="xml")
        cat = next(g.subjects(RDF.type, DCAT.Catalog))
        self.assertEqual(str(cat), "http://yaml.example.test:8443/api/v1/ils/catalog.rdf#catalog")
        self.assertEqual(set(g.objects(None, VCARD.hasEmail)), {URIRef("mailto:env@example.test")})
        # An empty store: both datasets, no distribution.
        self.assertEqual(len(set(g.subjects(RDF.type, DCAT.Dataset))), 2)
        self.assertEqual(len(set(g.subjects(RDF.type, DCAT.Distribution))), 0)
        svc.stop()
        # Unset: http://<listen>, a wildcard address as loopback.
        port = harness.free_port()
        svc = self.start_serve(self.path("listen-data"), None, port=port, listen_flag=False,
                               extra=["--listen", "0.0.0.0:%d" % port], name="serve-listen")
        status, _, body = get(svc.url + "/api/v1/ils/catalog.rdf", host="other.example")
        self.assertEqual(status, 200)
        self.assertIn(b'rdf:about="http://127.0.0.1:%d/api/v1/ils/catalog.rdf#catalog"' % port, body)
        with open(svc.proc.log_path, "rb") as f:
            self.assertIn(b"set --public-url", f.read())   # the operator is told

    def test_public_url_is_checked_at_start(self):
        cp = harness.run([BIN, "serve", "--data-dir", self.path("other"), "--listen", "127.0.0.1:%d" %
                          harness.free_port(), "--public-url", "data.example.test"], timeout=60)
        self.assertEqual(cp.returncode, 2)
        self.assertIn(b"public_url", cp.stderr + cp.stdout)
        self.assertIn(b"https://", cp.stderr + cp.stdout)


if __name__ == "__main__":
    unittest.main()
