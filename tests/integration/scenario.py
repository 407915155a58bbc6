"""A deterministic, realistic mix of follow-up events (spec/events.md), for the integration tests.

generate(...)            -> list of (topic, key, json_text), every event valid and with a unique event_id
with_duplicates(...)     -> the list plus byte-identical copies of ~5 % of the events, shuffled (seeded)
malformed_messages()     -> (topic, key, value, expected_reason_field) for messages that must be rejected
probe_load(...)          -> a big, mostly-probe load for the crash test

Nothing here depends on the wall clock or on hash randomisation: the same arguments give the same
bytes.  Event times avoid ties where the spec leaves the winner to the arrival order (catalog entries
of one service have distinct occurred_at; announcement revisions of one id are distinct), so every
order of the same set of events must fold to the same projections.
"""

import json
import random
from datetime import datetime, timedelta, timezone

CATALOG = "followup.catalog"
PROBES = "followup.probes"
USAGE = "followup.usage"
SURVEYS = "followup.surveys"
FINANCE = "followup.finance"
ANNOUNCEMENTS = "followup.announcements"
CITY_KEY = "city"  # the message key of city-wide survey answers (service_id null)

UTC = timezone.utc
CET = timezone(timedelta(hours=1))    # Stockholm winter time
CEST = timezone(timedelta(hours=2))   # Stockholm summer time (until 2026-10-25 01:00Z)

LOCATIONS = ("kista", "liljeholmen", "farsta")

# (service_id, name, owner, category, focus_area, presents_case_status, wcag_aa, investment_sek)
SERVICES = [
    ("forskoleplats", "Ansök om förskoleplats", "Utbildningsnämnden", "differentierande", 1, True, True, 1850000),
    ("skolval", "Skolval", "Utbildningsnämnden", "differentierande", 1, True, True, 2400000),
    ("fritidshem", "Ansök om fritidshem", "Utbildningsnämnden", "grundlaggande", 1, True, False, 640000),
    ("ekonomiskt-bistand", "Ansök om ekonomiskt bistånd", "Socialnämnden", "differentierande", 1, True, True, 3100000),
    ("fardtjanst", "Ansök om färdtjänst", "Trafiknämnden", "grundlaggande", 1, False, True, 900000),
    ("parkeringstillstand", "Parkeringstillstånd för rörelsehindrade", "Trafiknämnden", "grundlaggande", 1, True,
     False, 450000),
    ("felanmalan", "Felanmälan gata och park", "Trafiknämnden", "innovativt", 5, False, True, 1200000),
    ("bygglov", "Ansök om bygglov", "Stadsbyggnadsnämnden", "differentierande", 1, True, True, 5200000),
    ("kartor", "Stockholmskartan", "Stadsbyggnadsnämnden", "grundlaggande", 2, False, True, 0),
    ("bibliotek", "Biblioteket låna och reservera", "Kulturnämnden", "grundlaggande", 1, False, True, 780000),
    ("kulturskolan", "Anmälan till Kulturskolan", "Kulturnämnden", "differentierande", 1, True, False, 350000),
    ("idrottsbokning", "Boka idrottsanläggning", "Idrottsnämnden", "innovativt", 5, True, True, 560000),
    ("livsmedelstillsyn", "Anmäl livsmedelsverksamhet", "Miljö- och hälsoskyddsnämnden", "grundlaggande", 4,
     True, False, 270000),
    ("miljoanmalan", "Miljöanmälan", "Miljö- och hälsoskyddsnämnden", "grundlaggande", 4, False, False, 0),
    ("jobbtorg", "Jobbtorg Stockholm", "Arbetsmarknadsnämnden", "differentierande", 3, False, True, 1500000),
    ("sfi-anmalan", "Anmälan till SFI", "Arbetsmarknadsnämnden", "grundlaggande", 3, True, True, 410000),
    ("avfallsabonnemang", "Mitt avfallsabonnemang", "Stockholm Vatten och Avfall AB", "differentierande", 2, True,
     True, 980000),
    ("hyresgastportal", "Mina sidor för hyresgäster", "AB Svenska Bostäder", "innovativt", 5, True, True, 2750000),
    ("e-arkiv", "Stadsarkivets e-arkiv", "Kulturnämnden", "innovativt", 2, False, True, 3300000),
    ("synpunkter", "Lämna synpunkter", "Stadsledningskontoret", "grundlaggande", 4, False, True, 120000),
]
RETIRED = "synpunkter"         # its latest catalog entry retires it
UNCATALOGUED = "testtjanst"    # probed and used, never in the catalog: counts under "unknown"
INCIDENT_SERVICE = "bygglov"
MAINTENANCE_SERVICE = "ekonomiskt-bistand"


def compact(obj):
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def ts(dt, tz=UTC):
    """RFC 3339 with offset; Z for UTC."""
    d = dt.astimezone(tz)
    s = d.strftime("%Y-%m-%dT%H:%M:%S")
    off = d.utcoffset()
    if off == timedelta(0):
        return s + "Z"
    mins = int(off.total_seconds() // 60)
    return s + ("+" if mins >= 0 else "-") + "%02d:%02d" % divmod(abs(mins), 60)


def stockholm(dt_utc):
    """The Stockholm zone in effect at an instant of 2026 (DST ends 2026-10-25 01:00Z)."""
    return CEST if datetime(2026, 3, 29, 1, tzinfo=UTC) <= dt_utc < datetime(2026, 10, 25, 1, tzinfo=UTC) else CET


def local_ts(dt_utc):
    return ts(dt_utc, stockholm(dt_utc))


def month_start_utc(year, month):
    """First instant of a Stockholm month, as UTC."""
    naive = datetime(year, month, 1)
    guess = naive.replace(tzinfo=CET)
    tz = stockholm(guess.astimezone(UTC))
    return naive.replace(tzinfo=tz).astimezone(UTC)


def next_month(year, month):
    return (year + 1, 1) if month == 12 else (year, month + 1)


class _Builder:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.out = []
        self.ids = set()

    def add(self, topic, key, event):
        assert event["event_id"] not in self.ids, event["event_id"]
        self.ids.add(event["event_id"])
        self.out.append((topic, key, compact(event)))


def _catalog(b):
    rng = b.rng
    for i, (sid, name, owner, cat, focus, case_status, wcag, inv) in enumerate(SERVICES):
        alts = [{"channel": "phone", "label": "Kontaktcenter Stockholm", "contact": "08-508 00 508"}]
        if i % 3 == 0:
            alts.append({"channel": "visit", "label": "Medborgarkontoret i Skärholmen",
                         "contact": "Skärholmsvägen 2"})
        if i % 4 == 1:
            alts.append({"channel": "email", "label": "E-post", "contact": "%s@stockholm.se" % sid})
        ev = {"type": "service.v1", "event_id": "cat-%s-1" % sid,
              "occurred_at": ts(datetime(2026, 6, 1, 8, 0, i, tzinfo=UTC)), "source": "applikationsportfolj",
              "service_id": sid, "name": name, "owner": owner, "category": cat, "focus_area": focus,
              "url": "https://start.stockholm/%s" % sid, "alternatives": alts,
              "presents_case_status": case_status, "wcag_aa": wcag, "investment_sek": inv}
        if i % 2 == 0:
            ev["latency_threshold_ms"] = 1500 + 100 * (i % 5)
        b.add(CATALOG, sid, ev)
    # Later entries for a few services (the latest occurred_at wins, whatever the arrival order).
    updates = {
        "skolval": {"owner": "Utbildningsnämnden", "wcag_aa": False, "investment_sek": 2650000.5},
        "kartor": {"category": "differentierande", "focus_area": 2, "presents_case_status": True},
        "jobbtorg": {"owner": "Arbetsmarknadsnämnden", "investment_sek": 1750000, "wcag_aa": False},
        RETIRED: {"retired": True},
    }
    for j, (sid, change) in enumerate(sorted(updates.items())):
        row = next(s for s in SERVICES if s[0] == sid)
        ev = {"type": "service.v1", "event_id": "cat-%s-2" % sid,
              "occurred_at": ts(datetime(2026, 10, 20, 9, 30, j, tzinfo=UTC), CEST),
              "source": "applikationsportfolj", "service_id": sid, "name": row[1], "owner": row[2],
              "category": row[3], "focus_area": row[4], "url": "https://start.stockholm/%s/ny" % sid,
              "alternatives": [], "presents_case_status": row[5], "wcag_aa": row[6], "investment_sek": row[7],
              "unknown_future_field": {"ignored": True}}
        ev.update(change)
        b.add(CATALOG, sid, ev)
    # An older entry that arrives last: it must not win.
    row = SERVICES[1]
    b.add(CATALOG, row[0], {
        "type": "service.v1", "event_id": "cat-%s-0" % row[0], "occurred_at": "2026-01-15T10:00:00+01:00",
        "service_id": row[0], "name": "Skolval (gammal)", "owner": "Gamla nämnden", "category": "innovativt",
        "focus_area": 3, "url": "https://old.stockholm/skolval", "alternatives": [],
        "presents_case_status": False, "wcag_aa": True, "investment_sek": 1})


def _probe_services(count):
    ids = [s[0] for s in SERVICES if s[0] != RETIRED][: max(0, count - 1)]
    return ids + [UNCATALOGUED]


def _probes(b, start, minutes, services, incident=None, gaps=True):
    """One probe per location per service per minute; failures during the incident and sporadically."""
    rng = b.rng
    for m in range(minutes):
        minute = start + timedelta(minutes=m)
        for si, sid in enumerate(services):
            for li, loc in enumerate(LOCATIONS):
                if gaps and (si + m) % 97 == 0 and li == 2:
                    continue  # a location that did not report this minute
                if gaps and sid == "kartor" and 10 <= m < 14:
                    continue  # no probes at all: an unknown minute
                at = minute + timedelta(seconds=(7 + 17 * li + si) % 60)
                failing = False
                if incident and sid == incident[0] and incident[1] <= at < incident[2]:
                    failing = li != 1  # two of three locations fail: down
                elif rng.random() < 0.02:
                    failing = True      # sporadic: degraded
                ev = {"type": "probe.v1", "event_id": "%s-%s-%s" % (loc, sid, ts(at)),
                      "occurred_at": ts(at) if (si + li) % 2 else local_ts(at),
                      "source": "probe-%s" % loc, "service_id": sid, "location": loc, "ok": not failing,
                      "latency_ms": round(rng.uniform(40, 900), 1) if not failing else 10000}
                if failing:
                    if rng.random() < 0.5:
                        ev["http_status"] = 503
                    ev["error"] = "timeout after 10 s" if "http_status" not in ev else "HTTP 503"
                else:
                    ev["http_status"] = 200
                b.add(PROBES, sid, ev)


def _usage_and_adoption(b, months):
    rng = b.rng
    services = [s[0] for s in SERVICES] + [UNCATALOGUED]
    for (y, mo) in months:
        start = month_start_utc(y, mo)
        end = month_start_utc(*next_month(y, mo))
        reported = end + timedelta(hours=2)
        for sid in services:
            for ch in ("digital", "phone", "visit", "mail"):
                if ch == "mail" and rng.random() < 0.6:
                    continue
                cases = rng.randint(0, 5000) if ch == "digital" else rng.randint(0, 800)
                ev = {"type": "usage.v1", "event_id": "use-%04d-%02d-%s-%s" % (y, mo, sid, ch),
                      "occurred_at": ts(reported), "service_id": sid,
                      "period_start": local_ts(start), "period_end": local_ts(end), "channel": ch, "cases": cases}
                if ch == "digital" and rng.random() < 0.8:
                    ev["cases_with_contact_details"] = rng.randint(0, cases)
                b.add(USAGE, sid, ev)
            licensed = rng.randint(1, 400)
            b.add(USAGE, sid, {"type": "adoption.v1", "event_id": "adp-%04d-%02d-%s" % (y, mo, sid),
                               "occurred_at": ts(reported), "service_id": sid,
                               "period_start": local_ts(start), "period_end": local_ts(end),
                               "licensed_users": licensed, "active_users": rng.randint(0, licensed)})
    # A half-month period ending exactly at the first instant of the next quarter.
    b.add(USAGE, "fardtjanst", {"type": "usage.v1", "event_id": "use-2026-12b-fardtjanst-web",
                                 "occurred_at": "2027-01-02T08:00:00+01:00", "service_id": "fardtjanst",
                                 "period_start": "2026-12-16T00:00:00+01:00",
                                 "period_end": "2027-01-01T00:00:00+01:00", "channel": "digital", "cases": 77,
                                 "cases_with_contact_details": 77})


QUESTIONS_EXT = ("satisfaction", "easy_to_find", "meets_expectations", "eased_contact", "drift_info_found")


def _surveys(b, n_answers, windows):
    rng = b.rng
    ext = ("citizen", "business", "visitor")
    services = [s[0] for s in SERVICES]
    for i in range(n_answers):
        lo, hi = windows[i % len(windows)]
        at = lo + timedelta(seconds=rng.randrange(int((hi - lo).total_seconds())))
        kind = rng.random()
        if kind < 0.6:
            group, question = rng.choice(ext), rng.choice(QUESTIONS_EXT)
        elif kind < 0.75:
            group, question = "staff", "it_ability"
        elif kind < 0.9:
            group, question = "manager", rng.choice(("cost_defensible", "influence"))
        else:
            group, question = rng.choice(ext + ("staff",)), rng.choice(QUESTIONS_EXT)  # noise groups
        scale = 5 if rng.random() < 0.7 else 10
        ev = {"type": "survey.v1", "event_id": "enkat-%d-%06d" % (at.year, i), "occurred_at": local_ts(at),
              "survey_id": "enkat-2026h2", "respondent_group": group, "question": question,
              "score": rng.randint(1, scale), "scale_max": scale}
        r = rng.random()
        if r < 0.15:
            ev["service_id"] = None             # city-wide
        elif r < 0.2:
            pass                                # city-wide, field absent
        else:
            ev["service_id"] = rng.choice(services)
        b.add(SURVEYS, ev.get("service_id") or CITY_KEY, ev)
    # Answers on both sides of the 2026Q3/2026Q4 boundary (2026-10-01T00:00+02:00 = 2026-09-30T22:00Z).
    for j, (at, score) in enumerate((("2026-09-30T23:59:59+02:00", 5), ("2026-10-01T00:00:00+02:00", 4),
                                     ("2026-09-30T21:59:59Z", 1), ("2026-09-30T22:00:00Z", 2))):
        b.add(SURVEYS, CITY_KEY, {"type": "survey.v1", "event_id": "enkat-edge-%d" % j, "occurred_at": at,
                                     "survey_id": "enkat-2026h2", "respondent_group": "citizen",
                                     "service_id": None, "question": "satisfaction", "score": score,
                                     "scale_max": 5})


def _finance(b, months):
    rng = b.rng
    services = [s[0] for s in SERVICES] + [UNCATALOGUED]
    for (y, mo) in months:
        booked = month_start_utc(*next_month(y, mo)) + timedelta(days=4, hours=8)
        for sid in services:
            for kind in ("development", "operations", "maintenance", "license"):
                if rng.random() < 0.35:
                    continue
                amount = round(rng.uniform(1000, 90000), 2)
                b.add(FINANCE, sid, {"type": "cost.v1", "event_id": "cost-%04d-%02d-%s-%s" % (y, mo, sid, kind),
                                     "occurred_at": ts(booked), "service_id": sid, "month": "%04d-%02d" % (y, mo),
                                     "kind": kind, "amount_sek": amount,
                                     "funding": "portfolio" if kind == "development" else "line"})
                if rng.random() < 0.08:  # a correction: a new, negative event
                    b.add(FINANCE, sid, {"type": "cost.v1",
                                         "event_id": "cost-%04d-%02d-%s-%s-corr" % (y, mo, sid, kind),
                                         "occurred_at": ts(booked + timedelta(days=10)), "service_id": sid,
                                         "month": "%04d-%02d" % (y, mo), "kind": kind,
                                         "amount_sek": -round(amount * rng.choice((0.1, 0.25, 1.0)), 2),
                                         "funding": "portfolio" if kind == "development" else "line"})
            if rng.random() < 0.7:
                b.add(FINANCE, sid, {"type": "benefit.v1", "event_id": "bnf-%04d-%02d-%s" % (y, mo, sid),
                                     "occurred_at": ts(booked), "service_id": sid, "month": "%04d-%02d" % (y, mo),
                                     "realized_sek": rng.randint(0, 200000),
                                     "hours_saved": round(rng.uniform(0, 300), 1)})


def _announcements(b, incident, maintenance):
    """Announcements with revisions, emitted out of order (highest revision first, lowest last)."""
    def ann(aid, rev, kind, sids, state, starts, ends, title, published, **extra):
        ev = {"type": "announcement.v1", "event_id": "%s-r%d" % (aid, rev), "occurred_at": ts(published),
              "announcement_id": aid, "revision": rev, "kind": kind, "service_ids": sids, "state": state,
              "starts_at": local_ts(starts), "ends_at": local_ts(ends) if ends else None, "title_sv": title,
              "body_sv": "Vi arbetar med saken. Ring Kontaktcenter Stockholm, 08-508 00 508, om ditt ärende "
                         "är brådskande."}
        ev.update(extra)
        return ev
    sid, i_start, i_end = incident
    inc = [ann("ann-inc-1", 1, "incident", [sid], "investigating", i_start, None, "Störning i bygglovstjänsten",
               i_start + timedelta(minutes=3)),
           ann("ann-inc-1", 2, "incident", [sid], "identified", i_start, None, "Störning i bygglovstjänsten",
               i_start + timedelta(minutes=12), title_en="Disruption"),
           ann("ann-inc-1", 3, "incident", [sid], "resolved", i_start, i_end, "Störningen är åtgärdad",
               i_end + timedelta(minutes=1))]
    m_sid, m_start, m_end = maintenance
    mnt = [ann("ann-mnt-1", 1, "planned_maintenance", [m_sid, "skolval"], "scheduled", m_start,
               m_end - timedelta(minutes=30), "Planerat underhåll", m_start - timedelta(days=3)),
           ann("ann-mnt-1", 2, "planned_maintenance", [m_sid, "skolval"], "scheduled", m_start, m_end,
               "Planerat underhåll (förlängt)", m_start - timedelta(days=1))]
    # A daytime maintenance: lowers the night share.
    day = datetime(2026, 12, 3, 14, 0, tzinfo=UTC)
    mnt_day = [ann("ann-mnt-2", 1, "planned_maintenance", ["bibliotek"], "scheduled", day,
                   day + timedelta(hours=9), "Underhåll av bibliotekstjänsten", day - timedelta(days=2))]
    # Cancelled maintenance: revision 2 cancels it.
    can_at = datetime(2026, 11, 10, 22, 0, tzinfo=UTC)
    cancelled = [ann("ann-mnt-3", 1, "planned_maintenance", ["kartor"], "scheduled", can_at,
                     can_at + timedelta(hours=2), "Underhåll av Stockholmskartan", can_at - timedelta(days=5)),
                 ann("ann-mnt-3", 2, "planned_maintenance", ["kartor"], "cancelled", can_at,
                     can_at + timedelta(hours=2), "Underhållet är inställt", can_at - timedelta(days=1))]
    # An incident over several services of different owners, still open.
    open_at = datetime(2026, 12, 14, 7, 40, tzinfo=UTC)
    open_inc = [ann("ann-inc-2", 1, "incident", ["fardtjanst", "felanmalan", "bibliotek"], "investigating",
                    open_at, None, "Inloggningen fungerar inte", open_at + timedelta(minutes=5))]
    # A resolved incident in the previous quarter.
    q3_at = datetime(2026, 9, 2, 11, 15, tzinfo=UTC)
    q3_inc = [ann("ann-inc-0", 1, "incident", ["skolval"], "resolved", q3_at, q3_at + timedelta(minutes=47),
                  "Skolval låg nere", q3_at + timedelta(hours=1))]
    for group in (inc, mnt, mnt_day, cancelled, open_inc, q3_inc):
        for ev in reversed(group):  # out of order: highest revision arrives first
            b.add(ANNOUNCEMENTS, ev["service_ids"][0], ev)


def generate(seed=2026, probe_minutes=60, probe_services=20, survey_answers=600):
    """A realistic mix for 2026Q3/2026Q4; (topic, key, json_text) in a plausible arrival order."""
    b = _Builder(seed)
    _catalog(b)
    probe_start = datetime(2026, 11, 28, 20, 30, tzinfo=UTC)   # 21:30 local, into the night
    incident = (INCIDENT_SERVICE, probe_start + timedelta(minutes=15), probe_start + timedelta(minutes=32))
    maintenance = (MAINTENANCE_SERVICE, datetime(2026, 11, 28, 21, 0, tzinfo=UTC),
                   datetime(2026, 11, 28, 23, 0, tzinfo=UTC))
    _probes(b, probe_start, probe_minutes, _probe_services(probe_services), incident=incident)
    months = [(2026, 9), (2026, 10), (2026, 11), (2026, 12)]
    _usage_and_adoption(b, months)
    q3 = (datetime(2026, 8, 15, tzinfo=UTC), datetime(2026, 9, 30, 21, 0, tzinfo=UTC))
    q4 = (datetime(2026, 10, 1, tzinfo=UTC), datetime(2026, 12, 20, tzinfo=UTC))
    _surveys(b, survey_answers, [q4, q4, q3])
    _finance(b, months)
    _announcements(b, incident, maintenance)
    # A valid event of exactly 64 KiB (the limit is inclusive): unknown fields are ignored.
    big = {"type": "benefit.v1", "event_id": "bnf-boundary-64k", "occurred_at": "2026-11-30T12:00:00+01:00",
           "service_id": "e-arkiv", "month": "2026-11", "realized_sek": 1000, "hours_saved": 2.5, "padding": ""}
    big["padding"] = "x" * (65536 - len(compact(big).encode("utf-8")))
    b.add(FINANCE, "e-arkiv", big)
    assert len(b.out[-1][2].encode("utf-8")) == 65536
    return b.out


def with_duplicates(messages, seed=7, fraction=0.05):
    """Adds byte-identical copies (same topic, key and bytes) of ~fraction of the messages and
    shuffles everything. Returns (messages, number_of_duplicates)."""
    rng = random.Random(seed)
    dups = [m for m in messages if rng.random() < fraction]
    out = list(messages) + dups
    rng.shuffle(out)
    return out, len(dups)


def malformed_messages():
    """(topic, key, value_bytes, field the reason must name or None)."""
    probe = {"type": "probe.v1", "event_id": "bad-x", "occurred_at": "2026-11-26T10:00:30Z",
             "service_id": "skolval", "location": "kista", "ok": True, "latency_ms": 12}

    def variant(eid, **change):
        ev = dict(probe, event_id=eid)
        ev.update(change)
        return compact(ev).encode("utf-8")
    too_big = dict(probe, event_id="bad-too-big", error_detail="y" * 70000)
    return [
        (PROBES, "skolval", b'{"type":"probe.v1","event_id":"bad-json","occurred_at":"2026-11-26T10:00:30Z",',
         "json"),
        (PROBES, "skolval", variant("bad-type", type="telemetry.v9"), "type"),
        (PROBES, "Bad", variant("bad-slug", service_id="Bad"), "service_id"),
        (PROBES, "skolval", variant("bad-offset", occurred_at="2026-11-26T10:00:30"), "occurred_at"),
        (PROBES, "skolval", variant("bad-date", occurred_at="2026-02-30T10:00:00Z"), "occurred_at"),
        (SURVEYS, "skolval", compact(too_big).encode("utf-8"), None),
    ]


def extra_probes(seed, start, minutes, services):
    """More probes (valid, new event ids) for an existing scenario, e.g. after a restart."""
    b = _Builder(seed)
    _probes(b, start, minutes, services, gaps=False)
    return b.out


def probe_load(seed=11, services=60, minutes=1100, start=datetime(2026, 11, 2, 0, 0, tzinfo=UTC)):
    """A large load, mostly probes: the catalog (the 20 services above plus synthetic ones up to
    `services`), a few announcements, a month of finance and services x 3 locations x minutes probes.
    Many services spread the keyed probes over many partitions (the mock broker keeps ~5 MB each)."""
    b = _Builder(seed)
    _catalog(b)
    extra = []
    for i in range(max(0, services - len(SERVICES))):
        row = SERVICES[i % len(SERVICES)]
        sid = "etjanst-%03d" % i
        extra.append(sid)
        b.add(CATALOG, sid, {"type": "service.v1", "event_id": "cat-%s-1" % sid,
                             "occurred_at": ts(datetime(2026, 6, 2, 8, 0, i % 60, tzinfo=UTC)),
                             "service_id": sid, "name": "E-tjänst %d" % i, "owner": row[2], "category": row[3],
                             "focus_area": row[4], "url": "https://start.stockholm/%s" % sid, "alternatives": [],
                             "presents_case_status": i % 2 == 0, "wcag_aa": i % 3 != 0,
                             "investment_sek": 10000 * i})
    incident = (INCIDENT_SERVICE, start + timedelta(minutes=300), start + timedelta(minutes=340))
    maintenance = (MAINTENANCE_SERVICE, start + timedelta(minutes=700), start + timedelta(minutes=820))
    _probes(b, start, minutes, _probe_services(len(SERVICES)) + extra, incident=incident)
    _announcements(b, incident, maintenance)
    _finance(b, [(2026, 11)])
    return b.out


class Mixed:
    """The scenario as producers deliver it: shuffled, ~5 % duplicates, a few malformed messages."""

    def __init__(self, valid, messages, duplicates, malformed):
        self.valid = valid              # [(topic, key, json_text)], unique event ids
        self.messages = messages        # what is produced, in order
        self.duplicates = duplicates    # number of byte-identical copies among messages
        self.malformed = malformed      # [(topic, key, value_bytes, reason_field)]


def mixed(seed=2026, **kw):
    """generate() shuffled with duplicates, and the malformed messages inserted at seeded places."""
    valid = generate(seed=seed, **kw)
    messages, ndup = with_duplicates(valid, seed=seed + 1)
    rng = random.Random(seed + 2)
    bad = malformed_messages()
    for topic, key, value, _field in bad:
        messages.insert(rng.randrange(len(messages) + 1), (topic, key, value))
    return Mixed(valid, messages, ndup, bad)
