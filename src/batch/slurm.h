// A sweep as a Slurm job array (`hospsim slurm`, docs/cluster.md): the batch scripts that run its shards as
// the tasks of one array job and merge them in a job that depends on the array, and their submission.
//
// In the output folder DIR (absolute paths throughout, so the scripts run from any working directory on a
// shared filesystem):
//   DIR/shards.sbatch  the array job: --array=0-(N-1), one log per task DIR/logs/shard-<task>.out; task K
//                      runs `HOSPSIM batch SWEEP --shard auto --db DIR/shard-K.db --retry-failed -j C`, so a
//                      task that runs again (resubmitted, requeued) resumes its database and runs again the
//                      runs recorded as failed, crashed or timed out.
//   DIR/merge.sbatch   the merge job: `HOSPSIM merge` of every shard database into DIR/<sweep file stem>.db
//                      (replaced when it exists), log DIR/logs/merge.out; submitted with
//                      --dependency=afterok:<array job id>, so it runs when every task has succeeded.
// The scripts' text depends only on the options, so writing them again gives the same bytes.
#pragma once

#include <string>
#include <vector>

#include "batch/sweep.h"
#include "hospsim/status.h"

namespace hospsim::batch {

struct SlurmOptions {
  int tasks = 0;             // N: array tasks, one shard each (1 .. kMaxShards, at most the sweep's runs)
  std::string out_dir;       // DIR: scripts, logs, shard databases and the merged database (absolute)
  std::string partition;     // --partition, "" for the cluster's default
  std::string time_limit;    // --time per task, "" for the partition's default
  int cpus_per_task = 1;     // --cpus-per-task; also each task's -j
  std::string hospsim_path;  // the hospsim executable the jobs run (absolute)
  std::string sweep_path;    // the sweep file (absolute)
};

// Checks the options against `sweep` (with `runs` planned runs). Fails with kInvalidArgument, one message
// naming the option: --tasks outside 1 .. min(runs, kMaxShards), --cpus-per-task below 1 or above 4096, a
// --partition that is not a Slurm partition name (letters, digits, '_', '-', '.', ',' to list several), a
// --time that is not one of Slurm's formats (MINUTES, MINUTES:SECONDS, HOURS:MINUTES:SECONDS, DAYS-HOURS,
// DAYS-HOURS:MINUTES, DAYS-HOURS:MINUTES:SECONDS, UNLIMITED), an output folder whose path holds white space
// or one of % " ' \ $ ` (they would need escaping in #SBATCH lines).
Status validate_slurm_options(const SlurmOptions& options, std::size_t runs);

// The path of the merged database: DIR/<sweep file stem>.db.
std::string merged_database_path(const SlurmOptions& options);

// The path of shard K's database: DIR/shard-K.db.
std::string shard_database_path(const SlurmOptions& options, int shard);

// The text of DIR/shards.sbatch and DIR/merge.sbatch. REQUIRES: validate_slurm_options() succeeded.
std::string array_job_script(const Sweep& sweep, const SlurmOptions& options);
std::string merge_job_script(const Sweep& sweep, const SlurmOptions& options);

// Before a (re)submission: the shard databases already in DIR must belong to this sweep and this number of
// tasks, or the tasks would fail one by one. Returns how many runs they hold. Fails with kInvalidArgument
// naming the file: `DIR/shard-1.db holds another sweep (fingerprint F, this sweep G): use another --out`,
// `DIR/shard-1.db holds shard 1/8, not 1/4: submit with --tasks 8, or use another --out`, or a file that is
// not a database.
Result<int> check_existing_shards(const Sweep& sweep, const SlurmOptions& options);

// Runs `sbatch --parsable ARGS... SCRIPT` (the sbatch found in PATH) and returns the job id it printed
// ("1234" of "1234" or "1234;cluster"). Fails with kNotFound when there is no sbatch in PATH, kInternal
// with sbatch's exit status and stderr when it fails or prints no job id.
Result<std::string> submit_batch_script(const std::string& script, const std::vector<std::string>& args);

}  // namespace hospsim::batch
