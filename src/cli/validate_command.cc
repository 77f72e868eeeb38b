// `hospsim validate FILE...`: loads each file (and each of its strategies) and reports every problem.
//
// Prints "FILE: ok" per valid file on stdout (nothing with --quiet); for an invalid file prints every problem
// as `FILE:LINE:COL: /pointer: message` on stderr, then "FILE: N problem(s)". Exit 0 when every file is
// valid, 2 otherwise. A file whose base scenario is valid is also loaded with each of its strategies, so a
// strategy that would produce an invalid scenario is caught here rather than at `run --strategy`.
//
// Warnings (inputs that cannot have an effect, deprecated keys) go to stderr as
// `FILE:LINE:COL: /pointer: warning: message`: the base scenario's, then under `FILE: with strategy "S":`
// those a strategy adds. They do not change the exit code unless --strict: then a file with any warning is
// refused ("FILE: N warnings (--strict)" instead of "FILE: ok") and the exit code is 2.

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "cli/cli.h"
#include "hospsim/loader.h"

namespace hospsim {
namespace {

void print_problems(const Status& status, const std::string& file, std::ostream& err) {
  if (status.problems().empty()) {
    err << status.message() << "\n";
    return;
  }
  for (const Problem& problem : status.problems()) err << problem.format() << "\n";
  const std::size_t count = status.problem_count();
  err << file << ": " << count << (count == 1 ? " problem" : " problems") << "\n";
}

struct ValidateArguments {
  std::vector<std::string> files;
  bool strict = false;
};

int validate_files(const ValidateArguments& args, const CliContext& context) {
  int exit_code = kExitOk;
  for (const std::string& file : args.files) {
    std::vector<Problem> warnings;
    Result<Scenario> loaded = load_scenario_file(file, LoadOptions{}, &warnings);
    if (!loaded.is_ok()) {
      print_problems(loaded.status(), file, *context.err);
      exit_code = std::max(exit_code, exit_code_for(loaded.status()));
      continue;
    }
    std::vector<std::string> base_warnings;
    for (const Problem& warning : warnings) {
      base_warnings.push_back(warning.format());
      *context.err << base_warnings.back() << "\n";
    }
    std::size_t warning_count = warnings.size();
    bool strategies_ok = true;
    std::vector<std::string> names;
    for (const auto& [name, strategy] : loaded->strategies) {
      std::vector<Problem> strategy_warnings;
      Result<Scenario> with_strategy = load_scenario_file(file, LoadOptions{name}, &strategy_warnings);
      names.push_back(name);
      if (!with_strategy.is_ok()) {
        *context.err << file << ": with strategy \"" << name << "\":\n";
        print_problems(with_strategy.status(), file, *context.err);
        exit_code = std::max(exit_code, exit_code_for(with_strategy.status()));
        strategies_ok = false;
        continue;
      }
      bool header = false;
      for (const Problem& warning : strategy_warnings) {
        const std::string line = warning.format();
        if (std::find(base_warnings.begin(), base_warnings.end(), line) != base_warnings.end()) continue;
        if (!header) *context.err << file << ": with strategy \"" << name << "\":\n";
        header = true;
        *context.err << line << "\n";
        ++warning_count;
      }
    }
    if (strategies_ok && args.strict && warning_count > 0) {
      *context.err << file << ": " << warning_count << (warning_count == 1 ? " warning" : " warnings")
                   << " (--strict)\n";
      exit_code = std::max(exit_code, static_cast<int>(kExitBadInput));
      continue;
    }
    if (strategies_ok && !context.quiet) {
      *context.out << file << ": ok";
      if (!names.empty()) {
        *context.out << " (strategies:";
        for (const std::string& name : names) *context.out << " " << name;
        *context.out << ")";
      }
      *context.out << "\n";
    }
  }
  return exit_code;
}

}  // namespace

void add_validate_command(CLI::App& app, CliContext& context) {
  CLI::App* command = app.add_subcommand("validate", "Check scenario files and list every problem");
  auto args = std::make_shared<ValidateArguments>();
  command->add_option("FILE", args->files, "Scenario files (JSON, format hospsim/1)")->required();
  command->add_flag("--strict", args->strict,
                    "Refuse (exit 2) a file with any warning: an input that cannot have an effect, or a "
                    "deprecated key");
  command->callback(
      [args, &context] { context.action = [args, &context] { return validate_files(*args, context); }; });
}

}  // namespace hospsim
