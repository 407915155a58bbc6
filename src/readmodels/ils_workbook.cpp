#include "readmodels/ils_workbook.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <optional>

#include "common/escape.h"
#include "events/indicators.h"

namespace followup {
namespace {

// By Perspective (the sheets' order); names are at most 31 characters (the
// format's limit) and free of []:*?/\.
constexpr std::array<std::string_view, 5> kSheets = {"Externt nyttoperspektiv", "Internt nyttoperspektiv",
                                                     "It-mognad", "It-kostnader", "It-kvalitet"};
constexpr const char* kGoalsSheet = "Måluppfyllelse";

std::string_view AttainmentSv(std::string_view a) {
  if (a == "met") return "uppfyllt";
  if (a == "partly_met") return "delvis uppfyllt";
  if (a == "not_met") return "ej uppfyllt";
  if (a == "no_data") return "uppgift saknas";
  return a;
}

std::string_view DirectionSv(std::string_view d) {
  if (d == "higher_is_better") return "högre är bättre";
  if (d == "lower_is_better") return "lägre är bättre";
  return d;
}

bool IsShare(IndicatorId indicator) { return Info(indicator).share; }

// Collects the first libxlsxwriter error; the rest of the writing goes on
// harmlessly and the workbook is refused at the end.
class Writer {
 public:
  explicit Writer(lxw_workbook* wb) : wb_(wb) {
    header_ = workbook_add_format(wb);
    format_set_bold(header_);
    percent_ = workbook_add_format(wb);
    format_set_num_format(percent_, "0.0 %");
  }
  lxw_format* percent() const { return percent_; }

  lxw_worksheet* Sheet(const char* name, const std::vector<std::pair<const char*, double>>& columns) {
    lxw_worksheet* ws = workbook_add_worksheet(wb_, name);
    if (!ws) {
      Fail(LXW_ERROR_MEMORY_MALLOC_FAILED);
      return nullptr;
    }
    for (size_t c = 0; c < columns.size(); ++c) {
      Check(worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), columns[c].first, header_));
      Check(worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), columns[c].second,
                                 nullptr));
    }
    worksheet_freeze_panes(ws, 1, 0);
    return ws;
  }
  void String(lxw_worksheet* ws, lxw_row_t r, lxw_col_t c, std::string_view s) {
    // A string cell, never a formula: text starting with '=' stays text.
    Check(worksheet_write_string(ws, r, c, SanitizeText(s).c_str(), nullptr));
  }
  // An absent value is an empty cell.
  void Number(lxw_worksheet* ws, lxw_row_t r, lxw_col_t c, const std::optional<std::string>& text,
              lxw_format* f = nullptr) {
    if (!text || text->empty()) return;
    errno = 0;
    char* end = nullptr;
    double d = std::strtod(text->c_str(), &end);
    if (end == text->c_str() || *end != '\0' || errno == ERANGE) {
      String(ws, r, c, *text);  // never happens for the report's own text; shown rather than lost
      return;
    }
    Check(worksheet_write_number(ws, r, c, d, f));
  }
  void Boolean(lxw_worksheet* ws, lxw_row_t r, lxw_col_t c, std::optional<bool> b) {
    if (b) Check(worksheet_write_boolean(ws, r, c, *b ? 1 : 0, nullptr));
  }
  void Check(lxw_error e) {
    if (e != LXW_NO_ERROR) Fail(e);
  }
  void Fail(lxw_error e) {
    if (error_ == LXW_NO_ERROR) error_ = e;
  }
  lxw_error error() const { return error_; }

 private:
  lxw_workbook* wb_;
  lxw_format* header_;
  lxw_format* percent_;
  lxw_error error_ = LXW_NO_ERROR;
};

void WriteSheets(Writer& w, const IlsReport& ils, const GoalsReport& goals) {
  for (Perspective p : kPerspectives) {
    std::string name(kSheets[static_cast<size_t>(p)]);
    lxw_worksheet* ws = w.Sheet(
        name.c_str(),
        {{"Indikator", 34}, {"Nivå", 12}, {"Id", 30}, {"Värde", 16}, {"Täljare", 18}, {"Nämnare", 18}});
    if (!ws) return;
    lxw_row_t r = 1;
    for (const auto& row : ils.rows) {
      if (Info(row.indicator).perspective != p) continue;
      w.String(ws, r, 0, Name(row.indicator));
      w.String(ws, r, 1, row.scope);
      w.String(ws, r, 2, row.scope_id);
      w.Number(ws, r, 3, row.value, IsShare(row.indicator) ? w.percent() : nullptr);
      w.Number(ws, r, 4, row.numerator);
      w.Number(ws, r, 5, row.denominator);
      ++r;
    }
  }
  lxw_worksheet* ws = w.Sheet(kGoalsSheet, {{"Indikator", 34},
                                            {"Nivå", 12},
                                            {"Id", 30},
                                            {"Värde", 14},
                                            {"Mål", 14},
                                            {"Tolerans", 12},
                                            {"Riktning", 17},
                                            {"Måluppfyllelse", 17},
                                            {"Föregående kvartal", 19},
                                            {"Förändring", 13},
                                            {"Förbättrad", 12},
                                            {"Samma kvartal i fjol", 21}});
  if (!ws) return;
  lxw_row_t r = 1;
  for (const auto& row : goals.rows) {
    lxw_format* unit = IsShare(row.indicator) ? w.percent() : nullptr;
    w.String(ws, r, 0, Name(row.indicator));
    w.String(ws, r, 1, row.scope);
    w.String(ws, r, 2, row.scope_id);
    w.Number(ws, r, 3, row.value, unit);
    w.Number(ws, r, 4, row.target, unit);
    w.Number(ws, r, 5, row.tolerance, unit);
    w.String(ws, r, 6, DirectionSv(row.direction));
    w.String(ws, r, 7, AttainmentSv(row.attainment));
    w.Number(ws, r, 8, row.previous_value, unit);
    w.Number(ws, r, 9, row.change, unit);
    w.Boolean(ws, r, 10, row.improved);
    w.Number(ws, r, 11, row.year_ago_value, unit);
    ++r;
  }
}

}  // namespace

std::string_view PerspectiveSheetName(Perspective perspective) {
  return kSheets[static_cast<size_t>(perspective)];
}

Status IlsWorkbook(const IlsReport& ils, const GoalsReport& goals, std::string* xlsx) {
  const char* env = std::getenv("TMPDIR");
  std::string path = std::string(env && *env ? env : "/tmp") + "/followup-xlsx-XXXXXX";
  int fd = ::mkstemp(path.data());
  if (fd < 0)
    return Status::Io("workbook: cannot create a temporary file in " + path.substr(0, path.rfind('/')) +
                      ": " + std::strerror(errno) + "; set TMPDIR to a writable directory");
  ::close(fd);
  struct Unlink {
    const std::string& p;
    ~Unlink() { ::unlink(p.c_str()); }
  } unlink_at_end{path};

  lxw_workbook* wb = workbook_new(path.c_str());
  if (!wb) return Status::Io("workbook: libxlsxwriter could not start a workbook (out of memory?)");
  std::string title = "ILS " + QuarterName(ils.quarter);
  lxw_doc_properties props{};
  props.title = title.data();
  props.author = const_cast<char*>("Stockholms stad");
  props.company = const_cast<char*>("Stockholms stad");
  // The end of the quarter the figures describe, not the time of writing
  // (libxlsxwriter's default for 0): the same figures give the same bytes.
  props.created = static_cast<time_t>(QuarterEnd(ils.quarter) / 1000);
  Writer w(wb);
  w.Check(workbook_set_properties(wb, &props));
  WriteSheets(w, ils, goals);
  lxw_error closed = workbook_close(wb);  // frees wb whatever the outcome
  if (w.error() != LXW_NO_ERROR) return Status::Io(std::string("workbook: ") + lxw_strerror(w.error()));
  if (closed != LXW_NO_ERROR)
    return Status::Io(std::string("workbook: cannot write ") + path + ": " + lxw_strerror(closed) +
                      " (is the temporary directory full? set TMPDIR elsewhere)");
  std::ifstream f(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  if (!f && !f.eof()) return Status::Io("workbook: cannot read back " + path);
  *xlsx = std::move(bytes);
  return Status::Ok();
}

}  // namespace followup
