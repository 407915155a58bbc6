// The JSON surfaces of the live status (status_render.h): all services, one
// service, and the Statuspage-shaped summary.
#include <algorithm>
#include <map>

#include "readmodels/render_json.h"
#include "readmodels/status_render.h"

namespace followup {
namespace {

using render_json::Q;
using render_json::QTime;
std::string QTimeOrNull(const std::optional<TimeMs>& t) { return t ? QTime(*t) : "null"; }

constexpr const char* kFeedPath = "/driftinformation/feed.atom";

// The services an announcement is shown for (AnnouncementInfo::services).
std::string AnnouncementJson(const CityStatus& c, const AnnouncementInfo& info) {
  std::vector<std::string_view> ids;
  ids.reserve(info.services.size());
  for (size_t i : info.services) ids.emplace_back(c.services[i].service_id);
  return "{" +
         render_json::AnnouncementFields(info.a, info.phase, ids, info.updated_at,
                                         render_json::NoEnglish::kOmitted) +
         "}";
}

std::string ServiceFields(const CityStatus& c, const ServiceStatus& s) {
  std::string out = "\"service_id\":" + Q(s.service_id) + ",\"name\":" + Q(s.name) +
                    ",\"owner\":" + Q(s.owner) + ",\"url\":" + Q(s.url) +
                    ",\"level\":" + Q(LevelName(s.level)) + ",\"label_sv\":" + Q(LevelLabelSv(s.level)) +
                    ",\"since\":" + (s.since_lower_bound ? std::string("null") : QTime(s.since)) +
                    ",\"explanation_sv\":" + Q(s.explanation_sv) + ",\"alternatives\":[";
  for (size_t i = 0; i < s.alternatives.size(); ++i) {
    const Alternative& a = s.alternatives[i];
    out += std::string(i ? "," : "") + "{\"channel\":" + Q(Name(a.channel)) +
           ",\"channel_sv\":" + Q(AltChannelSv(a.channel)) + ",\"label\":" + Q(a.label) +
           ",\"contact\":" + Q(a.contact) + "}";
  }
  // At most kShownAnnouncementsPerService; the count says how many there are.
  out += "],\"announcement_count\":" + std::to_string(s.announcements.size());
  if (s.shown.size() < s.announcements.size()) out += ",\"more_announcements_url\":" + Q(kFeedPath);
  out += ",\"announcements\":[";
  for (size_t i = 0; i < s.shown.size(); ++i)
    out += (i ? "," : "") + AnnouncementJson(c, c.announcements[s.shown[i]]);
  out += "],\"details\":{\"observed_minutes\":" + std::to_string(s.observed) +
         ",\"locations\":" + std::to_string(s.locations) +
         ",\"failing_locations\":" + std::to_string(s.failing) + ",\"mean_latency_ms\":" +
         (s.mean_latency_us < 0 ? std::string("null") : std::to_string((s.mean_latency_us + 500) / 1000)) +
         ",\"latency_threshold_ms\":" + std::to_string(s.latency_threshold_us / 1000) + "}";
  return out;
}

}  // namespace

std::string RenderStatusJson(const CityStatus& c, TimeMs updated_at) {
  std::string out = "{\"updated_at\":" + QTime(updated_at) + ",\"services\":[";
  for (size_t i = 0; i < c.services.size(); ++i)
    out += (i ? ",{" : "{") + ServiceFields(c, c.services[i]) + "}";
  out += "],\"upcoming_maintenance\":[";
  for (size_t i = 0; i < c.upcoming_maintenance.size(); ++i)
    out += (i ? "," : "") + AnnouncementJson(c, c.announcements[c.upcoming_maintenance[i]]);
  out += "]}\n";
  return out;
}

std::string RenderServiceJson(const CityStatus& c, const ServiceStatus& s, TimeMs updated_at) {
  return "{\"updated_at\":" + QTime(updated_at) + "," + ServiceFields(c, s) + "}\n";
}

const char* StatuspageComponentStatus(const ServiceStatus& s) {
  switch (s.level) {
    case StatusLevel::kOperational:
      return "operational";
    case StatusLevel::kDegraded:
      return s.cause == StatusCause::kLocationsFailing ? "partial_outage" : "degraded_performance";
    case StatusLevel::kOutage:
      return "major_outage";
    case StatusLevel::kMaintenance:
      return "under_maintenance";
    // Statuspage has no "unknown": reported conservatively as degraded, with
    // our own level alongside.
    case StatusLevel::kUnknown:
      return "degraded_performance";
  }
  return "degraded_performance";
}

std::string RenderSummaryJson(const CityStatus& c, TimeMs updated_at, const StatusPageInfo& page) {
  int o = c.Count(StatusLevel::kOutage), d = c.Count(StatusLevel::kDegraded),
      m = c.Count(StatusLevel::kMaintenance), u = c.Count(StatusLevel::kUnknown);
  const char* indicator = o ? "major" : (d || u) ? "minor" : m ? "maintenance" : "none";
  const StatusLevel worst = o   ? StatusLevel::kOutage
                            : d ? StatusLevel::kDegraded
                            : u ? StatusLevel::kUnknown
                            : m ? StatusLevel::kMaintenance
                                : StatusLevel::kOperational;
  const char* description = kTextsSv.summary_description(worst);
  std::string page_json = "{\"id\":" + Q(page.id) + ",\"name\":" + Q(page.name) + ",\"url\":" + Q(page.path) +
                          ",\"time_zone\":\"Europe/Stockholm\",\"updated_at\":" + QTime(updated_at) + "}";
  std::string out = "{\"page\":" + page_json + ",\"status\":{\"indicator\":\"" + indicator +
                    "\",\"description\":" + Q(description) + "},\"components\":[";
  std::map<std::string, const char*, std::less<>> comp_status;
  for (size_t i = 0; i < c.services.size(); ++i) {
    const ServiceStatus& s = c.services[i];
    TimeMs changed = s.since_lower_bound ? updated_at : s.since;
    comp_status[s.service_id] = StatuspageComponentStatus(s);
    out += std::string(i ? "," : "") + "{\"id\":" + Q(s.service_id) + ",\"name\":" + Q(s.name) +
           ",\"status\":\"" + StatuspageComponentStatus(s) + "\",\"created_at\":" + QTime(changed) +
           ",\"updated_at\":" + QTime(changed) + ",\"position\":" + std::to_string(i + 1) +
           ",\"description\":" + Q(s.explanation_sv) +
           ",\"showcase\":true,\"start_date\":null,\"group_id\":null," + "\"page_id\":" + Q(page.id) +
           ",\"group\":false,\"only_show_if_degraded\":false,\"level\":" + Q(LevelName(s.level)) +
           ",\"label_sv\":" + Q(LevelLabelSv(s.level)) + "}";
  }
  out += "]";
  auto components = [&](const AnnouncementInfo& info) {
    std::string list = "[";
    bool first = true;
    for (size_t i : info.services) {
      const ServiceStatus* s = &c.services[i];
      list += std::string(first ? "" : ",") + "{\"id\":" + Q(s->service_id) + ",\"name\":" + Q(s->name) +
              ",\"status\":\"" + comp_status[s->service_id] + "\"}";
      first = false;
    }
    return list + "]";
  };
  auto update = [&](const AnnouncementInfo& info, const char* status) {
    const AnnouncementEvent& a = info.a;
    std::string uid = a.announcement_id + "-r" + std::to_string(a.revision);
    return "[{\"id\":" + Q(uid) + ",\"status\":\"" + status + "\",\"body\":" + Q(a.body_sv) +
           ",\"incident_id\":" + Q(a.announcement_id) + ",\"created_at\":" + QTime(info.updated_at) +
           ",\"updated_at\":" + QTime(info.updated_at) + ",\"display_at\":" + QTime(info.updated_at) +
           ",\"affected_components\":null}]";
  };
  auto common = [&](const AnnouncementInfo& info, const char* status, const char* impact) {
    const AnnouncementEvent& a = info.a;
    return "{\"id\":" + Q(a.announcement_id) + ",\"name\":" + Q(a.title_sv) + ",\"status\":\"" + status +
           "\",\"created_at\":" + QTime(std::min(a.starts_at, info.updated_at)) +
           ",\"updated_at\":" + QTime(info.updated_at) + ",\"monitoring_at\":" +
           (a.state == AnnouncementState::kMonitoring ? QTime(info.updated_at) : std::string("null")) +
           ",\"resolved_at\":null,\"impact\":\"" + impact + "\",\"shortlink\":" + Q(page.path) +
           ",\"started_at\":" + QTime(a.starts_at) + ",\"page_id\":" + Q(page.id) +
           ",\"incident_updates\":" + update(info, status) + ",\"components\":" + components(info);
  };
  out += ",\"incidents\":[";
  bool first = true;
  // Only what the page shows (AnnouncementInfo::shown): at most five per service.
  for (const auto& info : c.announcements) {
    const AnnouncementEvent& a = info.a;
    if (!info.shown || a.kind != AnnouncementKind::kIncident || info.phase == AnnouncementPhase::kPast)
      continue;
    if (a.state != AnnouncementState::kInvestigating && a.state != AnnouncementState::kIdentified &&
        a.state != AnnouncementState::kMonitoring)
      continue;
    bool major = false;
    for (size_t i : info.services) major |= c.services[i].level == StatusLevel::kOutage;
    out += std::string(first ? "" : ",") + common(info, Name(a.state), major ? "major" : "minor") + "}";
    first = false;
  }
  out += "],\"scheduled_maintenances\":[";
  std::vector<const AnnouncementInfo*> maint;
  for (const auto& info : c.announcements)
    if (info.shown && info.a.kind == AnnouncementKind::kPlannedMaintenance &&
        info.phase != AnnouncementPhase::kPast)
      maint.push_back(&info);
  std::sort(maint.begin(), maint.end(), [](auto* x, auto* y) {
    return x->a.starts_at != y->a.starts_at ? x->a.starts_at < y->a.starts_at
                                            : x->a.announcement_id < y->a.announcement_id;
  });
  first = true;
  for (const auto* info : maint) {
    const char* status = info->phase == AnnouncementPhase::kActive ? "in_progress" : "scheduled";
    out += std::string(first ? "" : ",") + common(*info, status, "maintenance") +
           ",\"scheduled_for\":" + QTime(info->a.starts_at) +
           ",\"scheduled_until\":" + QTimeOrNull(info->a.ends_at) + "}";
    first = false;
  }
  out += "]}\n";
  return out;
}

}  // namespace followup
