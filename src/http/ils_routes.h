// GET /api/v1/ils/{quarter}.csv|.json: the quarterly ILS report.
#pragma once
#include "http/router.h"
#include "store/store.h"

namespace followup::http {

void AddIlsRoutes(Router* router, const Store* store);

}  // namespace followup::http
