// Turns a parsed Beast request into the transport-independent Request: splits
// and decodes the query, lower-cases header names. Shared by the server and the
// HTTP fuzz target, so the fuzzer exercises the code the server runs.
#pragma once
#include <boost/beast/http.hpp>

#include "http/http_types.h"

namespace followup::http {

Request ToRequest(boost::beast::http::request<boost::beast::http::string_body>&& msg);

}  // namespace followup::http
