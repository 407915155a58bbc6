#include "readmodels/maintenance_calendar.h"

#include <algorithm>
#include <cstdint>
#include <vector>

#include "common/escape.h"
#include "readmodels/citizen_html.h"  // ServiceNames
#include "readmodels/templates.h"

namespace followup {
namespace {

constexpr size_t kMaxOctets = 75;  // per physical line, CRLF excluded

// The calendar is in Swedish: the announcements' texts are (title_sv, body_sv).
const PageTexts& kCalendarTexts = kTextsSv;

mustache::data EventData(const CityStatus& c, const AnnouncementInfo& info) {
  const PageTexts& t = kCalendarTexts;
  const AnnouncementEvent& a = info.a;
  const bool cancelled = a.state == AnnouncementState::kCancelled;
  mustache::data e;
  e.set("uid", TemplateString(a.announcement_id));
  e.set("domain", TemplateString(std::string(kCalendarUidDomain)));
  e.set("sequence", TemplateString(std::to_string(std::clamp<int64_t>(a.revision, 0, INT32_MAX))));
  e.set("stamp", TemplateString(FormatIcsUtc(info.updated_at)));
  e.set("start", TemplateString(FormatIcsUtc(a.starts_at)));
  // ends_at > starts_at (events.md); rounded up it stays after DTSTART.
  e.set("end",
        a.ends_at ? TemplateString(FormatIcsUtc(*a.ends_at, /*round_up=*/true)) : mustache::data(false));
  e.set("summary", TemplateString((cancelled ? t.calendar_cancelled.str() : std::string()) + a.title_sv));
  std::string description = a.body_sv;
  std::string names = ServiceNames(c, info);
  if (!names.empty()) description += (description.empty() ? "" : "\n\n") + t.affects.str() + names;
  e.set("description", TemplateString(description));
  e.set("status", TemplateString(cancelled ? "CANCELLED" : "CONFIRMED"));
  return e;
}

}  // namespace

std::string FoldContentLine(std::string_view line) {
  std::string out;
  out.reserve(line.size() + line.size() / 64 * 3 + 2);
  size_t pos = 0;
  bool first = true;
  while (true) {
    size_t room = first ? kMaxOctets : kMaxOctets - 1;  // a continuation line starts with a space
    if (line.size() - pos <= room) {
      if (!first) out += ' ';
      out.append(line.substr(pos));
      out += "\r\n";
      return out;
    }
    size_t cut = pos + room;
    // Back up to the first byte of a UTF-8 sequence (never to pos: a sequence
    // is at most 4 octets and room is 74 or 75).
    while (cut > pos + 1 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
    if (!first) out += ' ';
    out.append(line.substr(pos, cut - pos));
    out += "\r\n";
    pos = cut;
    first = false;
  }
}

std::string RenderMaintenanceCalendar(const CityStatus& c, const ServiceStatus* only) {
  mustache::data d;
  d.set("name", TemplateString(kCalendarTexts.calendar_name(only ? only->name : std::string_view())));
  size_t only_index = only ? size_t(only - c.services.data()) : 0;
  std::vector<const AnnouncementInfo*> events;
  for (const auto& info : c.announcements) {
    if (info.a.kind != AnnouncementKind::kPlannedMaintenance) continue;
    if (only && std::find(info.services.begin(), info.services.end(), only_index) == info.services.end())
      continue;
    events.push_back(&info);
  }
  std::sort(events.begin(), events.end(), [](const AnnouncementInfo* x, const AnnouncementInfo* y) {
    if (x->a.starts_at != y->a.starts_at) return x->a.starts_at < y->a.starts_at;
    return x->a.announcement_id < y->a.announcement_id;
  });
  mustache::data list{mustache::data::type::list};
  for (const AnnouncementInfo* info : events) list.push_back(EventData(c, *info));
  d.set("events", list);
  // One content line per line of the template (IcsEscapeText leaves no line
  // break in a value), each folded and ended with CRLF.
  std::string lines = RenderTemplate("calendar", d, Escaping::kIcs), out;
  size_t pos = 0;
  while (pos < lines.size()) {
    size_t end = lines.find('\n', pos);
    if (end == std::string::npos) end = lines.size();
    if (end > pos) out += FoldContentLine(std::string_view(lines).substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

}  // namespace followup
