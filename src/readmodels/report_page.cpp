#include "readmodels/report_page.h"

#include <algorithm>
#include <map>
#include <optional>

#include "common/collate.h"
#include "common/escape.h"
#include "readmodels/indicator_texts.h"
#include "readmodels/sparkline.h"

namespace followup {
namespace {

constexpr const char* kTitle = "Uppföljning av e-tjänster och it";

// Shared by the report and the index. Screen first; print: A4 with margin boxes.
constexpr const char* kStyle =
    "body{font-family:'DejaVu Sans',system-ui,sans-serif;margin:1.5rem auto;max-width:62rem;padding:0 1rem;"
    "color:#1a1a1a;line-height:1.4}"
    "h1{font-size:1.6rem;margin-bottom:.3rem}h2{font-size:1.3rem;border-bottom:2px solid #1f5f8b;"
    "padding-bottom:.2rem;margin-top:2rem}h3{font-size:1.05rem;margin:1.4rem 0 .2rem}"
    "h2,h3,h4,caption,.about{break-after:avoid;page-break-after:avoid}"
    "nav ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.4rem 1.5rem}"
    "table{width:100%;table-layout:fixed;border-collapse:collapse;margin:.4rem 0 1rem;font-size:.85rem}"
    "caption{text-align:left;font-weight:bold;padding:.2rem 0}"
    "th,td{border:1px solid #bbb;padding:.2rem .35rem;text-align:left;vertical-align:top;"
    "overflow-wrap:break-word;hyphens:manual}"
    "thead th{background:#eef3f7}thead{display:table-header-group}tr{break-inside:avoid}"
    "td.num{text-align:right}tbody th{font-weight:normal}col.name{width:40%}col.ind{width:28%}col.v{width:10%}"
    "col.att{width:14%}col.ch{width:15%}col.tr{width:9%}col.n{width:8%}"
    ".met{color:#1b5e20}.partly_met{color:#7a4a00}.not_met{color:#a4161a}.no_data,.none{color:#555}"
    ".small{color:#a4161a;font-weight:bold}.prelim{border:2px solid #7a4a00;padding:.4rem .6rem;background:#fff8e6}"
    ".about{margin:.1rem 0 .3rem}.source{margin:0 0 .4em;color:#444;font-size:.9em}"
    ".spark{display:block}.summary td,.summary th{text-align:center}.summary th[scope=row]{text-align:left}"
    "tr.grp th{background:#f4f4f4;font-weight:bold}tbody{break-inside:avoid}tr.grp{break-after:avoid}"
    "a{color:#0b4a75}"
    "@media screen and (max-width:40rem){body{padding:0 .5rem}table{font-size:.8rem}"
    ".figs,.figs tbody,.figs tr,.figs th{display:block;width:auto}.figs td{display:inline-block;width:50%;"
    "box-sizing:border-box;border:none;text-align:left}.figs td.num{text-align:left}"
    ".figs thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}"
    ".figs tr{border:1px solid #bbb;margin-bottom:.3rem}.figs th{border:none;font-weight:bold}"
    ".figs td::before{content:attr(data-label);display:block;font-size:.75rem;color:#555}"
    ".figs caption{display:block}.summary{font-size:.7rem}.summary th,.summary td{padding:.15rem}}"
    "@media print{body{margin:0;max-width:none;padding:0;font-size:9pt}nav,.screen{display:none}"
    "a{color:inherit;text-decoration:none}.persp{break-before:page}table{font-size:7.5pt;margin:.2rem 0 .6rem}"
    "th,td{padding:1px 3px;line-height:1.25}.spark{height:12px}}";

std::string PageStyle(const std::string& footer) {
  // footer: our own text (quarter and date), never an event's.
  return std::string("<style>") + kStyle +
         "@page{size:A4;margin:16mm 12mm 18mm}@page{@bottom-left{content:\"" + footer +
         "\";font:7.5pt 'DejaVu Sans',sans-serif;color:#444}@bottom-right{content:\"Sida \" counter(page) "
         "\" av \" counter(pages);font:7.5pt 'DejaVu Sans',sans-serif;color:#444}}</style>";
}

std::string Head(const std::string& title, const std::string& footer) {
  return "<!DOCTYPE html>\n<html lang=\"sv\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
         "<link rel=\"icon\" href=\"data:,\"><title>" +
         title + "</title>" + PageStyle(footer) + "</head><body>";
}

const char* AttainmentWord(const std::string& a) {
  if (a == "met") return "<span aria-hidden=\"true\">✔</span> Uppfyllt";
  if (a == "partly_met") return "<span aria-hidden=\"true\">◐</span> Delvis uppfyllt";
  if (a == "not_met") return "<span aria-hidden=\"true\">✘</span> Ej uppfyllt";
  if (a == "no_data") return "<span aria-hidden=\"true\">–</span> Ej mätt";
  return "Inget mål";
}

std::string Attainment(const BoardRow& r) {
  std::string cls = r.attainment.empty() ? "none" : r.attainment;
  return "<td class=\"" + cls + "\">" + AttainmentWord(r.attainment) + "</td>";
}

std::string Change(const BoardRow& r, IndicatorUnit unit) {
  if (!r.change) return r.value ? "<td class=\"none\">ingen jämförelse</td>" : "<td class=\"none\">–</td>";
  const std::string text = SwedishChange(*r.change, unit);
  std::string s = HtmlEscape(text);
  if (r.improved && text != "±0") s += *r.improved ? " (bättre)" : " (sämre)";
  return "<td class=\"num\">" + s + "</td>";
}

std::string Trend(const BoardRow& r, IndicatorUnit unit) {
  std::vector<TrendPoint> pts;
  for (const auto& [q, v] : r.trend) pts.push_back({QuarterName(q), v, SwedishValue(v, unit)});
  return "<td>" + Sparkline(pts) + "</td>";
}

std::string Answers(const BoardRow& r) {
  if (!r.answers) return "<td class=\"none\">–</td>";
  std::string s = "<td class=\"num\">" + HtmlEscape(*r.answers) + " svar";
  if (r.small_sample) s += "<br><span class=\"small\">litet underlag</span>";
  return s + "</td>";
}

// One row's figure cells: value, target, attainment, change, trend, [answers].
std::string Figures(const BoardRow& r, bool survey) {
  const IndicatorUnit unit = Info(r.indicator).unit;
  std::string h = r.value ? "<td class=\"num\">" + HtmlEscape(SwedishValue(*r.value, unit)) + "</td>"
                          : "<td class=\"no_data\">ej mätt</td>";
  h += r.target ? "<td class=\"num\">" + HtmlEscape(SwedishValue(*r.target, unit)) + "</td>"
                : "<td class=\"none\">–</td>";
  h += Attainment(r) + Change(r, unit) + Trend(r, unit);
  if (survey) h += Answers(r);
  // Each cell names its column, for the stacked rows of narrow screens (kStyle).
  static constexpr const char* kLabels[] = {"Värde",      "Mål",   "Måluppfyllelse",
                                            "Förändring", "Trend", "Antal svar"};
  size_t at = 0;
  for (const char* label : kLabels) {
    at = h.find("<td", at);
    if (at == std::string::npos) break;
    at += 3;
    h.insert(at, std::string(" data-label=\"") + label + "\"");
  }
  return h;
}

std::string FigureHeads(bool survey) {
  std::string h =
      "<th scope=\"col\">Värde</th><th scope=\"col\">Mål</th><th scope=\"col\">Måluppfyllelse</th>"
      "<th scope=\"col\">Förändring</th><th scope=\"col\">Trend</th>";
  if (survey) h += "<th scope=\"col\">Antal svar</th>";
  return h;
}
std::string FigureCols(bool survey) {
  return std::string(
             "<col class=\"v\"><col class=\"v\"><col class=\"att\"><col class=\"ch\"><col class=\"tr\">") +
         (survey ? "<col class=\"n\">" : "");
}

std::string Summary(const BoardReport& r) {
  std::string h = "<section aria-labelledby=\"sammanfattning\"><h2 id=\"sammanfattning\">Sammanfattning av " +
                  QuarterName(r.quarter) + "</h2>";
  int targets = 0;
  for (const auto& s : r.summary) targets += s.Targets();
  if (targets == 0) {
    h += "<p>Kommunstyrelsen har inga beslutade mål för " + std::to_string(QuarterYear(r.quarter)) +
         " i uppföljningen, så måluppfyllelsen kan inte redovisas.</p>";
  } else {
    h +=
        "<table class=\"summary\"><caption>Måluppfyllelse per perspektiv (antal mål)</caption><colgroup>"
        "<col class=\"ind\"><col><col><col><col><col></colgroup><thead><tr><th scope=\"col\">Perspektiv</th>"
        "<th scope=\"col\"><span aria-hidden=\"true\">✔</span> Uppfyllda</th>"
        "<th scope=\"col\"><span aria-hidden=\"true\">◐</span> Delvis uppfyllda</th>"
        "<th scope=\"col\"><span aria-hidden=\"true\">✘</span> Ej uppfyllda</th>"
        "<th scope=\"col\"><span aria-hidden=\"true\">–</span> Ej mätta</th><th scope=\"col\">Mål totalt</th>"
        "</tr></thead><tbody>";
    for (const auto& s : r.summary)
      h += "<tr><th scope=\"row\">" + std::string(PerspectiveTitle(s.perspective)) + "</th><td>" +
           std::to_string(s.met) + "</td><td>" + std::to_string(s.partly_met) + "</td><td>" +
           std::to_string(s.not_met) + "</td><td>" + std::to_string(s.no_data) + "</td><td>" +
           std::to_string(s.Targets()) + "</td></tr>";
    h += "</tbody></table>";
    int met = 0, partly = 0, not_met = 0, no_data = 0;
    for (const auto& s : r.summary)
      met += s.met, partly += s.partly_met, not_met += s.not_met, no_data += s.no_data;
    // "mål" is neuter: 1 uppfyllt, 2 uppfyllda.
    auto n = [](int k, const char* how) {
      return std::to_string(k) + how + (k == 1 ? "uppfyllt" : "uppfyllda");
    };
    h += "<p>Av stadens " + std::to_string(targets) + " mål för " + std::to_string(QuarterYear(r.quarter)) +
         " är " + n(met, " ") + ", " + n(partly, " delvis ") + " och " + n(not_met, " ej ") +
         " detta kvartal; " + std::to_string(no_data) + " kunde inte mätas.</p>";
  }
  h += "<h3>Störst förändring sedan föregående kvartal</h3>";
  if (r.movers.empty()) {
    h += "<p>Det finns inget föregående kvartal att jämföra med för hela staden.</p>";
  } else {
    h += "<ul>";
    for (const auto& m : r.movers) {
      const IndicatorUnit unit = Info(m.indicator).unit;
      const bool up = m.change.rfind('-', 0) != 0;
      h += "<li><strong>" + HtmlEscape(TextOf(m.indicator).name) + "</strong> för hela staden " +
           (up ? "ökade" : "minskade") + " från " + HtmlEscape(SwedishValue(m.previous_value, unit)) +
           " till " + HtmlEscape(SwedishValue(m.value, unit)) + " (" +
           HtmlEscape(SwedishChange(m.change, unit)) + ")";
      if (m.improved) h += *m.improved ? ", en förbättring" : ", en försämring";
      h += ".</li>";
    }
    h += "</ul>";
  }
  h += "<h3>Innehåll</h3><ol>";
  for (Perspective p : kPerspectives)
    h += "<li><a href=\"#p-" + std::string(Name(p)) + "\">" + std::string(PerspectiveTitle(p)) + "</a></li>";
  h += "</ol>";
  h +=
      "<h3>Så läser du rapporten</h3><p>Varje indikator jämförs med det mål som kommunstyrelsen har beslutat för "
      "året: <span class=\"met\">✔ Uppfyllt</span>, <span class=\"partly_met\">◐ Delvis uppfyllt</span> (inom "
      "den beslutade marginalen), <span class=\"not_met\">✘ Ej uppfyllt</span> eller <span class=\"no_data\">– Ej "
      "mätt</span> (inga uppgifter detta kvartal). Förändring är skillnaden mot föregående kvartal; för andelar i procentenheter. Trenden visar upp till åtta kvartal med uppgifter. Andelar som "
      "bygger på enkäter visar antalet svar; färre än " +
      std::to_string(kSmallSample) +
      " svar är ett litet underlag. Uppgifterna kommer från tillgänglighetsmätning, användningsstatistik, enkäter, "
      "ekonomiuppföljning och stadens applikationsportfölj.</p>";
  h += "</section>";
  return h;
}

// The city table of one perspective: one row per indicator.
std::string CityTable(const BoardReport& r, Perspective perspective) {
  bool survey = false;
  for (const auto& row : r.rows)
    if (Info(row.indicator).perspective == perspective && row.answers) survey = true;
  std::string h = "<table class=\"figs\"><caption>" + std::string(PerspectiveTitle(perspective)) +
                  ": hela staden</caption><colgroup><col class=\"ind\">" + FigureCols(survey) +
                  "</colgroup><thead><tr><th scope=\"col\">Indikator</th>" + FigureHeads(survey) +
                  "</tr></thead><tbody>";
  for (const auto& row : r.rows) {
    if (Info(row.indicator).perspective != perspective || row.scope != "city") continue;
    h += "<tr><th scope=\"row\">" + HtmlEscape(TextOf(row.indicator).name) + "</th>" + Figures(row, survey) +
         "</tr>";
  }
  return h + "</tbody></table>";
}

// The breakdown of one indicator: a table per scope other than the city.
std::string Breakdown(const BoardReport& r, IndicatorId indicator) {
  const bool survey = Info(indicator).survey;
  std::string h;
  for (std::string_view scope : {"owner", "focus_area", "category"}) {
    std::string body;
    for (const auto& row : r.rows) {
      if (row.indicator != indicator || row.scope != scope) continue;
      body += "<tr><th scope=\"row\">" + HtmlEscape(row.label) + "</th>" + Figures(row, survey) + "</tr>";
    }
    if (body.empty()) continue;
    h += "<table class=\"figs\"><caption>" + HtmlEscape(TextOf(indicator).name) + " " +
         std::string(ScopeCaption(scope)) + "</caption><colgroup><col class=\"name\">" + FigureCols(survey) +
         "</colgroup><thead><tr><th scope=\"col\">" + std::string(ScopeHeading(scope)) + "</th>" +
         FigureHeads(survey) + "</tr></thead><tbody>" + body + "</tbody></table>";
  }
  return h;
}

// The e-services of one perspective: one group of rows per e-service (its name
// printed once, then its indicators), in Swedish name order, the services
// missing from the catalog last. Far fewer pages than one table per indicator.
std::string ServiceTable(const BoardReport& r, Perspective perspective) {
  std::map<std::string, std::vector<const BoardRow*>> by_id;
  bool survey = false;
  for (const auto& row : r.rows) {
    if (Info(row.indicator).perspective != perspective || row.scope != "service") continue;
    by_id[row.scope_id].push_back(&row);
    survey = survey || row.answers;
  }
  if (by_id.empty()) return "";
  std::vector<const std::vector<const BoardRow*>*> order;
  order.reserve(by_id.size());
  for (const auto& [id, rows] : by_id) order.push_back(&rows);
  std::stable_sort(order.begin(), order.end(), [](auto a, auto b) {
    const BoardRow &x = *a->front(), &y = *b->front();
    bool ux = x.scope_id == "unknown", uy = y.scope_id == "unknown";
    if (ux != uy) return uy;
    return x.label != y.label ? SwedishLess(x.label, y.label) : x.scope_id < y.scope_id;
  });
  const std::string span = survey ? "7" : "6", title(PerspectiveTitle(perspective));
  const std::string id(Name(perspective));
  std::string h = "<section aria-labelledby=\"s-" + id + "\"><h3 id=\"s-" + id +
                  "\">Per e-tjänst</h3><table class=\"figs services\"><caption>" + title +
                  " per e-tjänst</caption><colgroup><col class=\"ind\">" + FigureCols(survey) +
                  "</colgroup><thead><tr><th scope=\"col\">E-tjänst och indikator</th>" +
                  FigureHeads(survey) + "</tr></thead>";
  for (const auto* rows : order) {
    h += "<tbody><tr class=\"grp\"><th scope=\"colgroup\" colspan=\"" + span + "\">" +
         HtmlEscape(rows->front()->label) + "</th></tr>";
    for (const BoardRow* row : *rows) {
      h += "<tr><th scope=\"row\">" + HtmlEscape(TextOf(row->indicator).name) + "</th>" +
           Figures(*row, survey) + "</tr>";
    }
    h += "</tbody>";
  }
  return h + "</table></section>";
}

std::string Nav(const BoardReport& r) {
  std::string h = "<nav aria-label=\"Kvartal\"><ul>";
  if (r.previous)
    h += "<li><a href=\"/rapport/" + QuarterName(*r.previous) + "\">← Föregående kvartal (" +
         QuarterName(*r.previous) + ")</a></li>";
  h += "<li><a href=\"/rapport\">Alla kvartal</a></li>";
  if (r.next)
    h += "<li><a href=\"/rapport/" + QuarterName(*r.next) + "\">Nästa kvartal (" + QuarterName(*r.next) +
         ") →</a></li>";
  return h + "</ul></nav>";
}

}  // namespace

std::string RenderReportPage(const BoardReport& r) {
  const std::string q = QuarterName(r.quarter);
  std::string footer = std::string(kTitle) + " " + q + (r.preliminary ? " (preliminära siffror)" : "") +
                       " · framställd " + FormatSwedish(r.produced_at);
  std::string h = Head(std::string(kTitle) + " " + q + " – Stockholms stad", footer);
  h += Nav(r) + "<main><h1>" + std::string(kTitle) + ", " + q + "</h1>";
  h +=
      "<p>Kvartalsrapport till kommunstyrelsen: indikatorer för stadens integrerade ledningssystem (ILS) enligt "
      "programmet för digital förnyelse, från fem perspektiv. Framställd " +
      FormatSwedish(r.produced_at) + ".</p>";
  if (r.preliminary && r.has_data)
    h +=
        "<p class=\"prelim\"><strong>Preliminära siffror.</strong> Kvartalet pågår. Uppgifterna sträcker sig till "
        "och med " +
        FormatSwedish(r.data_until) + " och kan ändras tills kvartalet är slut.</p>";
  h += "<p class=\"screen\">Samma uppgifter som öppna data: <a href=\"/api/v1/ils/" + q +
       ".csv\">indikatorer (CSV)</a>, "
       "<a href=\"/api/v1/ils/" +
       q + ".json\">indikatorer (JSON)</a>, <a href=\"/api/v1/ils/" + q +
       "/goals.csv\">måluppfyllelse (CSV)</a>.</p>";
  if (!r.has_data) {
    h += "<p>Det finns inga uppgifter för " + q + ".</p></main></body></html>\n";
    return h;
  }
  h += Summary(r);
  for (Perspective p : kPerspectives) {
    const std::string id(Name(p));
    h += "<section class=\"persp\" aria-labelledby=\"p-" + id + "\"><h2 id=\"p-" + id + "\">" +
         std::string(PerspectiveTitle(p)) + "</h2>" + CityTable(r, p);
    std::optional<IndicatorId> last;
    for (const auto& row : r.rows) {
      if (Info(row.indicator).perspective != p || row.indicator == last) continue;
      last = row.indicator;
      const IndicatorText& t = TextOf(row.indicator);
      h += "<section aria-label=\"" + HtmlEscape(t.name) + "\"><h3>" + HtmlEscape(t.name) + "</h3>";
      h += "<p class=\"about\">" + std::string(t.about) +
           "</p><p class=\"source\">Källa: " + std::string(t.source) + ".</p>";
      h += Breakdown(r, row.indicator) + "</section>";
    }
    h += ServiceTable(r, p) + "</section>";
  }
  h += "</main></body></html>\n";
  return h;
}

std::string RenderReportIndex(const std::vector<QuarterId>& quarters, TimeMs now) {
  std::string h = Head(std::string(kTitle) + ": kvartalsrapporter – Stockholms stad",
                       std::string(kTitle) + ": kvartalsrapporter · framställd " + FormatSwedish(now));
  h += "<main><h1>" + std::string(kTitle) +
       ": kvartalsrapporter</h1>"
       "<p>Kvartalsrapporter till kommunstyrelsen enligt programmet för digital förnyelse, nyaste först.</p>";
  if (quarters.empty()) {
    h += "<p>Det finns inga kvartal med uppgifter ännu.</p>";
  } else {
    h += "<ul>";
    for (QuarterId q : quarters) {
      const std::string n = QuarterName(q);
      h += "<li><a href=\"/rapport/" + n + "\">" + std::to_string(QuarterYear(q)) + ", kvartal " +
           std::to_string(QuarterNumber(q)) + " (" + n + ")</a>" +
           (now < QuarterEnd(q) ? " – pågår, preliminära siffror" : "") + "</li>";
    }
    h += "</ul>";
  }
  return h + "</main></body></html>\n";
}

}  // namespace followup
