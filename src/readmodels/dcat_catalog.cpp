#include "readmodels/dcat_catalog.h"

#include <set>

#include "common/escape.h"

namespace followup {
namespace {

constexpr const char* kEu = "http://publications.europa.eu/resource/authority/";

// Characters an IRI may not hold (RFC 3987: space, controls, <>"{}|\^`).
bool IriUnsafe(unsigned char c) {
  return c <= 0x20 || c == 0x7f || c == '<' || c == '>' || c == '"' || c == '{' || c == '}' || c == '|' ||
         c == '\\' || c == '^' || c == '`';
}

struct Format {
  const char* ext;      // file extension of the route
  const char* label;    // in titles
  const char* eu_type;  // EU file-type authority code
  const char* media;    // IANA media type
};
constexpr Format kFormats[] = {
    {"csv", "CSV", "CSV", "text/csv"},
    {"json", "JSON", "JSON", "application/json"},
};

struct DatasetInfo {
  const char* id;  // fragment of the dataset's IRI and prefix of its distributions'
  const char* title;
  const char* description;
  const char* keywords[3];
  // The route of one quarter's file: base + prefix + quarter + middle + ext.
  const char* path_prefix;
  const char* path_middle;
  const char* file_title;  // + " " + quarter + " (" + format + ")"
};
constexpr DatasetInfo kDatasets[] = {
    {"ils",
     "ILS-indikatorer för Stockholms stads e-tjänster",
     "Kvartalsvisa indikatorer för uppföljning av Stockholms stads e-tjänster och it-leverans ur programmet för "
     "digital förnyelses fem perspektiv (externt och internt nyttoperspektiv, it-mognad, it-kostnader, "
     "it-kvalitet), per stad, ägare (nämnd eller bolag), fokusområde, kategori och e-tjänst: värde, täljare och nämnare.",
     {"e-tjänster", "uppföljning", "digitalisering"},
     "/api/v1/ils/",
     ".",
     "ILS-indikatorer"},
    {"goals",
     "Måluppfyllelse för ILS-indikatorerna",
     "Kvartalsvis måluppfyllelse för ILS-indikatorerna mot de mål som kommunstyrelsen beslutat för året: värde, "
     "mål, tolerans, riktning, måluppfyllelse, förändring mot föregående kvartal och samma kvartal föregående år.",
     {"måluppfyllelse", "mål", "uppföljning"},
     "/api/v1/ils/",
     "/goals.",
     "Måluppfyllelse"},
};

class Rdf {
 public:
  void Open(const char* cls, const std::string& iri) {
    out_ += "  <" + std::string(cls) + " rdf:about=\"" + XmlEscape(iri) + "\">\n";
  }
  void Close(const char* cls) { out_ += "  </" + std::string(cls) + ">\n"; }
  void Text(const char* prop, std::string_view text, bool lang = true) {
    out_ += "    <" + std::string(prop) + (lang ? " xml:lang=\"sv\"" : "") + ">" + XmlEscape(text) + "</" +
            prop + ">\n";
  }
  void Ref(const char* prop, const std::string& iri) {
    out_ += "    <" + std::string(prop) + " rdf:resource=\"" + XmlEscape(iri) + "\"/>\n";
  }
  std::string& out() { return out_; }

 private:
  std::string out_;
};

}  // namespace

Status NormalizePublicUrl(std::string_view url, std::string* out) {
  const std::string hint =
      " (e.g. --public-url https://followup.stockholm.se, FOLLOWUP_PUBLIC_URL or YAML public_url)";
  std::string_view rest;
  if (url.substr(0, 7) == "http://")
    rest = url.substr(7);
  else if (url.substr(0, 8) == "https://")
    rest = url.substr(8);
  else
    return Status::Invalid("public_url '" + std::string(url) + "' must start with http:// or https://" +
                           hint);
  for (unsigned char c : url)
    if (IriUnsafe(c) || c == '?' || c == '#')
      return Status::Invalid("public_url '" + std::string(url) +
                             "' may hold no white space, query, fragment or <>\"{}|\\^` characters" + hint);
  if (rest.empty() || rest[0] == '/')
    return Status::Invalid("public_url '" + std::string(url) + "' names no host" + hint);
  std::string u(url);
  if (u.back() == '/') u.pop_back();
  if (u.back() == '/')
    return Status::Invalid("public_url '" + std::string(url) + "' ends in more than one '/'" + hint);
  *out = std::move(u);
  return Status::Ok();
}

Status CheckContactEmail(std::string_view email) {
  auto at = email.find('@');
  bool ok = at != std::string_view::npos && at > 0 && at + 1 < email.size() &&
            email.find('@', at + 1) == std::string_view::npos;
  for (unsigned char c : email)
    if (IriUnsafe(c) || c == '?' || c == '#' || c == '/') ok = false;
  if (!ok)
    return Status::Invalid(
        "contact_email '" + std::string(email) +
        "' is not an e-mail address (local@domain, no white space); it is the open-data "
        "catalogue's contact point (--contact-email, FOLLOWUP_CONTACT_EMAIL or YAML contact_email)");
  return Status::Ok();
}

std::string DcatCatalogRdf(const std::vector<QuarterId>& quarters, const DcatOptions& o) {
  const std::set<QuarterId> qs(quarters.begin(), quarters.end());
  const std::string base = o.public_url;
  const std::string doc = base + kCatalogPath;
  const std::string catalog = doc + "#catalog", publisher = doc + "#publisher", contact = doc + "#contact";
  Rdf r;
  r.out() =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"\n"
      "         xmlns:dcat=\"http://www.w3.org/ns/dcat#\"\n"
      "         xmlns:dcterms=\"http://purl.org/dc/terms/\"\n"
      "         xmlns:foaf=\"http://xmlns.com/foaf/0.1/\"\n"
      "         xmlns:vcard=\"http://www.w3.org/2006/vcard/ns#\">\n";

  r.Open("dcat:Catalog", catalog);
  r.Text("dcterms:title", "Stockholms stads uppföljning av e-tjänster (ILS)");
  r.Text(
      "dcterms:description",
      "Öppna data från Stockholms stads uppföljning av e-tjänster och it-leverans: kvartalsvisa ILS-indikatorer "
      "och deras måluppfyllelse.");
  r.Ref("dcterms:publisher", publisher);
  r.Ref("foaf:homepage", "https://start.stockholm/");
  r.Ref("dcterms:language", std::string(kEu) + "language/SWE");
  r.Ref("dcterms:license", kCcBy40);
  r.Ref("dcat:themeTaxonomy", std::string(kEu) + "data-theme");
  for (const auto& d : kDatasets) r.Ref("dcat:dataset", doc + "#" + d.id);
  r.Close("dcat:Catalog");

  for (const auto& d : kDatasets) {
    r.Open("dcat:Dataset", doc + "#" + d.id);
    r.Text("dcterms:title", d.title);
    r.Text("dcterms:description", d.description);
    r.Ref("dcterms:publisher", publisher);
    r.Ref("dcat:contactPoint", contact);
    r.Ref("dcat:theme", std::string(kEu) + "data-theme/GOVE");
    for (const char* k : d.keywords) r.Text("dcat:keyword", k);
    r.Ref("dcterms:language", std::string(kEu) + "language/SWE");
    r.Ref("dcterms:accrualPeriodicity", std::string(kEu) + "frequency/QUARTERLY");
    r.Ref("dcterms:accessRights", std::string(kEu) + "access-right/PUBLIC");
    for (QuarterId q : qs)
      for (const auto& f : kFormats)
        r.Ref("dcat:distribution", doc + "#" + d.id + "-" + QuarterName(q) + "-" + f.ext);
    r.Close("dcat:Dataset");
  }

  for (const auto& d : kDatasets)
    for (QuarterId q : qs)
      for (const auto& f : kFormats) {
        const std::string name = QuarterName(q);
        const std::string url = base + d.path_prefix + name + d.path_middle + f.ext;
        r.Open("dcat:Distribution", doc + "#" + d.id + "-" + name + "-" + f.ext);
        r.Text("dcterms:title", std::string(d.file_title) + " " + name + " (" + f.label + ")");
        r.Ref("dcat:accessURL", url);
        r.Ref("dcat:downloadURL", url);
        r.Ref("dcterms:format", std::string(kEu) + "file-type/" + f.eu_type);
        r.Ref("dcat:mediaType", std::string("http://www.iana.org/assignments/media-types/") + f.media);
        r.Ref("dcterms:license", kCcBy40);
        r.Close("dcat:Distribution");
      }

  r.Open("foaf:Agent", publisher);
  r.Text("foaf:name", "Stockholms stad");
  r.Ref("dcterms:type", "http://purl.org/adms/publishertype/LocalAuthority");
  r.Close("foaf:Agent");

  r.Open("vcard:Organization", contact);
  r.Text("vcard:fn", o.contact_name);
  r.Ref("vcard:hasEmail", "mailto:" + o.contact_email);
  r.Close("vcard:Organization");

  r.out() += "</rdf:RDF>\n";
  return std::move(r.out());
}

}  // namespace followup
