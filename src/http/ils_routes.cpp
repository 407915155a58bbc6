#include "http/ils_routes.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>

#include "common/time.h"
#include "http/server.h"
#include "projections/keys.h"
#include "projections/records.h"
#include "readmodels/board_report.h"
#include "readmodels/goals_report.h"
#include "readmodels/ils_report.h"
#include "readmodels/ils_workbook.h"
#include "readmodels/report_page.h"

namespace followup::http {
namespace {

// A report as CSV (shown inline under its file name) or as JSON.
void SetReportBody(Response* r, bool csv, std::string body, const std::string& csv_filename) {
  r->content_type = csv ? "text/csv; charset=utf-8" : "application/json";
  r->body = std::move(body);
  if (csv) r->set("Content-Disposition", "inline; filename=\"" + csv_filename + "\"");
}

}  // namespace

void AddIlsRoutes(Router* router, const ServedStore* store, const DcatOptions& catalog) {
  // Before /api/v1/ils/{file}, which would take "catalog.rdf" as its {file}:
  // the first matching route wins.
  router->Add(
      {"GET"}, kCatalogPath, "ils_catalog",
      [store, catalog](const Request&, const Params&) {
        std::vector<QuarterId> quarters;
        Status s = QuartersWithData(*store->Snapshot(), &quarters);
        if (!s.ok()) return JsonError(503, "catalogue unavailable: the projection store could not be read");
        Response r;
        r.content_type = "application/rdf+xml; charset=utf-8";
        r.body = DcatCatalogRdf(quarters, catalog);
        r.set("Cache-Control", "no-cache");
        return r;
      },
      Cors::kPublic);
  router->Add(
      {"GET"}, "/api/v1/ils/{file}", "ils",
      [store](const Request&, const Params& p) {
        const std::string& file = p.at("file");
        auto dot = file.rfind('.');
        std::string ext = dot == std::string::npos ? "" : file.substr(dot + 1);
        if (ext != "csv" && ext != "json" && ext != "xlsx")
          return JsonError(404, "use /api/v1/ils/{quarter}.csv, .json or .xlsx, or /api/v1/ils/catalog.rdf");
        auto q = ParseQuarter(file.substr(0, dot));
        if (!q) return JsonError(400, "malformed quarter: expected YYYYQn, e.g. 2026Q3, years 1970-2200");
        auto snap = store->Snapshot();
        IlsReport report;
        Status s = BuildIlsReport(*snap, *q, &report);
        if (!s.ok()) return JsonError(503, "report unavailable: the projection store could not be read");
        Response r;
        if (ext == "xlsx") {
          GoalsReport goals;
          s = BuildGoalsReport(*snap, *q, &goals);
          if (!s.ok()) return JsonError(503, "report unavailable: the projection store could not be read");
          s = IlsWorkbook(report, goals, &r.body);
          if (!s.ok()) {
            spdlog::error("GET /api/v1/ils/{}.xlsx: {}", QuarterName(*q), s.message());
            return JsonError(503, "workbook unavailable: it could not be written");
          }
          r.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
          r.set("Content-Disposition", "attachment; filename=\"ils-" + QuarterName(*q) + ".xlsx\"");
        } else {
          const bool csv = ext == "csv";
          SetReportBody(&r, csv, csv ? IlsCsv(report) : IlsJson(report), "ils-" + QuarterName(*q) + ".csv");
        }
        r.set("Cache-Control", "no-cache");
        return r;
      },
      Cors::kPublic);
  router->Add(
      {"GET"}, "/api/v1/ils/{quarter}/{file}", "ils_goals",
      [store](const Request&, const Params& p) {
        const std::string& file = p.at("file");
        if (file != "goals.csv" && file != "goals.json")
          return JsonError(404, "use /api/v1/ils/{quarter}/goals.csv or /api/v1/ils/{quarter}/goals.json");
        auto q = ParseQuarter(p.at("quarter"));
        if (!q) return JsonError(400, "malformed quarter: expected YYYYQn, e.g. 2026Q3, years 1970-2200");
        GoalsReport report;
        Status s = BuildGoalsReport(*store->Snapshot(), *q, &report);
        if (!s.ok()) return JsonError(503, "report unavailable: the projection store could not be read");
        Response r;
        const bool csv = file == "goals.csv";
        SetReportBody(&r, csv, csv ? GoalsCsv(report) : GoalsJson(report),
                      "ils-goals-" + QuarterName(*q) + ".csv");
        r.set("Cache-Control", "no-cache");
        return r;
      },
      Cors::kPublic);
  router->Add({"GET"}, "/rapport", "rapport_index", [store](const Request&, const Params&) {
    std::vector<QuarterId> quarters;
    Status s = QuartersWithData(*store->Snapshot(), &quarters);
    std::reverse(quarters.begin(), quarters.end());  // newest first
    if (!s.ok()) return JsonError(503, "report unavailable: the projection store could not be read");
    Response r;
    r.content_type = "text/html; charset=utf-8";
    r.body = RenderReportIndex(quarters, WallNowMs());
    r.set("Cache-Control", "no-cache");
    AddSecurityHeaders(&r, true);
    return r;
  });
  router->Add({"GET"}, "/rapport/{quarter}", "rapport", [store](const Request&, const Params& p) {
    auto q = ParseQuarter(p.at("quarter"));
    if (!q) return JsonError(400, "malformed quarter: expected YYYYQn, e.g. 2026Q3, years 1970-2200");
    BoardReport report;
    Status s = BuildBoardReport(*store->Snapshot(), *q, WallNowMs(), &report);
    if (!s.ok()) return JsonError(503, "report unavailable: the projection store could not be read");
    Response r;
    r.content_type = "text/html; charset=utf-8";
    r.body = RenderReportPage(report);
    r.set("Cache-Control", "no-cache");
    AddSecurityHeaders(&r, true);
    return r;
  });
}

}  // namespace followup::http
