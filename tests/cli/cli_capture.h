// Runs the hospsim command line in this process (run_cli) with its output captured, for CLI tests.
#pragma once

#include <sstream>
#include <string>
#include <vector>

#include "cli/cli.h"

namespace hospsim::testing {

struct CliOutcome {
  int exit_code;
  std::string out;
  std::string err;
};

// `hospsim ARGS...` through run_cli, with stdout and stderr captured.
inline CliOutcome run_cli_captured(std::vector<std::string> args) {
  args.insert(args.begin(), "hospsim");
  std::vector<const char*> argv;
  for (const std::string& arg : args) argv.push_back(arg.c_str());
  std::ostringstream out;
  std::ostringstream err;
  const int code = run_cli(static_cast<int>(argv.size()), argv.data(), &out, &err);
  return {code, out.str(), err.str()};
}

}  // namespace hospsim::testing
