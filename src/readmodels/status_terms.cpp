// The status vocabulary declared in status_engine.h: level names and their
// Swedish and English labels, the Swedish wording of announcement states,
// kinds and alternative channels (the seeds' wording), and the phase of an
// announcement at an instant. Pure functions; the engine itself is in
// status_engine.cpp.
#include "readmodels/status_engine.h"

namespace followup {

const char* LevelName(StatusLevel l) {
  switch (l) {
    case StatusLevel::kOperational:
      return "operational";
    case StatusLevel::kDegraded:
      return "degraded";
    case StatusLevel::kOutage:
      return "outage";
    case StatusLevel::kMaintenance:
      return "maintenance";
    case StatusLevel::kUnknown:
      return "unknown";
  }
  return "unknown";
}

std::optional<StatusLevel> ParseLevelName(std::string_view name) {
  for (StatusLevel l : {StatusLevel::kOperational, StatusLevel::kDegraded, StatusLevel::kOutage,
                        StatusLevel::kMaintenance, StatusLevel::kUnknown})
    if (name == LevelName(l)) return l;
  return std::nullopt;
}

const char* LevelLabelSv(StatusLevel l) {
  switch (l) {
    case StatusLevel::kOperational:
      return "Fungerar normalt";
    case StatusLevel::kDegraded:
      return "Begränsad funktion";
    case StatusLevel::kOutage:
      return "Driftstörning";
    case StatusLevel::kMaintenance:
      return "Planerat underhåll";
    case StatusLevel::kUnknown:
      return "Okänd status";
  }
  return "Okänd status";
}

const char* LevelLabelEn(StatusLevel l) {
  switch (l) {
    case StatusLevel::kOperational:
      return "Operating normally";
    case StatusLevel::kDegraded:
      return "Limited functionality";
    case StatusLevel::kOutage:
      return "Outage";
    case StatusLevel::kMaintenance:
      return "Planned maintenance";
    case StatusLevel::kUnknown:
      return "Status unknown";
  }
  return "Status unknown";
}

const char* AnnouncementStateSv(AnnouncementState s) {
  switch (s) {
    case AnnouncementState::kScheduled:
      return "Planerat";
    case AnnouncementState::kInvestigating:
      return "Vi undersöker felet";
    case AnnouncementState::kIdentified:
      return "Felet är hittat och åtgärdas";
    case AnnouncementState::kMonitoring:
      return "Åtgärdat, vi följer upp";
    case AnnouncementState::kResolved:
      return "Löst";
    case AnnouncementState::kCancelled:
      return "Inställt";
  }
  return "";
}

const char* AnnouncementKindSv(AnnouncementKind k) {
  return k == AnnouncementKind::kIncident ? "Känt fel" : "Planerat underhåll";
}

const char* AnnouncementStatusSv(const AnnouncementEvent& a, AnnouncementPhase phase) {
  if (a.kind == AnnouncementKind::kIncident) return AnnouncementStateSv(a.state);
  if (a.state == AnnouncementState::kCancelled) return "Inställt";
  if (a.state == AnnouncementState::kResolved) return "Avslutat";
  switch (phase) {
    case AnnouncementPhase::kUpcoming:
      return "Planerat";
    case AnnouncementPhase::kActive:
      return "Pågår";
    case AnnouncementPhase::kPast:
      return "Avslutat";
  }
  return "Planerat";
}

const char* AltChannelSv(AltChannel c) {
  switch (c) {
    case AltChannel::kPhone:
      return "Telefon";
    case AltChannel::kVisit:
      return "Besök";
    case AltChannel::kWeb:
      return "Webb";
    case AltChannel::kEmail:
      return "E-post";
  }
  return "";
}

bool IncidentOpenAt(const AnnouncementEvent& a, TimeMs t) {
  if (a.kind != AnnouncementKind::kIncident) return false;
  bool open_state = a.state == AnnouncementState::kInvestigating ||
                    a.state == AnnouncementState::kIdentified || a.state == AnnouncementState::kMonitoring;
  return open_state && a.starts_at <= t && !(a.ends_at && *a.ends_at <= t);
}

AnnouncementPhase PhaseAt(const AnnouncementEvent& a, TimeMs now) {
  if (a.kind == AnnouncementKind::kIncident) {
    bool live = a.state != AnnouncementState::kResolved && a.state != AnnouncementState::kCancelled;
    return IncidentOpenAt(a, now)        ? AnnouncementPhase::kActive
           : (live && a.starts_at > now) ? AnnouncementPhase::kUpcoming
                                         : AnnouncementPhase::kPast;
  }
  bool live = a.state != AnnouncementState::kCancelled;
  return MaintenanceCovers(a, now)     ? AnnouncementPhase::kActive
         : (live && a.starts_at > now) ? AnnouncementPhase::kUpcoming
                                       : AnnouncementPhase::kPast;
}

bool MaintenanceCovers(const AnnouncementEvent& a, TimeMs t) {
  return a.kind == AnnouncementKind::kPlannedMaintenance && a.state != AnnouncementState::kCancelled &&
         a.ends_at && a.starts_at <= t && t < *a.ends_at;
}

}  // namespace followup
