#include "notify/mail_texts.h"

#include <simdjson.h>

#include "notify/subscription_links.h"
#include "readmodels/texts.h"

namespace followup::notify {
namespace {

std::string Member(simdjson::dom::element o, const char* name) {
  std::string_view v;
  if (o[name].get_string().get(v) != simdjson::SUCCESS) return "";
  return std::string(v);
}

std::string When(const PageTexts& t, const std::string& rfc3339) {
  auto at = ParseRfc3339(rfc3339);
  return at ? t.date_time(*at) : rfc3339;
}

}  // namespace

Status RenderMail(std::string_view body_json, const EmailSubscription& s, std::string_view public_url,
                  std::string_view key, MailText* out) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc, data;
  if (parser.parse(body_json.data(), body_json.size()).get(doc) != simdjson::SUCCESS ||
      doc["data"].get(data) != simdjson::SUCCESS)
    return Status::Invalid("mail: the message is not a notification");
  const bool en = s.language == "en";
  const PageTexts& t = TextsFor(en ? Lang::kEn : Lang::kSv);
  const std::string type = Member(doc, "type");
  MailText m;
  if (type == "subscription.confirm") {
    m.subject =
        en ? "Confirm your subscription to operating status" : "Bekräfta prenumerationen på driftinformation";
    m.text =
        en ? "Hello,\n\nSomeone, hopefully you, asked the City of Stockholm to send this address an e-mail when "
             "an e-service has a disruption or planned maintenance.\n\nTo confirm, open the link and press the "
             "button:\n" +
                 ConfirmUrl(public_url, key, s) +
                 "\n\nThe link is valid for two days. If you did not ask for this, do nothing: without a "
                 "confirmation nothing more is sent.\n"
           : "Hej!\n\nNågon, förhoppningsvis du, har bett Stockholms stad att skicka e-post till den här "
             "adressen när en e-tjänst har en störning eller ett planerat underhåll.\n\nBekräfta genom att "
             "öppna länken och trycka på knappen:\n" +
                 ConfirmUrl(public_url, key, s) +
                 "\n\nLänken gäller i två dygn. Om du inte har bett om detta behöver du inte göra något: utan "
                 "bekräftelse skickas inget mer.\n";
    *out = std::move(m);
    return Status::Ok();
  }
  const char* lang = en ? "_en" : "_sv";
  if (type == "service.level_changed") {
    const std::string name = Member(data, "service_name");
    const std::string to = Member(data, (std::string("to") + lang).c_str());
    const std::string from = Member(data, (std::string("from") + lang).c_str());
    m.subject = name + ": " + to;
    m.text = en ? name + " is now: " + to + " (since " + When(t, Member(data, "since")) +
                      ").\nBefore: " + from + ".\n\nMore: " + Member(data, "url_en") + "\n"
                : name + " har nu status: " + to + " (sedan " + When(t, Member(data, "since")) +
                      ").\nTidigare: " + from + ".\n\nMer information: " + Member(data, "url_sv") + "\n";
  } else if (type.rfind("announcement.", 0) == 0 || type.rfind("maintenance.", 0) == 0) {
    std::string title = Member(data, en ? "title_en" : "title_sv");
    std::string body = Member(data, en ? "body_en" : "body_sv");
    if (title.empty()) title = Member(data, "title_sv");
    if (body.empty()) body = Member(data, "body_sv");
    std::string services;
    simdjson::dom::array list;
    if (data["services"].get_array().get(list) == simdjson::SUCCESS)
      for (auto e : list) services += (services.empty() ? "" : ", ") + Member(e, "service_name");
    const char* what = "";
    if (type == "maintenance.started") what = en ? "Maintenance has begun: " : "Underhållet har börjat: ";
    if (type == "maintenance.finished") what = en ? "Maintenance has ended: " : "Underhållet är avslutat: ";
    if (type == "maintenance.reminder")
      what = en ? "Reminder, planned maintenance: " : "Påminnelse om underhåll: ";
    if (type == "announcement.updated") what = en ? "Update: " : "Uppdatering: ";
    m.subject = what + title;
    std::string ends = Member(data, "ends_at");
    m.text = title + "\n\n" + body + "\n\n" + (en ? "Concerns: " : "Gäller: ") + services + "\n" +
             (en ? "From " : "Från ") + When(t, Member(data, "starts_at")) +
             (ends.empty() ? "" : (en ? " to " : " till ") + When(t, ends)) + "\n\n" +
             (en ? "More: " : "Mer information: ") + Member(data, en ? "url_en" : "url_sv") + "\n";
  } else {
    return Status::Invalid("mail: a message of no known type");
  }
  m.unsubscribe_url = UnsubscribeUrl(public_url, key, s);
  m.text +=
      en ? "\n--\nYou get this e-mail because you subscribe to operating status from the City of "
           "Stockholm.\nChange the subscription: " +
               ManageUrl(public_url, key, s) + "\nEnd the subscription: " + m.unsubscribe_url + "\n"
         : "\n--\nDu får det här meddelandet för att du prenumererar på driftinformation från Stockholms "
           "stad.\nÄndra prenumerationen: " +
               ManageUrl(public_url, key, s) + "\nAvsluta prenumerationen: " + m.unsubscribe_url + "\n";
  *out = std::move(m);
  return Status::Ok();
}

}  // namespace followup::notify
