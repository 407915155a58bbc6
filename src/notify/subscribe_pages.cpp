#include "notify/subscribe_pages.h"

#include "notify/subscription_links.h"
#include "readmodels/citizen_html.h"
#include "readmodels/templates.h"

namespace followup::notify {
namespace {

// The words of the subscription pages, one table per language; as in
// readmodels/texts.h, no member has a default, so a text left out of either
// table does not compile.
struct SubscribeTexts {
  Text form_h1, form_lead, label_email, legend, label_all, subscribe_button;
  Text manage_legend;
  Text err_summary, err_email, err_no_service, err_unknown_service;
  Text requested_h1, requested_text;
  Text limited_h1, limited_text;
  Text invalid_h1, invalid_text, invalid_link;
  Text confirm_h1, confirm_text, confirm_button;
  Text confirmed_h1, confirmed_text;
  Text gone_h1, gone_text, gone_link;
  Text unsubscribe_h1, unsubscribe_text, unsubscribe_button;
  Text unsubscribed_h1, unsubscribed_text;
  Text manage_h1, manage_lead, save_button, saved_text, end_heading, end_button;
  Text unavailable_h1, unavailable_text;
  Text home_link;
};

const SubscribeTexts kSv{
    .form_h1 = "Prenumerera på driftinformation",
    .form_lead = "Få ett e-postmeddelande när en e-tjänst har en driftstörning eller planerat underhåll.",
    .label_email = "E-postadress",
    .legend = "Vilka e-tjänster vill du få meddelanden om?",
    .label_all = "Alla e-tjänster",
    .subscribe_button = "Prenumerera",
    .manage_legend = "E-tjänster du får meddelanden om",
    .err_summary = "Något behöver rättas innan du kan skicka formuläret.",
    .err_email = "Skriv en e-postadress, till exempel namn@exempel.se.",
    .err_no_service = "Välj minst en e-tjänst, eller alla e-tjänster.",
    .err_unknown_service = "En av de valda e-tjänsterna finns inte längre. Välj igen.",
    .requested_h1 = "Kontrollera din e-post",
    .requested_text =
        "Om adressen kan ta emot e-post får du strax ett meddelande med en länk. Följ länken inom "
        "två dygn för att bekräfta prenumerationen.",
    .limited_h1 = "För många försök",
    .limited_text = "Vi har tagit emot för många anmälningar på kort tid. Försök igen senare.",
    .invalid_h1 = "Länken fungerar inte",
    .invalid_text =
        "Länken är inte giltig: den kan vara ofullständig eller för gammal. Du kan börja om och "
        "anmäla dig på nytt.",
    .invalid_link = "Anmäl dig på nytt",
    .confirm_h1 = "Bekräfta prenumerationen",
    .confirm_text = "Tryck på knappen för att bekräfta att du vill få meddelanden om driftinformation.",
    .confirm_button = "Bekräfta prenumerationen",
    .confirmed_h1 = "Prenumerationen är bekräftad",
    .confirmed_text =
        "Du får ett meddelande när något händer med de e-tjänster du valt. Varje meddelande har "
        "en länk för att avsluta prenumerationen.",
    .gone_h1 = "Prenumerationen finns inte längre",
    .gone_text = "Prenumerationen har avslutats eller bekräftades inte i tid. Du kan anmäla dig på nytt.",
    .gone_link = "Anmäl dig på nytt",
    .unsubscribe_h1 = "Avsluta prenumerationen",
    .unsubscribe_text = "Tryck på knappen för att sluta få meddelanden om driftinformation.",
    .unsubscribe_button = "Avsluta prenumerationen",
    .unsubscribed_h1 = "Du får inga fler meddelanden",
    .unsubscribed_text = "Prenumerationen är avslutad. Du kan anmäla dig på nytt när du vill.",
    .manage_h1 = "Ändra prenumerationen",
    .manage_lead = "Välj vilka e-tjänster du vill få meddelanden om.",
    .save_button = "Spara ändringarna",
    .saved_text = "Ändringarna är sparade.",
    .end_heading = "Avsluta prenumerationen",
    .end_button = "Avsluta prenumerationen",
    .unavailable_h1 = "Det går inte just nu",
    .unavailable_text = "Prenumerationerna är inte tillgängliga för tillfället. Försök igen om en stund.",
    .home_link = "Till driftinformation",
};

const SubscribeTexts kEn{
    .form_h1 = "Subscribe to service status",
    .form_lead = "Get an e-mail when an e-service has a disruption or planned maintenance.",
    .label_email = "E-mail address",
    .legend = "Which e-services do you want messages about?",
    .label_all = "All e-services",
    .subscribe_button = "Subscribe",
    .manage_legend = "E-services you get messages about",
    .err_summary = "Something needs correcting before you can send the form.",
    .err_email = "Enter an e-mail address, for example name@example.com.",
    .err_no_service = "Choose at least one e-service, or all e-services.",
    .err_unknown_service = "One of the chosen e-services no longer exists. Please choose again.",
    .requested_h1 = "Check your e-mail",
    .requested_text =
        "If the address can receive e-mail, you will shortly get a message with a link. Follow "
        "the link within two days to confirm the subscription.",
    .limited_h1 = "Too many attempts",
    .limited_text = "We have received too many requests in a short time. Please try again later.",
    .invalid_h1 = "The link does not work",
    .invalid_text =
        "The link is not valid: it may be incomplete or too old. You can start again and "
        "subscribe anew.",
    .invalid_link = "Subscribe again",
    .confirm_h1 = "Confirm the subscription",
    .confirm_text = "Press the button to confirm that you want messages about service status.",
    .confirm_button = "Confirm the subscription",
    .confirmed_h1 = "The subscription is confirmed",
    .confirmed_text =
        "You will get a message when something happens to the e-services you chose. Every "
        "message has a link to end the subscription.",
    .gone_h1 = "The subscription no longer exists",
    .gone_text = "The subscription was ended or was not confirmed in time. You can subscribe again.",
    .gone_link = "Subscribe again",
    .unsubscribe_h1 = "End the subscription",
    .unsubscribe_text = "Press the button to stop getting messages about service status.",
    .unsubscribe_button = "End the subscription",
    .unsubscribed_h1 = "You will get no more messages",
    .unsubscribed_text = "The subscription has ended. You can subscribe again whenever you like.",
    .manage_h1 = "Change the subscription",
    .manage_lead = "Choose which e-services you want messages about.",
    .save_button = "Save the changes",
    .saved_text = "The changes are saved.",
    .end_heading = "End the subscription",
    .end_button = "End the subscription",
    .unavailable_h1 = "Not available right now",
    .unavailable_text = "Subscriptions are unavailable at the moment. Please try again shortly.",
    .home_link = "Back to service status",
};

const SubscribeTexts& TextsOf(Lang l) { return l == Lang::kEn ? kEn : kSv; }

struct Paths {
  const char *subscribe, *confirm, *unsubscribe, *manage;
};
Paths PathsOf(Lang l) {
  if (l == Lang::kEn) return {kSubscribePathEn, kConfirmPathEn, kUnsubscribePathEn, kManagePathEn};
  return {kSubscribePathSv, kConfirmPathSv, kUnsubscribePathSv, kManagePathSv};
}

// The page's own path (its language) for the language link.
const char* SelfPath(SubscribePage p, const Paths& paths) {
  switch (p) {
    case SubscribePage::kConfirmAsk:
    case SubscribePage::kConfirmed:
      return paths.confirm;
    case SubscribePage::kUnsubscribeAsk:
    case SubscribePage::kUnsubscribed:
      return paths.unsubscribe;
    case SubscribePage::kManage:
    case SubscribePage::kSaved:
      return paths.manage;
    default:
      return paths.subscribe;
  }
}

mustache::data Choices(const SubscribePageData& d) {
  mustache::data list{mustache::data::type::list};
  for (const ServiceChoice& c : d.services) {
    mustache::data x;
    x.set("id", TemplateString(c.id));
    x.set("name", TemplateString(c.name));
    x.set("checked", c.checked);
    list.push_back(x);
  }
  return list;
}

}  // namespace

std::string FormErrorText(Lang lang, FormError e) {
  const SubscribeTexts& s = TextsOf(lang);
  switch (e) {
    case FormError::kEmail:
      return s.err_email.str();
    case FormError::kNoService:
      return s.err_no_service.str();
    case FormError::kUnknownService:
      return s.err_unknown_service.str();
  }
  return "";
}

std::string RenderSubscribePage(const SubscribePageData& d) {
  const PageTexts& t = TextsFor(d.lang);
  const SubscribeTexts& s = TextsOf(d.lang);
  const Lang other = d.lang == Lang::kEn ? Lang::kSv : Lang::kEn;
  const Paths paths = PathsOf(d.lang);
  PageLinks links{SelfPath(d.page, paths) + d.other_query, SelfPath(d.page, PathsOf(other)) + d.other_query};
  std::string h1, lead;
  std::vector<std::string> paragraphs;
  mustache::data v;
  bool form = false, email = false, choose = false;
  std::string button, action;
  std::string link_path = paths.subscribe, link_text = s.invalid_link.str();
  switch (d.page) {
    case SubscribePage::kForm:
      h1 = s.form_h1.str();
      lead = s.form_lead.str();
      form = email = choose = true;
      button = s.subscribe_button.str();
      action = paths.subscribe;
      link_path = t.home_path.str();
      link_text = s.home_link.str();
      break;
    case SubscribePage::kRequested:
      h1 = s.requested_h1.str();
      paragraphs.push_back(s.requested_text.str());
      link_path = t.home_path.str();
      link_text = s.home_link.str();
      break;
    case SubscribePage::kLimited:
      h1 = s.limited_h1.str();
      paragraphs.push_back(s.limited_text.str());
      link_path = t.home_path.str();
      link_text = s.home_link.str();
      break;
    case SubscribePage::kInvalidLink:
      h1 = s.invalid_h1.str();
      paragraphs.push_back(s.invalid_text.str());
      break;
    case SubscribePage::kConfirmAsk:
      h1 = s.confirm_h1.str();
      paragraphs.push_back(s.confirm_text.str());
      form = true;
      button = s.confirm_button.str();
      action = paths.confirm;
      link_path = t.home_path.str();
      link_text = s.home_link.str();
      break;
    case SubscribePage::kConfirmed:
      h1 = s.confirmed_h1.str();
      paragraphs.push_back(s.confirmed_text.str());
      link_path = t.home_path.str();
      link_text = s.home_link.str();
      break;
    case SubscribePage::kGone:
      h1 = s.gone_h1.str();
      paragraphs.push_back(s.gone_text.str());
      link_text = s.gone_link.str();
      break;
    case SubscribePage::kUnsubscribeAsk:
      h1 = s.unsubscribe_h1.str();
      paragraphs.push_back(s.unsubscribe_text.str());
      form = true;
      button = s.unsubscribe_button.str();
      action = paths.unsubscribe;
      link_path = t.home_path.str();
      link_text = s.home_link.str();
      break;
    case SubscribePage::kUnsubscribed:
      h1 = s.unsubscribed_h1.str();
      paragraphs.push_back(s.unsubscribed_text.str());
      break;
    case SubscribePage::kManage:
    case SubscribePage::kSaved:
      h1 = s.manage_h1.str();
      lead = s.manage_lead.str();
      if (d.page == SubscribePage::kSaved) paragraphs.push_back(s.saved_text.str());
      form = choose = true;
      button = s.save_button.str();
      action = paths.manage;
      v.set("end_form", true);
      v.set("end_heading", TemplateString(s.end_heading.str()));
      v.set("end_action", TemplateString(paths.unsubscribe));
      v.set("end_token", TemplateString(d.end_token));
      v.set("end_button", TemplateString(s.end_button.str()));
      link_path = t.home_path.str();
      link_text = s.home_link.str();
      break;
    case SubscribePage::kUnavailable:
      h1 = s.unavailable_h1.str();
      paragraphs.push_back(s.unavailable_text.str());
      link_path = t.home_path.str();
      link_text = s.home_link.str();
      break;
  }
  v.set("head", TemplateString(PageHeadHtml(t, h1 + " – " + t.site_name.str(), links)));
  v.set("header", TemplateString(PageHeaderHtml(t, h1, lead, links)));
  mustache::data list{mustache::data::type::list};
  for (const std::string& p : paragraphs) {
    mustache::data x;
    x.set("text", TemplateString(p));
    list.push_back(x);
  }
  v.set("paragraphs", list);
  if (!d.email_error.empty() || !d.services_error.empty())
    v.set("error_summary", TemplateString(s.err_summary.str()));
  if (form) {
    mustache::data f;
    f.set("action", TemplateString(action));
    if (!d.token.empty()) f.set("token", TemplateString(d.token));
    if (email) {
      f.set("email", true);
      f.set("label_email", TemplateString(s.label_email.str()));
      if (!d.email_error.empty()) f.set("email_error", TemplateString(d.email_error));
    }
    if (choose) {
      f.set("choose", true);
      f.set("legend",
            TemplateString(d.page == SubscribePage::kForm ? s.legend.str() : s.manage_legend.str()));
      if (!d.services_error.empty()) f.set("services_error", TemplateString(d.services_error));
      f.set("label_all", TemplateString(s.label_all.str()));
      f.set("all_checked", d.all_checked);
      f.set("services", Choices(d));
    }
    f.set("button", TemplateString(button));
    v.set("form", f);
  }
  v.set("link_path", TemplateString(link_path));
  v.set("link_text", TemplateString(link_text));
  return RenderPage(t, "subscribe", v);
}

}  // namespace followup::notify
