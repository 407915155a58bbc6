// The announcement object of the JSON documents (render_json.h).
#include "readmodels/render_json.h"

namespace followup::render_json {

std::string AnnouncementFields(const AnnouncementEvent& a, AnnouncementPhase phase,
                               const std::vector<std::string_view>& service_ids, TimeMs updated_at,
                               NoEnglish no_english) {
  std::string out = "\"announcement_id\":" + Q(a.announcement_id) +
                    ",\"revision\":" + std::to_string(a.revision) + ",\"kind\":" + Q(Name(a.kind)) +
                    ",\"kind_sv\":" + Q(AnnouncementKindSv(a.kind)) + ",\"state\":" + Q(Name(a.state)) +
                    ",\"state_sv\":" + Q(AnnouncementStatusSv(a, phase)) +
                    ",\"phase\":" + Q(PhaseName(phase)) + ",\"service_ids\":[";
  for (size_t i = 0; i < service_ids.size(); ++i) out += (i ? "," : "") + Q(service_ids[i]);
  out += "],\"starts_at\":" + QTime(a.starts_at) +
         ",\"ends_at\":" + (a.ends_at ? QTime(*a.ends_at) : "null") + ",\"title_sv\":" + Q(a.title_sv) +
         ",\"body_sv\":" + Q(a.body_sv);
  auto english = [&](const char* field, const std::string& text) {
    if (!text.empty())
      out += std::string(",\"") + field + "\":" + Q(text);
    else if (no_english == NoEnglish::kNull)
      out += std::string(",\"") + field + "\":null";
  };
  english("title_en", a.title_en);
  english("body_en", a.body_en);
  out += ",\"updated_at\":" + QTime(updated_at);
  return out;
}

}  // namespace followup::render_json
