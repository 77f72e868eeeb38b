// `hospsim presets [NAME] [--markdown]`
//
// Lists the library of downtime effect presets (scenarios/presets/effects.json, compiled in;
// src/scenario/effect_presets.h): each preset's service kind, what situation it describes, and every factor
// with its value and source. With NAME, that preset only; with --markdown, the page docs/effect-presets.md
// (a test keeps that file equal to this output). Exit 0, or 2 for an unknown NAME (with the names).

#include <memory>
#include <string>

#include "cli/cli.h"
#include "scenario/effect_presets.h"
#include "scenario/json_reader.h"

namespace hospsim {
namespace {

struct PresetsArguments {
  std::string name;
  bool markdown = false;
};

int run_presets_command(const PresetsArguments& args, const CliContext& context) {
  if (!args.name.empty() && !effect_presets().count(args.name)) {
    std::vector<std::string> names;
    for (const auto& [name, preset] : effect_presets()) names.push_back(name);
    *context.err << "hospsim presets: unknown effect preset \"" << args.name << "\""
                 << loader::did_you_mean(args.name, names) << "; the presets are: " << loader::join(names) << "\n";
    return kExitBadInput;
  }
  *context.out << format_effect_presets(args.name, args.markdown);
  return kExitOk;
}

}  // namespace

void add_presets_command(CLI::App& app, CliContext& context) {
  CLI::App* command = app.add_subcommand(
      "presets", "List the downtime effect presets a scenario's effects can name, with every factor's source");
  auto args = std::make_shared<PresetsArguments>();
  command->add_option("name", args->name, "Only this preset");
  command->add_flag("--markdown", args->markdown, "As the Markdown page docs/effect-presets.md");
  command->callback([args, &context] {
    context.action = [args, &context] { return run_presets_command(*args, context); };
  });
}

}  // namespace hospsim
