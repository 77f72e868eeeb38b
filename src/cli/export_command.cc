// `hospsim export --db FILE [-o FILE.csv]`
//
// Reads a batch database and writes its tidy CSV (src/batch/export.h: one row per run, scope and metric with
// value, baseline and delta, and the grid parameters as columns) to FILE.csv, written atomically, or to
// stdout without -o. Exit 0, or 2 when the database is missing or not a hospsim batch, or FILE.csv cannot be
// written.

#include <memory>
#include <string>

#include "batch/export.h"
#include "batch/store.h"
#include "cli/cli.h"
#include "scenario/files.h"

namespace hospsim {
namespace {

struct ExportArguments {
  std::string db;
  std::string output;
};

int run_export_command(const ExportArguments& args, const CliContext& context) {
  Result<batch::BatchData> data = batch::read_batch_database(args.db);
  if (!data.is_ok()) {
    *context.err << "hospsim export: " << data.status().message() << "\n";
    return exit_code_for(data.status());
  }
  const std::string csv = batch::export_csv(data.value());
  if (args.output.empty()) {
    *context.out << csv;
    return kExitOk;
  }
  if (Status written = write_file_atomically(args.output, csv); !written.is_ok()) {
    *context.err << "hospsim export: " << written.message() << "\n";
    return exit_code_for(written);
  }
  if (!context.quiet) *context.out << "wrote " << args.output << "\n";
  return kExitOk;
}

}  // namespace

void add_export_command(CLI::App& app, CliContext& context) {
  CLI::App* command = app.add_subcommand(
      "export", "Write a batch database as a tidy CSV: one row per run, scope and metric (value, baseline, delta)");
  auto args = std::make_shared<ExportArguments>();
  command->add_option("--db", args->db, "SQLite results file written by `hospsim batch`")->required();
  command->add_option("-o,--output", args->output, "CSV file to write (default: standard output)");
  command->callback([args, &context] {
    context.action = [args, &context] { return run_export_command(*args, context); };
  });
}

}  // namespace hospsim
