// The open-data catalogue of the ILS reports: DCAT-AP-SE (the Swedish profile
// of DCAT-AP that dataportal.se harvests) as RDF/XML.
//
// One dcat:Catalog with two dcat:Datasets, the ILS indicators and the goals
// report (måluppfyllelse), each with a CSV and a JSON dcat:Distribution per
// quarter that has data (QuartersWithData in ils_report.h: the goals report
// is listed for the same quarters). Every catalogue, dataset, distribution,
// publisher and contact point is a named node: an absolute IRI under the
// configured public base URL (never the request's Host), no blank nodes.
//
// Properties written (DCAT-AP 3.0 / DCAT-AP-SE 3; mandatory ones marked *):
//   Catalog:      dcterms:title*, dcterms:description*, dcterms:publisher*,
//                 dcat:dataset*, foaf:homepage, dcterms:language,
//                 dcterms:license, dcat:themeTaxonomy
//   Dataset:      dcterms:title*, dcterms:description*, dcterms:publisher*,
//                 dcat:contactPoint*, dcat:distribution, dcat:theme,
//                 dcat:keyword, dcterms:language, dcterms:accrualPeriodicity,
//                 dcterms:accessRights
//   Distribution: dcat:accessURL*, dcat:downloadURL, dcterms:title,
//                 dcterms:format (EU file-type), dcat:mediaType (IANA),
//                 dcterms:license (CC BY 4.0)
//   Publisher:    foaf:Agent with foaf:name*, dcterms:type (ADMS publisher type)
//   Contact:      vcard:Organization with vcard:fn*, vcard:hasEmail* (mailto:)
// Texts are Swedish (xml:lang="sv"); every text and IRI is XML-escaped.
//
// Thread-safety: pure functions.
#pragma once
#include <string>
#include <vector>

#include "common/status.h"
#include "common/time.h"

namespace followup {

inline constexpr const char* kCcBy40 = "http://creativecommons.org/licenses/by/4.0/";

struct DcatOptions {
  std::string public_url;  // absolute http(s) base, without a trailing '/' (NormalizePublicUrl)
  std::string contact_name = "Stockholms stad";
  std::string contact_email = "info@stockholm.se";
};

// The catalogue's own address: public_url + this path.
inline constexpr const char* kCatalogPath = "/api/v1/ils/catalog.rdf";

// Checks and normalises a public base URL: "http://" or "https://", a host, an
// optional path, no query, fragment, white space or characters an IRI cannot
// hold; one trailing '/' is dropped. The message says what to fix.
Status NormalizePublicUrl(std::string_view url, std::string* out);
// Checks a contact e-mail address (local@domain, no white space or IRI-unsafe
// characters): it becomes a mailto: IRI.
Status CheckContactEmail(std::string_view email);

// The catalogue for those quarters (any order; duplicates ignored).
std::string DcatCatalogRdf(const std::vector<QuarterId>& quarters, const DcatOptions& o);

}  // namespace followup
