#include "readmodels/report_page.h"

#include <gtest/gtest.h>

#include "readmodels/sparkline.h"

namespace followup {
namespace {

QuarterId Q(const char* n) { return *ParseQuarter(n); }
bool Has(const std::string& page, const std::string& needle) {
  return page.find(needle) != std::string::npos;
}

BoardInputs Inputs() {
  BoardInputs in;
  in.quarter = Q("2026Q4");
  in.now = QuarterEnd(in.quarter) + 1;
  in.current.quarter = in.quarter;
  in.current.rows = {
      {IndicatorId::kQualAvailability, "city", "stockholm", "0.953", "953", "1000"},
      {IndicatorId::kQualAvailability, "service", "x", "0.953", "953", "1000"},
      {IndicatorId::kCostTotalSek, "owner", "<Nämnd & Co>", "1234567.5", "1234567.5", ""},
      {IndicatorId::kExtSatisfiedShare, "city", "stockholm", "0.8", "8", "10"},
  };
  in.history = {in.current};
  in.service_names = {{"x", "Ansök om förskoleplats <script>alert(1)</script>"}};
  in.quarters_with_data = {Q("2026Q4"), Q("2026Q3")};
  GoalRow g;
  g.indicator = IndicatorId::kQualAvailability;
  g.scope = "city";
  g.scope_id = "stockholm";
  g.value = "0.953";
  g.target = "0.99";
  g.tolerance = "0.005";
  g.attainment = "not_met";
  in.goals.rows = {g};
  return in;
}

std::string Page(const BoardInputs& in) { return RenderReportPage(AssembleBoardReport(in)); }

TEST(ReportPage, IsSwedishPrintableAndLinksOpenData) {
  std::string page = Page(Inputs());
  EXPECT_TRUE(Has(page, "<html lang=\"sv\">"));
  EXPECT_TRUE(Has(page, "/api/v1/ils/2026Q4.csv"));
  EXPECT_TRUE(Has(page, "size:A4"));
  EXPECT_TRUE(Has(page, "counter(pages)"));
  EXPECT_TRUE(Has(page, "table-layout:fixed"));
  EXPECT_FALSE(Has(page, "<script"));
  EXPECT_FALSE(Has(page, "overflow-x"));
}

TEST(ReportPage, AttainmentIsSymbolAndWord) {
  std::string page = Page(Inputs());
  EXPECT_TRUE(Has(page, "✘</span> Ej uppfyllt"));
  EXPECT_TRUE(Has(
      page, "Av stadens 1 mål för 2026 är 0 uppfyllda, 0 delvis uppfyllda och 1 ej uppfyllt detta kvartal"));
  EXPECT_TRUE(Has(page, "95,3\u00a0%"));
  EXPECT_TRUE(Has(page, "99,0\u00a0%"));  // the target
  EXPECT_TRUE(Has(page, "1\u00a0234\u00a0568\u00a0kr"));
}

TEST(ReportPage, UnmeasuredIndicatorSaysEjMatt) {
  std::string page = Page(Inputs());
  EXPECT_TRUE(Has(
      page, "<th scope=\"row\">Driftstörningar</th><td data-label=\"Värde\" class=\"no_data\">ej mätt</td>"));
}

TEST(ReportPage, PreliminaryQuarterIsMarked) {
  BoardInputs in = Inputs();
  EXPECT_FALSE(Has(Page(in), "Preliminära siffror"));
  in.now = QuarterStart(in.quarter) + 40LL * 24 * 3600 * 1000;
  std::string page = Page(in);
  EXPECT_TRUE(Has(page, "Preliminära siffror"));
  EXPECT_TRUE(Has(page, "till och med " + FormatSwedish(in.now)));
}

TEST(ReportPage, SmallSurveySampleIsFlagged) {
  std::string page = Page(Inputs());
  EXPECT_TRUE(Has(page, "10 svar<br><span class=\"small\">litet underlag</span>"));
}

TEST(ReportPage, EscapesHostileNames) {
  std::string page = Page(Inputs());
  EXPECT_TRUE(Has(page, "&lt;Nämnd &amp; Co&gt;"));
  EXPECT_FALSE(Has(page, "<Nämnd"));
  EXPECT_TRUE(Has(page, "Ansök om förskoleplats &lt;script&gt;"));
  EXPECT_FALSE(Has(page, "<script>"));
}

TEST(ReportPage, LinksNeighbouringQuarters) {
  std::string page = Page(Inputs());
  EXPECT_TRUE(Has(page, "href=\"/rapport/2026Q3\""));
  EXPECT_TRUE(Has(page, "href=\"/rapport\""));
  EXPECT_FALSE(Has(page, "Nästa kvartal"));
}

TEST(ReportPage, ServicesGroupedOncePerPerspectiveInSwedishOrder) {
  BoardInputs in = Inputs();
  in.current.rows.push_back({IndicatorId::kQualAvailability, "service", "y", "0.5", "1", "2"});
  in.current.rows.push_back({IndicatorId::kQualMonitoringCoverage, "service", "y", "1", "2", "2"});
  in.current.rows.push_back({IndicatorId::kQualAvailability, "service", "z", "0.5", "1", "2"});
  in.service_names["y"] = "Öppna data";
  in.service_names["z"] = "Zoo";
  std::string page = Page(in);
  auto x = page.find("colspan=\"6\">Ansök om förskoleplats"), z = page.find("colspan=\"6\">Zoo"),
       y = page.find("colspan=\"6\">Öppna data");
  ASSERT_NE(x, std::string::npos);
  ASSERT_NE(y, std::string::npos);
  ASSERT_NE(z, std::string::npos);
  EXPECT_LT(x, z);
  EXPECT_LT(z, y);
  EXPECT_EQ(page.find("colspan=\"6\">Öppna data", y + 1), std::string::npos);  // once, with both indicators
  EXPECT_TRUE(Has(page, "It-kvalitetsperspektiv per e-tjänst"));
}

TEST(ReportPage, EmptyQuarterSaysSo) {
  BoardInputs in;
  in.quarter = Q("2020Q1");
  in.now = QuarterEnd(in.quarter);
  EXPECT_TRUE(Has(Page(in), "Det finns inga uppgifter för 2020Q1"));
}

TEST(ReportPage, IndexListsQuartersNewestFirst) {
  std::string page = RenderReportIndex({Q("2026Q4"), Q("2026Q3")}, QuarterStart(Q("2026Q4")) + 1);
  auto a = page.find("/rapport/2026Q4"), b = page.find("/rapport/2026Q3");
  ASSERT_NE(a, std::string::npos);
  ASSERT_NE(b, std::string::npos);
  EXPECT_LT(a, b);
  EXPECT_TRUE(Has(page, "pågår, preliminära siffror"));
}

TEST(ReportSparkline, PolylineWithTextAlternative) {
  std::string svg =
      Sparkline({{"2026Q1", "0.5", "50,0 %"}, {"2026Q2", "1", "100,0 %"}, {"2026Q3", "0.75", "75,0 %"}});
  EXPECT_TRUE(Has(svg, "role=\"img\""));
  EXPECT_TRUE(Has(svg, "aria-label=\"Trend: 2026Q1 50,0 %, 2026Q2 100,0 %, 2026Q3 75,0 %\""));
  EXPECT_TRUE(Has(svg, "points=\"2.0,14.0 24.0,2.0 46.0,8.0\""));
  EXPECT_TRUE(Has(svg, "<title>"));
  EXPECT_EQ(Sparkline({}), "");
  std::string one = Sparkline({{"2026Q1", "3", "3 st"}});
  EXPECT_FALSE(Has(one, "polyline"));
  EXPECT_TRUE(Has(one, "<circle"));
  EXPECT_TRUE(Has(Sparkline({{"<q>", "1", "&"}}), "Trend: &lt;q&gt; &amp;"));
}

}  // namespace
}  // namespace followup
