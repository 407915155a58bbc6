#include "readmodels/templates.h"

#include "common/escape.h"

namespace followup {

std::string RenderTemplate(std::string_view name, const mustache::data& d, Escaping e,
                           const mustache::data* below) {
  std::string_view text = EmbeddedFile(std::string(name) + ".mustache");
  if (text.empty()) return "";
  mustache::mustache tmpl{std::string(text)};
  if (!tmpl.is_valid()) return "";
  if (e == Escaping::kXml)
    tmpl.set_custom_escape([](const std::string& s) { return XmlEscape(s); });
  else if (e == Escaping::kIcs)
    tmpl.set_custom_escape([](const std::string& s) { return IcsEscapeText(s); });
  else
    tmpl.set_custom_escape([](const std::string& s) { return HtmlEscape(s); });
  mustache::context<std::string> ctx;
  if (below) ctx.push(below);
  ctx.push(&d);
  return tmpl.render(ctx);
}

bool TemplateIsValid(std::string_view name, std::string* error) {
  std::string_view text = EmbeddedFile(std::string(name) + ".mustache");
  if (text.empty()) {
    *error = "no embedded template " + std::string(name) + ".mustache";
    return false;
  }
  mustache::mustache tmpl{std::string(text)};
  *error = tmpl.error_message();
  return tmpl.is_valid();
}

}  // namespace followup
