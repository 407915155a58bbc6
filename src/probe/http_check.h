// One availability check of one target over HTTP or HTTPS: one request of the
// outbound client (http_client.h: fresh connections, redirects followed up to
// 5 times, TLS verified, one deadline over everything), judged by the
// target's rules. The final response decides: its status must be in
// `accept`, and, when body_contains is set, its body must contain the text.
// Bodies over 8 MiB fail the check.
// Thread-safety: run on one io_context; the callback runs on its thread.
#pragma once
#include <functional>
#include <memory>

#include "probe/http_client.h"
#include "probe/probe_config.h"
#include "probe/probe_event.h"

namespace followup::probe {

using CheckDone = std::function<void(const CheckResult&)>;
// What every check shares (the agent's io_context, TLS context, resolver pool
// and User-Agent).
using CheckEnv = ClientEnv;

constexpr size_t kMaxBodyBytes = 8 * 1024 * 1024;
constexpr int kMaxRedirects = 5;

// Starts one check; `done` is called exactly once on the io_context's thread.
void StartHttpCheck(const CheckEnv& env, std::shared_ptr<const ProbeTarget> target, CheckDone done);

}  // namespace followup::probe
