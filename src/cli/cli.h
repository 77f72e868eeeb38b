// The hospsim command line: shared context, exit codes and the list of subcommands.
//
// Each subcommand lives in its own file (validate_command.cc, run_command.cc, ...) and exposes one
// registration function `void add_<name>_command(CLI::App& app, CliContext& context)`. The registration adds
// the CLI11 subcommand and its options, and gives the subcommand a callback that stores the work to do in
// `context.action`; run_cli() runs that action after parsing and after logging is set up, and exits with the
// code the action returns. register_commands() lists every registration call: add new subcommands there.
// Only registered (implemented) subcommands appear in --help.
#pragma once

#include <functional>
#include <iosfwd>
#include <string>

#include <CLI/CLI.hpp>

#include "hospsim/status.h"

namespace hospsim {

struct CliContext {
  std::string log_level = "warn";  // --log-level: trace, debug, info, warn, error, critical, off
  bool quiet = false;              // --quiet: no progress or "ok" lines; errors are still printed
  std::ostream* out = nullptr;     // results (stdout unless a test redirects it)
  std::ostream* err = nullptr;     // diagnostics (stderr unless a test redirects it)
  // The work of the subcommand that was parsed; returns the exit code. Set by a subcommand's callback.
  std::function<int()> action;
};

// "hospsim 0.1.0 (SimGrid 3.32)".
std::string version_string();

// The exit code for a Status: 0 ok, 2 bad input, 3 internal error.
int exit_code_for(const Status& status);

// Option checks shared by the subcommands. seed_check(): a seed from 0 to kMaxSeed written in decimal
// ("-1" and 18446744073709551616 are refused, not wrapped). positive_finite_check(): a number > 0 that is
// not NaN or infinite.
CLI::Validator seed_check();
CLI::Validator positive_finite_check();

// Adds every implemented subcommand to `app`.
void register_commands(CLI::App& app, CliContext& context);

// Subcommand registrations (one file each).
void add_validate_command(CLI::App& app, CliContext& context);
void add_run_command(CLI::App& app, CliContext& context);
void add_batch_command(CLI::App& app, CliContext& context);
void add_compare_command(CLI::App& app, CliContext& context);
void add_export_command(CLI::App& app, CliContext& context);
void add_presets_command(CLI::App& app, CliContext& context);
void add_generate_command(CLI::App& app, CliContext& context);
void add_report_command(CLI::App& app, CliContext& context);
void add_check_command(CLI::App& app, CliContext& context);
void add_merge_command(CLI::App& app, CliContext& context);
void add_slurm_command(CLI::App& app, CliContext& context);

// The whole command: parses argv, sets up logging (spdlog, stderr), runs the subcommand, maps errors to exit
// codes (bad usage -> 2, any escaping std::exception -> 3 with its message). `out`/`err` default to
// std::cout/std::cerr.
int run_cli(int argc, const char* const* argv, std::ostream* out = nullptr, std::ostream* err = nullptr);

}  // namespace hospsim
