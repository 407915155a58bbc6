// The status line and header block of a response, as the server writes them
// ahead of the body. Kept apart from the server so that the exact bytes can
// be tested without a socket, and so that a pre-rendered body goes out as it
// is stored: the server writes this block and the body as two buffers, with
// no serializer and no copy of the body.
//
// Thread-safety: a pure function.
#pragma once
#include <cstddef>
#include <string>

#include "http/http_types.h"

namespace followup::http {

// Whether a response with this status carries content: 204 and 304 do not
// (RFC 9110 8.6), so they have neither a body nor a Content-Length.
inline bool HasContent(int status) { return status != 204 && status != 304; }

// Replaces *out with the head of r for HTTP/1.1, in this order:
//   HTTP/1.1 <status> <reason>
//   Server: followup
//   Content-Type: <r.content_type>          (when not empty)
//   <r.headers, in the order they were set>
//   Content-Length: <content_length>        (when HasContent(r.status))
//   Connection: close                       (unless keep_alive)
// and the empty line. A header whose name or value holds CR or LF (which
// would let a value start a header of its own) is left out; the server logs it.
// Returns the number of headers left out.
int WriteResponseHead(const Response& r, bool keep_alive, size_t content_length, std::string* out);

}  // namespace followup::http
