#include "http/target_routes.h"

#include <simdjson.h>
#include <spdlog/spdlog.h>

#include <charconv>
#include <chrono>
#include <mutex>
#include <set>

#include "common/decimal.h"
#include "common/escape.h"
#include "common/time.h"
#include "events/decoder.h"
#include "events/indicators.h"
#include "events/names.h"
#include "http/admin_common.h"
#include "readmodels/goals_report.h"

namespace followup::http {
namespace {

const std::set<std::string, std::less<>> kTargetFields = {"indicator", "scope",     "scope_id", "year",
                                                          "value",     "tolerance", "withdrawn"};

// The request body's fields copied into a target.v1 event, in their JSON form.
std::string EventJson(simdjson::dom::object body, const std::string& event_id, TimeMs now,
                      const std::string& actor) {
  std::string out = "{\"type\":\"target.v1\",\"event_id\":\"" + event_id + "\",\"occurred_at\":\"" +
                    FormatRfc3339Utc(now) + "\",\"source\":\"followup-admin\",\"actor\":\"" +
                    JsonEscape(actor) + "\"";
  for (auto field : body) {
    out += ",\"" + JsonEscape(field.key) + "\":";
    out += simdjson::minify(field.value);
  }
  return out + "}";
}

Response Post(const TargetOptions& o, const Request& req) {
  Authorization who = Authorize(*o.auth, AdminScope::kTargets, req);
  if (who.refusal) return std::move(*who.refusal);
  if (!o.publish) return FinishAdmin(JsonError(503, "admin API unavailable: no Kafka producer"));
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  simdjson::dom::object obj;
  if (parser.parse(req.body).get(root) != simdjson::SUCCESS ||
      root.get_object().get(obj) != simdjson::SUCCESS)
    return FinishAdmin(FieldErrors({{"body", "must be a JSON object"}}));
  std::vector<FieldError> errors;
  for (auto field : obj)
    if (!kTargetFields.count(field.key))
      errors.push_back({std::string(field.key),
                        "is not a field of a target (indicator, scope, scope_id, year, "
                        "value, tolerance, withdrawn)"});
  if (!errors.empty()) return FinishAdmin(FieldErrors(errors));

  TimeMs now = o.clock ? o.clock() : WallNowMs();
  std::string event_id = "admin-target-" + RandomHex(16);
  std::string event = EventJson(obj, event_id, now, who.token->id);
  // Exactly what the ingest will accept, with its reason naming the field.
  EventDecoder decoder;
  Event decoded;
  DecodeError err;
  if (!decoder.Decode(event, &decoded, &err)) {
    auto colon = err.reason.find(": ");
    if (colon == std::string::npos) return FinishAdmin(FieldErrors({{"body", err.reason}}));
    return FinishAdmin(FieldErrors({{err.reason.substr(0, colon), err.reason.substr(colon + 2)}}));
  }
  const auto& t = std::get<TargetEvent>(decoded.body);
  Status s = o.publish(t.indicator, event);
  if (!s.ok()) {
    spdlog::error("admin: writing target {} {}/{} {} failed: {}", t.indicator, Name(t.scope),
                  JsonEscape(t.scope_id), t.year, s.ToString());
    return FinishAdmin(
        JsonError(503, "the target could not be written to Kafka; nothing is confirmed, try again"));
  }
  spdlog::info("admin: target {} {}/{} {} {} written as event {} by {}", t.indicator, Name(t.scope),
               JsonEscape(t.scope_id), t.year, t.withdrawn ? "withdrawn" : "= " + FormatMicro(t.value_micro),
               event_id, who.token->id);
  Response r;
  r.status = 202;
  r.content_type = "application/json";
  r.body = "{\"event_id\":\"" + event_id + "\"}\n";
  return FinishAdmin(std::move(r));
}

}  // namespace

Status TargetsJson(const KvReader& store, int year, std::string* out) {
  std::vector<TargetRecord> targets;
  Status s = LoadTargets(store, year, &targets);
  if (!s.ok()) return s;
  *out = "{\"year\":" + std::to_string(year) + ",\"targets\":[";
  for (size_t i = 0; i < targets.size(); ++i) {
    const TargetRecord& r = targets[i];
    const IndicatorInfo* info = FindIndicator(r.target.indicator);
    *out += std::string(i ? "," : "") + "{\"indicator\":\"" + JsonEscape(r.target.indicator) +
            "\",\"scope\":\"" + Name(r.target.scope) + "\",\"scope_id\":\"" +
            JsonEscapeText(r.target.scope_id) + "\",\"value\":" + FormatMicro(r.target.value_micro) +
            ",\"tolerance\":" + FormatMicro(r.target.tolerance_micro) + ",\"direction\":\"" +
            std::string(info ? DirectionName(info->direction) : "") + "\",\"decided_at\":\"" +
            FormatRfc3339Utc(r.occurred_at) + "\",\"event_id\":\"" + JsonEscape(r.event_id) + "\"}";
  }
  *out += "]}\n";
  return Status::Ok();
}

void AddTargetRoutes(Router* router, TargetOptions options) {
  auto o = std::make_shared<TargetOptions>(std::move(options));
  if (!o->auth) o->auth = std::make_shared<AdminAuth>();
  router->Add({"POST"}, "/api/v1/targets", "admin_targets",
              [o](const Request& req, const Params&) { return Post(*o, req); });
  router->Add(
      {"GET"}, "/api/v1/targets", "targets",
      [o](const Request& req, const Params&) {
        auto it = req.query.find("year");
        int year = 0;
        if (it == req.query.end() ||
            std::from_chars(it->second.data(), it->second.data() + it->second.size(), year).ec !=
                std::errc() ||
            std::to_string(year) != it->second || year < 2000 || year > 2100)
          return JsonError(400, "give the year as ?year=YYYY (2000-2100)");
        std::unique_ptr<KvReader> reader = o->readers ? o->readers() : nullptr;
        std::string body;
        Status s = reader ? TargetsJson(*reader, year, &body) : Status::Unavailable("no store");
        if (!s.ok()) return JsonError(503, "targets unavailable: the projection store could not be read");
        Response r;
        r.content_type = "application/json";
        r.body = std::move(body);
        r.set("Cache-Control", "no-cache");
        return r;
      },
      Cors::kPublic);
}

}  // namespace followup::http
