// ASCII case folding for protocol text: header names, URL schemes and hosts,
// e-mail addresses. Only A-Z change; every other byte (UTF-8 included) is
// kept, whatever the C locale says.
// Thread-safety: pure; safe from any thread.
#pragma once
#include <string>
#include <string_view>

namespace followup {

inline std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

}  // namespace followup
