// `hospsim batch SWEEP [-j N] [--db FILE] [--resume] [--retry-failed] [--run-timeout S] [--shard K/N|auto]
//  [--quiet]`
//
// Validates the sweep and every (configuration, strategy) variant of its scenario, then runs every
// replication in its own process, N at a time, into an SQLite database (src/batch/runner.h). Progress goes
// to stderr (one updating line on a terminal, a line per tenth otherwise, nothing with --quiet); the final
// line on stdout says how many runs were done and where the results are. Exit 0 when every run succeeded,
// 2 on an invalid sweep or an existing database without --resume, 3 when some run failed, crashed or timed
// out (they are recorded; the others completed) or on an internal error.
// Default database: <sweep file name without .json>.db in the current folder (<name>.shard-K-of-N.db with
// --shard). --shard K/N runs only shard K (0-based) of N (batch/shard.h); --shard auto takes K and N from the
// environment of a Slurm job array or a Kubernetes indexed job (shard_from_environment); a bad value or a
// missing environment exits 2.
//
// Test hooks (environment, for the CLI tests): HOSPSIM_TEST_CRASH_CONFIG=NAME makes the runs of configuration
// NAME abort(); HOSPSIM_TEST_HANG_CONFIG=NAME makes them sleep until the time limit (batch/fault_hooks.h,
// through the runner's test seam).

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include <fmt/format.h>

#include "batch/fault_hooks.h"
#include "batch/progress.h"
#include "batch/runner.h"
#include "batch/sweep.h"
#include "cli/cli.h"

namespace hospsim {
namespace {

struct BatchArguments {
  std::string sweep;
  int jobs = 0;
  std::string db;
  bool resume = false;
  bool retry_failed = false;
  double run_timeout = 600.0;
  std::string shard;  // "K/N", "auto" or "" (every run)
  bool quiet = false;
};

std::string environment(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

void print_status(const Status& status, std::ostream& err) {
  if (status.problems().empty()) {
    err << "hospsim batch: " << status.message() << "\n";
    return;
  }
  for (const Problem& problem : status.problems()) err << problem.format() << "\n";
}

int run_batch_command(const BatchArguments& args, const CliContext& context) {
  Result<batch::Sweep> sweep = batch::load_sweep_file(args.sweep);
  if (!sweep.is_ok()) {
    print_status(sweep.status(), *context.err);
    return exit_code_for(sweep.status());
  }
  batch::BatchOptions options;
  if (!args.shard.empty()) {
    Result<batch::Shard> shard = args.shard == "auto"
                                     ? batch::shard_from_environment([](const char* name) { return std::getenv(name); })
                                     : batch::parse_shard(args.shard);
    if (!shard.is_ok()) {
      print_status(shard.status(), *context.err);
      return exit_code_for(shard.status());
    }
    options.shard = shard.value();
  }
  const std::string stem = std::filesystem::path(args.sweep).stem().string();
  options.db_path = !args.db.empty()   ? args.db
                    : options.shard ? fmt::format("{}.shard-{}-of-{}.db", stem, options.shard->index,
                                                  options.shard->count)
                                    : stem + ".db";
  options.jobs =
      args.jobs > 0 ? args.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  options.run_timeout = args.run_timeout;
  options.resume = args.resume || args.retry_failed;
  options.retry_failed = args.retry_failed;

  const bool quiet = args.quiet || context.quiet;
  batch::ProgressPrinter printer(stderr, batch::ProgressPrinter::mode_for(stderr, quiet));
  options.on_progress = [&printer](const batch::BatchProgress& progress) { printer.update(progress); };
  const std::string crash = environment("HOSPSIM_TEST_CRASH_CONFIG");
  const std::string hang = environment("HOSPSIM_TEST_HANG_CONFIG");
  Result<batch::BatchCounts> counts =
      crash.empty() && hang.empty()
          ? batch::run_batch(sweep.value(), options)
          : batch::run_batch(sweep.value(), options, batch::faulty_simulation(crash, hang));
  printer.finish();
  if (!counts.is_ok()) {
    print_status(counts.status(), *context.err);
    return exit_code_for(counts.status());
  }
  if (!quiet) {
    *context.out << "batch " << sweep->name;
    if (options.shard) {
      *context.out << ", shard " << options.shard->text() << ": " << counts->total << " of "
                   << batch::plan_runs(sweep.value()).size() << " runs";
    } else {
      *context.out << ": " << counts->total << " runs";
    }
    if (sweep->baseline) *context.out << " with paired baselines";
    if (counts->already_done > 0) *context.out << " (" << counts->already_done << " recorded before)";
    *context.out << ", " << counts->ran << " run now, " << counts->failed << " failed; results in "
                 << options.db_path << "\n";
  }
  if (counts->failed > 0) {
    *context.err << "hospsim batch: " << counts->failed
                 << " run(s) failed and were recorded with their error; see the runs table of "
                 << options.db_path << ", and --retry-failed to run them again\n";
    return kExitInternal;
  }
  return kExitOk;
}

}  // namespace

void add_batch_command(CLI::App& app, CliContext& context) {
  CLI::App* command =
      app.add_subcommand("batch", "Run a sweep of configurations x strategies x replications into SQLite");
  auto args = std::make_shared<BatchArguments>();
  command->add_option("SWEEP", args->sweep, "Sweep file (JSON, format hospsim-sweep/1)")->required();
  command->add_option("-j,--jobs", args->jobs, "Simulations in flight at once (default: the number of cores)")
      ->check(CLI::PositiveNumber);
  command->add_option("--db", args->db, "SQLite results file (default: <sweep name>.db in this folder)");
  command->add_flag("--resume", args->resume, "Continue an interrupted batch: run only the missing runs");
  command->add_flag("--retry-failed", args->retry_failed,
                    "With --resume: also run again the runs recorded as failed, crashed or timed out");
  command
      ->add_option("--run-timeout", args->run_timeout, "Wall seconds per run before it is killed (0: none)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  command->add_option("--shard", args->shard,
                      "Run only shard K of N (K/N, K from 0 to N-1), or 'auto' from SLURM_ARRAY_TASK_ID or "
                      "JOB_COMPLETION_INDEX (docs/cluster.md)");
  command->add_flag("-q,--quiet", args->quiet, "No progress and no summary line");
  command->callback(
      [args, &context] { context.action = [args, &context] { return run_batch_command(*args, context); }; });
}

}  // namespace hospsim
