#include "readmodels/indicator_texts.h"

#include <array>
#include <iterator>

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

struct TextRow {
  IndicatorId indicator;
  IndicatorText text;
};
// One row per indicator: the only place these texts live.
constexpr TextRow kTexts[] = {
    {IndicatorId::kExtDigitalShare,
     {"Andel digitala ärenden", kUsage,
      "Hur stor del av ärendena som kom in via e-tjänsten, av alla ärenden i alla kanaler (e-tjänst, telefon, "
      "besök och post)."}},
    {IndicatorId::kExtContactDetailsShare,
     {"Digitala ärenden med kontaktuppgifter", kUsage,
      "Hur stor del av de digitala ärendena där användaren valde att lämna personliga kontaktuppgifter."}},
    {IndicatorId::kExtSatisfiedShare,
     {"Nöjda användare", kCitizenSurvey, "Andel av de svarande som är nöjda med e-tjänsten."}},
    {IndicatorId::kExtEasyToFindShare,
     {"Lätt att hitta och använda", kCitizenSurvey,
      "Andel av de svarande som tycker att e-tjänsten är enkel att hitta och använda."}},
    {IndicatorId::kExtMeetsExpectationsShare,
     {"Uppfyller förväntningarna", kCitizenSurvey,
      "Andel av de svarande som upplever att stadens e-tjänster uppfyller deras förväntningar."}},
    {IndicatorId::kExtEasedContactShare,
     {"Underlättar kontakten med staden", kCitizenSurvey,
      "Andel av de svarande som upplever att e-tjänsterna har underlättat deras kontakt med staden."}},
    {IndicatorId::kExtCaseStatusShare,
     {"Visar ärendets status", kPortfolio,
      "Andel av e-tjänsterna som presenterar ärendets process, status och beslut. Gäller portföljen som den ser "
      "ut i dag, därför ändras värdet inte mellan kvartal."}},
    {IndicatorId::kIntRealizedBenefitSek,
     {"Hemtagen nytta", kFinance,
      "Summan av den nytta i kronor som verksamheterna har redovisat som hemtagen under kvartalet."}},
    {IndicatorId::kIntHoursSaved,
     {"Frigjorda arbetstimmar", kFinance,
      "Summan av de arbetstimmar som verksamheterna har redovisat som frigjorda tack vare e-tjänsterna."}},
    {IndicatorId::kIntBenefitToInvestment,
     {"Effekthemtagning", kFinance,
      "Hemtagen nytta i förhållande till den investerade summan, för e-tjänster med en redovisad investering."}},
    {IndicatorId::kIntCostDefensibleShare,
     {"Kostnaden upplevs försvarlig", kManagerSurvey,
      "Andel av de verksamhetsansvariga som upplever kostnaden för sina e-tjänster som försvarlig."}},
    {IndicatorId::kIntInfluenceShare,
     {"Nöjda med delaktighet och insyn", kManagerSurvey,
      "Andel av de verksamhetsansvariga som är nöjda med sin möjlighet till delaktighet och insyn i "
      "beslutsprocessen."}},
    {IndicatorId::kMatLicenseUtilization,
     {"Använda licenser", kUsage,
      "Aktiva användare i förhållande till antalet licenser som staden betalar för."}},
    {IndicatorId::kMatItAbilityShare,
     {"Medarbetare som kan använda it-stödet", kStaffSurvey,
      "Andel av de svarande medarbetarna som anser att de kan använda it-stödet i sitt arbete."}},
    {IndicatorId::kCostTotalSek,
     {"Total it-kostnad", kFinance,
      "Summan av de redovisade kostnaderna för it-stödet under kvartalet. Lägre är bättre."}},
    {IndicatorId::kCostPerDigitalCaseSek,
     {"Kostnad per digitalt ärende", kFinance,
      "It-kostnaden delad med antalet ärenden som kom in via e-tjänst (användningsstatistik). Lägre är bättre."}},
    {IndicatorId::kCostPortfolioShare,
     {"Andel finansierad via portföljen", kFinance,
      "Hur stor del av it-kostnaden som finansieras centralt genom portföljen."}},
    {IndicatorId::kQualAvailability,
     {"Tillgänglighet", kProbes,
      "Andel av tiden som e-tjänsten fungerade, mätt minut för minut med automatiska kontroller från flera platser. "
      "Planerat underhåll räknas inte som avbrott."}},
    {IndicatorId::kQualMonitoringCoverage,
     {"Mättäckning", kProbes,
      "Andel av kvartalets minuter då tillgängligheten faktiskt mättes, för e-tjänster som mäts."}},
    {IndicatorId::kQualIncidents,
     {"Driftstörningar", kOperations, "Antal driftstörningar som började under kvartalet. Lägre är bättre."}},
    {IndicatorId::kQualMeanTimeToRestoreMinutes,
     {"Tid till åtgärdad störning", kOperations,
      "Genomsnittlig tid i minuter från att en störning började till att den var åtgärdad. Lägre är bättre."}},
    {IndicatorId::kQualMaintenanceNightShare,
     {"Planerat underhåll nattetid", kOperations,
      "Andel av det planerade underhållet som skedde nattetid (kl. 22–06), då färre använder e-tjänsterna."}},
    {IndicatorId::kQualDriftInfoFoundShare,
     {"Hittade driftinformation", kCitizenSurvey,
      "Andel av de svarande som enkelt hittade aktuell driftinformation."}},
    {IndicatorId::kQualWcagAaShare,
     {"Uppfyller WCAG 2.0 nivå AA", kPortfolio,
      "Andel av e-tjänsterna som uppfyller tillgänglighetsstandarden WCAG 2.0 nivå AA. Gäller portföljen som den "
      "ser ut i dag."}},
};

// kTexts by IndicatorId; a missing indicator does not build.
constexpr std::array<IndicatorText, kIndicatorCount> ByIndicator() {
  std::array<IndicatorText, kIndicatorCount> out{};
  for (const auto& row : kTexts) out[static_cast<size_t>(row.indicator)] = row.text;
  return out;
}
constexpr std::array<IndicatorText, kIndicatorCount> kByIndicator = ByIndicator();
constexpr bool EveryIndicatorHasText() {
  for (const auto& t : kByIndicator)
    if (t.name.empty() || t.source.empty() || t.about.empty()) return false;
  return std::size(kTexts) == kIndicatorCount;
}
static_assert(EveryIndicatorHasText(), "kTexts has one row for each indicator of events/indicators.h");

// By Perspective.
constexpr std::string_view kPerspectiveTitles[] = {"Externt nyttoperspektiv", "Internt nyttoperspektiv",
                                                   "Internt it-mognadsperspektiv", "It-kostnadsperspektiv",
                                                   "It-kvalitetsperspektiv"};

struct Titled {
  std::string_view key, title;
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

const IndicatorText& TextOf(IndicatorId indicator) { return kByIndicator[static_cast<size_t>(indicator)]; }

std::string_view UnitText(IndicatorUnit unit) {
  switch (unit) {
    case IndicatorUnit::kPercent:
      return "%";
    case IndicatorUnit::kSek:
      return "kr";
    case IndicatorUnit::kHours:
      return "timmar";
    case IndicatorUnit::kCount:
      return "st";
    case IndicatorUnit::kMinutes:
      return "minuter";
  }
  return "";
}

std::string_view PerspectiveTitle(Perspective perspective) {
  return kPerspectiveTitles[static_cast<size_t>(perspective)];
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

std::string SwedishValue(std::string_view value, IndicatorUnit unit) {
  const bool share = unit == IndicatorUnit::kPercent;
  std::string s = RoundDecimalText(value, share ? 2 : 0, share ? 1 : 0);
  if (s.empty()) return std::string(value);  // never: the report writes plain decimals
  return SwedishDigits(s) + "\u00a0" + std::string(UnitText(unit));
}

std::string SwedishChange(std::string_view change, IndicatorUnit unit) {
  const bool share = unit == IndicatorUnit::kPercent;
  std::string s = RoundDecimalText(change, share ? 2 : 0, share ? 1 : 0);
  if (s.empty()) return std::string(change);
  std::string d = SwedishDigits(s);
  if (d.find_first_not_of("0,\u00a0") == std::string::npos) return "±0";
  if (d.rfind("−", 0) != 0) d = "+" + d;
  // A plain space before "procentenheter": the long word may go to the next line of a narrow cell.
  return share ? d + " procentenheter" : d + "\u00a0" + std::string(UnitText(unit));
}

}  // namespace followup
