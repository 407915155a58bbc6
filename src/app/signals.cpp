#include <atomic>
#include <chrono>
#include <csignal>
#include <thread>

#include "app/commands.h"

namespace followup {
namespace {
std::atomic<int> g_signal{0};
void OnSignal(int sig) { g_signal.store(sig); }
}  // namespace

void InstallSignalHandlers() {
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  std::signal(SIGPIPE, SIG_IGN);
}

int& ExitCode() {
  static int code = 0;
  return code;
}

bool StopRequested() { return g_signal.load() != 0; }

int WaitForSignal() {
  while (!StopRequested()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  return g_signal.load();
}

}  // namespace followup
