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

#include "events/indicators.h"

namespace followup {

struct IndicatorText {
  std::string_view name;    // "Tillgänglighet"
  std::string_view source;  // "Tillgänglighetsmätning", "Användningsstatistik", "Enkät", ...
  std::string_view about;   // what it counts, in one or two sentences
};

// The text of an indicator; every indicator of events/indicators.h has one
// (checked when this builds).
const IndicatorText& TextOf(IndicatorId indicator);

// The unit as the page writes it: "%" (a ratio, shown as a percentage), "kr",
// "timmar", "st", "minuter".
std::string_view UnitText(IndicatorUnit unit);

// "Externt nyttoperspektiv" for external, ...
std::string_view PerspectiveTitle(Perspective perspective);

// The display name of a scope value that is not an e-service: "Stockholms
// stad" for the city, "Fokusområde 1: Tillgänglighet och service" for a focus
// area, "Grundläggande" for a category, "Okänd (saknas i
// applikationsportföljen)" for `unknown`; owners are shown as they are named.
std::string ScopeLabel(std::string_view scope, std::string_view scope_id);
// "Nämnd eller bolag", "Fokusområde", "It-kategori", "E-tjänst" (table heading).
std::string_view ScopeHeading(std::string_view scope);
// "per nämnd och bolag", ... (caption suffix); "" for the city.
std::string_view ScopeCaption(std::string_view scope);

// A report value in Swedish style in the indicator's unit: "0.953" in
// kPercent -> "95,3 %", "42500.5" in kSek -> "42 501 kr" (no-break spaces).
// Rounded on the decimal text itself, so large sums keep every digit.
std::string SwedishValue(std::string_view value, IndicatorUnit unit);
// A change between two written values: "+1,2 procentenheter" for shares,
// "−3 500 kr" for amounts, "±0" for one that rounds to nothing. U+2212 for
// minus.
std::string SwedishChange(std::string_view change, IndicatorUnit unit);

}  // namespace followup
