// JSON Merge Patch (RFC 7396) over JSON text, for the admin API's PATCH.
// A patch that is an object merges into the target member by member: a
// member whose value is null deletes that member of the target, an object
// merges recursively (into {} when the target's member is not an object),
// any other value (string, number, boolean, array) replaces it. A patch that
// is not an object replaces the whole target. Member order: the target's
// members keep their place, new members follow in the patch's order.
// Thread-safety: pure function.
#pragma once
#include <string>
#include <string_view>

#include "common/status.h"

namespace followup::http {

// Applies `patch` to `target` (both JSON texts) and writes the result as
// compact JSON to *out. Invalid when either text is not valid JSON.
Status ApplyMergePatch(std::string_view target, std::string_view patch, std::string* out);

}  // namespace followup::http
