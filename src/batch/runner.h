// Running a sweep: every run in its own forked process, N at a time, each result committed to the store.
//
// run_batch() loads every variant of the sweep first (an invalid one stops the batch before anything runs),
// opens or creates the database, and runs the planned runs that are not recorded yet with up to `jobs`
// child processes in flight (ProcessPool, run/process_pool.h). Each child simulates one (configuration,
// strategy, replication) with simulate_here() (so one SimGrid Engine per process, as simulate_in_child()
// does), its stderr captured, and sends its metrics back through the pool's result protocol. A child that
// crashes, is killed, reports an error or exceeds `run_timeout` is recorded with its status and the tail of
// its stderr; the batch goes on.
// With the sweep's "baseline" each run has a second child that simulates its paired baseline (the variant
// without injections, same seed; hospsim/run.h baseline_of), counted against `jobs` like any child; the run
// is recorded when both have ended, with value, baseline and delta per metric, and is not "ok" when either
// process failed (the error says "the baseline: ..." when it was the baseline's).
// Each run is committed in its own transaction as soon as it finishes.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "batch/shard.h"
#include "batch/sweep.h"
#include "hospsim/run.h"
#include "hospsim/scenario.h"
#include "hospsim/status.h"

namespace hospsim::batch {

// What a progress display needs; sent after every finished run and once at the start.
struct BatchProgress {
  int total = 0;                 // runs in the sweep (in the shard, with BatchOptions::shard)
  int already_done = 0;          // recorded before this invocation (resume)
  int done = 0;                  // finished in this invocation
  int failed = 0;                // of which not "ok"
  double elapsed_seconds = 0.0;  // since this invocation started running
};

struct BatchOptions {
  std::string db_path;         // REQUIRED: the SQLite file
  int jobs = 1;                // child processes in flight (>= 1)
  double run_timeout = 600.0;  // wall seconds per run; 0 = no limit
  bool resume = false;         // continue a database made by the same sweep; otherwise it must not exist
  bool retry_failed = false;   // with resume: run again the runs recorded as failed, crashed or timeout
  std::optional<Shard> shard;  // only the runs of this shard (batch/shard.h); nullopt: every run
  std::function<void(const BatchProgress&)> on_progress;  // may be empty
};

// How many runs a batch had, ran and lost (failed, crashed or timed out).
struct BatchCounts {
  int total = 0;         // runs in the sweep (in the shard, with BatchOptions::shard)
  int already_done = 0;  // skipped because recorded before
  int ran = 0;           // run now
  int failed = 0;        // of those, not "ok"
};

// Runs the sweep into options.db_path. Fails with kInvalidArgument when a variant is invalid,
// kFailedPrecondition when the database exists without `resume` or holds another sweep or another shard
// (claim_shard, batch/shard.h), or when SIGINT or
// SIGTERM arrives (the children in flight are killed and not recorded; the handlers are installed only while
// run_batch runs), kInternal on a database or system error. In every case the runs recorded are kept.
Result<BatchCounts> run_batch(const Sweep& sweep, const BatchOptions& options);

// What a child process runs for one planned run: the simulation of `variant` (the run's configuration and
// strategy, loaded) at run.seed, `configuration` naming the configuration. Called in the child, never in the
// parent; only its metrics and wall time are sent back. For the child of a paired baseline, `variant` is
// the run's variant without injections and `configuration` is "<configuration>/baseline".
using RunSimulation = std::function<Result<SimulationOutput>(const PlannedRun& run, const Scenario& variant,
                                                              const std::string& configuration)>;

// The simulation of a planned run that run_batch() uses: simulate_here() of `variant` at run.seed.
Result<SimulationOutput> simulate_planned_run(const PlannedRun& run, const Scenario& variant,
                                              const std::string& configuration);

// The test seam of the runner: run_batch() with each child's simulation replaced by `simulate` (tests make
// runs crash or hang with batch/fault_hooks.h). run_batch(sweep, options) is
// run_batch(sweep, options, simulate_planned_run).
Result<BatchCounts> run_batch(const Sweep& sweep, const BatchOptions& options, const RunSimulation& simulate);

}  // namespace hospsim::batch
