// libFuzzer target: the event decoder/validator must never crash, hang or
// leak on any bytes, and anything it accepts must satisfy the contract's
// invariants.
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <variant>

#include "events/decoder.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static followup::EventDecoder decoder;
  followup::Event e;
  followup::DecodeError err;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  if (decoder.Decode(in, &e, &err)) {
    if (e.event_id.empty() || e.event_id.size() > 128) std::abort();
    if (in.size() > followup::EventDecoder::kMaxMessageBytes) std::abort();
    // events.md, "Limits of numbers", in the stored units.
    constexpr int64_t kAmount = 1'000'000'000'000'000'000, kLatency = 1'000'000'000'000;
    auto amount = [&](int64_t v) { return v >= -kAmount && v <= kAmount; };
    if (auto* c = std::get_if<followup::CostEvent>(&e.body); c && !amount(c->amount_micro)) std::abort();
    if (auto* b = std::get_if<followup::BenefitEvent>(&e.body);
        b && (b->realized_micro < 0 || !amount(b->realized_micro) || b->hours_saved_micro < 0 ||
              !amount(b->hours_saved_micro)))
      std::abort();
    if (auto* s = std::get_if<followup::ServiceEvent>(&e.body);
        s &&
        (s->investment_micro < 0 || !amount(s->investment_micro) || s->latency_threshold_us < 0 ||
         s->latency_threshold_us > kLatency || s->service_id == "historik" || s->service_id == "history"))
      std::abort();
    if (auto* p = std::get_if<followup::ProbeEvent>(&e.body);
        p && (p->latency_us < 0 || p->latency_us > kLatency || p->service_id == "historik" ||
              p->service_id == "history"))
      std::abort();
  } else if (err.reason.empty() || size_t(err.category) >= followup::kRejectReasonCount) {
    std::abort();  // every rejection says why
  }
  return 0;
}
