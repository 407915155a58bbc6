#include "readmodels/indicator_texts.h"

#include "common/decimal.h"

namespace followup {
namespace {

constexpr const char* kProbes = "Tillgänglighetsmätning i stadens driftmiljöer";
constexpr const char* kUsage = "Användningsstatistik från e-tjänsterna";
constexpr const char* kCitizenSurvey = "Enkät till användare (invånare, företag och besökare)";
constexpr const char* kManagerSurvey = "Enkät till verksamhetsansvariga chefer";
constexpr const char* kStaffSurvey = "Enkät till medarbetare";
constexpr const char* kFinance = "Ekonomiuppföljning";
constexpr const char* kPortfolio = "Applikationsportföljen (stadens förteckning över e-tjänster)";
constexpr const char* kOperations = "Driftinformation: störningar och planerat underhåll";

// One row per indicator: the only place these texts live.
constexpr IndicatorText kTexts[] = {
    {"ext.digital_share", "Andel digitala ärenden", "%", kUsage,
     "Hur stor del av ärendena som kom in via e-tjänsten, av alla ärenden i alla kanaler (e-tjänst, telefon, "
     "besök och post).",
     false},
    {"ext.contact_details_share", "Digitala ärenden med kontaktuppgifter", "%", kUsage,
     "Hur stor del av de digitala ärendena där användaren valde att lämna personliga kontaktuppgifter.",
     false},
    {"ext.satisfied_share", "Nöjda användare", "%", kCitizenSurvey,
     "Andel av de svarande som är nöjda med e-tjänsten.", true},
    {"ext.easy_to_find_share", "Lätt att hitta och använda", "%", kCitizenSurvey,
     "Andel av de svarande som tycker att e-tjänsten är enkel att hitta och använda.", true},
    {"ext.meets_expectations_share", "Uppfyller förväntningarna", "%", kCitizenSurvey,
     "Andel av de svarande som upplever att stadens e-tjänster uppfyller deras förväntningar.", true},
    {"ext.eased_contact_share", "Underlättar kontakten med staden", "%", kCitizenSurvey,
     "Andel av de svarande som upplever att e-tjänsterna har underlättat deras kontakt med staden.", true},
    {"ext.case_status_share", "Visar ärendets status", "%", kPortfolio,
     "Andel av e-tjänsterna som presenterar ärendets process, status och beslut. Gäller portföljen som den ser "
     "ut i dag, därför ändras värdet inte mellan kvartal.",
     false},
    {"int.realized_benefit_sek", "Hemtagen nytta", "kr", kFinance,
     "Summan av den nytta i kronor som verksamheterna har redovisat som hemtagen under kvartalet.", false},
    {"int.hours_saved", "Frigjorda arbetstimmar", "timmar", kFinance,
     "Summan av de arbetstimmar som verksamheterna har redovisat som frigjorda tack vare e-tjänsterna.",
     false},
    {"int.benefit_to_investment", "Effekthemtagning", "%", kFinance,
     "Hemtagen nytta i förhållande till den investerade summan, för e-tjänster med en redovisad investering.",
     false},
    {"int.cost_defensible_share", "Kostnaden upplevs försvarlig", "%", kManagerSurvey,
     "Andel av de verksamhetsansvariga som upplever kostnaden för sina e-tjänster som försvarlig.", true},
    {"int.influence_share", "Nöjda med delaktighet och insyn", "%", kManagerSurvey,
     "Andel av de verksamhetsansvariga som är nöjda med sin möjlighet till delaktighet och insyn i "
     "beslutsprocessen.",
     true},
    {"mat.license_utilization", "Använda licenser", "%", kUsage,
     "Aktiva användare i förhållande till antalet licenser som staden betalar för.", false},
    {"mat.it_ability_share", "Medarbetare som kan använda it-stödet", "%", kStaffSurvey,
     "Andel av de svarande medarbetarna som anser att de kan använda it-stödet i sitt arbete.", true},
    {"cost.total_sek", "Total it-kostnad", "kr", kFinance,
     "Summan av de redovisade kostnaderna för it-stödet under kvartalet. Lägre är bättre.", false},
    {"cost.per_digital_case_sek", "Kostnad per digitalt ärende", "kr", kFinance,
     "It-kostnaden delad med antalet ärenden som kom in via e-tjänst (användningsstatistik). Lägre är bättre.",
     false},
    {"cost.portfolio_share", "Andel finansierad via portföljen", "%", kFinance,
     "Hur stor del av it-kostnaden som finansieras centralt genom portföljen.", false},
    {"qual.availability", "Tillgänglighet", "%", kProbes,
     "Andel av tiden som e-tjänsten fungerade, mätt minut för minut med automatiska kontroller från flera platser. "
     "Planerat underhåll räknas inte som avbrott.",
     false},
    {"qual.monitoring_coverage", "Mättäckning", "%", kProbes,
     "Andel av kvartalets minuter då tillgängligheten faktiskt mättes, för e-tjänster som mäts.", false},
    {"qual.incidents", "Driftstörningar", "st", kOperations,
     "Antal driftstörningar som började under kvartalet. Lägre är bättre.", false},
    {"qual.mean_time_to_restore_minutes", "Tid till åtgärdad störning", "minuter", kOperations,
     "Genomsnittlig tid i minuter från att en störning började till att den var åtgärdad. Lägre är bättre.",
     false},
    {"qual.maintenance_night_share", "Planerat underhåll nattetid", "%", kOperations,
     "Andel av det planerade underhållet som skedde nattetid (kl. 22–06), då färre använder e-tjänsterna.",
     false},
    {"qual.drift_info_found_share", "Hittade driftinformation", "%", kCitizenSurvey,
     "Andel av de svarande som enkelt hittade aktuell driftinformation.", true},
    {"qual.wcag_aa_share", "Uppfyller WCAG 2.0 nivå AA", "%", kPortfolio,
     "Andel av e-tjänsterna som uppfyller tillgänglighetsstandarden WCAG 2.0 nivå AA. Gäller portföljen som den "
     "ser ut i dag.",
     false},
};

struct Titled {
  std::string_view key, title;
};
constexpr Titled kPerspectiveTitles[] = {
    {"external", "Externt nyttoperspektiv"},      {"internal", "Internt nyttoperspektiv"},
    {"maturity", "Internt it-mognadsperspektiv"}, {"cost", "It-kostnadsperspektiv"},
    {"quality", "It-kvalitetsperspektiv"},
};
constexpr Titled kFocusAreas[] = {
    {"1", "Fokusområde 1: Tillgänglighet och service"},
    {"2", "Fokusområde 2: Sammanställa, analysera och återanvända information"},
    {"3", "Fokusområde 3: Utbildning och systemutveckling"},
    {"4", "Fokusområde 4: Samverkan och informationsutbyte"},
    {"5", "Fokusområde 5: Innovativ utveckling"},
};
constexpr Titled kCategories[] = {{"grundlaggande", "Grundläggande"},
                                  {"differentierande", "Differentierande"},
                                  {"innovativt", "Innovativt"}};

std::string GroupDigits(const std::string& ip) {
  std::string out;
  for (size_t i = 0; i < ip.size(); ++i) {
    if (i && (ip.size() - i) % 3 == 0) out += "\u00a0";
    out += ip[i];
  }
  return out;
}

// Rounded decimal text -> Swedish digits: "-1234.5" -> "−1 234,5".
std::string SwedishDigits(const std::string& s) {
  if (s.empty()) return s;
  auto dot = s.find('.');
  std::string ip = s.substr(0, dot), fp = dot == std::string::npos ? "" : s.substr(dot + 1);
  bool neg = !ip.empty() && ip[0] == '-';
  if (neg) ip = ip.substr(1);
  std::string out = GroupDigits(ip);
  if (!fp.empty()) out += "," + fp;
  if (neg && out.find_first_not_of("0,\u00a0") != std::string::npos) out = "−" + out;
  return out;
}

}  // namespace

const IndicatorText* FindIndicatorText(std::string_view indicator) {
  for (const auto& t : kTexts)
    if (t.indicator == indicator) return &t;
  return nullptr;
}

std::string_view PerspectiveTitle(std::string_view perspective) {
  for (const auto& p : kPerspectiveTitles)
    if (p.key == perspective) return p.title;
  return perspective;
}

std::string ScopeLabel(std::string_view scope, std::string_view id) {
  if (scope == "city") return "Stockholms stad";
  if (id == "unknown") return "Okänd (saknas i applikationsportföljen)";
  if (scope == "focus_area")
    for (const auto& f : kFocusAreas)
      if (f.key == id) return std::string(f.title);
  if (scope == "category")
    for (const auto& c : kCategories)
      if (c.key == id) return std::string(c.title);
  return std::string(id);
}

std::string_view ScopeHeading(std::string_view scope) {
  if (scope == "city") return "Hela staden";
  if (scope == "owner") return "Nämnd eller bolag";
  if (scope == "focus_area") return "Fokusområde";
  if (scope == "category") return "It-kategori";
  return "E-tjänst";
}

std::string_view ScopeCaption(std::string_view scope) {
  if (scope == "owner") return "per nämnd och bolag";
  if (scope == "focus_area") return "per fokusområde";
  if (scope == "category") return "per it-kategori";
  if (scope == "service") return "per e-tjänst";
  return "";
}

std::string SwedishValue(std::string_view value, std::string_view unit) {
  const bool share = unit == "%";
  std::string s = RoundDecimalText(value, share ? 2 : 0, share ? 1 : 0);
  if (s.empty()) return std::string(value);  // never: the report writes plain decimals
  return SwedishDigits(s) + "\u00a0" + std::string(unit);
}

std::string SwedishChange(std::string_view change, std::string_view unit) {
  const bool share = unit == "%";
  std::string s = RoundDecimalText(change, share ? 2 : 0, share ? 1 : 0);
  if (s.empty()) return std::string(change);
  std::string d = SwedishDigits(s);
  if (d.find_first_not_of("0,\u00a0") == std::string::npos) return "±0";
  if (d.rfind("−", 0) != 0) d = "+" + d;
  // A plain space before "procentenheter": the long word may go to the next line of a narrow cell.
  return share ? d + " procentenheter" : d + "\u00a0" + std::string(unit);
}

}  // namespace followup
