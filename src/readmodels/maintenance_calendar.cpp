#include "readmodels/maintenance_calendar.h"

#include <algorithm>
#include <cstdint>
#include <vector>

#include "common/escape.h"

namespace followup {
namespace {

constexpr size_t kMaxOctets = 75;  // per physical line, CRLF excluded

void Line(std::string* out, std::string_view name, std::string_view escaped_value) {
  std::string line;
  line.reserve(name.size() + 1 + escaped_value.size());
  line.append(name).append(":").append(escaped_value);
  *out += FoldContentLine(line);
}

std::string ServiceNames(const CityStatus& c, const AnnouncementInfo& info) {
  std::string out;
  for (size_t i : info.services) out += (out.empty() ? "" : ", ") + c.services[i].name;
  return out;
}

void WriteEvent(std::string* out, const CityStatus& c, const AnnouncementInfo& info) {
  const AnnouncementEvent& a = info.a;
  const bool cancelled = a.state == AnnouncementState::kCancelled;
  std::string stamp = FormatIcsUtc(info.updated_at);
  *out += "BEGIN:VEVENT\r\n";
  Line(out, "UID", IcsEscapeText(a.announcement_id) + "@" + std::string(kCalendarUidDomain));
  Line(out, "SEQUENCE", std::to_string(std::clamp<int64_t>(a.revision, 0, INT32_MAX)));
  Line(out, "DTSTAMP", stamp);
  Line(out, "LAST-MODIFIED", stamp);
  Line(out, "DTSTART", FormatIcsUtc(a.starts_at));
  // ends_at > starts_at (events.md); rounded up it stays after DTSTART.
  if (a.ends_at) Line(out, "DTEND", FormatIcsUtc(*a.ends_at, /*round_up=*/true));
  Line(out, "SUMMARY;LANGUAGE=sv", IcsEscapeText((cancelled ? "Inställt: " : "") + a.title_sv));
  std::string description = a.body_sv;
  std::string names = ServiceNames(c, info);
  if (!names.empty()) description += (description.empty() ? "" : "\n\n") + std::string("Berör: ") + names;
  Line(out, "DESCRIPTION;LANGUAGE=sv", IcsEscapeText(description));
  Line(out, "STATUS", cancelled ? "CANCELLED" : "CONFIRMED");
  Line(out, "TRANSP", "TRANSPARENT");
  *out += "END:VEVENT\r\n";
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
  std::string out = "BEGIN:VCALENDAR\r\n";
  Line(&out, "VERSION", "2.0");
  Line(&out, "PRODID", "-//Stockholms stad//Driftinformation för e-tjänster//SV");
  Line(&out, "CALSCALE", "GREGORIAN");
  std::string name =
      "Planerat underhåll – " + (only ? only->name : std::string("Stockholms stads e-tjänster"));
  Line(&out, "NAME", IcsEscapeText(name));  // RFC 7986
  Line(&out, "X-WR-CALNAME", IcsEscapeText(name));
  Line(&out, "REFRESH-INTERVAL;VALUE=DURATION", "PT1H");  // RFC 7986
  Line(&out, "X-PUBLISHED-TTL", "PT1H");

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
  for (const AnnouncementInfo* info : events) WriteEvent(&out, c, *info);
  out += "END:VCALENDAR\r\n";
  return out;
}

}  // namespace followup
