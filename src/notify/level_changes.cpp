#include "notify/level_changes.h"

namespace followup::notify {

std::vector<LevelChange> LevelChangeDetector::Observe(TimeMs now,
                                                      const std::vector<ServiceStatus>& services) {
  std::vector<LevelChange> out;
  Told seen;
  for (const auto& s : services) {
    auto told = told_.find(s.service_id);
    if (!started_ || told == told_.end()) {
      if (s.level != StatusLevel::kUnknown)
        seen[s.service_id] = {s.level, 0};  // the baseline: nothing to tell
      continue;
    }
    ToldLevel t = told->second;
    // A level held since before the search bound has certainly settled.
    bool settled = s.since_lower_bound || now - s.since >= settle_ms_;
    if (s.level != t.level && s.level != StatusLevel::kUnknown && settled) {
      LevelChange c;
      c.service_id = s.service_id;
      c.from = t.level;
      c.to = s.level;
      c.since = s.since;
      t = {s.level, t.changes + 1};
      c.id = s.service_id + "/" + LevelName(s.level) + "/" + FormatRfc3339Utc(s.since) + "/" +
             std::to_string(t.changes);
      out.push_back(std::move(c));
    }
    seen[s.service_id] = t;
  }
  told_ = std::move(seen);
  started_ = true;
  return out;
}

}  // namespace followup::notify
