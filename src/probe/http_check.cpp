#include "probe/http_check.h"

#include <string>
#include <utility>

namespace followup::probe {

void StartHttpCheck(const CheckEnv& env, std::shared_ptr<const ProbeTarget> target, CheckDone done) {
  auto request = std::make_shared<OutboundRequest>();
  request->method = target->method;
  request->url = target->url;
  request->headers = target->headers;
  request->timeout_ms = target->timeout_ms;
  request->max_redirects = kMaxRedirects;
  request->max_body_bytes = kMaxBodyBytes;
  StartRequest(env, std::move(request),
               [target = std::move(target), done = std::move(done)](const OutboundResponse& r) {
                 CheckResult c;
                 c.latency_ms = r.latency_ms;
                 c.http_status = r.status;
                 if (!r.ok)
                   c.error = r.error;
                 else if (!target->accept.Accepts(r.status))
                   c.error = "HTTP status " + std::to_string(r.status) +
                             " is not accepted (accepted: " + target->accept.ToString() + ")";
                 else if (target->body_contains && r.body.find(*target->body_contains) == std::string::npos)
                   c.error = "the response body does not contain " + QuotedExcerpt(*target->body_contains);
                 else
                   c.ok = true;
                 done(c);
               });
}

}  // namespace followup::probe
