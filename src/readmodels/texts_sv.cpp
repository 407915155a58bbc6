// The Swedish words of the citizen pages (texts.h), in the seeds' wording.
#include <array>
#include <cstdio>

#include "readmodels/texts.h"

namespace followup {
namespace {

constexpr std::array<const char*, 12> kMonthsSv = {"jan", "feb", "mar", "apr", "maj", "jun",
                                                   "jul", "aug", "sep", "okt", "nov", "dec"};

std::string DateSv(const LocalDay& d) {
  return std::to_string(d.day) + " " + kMonthsSv[size_t(d.month - 1)] + " " + std::to_string(d.year);
}

// num / den as a percentage with two decimals, rounded down: "100 %" only
// when num == den.
std::string PercentSv(int64_t num, int64_t den) {
  __int128 x = __int128(num) * 10000 / den;
  int64_t v = int64_t(x);
  if (v == 10000) return "100 %";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld,%02lld %%", static_cast<long long>(v / 100),
                static_cast<long long>(v % 100));
  return buf;
}

// Thousands with a non-breaking space, as written in Swedish: "2 000 ms".
std::string MsSv(int64_t ms) {
  std::string d = std::to_string(ms), out;
  for (size_t i = 0; i < d.size(); ++i) {
    if (i && (d.size() - i) % 3 == 0) out += "\u00a0";
    out += d[i];
  }
  return out + "\u00a0ms";
}

std::string CountSv(int n) { return std::to_string(n) + (n == 1 ? " e-tjänst" : " e-tjänster"); }

std::string CheckedSv(const std::optional<TimeMs>& newest) {
  return newest ? "Senast kontrollerad " + FormatSwedish(*newest) : std::string("Inga mätningar ännu");
}

// "10:42" on the day of `at`, else "25 nov 2026 kl. 10:42".
std::string WhenSv(TimeMs t, TimeMs at) {
  return SameLocalDay(t, at) ? FormatSwedishClock(t) : FormatSwedish(t);
}

// Microseconds as seconds with one decimal: "2,5".
std::string SecondsSv(int64_t us) {
  char buf[32];
  int64_t tenths = (us + 50'000) / 100'000;
  std::snprintf(buf, sizeof buf, "%lld,%lld", static_cast<long long>(tenths / 10),
                static_cast<long long>(tenths % 10));
  return buf;
}

std::string ExplainSv(const StatusFacts& f) {
  std::string since = f.since_lower_bound ? " sedan mer än ett dygn" : " sedan " + WhenSv(f.since, f.at);
  switch (f.cause) {
    case StatusCause::kMaintenance: {
      std::string out = "Planerat underhåll pågår";
      if (f.maintenance_ends_at) out += " till " + WhenSv(*f.maintenance_ends_at, f.at);
      return out;
    }
    case StatusCause::kNoProbes:
      return "Vi har inga mätningar av tjänsten från de senaste " + std::to_string(f.window_minutes) +
             " minuterna";
    case StatusCause::kIncident:
      if (!f.incident_state) return "Ett känt fel påverkar tjänsten";
      switch (*f.incident_state) {
        case AnnouncementState::kIdentified:
          return "Ett känt fel påverkar tjänsten och åtgärdas";
        case AnnouncementState::kMonitoring:
          return "Ett fel har åtgärdats och vi följer upp att tjänsten fungerar";
        default:
          return "Vi undersöker ett fel som påverkar tjänsten";
      }
    case StatusCause::kSlow:
      return "Tjänsten svarar långsamt (i genomsnitt " + SecondsSv(f.mean_latency_us) + " sekunder)" + since;
    case StatusCause::kLocationsFailing:
      if (f.failing >= 1 && f.failing == f.locations)
        return (f.locations == 1 ? std::string("Mätpunkten når inte tjänsten")
                                 : "Ingen av " + std::to_string(f.locations) + " mätpunkter når tjänsten") +
               since;
      if (f.failing >= 1)
        return std::to_string(f.failing) + " av " + std::to_string(f.locations) +
               " mätpunkter når inte tjänsten" + since;
      // At outage level the service is not said to answer again: the level
      // and its explanation agree.
      if (f.level == StatusLevel::kOutage)
        return "De flesta mätpunkter nådde inte tjänsten under " + std::to_string(f.down_minutes) +
               " av de " + std::to_string(f.observed_minutes) + " senaste mätta minuterna, senast kl. " +
               FormatSwedishClock(f.last_down_at);
      if (f.disturbed_at)
        return "Tjänsten svarar igen men hade störningar kl. " + FormatSwedishClock(*f.disturbed_at);
      return "Tjänsten har haft störningar de senaste minuterna";
    case StatusCause::kNone:
      if (f.locations <= 1) return "Tjänsten svarar normalt";
      return "Alla " + std::to_string(f.locations) + " mätpunkter når tjänsten";
  }
  return "";
}

const char* SummarySv(StatusLevel worst) {
  switch (worst) {
    case StatusLevel::kOutage:
      return "Driftstörning i en eller flera e-tjänster";
    case StatusLevel::kDegraded:
      return "Begränsad funktion i en eller flera e-tjänster";
    case StatusLevel::kUnknown:
      return "Okänd status för en eller flera e-tjänster";
    case StatusLevel::kMaintenance:
      return "Planerat underhåll pågår";
    case StatusLevel::kOperational:
      break;
  }
  return "Alla e-tjänster fungerar normalt";
}

}  // namespace

const PageTexts kTextsSv = {
    .lang = Lang::kSv,
    .html_lang = "sv",
    .other_lang = "en",
    .other_lang_link = "In English",
    .home_path = "/driftinformation",
    .archive_path = "/driftinformation/historik",
    .history_path = [](std::string_view id) { return "/driftinformation/" + std::string(id) + "/historik"; },
    .widget_path = [](std::string_view id) { return "/driftinformation/" + std::string(id); },

    .date_time = [](TimeMs t) { return FormatSwedish(t); },
    .clock = [](TimeMs t) { return FormatSwedishClock(t); },
    .at_clock = [](TimeMs t) { return "kl. " + FormatSwedishClock(t); },
    .date = DateSv,
    .percent = PercentSv,
    .milliseconds = MsSv,
    .level_label = LevelLabelSv,
    .services_count = CountSv,
    .word = [](std::string_view sv) { return std::string(sv); },
    .explain = ExplainSv,
    .since_prefix = "sedan ",
    .since_more_than_a_day = "i mer än ett dygn",
    .from_prefix = "från ",

    .skip_link = "Hoppa till innehållet",
    .org = "Stockholms stad",
    .feed_title = "Driftinformation (Atom)",
    .live_updated = "Driftinformationen har uppdaterats.",
    .live_new_info = "Det finns ny driftinformation.",
    .live_new_info_reload = "Det finns ny driftinformation. Ladda om sidan.",
    .checked = CheckedSv,
    .stale_heading = "Informationen kan vara inaktuell",
    .stale_not_ready = "Vi får just nu inte in ny driftinformation som vi ska. ",
    .stale_newest =
        [](std::string_view when) {
          return "Den senaste mätningen av e-tjänsterna är från " + std::string(when) +
                 ". Det som visas här kan ha ändrats sedan dess.";
        },
    .stale_none = "Vi har inga mätningar av e-tjänsterna ännu.",
    .new_window = " (öppnas i nytt fönster)",

    .subscribe_path = "/driftinformation/prenumerera",
    .subscribe_link = "Få e-post när en e-tjänst inte fungerar som vanligt",
    .subscribe_service_link = "Få e-post när den här e-tjänsten inte fungerar som vanligt",
    .site_name = "Stockholms stad – driftinformation för e-tjänster",
    .feed_subtitle = "Kända fel och planerat underhåll i Stockholms stads e-tjänster",
    .summary_description = SummarySv,
    .calendar_name =
        [](std::string_view name) {
          return "Planerat underhåll – " +
                 (name.empty() ? std::string("Stockholms stads e-tjänster") : std::string(name));
        },
    .calendar_cancelled = "Inställt: ",

    .page_title = "Driftinformation – Stockholms stads e-tjänster",
    .page_h1 = "Driftinformation för e-tjänster",
    .page_lead =
        "Här ser du om stadens e-tjänster fungerar just nu, vilket underhåll som är planerat och hur du "
        "kan göra ditt ärende på annat sätt när en e-tjänst inte fungerar.",
    .all_normal = "Alla e-tjänster fungerar normalt",
    .no_services = "Det finns inga e-tjänster att visa ännu",
    .not_normal =
        [](int n, int total) {
          return std::to_string(n) + " av " + CountSv(total) + " fungerar inte normalt just nu";
        },
    .now_heading = "Störningar och underhåll just nu",
    .none_affected = "Inga e-tjänster har störningar eller underhåll just nu.",
    .planned_heading = "Planerat underhåll de kommande 14 dagarna",
    .none_planned = "Inget underhåll är planerat de kommande 14 dagarna.",
    .affects = "Berör: ",
    .all_heading = "Alla e-tjänster",
    .groups_intro = " ordnade efter den nämnd eller det bolag som ansvarar för dem.",
    .filter_hint = "Välj nämnd eller bolag i listan nedan, eller sök på sidan med webbläsarens sökfunktion.",
    .filter_label = "Sök bland e-tjänsterna",
    .filter_none = "Ingen e-tjänst matchar sökningen.",
    .filter_shown = "Visar {n} av {all} e-tjänster.",
    .groups_heading = "Nämnder och bolag",
    .group_caption = "Status för e-tjänsterna hos ",
    .col_service = "E-tjänst",
    .col_status = "Status",
    .col_since = "Sedan",
    .to_groups = "Till listan över nämnder och bolag",
    .history_short = "Historik",
    .history_for = " för ",
    .owner_none = "Utan angiven nämnd eller bolag",
    .footer_feed_intro = "Följ driftinformationen i en flödesläsare: ",
    .footer_feed_link = "Atom-flöde med driftmeddelanden",
    .footer_archive_intro = "Tidigare störningar och underhåll: ",
    .footer_archive_link = "arkiv med driftmeddelanden",
    .footer_open_data = "Öppna data: ",
    .footer_json_link = "status som JSON",
    .footer_summary_link = "sammanfattning (Statuspage-format)",
    .footer_calendar_link = "Prenumerera på planerat underhåll",
    .footer_calendar_after = " i din kalender (iCalendar).",
    .footer_widget_intro = "Varje e-tjänst kan visa sin egen status på sin startsida med adressen ",
    .footer_widget_path = "/driftinformation/<tjänstens id>",

    .widget_prefix = "Driftinformation: ",
    .alternatives_heading = "Gör ditt ärende på annat sätt",
    .no_alternatives =
        "Det finns ingen annan kontaktväg registrerad för den här e-tjänsten. Försök igen senare.",
    .more_announcements =
        [](size_t shown, size_t total) {
          return "Här visas " + std::to_string(shown) + " av " + std::to_string(total) +
                 " aktuella meddelanden om e-tjänsten, de senaste först. ";
        },
    .more_announcements_link = "Alla driftmeddelanden i Atom-flödet",
    .history_link_before = "Så har ",
    .history_link_after = " fungerat: historik och driftmeddelanden",
    .upcoming_incident = "Kommande känt fel",
    .upcoming_maintenance = "Kommande underhåll",
    .estimated_end = " (beräknat slut)",
    .all_services_link = "Driftinformation för alla e-tjänster",

    .unknown_title = "Okänd e-tjänst – driftinformation",
    .unknown_h1 = "Okänd e-tjänst",
    .unknown_text = "Det finns ingen driftinformation för den här adressen.",
    .unknown_link = "Se driftinformation för alla e-tjänster",

    .history_title =
        [](std::string_view name) { return "Historik för " + std::string(name) + " – driftinformation"; },
    .history_h1_before = "Så har ",
    .history_h1_after = " fungerat",
    .history_lead =
        [](size_t days) {
          return "Driftstatus just nu, tillgänglighet de senaste " + std::to_string(days) +
                 " dagarna, svarstider det senaste dygnet och driftmeddelanden om e-tjänsten.";
        },
    .history_now = "Just nu",
    .crumbs_label = "Du är här",
    .archive_link = "Arkiv med driftmeddelanden",
    .days_heading =
        [](size_t days) { return "Tillgänglighet de senaste " + std::to_string(days) + " dagarna"; },
    .availability_sentence =
        [](std::string_view p) {
          return "Tjänsten gick att nå " + std::string(p) +
                 " av den tid vi mätte, planerat underhåll oräknat.";
        },
    .no_measurements_period = "Vi har inga mätningar av tjänsten under perioden.",
    .bars_hint = " Varje stapel är en dag, den äldsta först.",
    .today = "Idag",
    .key_operational = "inga störningar",
    .key_degraded = "någon störning",
    .key_outage = "nere minst 5 % av tiden",
    .key_maintenance = "bara planerat underhåll",
    .key_unknown_label = "Ingen mätning",
    .key_unknown = "ingen mätning",
    .day_table_summary = "Dag för dag som tabell",
    .day_table_region = "Tillgänglighet dag för dag",
    .day_table_caption = "Tillgänglighet dag för dag, den senaste först",
    .col_day = "Dag",
    .col_availability = "Tillgänglighet",
    .col_disturbances = "Störningar",
    .minutes_down = "nere",
    .minutes_degraded = "begränsad",
    .minutes_maintenance = "planerat underhåll",
    .minutes_unknown = "utan mätning",
    .day_availability = ", tillgänglighet ",
    .day_no_measurement = ", ingen mätning",
    .day_announcements =
        [](size_t n) {
          return n == 1 ? std::string(", 1 driftmeddelande") : ", " + std::to_string(n) + " driftmeddelanden";
        },
    .rt_heading = "Svarstider det senaste dygnet",
    .rt_intro =
        [](std::string_view from, std::string_view to) {
          return "Genomsnittlig svarstid per kvart för godkända mätningar, från " + std::string(from) +
                 " till " + std::string(to) + ".";
        },
    .chart_title =
        [](std::string_view name) {
          return "Svarstider för " + std::string(name) + " det senaste dygnet, per mätpunkt";
        },
    .chart_none = "Inga mätningar det senaste dygnet.",
    .chart_location = "Mätpunkt ",
    .chart_no_passed = "inga godkända svar",
    .chart_mean_max =
        [](std::string_view mean, std::string_view max) {
          return "i genomsnitt " + std::string(mean) + ", som högst " + std::string(max) + " under en kvart";
        },
    .chart_threshold = [](std::string_view t) { return "Gräns för långsamt svar (" + std::string(t) + ")"; },
    .rt_table_summary = "Svarstiderna som tabell",
    .rt_table_region = "Svarstider per timme",
    .rt_table_caption = "Genomsnittlig svarstid per timme och mätpunkt",
    .col_hour = "Timme",
    .failed_probes =
        [](uint64_t n) { return " (" + std::to_string(n) + (n == 1 ? " misslyckad)" : " misslyckade)"); },
    .service_announcements_heading = "Driftmeddelanden om e-tjänsten",
    .no_service_announcements = "Det finns inga driftmeddelanden om e-tjänsten.",
    .older_in_archive = "Äldre driftmeddelanden finns i arkivet",

    .timeline_heading = "Så har det gått",
    .permalink = "Länk till det här meddelandet",

    .archive_title = "Arkiv med driftmeddelanden – driftinformation",
    .archive_h1 = "Arkiv med driftmeddelanden",
    .archive_lead =
        "Alla kända fel och allt planerat underhåll i stadens e-tjänster, det senaste först, med hur "
        "varje störning utvecklades.",
    .updated_prefix = "Uppdaterad ",
    .archive_before =
        [](std::string_view when) { return "Meddelanden som började före " + std::string(when) + "."; },
    .archive_heading = "Driftmeddelanden",
    .archive_none = "Det finns inga driftmeddelanden att visa.",
    .pager_label = "Sidor",
    .pager_newest = "De senaste meddelandena",
    .pager_older = "Äldre meddelanden",
    .footer_feed_short = "Atom-flöde",

    .bad_address_title = "Felaktig adress – driftinformation",
    .bad_address_h1 = "Felaktig adress",
    .bad_address_text = "Adressen innehåller ett datum som vi inte kan läsa.",
    .bad_address_link = "Till arkivet med driftmeddelanden",
};

}  // namespace followup
