#include "readmodels/report_page.h"

#include <cstdlib>
#include <set>
#include <vector>

#include "common/decimal.h"
#include "http/http_types.h"

namespace followup {
namespace {

using http::HtmlEscape;

struct Perspective {
  const char* key;
  const char* title;
};
constexpr Perspective kPerspectives[] = {
    {"external", "Externt nyttoperspektiv"},      {"internal", "Internt nyttoperspektiv"},
    {"maturity", "Internt it-mognadsperspektiv"}, {"cost", "It-kostnadsperspektiv"},
    {"quality", "It-kvalitetsperspektiv"},
};

struct Label {
  const char* indicator;
  const char* text;
  const char* unit;  // "%" for shares, otherwise a unit name
};
constexpr Label kLabels[] = {
    {"ext.digital_share", "Andel digitala ärenden", "%"},
    {"ext.contact_details_share", "Andel digitala ärenden med kontaktuppgifter", "%"},
    {"ext.satisfied_share", "Nöjda användare", "%"},
    {"ext.easy_to_find_share", "Lätt att hitta", "%"},
    {"ext.meets_expectations_share", "Motsvarar förväntningarna", "%"},
    {"ext.eased_contact_share", "Underlättar kontakten med staden", "%"},
    {"ext.case_status_share", "E-tjänster som visar ärendets status", "%"},
    {"int.realized_benefit_sek", "Hemtagen nytta", "kr"},
    {"int.hours_saved", "Frigjorda arbetstimmar", "timmar"},
    {"int.benefit_to_investment", "Hemtagen nytta i förhållande till investering", "%"},
    {"int.cost_defensible_share", "Chefer som anser att kostnaden är försvarbar", "%"},
    {"int.influence_share", "Chefer som anser sig kunna påverka", "%"},
    {"mat.license_utilization", "Använda licenser", "%"},
    {"mat.it_ability_share", "Medarbetare som kan använda it-stödet", "%"},
    {"cost.total_sek", "Total it-kostnad", "kr"},
    {"cost.per_digital_case_sek", "Kostnad per digitalt ärende", "kr"},
    {"cost.portfolio_share", "Andel portföljfinansierat", "%"},
    {"qual.availability", "Tillgänglighet", "%"},
    {"qual.monitoring_coverage", "Mättäckning", "%"},
    {"qual.incidents", "Driftstörningar", "st"},
    {"qual.mean_time_to_restore_minutes", "Medeltid till åtgärdad störning", "minuter"},
    {"qual.maintenance_night_share", "Planerat underhåll nattetid", "%"},
    {"qual.drift_info_found_share", "Hittade driftinformation", "%"},
    {"qual.wcag_aa_share", "E-tjänster som uppfyller WCAG AA", "%"},
};

const Label* LabelOf(const std::string& indicator) {
  for (const auto& l : kLabels)
    if (indicator == l.indicator) return &l;
  return nullptr;
}

// "0.953" -> "95,3 %"; "42500.5" -> "42 500,5 kr" (Swedish number style).
// Rounded on the report's decimal text itself, so that large sums keep every digit.
std::string SwedishNumber(const std::string& value, const char* unit) {
  bool share = std::string(unit) == "%";
  std::string s = RoundDecimalText(value, share ? 2 : 0, share ? 1 : 0), out;
  if (s.empty()) return value;  // never: the report writes plain decimals
  auto dot = s.find('.');
  std::string ip = s.substr(0, dot), fp = dot == std::string::npos ? "" : s.substr(dot + 1);
  bool neg = !ip.empty() && ip[0] == '-';
  if (neg) ip = ip.substr(1);
  for (size_t i = 0; i < ip.size(); ++i) {
    if (i && (ip.size() - i) % 3 == 0) out += "\u00a0";
    out += ip[i];
  }
  if (!fp.empty() && share) out += "," + fp;
  return (neg ? "−" : "") + out + "\u00a0" + unit;
}

std::string Bar(const std::string& value) {
  double v = std::strtod(value.c_str(), nullptr);
  if (v < 0) v = 0;
  if (v > 1) v = 1;
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "<svg class=\"bar\" width=\"100\" height=\"10\" aria-hidden=\"true\" focusable=\"false\">"
                "<rect width=\"100\" height=\"10\" fill=\"#e8e8e8\"/><rect width=\"%.1f\" height=\"10\" fill=\"#1f5f8b\"/></svg>",
                v * 100);
  return buf;
}

std::string Cell(const IlsRow* row) {
  if (!row) return "<td class=\"num\">–</td>";
  const Label* l = LabelOf(row->indicator);
  const char* unit = l ? l->unit : "";
  std::string out = "<td class=\"num\">" + HtmlEscape(SwedishNumber(row->value, unit));
  if (std::string(unit) == "%") out += " " + Bar(row->value);
  return out + "</td>";
}

}  // namespace

std::string RenderReportPage(const IlsReport& report, const std::map<std::string, std::string>& names) {
  const std::string q = QuarterName(report.quarter);
  std::string h;
  h += "<!DOCTYPE html>\n<html lang=\"sv\"><head><meta charset=\"utf-8\">"
       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
       "<title>Uppföljning av e-tjänster och it " + q + " – Stockholms stad</title><style>"
       "body{font-family:system-ui,sans-serif;margin:1.5rem auto;max-width:70rem;padding:0 1rem;color:#1a1a1a}"
       "h1{font-size:1.6rem}h2{border-bottom:2px solid #1f5f8b;padding-bottom:.2rem;margin-top:2rem}"
       "table{border-collapse:collapse;margin:.5rem 0 1.5rem;font-size:.9rem}"
       "th,td{border:1px solid #bbb;padding:.25rem .5rem;text-align:left;vertical-align:top}"
       ".wide{overflow-x:auto}td.num{text-align:right;white-space:nowrap}.bar{margin-left:.4rem;vertical-align:middle}"
       "a{color:#0b4a75}@media print{a[href]::after{content:\"\"}h2{break-before:page}}"
       "</style></head><body><main>";
  h += "<h1>Uppföljning av e-tjänster och it, " + q + "</h1>";
  h += "<p>Indikatorer för stadens integrerade ledningssystem (ILS) enligt programmet för digital förnyelse, "
       "från fem perspektiv. Samma uppgifter som öppna data: <a href=\"/api/v1/ils/" + q + ".csv\">CSV</a> och "
       "<a href=\"/api/v1/ils/" + q + ".json\">JSON</a>.</p>";
  if (report.rows.empty()) {
    h += "<p>Det finns inga uppgifter för " + q + ".</p></main></body></html>\n";
    return h;
  }
  for (const auto& p : kPerspectives) {
    std::vector<std::string> indicators;
    for (const auto& l : kLabels) {
      std::string ind = l.indicator;
      bool present = false;
      for (const auto& r : report.rows)
        if (r.indicator == ind && r.perspective == p.key) { present = true; break; }
      if (present) indicators.push_back(ind);
    }
    h += "<section><h2>" + std::string(p.title) + "</h2>";
    if (indicators.empty()) {
      h += "<p>Inga uppgifter detta kvartal.</p></section>";
      continue;
    }
    auto find = [&](const std::string& ind, const char* scope, const std::string& id) -> const IlsRow* {
      for (const auto& r : report.rows)
        if (r.indicator == ind && r.scope == scope && r.scope_id == id) return &r;
      return nullptr;
    };
    auto table = [&](const char* scope, const char* heading, const std::string& caption) {
      std::set<std::string> ids;
      for (const auto& r : report.rows)
        if (r.perspective == p.key && r.scope == scope) ids.insert(r.scope_id);
      if (ids.empty()) return;
      h += "<div class=\"wide\" role=\"region\" tabindex=\"0\" aria-label=\"" + caption + "\"><table><caption>" + caption + "</caption><thead><tr><th scope=\"col\">" + heading + "</th>";
      for (const auto& ind : indicators) h += "<th scope=\"col\">" + std::string(LabelOf(ind)->text) + "</th>";
      h += "</tr></thead><tbody>";
      for (const auto& id : ids) {
        std::string label = id;
        if (std::string(scope) == "service") {
          auto n = names.find(id);
          if (n != names.end()) label = n->second;
        } else if (std::string(scope) == "city") {
          label = "Stockholms stad";
        } else if (id == "unknown") {
          label = "Okänd (saknas i applikationsportföljen)";
        }
        h += "<tr><th scope=\"row\">" + HtmlEscape(label) + "</th>";
        for (const auto& ind : indicators) h += Cell(find(ind, scope, id));
        h += "</tr>";
      }
      h += "</tbody></table></div>";
    };
    table("city", "Hela staden", std::string(p.title) + ": hela staden");
    table("owner", "Nämnd eller bolag", std::string(p.title) + " per nämnd och bolag");
    table("service", "E-tjänst", std::string(p.title) + " per e-tjänst");
    h += "</section>";
  }
  h += "</main></body></html>\n";
  return h;
}

}  // namespace followup
