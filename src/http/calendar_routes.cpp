#include "http/calendar_routes.h"

#include "http/rendered.h"

namespace followup::http {

void AddCalendarRoutes(Router* router, const StatusBoard* board) {
  router->Add(
      {"GET"}, kMaintenanceCalendarPath, "status_calendar",
      [board](const Request& req, const Params&) {
        auto b = board->Current();
        if (!b) return StatusNotYetAvailable();
        const RenderedBody* body = &b->calendar;
        std::string filename = "underhall.ics";
        auto q = req.query.find("service");
        if (q != req.query.end()) {
          auto it = b->service_calendar.find(q->second);
          if (it == b->service_calendar.end()) return UnknownServiceJson();
          body = &it->second;
          filename = "underhall-" + it->first + ".ics";  // a catalog slug: safe in the header
        }
        Response r = ServeRendered(req, *body, "public, max-age=300");
        r.set("Content-Disposition", "inline; filename=\"" + filename + "\"");
        return r;
      },
      Cors::kPublic);
}

}  // namespace followup::http
