// The staff page for driftinformation (issue 17, item 3):
//   GET /admin/driftinformation          the page (static HTML, Swedish)
//   GET /admin/driftinformation/app.js   its script
// Both are files of src/http/staff_page/, embedded in the binary at build
// time (CMakeLists.txt). The page needs no token to load: it asks for one,
// keeps it in sessionStorage only and sends it in the Authorization header
// of the admin API's requests (admin_routes.h), which do the checking.
// Strong ETags (304), Cache-Control no-cache, the pages' CSP (script only
// from 'self', connect only to 'self') and never framed.
// Thread-safety: the handlers serve immutable bytes from any thread.
#pragma once
#include <string_view>

#include "http/router.h"

namespace followup::http {

std::string_view StaffPageHtml();
std::string_view StaffPageScript();

void AddStaffRoutes(Router* router);

}  // namespace followup::http
