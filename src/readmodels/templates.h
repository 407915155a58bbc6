// The citizen pages' template files (src/readmodels/templates/), embedded in
// the binary at build time (CMake writes build/generated/templates.cpp with
// their contents), and their rendering with kainjow::mustache (Debian
// libkainjow-mustache-dev).
//
// A fragment's file ends without a newline (it is inserted into a line of a
// page); a page's file ends with one.
//
// Escaping is the default: every {{name}} goes through the escaping of the
// surface, followup::HtmlEscape for HTML, XmlEscape for XML (Atom, SVG),
// IcsEscapeText for the calendar, all of which also apply SanitizeText
// (common/escape.h); {{{name}}} is only for
// markup the renderers built from escaped parts.
//
// Thread-safety: pure functions over immutable data; each render parses its
// template afresh (a few microseconds for these sizes), so nothing is shared.
#pragma once
#include <kainjow/mustache.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace followup {

namespace mustache = kainjow::mustache;

// The embedded file by its name in templates/ ("status_page.mustache",
// "page.css", "app.js"); empty when there is none.
std::string_view EmbeddedFile(std::string_view name);
// The names of every embedded file, in name order.
std::vector<std::string_view> EmbeddedFileNames();

// A string value for a template's data (escaped when rendered, per Escaping).
inline mustache::data TemplateString(const std::string& s) { return mustache::data(s); }

// kIcs: IcsEscapeText (an iCalendar TEXT value; no line break is left in it).
enum class Escaping { kHtml, kXml, kIcs };
// Renders templates/<name>.mustache with d. A template that is missing or does
// not parse renders as the empty string (the unit tests render every one).
// below: an object looked up after d (e.g. the texts of the page's language,
// built once), or null.
std::string RenderTemplate(std::string_view name, const mustache::data& d, Escaping e = Escaping::kHtml,
                           const mustache::data* below = nullptr);
// Whether templates/<name>.mustache exists and parses; *error says why not.
bool TemplateIsValid(std::string_view name, std::string* error);

}  // namespace followup
