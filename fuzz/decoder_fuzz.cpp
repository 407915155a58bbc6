// libFuzzer target: the event decoder/validator must never crash, hang or
// leak on any bytes, and anything it accepts must satisfy the contract's
// invariants.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "events/decoder.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static followup::EventDecoder decoder;
  followup::Event e;
  followup::DecodeError err;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  if (decoder.Decode(in, &e, &err)) {
    if (e.event_id.empty() || e.event_id.size() > 128) std::abort();
    if (in.size() > followup::EventDecoder::kMaxMessageBytes) std::abort();
  } else if (err.reason.empty() || err.category == nullptr || *err.category == '\0') {
    std::abort();  // every rejection says why
  }
  return 0;
}
