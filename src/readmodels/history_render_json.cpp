// The JSON surfaces of the history (history_render.h): a service's days, the
// announcement list and one announcement, a service's response times; and
// where an announcement is on the archive pages.
#include "common/decimal.h"
#include "readmodels/citizen_html.h"
#include "readmodels/history_render.h"
#include "readmodels/render_json.h"

namespace followup {
namespace {

using render_json::Q;
using render_json::QTime;
std::string QOrNull(std::string_view s) { return s.empty() ? std::string("null") : Q(s); }

std::string ArchivedJson(const ArchivedAnnouncement& x) {
  const AnnouncementEvent& a = x.a;
  std::vector<std::string_view> ids(x.service_ids.begin(), x.service_ids.end());
  std::string out =
      "{" + render_json::AnnouncementFields(a, x.phase, ids, x.updated_at, render_json::NoEnglish::kNull) +
      ",\"url\":" + Q(AnnouncementPermalink(a)) + ",\"updates\":[";
  for (size_t i = 0; i < x.updates.size(); ++i) {
    const AnnouncementUpdate& u = x.updates[i];
    out += std::string(i ? "," : "") + "{\"revision\":" + std::to_string(u.revision) +
           ",\"occurred_at\":" + QTime(u.occurred_at) + ",\"state\":" + Q(Name(u.state)) +
           ",\"state_sv\":" + Q(UpdateStateSv(a.kind, u.state)) + ",\"title_sv\":" + Q(u.title_sv) +
           ",\"body_sv\":" + Q(u.body_sv) + ",\"title_en\":" + QOrNull(u.title_en) +
           ",\"body_en\":" + QOrNull(u.body_en) + "}";
  }
  out += "]}";
  return out;
}

}  // namespace

const char* UpdateStateSv(AnnouncementKind kind, AnnouncementState state) {
  AnnouncementEvent e;
  e.kind = kind;
  e.state = state;
  return AnnouncementStatusSv(e, AnnouncementPhase::kUpcoming);
}

std::string AnnouncementAnchor(std::string_view id) {
  static const char* kHex = "0123456789abcdef";
  std::string out = "m-";
  for (unsigned char c : id) {
    bool keep =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (keep) {
      out.push_back(char(c));
    } else {
      out.push_back('.');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::string AnnouncementPermalink(const AnnouncementEvent& a, Lang lang) {
  return TextsFor(lang).archive_path.str() + "?before=" + FormatRfc3339Utc(a.starts_at + 1) + "#" +
         AnnouncementAnchor(a.announcement_id);
}

std::string RenderHistoryJson(const ServiceHistory& h) {
  std::string out = "{\"service_id\":" + Q(h.service_id) + ",\"days\":[";
  for (size_t i = 0; i < h.days.size(); ++i) {
    const DayHistory& d = h.days[i];
    out += std::string(i ? "," : "") + "{\"date\":\"" + FormatLocalDate(d.day) +
           "\",\"minutes\":{\"up\":" + std::to_string(d.up) + ",\"degraded\":" + std::to_string(d.degraded) +
           ",\"down\":" + std::to_string(d.down) + ",\"maintenance\":" + std::to_string(d.maintenance) +
           ",\"unknown\":" + std::to_string(d.unknown) + "},\"availability\":" +
           (d.has_availability() ? FormatRatio(d.up + d.degraded, d.observed()) : std::string("null")) +
           ",\"announcements\":[";
    for (size_t j = 0; j < d.announcements.size(); ++j) out += (j ? "," : "") + Q(d.announcements[j]);
    out += "]}";
  }
  out += "]}\n";
  return out;
}

std::string RenderAnnouncementJson(const ArchivedAnnouncement& x) { return ArchivedJson(x) + "\n"; }

std::string RenderArchiveJson(const ArchivePage& p, size_t limit, std::string_view filters) {
  std::string out = "{\"announcements\":[";
  for (size_t i = 0; i < p.items.size(); ++i) out += (i ? "," : "") + ArchivedJson(p.items[i]);
  out += "],\"next_before\":" + (p.next_before ? QTime(*p.next_before) : std::string("null")) +
         ",\"next_url\":" +
         (p.next_before ? Q("/api/v1/announcements?before=" + FormatRfc3339Utc(*p.next_before) +
                            "&limit=" + std::to_string(limit) + std::string(filters))
                        : std::string("null")) +
         "}\n";
  return out;
}

std::string RenderResponseTimesJson(const ResponseTimes& rt) {
  std::string out = "{\"service_id\":" + Q(rt.service_id) + ",\"from\":" + QTime(rt.from) +
                    ",\"to\":" + QTime(rt.to) + ",\"bucket_minutes\":" + std::to_string(rt.bucket_minutes) +
                    ",\"latency_threshold_ms\":" + std::to_string(rt.latency_threshold_ms) +
                    ",\"locations\":[";
  for (size_t i = 0; i < rt.locations.size(); ++i) {
    const LocationSeries& s = rt.locations[i];
    out += std::string(i ? "," : "") + "{\"location\":" + Q(s.location) + ",\"buckets\":[";
    for (size_t j = 0; j < s.buckets.size(); ++j) {
      const LatencyBucket& b = s.buckets[j];
      out += std::string(j ? "," : "") + "{\"start\":" + QTime(b.start) +
             ",\"passed\":" + std::to_string(b.passed) + ",\"failed\":" + std::to_string(b.failed) +
             ",\"mean_ms\":" + (b.mean_ms < 0 ? std::string("null") : std::to_string(b.mean_ms)) + "}";
    }
    out += "]}";
  }
  out += "]}\n";
  return out;
}

}  // namespace followup
