// The JSON bodies of webhook messages, in the Standard Webhooks form
// {"type", "timestamp", "data"}:
//   service.level_changed: a settled level change (level_changes.h), with the
//     service's name, both levels as wire names and in Swedish and English
//     words, when the new level began, and the links to the service's page in
//     both languages (from the configured public URL, never a request's Host);
//   announcement.published, announcement.updated, maintenance.started,
//   maintenance.finished, maintenance.reminder (announcement_changes.h): the
//   announcement's winning revision as the status API shows one (kind,
//   state, revision, the services it lists with their names, the Swedish and
//   English texts, starts_at, ends_at or null) and the links to the
//   driftinformation page in both languages.
// Thread-safety: pure functions.
#pragma once
#include <string>
#include <string_view>

#include "notify/announcement_changes.h"
#include "notify/email_subscription.h"
#include "notify/level_changes.h"

namespace followup::notify {

// public_url: absolute, without a trailing '/' (NormalizePublicUrl).
std::string LevelChangedPayload(const LevelChange& change, std::string_view service_name, TimeMs now,
                                std::string_view public_url);

// subscription.confirm: the first message of a pending e-mail subscription
// (its data names only the subscription; the mail carries the link).
std::string ConfirmationPayload(const EmailSubscription& s, TimeMs now);

// services: the status's services, which info.services indexes.
std::string AnnouncementPayload(const AnnouncementChange& change, const AnnouncementInfo& info,
                                const std::vector<ServiceStatus>& services, TimeMs now,
                                std::string_view public_url);

}  // namespace followup::notify
