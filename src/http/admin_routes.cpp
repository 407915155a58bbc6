#include "http/admin_routes.h"

#include <simdjson.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <optional>

#include "common/escape.h"
#include "events/decoder.h"
#include "http/admin_common.h"
#include "http/announcement_command.h"
#include "http/merge_patch.h"
#include "ingest/producer.h"
#include "projections/keys.h"
#include "projections/records.h"

namespace followup::http {
namespace {

constexpr int kFlushTimeoutMs = 10'000;

class AdminApi {
 public:
  explicit AdminApi(AdminOptions o) : o_(std::move(o)) {
    if (!o_.auth) o_.auth = std::make_shared<AdminAuth>();
  }

  // POST (path_id null), PUT (path_id, !patch) or PATCH (path_id, patch).
  Response Handle(const Request& req, const std::string* path_id, bool patch = false) {
    Authorization who = Authorize(*o_.auth, AdminScope::kAnnouncements, req);
    if (who.refusal) return std::move(*who.refusal);
    if (!o_.publish) return Finish(JsonError(503, "admin API unavailable: no Kafka producer"));

    simdjson::dom::parser parser;
    simdjson::dom::element root;
    if (parser.parse(req.body).get(root) != simdjson::SUCCESS)
      return Finish(FieldErrors({{"body", "must be a JSON object (the request body is not valid JSON)"}}));
    simdjson::dom::object obj;
    if (root.get_object().get(obj) != simdjson::SUCCESS)
      return Finish(FieldErrors({{"body", "must be a JSON object"}}));

    std::unique_ptr<KvReader> reader = o_.readers ? o_.readers() : nullptr;
    // Ids and revisions under one lock: concurrent writers get distinct
    // revisions, and a PATCH reads the revision it merges into and writes the
    // next one without another write in between.
    std::unique_lock<std::mutex> lock(mu_, std::defer_lock);
    int64_t current = 0;
    simdjson::dom::parser merged_parser;
    if (patch) {
      lock.lock();
      Draft base;
      Status s = Current(reader.get(), *path_id, &current, &base);
      if (!s.ok()) return Finish(JsonError(503, "the projection store could not be read; try again"));
      if (current == 0)
        return Finish(JsonError(404, "unknown announcement; create it with POST /api/v1/announcements"));
      std::string if_match = TrimSpace(req.header("if-match"));
      if (if_match.empty() || if_match == "*")
        return Finish(WithTag(JsonError(428,
                                        "PATCH needs If-Match with the revision it was made against, e.g. "
                                        "If-Match: " +
                                            RevisionETag(current) +
                                            " (the ETag of GET "
                                            "/api/v1/announcements/{announcement_id})"),
                              current));
      std::vector<int64_t> named;
      if (!ParseIfMatch(if_match, &named))
        return Finish(FieldErrors({{"If-Match", "must be an entity tag such as " + RevisionETag(current)}}));
      if (std::find(named.begin(), named.end(), current) == named.end())
        return Finish(
            WithTag(JsonError(409, "the announcement has changed: it is at revision " +
                                       std::to_string(current) + " (ETag " + RevisionETag(current) +
                                       "); read it again, apply your change to it and send If-Match: " +
                                       RevisionETag(current)),
                    current));
      if (!base.complete)
        return Finish(
            JsonError(503, "revision " + std::to_string(current) + " is not readable yet; try again"));
      std::string merged;
      s = ApplyMergePatch(DraftJson(base), req.body, &merged);
      if (!s.ok()) return Finish(FieldErrors({{"body", "must be a JSON merge patch (RFC 7396)"}}));
      if (merged_parser.parse(merged).get(root) != simdjson::SUCCESS ||
          root.get_object().get(obj) != simdjson::SUCCESS)
        return Finish(FieldErrors({{"body", "must be a JSON object"}}));
    }

    Draft d;
    std::vector<FieldError> errors = ValidateAnnouncement(
        obj, path_id, reader.get(), [this] { return Now(); }, &d);
    if (!errors.empty()) return Finish(FieldErrors(errors));

    if (!patch) {
      lock.lock();
      if (!d.announcement_id.empty()) {
        Status s = Current(reader.get(), d.announcement_id, &current, nullptr);
        if (!s.ok()) return Finish(JsonError(503, "the projection store could not be read; try again"));
      }
    }
    int64_t revision = 1;
    if (!path_id) {
      if (d.announcement_id.empty())
        d.announcement_id = NewAnnouncementId();
      else if (current > 0)
        return Finish(JsonError(409,
                                "announcement_id already exists; publish a new revision with PUT "
                                "/api/v1/announcements/{announcement_id}"));
      if (d.revision && *d.revision != 1)
        return Finish(FieldErrors({{"revision", "must be 1 (or absent) when creating an announcement"}}));
    } else {
      if (current == 0)
        return Finish(JsonError(404, "unknown announcement; create it with POST /api/v1/announcements"));
      if (d.revision && *d.revision <= current) {
        Response r = JsonError(409, "revision must be above the current revision " + std::to_string(current));
        return Finish(std::move(r));
      }
      if (!d.revision && current > kMaxRevision)  // written to Kafka by another producer
        return Finish(
            JsonError(409, "the current revision " + std::to_string(current) +
                               " is the highest possible; no later revision can follow. Publish the "
                               "information as a new announcement"));
      revision = d.revision ? *d.revision : current + 1;
    }

    TimeMs now = Now();
    std::string event_id = "admin-" + RandomHex(16);
    std::string event = AnnouncementEventJson(d, event_id, revision, now, who.token->id);
    // Final check: exactly what the ingest will accept.
    EventDecoder decoder;
    Event decoded;
    DecodeError err;
    if (!decoder.Decode(event, &decoded, &err)) {
      auto colon = err.reason.find(": ");
      std::string field = colon == std::string::npos ? "body" : err.reason.substr(0, colon);
      std::string message = colon == std::string::npos ? err.reason : err.reason.substr(colon + 2);
      return Finish(FieldErrors({{field, message}}));
    }
    Status s = o_.publish(d.announcement_id, event);
    if (!s.ok()) {
      spdlog::error("admin: writing announcement \"{}\" revision {} failed: {}",
                    JsonEscape(d.announcement_id), revision, s.ToString());
      return Finish(
          JsonError(503, "the announcement could not be written to Kafka; nothing is confirmed, try again"));
    }
    Draft written = d;
    written.complete = true;
    sent_[d.announcement_id] = Sent{revision, std::move(written)};
    spdlog::info("admin: announcement \"{}\" revision {} written as event {} by {}",
                 JsonEscape(d.announcement_id), revision, event_id, who.token->id);
    Response r;
    r.status = 202;
    r.content_type = "application/json";
    r.body = "{\"event_id\":\"" + JsonEscape(event_id) + "\",\"announcement_id\":\"" +
             JsonEscape(d.announcement_id) + "\",\"revision\":" + std::to_string(revision) + "}\n";
    return Finish(WithTag(std::move(r), revision));
  }

 private:
  static Response Finish(Response r) { return FinishAdmin(std::move(r)); }

  TimeMs Now() const {
    if (o_.clock) return o_.clock();
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }

  std::string NewAnnouncementId() const {
    LocalTime l = ToStockholm(Now());
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d%02d%02d-%02d%02d", l.year, l.month, l.day, l.hour, l.minute);
    return std::string("ann-") + buf + "-" + RandomHex(4);
  }

  static Response WithTag(Response r, int64_t revision) {
    r.set("ETag", RevisionETag(revision));
    return r;
  }

  // The current revision of an announcement: the higher of the folded
  // winning revision (ann/<id> in the store) and the last one this process
  // wrote (which covers the ingest lag); 0 when neither exists. base (when
  // not null) gets that revision's content: the folded record, or what this
  // process wrote when that is newer than the fold.
  Status Current(const KvReader* reader, const std::string& id, int64_t* current, Draft* base) {
    *current = 0;
    if (auto it = sent_.find(id); it != sent_.end()) {
      *current = it->second.revision;
      if (base) *base = it->second.draft;
    }
    if (!reader) return Status::Ok();
    std::string raw;
    Status s = reader->Get(keys::Announcement(id), &raw);
    if (s.code() == Status::Code::kNotFound) return Status::Ok();
    if (!s.ok()) return s;
    AnnouncementRecord rec;
    if (!rec.Decode(raw)) return Status::Corruption("cannot decode announcement");
    if (rec.announcement.revision >= *current) {
      *current = rec.announcement.revision;
      if (base) *base = DraftFromEvent(rec.announcement);
    }
    return Status::Ok();
  }

  AdminOptions o_;
  std::mutex mu_;
  struct Sent {
    int64_t revision = 0;
    Draft draft;
  };
  std::map<std::string, Sent> sent_;  // last revision written by this process, per announcement
};

}  // namespace

std::function<Status(const std::string&, const std::string&)> KafkaPublisher(Producer* producer,
                                                                             std::string topic) {
  auto mu = std::make_shared<std::mutex>();
  return [producer, topic = std::move(topic), mu](const std::string& key, const std::string& value) {
    // One writer at a time: Flush() accounts for every message since the last Flush.
    std::lock_guard<std::mutex> l(*mu);
    Status s = producer->Send(topic, key, value);
    if (!s.ok()) return s;
    return producer->Flush(kFlushTimeoutMs);
  };
}

void AddAdminRoutes(Router* router, AdminOptions options) {
  auto api = std::make_shared<AdminApi>(std::move(options));
  router->Add({"POST"}, "/api/v1/announcements", "admin_announcement_create",
              [api](const Request& req, const Params&) { return api->Handle(req, nullptr); });
  router->Add(
      {"PUT"}, "/api/v1/announcements/{announcement_id}", "admin_announcement_update",
      [api](const Request& req, const Params& p) { return api->Handle(req, &p.at("announcement_id")); });
  router->Add({"PATCH"}, "/api/v1/announcements/{announcement_id}", "admin_announcement_patch",
              [api](const Request& req, const Params& p) {
                return api->Handle(req, &p.at("announcement_id"), true);
              });
}

}  // namespace followup::http
