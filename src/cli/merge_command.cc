// `hospsim merge OUT.db IN.db... [--allow-partial]`
//
// Merges batch databases of one sweep (the shards of `hospsim batch --shard`, batch/merge.h) into OUT.db, a
// new file equal in content to one unsharded batch of the sweep. Exit 0 when OUT.db was written; 1 when runs
// are in none of the inputs (their ids are listed on stderr; nothing is written unless --allow-partial, which
// writes the others and exits 0 with the same list as a warning); 2 when OUT.db exists, an input cannot be
// read, the inputs hold different sweeps or a run has different results in two inputs.

#include <memory>
#include <string>
#include <vector>

#include "batch/merge.h"
#include "cli/cli.h"

namespace hospsim {
namespace {

struct MergeArguments {
  std::string output;
  std::vector<std::string> inputs;
  bool allow_partial = false;
};

int run_merge_command(const MergeArguments& args, const CliContext& context) {
  Result<batch::MergeOutcome> outcome = batch::merge_databases(args.output, args.inputs, args.allow_partial);
  if (!outcome.is_ok()) {
    *context.err << "hospsim merge: " << outcome.status().message() << "\n";
    return exit_code_for(outcome.status());
  }
  if (!outcome->missing.empty()) {
    *context.err << "hospsim merge: " << outcome->missing.size() << " of " << outcome->total
                 << " runs are in none of the inputs: " << batch::format_run_ids(outcome->missing) << "\n";
    if (!outcome->absent_shards.empty()) {
      *context.err << "hospsim merge: missing shards:";
      for (std::size_t i = 0; i < outcome->absent_shards.size(); ++i) {
        *context.err << (i == 0 ? " " : ", ") << outcome->absent_shards[i];
      }
      *context.err << "\n";
    }
  }
  if (!outcome->written) {
    *context.err
        << "hospsim merge: nothing written; run the missing runs (hospsim batch --shard K/N --resume "
           "on their shard), or give --allow-partial to merge the others\n";
    return kExitCheckFailed;
  }
  if (!context.quiet) {
    *context.out << "merged " << outcome->merged << " of " << outcome->total << " runs from "
                 << args.inputs.size() << (args.inputs.size() == 1 ? " database" : " databases");
    if (outcome->duplicates > 0) *context.out << " (" << outcome->duplicates << " identical duplicates)";
    *context.out << " into " << args.output << "\n";
  }
  return kExitOk;
}

}  // namespace

void add_merge_command(CLI::App& app, CliContext& context) {
  CLI::App* command = app.add_subcommand(
      "merge", "Merge the shard databases of one sweep into one database, as one unsharded batch would give");
  auto args = std::make_shared<MergeArguments>();
  command->add_option("OUT", args->output, "The merged database to write (must not exist)")->required();
  command->add_option("IN", args->inputs, "Databases of the same sweep (hospsim batch --shard K/N)")
      ->required();
  command->add_flag("--allow-partial", args->allow_partial,
                    "Write the merged database even when some runs are in none of the inputs (exit 0)");
  command->callback(
      [args, &context] { context.action = [args, &context] { return run_merge_command(*args, context); }; });
}

}  // namespace hospsim
