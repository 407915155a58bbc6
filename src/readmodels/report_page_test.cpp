#include "readmodels/report_page.h"

#include <gtest/gtest.h>

namespace followup {
namespace {

IlsReport OneRow() {
  IlsReport r;
  r.quarter = *ParseQuarter("2026Q4");
  r.rows.push_back({"qual.availability", "quality", "service", "x", "0.953", "953", "1000"});
  r.rows.push_back({"cost.total_sek", "cost", "owner", "<Nämnd & Co>", "1234567.5", "1234567.5", ""});
  return r;
}

bool Has(const std::string& page, const std::string& needle) { return page.find(needle) != std::string::npos; }

TEST(ReportPage, IsSwedishAndLinksOpenData) {
  std::string page = RenderReportPage(OneRow(), {{"x", "Ansök om förskoleplats"}});
  EXPECT_TRUE(Has(page, "<html lang=\"sv\">"));
  EXPECT_TRUE(Has(page, "/api/v1/ils/2026Q4.csv"));
  EXPECT_TRUE(Has(page, "/api/v1/ils/2026Q4.json"));
}

TEST(ReportPage, ShowsServiceNamesAndSwedishNumbers) {
  std::string page = RenderReportPage(OneRow(), {{"x", "Ansök om förskoleplats"}});
  EXPECT_TRUE(Has(page, "Ansök om förskoleplats"));
  EXPECT_TRUE(Has(page, "95,3\u00a0%"));
  EXPECT_TRUE(Has(page, "1\u00a0234\u00a0568\u00a0kr"));
}

TEST(ReportPage, EscapesNames) {
  std::string page = RenderReportPage(OneRow(), {});
  EXPECT_TRUE(Has(page, "&lt;Nämnd &amp; Co&gt;"));
  EXPECT_FALSE(Has(page, "<Nämnd"));
}

TEST(ReportPage, EmptyQuarterSaysSo) {
  IlsReport r;
  r.quarter = *ParseQuarter("2020Q1");
  EXPECT_TRUE(Has(RenderReportPage(r, {}), "Det finns inga uppgifter för 2020Q1"));
}

// Sums beyond a double's 53 bits keep every digit: 2^64 + 0.5 kr rounds to
// 18446744073709551617 kr; 0.9535 is 95.35 % -> 95,4 % (half away from zero).
TEST(ReportPage, LargeSumsAreExact) {
  IlsReport r;
  r.quarter = *ParseQuarter("2026Q4");
  r.rows.push_back({"cost.total_sek", "cost", "city", "stockholm", "18446744073709551616.5", "18446744073709551616.5", ""});
  r.rows.push_back({"ext.digital_share", "external", "city", "stockholm", "0.9535", "9535", "10000"});
  std::string page = RenderReportPage(r, {});
  EXPECT_TRUE(Has(page, "18\u00a0446\u00a0744\u00a0073\u00a0709\u00a0551\u00a0617\u00a0kr"));
  EXPECT_TRUE(Has(page, "95,4\u00a0%"));
}

}  // namespace
}  // namespace followup
