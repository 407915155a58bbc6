// A service's history page and the archive (history_render.h), in Swedish
// and English, from the templates service_history, day_bars, day_table,
// archive, archived_announcement, history_footer and bad_address
// (templates.h).
#include <algorithm>

#include "readmodels/citizen_html.h"
#include "readmodels/history_render.h"
#include "readmodels/status_render.h"

namespace followup {
namespace {

const PageTexts& Other(const PageTexts& t) { return TextsFor(t.lang == Lang::kSv ? Lang::kEn : Lang::kSv); }

// A title is one line: its line breaks (CR, LF) become spaces.
std::string OneLine(std::string s) {
  for (char& c : s)
    if (c == '\r' || c == '\n') c = ' ';
  return s;
}

// key: the text in the page's language (false when there is none), key_sv:
// whether it is the Swedish fallback on an English page. A body keeps its
// line breaks (<br>), a title is one line. Every key is set, so that a
// section never finds the key of an enclosing object.
void SetText(mustache::data* x, const PageTexts& t, const std::string& key, std::string_view sv,
             std::string_view en, bool body) {
  LocalText l = InPageLanguage(t, sv, en);
  if (l.text.empty())
    x->set(key, false);
  else
    x->set(key, TemplateString(body ? HtmlTextWithBreaks(l.text) : OneLine(l.text)));
  x->set(key + "_sv", l.sv_fallback);
}

std::string MinutesDetail(const PageTexts& t, const DayHistory& d) {
  std::string out;
  auto add = [&out](int64_t n, const Text& what) {
    if (n > 0) out += (out.empty() ? "" : ", ") + std::to_string(n) + " min " + what.str();
  };
  add(d.down, t.minutes_down);
  add(d.degraded, t.minutes_degraded);
  add(d.maintenance, t.minutes_maintenance);
  add(d.unknown, t.minutes_unknown);
  return out.empty() ? "–" : out;
}

std::string DaySummary(const PageTexts& t, const DayHistory& d) {
  std::string out = t.date(d.day) + ": " + t.level_label(DayLevel(d));
  if (d.has_availability())
    out += t.day_availability.str() + t.percent(d.up + d.degraded, d.observed());
  else
    out += t.day_no_measurement.str();
  if (!d.announcements.empty()) out += t.day_announcements(d.announcements.size());
  return out;
}

// templates/day_bars.mustache: a bar per day (its summary for screen
// readers), the axis and the key.
std::string AvailabilityBar(const PageTexts& t, const ServiceHistory& h) {
  mustache::data d;
  mustache::data days{mustache::data::type::list};
  for (const auto& day : h.days) {
    mustache::data x;
    x.set("level", TemplateString(LevelName(DayLevel(day))));
    x.set("summary", TemplateString(DaySummary(t, day)));
    days.push_back(x);
  }
  d.set("days", days);
  // No day yet (a service catalogued today, before its first day is summed): no axis start.
  if (!h.days.empty()) d.set("first_day", TemplateString(t.date(h.days.front().day)));
  mustache::data keys{mustache::data::type::list};
  for (StatusLevel l : {StatusLevel::kOperational, StatusLevel::kDegraded, StatusLevel::kOutage,
                        StatusLevel::kMaintenance, StatusLevel::kUnknown}) {
    const Text& what = l == StatusLevel::kOperational   ? t.key_operational
                       : l == StatusLevel::kDegraded    ? t.key_degraded
                       : l == StatusLevel::kOutage      ? t.key_outage
                       : l == StatusLevel::kMaintenance ? t.key_maintenance
                                                        : t.key_unknown;
    mustache::data x;
    x.set("level", TemplateString(LevelName(l)));
    x.set("label", TemplateString(l == StatusLevel::kUnknown ? t.key_unknown_label.str() : t.level_label(l)));
    x.set("what", TemplateString(what.str()));
    keys.push_back(x);
  }
  d.set("keys", keys);
  return RenderPage(t, "day_bars", d);
}

// templates/day_table.mustache: the days as a table, the latest first.
std::string DayTable(const PageTexts& t, const ServiceHistory& h) {
  mustache::data d;
  mustache::data days{mustache::data::type::list};
  for (auto it = h.days.rbegin(); it != h.days.rend(); ++it) {
    const DayHistory& day = *it;
    mustache::data x;
    x.set("date", TemplateString(t.date(day.day)));
    x.set("level", TemplateString(t.level_label(DayLevel(day))));
    x.set("availability",
          TemplateString(day.has_availability() ? t.percent(day.up + day.degraded, day.observed()) : "–"));
    x.set("minutes", TemplateString(MinutesDetail(t, day)));
    days.push_back(x);
  }
  d.set("days", days);
  return RenderPage(t, "day_table", d);
}

// One announcement with its update timeline. heading: "h2"/"h3".
std::string ArchivedHtml(const PageTexts& t, const ArchivedAnnouncement& x, TimeMs now, const char* heading) {
  const AnnouncementEvent& a = x.a;
  mustache::data d;
  d.set("anchor", TemplateString(AnnouncementAnchor(a.announcement_id)));
  d.set("level", TemplateString(a.kind == AnnouncementKind::kIncident ? "degraded" : "maintenance"));
  d.set("h", TemplateString(heading));
  d.set("sub", TemplateString(heading[1] == '2' ? "h3" : "h4"));
  SetText(&d, t, "title", a.title_sv, a.title_en, false);
  SetText(&d, t, "body", a.body_sv, a.body_en, true);
  LocalText plain = InPageLanguage(t, a.title_sv, a.title_en);
  d.set("plain_title", TemplateString(OneLine(plain.text)));
  std::string meta = t.word(AnnouncementKindSv(a.kind)) + " · " + t.word(AnnouncementStatusSv(a, x.phase)) +
                     " · " + TimeRangeText(t, a.starts_at, a.ends_at);
  if (a.kind == AnnouncementKind::kIncident && a.ends_at && *a.ends_at > now &&
      x.phase != AnnouncementPhase::kPast)
    meta += t.estimated_end.str();
  d.set("meta", TemplateString(meta));
  mustache::data services{mustache::data::type::list};
  for (size_t i = 0; i < x.service_ids.size(); ++i) {
    mustache::data s;
    s.set("first", i == 0);
    s.set("path", TemplateString(t.history_path(x.service_ids[i])));
    s.set("name", TemplateString(x.service_names[i]));
    services.push_back(s);
  }
  d.set("services", services);
  // The Swedish page shows the English text too (lang="en").
  if (t.lang == Lang::kSv && (!a.title_en.empty() || !a.body_en.empty())) {
    mustache::data o;
    o.set("other_lang", TemplateString("en"));
    o.set("other_title", a.title_en.empty() ? mustache::data(false) : TemplateString(OneLine(a.title_en)));
    o.set("other_body",
          a.body_en.empty() ? mustache::data(false) : TemplateString(HtmlTextWithBreaks(a.body_en)));
    d.set("other", o);
  }
  d.set("has_updates", !x.updates.empty());
  mustache::data updates{mustache::data::type::list};
  for (const auto& u : x.updates) {
    mustache::data e;
    e.set("datetime", TemplateString(FormatRfc3339Utc(u.occurred_at)));
    e.set("when", TemplateString(t.date_time(u.occurred_at)));
    e.set("state", TemplateString(t.word(UpdateStateSv(a.kind, u.state))));
    SetText(&e, t, "title", u.title_sv, u.title_en, false);
    SetText(&e, t, "body", u.body_sv, u.body_en, true);
    updates.push_back(e);
  }
  d.set("updates", updates);
  d.set("permalink", TemplateString(AnnouncementPermalink(a, t.lang)));
  return RenderPage(t, "archived_announcement", d);
}

std::string Footer(const PageTexts& t) {
  mustache::data d;
  return RenderPage(t, "history_footer", d);
}

mustache::data AnnouncementList(const PageTexts& t, const ArchivePage& p, TimeMs now) {
  mustache::data list{mustache::data::type::list};
  for (const auto& x : p.items) {
    mustache::data e;
    e.set("html", TemplateString(ArchivedHtml(t, x, now, "h3")));
    list.push_back(e);
  }
  return list;
}

}  // namespace

std::string RenderServiceHistoryHtml(const ServiceStatus& st, const ServiceHistory& h,
                                     const ResponseTimes& rt, const ArchivePage& anns, TimeMs now, Lang lang,
                                     bool subscribe_link) {
  const PageTexts& t = TextsFor(lang);
  PageLinks links{t.history_path(st.service_id), Other(t).history_path(st.service_id)};
  mustache::data d;
  d.set("head", TemplateString(PageHeadHtml(t, t.history_title(st.name), links)));
  d.set("header", TemplateString(PageHeaderHtml(t, t.history_h1_before, t.history_lead(h.days.size()), links,
                                                st.name, t.history_h1_after)));
  d.set("checked", TemplateString(t.checked(st.newest_probe_at)));
  if (subscribe_link) d.set("subscribe", TemplateString(t.subscribe_path.str() + "?tjanst=" + st.service_id));
  d.set("level", TemplateString(LevelName(st.level)));
  d.set("badge", TemplateString(LevelBadgeHtml(t, st.level)));
  d.set("since", TemplateString(SinceText(t, st, now)));
  d.set("explanation", TemplateString(t.explain(st.facts)));
  if (st.level != StatusLevel::kOperational)
    d.set("alternatives", TemplateString(AlternativesBlockHtml(t, st, "h3")));
  int64_t num = 0, den = 0;
  for (const auto& day : h.days) {
    num += day.up + day.degraded;
    den += day.observed();
  }
  d.set("days_heading", TemplateString(t.days_heading(h.days.size())));
  d.set("availability",
        TemplateString(den ? t.availability_sentence(t.percent(num, den)) : t.no_measurements_period.str()));
  d.set("bar", TemplateString(AvailabilityBar(t, h)));
  d.set("day_table", TemplateString(DayTable(t, h)));
  d.set("rt_intro", TemplateString(t.rt_intro(t.date_time(rt.from), t.date_time(rt.to))));
  d.set("chart", TemplateString(RenderResponseTimeSvg(rt, lang)));
  d.set("legend", TemplateString(ResponseTimeLegendHtml(rt, lang)));
  d.set("rt_table", TemplateString(ResponseTimeTableHtml(rt, lang)));
  d.set("announcements", AnnouncementList(t, anns, now));
  d.set("more", anns.next_before.has_value());
  d.set("footer", TemplateString(Footer(t)));
  return RenderPage(t, "service_history", d);
}

std::string RenderArchiveHtml(const ArchivePage& p, const std::optional<TimeMs>& before, TimeMs now,
                              Lang lang) {
  const PageTexts& t = TextsFor(lang);
  std::string query = before ? "?before=" + FormatRfc3339Utc(*before) : "";
  PageLinks links{t.archive_path.str() + query, Other(t).archive_path.str() + query};
  mustache::data d;
  d.set("head", TemplateString(PageHeadHtml(t, t.archive_title, links)));
  d.set("header", TemplateString(PageHeaderHtml(t, t.archive_h1, t.archive_lead, links)));
  d.set("updated", TemplateString(t.updated_prefix.str() + t.date_time(now)));
  if (before) d.set("before", TemplateString(t.archive_before(t.date_time(*before))));
  d.set("announcements", AnnouncementList(t, p, now));
  if (p.next_before)
    d.set("older", TemplateString(t.archive_path.str() + "?before=" + FormatRfc3339Utc(*p.next_before)));
  d.set("footer", TemplateString(Footer(t)));
  return RenderPage(t, "archive", d);
}

std::string RenderBadAddressHtml(Lang lang) {
  const PageTexts& t = TextsFor(lang);
  mustache::data d;
  d.set("head", TemplateString(PageHeadHtml(t, t.bad_address_title)));
  d.set("language_link", TemplateString(LanguageLinkHtml(t, {"", Other(t).archive_path.str()})));
  return RenderPage(t, "bad_address", d);
}

}  // namespace followup
