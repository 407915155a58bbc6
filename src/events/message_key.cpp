#include "events/message_key.h"

#include <type_traits>
#include <variant>

namespace followup {

std::string MessageKey(const Event& e) {
  return std::visit(
      [](const auto& b) -> std::string {
        using T = std::decay_t<decltype(b)>;
        if constexpr (std::is_same_v<T, AnnouncementEvent>) {
          return b.announcement_id;
        } else if constexpr (std::is_same_v<T, TargetEvent>) {
          return b.indicator;  // events.md: targets are keyed by the indicator
        } else if constexpr (std::is_same_v<T, SurveyEvent>) {
          return b.service_id.empty() ? std::string(kCityKey) : b.service_id;
        } else {
          return b.service_id;
        }
      },
      e.body);
}

std::string MessageKeyOfLine(EventDecoder* decoder, std::string_view line) {
  Event e;
  DecodeError err;
  if (!decoder->Decode(line, &e, &err)) return "";
  return MessageKey(e);
}

}  // namespace followup
