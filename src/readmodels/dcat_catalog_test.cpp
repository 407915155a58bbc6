// The DCAT-AP-SE catalogue writer. The graph itself (classes, mandatory
// properties, no blank nodes) is parsed and queried with rdflib in
// tests/integration/test_opendata.py.
#include "readmodels/dcat_catalog.h"

#include <gtest/gtest.h>

#include <regex>

namespace followup {
namespace {

size_t Count(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
  return n;
}

DcatOptions Options() {
  DcatOptions o;
  o.public_url = "https://data.example.se/followup";
  o.contact_email = "ils@example.se";
  return o;
}

TEST(DcatCatalog, EveryNodeAndReferenceIsAnAbsoluteIri) {
  std::string rdf = DcatCatalogRdf({*ParseQuarter("2026Q2"), *ParseQuarter("2026Q3")}, Options());
  std::regex attr("rdf:(about|resource)=\"([^\"]*)\"");
  size_t n = 0;
  for (auto it = std::sregex_iterator(rdf.begin(), rdf.end(), attr); it != std::sregex_iterator();
       ++it, ++n) {
    std::string iri = (*it)[2];
    // Our own nodes under the base; vocabularies, licence and the city's homepage elsewhere.
    EXPECT_TRUE(iri.rfind("https://data.example.se/followup/", 0) == 0 || iri.rfind("http://", 0) == 0 ||
                iri == "https://start.stockholm/" || iri.rfind("mailto:", 0) == 0)
        << iri;
  }
  EXPECT_GT(n, 20u);
  EXPECT_EQ(rdf.find("rdf:nodeID"), std::string::npos);
  EXPECT_EQ(rdf.find("rdf:parseType"), std::string::npos);
  // Named nodes under the catalogue's own address.
  EXPECT_NE(
      rdf.find(
          "<dcat:Catalog rdf:about=\"https://data.example.se/followup/api/v1/ils/catalog.rdf#catalog\">"),
      std::string::npos);
  EXPECT_NE(rdf.find("rdf:resource=\"https://data.example.se/followup/api/v1/ils/2026Q3.csv\""),
            std::string::npos);
  EXPECT_NE(rdf.find("rdf:resource=\"https://data.example.se/followup/api/v1/ils/2026Q2/goals.json\""),
            std::string::npos);
  EXPECT_NE(rdf.find("<dcterms:license rdf:resource=\"http://creativecommons.org/licenses/by/4.0/\"/>"),
            std::string::npos);
}

TEST(DcatCatalog, OneDistributionPerQuarterFormatAndDataset) {
  auto q = [](const char* s) { return *ParseQuarter(s); };
  std::string rdf = DcatCatalogRdf({q("2026Q3"), q("2025Q4"), q("2026Q3")}, Options());  // a duplicate
  EXPECT_EQ(Count(rdf, "<dcat:Distribution "), 2u * 2u * 2u);  // datasets x quarters x {csv, json}
  EXPECT_EQ(Count(rdf, "<dcat:distribution "), 8u);
  EXPECT_EQ(Count(rdf, "<dcat:Dataset "), 2u);
  for (const char* f : {"ils-2025Q4-csv", "ils-2025Q4-json", "ils-2026Q3-csv", "ils-2026Q3-json",
                        "goals-2025Q4-csv", "goals-2025Q4-json", "goals-2026Q3-csv", "goals-2026Q3-json"})
    EXPECT_EQ(
        Count(rdf, std::string("<dcat:Distribution rdf:about=\"https://data.example.se/followup/api/v1/ils/"
                               "catalog.rdf#") +
                       f + "\">"),
        1u)
        << f;
  // No quarter with data: both datasets, no distribution.
  std::string none = DcatCatalogRdf({}, Options());
  EXPECT_EQ(Count(none, "<dcat:Dataset "), 2u);
  EXPECT_EQ(Count(none, "<dcat:Distribution "), 0u);
}

TEST(DcatCatalog, HostileTextIsEscaped) {
  DcatOptions o = Options();
  o.contact_name = "</vcard:fn><evil a=\"1\">&amp; 'x'\x01\xe2\x80\xae";
  o.public_url = "https://h.example/a&b";
  std::string rdf = DcatCatalogRdf({*ParseQuarter("2026Q3")}, o);
  EXPECT_EQ(rdf.find("<evil"), std::string::npos);
  EXPECT_NE(rdf.find("&lt;/vcard:fn&gt;&lt;evil a=&quot;1&quot;&gt;&amp;amp; "), std::string::npos) << rdf;
  EXPECT_EQ(rdf.find('\x01'), std::string::npos);          // controls never reach XML
  EXPECT_EQ(rdf.find("\xe2\x80\xae"), std::string::npos);  // nor bidi overrides
  EXPECT_NE(rdf.find("rdf:about=\"https://h.example/a&amp;b/api/v1/ils/catalog.rdf#catalog\""),
            std::string::npos);
  EXPECT_EQ(rdf.find("a&b"), std::string::npos);
}

TEST(DcatCatalog, PublicUrlMustBeAnAbsoluteHttpBase) {
  std::string u;
  ASSERT_TRUE(NormalizePublicUrl("https://followup.stockholm.se/", &u).ok());
  EXPECT_EQ(u, "https://followup.stockholm.se");
  ASSERT_TRUE(NormalizePublicUrl("http://127.0.0.1:8080", &u).ok());
  EXPECT_EQ(u, "http://127.0.0.1:8080");
  for (const char* bad : {"", "followup.stockholm.se", "ftp://x", "https://", "https:///path", "https://a b",
                          "https://x/?q=1", "https://x/#f", "https://x/<y>", "https://x//"}) {
    Status s = NormalizePublicUrl(bad, &u);
    EXPECT_FALSE(s.ok()) << bad;
    EXPECT_NE(s.message().find("--public-url"), std::string::npos) << s.message();
  }
}

TEST(DcatCatalog, ContactEmailMustBeAnAddress) {
  EXPECT_TRUE(CheckContactEmail("ils@stockholm.se").ok());
  for (const char* bad : {"", "nobody", "@x", "x@", "a@b@c", "a b@c", "a@c>", "a@c?subject=x"})
    EXPECT_FALSE(CheckContactEmail(bad).ok()) << bad;
}

}  // namespace
}  // namespace followup
