// Turns a parsed Beast request into the transport-independent Request: splits
// and decodes the query, lower-cases header names. Shared by the server and the
// HTTP fuzz target, so the fuzzer exercises the code the server runs.
#pragma once
#include <boost/beast/http.hpp>

#include "http/http_types.h"

namespace followup::http {

Request ToRequest(boost::beast::http::request<boost::beast::http::string_body>&& msg);

// Why a request header must be refused (400) before any handler sees it, or
// null when it is acceptable:
//   - an HTTP/1.1 request without Host, or any request with more than one
//     Host line (RFC 9112 section 3.2);
//   - more than one Authorization line (Request keeps one value per name, so
//     a handler would see only the last: refuse rather than pick one).
// The reason is fixed text, safe to send to the client.
const char* RequestHeaderProblem(const boost::beast::http::request_header<>& header);

// Every value of one header field, in order, joined with "," (RFC 9110
// section 5.3); empty when the field is absent.
std::string JoinedField(const boost::beast::http::request_header<>& header, std::string_view name);

}  // namespace followup::http
