// The English words of the citizen pages (texts.h): /en/status and below.
#include <array>
#include <cstdio>
#include <map>

#include "readmodels/texts.h"

namespace followup {
namespace {

constexpr std::array<const char*, 12> kMonthsEn = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::string Two(int v) { return (v < 10 ? "0" : "") + std::to_string(v); }

std::string ClockEn(TimeMs t) {
  LocalTime l = ToStockholm(t);
  return Two(l.hour) + ":" + Two(l.minute);
}

// "26 Nov 2026, 10:42" (Stockholm time, as on the Swedish pages).
std::string DateTimeEn(TimeMs t) {
  LocalTime l = ToStockholm(t);
  return std::to_string(l.day) + " " + kMonthsEn[size_t(l.month - 1)] + " " + std::to_string(l.year) + ", " +
         Two(l.hour) + ":" + Two(l.minute);
}

std::string DateEn(const LocalDay& d) {
  return std::to_string(d.day) + " " + kMonthsEn[size_t(d.month - 1)] + " " + std::to_string(d.year);
}

// As the Swedish PercentSv, with a decimal point.
std::string PercentEn(int64_t num, int64_t den) {
  __int128 x = __int128(num) * 10000 / den;
  int64_t v = int64_t(x);
  if (v == 10000) return "100 %";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld.%02lld %%", static_cast<long long>(v / 100),
                static_cast<long long>(v % 100));
  return buf;
}

// Thousands with a comma: "2,000 ms".
std::string MsEn(int64_t ms) {
  std::string d = std::to_string(ms), out;
  for (size_t i = 0; i < d.size(); ++i) {
    if (i && (d.size() - i) % 3 == 0) out += ",";
    out += d[i];
  }
  return out + "\u00a0ms";
}

std::string CountEn(int n) { return std::to_string(n) + (n == 1 ? " e-service" : " e-services"); }

std::string CheckedEn(const std::optional<TimeMs>& newest) {
  return newest ? "Last checked " + DateTimeEn(*newest) : std::string("No measurements yet");
}

// The engine's Swedish words (status_engine.h: AnnouncementStateSv,
// AnnouncementKindSv, AnnouncementStatusSv, AltChannelSv) in English.
std::string WordEn(std::string_view sv) {
  static const std::map<std::string_view, const char*> kWords = {
      {"Planerat", "Scheduled"},
      {"Vi undersöker felet", "We are investigating the problem"},
      {"Felet är hittat och åtgärdas", "The problem has been found and is being fixed"},
      {"Åtgärdat, vi följer upp", "Fixed, we are monitoring"},
      {"Löst", "Resolved"},
      {"Inställt", "Cancelled"},
      {"Avslutat", "Completed"},
      {"Pågår", "In progress"},
      {"Känt fel", "Known problem"},
      {"Planerat underhåll", "Planned maintenance"},
      {"Telefon", "Phone"},
      {"Besök", "Visit"},
      {"Webb", "Web"},
      {"E-post", "Email"},
  };
  auto it = kWords.find(sv);
  return it == kWords.end() ? std::string(sv) : std::string(it->second);
}

// "10:42" on the day of `at`, else "25 Nov 2026, 10:42".
std::string WhenEn(TimeMs t, TimeMs at) { return SameLocalDay(t, at) ? ClockEn(t) : DateTimeEn(t); }

// Microseconds as seconds with one decimal: "2.5".
std::string SecondsEn(int64_t us) {
  char buf[32];
  int64_t tenths = (us + 50'000) / 100'000;
  std::snprintf(buf, sizeof buf, "%lld.%lld", static_cast<long long>(tenths / 10),
                static_cast<long long>(tenths % 10));
  return buf;
}

// The facts of ExplainSv (texts_sv.cpp), each of them, in English.
std::string ExplainEn(const StatusFacts& f) {
  std::string since = f.since_lower_bound ? " for more than a day" : " since " + WhenEn(f.since, f.at);
  switch (f.cause) {
    case StatusCause::kMaintenance: {
      std::string out = "Planned maintenance is in progress";
      if (f.maintenance_ends_at) out += " until " + WhenEn(*f.maintenance_ends_at, f.at);
      return out;
    }
    case StatusCause::kNoProbes:
      return "We have no measurements of the service from the last " + std::to_string(f.window_minutes) +
             " minutes";
    case StatusCause::kIncident:
      if (!f.incident_state) return "A known problem affects the service";
      switch (*f.incident_state) {
        case AnnouncementState::kIdentified:
          return "A known problem affects the service and is being fixed";
        case AnnouncementState::kMonitoring:
          return "A problem has been fixed and we are checking that the service works";
        default:
          return "We are investigating a problem that affects the service";
      }
    case StatusCause::kSlow:
      return "The service responds slowly (on average " + SecondsEn(f.mean_latency_us) + " seconds)" + since;
    case StatusCause::kLocationsFailing:
      if (f.failing >= 1 && f.failing == f.locations)
        return (f.locations == 1
                    ? std::string("The measuring point cannot reach the service")
                    : "None of " + std::to_string(f.locations) + " measuring points reach the service") +
               since;
      if (f.failing >= 1)
        return std::to_string(f.failing) + " of " + std::to_string(f.locations) +
               " measuring points cannot reach the service" + since;
      if (f.level == StatusLevel::kOutage)
        return "Most measuring points could not reach the service during " + std::to_string(f.down_minutes) +
               " of the " + std::to_string(f.observed_minutes) + " latest measured minutes, the latest at " +
               ClockEn(f.last_down_at);
      if (f.disturbed_at) return "The service responds again but had problems at " + ClockEn(*f.disturbed_at);
      return "The service has had problems in the last few minutes";
    case StatusCause::kNone:
      if (f.locations <= 1) return "The service responds normally";
      return "All " + std::to_string(f.locations) + " measuring points reach the service";
  }
  return "";
}

const char* SummaryEn(StatusLevel worst) {
  switch (worst) {
    case StatusLevel::kOutage:
      return "Outage in one or more e-services";
    case StatusLevel::kDegraded:
      return "Limited functionality in one or more e-services";
    case StatusLevel::kUnknown:
      return "Status unknown for one or more e-services";
    case StatusLevel::kMaintenance:
      return "Planned maintenance in progress";
    case StatusLevel::kOperational:
      break;
  }
  return "All e-services are operating normally";
}

}  // namespace

const PageTexts kTextsEn = {
    .lang = Lang::kEn,
    .html_lang = "en",
    .other_lang = "sv",
    .other_lang_link = "På svenska",
    .home_path = "/en/status",
    .archive_path = "/en/status/history",
    .history_path = [](std::string_view id) { return "/en/status/" + std::string(id); },
    .widget_path = [](std::string_view id) { return "/en/status/" + std::string(id) + "/widget"; },

    .date_time = DateTimeEn,
    .clock = ClockEn,
    .at_clock = ClockEn,
    .date = DateEn,
    .percent = PercentEn,
    .milliseconds = MsEn,
    .level_label = LevelLabelEn,
    .services_count = CountEn,
    .word = WordEn,
    .explain = ExplainEn,
    .since_prefix = "since ",
    .since_more_than_a_day = "for more than a day",
    .from_prefix = "from ",

    .skip_link = "Skip to content",
    .org = "City of Stockholm",
    .feed_title = "Service status (Atom, in Swedish)",
    .live_updated = "The service status has been updated.",
    .live_new_info = "There is new service status information.",
    .live_new_info_reload = "There is new service status information. Reload the page.",
    .checked = CheckedEn,
    .stale_heading = "The information may be out of date",
    .stale_not_ready = "We are not receiving new service status information as we should right now. ",
    .stale_newest =
        [](std::string_view when) {
          return "The latest measurement of the e-services is from " + std::string(when) +
                 ". What is shown here may have changed since then.";
        },
    .stale_none = "We have no measurements of the e-services yet.",
    .new_window = " (opens in a new window)",

    .subscribe_path = "/en/status/subscribe",
    .subscribe_link = "Get an e-mail when an e-service is not working as usual",
    .subscribe_service_link = "Get an e-mail when this e-service is not working as usual",
    .site_name = "City of Stockholm – service status of e-services",
    .feed_subtitle = "Known problems and planned maintenance in the City of Stockholm's e-services",
    .summary_description = SummaryEn,
    .calendar_name =
        [](std::string_view name) {
          return "Planned maintenance – " +
                 (name.empty() ? std::string("City of Stockholm e-services") : std::string(name));
        },
    .calendar_cancelled = "Cancelled: ",

    .page_title = "Service status – City of Stockholm e-services",
    .page_h1 = "Service status of e-services",
    .page_lead =
        "See whether the city's e-services work right now, which maintenance is planned and how you can "
        "get your errand done another way when an e-service does not work.",
    .all_normal = "All e-services are operating normally",
    .no_services = "There are no e-services to show yet",
    .not_normal =
        [](int n, int total) {
          return std::to_string(n) + " of " + CountEn(total) + " are not operating normally right now";
        },
    .now_heading = "Problems and maintenance right now",
    .none_affected = "No e-services have problems or maintenance right now.",
    .planned_heading = "Planned maintenance in the next 14 days",
    .none_planned = "No maintenance is planned in the next 14 days.",
    .affects = "Affects: ",
    .all_heading = "All e-services",
    .groups_intro = " grouped by the committee or company responsible for them.",
    .filter_hint =
        "Choose a committee or company in the list below, or search the page with your browser's "
        "search function.",
    .filter_label = "Search the e-services",
    .filter_none = "No e-service matches the search.",
    .filter_shown = "Showing {n} of {all} e-services.",
    .groups_heading = "Committees and companies",
    .group_caption = "Status of the e-services of ",
    .col_service = "E-service",
    .col_status = "Status",
    .col_since = "Since",
    .to_groups = "Back to the list of committees and companies",
    .history_short = "History",
    .history_for = " of ",
    .owner_none = "No committee or company given",
    .footer_feed_intro = "Follow the service status in a feed reader: ",
    .footer_feed_link = "Atom feed of announcements (in Swedish)",
    .footer_archive_intro = "Earlier problems and maintenance: ",
    .footer_archive_link = "archive of announcements",
    .footer_open_data = "Open data: ",
    .footer_json_link = "status as JSON",
    .footer_summary_link = "summary (Statuspage format)",
    .footer_calendar_link = "Subscribe to planned maintenance",
    .footer_calendar_after = " in your calendar (iCalendar, in Swedish).",
    .footer_widget_intro = "Each e-service can show its own status on its front page with the address ",
    .footer_widget_path = "/en/status/<service id>/widget",

    .widget_prefix = "Service status: ",
    .alternatives_heading = "Get your errand done another way",
    .no_alternatives = "No other way of contact is registered for this e-service. Please try again later.",
    .more_announcements =
        [](size_t shown, size_t total) {
          return "Showing " + std::to_string(shown) + " of " + std::to_string(total) +
                 " current announcements about the e-service, newest first. ";
        },
    .more_announcements_link = "All announcements in the Atom feed (in Swedish)",
    .history_link_before = "How ",
    .history_link_after = " has worked: history and announcements",
    .upcoming_incident = "Upcoming known problem",
    .upcoming_maintenance = "Upcoming maintenance",
    .estimated_end = " (estimated end)",
    .all_services_link = "Service status of all e-services",

    .unknown_title = "Unknown e-service – service status",
    .unknown_h1 = "Unknown e-service",
    .unknown_text = "There is no service status information for this address.",
    .unknown_link = "See the service status of all e-services",

    .history_title =
        [](std::string_view name) { return "History of " + std::string(name) + " – service status"; },
    .history_h1_before = "How ",
    .history_h1_after = " has worked",
    .history_lead =
        [](size_t days) {
          return "Status right now, availability in the last " + std::to_string(days) +
                 " days, response times in the last 24 hours and announcements about the e-service.";
        },
    .history_now = "Right now",
    .crumbs_label = "You are here",
    .archive_link = "Archive of announcements",
    .days_heading = [](size_t days) { return "Availability in the last " + std::to_string(days) + " days"; },
    .availability_sentence =
        [](std::string_view p) {
          return "The service could be reached " + std::string(p) +
                 " of the time we measured, planned maintenance not counted.";
        },
    .no_measurements_period = "We have no measurements of the service in this period.",
    .bars_hint = " Each bar is one day, the oldest first.",
    .today = "Today",
    .key_operational = "no problems",
    .key_degraded = "some problem",
    .key_outage = "down at least 5 % of the time",
    .key_maintenance = "only planned maintenance",
    .key_unknown_label = "No measurement",
    .key_unknown = "no measurement",
    .day_table_summary = "Day by day as a table",
    .day_table_region = "Availability day by day",
    .day_table_caption = "Availability day by day, the latest first",
    .col_day = "Day",
    .col_availability = "Availability",
    .col_disturbances = "Problems",
    .minutes_down = "down",
    .minutes_degraded = "limited",
    .minutes_maintenance = "planned maintenance",
    .minutes_unknown = "without measurement",
    .day_availability = ", availability ",
    .day_no_measurement = ", no measurement",
    .day_announcements =
        [](size_t n) {
          return n == 1 ? std::string(", 1 announcement") : ", " + std::to_string(n) + " announcements";
        },
    .rt_heading = "Response times in the last 24 hours",
    .rt_intro =
        [](std::string_view from, std::string_view to) {
          return "Mean response time per quarter of an hour of the passing measurements, from " +
                 std::string(from) + " to " + std::string(to) + ".";
        },
    .chart_title =
        [](std::string_view name) {
          return "Response times of " + std::string(name) + " in the last 24 hours, per measuring point";
        },
    .chart_none = "No measurements in the last 24 hours.",
    .chart_location = "Measuring point ",
    .chart_no_passed = "no passing answers",
    .chart_mean_max =
        [](std::string_view mean, std::string_view max) {
          return "on average " + std::string(mean) + ", at most " + std::string(max) +
                 " in a quarter of an hour";
        },
    .chart_threshold = [](std::string_view t) { return "Limit for a slow answer (" + std::string(t) + ")"; },
    .rt_table_summary = "The response times as a table",
    .rt_table_region = "Response times per hour",
    .rt_table_caption = "Mean response time per hour and measuring point",
    .col_hour = "Hour",
    .failed_probes = [](uint64_t n) { return " (" + std::to_string(n) + " failed)"; },
    .service_announcements_heading = "Announcements about the e-service",
    .no_service_announcements = "There are no announcements about the e-service.",
    .older_in_archive = "Older announcements are in the archive",

    .timeline_heading = "How it went",
    .permalink = "Link to this announcement",

    .archive_title = "Archive of announcements – service status",
    .archive_h1 = "Archive of announcements",
    .archive_lead =
        "Every known problem and all planned maintenance of the city's e-services, the latest first, "
        "with how each one developed.",
    .updated_prefix = "Updated ",
    .archive_before =
        [](std::string_view when) { return "Announcements that started before " + std::string(when) + "."; },
    .archive_heading = "Announcements",
    .archive_none = "There are no announcements to show.",
    .pager_label = "Pages",
    .pager_newest = "The latest announcements",
    .pager_older = "Older announcements",
    .footer_feed_short = "Atom feed (in Swedish)",

    .bad_address_title = "Invalid address – service status",
    .bad_address_h1 = "Invalid address",
    .bad_address_text = "The address contains a date we cannot read.",
    .bad_address_link = "To the archive of announcements",
};

}  // namespace followup
