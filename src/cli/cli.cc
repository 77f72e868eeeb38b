#include "cli/cli.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <iostream>
#include <vector>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "hospsim/loader.h"
#include "hospsim/version.h"

#ifndef HOSPSIM_SIMGRID_VERSION
#define HOSPSIM_SIMGRID_VERSION "unknown"
#endif

namespace hospsim {

std::string version_string() {
  return std::string("hospsim ") + HOSPSIM_VERSION + " (SimGrid " + HOSPSIM_SIMGRID_VERSION + ")";
}

int exit_code_for(const Status& status) { return status.exit_code(); }

void register_commands(CLI::App& app, CliContext& context) {
  add_validate_command(app, context);
  add_run_command(app, context);
  add_batch_command(app, context);
  add_compare_command(app, context);
  add_export_command(app, context);
  add_presets_command(app, context);
  add_generate_command(app, context);
  add_report_command(app, context);
  add_check_command(app, context);
  add_merge_command(app, context);
  add_slurm_command(app, context);
}

CLI::Validator seed_check() {
  return CLI::Validator(
      [](std::string& text) {
        Result<std::uint64_t> seed = parse_seed(text);
        return seed.is_ok() ? std::string() : seed.status().message();
      },
      "SEED", "seed");
}

CLI::Validator positive_finite_check() {
  return CLI::Validator(
      [](std::string& text) {
        char* end = nullptr;
        const double value = std::strtod(text.c_str(), &end);
        if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(value) || !(value > 0)) {
          return "must be a finite number > 0, got \"" + text.substr(0, 40) + "\"";
        }
        return std::string();
      },
      "POSITIVE", "positive finite number");
}

namespace {

void setup_logging(const CliContext& context) {
  auto logger = spdlog::get("hospsim");
  if (!logger) logger = spdlog::stderr_color_st("hospsim");
  spdlog::set_default_logger(logger);
  spdlog::set_pattern("hospsim: %^%l%$: %v");
  auto level = spdlog::level::from_str(context.log_level);
  if (context.quiet && level < spdlog::level::err) level = spdlog::level::err;
  spdlog::set_level(level);
}

}  // namespace

int run_cli(int argc, const char* const* argv, std::ostream* out, std::ostream* err) {
  CliContext context;
  context.out = out != nullptr ? out : &std::cout;
  context.err = err != nullptr ? err : &std::cerr;
  try {
    CLI::App app("hospsim: discrete-event simulation of hospital IT outages and cyberattacks", "hospsim");
    app.set_version_flag("--version", version_string(), "Print the version and exit");
    app.add_option("--log-level", context.log_level, "Log level on stderr")
        ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}))
        ->capture_default_str();
    app.add_flag("-q,--quiet", context.quiet, "Print only errors");
    app.require_subcommand(0, 1);
    // Options a subcommand does not know fall through to these (subcommands inherit the setting), so
    // `hospsim run FILE -q` works as `hospsim -q run FILE` does; subcommands with their own -q keep it.
    app.fallthrough();
    register_commands(app, context);
    try {
      app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
      const int code = app.exit(error, *context.out, *context.err);
      return code == 0 ? kExitOk : kExitBadInput;
    }
    setup_logging(context);
    if (!context.action) {
      *context.err << app.help() << "hospsim: a subcommand is required\n";
      return kExitBadInput;
    }
    int code = context.action();
    // Results on stdout count as outputs: one that could not be written (a full disk, a closed pipe, `>
    // /dev/full`) is a failure, not a silent success.
    errno = 0;
    context.out->flush();
    if (!*context.out) {
      const int failure = errno;
      *context.err << "hospsim: cannot write the results to standard output"
                   << (failure != 0 ? std::string(" (") + std::strerror(failure) + ")" : std::string())
                   << "\n";
      code = std::max(code, static_cast<int>(kExitBadInput));
    }
    return code;
  } catch (const std::exception& error) {
    *context.err << "hospsim: internal error: " << error.what() << "\n";
    return kExitInternal;
  }
}

}  // namespace hospsim
