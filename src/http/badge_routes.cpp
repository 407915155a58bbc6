#include "http/badge_routes.h"

#include "http/rendered.h"

namespace followup::http {
namespace {

using BadgeMap = std::map<std::string, RenderedBody, std::less<>>;

Handler Badge(const StatusBoard* board, BadgeMap StatusBundle::*badges) {
  return [board, badges](const Request& req, const Params& p) {
    auto b = board->Current();
    if (!b) return StatusNotYetAvailable();
    const BadgeMap& map = (*b).*badges;
    auto it = map.find(p.at("service_id"));
    if (it == map.end()) return UnknownServiceJson();
    Response r = ServeRendered(req, it->second, "public, max-age=60");
    r.set("Content-Security-Policy", "default-src 'none'; sandbox");
    return r;
  };
}

}  // namespace

void AddBadgeRoutes(Router* router, const StatusBoard* board) {
  router->Add({"GET"}, "/driftinformation/{service_id}/badge.svg", "status_badge",
              Badge(board, &StatusBundle::badge_sv), Cors::kPublic);
  router->Add({"GET"}, "/en/status/{service_id}/badge.svg", "status_badge_en",
              Badge(board, &StatusBundle::badge_en), Cors::kPublic);
}

}  // namespace followup::http
