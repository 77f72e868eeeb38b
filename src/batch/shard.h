// Shards of a sweep: a deterministic partition of its planned runs into N parts, so that N independent
// processes (the tasks of a Slurm job array, a Kubernetes indexed job, GNU parallel) each run one part into
// their own database and `hospsim merge` puts the parts back together (batch/merge.h; docs/cluster.md).
//
// Shards are numbered from 0: shard K of N, 0 <= K < N, written "K/N" (as Slurm's --array=0-(N-1) and
// Kubernetes' JOB_COMPLETION_INDEX number their tasks).
//
// The partition depends on the sweep and N only (never on the machine, the time or the order in which
// shards run), so every invocation of shard K/N runs the same runs and a resumed shard finds its own runs.
// It balances the expected cost: each run costs (hospitals x simulated seconds, horizon plus warm-up) of its
// configuration's scenario, strategies and replications being taken as equally costly, and the runs are
// dealt out by longest-processing-time-first: in order of decreasing cost (ties: increasing run id), each
// run goes to the shard with the least cost so far (ties: the lowest shard number). When every run costs
// the same this is round robin in plan order: run i (1-based id) is in shard (i - 1) mod N. The shards'
// costs then differ by at most the cost of one run, and the number of runs of two shards by at most one
// when all costs are equal.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "batch/store.h"
#include "batch/sweep.h"
#include "hospsim/status.h"

namespace hospsim::batch {

// At most this many shards (far more than any array job; a shard may hold no run when N exceeds the runs).
inline constexpr int kMaxShards = 100000;

struct Shard {
  int index = 0;  // K, 0-based
  int count = 1;  // N >= 1

  // "K/N".
  std::string text() const;
  bool operator==(const Shard&) const = default;
};

// Parses "K/N" (decimal integers, 1 <= N <= kMaxShards, 0 <= K < N). Fails with kInvalidArgument:
// `--shard "TEXT": expected K/N with 0 <= K < N (shards are numbered from 0), e.g. 0/4`.
Result<Shard> parse_shard(std::string_view text);

// Reads the shard from the environment of an array scheduler (`lookup` returns a variable's value or
// nullptr; std::getenv in the command line):
//   Slurm job array:      K = (SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN) / SLURM_ARRAY_TASK_STEP
//                         (MIN 0 and STEP 1 when unset), N = SLURM_ARRAY_TASK_COUNT; so --array=1-8 and
//                         --array=0-7 both give shards 0/8 .. 7/8.
//   Kubernetes indexed job: K = JOB_COMPLETION_INDEX, N = HOSPSIM_SHARD_COUNT (set it to the job's
//                         completions in the pod template; Kubernetes does not export that number).
// Slurm's variables win when both are set. Fails with kInvalidArgument naming the variables when none is
// set, when one is not a decimal integer, or when the task is not a shard K/N with 0 <= K < N (e.g. an
// --array list with gaps).
Result<Shard> shard_from_environment(const std::function<const char*(const char*)>& lookup);

// The expected cost of each run of `plan` (plan_runs(sweep)): hospitals x (horizon + warm-up) in whole
// seconds of its configuration's scenario, at least 1 (a configuration whose scenario cannot be built or
// read costs 1).
std::vector<std::uint64_t> run_costs(const Sweep& sweep, const std::vector<PlannedRun>& plan);

// The shard of each run (by position in `costs`) among `count` shards, as described above.
// REQUIRES: count >= 1.
std::vector<int> assign_shards(const std::vector<std::uint64_t>& costs, int count);

// The runs of `plan` in shard `shard`, in plan (id) order.
std::vector<PlannedRun> runs_of_shard(const Sweep& sweep, const std::vector<PlannedRun>& plan, Shard shard);

// Ties the database `store` (at `db_path`, initialized for the sweep) to `shard` (nullopt: the whole sweep):
// a database just created (`created`) records "K/N" under the batch table's key "shard"; an existing one
// must hold the same shard (a database without the key holds the whole sweep). Fails with
// kFailedPrecondition (`'DB' holds shard 1/4 of the sweep, not 2/4: ...`) otherwise, so a resumed shard
// never mixes the runs of two partitions.
Status claim_shard(Store& store, const std::string& db_path, const std::optional<Shard>& shard, bool created);

}  // namespace hospsim::batch
