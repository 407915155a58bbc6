#include "notify/level_changes.h"

namespace followup::notify {

std::vector<LevelChange> LevelChangeDetector::Observe(TimeMs now,
                                                      const std::vector<ServiceStatus>& services) {
  std::vector<LevelChange> out;
  Told seen;
  for (const auto& s : services) {
    auto told = told_.find(s.service_id);
    if (!started_ || told == told_.end()) {
      if (s.level != StatusLevel::kUnknown) seen[s.service_id] = s.level;  // the baseline: nothing to tell
      continue;
    }
    StatusLevel level = told->second;
    // A level held since before the search bound has certainly settled.
    bool settled = s.since_lower_bound || now - s.since >= settle_ms_;
    if (s.level != level && s.level != StatusLevel::kUnknown && settled) {
      LevelChange c;
      c.service_id = s.service_id;
      c.from = level;
      c.to = s.level;
      c.since = s.since;
      c.id = s.service_id + "/" + LevelName(s.level) + "/" + FormatRfc3339Utc(s.since);
      out.push_back(std::move(c));
      level = s.level;
    }
    seen[s.service_id] = level;
  }
  told_ = std::move(seen);
  started_ = true;
  return out;
}

}  // namespace followup::notify
