// `hospsim validate FILE...`: loads each file (and each of its strategies) and reports every problem.
//
// Prints "FILE: ok" per valid file on stdout (nothing with --quiet); for an invalid file prints every problem
// as `FILE:LINE:COL: /pointer: message` on stderr, then "FILE: N problem(s)". Exit 0 when every file is
// valid, 2 otherwise. A file whose base scenario is valid is also loaded with each of its strategies, so a
// strategy that would produce an invalid scenario is caught here rather than at `run --strategy`.

#include <memory>
#include <string>
#include <vector>

#include "cli.h"
#include "hospsim/loader.h"

namespace hospsim {
namespace {

void print_problems(const Status& status, const std::string& file, std::ostream& err) {
  if (status.problems().empty()) {
    err << status.message() << "\n";
    return;
  }
  for (const Problem& problem : status.problems()) err << problem.format() << "\n";
  const std::size_t count = status.problems().size();
  err << file << ": " << count << (count == 1 ? " problem" : " problems") << "\n";
}

int validate_files(const std::vector<std::string>& files, const CliContext& context) {
  int exit_code = kExitOk;
  for (const std::string& file : files) {
    Result<Scenario> loaded = load_scenario_file(file);
    if (!loaded.is_ok()) {
      print_problems(loaded.status(), file, *context.err);
      exit_code = std::max(exit_code, exit_code_for(loaded.status()));
      continue;
    }
    bool strategies_ok = true;
    std::vector<std::string> names;
    for (const auto& [name, strategy] : loaded->strategies) {
      Result<Scenario> with_strategy = load_scenario_file(file, LoadOptions{name});
      names.push_back(name);
      if (!with_strategy.is_ok()) {
        *context.err << file << ": with strategy \"" << name << "\":\n";
        print_problems(with_strategy.status(), file, *context.err);
        exit_code = std::max(exit_code, exit_code_for(with_strategy.status()));
        strategies_ok = false;
      }
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
  auto files = std::make_shared<std::vector<std::string>>();
  command->add_option("FILE", *files, "Scenario files (JSON, format hospsim/1)")->required();
  command->callback(
      [files, &context] { context.action = [files, &context] { return validate_files(*files, context); }; });
}

}  // namespace hospsim
