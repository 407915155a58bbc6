// Which announcements are worth telling subscribers about (issue 16, "what
// triggers a notification"): a new announcement or a new revision of one
// (an incident update; a maintenance scheduled, revised, cancelled), a
// planned maintenance starting and finishing, and a reminder a configurable
// time before a planned maintenance starts (default 24 hours).
//
// Deterministic as level_changes.h is: what is reported depends only on the
// announcements' winning revisions (from the log) and the clock, and each
// change's id names the announcement and what happened to it
//   "<announcement_id>/r<revision>"              published or revised
//   "<announcement_id>/started/<starts_at>"      a maintenance window began
//   "<announcement_id>/finished/<ends_at>"       it ended
//   "<announcement_id>/reminder/<starts_at>"     it begins within the reminder time
// so every instance, and a restarted one, names it alike.
//
// The first observation of a detector that has not started records what
// there is and reports nothing (a new notifier does not announce history);
// after that an announcement seen for the first time is published. A
// maintenance published inside its reminder time gets no separate reminder;
// one published after it started gets no "started". A cancelled maintenance
// neither starts nor finishes (its cancelling revision is told).
// Thread-safety: none; one notifier thread.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "common/time.h"
#include "readmodels/status_engine.h"

namespace followup::notify {

struct AnnouncementTold {
  int64_t revision = 0;
  AnnouncementPhase phase = AnnouncementPhase::kPast;
  bool reminded = false;  // no reminder is due any more
};

struct AnnouncementChange {
  enum class What : uint8_t { kPublished, kRevised, kStarted, kFinished, kReminder };
  std::string id;
  What what = What::kPublished;
  size_t index = 0;  // into the observed announcements
};

// "announcement.published", "announcement.updated", "maintenance.started",
// "maintenance.finished", "maintenance.reminder": the webhook message types.
const char* MessageType(AnnouncementChange::What w);

class AnnouncementChangeDetector {
 public:
  static constexpr TimeMs kDefaultRemindBeforeMs = 24 * 3600 * 1000;
  using Told = std::map<std::string, AnnouncementTold, std::less<>>;  // by announcement_id
  explicit AnnouncementChangeDetector(TimeMs remind_before_ms = kDefaultRemindBeforeMs, Told told = {},
                                      bool started = false)
      : remind_before_ms_(remind_before_ms), started_(started), told_(std::move(told)) {}

  // The changes by now, in the order of the announcements given.
  std::vector<AnnouncementChange> Observe(TimeMs now, const std::vector<AnnouncementInfo>& announcements);
  const Told& told() const { return told_; }

 private:
  TimeMs remind_before_ms_;
  bool started_;
  Told told_;
};

}  // namespace followup::notify
