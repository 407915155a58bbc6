// Where a data dir's store lives while a rebuild beside it takes over
// (app/live_projections.h), and how the takeover is finished.
//
// A rebuild folds into <data>/rebuild while the store in <data> serves. When
// it has caught up, the takeover is one durable step, the marker
// <data>/rebuild/SWITCHED; after it the rebuilt store is the data dir's store
// and the old files in <data> are removed. The process that switched goes on
// serving from <data>/rebuild; the next read-write open (Store::Open) moves
// the rebuilt store up into <data>. Every step is resumed by the next open
// if a kill -9 interrupts it:
//   1. SWITCHED and no PROMOTING: remove the files of <data> (the old store;
//      directories such as rebuild/ or lost+found stay); then write
//      <data>/PROMOTING.
//   2. PROMOTING: move every entry of rebuild/ but SWITCHED up into <data>,
//      remove SWITCHED and rebuild/, then PROMOTING.
//
// Thread-safety: functions of the file system; one caller per data dir.
#pragma once
#include <string>

#include "common/status.h"

namespace followup {

// <data>/rebuild.
std::string RebuildDir(const std::string& data_dir);
// Whether <data>/rebuild/SWITCHED exists: the rebuilt store has taken over.
bool RebuildSwitched(const std::string& data_dir);
// Whether a switch is not finished yet: SWITCHED or PROMOTING exists (the
// next read-write open finishes it).
bool SwitchPending(const std::string& data_dir);
// Writes SWITCHED durably (file and directory synced); on failure it is not
// left behind.
Status MarkRebuildSwitched(const std::string& data_dir);
// Step 1 without PROMOTING: removes the superseded store's files (the files
// of <data>; not its directories). Only after MarkRebuildSwitched.
Status RemoveSupersededStore(const std::string& data_dir);
// Steps 1 and 2 when a switch is pending; nothing otherwise. Under an
// exclusive flock of <data>. Unavailable when another process holds the
// rebuilt store open (a running `serve`) or is finishing the switch itself.
Status FinishSwitch(const std::string& data_dir);
// The directory that holds the data dir's current store, for readers of a
// store another process writes: <data>/rebuild once switched, else <data>.
std::string CurrentStoreDir(const std::string& data_dir);

}  // namespace followup
