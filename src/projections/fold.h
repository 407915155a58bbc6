// The fold: applies validated events to the projections. One Fold instance
// folds one batch at a time: it reads state through a KvReader, keeps every
// touched value in memory, and Flush() writes each touched key exactly once
// into the caller's write batch (which also carries the offsets).
//
// Order independence: every stored value is either a sum (counts, micro-unit
// amounts, per-location probe counts), a max-by-rule (catalog: latest
// occurred_at; announcements: highest revision; ties: the greater event_id),
// or derived on read. So any permutation of the same events yields the same
// stored state.
//
// Duplicates and id conflicts (events.md): ids are remembered per window of
// log time (Kafka record time cut into epoch-aligned windows). A copy whose
// event_id and content (projections/content.h) equal an already folded copy
// of the same window is a duplicate; one with the same id but other content is
// an id conflict. Neither changes anything; the caller counts and reports the
// conflict with both positions. Identical copies decide the same in any order;
// for conflicting copies the first folded stays, so copies of one id on
// different partitions can be decided differently by a rebuild.
//
// Thread-safety: not thread-safe; the ingest thread owns it.
#pragma once
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "common/status.h"
#include "events/event.h"
#include "projections/kv.h"
#include "projections/records.h"

namespace followup {

struct FoldOptions {
  // Length of a dedup window of log (Kafka record) time, aligned to the Unix
  // epoch: a replay of the same log makes the same decisions.
  TimeMs dedup_window_ms = 30LL * 24 * 3600 * 1000;
  // The projection version folded (store/store.h kProjectionVersion): the
  // previous one too, for one release, so that its projections can go on
  // serving while the new ones are rebuilt beside them (app/live_projections.h).
  // 3 keeps no announcement revisions (ar/).
  int projection_version = 4;
};

enum class FoldOutcome {
  kApplied,    // new: folded
  kDuplicate,  // same id and content already folded in this window: nothing changed
  kConflict,   // same id, other content, in this window: nothing changed; report it
};

// The window a log time falls in (floor division: negative times too).
int64_t DedupWindow(TimeMs log_time, TimeMs window_ms);

// Typed, lazily loaded view of the projection values touched in one batch.
class FoldContext {
 public:
  explicit FoldContext(const KvReader* store, bool folds_revisions = true)
      : store_(store), folds_revisions_(folds_revisions) {}
  // Whether announcement revisions (ar/) are kept (projection version >= 4).
  bool FoldsRevisions() const { return folds_revisions_; }
  // Each returns the value (default-constructed when absent) or nullptr after
  // a storage error, which is then sticky in status().
  CatalogRecord* Catalog(const std::string& service_id, bool* exists);
  AnnouncementRecord* Announcement(const std::string& id, bool* exists);
  AnnouncementRecord* Revision(const std::string& id, int64_t revision, bool* exists);
  TargetRecord* Target(const TargetEvent& t, bool* exists);
  MinuteState* Minute(const std::string& service_id, MinuteIdx m);
  ServiceQuarter* Quarter(QuarterId q, const std::string& service_id);
  DayCounts* Day(const std::string& service_id, int64_t day);
  DayCounts* Hour(const std::string& service_id, int64_t hour);
  const Status& status() const { return status_; }
  void Flush(KvWriter* out);
  void Clear();

 private:
  template <class T>
  struct Slot {
    T value;
    bool exists = false;
    bool dirty = false;
  };
  // key: taken into the map only when it is not there yet (moved from a
  // temporary, copied from key_).
  template <class T, class Key>
  T* Load(std::unordered_map<std::string, Slot<T>>& map, Key&& key, bool* exists);

  const KvReader* store_;
  bool folds_revisions_;
  Status status_;
  std::string key_;  // the key being looked up (its buffer reused: no allocation per lookup)
  std::unordered_map<std::string, Slot<CatalogRecord>> catalog_;
  std::unordered_map<std::string, Slot<AnnouncementRecord>> announcements_;
  std::unordered_map<std::string, Slot<TargetRecord>> targets_;
  std::unordered_map<std::string, Slot<MinuteState>> minutes_;
  std::unordered_map<std::string, Slot<ServiceQuarter>> quarters_;
  std::unordered_map<std::string, Slot<AnnouncementRecord>> revisions_;
  std::unordered_map<std::string, Slot<DayCounts>> days_;
  std::unordered_map<std::string, Slot<DayCounts>> hours_;
  friend class Fold;
};

class Fold {
 public:
  Fold(const KvReader* store, FoldOptions options);
  // Folds one event. log_time is the Kafka record timestamp (dedup clock); at
  // is where the event was read, kept with its dedup record. On kConflict,
  // *first (when given) gets the position of the copy that was folded.
  // A non-OK status means storage could not be read: discard the batch.
  Status Apply(const Event& e, TimeMs log_time, FoldOutcome* outcome, const LogPosition& at = {},
               LogPosition* first = nullptr);
  // Writes every touched key once, then forgets the batch.
  void Flush(KvWriter* out);
  // Forgets the batch without writing (after a failed write).
  void Discard();
  size_t touched() const;

 private:
  const KvReader* store_;
  FoldOptions options_;
  FoldContext ctx_;
  std::unordered_map<std::string, DedupRecord> new_ids_;  // dedup records of this batch, by key
};

// Per-type rules, each in the file of its perspective.
void FoldService(const Event& e, const ServiceEvent& s, FoldContext& ctx);
void FoldAnnouncement(const Event& e, const AnnouncementEvent& a, FoldContext& ctx);
void FoldProbe(const Event& e, const ProbeEvent& p, FoldContext& ctx);
void FoldUsage(const UsageEvent& u, FoldContext& ctx);
void FoldAdoption(const AdoptionEvent& a, FoldContext& ctx);
void FoldSurvey(const Event& e, const SurveyEvent& s, FoldContext& ctx);
void FoldCost(const CostEvent& c, FoldContext& ctx);
void FoldBenefit(const BenefitEvent& b, FoldContext& ctx);
void FoldTarget(const Event& e, const TargetEvent& t, FoldContext& ctx);

}  // namespace followup
