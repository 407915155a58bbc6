// The quarter as a workbook (Office Open XML, .xlsx) for the people who work in
// spreadsheets: one sheet per perspective with that perspective's ILS rows
// (Indikator, Nivå, Id, Värde, Täljare, Nämnare) and a sheet "Måluppfyllelse"
// with the goals report. Written with libxlsxwriter.
//
// - Indicator names, scopes and scope ids are the report's own (as in the CSV),
//   so a row of a sheet is a row of the CSV. Direction and attainment are shown
//   in Swedish ("högre är bättre", "uppfyllt", ...); Förbättrad is a boolean
//   cell (the spreadsheet shows it in its own language); absent values are
//   empty cells.
// - Numbers are number cells. A spreadsheet cell holds an IEEE double: the
//   cell is strtod of the report's exact decimal text (at most 6 decimals), the
//   nearest double to it; the CSV and JSON stay the exact figures.
// - Shares (indicators.h `share`) carry the number format "0.0 %" in Värde and,
//   on Måluppfyllelse, in every column in the indicator's unit (Värde, Mål,
//   Tolerans, Föregående kvartal, Förändring, Samma kvartal i fjol).
// - The header row is bold and frozen; column widths are set.
//
// Thread-safety: pure function; libxlsxwriter writes to a private temporary
// file (under $TMPDIR, else /tmp), which is read back and removed.
#pragma once
#include <string>

#include "common/status.h"
#include "readmodels/goals_report.h"
#include "readmodels/ils_report.h"

namespace followup {

// The Swedish sheet name of a perspective (external -> "Externt
// nyttoperspektiv").
std::string_view PerspectiveSheetName(Perspective perspective);

// The workbook's bytes in *xlsx. The two reports should be of the same quarter.
Status IlsWorkbook(const IlsReport& ils, const GoalsReport& goals, std::string* xlsx);

}  // namespace followup
