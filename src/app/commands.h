// The subcommands of the followup binary. Each returns the process exit code.
#pragma once
#include <CLI/CLI.hpp>

namespace followup {

void AddServeCommand(CLI::App* app);
void AddToolCommands(CLI::App* app);    // validate, produce, broker, dump
void AddReportCommands(CLI::App* app);  // report, replay
void AddProbeCommand(CLI::App* app);
void AddTokenCommand(CLI::App* app);  // token hash, token new
void AddMailCommand(CLI::App* app);   // mail-test

// Installs SIGINT/SIGTERM handlers; WaitForSignal() blocks until one arrives.
void InstallSignalHandlers();
int WaitForSignal();
bool StopRequested();

// Exit code set by the subcommand that ran (CLI11 callbacks return nothing).
int& ExitCode();

}  // namespace followup
