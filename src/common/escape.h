// Escaping of untrusted text for the formats the service writes.
// Thread-safety: pure functions.
#pragma once
#include <string>
#include <string_view>

namespace followup {

// Escapes a string for inclusion in JSON (without the quotes); '<', '>' and
// '&' become \u escapes so the JSON is also safe inside HTML.
std::string JsonEscape(std::string_view s);
// Escapes text for HTML element content and attribute values.
std::string HtmlEscape(std::string_view s);

}  // namespace followup
