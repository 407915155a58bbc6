// Wire names of the contract's enums (events.md) and their inverse lookups.
// Name(...) and EventTypeName(...) declared in event.h are defined in names.cpp
// from the tables below. Thread-safety: everything here is immutable.
#pragma once
#include <array>
#include <optional>
#include <string_view>

#include "events/event.h"

namespace followup {

// WireNames<E>::kNames[i] is the wire name of static_cast<E>(i).
template <class E>
struct WireNames;

template <>
struct WireNames<EventType> {
  static constexpr std::array<std::string_view, kEventTypeCount> kNames = {
      "service.v1", "probe.v1",   "usage.v1",        "adoption.v1", "survey.v1",
      "cost.v1",    "benefit.v1", "announcement.v1", "target.v1"};
};
template <>
struct WireNames<Category> {
  static constexpr std::array<std::string_view, 3> kNames = {"grundlaggande", "differentierande",
                                                             "innovativt"};
};
template <>
struct WireNames<Channel> {
  static constexpr std::array<std::string_view, kChannelCount> kNames = {"digital", "phone", "visit", "mail"};
};
template <>
struct WireNames<AltChannel> {
  static constexpr std::array<std::string_view, 4> kNames = {"phone", "visit", "web", "email"};
};
template <>
struct WireNames<RespondentGroup> {
  static constexpr std::array<std::string_view, kGroupCount> kNames = {"citizen", "business", "visitor",
                                                                       "staff", "manager"};
};
template <>
struct WireNames<Question> {
  static constexpr std::array<std::string_view, kQuestionCount> kNames = {
      "satisfaction",     "easy_to_find", "meets_expectations", "eased_contact",
      "drift_info_found", "it_ability",   "cost_defensible",    "influence"};
};
template <>
struct WireNames<CostKind> {
  static constexpr std::array<std::string_view, kCostKindCount> kNames = {"development", "operations",
                                                                          "maintenance", "license"};
};
template <>
struct WireNames<Funding> {
  static constexpr std::array<std::string_view, 2> kNames = {"line", "portfolio"};
};
template <>
struct WireNames<AnnouncementKind> {
  static constexpr std::array<std::string_view, 2> kNames = {"incident", "planned_maintenance"};
};
template <>
struct WireNames<AnnouncementState> {
  static constexpr std::array<std::string_view, 6> kNames = {"scheduled",  "investigating", "identified",
                                                             "monitoring", "resolved",      "cancelled"};
};

template <>
struct WireNames<Scope> {
  static constexpr std::array<std::string_view, 5> kNames = {"city", "owner", "focus_area", "category",
                                                             "service"};
};

// Exact, case-sensitive lookup of a wire name: ParseName<Channel>("phone").
template <class E>
constexpr std::optional<E> ParseName(std::string_view s) {
  const auto& names = WireNames<E>::kNames;
  for (size_t i = 0; i < names.size(); ++i)
    if (names[i] == s) return static_cast<E>(i);
  return std::nullopt;
}

// Named shorthands for ParseName<E>.
inline std::optional<EventType> ParseEventType(std::string_view s) { return ParseName<EventType>(s); }
inline std::optional<Category> ParseCategory(std::string_view s) { return ParseName<Category>(s); }
inline std::optional<Channel> ParseChannel(std::string_view s) { return ParseName<Channel>(s); }
inline std::optional<AltChannel> ParseAltChannel(std::string_view s) { return ParseName<AltChannel>(s); }
inline std::optional<RespondentGroup> ParseRespondentGroup(std::string_view s) {
  return ParseName<RespondentGroup>(s);
}
inline std::optional<Question> ParseQuestion(std::string_view s) { return ParseName<Question>(s); }
inline std::optional<CostKind> ParseCostKind(std::string_view s) { return ParseName<CostKind>(s); }
inline std::optional<Funding> ParseFunding(std::string_view s) { return ParseName<Funding>(s); }
inline std::optional<AnnouncementKind> ParseAnnouncementKind(std::string_view s) {
  return ParseName<AnnouncementKind>(s);
}
inline std::optional<AnnouncementState> ParseAnnouncementState(std::string_view s) {
  return ParseName<AnnouncementState>(s);
}

}  // namespace followup
