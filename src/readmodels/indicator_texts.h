// The Swedish texts of the board's report (/rapport): for each of the 24
// indicators of indicators.md its name, unit, where its figure comes from and
// a short explanation for readers who have not read the spec; the titles of
// the five perspectives and of the scopes. Kept in one table
// (indicator_texts.cpp), worded after the programme's own documents
// (shared/seeds). Also the Swedish number style used by the page.
//
// Thread-safety: everything here is immutable or a pure function.
#pragma once
#include <string>
#include <string_view>

namespace followup {

struct IndicatorText {
  std::string_view indicator;  // e.g. "qual.availability"
  std::string_view name;       // "Tillgänglighet"
  std::string_view unit;       // "%" for shares and ratios, else "kr", "timmar", "st", "minuter"
  std::string_view source;     // "Tillgänglighetsmätning", "Användningsstatistik", "Enkät", ...
  std::string_view about;      // what it counts, in one or two sentences
  bool survey;                 // a share of survey answers: its denominator is the number of answers
};

// The text of an indicator, or nullptr for an unknown name. Every indicator of
// events/indicators.h has one (a unit test checks it).
const IndicatorText* FindIndicatorText(std::string_view indicator);

// "Externt nyttoperspektiv" for "external", ...; the key itself when unknown.
std::string_view PerspectiveTitle(std::string_view perspective);
// The five perspective keys in the programme's order (external .. quality).
inline constexpr std::string_view kPerspectiveOrder[] = {"external", "internal", "maturity", "cost",
                                                         "quality"};

// The display name of a scope value that is not an e-service: "Stockholms
// stad" for the city, "Fokusområde 1: Tillgänglighet och service" for a focus
// area, "Grundläggande" for a category, "Okänd (saknas i
// applikationsportföljen)" for `unknown`; owners are shown as they are named.
std::string ScopeLabel(std::string_view scope, std::string_view scope_id);
// "Nämnd eller bolag", "Fokusområde", "It-kategori", "E-tjänst" (table heading).
std::string_view ScopeHeading(std::string_view scope);
// "per nämnd och bolag", ... (caption suffix); "" for the city.
std::string_view ScopeCaption(std::string_view scope);

// A report value in Swedish style in the indicator's unit: "0.953" with unit
// "%" -> "95,3 %", "42500.5" kr -> "42 501 kr" (no-break spaces). Rounded on
// the decimal text itself, so large sums keep every digit.
std::string SwedishValue(std::string_view value, std::string_view unit);
// A change between two written values: "+1,2 procentenheter" for shares,
// "−3 500 kr" for amounts, "±0" for one that rounds to nothing. U+2212 for
// minus.
std::string SwedishChange(std::string_view change, std::string_view unit);

}  // namespace followup
