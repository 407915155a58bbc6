// The workbook writer: a ZIP (Office Open XML) with one sheet per perspective
// and the goals sheet. Its contents are read back by an independent reader
// (openpyxl) in tests/integration/test_opendata.py.
#include "readmodels/ils_workbook.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

namespace followup {
namespace {

IlsReport SomeReport() {
  IlsReport r;
  r.quarter = *ParseQuarter("2026Q3");
  r.rows.push_back({IndicatorId::kCostTotalSek, "city", "stockholm", "1250.5", "1250.5", ""});
  r.rows.push_back({IndicatorId::kExtDigitalShare, "owner", "=HYPERLINK(\"x\")\x01", "0.666667", "2", "3"});
  return r;
}

GoalsReport SomeGoals() {
  GoalsReport g;
  g.quarter = *ParseQuarter("2026Q3");
  GoalRow row;
  row.indicator = IndicatorId::kExtDigitalShare;
  row.scope = "city";
  row.scope_id = "stockholm";
  row.value = "0.666667";
  row.target = "0.7";
  row.tolerance = "0.05";
  row.direction = "higher_is_better";
  row.attainment = "partly_met";
  row.improved = true;
  g.rows.push_back(row);
  return g;
}

TEST(XlsxWorkbook, IsAZipWithASheetPerPerspectiveAndTheGoals) {
  std::string bytes;
  ASSERT_TRUE(IlsWorkbook(SomeReport(), SomeGoals(), &bytes).ok());
  ASSERT_GE(bytes.size(), 4u);
  EXPECT_EQ(bytes.substr(0, 4), std::string("PK\x03\x04", 4));  // a ZIP local file header
  // Member names are stored uncompressed: five perspective sheets and the goals sheet.
  for (int i = 1; i <= 6; ++i)
    EXPECT_NE(bytes.find("xl/worksheets/sheet" + std::to_string(i) + ".xml"), std::string::npos) << i;
  EXPECT_EQ(bytes.find("xl/worksheets/sheet7.xml"), std::string::npos);
}

// Written a second apart (the resolution of the document's creation time):
// the same figures give the same bytes, so the workbook's ETag is stable.
TEST(XlsxWorkbook, TheSameFiguresGiveTheSameBytes) {
  std::string first, second;
  ASSERT_TRUE(IlsWorkbook(SomeReport(), SomeGoals(), &first).ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  ASSERT_TRUE(IlsWorkbook(SomeReport(), SomeGoals(), &second).ok());
  EXPECT_TRUE(first == second);
}

TEST(XlsxWorkbook, AnEmptyQuarterIsStillAWorkbook) {
  std::string bytes;
  IlsReport empty;
  empty.quarter = *ParseQuarter("2020Q1");
  GoalsReport none;
  none.quarter = empty.quarter;
  ASSERT_TRUE(IlsWorkbook(empty, none, &bytes).ok());
  EXPECT_EQ(bytes.substr(0, 4), std::string("PK\x03\x04", 4));
}

TEST(XlsxWorkbook, SheetNamesAreSwedishAndFitTheFormat) {
  for (Perspective p : kPerspectives) {
    std::string_view name = PerspectiveSheetName(p);
    EXPECT_FALSE(name.empty()) << Name(p);
    EXPECT_LE(name.size(), 31u) << Name(p);  // bytes >= characters
    EXPECT_EQ(name.find_first_of("[]:*?/\\"), std::string_view::npos) << Name(p);
  }
  EXPECT_EQ(PerspectiveSheetName(Perspective::kExternal), "Externt nyttoperspektiv");
  EXPECT_EQ(PerspectiveSheetName(Perspective::kQuality), "It-kvalitet");
}

TEST(XlsxWorkbook, AnUnwritableTemporaryDirectoryIsAClearError) {
  const char* old = std::getenv("TMPDIR");
  std::string saved = old ? old : "";
  ::setenv("TMPDIR", "/nonexistent-followup-dir", 1);
  std::string bytes;
  Status s = IlsWorkbook(SomeReport(), SomeGoals(), &bytes);
  if (old)
    ::setenv("TMPDIR", saved.c_str(), 1);
  else
    ::unsetenv("TMPDIR");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("TMPDIR"), std::string::npos) << s.message();
}

}  // namespace
}  // namespace followup
