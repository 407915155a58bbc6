#include "readmodels/citizen_html.h"

#include "common/escape.h"
#include "readmodels/status_render.h"  // InformationMayBeStale

namespace followup {

bool HttpUrl(std::string_view u) {
  if (!(u.rfind("https://", 0) == 0 || u.rfind("http://", 0) == 0)) return false;
  for (unsigned char ch : u)
    if (ch <= 0x20 || ch == 0x7f || ch == '"' || ch == '<' || ch == '>' || ch == '\\') return false;
  return true;
}

namespace {

std::string TelHref(std::string_view contact) {
  std::string digits;
  for (size_t i = 0; i < contact.size(); ++i) {
    char ch = contact[i];
    if ((ch >= '0' && ch <= '9') || (ch == '+' && digits.empty()))
      digits.push_back(ch);
    else if (!(ch == ' ' || ch == '-' || ch == '(' || ch == ')' || ch == '.'))
      return "";
  }
  return digits.size() >= 3 ? "tel:" + digits : "";
}

bool EmailAddress(std::string_view s) {
  auto at = s.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 >= s.size() ||
      s.find('@', at + 1) != std::string_view::npos)
    return false;
  for (char ch : s) {
    bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '.' ||
              ch == '_' || ch == '-' || ch == '+' || ch == '@';
    if (!ok) return false;
  }
  return s.find('.', at) != std::string_view::npos;
}

// The link a contact may carry: "" when it is none of a dialable number, an
// e-mail address or an http(s) address.
std::string ContactHref(const Alternative& a) {
  std::string href;
  switch (a.channel) {
    case AltChannel::kPhone:
      href = TelHref(a.contact);
      break;
    case AltChannel::kEmail:
      if (EmailAddress(a.contact)) href = "mailto:" + a.contact;
      break;
    case AltChannel::kWeb:
    case AltChannel::kVisit:
      if (HttpUrl(a.contact)) href = a.contact;
      break;
  }
  return href;
}

}  // namespace

const char* LevelIconSvg(StatusLevel l) {
  switch (l) {
    case StatusLevel::kOperational:
      return "<svg class=\"icon\" viewBox=\"0 0 20 20\" aria-hidden=\"true\" focusable=\"false\">"
             "<circle cx=\"10\" cy=\"10\" r=\"9.5\" fill=\"currentColor\"/>"
             "<path d=\"M5.2 10.4l3.1 3.1 6.4-6.8\" fill=\"none\" class=\"i-fg\" stroke=\"#fff\" stroke-width=\"2.4\"/></svg>";
    case StatusLevel::kDegraded:
      return "<svg class=\"icon\" viewBox=\"0 0 20 20\" aria-hidden=\"true\" focusable=\"false\">"
             "<path d=\"M10 .8L19.6 18.6H.4z\" fill=\"currentColor\"/>"
             "<rect x=\"8.9\" y=\"6.5\" width=\"2.2\" height=\"6.5\" class=\"i-fgf\" fill=\"#fff\"/>"
             "<rect x=\"8.9\" y=\"14.3\" width=\"2.2\" height=\"2.2\" class=\"i-fgf\" fill=\"#fff\"/></svg>";
    case StatusLevel::kOutage:
      return "<svg class=\"icon\" viewBox=\"0 0 20 20\" aria-hidden=\"true\" focusable=\"false\">"
             "<path d=\"M6 .5h8L19.5 6v8L14 19.5H6L.5 14V6z\" fill=\"currentColor\"/>"
             "<path d=\"M6.3 6.3l7.4 7.4M13.7 6.3l-7.4 7.4\" class=\"i-fg\" stroke=\"#fff\" stroke-width=\"2.4\"/></svg>";
    case StatusLevel::kMaintenance:
      return "<svg class=\"icon\" viewBox=\"0 0 20 20\" aria-hidden=\"true\" focusable=\"false\">"
             "<rect x=\".5\" y=\".5\" width=\"19\" height=\"19\" rx=\"3\" fill=\"currentColor\"/>"
             "<circle cx=\"10\" cy=\"10\" r=\"6\" fill=\"none\" class=\"i-fg\" stroke=\"#fff\" stroke-width=\"1.8\"/>"
             "<path d=\"M10 6.2V10l2.6 1.8\" fill=\"none\" class=\"i-fg\" stroke=\"#fff\" stroke-width=\"1.8\"/></svg>";
    case StatusLevel::kUnknown:
      return "<svg class=\"icon\" viewBox=\"0 0 20 20\" aria-hidden=\"true\" focusable=\"false\">"
             "<circle cx=\"10\" cy=\"10\" r=\"8.6\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"2\" "
             "stroke-dasharray=\"3.2 2.2\"/>"
             "<path d=\"M7.4 7.6a2.7 2.7 0 1 1 3.6 2.5c-.7.3-1 .8-1 1.5v.9\" fill=\"none\" stroke=\"currentColor\" "
             "stroke-width=\"2\"/><rect x=\"9\" y=\"13.8\" width=\"2\" height=\"2\" fill=\"currentColor\"/></svg>";
  }
  return "";
}

mustache::data TextsData(const PageTexts& t) {
  mustache::data o;
  o.set("html_lang", t.html_lang.str());
  o.set("other_lang", t.other_lang.str());
  o.set("other_lang_link", t.other_lang_link.str());
  o.set("home_path", t.home_path.str());
  o.set("archive_path", t.archive_path.str());
  o.set("since_prefix", t.since_prefix.str());
  o.set("since_more_than_a_day", t.since_more_than_a_day.str());
  o.set("from_prefix", t.from_prefix.str());
  o.set("skip_link", t.skip_link.str());
  o.set("org", t.org.str());
  o.set("feed_title", t.feed_title.str());
  o.set("live_updated", t.live_updated.str());
  o.set("live_new_info", t.live_new_info.str());
  o.set("live_new_info_reload", t.live_new_info_reload.str());
  o.set("stale_heading", t.stale_heading.str());
  o.set("stale_not_ready", t.stale_not_ready.str());
  o.set("stale_none", t.stale_none.str());
  o.set("new_window", t.new_window.str());
  o.set("page_title", t.page_title.str());
  o.set("page_h1", t.page_h1.str());
  o.set("page_lead", t.page_lead.str());
  o.set("all_normal", t.all_normal.str());
  o.set("no_services", t.no_services.str());
  o.set("now_heading", t.now_heading.str());
  o.set("none_affected", t.none_affected.str());
  o.set("planned_heading", t.planned_heading.str());
  o.set("none_planned", t.none_planned.str());
  o.set("affects", t.affects.str());
  o.set("all_heading", t.all_heading.str());
  o.set("groups_intro", t.groups_intro.str());
  o.set("filter_hint", t.filter_hint.str());
  o.set("filter_label", t.filter_label.str());
  o.set("filter_none", t.filter_none.str());
  o.set("filter_shown", t.filter_shown.str());
  o.set("groups_heading", t.groups_heading.str());
  o.set("group_caption", t.group_caption.str());
  o.set("col_service", t.col_service.str());
  o.set("col_status", t.col_status.str());
  o.set("col_since", t.col_since.str());
  o.set("to_groups", t.to_groups.str());
  o.set("history_short", t.history_short.str());
  o.set("history_for", t.history_for.str());
  o.set("owner_none", t.owner_none.str());
  o.set("footer_feed_intro", t.footer_feed_intro.str());
  o.set("footer_feed_link", t.footer_feed_link.str());
  o.set("footer_archive_intro", t.footer_archive_intro.str());
  o.set("footer_archive_link", t.footer_archive_link.str());
  o.set("footer_open_data", t.footer_open_data.str());
  o.set("footer_json_link", t.footer_json_link.str());
  o.set("footer_summary_link", t.footer_summary_link.str());
  o.set("footer_calendar_link", t.footer_calendar_link.str());
  o.set("footer_calendar_after", t.footer_calendar_after.str());
  o.set("footer_widget_intro", t.footer_widget_intro.str());
  o.set("footer_widget_path", t.footer_widget_path.str());
  o.set("widget_prefix", t.widget_prefix.str());
  o.set("alternatives_heading", t.alternatives_heading.str());
  o.set("no_alternatives", t.no_alternatives.str());
  o.set("more_announcements_link", t.more_announcements_link.str());
  o.set("history_link_before", t.history_link_before.str());
  o.set("history_link_after", t.history_link_after.str());
  o.set("upcoming_incident", t.upcoming_incident.str());
  o.set("upcoming_maintenance", t.upcoming_maintenance.str());
  o.set("estimated_end", t.estimated_end.str());
  o.set("all_services_link", t.all_services_link.str());
  o.set("unknown_title", t.unknown_title.str());
  o.set("unknown_h1", t.unknown_h1.str());
  o.set("unknown_text", t.unknown_text.str());
  o.set("unknown_link", t.unknown_link.str());
  o.set("history_h1_before", t.history_h1_before.str());
  o.set("history_h1_after", t.history_h1_after.str());
  o.set("history_now", t.history_now.str());
  o.set("crumbs_label", t.crumbs_label.str());
  o.set("archive_link", t.archive_link.str());
  o.set("no_measurements_period", t.no_measurements_period.str());
  o.set("bars_hint", t.bars_hint.str());
  o.set("today", t.today.str());
  o.set("key_operational", t.key_operational.str());
  o.set("key_degraded", t.key_degraded.str());
  o.set("key_outage", t.key_outage.str());
  o.set("key_maintenance", t.key_maintenance.str());
  o.set("key_unknown_label", t.key_unknown_label.str());
  o.set("key_unknown", t.key_unknown.str());
  o.set("day_table_summary", t.day_table_summary.str());
  o.set("day_table_region", t.day_table_region.str());
  o.set("day_table_caption", t.day_table_caption.str());
  o.set("col_day", t.col_day.str());
  o.set("col_availability", t.col_availability.str());
  o.set("col_disturbances", t.col_disturbances.str());
  o.set("minutes_down", t.minutes_down.str());
  o.set("minutes_degraded", t.minutes_degraded.str());
  o.set("minutes_maintenance", t.minutes_maintenance.str());
  o.set("minutes_unknown", t.minutes_unknown.str());
  o.set("day_availability", t.day_availability.str());
  o.set("day_no_measurement", t.day_no_measurement.str());
  o.set("rt_heading", t.rt_heading.str());
  o.set("chart_none", t.chart_none.str());
  o.set("chart_location", t.chart_location.str());
  o.set("chart_no_passed", t.chart_no_passed.str());
  o.set("rt_table_summary", t.rt_table_summary.str());
  o.set("rt_table_region", t.rt_table_region.str());
  o.set("rt_table_caption", t.rt_table_caption.str());
  o.set("col_hour", t.col_hour.str());
  o.set("service_announcements_heading", t.service_announcements_heading.str());
  o.set("no_service_announcements", t.no_service_announcements.str());
  o.set("older_in_archive", t.older_in_archive.str());
  o.set("timeline_heading", t.timeline_heading.str());
  o.set("permalink", t.permalink.str());
  o.set("archive_title", t.archive_title.str());
  o.set("archive_h1", t.archive_h1.str());
  o.set("archive_lead", t.archive_lead.str());
  o.set("updated_prefix", t.updated_prefix.str());
  o.set("archive_heading", t.archive_heading.str());
  o.set("archive_none", t.archive_none.str());
  o.set("pager_label", t.pager_label.str());
  o.set("pager_newest", t.pager_newest.str());
  o.set("pager_older", t.pager_older.str());
  o.set("footer_feed_short", t.footer_feed_short.str());
  o.set("bad_address_title", t.bad_address_title.str());
  o.set("bad_address_h1", t.bad_address_h1.str());
  o.set("bad_address_text", t.bad_address_text.str());
  o.set("bad_address_link", t.bad_address_link.str());
  o.set("subscribe_path", t.subscribe_path.str());
  o.set("subscribe_link", t.subscribe_link.str());
  o.set("subscribe_service_link", t.subscribe_service_link.str());
  return o;
}

std::string RenderPage(const PageTexts& t, std::string_view name, const mustache::data& d) {
  static const mustache::data sv = [] {
    mustache::data root;
    root.set("t", TextsData(kTextsSv));
    return root;
  }();
  static const mustache::data en = [] {
    mustache::data root;
    root.set("t", TextsData(kTextsEn));
    root.set("swedish_names", true);
    return root;
  }();
  return RenderTemplate(name, d, Escaping::kHtml, t.lang == Lang::kEn ? &en : &sv);
}

std::string PageHeadHtml(const PageTexts& t, std::string_view title, const PageLinks& links) {
  mustache::data d;
  d.set("lang", TemplateString(t.html_lang.str()));
  d.set("title", TemplateString(std::string(title)));
  d.set("css", TemplateString(std::string(EmbeddedFile("page.css"))));
  d.set("feed_title", TemplateString(t.feed_title.str()));
  d.set("has_alternate", !links.other.empty());
  d.set("self_path", TemplateString(links.self));
  d.set("other_lang", TemplateString(t.other_lang.str()));
  d.set("other_path", TemplateString(links.other));
  return RenderPage(t, "head", d);
}

std::string PageHeaderHtml(const PageTexts& t, std::string_view h1, std::string_view lead,
                           const PageLinks& links, std::string_view h1_name, std::string_view h1_after) {
  mustache::data d;
  d.set("skip_link", TemplateString(t.skip_link.str()));
  d.set("org", TemplateString(t.org.str()));
  d.set("h1", TemplateString(std::string(h1)));
  if (!h1_name.empty()) {
    d.set("h1_name", TemplateString(std::string(h1_name)));
    d.set("h1_after", TemplateString(std::string(h1_after)));
  }
  d.set("lead", TemplateString(std::string(lead)));
  d.set("has_alternate", !links.other.empty());
  d.set("other_lang", TemplateString(t.other_lang.str()));
  d.set("other_lang_link", TemplateString(t.other_lang_link.str()));
  d.set("other_path", TemplateString(links.other));
  return RenderPage(t, "page_header", d);
}

std::string LanguageLinkHtml(const PageTexts& t, const PageLinks& links) {
  if (links.other.empty()) return "";
  mustache::data d;
  d.set("href", TemplateString(links.other));
  d.set("lang", TemplateString(t.other_lang.str()));
  d.set("link", TemplateString(t.other_lang_link.str()));
  return RenderTemplate("lang_link", d);
}

std::string LevelBadgeHtml(const PageTexts& t, StatusLevel l) {
  mustache::data d;
  d.set("icon", TemplateString(LevelIconSvg(l)));  // a constant of this file: markup, not text
  d.set("label", TemplateString(t.level_label(l)));
  return RenderTemplate("level_badge", d);
}

std::string AlternativesBlockHtml(const PageTexts& t, const ServiceStatus& s, const char* heading) {
  mustache::data d;
  d.set("h", TemplateString(heading));
  d.set("has_alternatives", !s.alternatives.empty());
  mustache::data list{mustache::data::type::list};
  for (const auto& a : s.alternatives) {
    mustache::data x;
    x.set("channel", TemplateString(t.word(AltChannelSv(a.channel))));
    x.set("label", TemplateString(a.label));
    x.set("contact", TemplateString(a.contact));
    std::string href = ContactHref(a);
    if (!href.empty()) x.set("href", TemplateString(href));
    list.push_back(x);
  }
  d.set("alternatives", list);
  return RenderPage(t, "alternatives", d);
}

std::string SinceText(const PageTexts& t, const ServiceStatus& s, TimeMs now) {
  if (s.since_lower_bound) return t.since_more_than_a_day.str();
  if (SameLocalDay(s.since, now)) return t.since_prefix.str() + t.at_clock(s.since);
  return t.since_prefix.str() + t.date_time(s.since);
}

std::string TimeRangeText(const PageTexts& t, TimeMs from, const std::optional<TimeMs>& to) {
  std::string out = t.date_time(from);
  if (!to) return t.from_prefix.str() + out;
  out += " – ";
  out += SameLocalDay(from, *to) ? t.clock(*to) : t.date_time(*to);
  return out;
}

std::string HtmlTextWithBreaks(std::string_view s) {
  std::string e = HtmlEscape(s), out;
  out.reserve(e.size());
  for (char ch : e) {
    if (ch == '\n')
      out += "<br>";
    else if (ch != '\r')
      out.push_back(ch);
  }
  return out;
}

std::string StaleBannerHtml(const PageTexts& t, bool ready, const std::optional<TimeMs>& newest, TimeMs now) {
  if (!InformationMayBeStale(ready, newest, now)) return "";
  std::string why;
  if (!ready) why = t.stale_not_ready.str();
  if (newest)
    why += t.stale_newest(SameLocalDay(*newest, now) ? t.at_clock(*newest) : t.date_time(*newest));
  else
    why += t.stale_none.str();
  mustache::data d;
  d.set("icon", TemplateString(LevelIconSvg(StatusLevel::kUnknown)));
  d.set("why", TemplateString(why));
  return RenderPage(t, "stale", d);
}

LocalText InPageLanguage(const PageTexts& t, std::string_view sv, std::string_view en) {
  if (t.lang == Lang::kSv) return {std::string(sv), false};
  if (!en.empty()) return {std::string(en), false};
  return {std::string(sv), !sv.empty()};
}

std::string ServiceNames(const CityStatus& c, const AnnouncementInfo& info) {
  std::string out;
  for (size_t i : info.services) out += (out.empty() ? "" : ", ") + c.services[i].name;
  return out;
}

const std::string& StatusAppJs() {
  static const std::string js(EmbeddedFile("app.js"));
  return js;
}

}  // namespace followup
