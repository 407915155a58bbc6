// Every problem of one event line, for `followup validate`: the decoder stops
// at the first problem (that reason is the dead letter's, and what it accepts
// is the contract), so this asks it again and again. After a rejection that
// names a top-level field, that field is given stand-in values (null first,
// then the contract's enum names, instants near the line's other instants,
// numbers, texts, ...) until the decoder gets past it, and the next problem
// is looked for; a problem of the whole message, or of `type`, ends the
// search. The decoder itself is unchanged: the first reason is always the
// decoder's own for the line as written, and the line is valid exactly when
// the decoder accepts it.
//
// Limits: one problem per top-level field (the first inside an array or an
// object); a rule between two fields (ends_at after starts_at, a period in
// one quarter) is reported at the field the decoder names.
//
// Thread-safety: as EventDecoder (one per thread).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "events/decoder.h"

namespace followup {

// The reasons for rejecting `line`, the decoder's first reason first; empty
// when the decoder accepts it.
std::vector<std::string> EveryProblem(EventDecoder* decoder, std::string_view line);

}  // namespace followup
