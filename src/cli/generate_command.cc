// `hospsim generate --hospitals N --regions R --days D --seed S [--probe-every DURATION]
//                  [--probe active|passive] -o FILE`
//
// Writes a synthetic national scenario (src/generate/generate.h): N hospitals in R regions over D days, drawn
// from seed S. The text is validated by the scenario loader before it is written, so FILE always passes
// `hospsim validate`. Without -o the scenario goes to stdout. Prints "wrote FILE" on stdout unless --quiet.

#include <fstream>
#include <memory>
#include <string>

#include "cli/cli.h"
#include "generate/generate.h"
#include "scenario/files.h"

namespace hospsim {
namespace {

struct GenerateArguments {
  GenerateOptions options;
  std::string output;
};

int generate(const GenerateArguments& args, const CliContext& context) {
  Result<std::string> text = generate_scenario_text(args.options);
  if (!text.is_ok()) {
    *context.err << "hospsim generate: " << text.status().message() << "\n";
    return exit_code_for(text.status());
  }
  if (args.output.empty() || args.output == "-") {
    *context.out << text.value();
    return kExitOk;
  }
  if (Status written = write_file_atomically(args.output, text.value()); !written.is_ok()) {
    *context.err << "hospsim generate: " << written.message() << "\n";
    return kExitBadInput;
  }
  if (!context.quiet) *context.out << "wrote " << args.output << "\n";
  return kExitOk;
}

}  // namespace

void add_generate_command(CLI::App& app, CliContext& context) {
  CLI::App* command = app.add_subcommand(
      "generate", "Write a synthetic national scenario (hospitals in regions, data centres, carriers, an outage)");
  auto args = std::make_shared<GenerateArguments>();
  command->add_option("--hospitals", args->options.hospitals, "Number of hospitals (>= regions)")
      ->capture_default_str();
  command->add_option("--regions", args->options.regions, "Number of regions (1..99)")->capture_default_str();
  command->add_option("--days", args->options.days, "Horizon in days (1..366)")->capture_default_str();
  command->add_option("--seed", args->options.seed, "Seed of the generator (same seed, same file)")
      ->capture_default_str()
      ->check(seed_check());
  command->add_option("--probe-every", args->options.probe_every,
                      "Health-probe period of every service, e.g. 5min (default: 1-5 min by service kind)");
  command->add_option("--probe", args->options.probe,
                      "Health monitoring of every service: active (probe every period) or passive (skip a "
                      "probe while clinical requests flow)")
      ->capture_default_str();
  command->add_option("-o,--output", args->output, "Output file (default: stdout)");
  command->callback([args, &context] { context.action = [args, &context] { return generate(*args, context); }; });
}

}  // namespace hospsim
