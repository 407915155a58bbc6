#include "notify/subscribe_routes.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <set>

#include "events/slug.h"
#include "http/admin_common.h"
#include "notify/mail_message.h"
#include "notify/subscribe_pages.h"
#include "notify/subscription_links.h"
#include "notify/subscription_table.h"
#include "projections/keys.h"
#include "projections/records.h"

namespace followup::notify {
namespace {

using http::Request;
using http::Response;

constexpr int kReadBackMs = 5000;

struct Shared {
  explicit Shared(SubscribeRouteOptions opt) : o(std::move(opt)), limits(o.limits) {}
  SubscribeRouteOptions o;
  SubscribeLimits limits;
  std::mutex write_mu;  // one write at a time
  TimeMs Now() const { return o.clock ? o.clock() : WallNowMs(); }
};

Response Page(int status, const SubscribePageData& d) {
  Response r;
  r.status = status;
  r.content_type = "text/html; charset=utf-8";
  r.body = RenderSubscribePage(d);
  r.set("X-Content-Type-Options", "nosniff");
  r.set("Referrer-Policy", "no-referrer");
  r.set("Content-Security-Policy",
        "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; script-src 'self'; "
        "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
  r.set("X-Frame-Options", "DENY");
  r.set("Cache-Control", "no-store");
  return r;
}

Response Simple(int status, SubscribePage page, Lang lang) {
  SubscribePageData d;
  d.page = page;
  d.lang = lang;
  return Page(status, d);
}

// The fields of an application/x-www-form-urlencoded body, in order.
std::multimap<std::string, std::string> ParseForm(std::string_view body) {
  std::multimap<std::string, std::string> out;
  size_t i = 0;
  while (i <= body.size()) {
    size_t j = body.find('&', i);
    if (j == std::string_view::npos) j = body.size();
    std::string_view pair = body.substr(i, j - i);
    if (!pair.empty()) {
      size_t eq = pair.find('=');
      std::string k, v;
      if (http::UrlDecode(pair.substr(0, eq), &k) &&
          (eq == std::string_view::npos || http::UrlDecode(pair.substr(eq + 1), &v)))
        out.emplace(std::move(k), std::move(v));
    }
    i = j + 1;
  }
  return out;
}

std::string First(const std::multimap<std::string, std::string>& form, const std::string& key) {
  auto it = form.find(key);
  return it == form.end() ? std::string() : it->second;
}

// The catalog's services that may be followed: not retired, by name.
std::vector<ServiceChoice> Catalog(const Shared& sh) {
  std::vector<ServiceChoice> out;
  std::unique_ptr<KvReader> reader = sh.o.readers ? sh.o.readers() : nullptr;
  if (!reader) return out;
  std::string prefix(keys::kCatalogPrefix);
  Status s = reader->Scan(prefix, PrefixEnd(prefix), [&](std::string_view, std::string_view v) {
    CatalogRecord rec;
    if (rec.Decode(v) && !rec.service.retired)
      out.push_back({rec.service.service_id, rec.service.name, false});
    return true;
  });
  if (!s.ok()) spdlog::warn("subscribe: reading the catalog failed: {}", s.ToString());
  std::stable_sort(out.begin(), out.end(),
                   [](const ServiceChoice& a, const ServiceChoice& b) { return a.name < b.name; });
  return out;
}

void Check(std::vector<ServiceChoice>* choices, const std::set<std::string, std::less<>>& chosen) {
  for (ServiceChoice& c : *choices) c.checked = chosen.count(c.id) > 0;
}

// The services a form chose: *all, or ids of the catalog (sorted). False
// with *error when none or an unknown one.
bool ChosenServices(const std::multimap<std::string, std::string>& form,
                    const std::vector<ServiceChoice>& cat, bool* all, std::vector<std::string>* ids,
                    FormError* error) {
  *all = First(form, "alla") == "1";
  std::set<std::string, std::less<>> known;
  for (const ServiceChoice& c : cat) known.insert(c.id);
  bool unknown = false;
  auto [b, e] = form.equal_range("tjanst");
  for (auto it = b; it != e; ++it) {
    if (known.count(it->second))
      ids->push_back(it->second);
    else
      unknown = true;
  }
  std::sort(ids->begin(), ids->end());
  ids->erase(std::unique(ids->begin(), ids->end()), ids->end());
  if (unknown && !*all) {
    *error = FormError::kUnknownService;
    return false;
  }
  if (*all) ids->clear();
  if (!*all && ids->empty()) {
    *error = FormError::kNoService;
    return false;
  }
  return true;
}

const char* LangCode(Lang l) { return l == Lang::kEn ? "en" : "sv"; }

Response Limited(int64_t retry_after_s, Lang lang) {
  Response r = Simple(429, SubscribePage::kLimited, lang);
  r.set("Retry-After", std::to_string(retry_after_s));
  return r;
}

Response GetForm(const Shared& sh, const Request& req, Lang lang) {
  SubscribePageData d;
  d.lang = lang;
  d.services = Catalog(sh);
  auto it = req.query.find("tjanst");
  if (it != req.query.end() && IsSlug(it->second, kServiceIdMax)) {
    Check(&d.services, {it->second});
    d.other_query = "?tjanst=" + it->second;
  }
  return Page(200, d);
}

Response PostForm(Shared& sh, const Request& req, Lang lang) {
  if (!sh.o.publish || (sh.o.table_ready && !sh.o.table_ready()))
    return Simple(503, SubscribePage::kUnavailable, lang);
  const TimeMs now = sh.Now();
  std::string client = req.client ? req.client->ToString() : "unknown";
  if (int64_t wait = sh.limits.TakeClient(client, now)) return Limited(wait, lang);
  auto form = ParseForm(req.body);
  SubscribePageData d;
  d.lang = lang;
  d.services = Catalog(sh);
  std::string address = First(form, "epost");
  while (!address.empty() && address.back() == ' ') address.pop_back();
  while (!address.empty() && address.front() == ' ') address.erase(0, 1);
  if (!IsMailAddress(address)) d.email_error = FormErrorText(lang, FormError::kEmail);
  EmailSubscription s;
  bool all = false;
  FormError error{};
  if (!ChosenServices(form, d.services, &all, &s.services, &error))
    d.services_error = FormErrorText(lang, error);
  if (!d.email_error.empty() || !d.services_error.empty()) {
    d.all_checked = all;
    Check(&d.services, {s.services.begin(), s.services.end()});
    return Page(400, d);
  }
  if (int64_t wait = sh.limits.TakeAddress(address, now)) return Limited(wait, lang);
  s.id = "em-" + http::RandomHex(8);
  s.address = address;
  s.language = LangCode(lang);
  s.requested_at = now;
  std::string record = EncodeEmailSubscription(s);
  std::lock_guard<std::mutex> l(sh.write_mu);
  Status st = sh.o.publish(s.id, &record);
  if (!st.ok()) {
    spdlog::error("subscribe: writing subscription request {} failed: {}", s.id, st.ToString());
    return Simple(503, SubscribePage::kUnavailable, lang);
  }
  spdlog::info("subscribe: subscription request {} for {}", s.id,
               all ? std::string("every service") : std::to_string(s.services.size()) + " service(s)");
  (void)sh.o.table->WaitForEmails([&](const EmailSubscriptions& e) { return e.count(s.id) > 0; },
                                  kReadBackMs);
  return Simple(200, SubscribePage::kRequested, lang);
}

// The token of a request: the form's t, else the query's (one-click).
std::string TokenOf(const Request& req, const std::multimap<std::string, std::string>* form) {
  if (form) {
    std::string t = First(*form, "t");
    if (!t.empty()) return t;
  }
  auto it = req.query.find("t");
  return it == req.query.end() ? std::string() : it->second;
}

// The subscription id of a valid token, or "".
std::string Verify(const Shared& sh, const std::string& token, LinkPurpose purpose, TimeMs now) {
  std::string id;
  int64_t issued = 0;
  int64_t max_age = purpose == LinkPurpose::kConfirm ? kConfirmLinkMaxAgeS : 0;
  if (sh.o.link_key.size() < kMinLinkKeyBytes) return "";
  Status s = VerifyLinkToken(sh.o.link_key, token, purpose, now / 1000, max_age, &id, &issued);
  return s.ok() ? id : "";
}

Response Ask(const Shared& sh, const Request& req, Lang lang, LinkPurpose purpose, SubscribePage page) {
  std::string token = TokenOf(req, nullptr);
  if (Verify(sh, token, purpose, sh.Now()).empty()) return Simple(400, SubscribePage::kInvalidLink, lang);
  SubscribePageData d;
  d.page = page;
  d.lang = lang;
  d.token = token;
  d.other_query = "?t=" + token;
  return Page(200, d);
}

Response PostConfirm(Shared& sh, const Request& req, Lang lang) {
  auto form = ParseForm(req.body);
  const TimeMs now = sh.Now();
  std::string id = Verify(sh, TokenOf(req, &form), LinkPurpose::kConfirm, now);
  if (id.empty()) return Simple(400, SubscribePage::kInvalidLink, lang);
  if (!sh.o.publish || (sh.o.table_ready && !sh.o.table_ready()))
    return Simple(503, SubscribePage::kUnavailable, lang);
  std::lock_guard<std::mutex> l(sh.write_mu);
  auto emails = sh.o.table->EmailSnapshot();
  auto it = emails->find(id);
  if (it == emails->end() || (!it->second.confirmed && it->second.requested_at + kPendingExpiryMs <= now))
    return Simple(410, SubscribePage::kGone, lang);
  if (it->second.confirmed) return Simple(200, SubscribePage::kConfirmed, lang);
  EmailSubscription s = it->second;
  s.confirmed = true;
  s.confirmed_at = now;
  std::string record = EncodeEmailSubscription(s);
  Status st = sh.o.publish(id, &record);
  if (!st.ok()) {
    spdlog::error("subscribe: confirming {} failed: {}", id, st.ToString());
    return Simple(503, SubscribePage::kUnavailable, lang);
  }
  spdlog::info("subscribe: subscription {} confirmed", id);
  (void)sh.o.table->WaitForEmails(
      [&](const EmailSubscriptions& e) {
        auto f = e.find(id);
        return f != e.end() && f->second.confirmed;
      },
      kReadBackMs);
  return Simple(200, SubscribePage::kConfirmed, lang);
}

Response PostUnsubscribe(Shared& sh, const Request& req, Lang lang) {
  auto form = ParseForm(req.body);
  std::string id = Verify(sh, TokenOf(req, &form), LinkPurpose::kUnsubscribe, sh.Now());
  if (id.empty()) return Simple(400, SubscribePage::kInvalidLink, lang);
  if (!sh.o.publish || (sh.o.table_ready && !sh.o.table_ready()))
    return Simple(503, SubscribePage::kUnavailable, lang);
  std::lock_guard<std::mutex> l(sh.write_mu);
  if (sh.o.table->EmailSnapshot()->count(id)) {
    Status st = sh.o.publish(id, nullptr);
    if (!st.ok()) {
      spdlog::error("subscribe: ending {} failed: {}", id, st.ToString());
      return Simple(503, SubscribePage::kUnavailable, lang);
    }
    spdlog::info("subscribe: subscription {} ended", id);
    (void)sh.o.table->WaitForEmails([&](const EmailSubscriptions& e) { return e.count(id) == 0; },
                                    kReadBackMs);
  }
  return Simple(200, SubscribePage::kUnsubscribed, lang);
}

Response Manage(Shared& sh, const Request& req, Lang lang, bool save) {
  auto form = ParseForm(save ? std::string_view(req.body) : std::string_view());
  const TimeMs now = sh.Now();
  std::string token = TokenOf(req, &form);
  std::string id = Verify(sh, token, LinkPurpose::kManage, now);
  if (id.empty()) return Simple(400, SubscribePage::kInvalidLink, lang);
  if (sh.o.table_ready && !sh.o.table_ready()) return Simple(503, SubscribePage::kUnavailable, lang);
  SubscribePageData d;
  d.page = SubscribePage::kManage;
  d.lang = lang;
  d.token = token;
  d.other_query = "?t=" + token;
  d.end_token = MakeLinkToken(sh.o.link_key, LinkPurpose::kUnsubscribe, id, now / 1000);
  d.services = Catalog(sh);
  std::unique_lock<std::mutex> l(sh.write_mu);
  auto emails = sh.o.table->EmailSnapshot();
  auto it = emails->find(id);
  if (it == emails->end()) return Simple(410, SubscribePage::kGone, lang);
  EmailSubscription s = it->second;
  if (save) {
    if (!sh.o.publish) return Simple(503, SubscribePage::kUnavailable, lang);
    bool all = false;
    FormError error{};
    std::vector<std::string> ids;
    if (!ChosenServices(form, d.services, &all, &ids, &error)) {
      d.services_error = FormErrorText(lang, error);
      d.all_checked = all;
      Check(&d.services, {ids.begin(), ids.end()});
      return Page(400, d);
    }
    s.services = ids;
    std::string record = EncodeEmailSubscription(s);
    Status st = sh.o.publish(id, &record);
    if (!st.ok()) {
      spdlog::error("subscribe: changing {} failed: {}", id, st.ToString());
      return Simple(503, SubscribePage::kUnavailable, lang);
    }
    spdlog::info("subscribe: subscription {} changed", id);
    (void)sh.o.table->WaitForEmails(
        [&](const EmailSubscriptions& e) {
          auto f = e.find(id);
          return f != e.end() && f->second.services == ids;
        },
        kReadBackMs);
    d.page = SubscribePage::kSaved;
  }
  d.all_checked = s.services.empty();
  Check(&d.services, {s.services.begin(), s.services.end()});
  return Page(200, d);
}

}  // namespace

void AddSubscribeRoutes(http::Router* router, SubscribeRouteOptions options) {
  auto sh = std::make_shared<Shared>(std::move(options));
  for (Lang lang : {Lang::kSv, Lang::kEn}) {
    const bool en = lang == Lang::kEn;
    const std::string subscribe = en ? kSubscribePathEn : kSubscribePathSv;
    const std::string confirm = en ? kConfirmPathEn : kConfirmPathSv;
    const std::string unsubscribe = en ? kUnsubscribePathEn : kUnsubscribePathSv;
    const std::string manage = en ? kManagePathEn : kManagePathSv;
    const std::string name = en ? "subscribe_en" : "subscribe";
    router->Add({"GET"}, subscribe, name,
                [sh, lang](const Request& r, const http::Params&) { return GetForm(*sh, r, lang); });
    router->Add({"POST"}, subscribe, name,
                [sh, lang](const Request& r, const http::Params&) { return PostForm(*sh, r, lang); });
    router->Add({"GET"}, confirm, name + "_confirm", [sh, lang](const Request& r, const http::Params&) {
      return Ask(*sh, r, lang, LinkPurpose::kConfirm, SubscribePage::kConfirmAsk);
    });
    router->Add({"POST"}, confirm, name + "_confirm",
                [sh, lang](const Request& r, const http::Params&) { return PostConfirm(*sh, r, lang); });
    router->Add({"GET"}, unsubscribe, name + "_unsubscribe",
                [sh, lang](const Request& r, const http::Params&) {
                  return Ask(*sh, r, lang, LinkPurpose::kUnsubscribe, SubscribePage::kUnsubscribeAsk);
                });
    router->Add({"POST"}, unsubscribe, name + "_unsubscribe",
                [sh, lang](const Request& r, const http::Params&) { return PostUnsubscribe(*sh, r, lang); });
    router->Add({"GET", "POST"}, manage, name + "_manage", [sh, lang](const Request& r, const http::Params&) {
      return Manage(*sh, r, lang, r.method == "POST");
    });
  }
}

}  // namespace followup::notify
