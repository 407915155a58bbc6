// The status page, the widget and the unknown service's page
// (status_render.h), in Swedish and English, from the templates
// status_page, service_card, alternatives, overall, stale, widget,
// widget_tail and unknown_service (templates.h).
#include <algorithm>
#include <map>
#include <set>

#include "common/collate.h"
#include "common/escape.h"
#include "readmodels/citizen_html.h"
#include "readmodels/status_render.h"

namespace followup {
namespace {

int Severity(StatusLevel l) {
  switch (l) {
    case StatusLevel::kOutage:
      return 0;
    case StatusLevel::kDegraded:
      return 1;
    case StatusLevel::kMaintenance:
      return 2;
    case StatusLevel::kUnknown:
      return 3;
    case StatusLevel::kOperational:
      return 4;
  }
  return 4;
}

std::string OverallHtml(const PageTexts& t, const CityStatus& c) {
  int o = c.Count(StatusLevel::kOutage), d = c.Count(StatusLevel::kDegraded),
      m = c.Count(StatusLevel::kMaintenance), u = c.Count(StatusLevel::kUnknown);
  StatusLevel worst = o   ? StatusLevel::kOutage
                      : d ? StatusLevel::kDegraded
                      : m ? StatusLevel::kMaintenance
                      : u ? StatusLevel::kUnknown
                          : StatusLevel::kOperational;
  std::string head, detail;
  if (c.services.empty()) {
    head = t.no_services.str();
  } else if (worst == StatusLevel::kOperational) {
    head = t.all_normal.str();
  } else {
    // One number: every service that is not operational, and the counts
    // after it add up to it.
    head = t.not_normal(o + d + m + u, int(c.services.size()));
    auto part = [&](int n, StatusLevel l) {
      if (n)
        detail += (detail.empty() ? "" : " · ") + std::string(t.level_label(l)) + ": " + t.services_count(n);
    };
    part(o, StatusLevel::kOutage);
    part(d, StatusLevel::kDegraded);
    part(m, StatusLevel::kMaintenance);
    part(u, StatusLevel::kUnknown);
  }
  mustache::data x;
  x.set("level", TemplateString(LevelName(worst)));
  x.set("icon", TemplateString(LevelIconSvg(worst)));
  x.set("head", TemplateString(head));
  x.set("detail", TemplateString(detail));
  return RenderPage(t, "overall", x);
}

// Sets key (and key_sv: the Swedish fallback on an English page) for a
// title; body too when there is one.
void SetText(mustache::data* x, const PageTexts& t, const char* key, std::string_view sv, std::string_view en,
             bool breaks) {
  LocalText l = InPageLanguage(t, sv, en);
  if (l.text.empty()) return;
  x->set(key, TemplateString(breaks ? HtmlTextWithBreaks(l.text) : l.text));
  x->set(std::string(key) + "_sv", l.sv_fallback);
}

mustache::data AnnouncementData(const PageTexts& t, const AnnouncementInfo& info, TimeMs now) {
  const AnnouncementEvent& a = info.a;
  std::string meta =
      info.phase == AnnouncementPhase::kUpcoming
          ? (a.kind == AnnouncementKind::kIncident ? t.upcoming_incident : t.upcoming_maintenance).str()
          : t.word(AnnouncementKindSv(a.kind));
  meta += " · " + t.word(AnnouncementStatusSv(a, info.phase));
  meta += " · " + TimeRangeText(t, a.starts_at, a.ends_at);
  if (a.kind == AnnouncementKind::kIncident && a.ends_at && *a.ends_at > now) meta += t.estimated_end.str();
  mustache::data x;
  SetText(&x, t, "title", a.title_sv, a.title_en, false);
  SetText(&x, t, "body", a.body_sv, a.body_en, true);
  x.set("meta", TemplateString(meta));
  return x;
}

std::string ServiceCard(const PageTexts& t, const CityStatus& c, const ServiceStatus& s, TimeMs now,
                        bool widget, const std::string& tail = {}) {
  mustache::data x;
  x.set("level", TemplateString(LevelName(s.level)));
  x.set("h_name", TemplateString(widget ? "h1" : "h3"));
  x.set("h_sub", TemplateString(widget ? "h2" : "h4"));
  x.set("widget", widget);
  x.set("name", TemplateString(s.name));
  x.set("badge", TemplateString(LevelBadgeHtml(t, s.level)));
  x.set("since", TemplateString(SinceText(t, s, now)));
  x.set("explanation", TemplateString(t.explain(s.facts)));
  if (s.level != StatusLevel::kOperational)
    x.set("alternatives", TemplateString(AlternativesBlockHtml(t, s, widget ? "h2" : "h4")));
  mustache::data anns{mustache::data::type::list};
  for (size_t i : s.shown) anns.push_back(AnnouncementData(t, c.announcements[i], now));
  x.set("announcements", anns);
  if (s.shown.size() < s.announcements.size())
    x.set("more", TemplateString(t.more_announcements(s.shown.size(), s.announcements.size())));
  x.set("history_path", TemplateString(t.history_path(s.service_id)));
  x.set("tail", TemplateString(tail));
  return RenderPage(t, "service_card", x);
}

// ------------------------------------------------------------ grouping ----

// "grupp-" and the owner in lower-case a-z, 0-9 and "-" (å, ä → a, ö → o, é → e).
std::string GroupSlug(std::string_view owner) {
  std::string out = "grupp-";
  bool dash = true;
  auto put = [&](char ch) {
    if (ch == '-') {
      if (!dash) out.push_back('-');
      dash = true;
    } else {
      out.push_back(ch);
      dash = false;
    }
  };
  for (size_t i = 0; i < owner.size(); ++i) {
    unsigned char ch = owner[i];
    if (ch >= 'A' && ch <= 'Z')
      put(char(ch - 'A' + 'a'));
    else if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))
      put(char(ch));
    else if (ch == 0xC3 && i + 1 < owner.size()) {
      unsigned cp = 0xC0u | (static_cast<unsigned char>(owner[++i]) & 0x3Fu);  // U+00C0-U+00FF
      switch (cp | 0x20u) {                                                    // its lower-case letter
        case 0xe0:
        case 0xe1:
        case 0xe2:
        case 0xe3:
        case 0xe4:
        case 0xe5:
        case 0xe6:
          put('a');
          break;
        case 0xe7:
          put('c');
          break;
        case 0xe8:
        case 0xe9:
        case 0xea:
        case 0xeb:
          put('e');
          break;
        case 0xec:
        case 0xed:
        case 0xee:
        case 0xef:
          put('i');
          break;
        case 0xf2:
        case 0xf3:
        case 0xf4:
        case 0xf5:
        case 0xf6:
        case 0xf8:
          put('o');
          break;
        case 0xf9:
        case 0xfa:
        case 0xfb:
        case 0xfc:
          put('u');
          break;
        default:
          put('-');
      }
    } else {
      put('-');
    }
  }
  while (out.size() > 6 && out.back() == '-') out.pop_back();
  if (out.size() == 6) out += "ovriga";
  return out;
}

struct ServiceGroup {
  std::string owner, anchor;
  std::vector<const ServiceStatus*> services;
};

// Every service under its owner (nämnd or bolag), owners in Swedish order
// (å, ä, ö last), services by name in Swedish order; anchors unique.
std::vector<ServiceGroup> GroupByOwner(const CityStatus& c) {
  std::map<std::string, std::vector<const ServiceStatus*>> by_owner;
  for (const auto& s : c.services) by_owner[SanitizeText(s.owner)].push_back(&s);
  std::vector<ServiceGroup> out;
  out.reserve(by_owner.size());
  for (auto& [owner, list] : by_owner) out.push_back({owner, "", std::move(list)});
  std::sort(out.begin(), out.end(),
            [](const ServiceGroup& x, const ServiceGroup& y) { return SwedishLess(x.owner, y.owner); });
  std::set<std::string> taken;
  for (auto& g : out) {
    std::string base = GroupSlug(g.owner), a = base;
    for (int n = 2; !taken.insert(a).second; ++n) a = base + "-" + std::to_string(n);
    g.anchor = a;
    std::stable_sort(
        g.services.begin(), g.services.end(),
        [](const ServiceStatus* x, const ServiceStatus* y) { return SwedishLess(x->name, y->name); });
  }
  return out;
}

PageLinks StatusPageLinks(const PageTexts& t) {
  return {t.home_path.str(), TextsFor(t.lang == Lang::kSv ? Lang::kEn : Lang::kSv).home_path.str()};
}

}  // namespace

bool InformationMayBeStale(bool ingest_ready, const std::optional<TimeMs>& newest_probe_at, TimeMs now) {
  return !ingest_ready || !newest_probe_at || now - *newest_probe_at >= kStaleAfterMs;
}

std::string RenderStatusHtml(const CityStatus& c, TimeMs now, std::string_view version, bool ingest_ready,
                             Lang lang, bool subscribe_link) {
  const PageTexts& t = TextsFor(lang);
  PageLinks links = StatusPageLinks(t);
  mustache::data d;
  d.set("head", TemplateString(PageHeadHtml(t, t.page_title, links)));
  d.set("header", TemplateString(PageHeaderHtml(t, t.page_h1, t.page_lead, links)));
  d.set("version", TemplateString(std::string(version)));
  d.set("checked", TemplateString(t.checked(c.newest_probe_at)));
  d.set("stale", TemplateString(StaleBannerHtml(t, ingest_ready, c.newest_probe_at, now)));
  d.set("overall", TemplateString(OverallHtml(t, c)));
  d.set("subscribe", subscribe_link);

  std::vector<const ServiceStatus*> affected;
  for (const auto& s : c.services)
    if (s.level != StatusLevel::kOperational) affected.push_back(&s);
  std::stable_sort(affected.begin(), affected.end(),
                   [](auto* x, auto* y) { return Severity(x->level) < Severity(y->level); });
  mustache::data cards{mustache::data::type::list};
  for (const auto* s : affected) {
    mustache::data x;
    x.set("card", TemplateString(ServiceCard(t, c, *s, now, false)));
    cards.push_back(x);
  }
  d.set("affected", cards);

  mustache::data planned{mustache::data::type::list};
  for (size_t i : c.upcoming_maintenance) {
    const AnnouncementInfo& info = c.announcements[i];
    const AnnouncementEvent& a = info.a;
    mustache::data x;
    SetText(&x, t, "title", a.title_sv, a.title_en, false);
    SetText(&x, t, "body", a.body_sv, a.body_en, true);
    x.set("range", TemplateString(TimeRangeText(t, a.starts_at, a.ends_at)));
    std::string names = ServiceNames(c, info);
    if (!names.empty()) x.set("names", TemplateString(names));
    planned.push_back(x);
  }
  d.set("has_planned", !c.upcoming_maintenance.empty());
  d.set("planned", planned);

  d.set("has_services", !c.services.empty());
  d.set("services_count", TemplateString(t.services_count(int(c.services.size()))));
  d.set("service_total", TemplateString(std::to_string(c.services.size())));
  mustache::data groups{mustache::data::type::list};
  for (const auto& g : GroupByOwner(c)) {
    mustache::data x;
    x.set("anchor", TemplateString(g.anchor));
    x.set("owner", TemplateString(g.owner.empty() ? t.owner_none.str() : g.owner));
    x.set("owner_sv", t.lang != Lang::kSv && !g.owner.empty());  // owner_none is in the page's language
    x.set("size", TemplateString(std::to_string(g.services.size())));
    x.set("count", TemplateString(t.services_count(int(g.services.size()))));
    mustache::data rows{mustache::data::type::list};
    for (const ServiceStatus* s : g.services) {
      mustache::data r;
      r.set("name", TemplateString(s->name));
      if (HttpUrl(s->url)) r.set("url", TemplateString(s->url));
      r.set("history_path", TemplateString(t.history_path(s->service_id)));
      r.set("level", TemplateString(LevelName(s->level)));
      r.set("badge", TemplateString(LevelBadgeHtml(t, s->level)));
      r.set("explanation", TemplateString(t.explain(s->facts)));
      r.set("since", TemplateString(SinceText(t, *s, now)));
      rows.push_back(r);
    }
    x.set("rows", rows);
    groups.push_back(x);
  }
  d.set("groups", groups);
  return RenderPage(t, "status_page", d);
}

std::string RenderWidgetHtml(const CityStatus& c, const ServiceStatus& s, TimeMs now,
                             std::string_view version, bool ingest_ready, Lang lang) {
  const PageTexts& t = TextsFor(lang);
  const PageTexts& other = TextsFor(lang == Lang::kSv ? Lang::kEn : Lang::kSv);
  PageLinks links{t.widget_path(s.service_id), other.widget_path(s.service_id)};
  mustache::data tail;
  tail.set("checked", TemplateString(t.checked(s.newest_probe_at)));
  tail.set("stale", TemplateString(StaleBannerHtml(t, ingest_ready, c.newest_probe_at, now)));
  tail.set("other_path", TemplateString(links.other));
  tail.set("other_lang", TemplateString(t.other_lang.str()));
  mustache::data d;
  d.set("head", TemplateString(PageHeadHtml(t, t.widget_prefix.str() + s.name, links)));
  d.set("version", TemplateString(std::string(version)));
  d.set("card", TemplateString(ServiceCard(t, c, s, now, true, RenderPage(t, "widget_tail", tail))));
  return RenderPage(t, "widget", d);
}

std::string RenderUnknownServiceHtml(Lang lang) {
  const PageTexts& t = TextsFor(lang);
  PageLinks links = StatusPageLinks(t);
  links.self.clear();
  mustache::data d;
  d.set("head", TemplateString(PageHeadHtml(t, t.unknown_title)));
  d.set("has_alternate", true);
  d.set("other_path", TemplateString(links.other));
  d.set("other_lang", TemplateString(t.other_lang.str()));
  return RenderPage(t, "unknown_service", d);
}

}  // namespace followup
