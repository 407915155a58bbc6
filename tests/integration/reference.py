"""An independent reference for a few ILS indicators (spec/indicators.md), computed in Python
from the events a test produced, to check the service's report against, not only against itself.

Only the city scope, and only indicators whose definition leaves no room for interpretation.
"""

import csv
import io
import json
from collections import defaultdict
from datetime import datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal

UTC = timezone.utc


def parse_time(s):
    return datetime.fromisoformat(s).astimezone(UTC)


def quarter_bounds(name):
    """Stockholm calendar quarter as [start, end) in UTC, for 2026/2027 (CET/CEST by month)."""
    year, q = int(name[:4]), int(name[5])

    def local_month_start(y, m):
        # 1 Jan: CET (+01:00); 1 Apr, 1 Jul, 1 Oct: CEST (+02:00).
        off = 1 if m == 1 else 2
        return datetime(y, m, 1, tzinfo=timezone(timedelta(hours=off))).astimezone(UTC)
    start = local_month_start(year, 3 * q - 2)
    end = local_month_start(year + 1, 1) if q == 4 else local_month_start(year, 3 * q + 1)
    return start, end


def in_quarter(t, name):
    lo, hi = quarter_bounds(name)
    return lo <= t < hi


def stockholm_hour(t):
    """Local hour in Stockholm of a UTC instant (EU DST rules; 2025-2027 suffice here)."""
    dst = {2025: (datetime(2025, 3, 30, 1, tzinfo=UTC), datetime(2025, 10, 26, 1, tzinfo=UTC)),
           2026: (datetime(2026, 3, 29, 1, tzinfo=UTC), datetime(2026, 10, 25, 1, tzinfo=UTC)),
           2027: (datetime(2027, 3, 28, 1, tzinfo=UTC), datetime(2027, 10, 31, 1, tzinfo=UTC))}[t.year]
    return (t + timedelta(hours=2 if dst[0] <= t < dst[1] else 1)).hour


def month_quarter(month):
    y, m = month.split("-")
    return "%sQ%d" % (y, (int(m) - 1) // 3 + 1)


def amount(v):
    """An amount as the service keeps it (events.md, "Limits of numbers"): the exact decimal
    text, to 6 decimals, rounded half away from zero (Decimal's ROUND_HALF_UP)."""
    return Decimal(v).quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)


def positive(score, scale):
    return 5 * score >= 4 * scale


class Reference:
    def __init__(self, json_texts):
        # Numbers with a fraction or an exponent as Decimal, never float: amounts stay exact.
        self.events = [json.loads(t, parse_float=Decimal) for t in json_texts]
        # Current catalog: latest occurred_at per service (the scenarios avoid ties).
        cat = {}
        for e in self.events:
            if e["type"] == "service.v1":
                t = parse_time(e["occurred_at"])
                if e["service_id"] not in cat or cat[e["service_id"]][0] < t:
                    cat[e["service_id"]] = (t, e)
        self.catalog = {sid: e for sid, (t, e) in cat.items() if not e.get("retired", False)}
        # Winning announcement revisions.
        ann = {}
        for e in self.events:
            if e["type"] == "announcement.v1":
                a = e["announcement_id"]
                if a not in ann or ann[a]["revision"] < e["revision"]:
                    ann[a] = e
        self.announcements = ann

    def of(self, typ):
        return [e for e in self.events if e["type"] == typ]

    def rows(self, quarter):
        """{indicator: (numerator, denominator or None)} for the city scope."""
        out = {}
        cat = list(self.catalog.values())
        if cat:
            out["ext.case_status_share"] = (sum(1 for e in cat if e["presents_case_status"]), len(cat))
            out["qual.wcag_aa_share"] = (sum(1 for e in cat if e["wcag_aa"]), len(cat))

        usage = [e for e in self.of("usage.v1") if in_quarter(parse_time(e["period_start"]), quarter)]
        if usage:
            digital = sum(e["cases"] for e in usage if e["channel"] == "digital")
            out["ext.digital_share"] = (digital, sum(e["cases"] for e in usage))
            if digital:
                out["ext.contact_details_share"] = (
                    sum(e.get("cases_with_contact_details", 0) for e in usage if e["channel"] == "digital"), digital)
        adoption = [e for e in self.of("adoption.v1") if in_quarter(parse_time(e["period_start"]), quarter)]
        if adoption:
            out["mat.license_utilization"] = (sum(e["active_users"] for e in adoption),
                                              sum(e["licensed_users"] for e in adoption))

        answers = [e for e in self.of("survey.v1") if in_quarter(parse_time(e["occurred_at"]), quarter)]

        def share(ind, question, groups):
            a = [e for e in answers if e["question"] == question and e["respondent_group"] in groups]
            if a:
                out[ind] = (sum(1 for e in a if positive(e["score"], e["scale_max"])), len(a))
        ext = ("citizen", "business", "visitor")
        share("ext.satisfied_share", "satisfaction", ext)
        share("ext.easy_to_find_share", "easy_to_find", ext)
        share("ext.meets_expectations_share", "meets_expectations", ext)
        share("ext.eased_contact_share", "eased_contact", ext)
        share("qual.drift_info_found_share", "drift_info_found", ext)
        share("int.cost_defensible_share", "cost_defensible", ("manager",))
        share("int.influence_share", "influence", ("manager",))
        share("mat.it_ability_share", "it_ability", ("staff",))

        costs = [e for e in self.of("cost.v1") if month_quarter(e["month"]) == quarter]
        if costs:
            total = sum(amount(e["amount_sek"]) for e in costs)
            out["cost.total_sek"] = (total, None)
            if total != 0:
                out["cost.portfolio_share"] = (
                    sum(amount(e["amount_sek"]) for e in costs if e["funding"] == "portfolio"), total)
            digital = sum(e["cases"] for e in usage if e["channel"] == "digital")
            if digital:
                out["cost.per_digital_case_sek"] = (total, digital)
        benefits = [e for e in self.of("benefit.v1") if month_quarter(e["month"]) == quarter]
        if benefits:
            out["int.realized_benefit_sek"] = (sum(amount(e["realized_sek"]) for e in benefits), None)
            out["int.hours_saved"] = (sum(amount(e["hours_saved"]) for e in benefits), None)
        invested = {sid: amount(e["investment_sek"]) for sid, e in self.catalog.items()
                    if e["investment_sek"] > 0}
        if invested:
            out["int.benefit_to_investment"] = (
                sum((amount(e["realized_sek"]) for e in benefits if e["service_id"] in invested), Decimal(0)),
                sum(invested.values()))

        anns = [a for a in self.announcements.values()
                if a["state"] != "cancelled" and in_quarter(parse_time(a["starts_at"]), quarter)]
        incidents = [a for a in anns if a["kind"] == "incident"]
        if incidents:
            out["qual.incidents"] = (len(incidents), None)
        restored = [a for a in incidents if a["state"] == "resolved" and a.get("ends_at")]
        if restored:
            mins = sum(Decimal((parse_time(a["ends_at"]) - parse_time(a["starts_at"])).total_seconds()) / 60
                       for a in restored)
            out["qual.mean_time_to_restore_minutes"] = (mins, len(restored))
        night = total = 0
        for a in anns:
            if a["kind"] != "planned_maintenance":
                continue
            start, end = parse_time(a["starts_at"]), parse_time(a["ends_at"])
            m = start.replace(second=0, microsecond=0)
            if m < start:
                m += timedelta(minutes=1)   # the first minute whose start lies in [starts_at, ends_at)
            while m < end:
                total += 1
                night += 1 if stockholm_hour(m) >= 22 or stockholm_hour(m) < 6 else 0
                m += timedelta(minutes=1)
        if total:
            out["qual.maintenance_night_share"] = (night, total)

        # Availability: minute verdicts from probes, maintenance first.
        maint = defaultdict(list)
        for a in self.announcements.values():
            if a["kind"] == "planned_maintenance" and a["state"] != "cancelled":
                for sid in a["service_ids"]:
                    maint[sid].append((parse_time(a["starts_at"]), parse_time(a["ends_at"])))
        minutes = defaultdict(lambda: defaultdict(lambda: [0, 0]))
        for e in self.of("probe.v1"):
            t = parse_time(e["occurred_at"])
            if not in_quarter(t, quarter):
                continue
            minute = t.replace(second=0, microsecond=0)
            minutes[(e["service_id"], minute)][e["location"]][0 if e["ok"] else 1] += 1
        up_deg = down = 0
        for (sid, minute), locs in minutes.items():
            if any(s <= minute < en for s, en in maint.get(sid, ())):
                continue
            n = len(locs)
            f = sum(1 for p, fl in locs.values() if fl >= 1 and fl >= p)
            if 2 * f > n:
                down += 1
            else:
                up_deg += 1
        if up_deg + down:
            out["qual.availability"] = (up_deg, up_deg + down)
        # Coverage: minutes not unknown (probed or under maintenance) over all minutes of the
        # quarter, for each service with at least one probe in it.
        probed = {sid for sid, _m in minutes}
        if probed:
            lo, hi = quarter_bounds(quarter)
            known = 0
            for sid in probed:
                covered = {m for s2, m in minutes if s2 == sid}
                for s0, e0 in maint.get(sid, ()):
                    m = max(s0, lo).replace(second=0, microsecond=0)
                    if m < max(s0, lo):
                        m += timedelta(minutes=1)
                    while m < min(e0, hi):
                        covered.add(m)
                        m += timedelta(minutes=1)
                known += len(covered)
            out["qual.monitoring_coverage"] = (known, len(probed) * int((hi - lo).total_seconds() // 60))
        return out


def parse_csv_report(data):
    """{(indicator, scope, scope_id): row dict} of a CSV report (bytes)."""
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))
    return {(r["indicator"], r["scope"], r["scope_id"]): r for r in rows}
