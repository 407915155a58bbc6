// The JSON bodies of webhook messages, in the Standard Webhooks form
// {"type", "timestamp", "data"}:
//   service.level_changed: a settled level change (level_changes.h), with the
//     service's name, both levels as wire names and in Swedish and English
//     words, when the new level began, and the links to the service's page in
//     both languages (from the configured public URL, never a request's Host).
// Thread-safety: pure functions.
#pragma once
#include <string>
#include <string_view>

#include "notify/level_changes.h"

namespace followup::notify {

// public_url: absolute, without a trailing '/' (NormalizePublicUrl).
std::string LevelChangedPayload(const LevelChange& change, std::string_view service_name, TimeMs now,
                                std::string_view public_url);

}  // namespace followup::notify
