// Appends "name":"value" to a JSON object being written (after a ',' unless
// the object has just been opened). value must be escaped already: JsonEscape
// for a record kept as it was given, JsonEscapeText for text people read.
// Thread-safety: a pure function.
#pragma once
#include <string>
#include <string_view>

namespace followup::notify {

inline void AppendStringMember(std::string_view name, std::string_view escaped, std::string* out) {
  if (!out->empty() && out->back() != '{') *out += ',';
  *out += '"';
  out->append(name);
  *out += "\":\"";
  out->append(escaped);
  *out += '"';
}

}  // namespace followup::notify
