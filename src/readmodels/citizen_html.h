// Pieces that every citizen HTML page shares (the status page, the widget,
// a service's history page, the archive, the error pages), in either
// language (texts.h), so that all of them look and escape alike. Each piece
// escapes what it is given (common/escape.h) and builds links only from
// http(s), tel: and mailto: contacts.
//
// Thread-safety: pure functions.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "readmodels/status_engine.h"
#include "readmodels/templates.h"
#include "readmodels/texts.h"

namespace followup {

// A page's address in its own language and the same page's in the other
// (the hreflang links and the visible "In English" / "På svenska" link);
// empty: the page has no counterpart.
struct PageLinks {
  std::string self, other;
};

// "<!DOCTYPE html>" up to "</head>", with the shared style sheet.
std::string PageHeadHtml(const PageTexts& t, std::string_view title, const PageLinks& links = {});
// The skip link and the page's <header> (the language link first, the
// organisation, h1 and the lead); h1 and lead are plain text. A heading with
// a service's name in it is h1, h1_name, h1_after (the name marked as
// Swedish on pages in another language, as RenderPage says).
std::string PageHeaderHtml(const PageTexts& t, std::string_view h1, std::string_view lead,
                           const PageLinks& links, std::string_view h1_name = {},
                           std::string_view h1_after = {});
// The "t" object of the templates: every text a template names as {{t.x}}.
mustache::data TextsData(const PageTexts& t);
// Renders templates/<name>.mustache (HTML escaping) with d and, below it,
// {"t": TextsData(t)} (built once per language) and, on English pages,
// swedish_names: the catalog's names, owners and alternatives are Swedish
// (it has no other), so the templates mark them lang="sv" there.
std::string RenderPage(const PageTexts& t, std::string_view name, const mustache::data& d);
// The visible link to the other language's page ("" without links.other).
std::string LanguageLinkHtml(const PageTexts& t, const PageLinks& links);

// A level's icon and label (never colour alone); the icon alone (aria-hidden).
std::string LevelBadgeHtml(const PageTexts& t, StatusLevel l);
const char* LevelIconSvg(StatusLevel l);
// The "Gör ditt ärende på annat sätt" block of a service. heading: "h2"...
std::string AlternativesBlockHtml(const PageTexts& t, const ServiceStatus& s, const char* heading);
// "sedan kl. 10:42", "sedan 25 nov 2026 kl. 10:42", "i mer än ett dygn".
std::string SinceText(const PageTexts& t, const ServiceStatus& s, TimeMs now);
// "26 nov 2026 kl. 22:00 – 23:30" (the end date when it differs), "från ..." without an end.
std::string TimeRangeText(const PageTexts& t, TimeMs from, const std::optional<TimeMs>& to);
// Escaped text with its line breaks as <br>.
std::string HtmlTextWithBreaks(std::string_view s);
// The stale banner of status_render.h's rule (InformationMayBeStale); "" when fresh.
std::string StaleBannerHtml(const PageTexts& t, bool ingest_ready, const std::optional<TimeMs>& newest,
                            TimeMs now);
// An http(s) address that is safe in an attribute.
bool HttpUrl(std::string_view u);

// An announcement's text in the page's language: on an English page the
// English text when one was given, else the Swedish one, marked sv_fallback
// (the page says lang="sv" around it); on a Swedish page the Swedish text.
struct LocalText {
  std::string text;
  bool sv_fallback = false;
};
LocalText InPageLanguage(const PageTexts& t, std::string_view sv, std::string_view en);

// The names of the services an announcement is shown for
// (AnnouncementInfo::services), ", "-separated, unescaped.
std::string ServiceNames(const CityStatus& c, const AnnouncementInfo& info);

}  // namespace followup
