#include "notify/announcement_changes.h"

namespace followup::notify {

const char* MessageType(AnnouncementChange::What w) {
  switch (w) {
    case AnnouncementChange::What::kPublished:
      return "announcement.published";
    case AnnouncementChange::What::kRevised:
      return "announcement.updated";
    case AnnouncementChange::What::kStarted:
      return "maintenance.started";
    case AnnouncementChange::What::kFinished:
      return "maintenance.finished";
    case AnnouncementChange::What::kReminder:
      return "maintenance.reminder";
  }
  return "announcement.updated";
}

std::vector<AnnouncementChange> AnnouncementChangeDetector::Observe(
    TimeMs now, const std::vector<AnnouncementInfo>& announcements) {
  std::vector<AnnouncementChange> out;
  Told seen;
  for (size_t i = 0; i < announcements.size(); ++i) {
    const AnnouncementEvent& a = announcements[i].a;
    const AnnouncementPhase phase = PhaseAt(a, now);
    const bool maintenance = a.kind == AnnouncementKind::kPlannedMaintenance;
    const bool cancelled = a.state == AnnouncementState::kCancelled;
    const bool reminder_due = maintenance && !cancelled && phase == AnnouncementPhase::kUpcoming &&
                              now >= a.starts_at - remind_before_ms_;
    auto told = told_.find(a.announcement_id);
    AnnouncementTold next{a.revision, phase, reminder_due || phase != AnnouncementPhase::kUpcoming};
    auto report = [&](AnnouncementChange::What what, const std::string& suffix) {
      out.push_back({a.announcement_id + suffix, what, i});
    };
    const std::string rev = "/r" + std::to_string(a.revision);
    if (!started_) {
      // The baseline: nothing to tell.
    } else if (told == told_.end()) {
      report(AnnouncementChange::What::kPublished, rev);
    } else {
      const AnnouncementTold& t = told->second;
      if (a.revision > t.revision) report(AnnouncementChange::What::kRevised, rev);
      if (maintenance && !cancelled) {
        if (t.phase == AnnouncementPhase::kUpcoming && phase == AnnouncementPhase::kActive)
          report(AnnouncementChange::What::kStarted, "/started/" + FormatRfc3339Utc(a.starts_at));
        if (t.phase != AnnouncementPhase::kPast && phase == AnnouncementPhase::kPast && a.ends_at)
          report(AnnouncementChange::What::kFinished, "/finished/" + FormatRfc3339Utc(*a.ends_at));
      }
      if (reminder_due && !t.reminded)
        report(AnnouncementChange::What::kReminder, "/reminder/" + FormatRfc3339Utc(a.starts_at));
      next.revision = std::max(a.revision, t.revision);
      next.reminded = next.reminded || t.reminded;
    }
    seen[a.announcement_id] = next;
  }
  told_ = std::move(seen);
  started_ = true;
  return out;
}

}  // namespace followup::notify
