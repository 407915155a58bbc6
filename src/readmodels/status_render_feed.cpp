// The Atom feed of the announcements (status_render.h), from
// templates/feed.mustache with XML escaping (common/escape.h: XmlEscape).
#include <algorithm>

#include "common/sha256.h"
#include "readmodels/citizen_html.h"
#include "readmodels/history_render.h"  // AnnouncementPermalink: where each feed entry links
#include "readmodels/status_render.h"

namespace followup {
namespace {

// A name-based UUID (SHA-256 truncated, version bits 8 = custom) for Atom ids.
std::string UrnUuid(std::string_view name) {
  std::string hex = Sha256Hex(name);
  hex[12] = '8';
  int v = hex[16] <= '9' ? hex[16] - '0' : hex[16] - 'a' + 10;
  hex[16] = "89ab"[v & 3];
  return "urn:uuid:" + hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20, 12);
}

}  // namespace

std::string RenderAtomFeed(const CityStatus& c, TimeMs updated_at, const StatusPageInfo& page) {
  const PageTexts& t = kTextsSv;
  TimeMs feed_updated = c.announcements.empty() ? updated_at : c.announcements.front().updated_at;
  mustache::data d;
  d.set("lang", TemplateString(t.html_lang.str()));
  d.set("name", TemplateString(page.name));
  d.set("subtitle", TemplateString(t.feed_subtitle.str()));
  d.set("author", TemplateString(t.org.str()));
  d.set("id", TemplateString(UrnUuid("followup/driftinformation/feed/" + page.id)));
  d.set("updated", TemplateString(FormatRfc3339Utc(feed_updated)));
  d.set("path", TemplateString(page.path));
  mustache::data entries{mustache::data::type::list};
  size_t n = 0;
  for (const auto& info : c.announcements) {
    if (++n > 100) break;
    const AnnouncementEvent& a = info.a;
    const std::string kind = t.word(AnnouncementKindSv(a.kind));
    std::string summary = kind + " · " + t.word(AnnouncementStatusSv(a, info.phase)) + " · " +
                          TimeRangeText(t, a.starts_at, a.ends_at);
    std::string names = ServiceNames(c, info);
    if (!names.empty()) summary += " · " + t.affects.str() + names;
    mustache::data e;
    e.set("id", TemplateString(UrnUuid("followup/driftinformation/announcement/" + a.announcement_id)));
    e.set("title", TemplateString(kind + ": " + a.title_sv));
    e.set("updated", TemplateString(FormatRfc3339Utc(info.updated_at)));
    e.set("published", TemplateString(FormatRfc3339Utc(std::min(a.starts_at, info.updated_at))));
    // Its own announcement in the archive, not the page of all services.
    e.set("link", TemplateString(AnnouncementPermalink(a)));
    e.set("term", TemplateString(Name(a.kind)));
    e.set("label", TemplateString(kind));
    e.set("summary", TemplateString(summary));
    e.set("content", TemplateString(a.body_sv));
    entries.push_back(e);
  }
  d.set("entries", entries);
  return RenderTemplate("feed", d, Escaping::kXml);
}

}  // namespace followup
