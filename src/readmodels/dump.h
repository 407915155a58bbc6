// Canonical text form of every projection (one line per key, in key order),
// for comparing two data dirs byte for byte: crash tests, replay tests,
// `followup dump`. The log identity is left out: two logs with the same
// content must dump the same.
#pragma once
#include <string>

#include "common/status.h"
#include "projections/kv.h"

namespace followup {

Status DumpProjections(const KvReader& store, std::string* out);

}  // namespace followup
