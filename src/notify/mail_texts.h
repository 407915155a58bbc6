// The subject and text of a subscription mail (issue 16), in the
// subscriber's language, from the message the notifier queued (the same JSON
// a webhook receives, webhook_payload.h) and the subscription:
//   subscription.confirm     the double opt-in: what was asked, the confirm
//                            link (valid two days), that nothing more comes
//                            without it;
//   service.level_changed    "<service>: <new level>" with since when and the
//                            level before;
//   announcement.*, maintenance.*  the announcement's title and text, the
//                            services, its time, what happened.
// Every mail but the confirmation ends with the links to change and to end
// the subscription (subscription_links.h). Times are Europe/Stockholm as the
// pages write them. No mail holds the address of anyone.
// Thread-safety: pure functions.
#pragma once
#include <string>
#include <string_view>

#include "common/status.h"
#include "notify/email_subscription.h"

namespace followup::notify {

struct MailText {
  std::string subject, text;
  std::string unsubscribe_url;  // the RFC 8058 one-click link; empty for the confirmation
};

// key: the link key's bytes; public_url: absolute, without a trailing '/'.
// Invalid for a body of no known type.
Status RenderMail(std::string_view body_json, const EmailSubscription& s, std::string_view public_url,
                  std::string_view key, MailText* out);

}  // namespace followup::notify
