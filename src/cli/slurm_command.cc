// `hospsim slurm SWEEP --tasks N --out DIR [--partition P] [--time T] [--cpus-per-task C] [--submit]`
//
// Validates the sweep and every variant (as `hospsim batch` does, so a broken sweep is never submitted) and
// the options, creates DIR and DIR/logs, and writes DIR/shards.sbatch (a job array of N tasks, task K running
// shard K/N of the sweep into DIR/shard-K.db) and DIR/merge.sbatch (merging them into DIR/<sweep>.db),
// batch/slurm.h. With --submit: checks that the shard databases already in DIR are this sweep's with this N
// (a resubmission resumes them), submits the array with `sbatch --parsable`, then the merge job with
// --dependency=afterok:<array id> (and --kill-on-invalid-dep=yes, so a failed task cancels the merge instead
// of leaving it pending), and prints both job ids. The paths of hospsim itself, the sweep and DIR in the
// scripts are absolute. Exit 0; 2 on an invalid sweep or option, a DIR that is not a folder, shard databases
// of another sweep or N, or no sbatch in PATH; 3 when sbatch fails.

#include <filesystem>
#include <memory>
#include <string>

#include "batch/slurm.h"
#include "batch/sweep.h"
#include "cli/cli.h"
#include "scenario/files.h"

namespace hospsim {
namespace {

struct SlurmArguments {
  std::string sweep;
  int tasks = 0;
  std::string out;
  std::string partition;
  std::string time_limit;
  int cpus_per_task = 1;
  bool submit = false;
};

int fail(const CliContext& context, const Status& status) {
  if (status.problems().empty()) {
    *context.err << "hospsim slurm: " << status.message() << "\n";
  } else {
    for (const Problem& problem : status.problems()) *context.err << problem.format() << "\n";
  }
  return exit_code_for(status);
}

int run_slurm_command(const SlurmArguments& args, const CliContext& context) {
  Result<batch::Sweep> sweep = batch::load_sweep_file(args.sweep);
  if (!sweep.is_ok()) return fail(context, sweep.status());
  if (Status valid = batch::validate_variants(sweep.value()); !valid.is_ok()) return fail(context, valid);

  std::error_code error;
  batch::SlurmOptions options;
  options.tasks = args.tasks;
  options.out_dir = std::filesystem::absolute(args.out, error).lexically_normal().string();
  while (options.out_dir.size() > 1 && options.out_dir.back() == '/') options.out_dir.pop_back();
  options.partition = args.partition;
  options.time_limit = args.time_limit;
  options.cpus_per_task = args.cpus_per_task;
  options.sweep_path = std::filesystem::absolute(args.sweep, error).lexically_normal().string();
  options.hospsim_path = std::filesystem::read_symlink("/proc/self/exe", error).string();
  if (error || options.hospsim_path.empty()) {
    return fail(context,
                Status::internal("cannot find the path of this hospsim executable (/proc/self/exe)"));
  }
  const std::size_t runs = batch::plan_runs(sweep.value()).size();
  if (Status valid = batch::validate_slurm_options(options, runs); !valid.is_ok())
    return fail(context, valid);

  if (std::filesystem::exists(options.out_dir, error) &&
      !std::filesystem::is_directory(options.out_dir, error)) {
    return fail(context, Status::invalid_argument("--out " + options.out_dir + ": is not a folder"));
  }
  std::filesystem::create_directories(std::filesystem::path(options.out_dir) / "logs", error);
  if (error) {
    return fail(context, Status::invalid_argument("--out " + options.out_dir +
                                                  ": cannot create the folder: " + error.message()));
  }
  const std::string array_script = options.out_dir + "/shards.sbatch";
  const std::string merge_script = options.out_dir + "/merge.sbatch";
  for (const auto& [path, text] :
       {std::pair{array_script, batch::array_job_script(sweep.value(), options)},
        std::pair{merge_script, batch::merge_job_script(sweep.value(), options)}}) {
    if (Status written = write_file_atomically(path, text); !written.is_ok()) return fail(context, written);
  }
  if (!context.quiet) {
    *context.out << "wrote " << array_script << " (" << options.tasks << " array tasks for " << runs
                 << " runs) and " << merge_script << " (merges into " << batch::merged_database_path(options)
                 << ")\n";
  }
  if (!args.submit) {
    if (!context.quiet) {
      *context.out << "submit with --submit, or: sbatch --parsable " << array_script
                   << ", then sbatch --dependency=afterok:<its job id> " << merge_script << "\n";
    }
    return kExitOk;
  }

  Result<int> recorded = batch::check_existing_shards(sweep.value(), options);
  if (!recorded.is_ok()) return fail(context, recorded.status());
  if (recorded.value() > 0 && !context.quiet) {
    *context.out << "resuming: " << recorded.value() << " of " << runs
                 << " runs are recorded in the shard databases already\n";
  }
  Result<std::string> array_job = batch::submit_batch_script(array_script, {});
  if (!array_job.is_ok()) return fail(context, array_job.status());
  Result<std::string> merge_job = batch::submit_batch_script(
      merge_script, {"--dependency=afterok:" + array_job.value(), "--kill-on-invalid-dep=yes"});
  if (!merge_job.is_ok()) {
    *context.err << "hospsim slurm: the array job " << array_job.value()
                 << " was submitted, the merge job was not; submit it with: sbatch --dependency=afterok:"
                 << array_job.value() << " " << merge_script << "\n";
    return fail(context, merge_job.status());
  }
  // The ids go to stdout even with --quiet: a script submitting the sweep needs them.
  *context.out << "submitted array job " << array_job.value() << " (" << options.tasks
               << " tasks) and merge job " << merge_job.value() << " (after every task succeeded)\n";
  return kExitOk;
}

}  // namespace

void add_slurm_command(CLI::App& app, CliContext& context) {
  CLI::App* command = app.add_subcommand(
      "slurm", "Write (and submit) a Slurm job array running a sweep's shards, and a job merging them");
  auto args = std::make_shared<SlurmArguments>();
  command->add_option("SWEEP", args->sweep, "Sweep file (JSON, format hospsim-sweep/1)")->required();
  command->add_option("--tasks", args->tasks, "Array tasks N: the sweep is split into N shards")->required();
  command
      ->add_option("--out", args->out,
                   "Folder for the scripts, logs/, the shard databases and the merged one")
      ->required();
  command->add_option("--partition", args->partition, "Slurm partition (default: the cluster's default)");
  command->add_option("--time", args->time_limit, "Time limit per task, in Slurm's format (e.g. 2:00:00)");
  command
      ->add_option("--cpus-per-task", args->cpus_per_task,
                   "CPUs per task, also its simulations in flight (-j)")
      ->capture_default_str();
  command->add_flag("--submit", args->submit,
                    "Submit the array with sbatch and the merge job after it (--dependency=afterok)");
  command->callback(
      [args, &context] { context.action = [args, &context] { return run_slurm_command(*args, context); }; });
}

}  // namespace hospsim
