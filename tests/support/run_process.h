// Runs a program in a child process and collects its exit status, stdout and stderr, with a timeout: the
// child is killed (SIGKILL) when it runs longer, so a hang fails the test instead of blocking it.
#pragma once

#include <string>
#include <vector>

namespace hospsim::testing {

struct ProcessResult {
  bool exited = false;  // ended by exit(): exit_code is meaningful
  int exit_code = -1;
  bool signaled = false;  // ended by a signal (a crash): signal_number is meaningful
  int signal_number = 0;
  bool timed_out = false;  // killed after the timeout
  std::string out;
  std::string err;
};

// Runs argv[0] (a path) with argv, no shell. REQUIRES: !argv.empty().
ProcessResult run_process(const std::vector<std::string>& argv, double timeout_seconds);

// The hospsim executable of this build.
std::string hospsim_path();

}  // namespace hospsim::testing
