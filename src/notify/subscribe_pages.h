// The citizens' pages of e-mail subscriptions (issue 16; routes:
// subscribe_routes.h), in Swedish and English, on the skeleton every citizen
// page shares (readmodels/citizen_html.h: head, style sheet, header with the
// language link, lang attribute) and one template,
// readmodels/templates/subscribe.mustache.
//
// No page ever shows an e-mail address, not even masked: the form's address
// field is empty again after a refusal. Tokens appear only in hidden form
// fields and in the language link of the page they were given to. Every
// form action and link is a relative path.
// Thread-safety: pure functions.
#pragma once
#include <string>
#include <vector>

#include "readmodels/texts.h"

namespace followup::notify {

// One service a subscriber may choose.
struct ServiceChoice {
  std::string id, name;
  bool checked = false;
};

// Which page, and so its heading and words.
enum class SubscribePage {
  kForm,         // the subscription form
  kRequested,    // the request was taken (the same whether the address was known)
  kLimited,      // 429: too many requests
  kInvalidLink,  // 400: forged, damaged or expired link
  kConfirmAsk,   // GET of a confirm link: a button
  kConfirmed,    // confirmed (or already was)
  kGone,         // the subscription no longer exists
  kUnsubscribeAsk,
  kUnsubscribed,
  kManage,       // the services, prechecked, and a button to end it
  kSaved,        // kManage after a save
  kUnavailable,  // 503
};

struct SubscribePageData {
  SubscribePage page = SubscribePage::kForm;
  Lang lang = Lang::kSv;
  std::vector<ServiceChoice> services;  // kForm, kManage, kSaved: in name order
  bool all_checked = false;
  std::string token;      // the link's token (kConfirmAsk, kUnsubscribeAsk, kManage, kSaved)
  std::string end_token;  // kManage, kSaved: an unsubscribe token for the end button
  // Refusals of the form (empty: none).
  std::string email_error, services_error;
  // The query of the other language's link ("?tjanst=x", "?t=..."), unescaped.
  std::string other_query;
};

// The refusal texts the routes choose between.
enum class FormError { kEmail, kNoService, kUnknownService };
std::string FormErrorText(Lang lang, FormError e);

std::string RenderSubscribePage(const SubscribePageData& d);

}  // namespace followup::notify
