// The words of the citizen pages (driftinformation), one table per language:
// texts_sv.cpp (kTextsSv, the seeds' Swedish wording) and texts_en.cpp
// (kTextsEn). Both are the one struct PageTexts, and no member of it has a
// default: a text left out of either table does not compile.
//
// Text members are plain text (the templates escape them where they land);
// the few *_html members are markup with no untrusted part. Fn members turn
// numbers, times and names into words (a name goes in as given and comes out
// unescaped: the caller escapes the result for its context).
//
// The engine (status_engine.h) words a service's state and an announcement's
// kind, state and alternative channels in Swedish; Word() gives the page's
// word for one of them (the English table translates each of those Swedish
// words; the Swedish one keeps them).
//
// Thread-safety: immutable tables and pure functions.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "common/time.h"
#include "readmodels/status_engine.h"

namespace followup {

enum class Lang : uint8_t { kSv, kEn };

// A text no table may leave out (no default constructor).
struct Text {
  constexpr Text(const char* s) : s(s) {}  // NOLINT: a table entry is written as a literal
  const char* s;
  operator std::string_view() const { return s; }
  std::string str() const { return s; }
};

// A function no table may leave out.
template <typename F>
struct Fn {
  // A function or a lambda without captures.
  template <typename L>
  constexpr Fn(L l) : f(l) {}  // NOLINT: a table entry is written as a function
  F* f;
  template <typename... A>
  auto operator()(A&&... a) const {
    return f(std::forward<A>(a)...);
  }
};

struct PageTexts {
  Lang lang;
  Text html_lang;        // "sv", "en"
  Text other_lang;       // the other language's code (hreflang)
  Text other_lang_link;  // "In English", "På svenska" (in the other language)
  // Where the pages of this language are.
  Text home_path;     // "/driftinformation", "/en/status"
  Text archive_path;  // ".../historik", ".../history"
  Fn<std::string(std::string_view service_id)> history_path;
  Fn<std::string(std::string_view service_id)> widget_path;

  // Times, numbers and levels.
  Fn<std::string(TimeMs)> date_time;  // "26 nov 2026 kl. 10:42", "26 Nov 2026, 10:42"
  Fn<std::string(TimeMs)> clock;      // "10:42"
  Fn<std::string(TimeMs)> at_clock;   // "kl. 10:42", "10:42"
  Fn<std::string(const LocalDay&)> date;
  Fn<std::string(int64_t num, int64_t den)> percent;  // rounded down, two decimals: "94,00 %", "94.00 %"
  Fn<std::string(int64_t ms)> milliseconds;           // "2 000 ms", "2,000 ms" (non-breaking spaces)
  Fn<const char*(StatusLevel)> level_label;
  Fn<std::string(int n)> services_count;  // "1 e-tjänst", "3 e-services"
  Fn<std::string(std::string_view sv)> word;
  // Why a service has its level, in one line of plain text: the facts the
  // engine found (StatusFacts), each language stating all of them.
  Fn<std::string(const StatusFacts&)> explain;
  Text since_prefix;  // "sedan ", "since "
  Text since_more_than_a_day;
  Text from_prefix;  // a range without an end: "från ..."

  // Every page.
  Text skip_link;
  Text org;
  Text feed_title;  // the <link rel=alternate> of the Atom feed
  Text live_updated;
  Text live_new_info;
  Text live_new_info_reload;
  Fn<std::string(const std::optional<TimeMs>& newest)> checked;  // "Senast kontrollerad ..."
  Text stale_heading;
  Text stale_not_ready;
  Fn<std::string(std::string_view when)> stale_newest;
  Text stale_none;
  Text new_window;  // " (öppnas i nytt fönster)"
  // The e-mail subscriptions' form (only when offered), the same path as
  // notify/subscription_links.h's kSubscribePathSv / kSubscribePathEn.
  Text subscribe_path;          // "/driftinformation/prenumerera", "/en/status/subscribe"
  Text subscribe_link;          // on the status page
  Text subscribe_service_link;  // on a service's page

  // The feeds and calendars (Atom, summary.json, iCalendar).
  Text site_name;      // the name of the whole: the feed's title, summary.json's page name
  Text feed_subtitle;  // the Atom feed's subtitle
  // summary.json's one line for the state of all services, by the worst
  // level among them (operational: all operate normally).
  Fn<const char*(StatusLevel worst)> summary_description;
  // The calendar's name: of the city's e-services (service_name empty) or of one.
  Fn<std::string(std::string_view service_name)> calendar_name;
  Text calendar_cancelled;  // before a cancelled maintenance's title: "Inställt: "

  // The status page.
  Text page_title;
  Text page_h1;
  Text page_lead;
  Text all_normal;
  Text no_services;
  Fn<std::string(int n, int total)> not_normal;
  Text now_heading;
  Text none_affected;
  Text planned_heading;
  Text none_planned;
  Text affects;  // "Berör: "
  Text all_heading;
  Text groups_intro;  // after the count
  Text filter_hint;
  Text filter_label;
  Text filter_none;
  Text filter_shown;  // "{n}" and "{all}" replaced by app.js
  Text groups_heading;
  Text group_caption;  // before the owner
  Text col_service;
  Text col_status;
  Text col_since;
  Text to_groups;
  Text history_short;
  Text history_for;  // " för " before the service name
  Text owner_none;
  Text footer_feed_intro;
  Text footer_feed_link;
  Text footer_archive_intro;
  Text footer_archive_link;
  Text footer_open_data;
  Text footer_json_link;
  Text footer_summary_link;
  Text footer_calendar_link;
  Text footer_calendar_after;
  Text footer_widget_intro;
  Text footer_widget_path;

  // A service's card (the page and the widget).
  Text widget_prefix;  // "Driftinformation: "
  Text alternatives_heading;
  Text no_alternatives;
  Fn<std::string(size_t shown, size_t total)> more_announcements;
  Text more_announcements_link;
  Text history_link_before;  // "Så har " name
  Text history_link_after;   // " fungerat: historik och driftmeddelanden"
  Text upcoming_incident;
  Text upcoming_maintenance;
  Text estimated_end;
  Text all_services_link;  // the widget's and the pages' link home

  // The 404 page of an unknown service.
  Text unknown_title;
  Text unknown_h1;
  Text unknown_text;
  Text unknown_link;

  // A service's history page.
  Fn<std::string(std::string_view name)> history_title;
  Text history_h1_before;  // "Så har " name
  Text history_h1_after;   // " fungerat"
  Fn<std::string(size_t days)> history_lead;
  Text history_now;  // "Just nu"
  Text crumbs_label;
  Text archive_link;
  Fn<std::string(size_t days)> days_heading;
  Fn<std::string(std::string_view percent)> availability_sentence;
  Text no_measurements_period;
  Text bars_hint;
  Text today;
  Text key_operational;
  Text key_degraded;
  Text key_outage;
  Text key_maintenance;
  Text key_unknown_label;
  Text key_unknown;
  Text day_table_summary;
  Text day_table_region;
  Text day_table_caption;
  Text col_day;
  Text col_availability;
  Text col_disturbances;
  Text minutes_down;
  Text minutes_degraded;
  Text minutes_maintenance;
  Text minutes_unknown;
  Text day_availability;  // ", tillgänglighet "
  Text day_no_measurement;
  Fn<std::string(size_t n)> day_announcements;  // ", 1 driftmeddelande"
  Text rt_heading;
  Fn<std::string(std::string_view from, std::string_view to)> rt_intro;
  Fn<std::string(std::string_view name)> chart_title;
  Text chart_none;
  Text chart_location;  // "Mätpunkt "
  Text chart_no_passed;
  Fn<std::string(std::string_view mean, std::string_view max)> chart_mean_max;
  Fn<std::string(std::string_view threshold)> chart_threshold;
  Text rt_table_summary;
  Text rt_table_region;
  Text rt_table_caption;
  Text col_hour;
  Fn<std::string(uint64_t failed)> failed_probes;  // " (2 misslyckade)"
  Text service_announcements_heading;
  Text no_service_announcements;
  Text older_in_archive;

  // An announcement in the archive.
  Text timeline_heading;
  Text permalink;

  // The archive.
  Text archive_title;
  Text archive_h1;
  Text archive_lead;
  Text updated_prefix;
  Fn<std::string(std::string_view when)> archive_before;
  Text archive_heading;
  Text archive_none;
  Text pager_label;
  Text pager_newest;
  Text pager_older;
  Text footer_feed_short;

  // The 400 page of the history routes.
  Text bad_address_title;
  Text bad_address_h1;
  Text bad_address_text;
  Text bad_address_link;
};

extern const PageTexts kTextsSv;
extern const PageTexts kTextsEn;
inline const PageTexts& TextsFor(Lang l) { return l == Lang::kEn ? kTextsEn : kTextsSv; }

}  // namespace followup
