// `hospsim compare --db FILE [--baseline S] [--metric M ...] [--format table|csv|md] [--half-width H]`
//
// Reads a batch database and prints, per metric, configuration and strategy: n, mean, standard deviation,
// 95% interval, the difference against the baseline strategy with its interval (paired under common random
// numbers), the rank within the configuration and, with --half-width, the replications needed for intervals
// of that half-width (src/batch/compare.h). Results on stdout; exit 0, or 2 when the database, a metric or
// the baseline does not exist.

#include <memory>
#include <string>
#include <vector>

#include "batch/compare.h"
#include "batch/store.h"
#include "cli/cli.h"

namespace hospsim {
namespace {

struct CompareArguments {
  std::string db;
  std::string baseline;
  std::vector<std::string> metrics;
  std::string format = "table";
  double half_width = 0.0;
};

int run_compare_command(const CompareArguments& args, const CliContext& context) {
  batch::CompareOptions options;
  options.baseline = args.baseline;
  options.half_width = args.half_width;
  for (const std::string& text : args.metrics) {
    Result<batch::MetricRef> metric = batch::parse_metric(text);
    if (!metric.is_ok()) {
      *context.err << "hospsim compare: " << metric.status().message() << "\n";
      return exit_code_for(metric.status());
    }
    options.metrics.push_back(metric.value());
  }
  Result<batch::BatchData> data = batch::read_batch_database(args.db);
  if (!data.is_ok()) {
    *context.err << "hospsim compare: " << data.status().message() << "\n";
    return exit_code_for(data.status());
  }
  Result<batch::Comparison> comparison = batch::compare(data.value(), options);
  if (!comparison.is_ok()) {
    *context.err << "hospsim compare: " << comparison.status().message() << "\n";
    return exit_code_for(comparison.status());
  }
  if (args.format == "csv") {
    *context.out << batch::format_csv(comparison.value());
  } else if (args.format == "md") {
    *context.out << batch::format_markdown(comparison.value());
  } else {
    *context.out << batch::format_table(comparison.value());
  }
  return kExitOk;
}

}  // namespace

void add_compare_command(CLI::App& app, CliContext& context) {
  CLI::App* command =
      app.add_subcommand("compare", "Compare strategies in a batch database with confidence intervals");
  auto args = std::make_shared<CompareArguments>();
  command->add_option("--db", args->db, "SQLite results file written by `hospsim batch`")->required();
  command->add_option("--baseline", args->baseline, "Strategy the others are compared with (default: none)");
  std::string defaults;
  for (const batch::MetricRef& ref : batch::default_metrics()) defaults += (defaults.empty() ? "" : ", ") + ref.metric;
  command->add_option("--metric", args->metrics,
                      "Metric to compare, METRIC (region) or HOSPITAL:METRIC; repeatable (default: region " +
                          defaults + ")");
  command->add_option("--format", args->format, "Output format")
      ->check(CLI::IsMember({"table", "csv", "md"}))
      ->capture_default_str();
  command
      ->add_option("--half-width", args->half_width,
                   "Also report the replications needed for 95% intervals of this half-width")
      ->check(positive_finite_check());
  command->callback([args, &context] {
    context.action = [args, &context] { return run_compare_command(*args, context); };
  });
}

}  // namespace hospsim
