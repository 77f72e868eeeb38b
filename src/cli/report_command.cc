// `hospsim report RUN_DIR [-o FILE]` and `hospsim report --db FILE [-o FILE] [--baseline S] [--metric M ...]`
//
// Writes the self-contained HTML report (src/report/html_report.h) of a run directory written by
// `hospsim run` (default FILE: RUN_DIR/report.html; for the --out directory of `hospsim run --strategy all`,
// which holds one run directory per strategy, the strategy comparison) or of a batch database written by `hospsim batch`
// (default FILE: the database's name with .html; the comparison is that of `hospsim compare` with the same
// --baseline and --metric). Exit 0; 2 on a missing or malformed input, or when this hospsim was built
// without the chart libraries (the message says how to get them).

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "batch/compare.h"
#include "batch/store.h"
#include "cli/cli.h"
#include "report/html_report.h"
#include "report/run_files.h"

namespace hospsim {
namespace {

struct ReportArguments {
  std::string run_dir;
  std::string db;
  std::string output;
  std::string baseline;
  std::vector<std::string> metrics;
};

int fail(const CliContext& context, const Status& status) {
  *context.err << "hospsim report: " << status.message() << "\n";
  return exit_code_for(status);
}

Result<std::string> batch_report(const ReportArguments& args) {
  batch::CompareOptions options;
  options.baseline = args.baseline;
  for (const std::string& text : args.metrics) {
    Result<batch::MetricRef> metric = batch::parse_metric(text);
    if (!metric.is_ok()) return metric.status();
    options.metrics.push_back(metric.value());
  }
  Result<batch::BatchData> data = batch::read_batch_database(args.db);
  if (!data.is_ok()) return data.status();
  Result<batch::Comparison> comparison = batch::compare(data.value(), options);
  if (!comparison.is_ok()) return comparison.status();
  return render_batch_report(data.value(), comparison.value(), embedded_report_scripts());
}

int run_report_command(const ReportArguments& args, const CliContext& context) {
  if (args.run_dir.empty() == args.db.empty()) {
    return fail(context, Status::invalid_argument("give either a run directory or --db FILE (not both)"));
  }
  std::string output = args.output;
  Result<std::string> html = std::string();
  if (!args.db.empty()) {
    if (output.empty()) output = std::filesystem::path(args.db).replace_extension(".html").string();
    html = batch_report(args);
  } else {
    if (output.empty()) output = (std::filesystem::path(args.run_dir) / "report.html").string();
    if (is_strategy_directory(args.run_dir)) {
      Result<std::vector<std::pair<std::string, RunFiles>>> summaries = read_strategy_summaries(args.run_dir);
      if (!summaries.is_ok()) return fail(context, summaries.status());
      bool linked = true;
      for (const auto& [name, files] : summaries.value()) {
        std::error_code error;
        linked = linked && std::filesystem::is_regular_file(
                               std::filesystem::path(args.run_dir) / name / "report.html", error);
      }
      html = render_strategy_report(summaries.value(), linked, embedded_report_scripts());
    } else {
      Result<RunFiles> files = read_run_files(args.run_dir);
      if (!files.is_ok()) return fail(context, files.status());
      html = render_run_report(files.value(), embedded_report_scripts());
    }
  }
  if (!html.is_ok()) return fail(context, html.status());
  Status written = write_report_file(output, html.value());
  if (!written.is_ok()) return fail(context, written);
  if (!context.quiet) *context.out << "wrote " << output << "\n";
  return kExitOk;
}

}  // namespace

void add_report_command(CLI::App& app, CliContext& context) {
  CLI::App* command = app.add_subcommand(
      "report", "Write a self-contained HTML report (charts) of a run directory or of a batch database");
  auto args = std::make_shared<ReportArguments>();
  command->add_option("RUN_DIR", args->run_dir, "Output directory of `hospsim run` (summary.json, timeline.csv, "
                                                "events.csv)");
  command->add_option("--db", args->db, "SQLite results file written by `hospsim batch` (strategy comparison)");
  command->add_option("-o,--output", args->output,
                      "HTML file to write (default: RUN_DIR/report.html, or the database name with .html)");
  command->add_option("--baseline", args->baseline,
                      "With --db: strategy the others are compared with (default: none, as in `hospsim compare`)");
  command->add_option("--metric", args->metrics,
                      "With --db: metric to chart, METRIC or HOSPITAL:METRIC; repeatable (default: those of "
                      "`hospsim compare`)");
  command->callback([args, &context] {
    context.action = [args, &context] { return run_report_command(*args, context); };
  });
}

}  // namespace hospsim
