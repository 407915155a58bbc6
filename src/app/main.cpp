// followup: follow-up of the City of Stockholm's e-services and IT delivery.
#include <spdlog/spdlog.h>

#include "app/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"followup: e-service and IT follow-up for the City of Stockholm"};
  app.require_subcommand(1);
  followup::AddServeCommand(&app);
  followup::AddToolCommands(&app);
  followup::AddReportCommands(&app);
  followup::AddProbeCommand(&app);
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %^%l%$ %v");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  return followup::ExitCode();
}
