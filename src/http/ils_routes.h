// The ILS surfaces: GET /api/v1/ils/{quarter}.csv|.json (the report),
// /api/v1/ils/{quarter}.xlsx (the workbook, readmodels/ils_workbook.h),
// /api/v1/ils/{quarter}/goals.csv|.json (the goals report),
// /api/v1/ils/catalog.rdf (the DCAT-AP-SE catalogue, readmodels/dcat_catalog.h,
// its IRIs under catalog.public_url) and /rapport/{quarter} (the page).
// Thread-safety: the handlers read store snapshots only; safe from any thread.
#pragma once
#include "http/router.h"
#include "readmodels/dcat_catalog.h"
#include "store/served_store.h"

namespace followup::http {

void AddIlsRoutes(Router* router, const ServedStore* store, const DcatOptions& catalog);

}  // namespace followup::http
