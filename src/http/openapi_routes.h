// The OpenAPI 3.1 description of the service's routes, api/openapi.json,
// embedded in the binary when it is built (CMakeLists.txt generates
// openapi_document.cpp from it), so the document served is the one the binary
// was built with:
//   GET /api/openapi.json    application/json, a strong ETag (If-None-Match
//                            answers 304), Cache-Control public, max-age=300,
//                            open to every origin (Cors::kPublic).
// tests/integration/test_openapi.py lints the file and checks real answers
// against its schemas.
// Thread-safety: the document is immutable; the handler is safe from any thread.
#pragma once
#include <string_view>

#include "http/router.h"

namespace followup::http {

inline constexpr char kOpenApiPath[] = "/api/openapi.json";

// The embedded document, byte for byte as api/openapi.json.
std::string_view OpenApiDocument();

void AddOpenApiRoutes(Router* router);

}  // namespace followup::http
