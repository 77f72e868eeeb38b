// `hospsim check EXPECT... [--junit FILE] [-j N] [--update] [--quiet]`
//
// Verifies expectation files (or every *.expect.json below a folder) against fresh simulations
// (src/check/checker.h; docs/ci.md). Prints one line per expectation (only failures with --quiet) and a total
// line on stdout; failures show what was expected and what came out, exact ones the first differing lines.
// Progress goes to stderr on a terminal only, so CI logs stay clean. Exit 0 when every expectation holds
// (or after --update), 1 when one failed, 2 on an invalid expectation file or scenario (nothing is simulated)
// or a metric that summary.json does not have, 3 when a simulation failed.

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "check/check_output.h"
#include "check/checker.h"
#include "cli/cli.h"
#include "scenario/files.h"

namespace hospsim {
namespace {

struct CheckArguments {
  std::vector<std::string> paths;
  std::string junit;
  int jobs = 0;
  bool update = false;
  bool quiet = false;
};

int run_check_command(const CheckArguments& args, const CliContext& context) {
  check::CheckOptions options;
  options.jobs =
      args.jobs > 0 ? args.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  options.update = args.update;
  const bool quiet = args.quiet || context.quiet;
  const bool terminal = !quiet && ::isatty(STDERR_FILENO) == 1;
  if (terminal) {
    options.on_progress = [](int done, int total) {
      std::fprintf(stderr, "\rcheck: %d/%d simulations", done, total);
      if (done == total) std::fprintf(stderr, "\r\033[K");
      std::fflush(stderr);
    };
  }
  const std::vector<std::string> files = check::expand_paths(args.paths);
  Result<check::CheckReport> report = check::run_check(files, options);
  if (!report.is_ok()) {
    if (report.status().problems().empty()) {
      *context.err << "hospsim check: " << report.status().message() << "\n";
    }
    for (const Problem& problem : report.status().problems()) *context.err << problem.format() << "\n";
    return exit_code_for(report.status());
  }
  *context.out << check::format_text(report.value(), quiet);
  if (!args.junit.empty()) {
    if (Status written = write_file_atomically(args.junit, check::format_junit(report.value()));
        !written.is_ok()) {
      *context.err << "hospsim check: " << written.message() << "\n";
      return kExitBadInput;
    }
  }
  return report->exit_code();
}

}  // namespace

void add_check_command(CLI::App& app, CliContext& context) {
  CLI::App* command = app.add_subcommand(
      "check", "Check scenario outcomes against expectation files (CI regression); exit 1 when one moved");
  auto args = std::make_shared<CheckArguments>();
  command
      ->add_option("EXPECT", args->paths,
                   "Expectation files (*.expect.json, format hospsim-expect/1) or folders searched for them")
      ->required();
  command->add_option("--junit", args->junit, "Also write a JUnit XML report to this file");
  command->add_option("-j,--jobs", args->jobs, "Simulations in flight at once (default: the number of cores)")
      ->check(CLI::PositiveNumber);
  command->add_flag("--update", args->update,
                    "Record what the simulations give now (fingerprints, copies, means; tolerances kept) and "
                    "print what changed");
  command->add_flag("-q,--quiet", args->quiet, "Print only failures and the total line; no progress");
  command->callback(
      [args, &context] { context.action = [args, &context] { return run_check_command(*args, context); }; });
}

}  // namespace hospsim
