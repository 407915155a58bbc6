"""The staff admin API end to end (issue 17, items 1 and 2): strict commands,
PATCH with JSON Merge Patch and If-Match, the event on Kafka carrying what was
merged, GET /api/v1/announcements/{id} with every revision, and the filters of
the public list. Through the real binary, a standalone mock broker and kcat.
"""
import datetime
import json
import unittest

import test_status as env  # the module, not its classes: unittest must not collect them twice here
from harness import kcat_consume


def now():
    return datetime.datetime.now(datetime.timezone.utc)


class AdminIntegration(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.stack = env.StatusStack()
        cls.stack.produce([env.service_event("skolval", "Skolval"), env.service_event("bibliotek", "Bibliotekskonto")])
        cls.stack.wait_services(["skolval", "bibliotek"])

    @classmethod
    def tearDownClass(cls):
        cls.stack.close()

    def patch(self, path, body, if_match=None):
        headers = {"Content-Type": "application/merge-patch+json", "Authorization": f"Bearer {env.TOKEN}"}
        if if_match is not None:
            headers["If-Match"] = if_match
        status, headers, raw = self.stack.request("PATCH", path, json.dumps(body).encode(), headers)
        return status, headers, (json.loads(raw) if raw else None)

    def wait_revision(self, ann_id, revision):
        def check():
            status, headers, raw = self.stack.request("GET", f"/api/v1/announcements/{ann_id}")
            return status == 200 and json.loads(raw)["revision"] == revision and (headers, json.loads(raw))
        return env.wait_for(f"{ann_id} at revision {revision}", check)

    def test_patch_resolves_and_keeps_the_english_text(self):
        st = self.stack
        starts = now() - datetime.timedelta(minutes=20)
        created = {"announcement_id": "inlogg-patch", "kind": "incident", "service_ids": ["skolval"],
                   "state": "investigating", "starts_at": env.rfc3339(starts), "ends_at": None,
                   "title_sv": "Inloggningen fungerar inte", "body_sv": "Vi felsöker.",
                   "title_en": "Login is down", "body_en": "We are looking into it."}
        status, accepted = st.admin("POST", "/api/v1/announcements", created)
        self.assertEqual(status, 202, accepted)
        headers, first = self.wait_revision("inlogg-patch", 1)
        self.assertEqual(headers["etag"], '"rev-1"')
        self.assertEqual(headers["access-control-allow-origin"], "*")

        ends = env.rfc3339(now())
        resolve = {"state": "resolved", "ends_at": ends}
        self.assertEqual(self.patch("/api/v1/announcements/inlogg-patch", resolve)[0], 428)
        self.assertEqual(self.patch("/api/v1/announcements/inlogg-patch", resolve, '"rev-0"')[0], 409)
        self.assertEqual(self.patch("/api/v1/announcements/nope", resolve, '"rev-1"')[0], 404)
        status, headers, accepted = self.patch("/api/v1/announcements/inlogg-patch", resolve, '"rev-1"')
        self.assertEqual(status, 202, accepted)
        self.assertEqual(accepted["revision"], 2)
        self.assertEqual(headers["etag"], '"rev-2"')
        # The same If-Match again is stale now, folded or not.
        status, headers, _ = self.patch("/api/v1/announcements/inlogg-patch", {"state": "monitoring"}, '"rev-1"')
        self.assertEqual(status, 409)
        self.assertEqual(headers["etag"], '"rev-2"')

        headers, doc = self.wait_revision("inlogg-patch", 2)
        self.assertEqual(headers["etag"], '"rev-2"')
        self.assertEqual(doc["state"], "resolved")
        self.assertEqual(doc["ends_at"], ends)
        self.assertEqual(doc["title_en"], "Login is down")
        self.assertEqual(doc["body_en"], "We are looking into it.")
        self.assertEqual(doc["title_sv"], "Inloggningen fungerar inte")
        self.assertEqual([u["revision"] for u in doc["updates"]], [1, 2])
        self.assertEqual([u["state"] for u in doc["updates"]], ["investigating", "resolved"])
        self.assertEqual([u["title_en"] for u in doc["updates"]], ["Login is down", "Login is down"])
        # The same object as in the list.
        listed = [a for a in st.json("/api/v1/announcements?limit=100")["announcements"]
                  if a["announcement_id"] == "inlogg-patch"]
        self.assertEqual(listed, [doc])

        # The event on Kafka carries what was merged.
        events = [json.loads(m["payload"]) for m in kcat_consume(st.brokers, "followup.announcements")
                  if m.get("key") == "inlogg-patch"]
        self.assertEqual([e["revision"] for e in events], [1, 2])
        merged = events[1]
        self.assertEqual(merged["type"], "announcement.v1")
        self.assertEqual(merged["state"], "resolved")
        self.assertEqual(merged["ends_at"], ends)
        self.assertEqual(merged["title_en"], "Login is down")
        self.assertEqual(merged["body_en"], "We are looking into it.")
        self.assertEqual(merged["body_sv"], "Vi felsöker.")
        self.assertEqual(merged["service_ids"], ["skolval"])
        self.assertEqual(merged["starts_at"], env.rfc3339(starts))

    def test_commands_are_strict(self):
        st = self.stack
        body = {"kind": "planned_maintenance", "service_ids": ["bibliotek"], "state": "investigating",
                "starts_at": env.rfc3339(now() + datetime.timedelta(days=1)),
                "ends_at": env.rfc3339(now() + datetime.timedelta(days=1, hours=1)),
                "title_sv": "Underhåll", "body_sv": "", "ends_on": "x", "titel_sv": "y"}
        status, errors = st.admin("POST", "/api/v1/announcements", body)
        self.assertEqual(status, 400)
        fields = sorted(e["field"] for e in errors["errors"])
        self.assertEqual(fields, ["ends_on", "state", "titel_sv"])
        status, errors = st.admin("POST", "/api/v1/announcements",
                                  dict(body, kind="incident", state="scheduled", ends_on=None, titel_sv=None))
        self.assertEqual(status, 400)
        self.assertIn("state", [e["field"] for e in errors["errors"]])

    def test_list_filters(self):
        st = self.stack
        soon = now() + datetime.timedelta(days=2)
        maint = {"announcement_id": "filter-maint", "kind": "planned_maintenance", "service_ids": ["bibliotek"],
                 "state": "scheduled", "starts_at": env.rfc3339(soon),
                 "ends_at": env.rfc3339(soon + datetime.timedelta(hours=2)), "title_sv": "Underhåll", "body_sv": ""}
        past = {"announcement_id": "filter-past", "kind": "incident", "service_ids": ["bibliotek"],
                "state": "resolved", "starts_at": env.rfc3339(now() - datetime.timedelta(days=3)),
                "ends_at": env.rfc3339(now() - datetime.timedelta(days=3) + datetime.timedelta(hours=1)),
                "title_sv": "Löst fel", "body_sv": ""}
        for body in (maint, past):
            self.assertEqual(st.admin("POST", "/api/v1/announcements", body)[0], 202)
        self.wait_revision("filter-maint", 1)
        self.wait_revision("filter-past", 1)

        def ids(query):
            return [a["announcement_id"] for a in st.json("/api/v1/announcements?limit=100&" + query)["announcements"]]
        self.assertEqual(ids("service=bibliotek"), ["filter-maint", "filter-past"])
        self.assertEqual(ids("service=bibliotek&kind=planned_maintenance"), ["filter-maint"])
        self.assertEqual(ids("service=bibliotek&state=resolved"), ["filter-past"])
        self.assertEqual(ids("service=bibliotek&open=true"), ["filter-maint"])
        self.assertEqual(ids("service=bibliotek&open=false"), ["filter-past"])
        # The next page keeps the filters.
        page = st.json("/api/v1/announcements?limit=1&service=bibliotek")
        self.assertEqual(page["next_url"], "/api/v1/announcements?before=" + maint["starts_at"] +
                         "&limit=1&service=bibliotek")
        for query in ["kind=outage", "state=open", "open=yes", "service=Bad!", "service=okand"]:
            status, headers, raw = st.request("GET", "/api/v1/announcements?" + query)
            self.assertEqual(status, 400, query)
            self.assertEqual(headers["content-type"], "application/json", query)
            self.assertIn("error", json.loads(raw), query)

    def test_refused_tokens_are_counted_and_never_logged(self):
        st = self.stack
        guess = "guessed-token-that-must-never-be-logged"
        def failures():
            out = {}
            for line in st.request("GET", "/metrics")[2].decode().splitlines():
                if line.startswith("followup_admin_auth_failures_total{"):
                    out[line.split('"')[1]] = float(line.rsplit(" ", 1)[1])
            return out
        before = failures()
        self.assertEqual(set(before), {"missing", "wrong", "forbidden", "throttled"})
        self.assertEqual(st.admin("POST", "/api/v1/announcements", {}, token=guess)[0], 401)
        self.assertEqual(st.admin("POST", "/api/v1/announcements", {}, token=None)[0], 401)
        after = failures()
        self.assertEqual(after["wrong"] - before["wrong"], 1)
        self.assertEqual(after["missing"] - before["missing"], 1)
        log = st.log("serve")
        self.assertIn("admin: refused POST /api/v1/announcements: wrong bearer token", log)
        self.assertNotIn(guess, log)
        self.assertNotIn(env.TOKEN, log)

    def test_get_unknown_announcement_is_404(self):
        status, _, raw = self.stack.request("GET", "/api/v1/announcements/finns-inte")
        self.assertEqual(status, 404)
        self.assertIn("error", json.loads(raw))


if __name__ == "__main__":
    unittest.main()
