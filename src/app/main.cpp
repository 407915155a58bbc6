// followup: follow-up of the City of Stockholm's e-services and IT delivery.
#include <spdlog/spdlog.h>

#include <iostream>
#include <string>

#include "app/commands.h"

// What escapes main is std::bad_alloc or a bug: std::terminate's abort, with the
// exception's message, is the right end.
// NOLINTNEXTLINE(bugprone-exception-escape)
int main(int argc, char** argv) {
  CLI::App app{"followup: e-service and IT follow-up for the City of Stockholm"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("followup ") + FOLLOWUP_VERSION,
                       "print the version and exit");
  followup::AddServeCommand(&app);
  followup::AddToolCommands(&app);
  followup::AddReportCommands(&app);
  followup::AddProbeCommand(&app);
  followup::AddTokenCommand(&app);
  followup::AddMailCommand(&app);
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %^%l%$ %v");
  // A first word that is not a command is named, with the commands there are
  // (CLI11 alone says only that an argument was not expected).
  if (argc > 1 && argv[1][0] != '-') {
    std::string word = argv[1], names;
    bool known = false;
    const CLI::App& all = app;
    for (const CLI::App* sub : all.get_subcommands([](const CLI::App*) { return true; })) {
      known = known || sub->get_name() == word;
      names += (names.empty() ? "" : ", ") + sub->get_name();
    }
    if (!known) {
      std::cerr << "followup: unknown command '" << word << "'; the commands are " << names
                << " (followup --help describes them)\n";
      return 2;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  return followup::ExitCode();
}
