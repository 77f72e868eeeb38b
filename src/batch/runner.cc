#include "batch/runner.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "batch/store.h"
#include "hospsim/run.h"
#include "metrics/run_metrics.h"
#include "run/process_pool.h"

namespace hospsim::batch {

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kStderrTailBytes = 2000;

// Set by SIGINT/SIGTERM while a batch runs: the batch stops its children and returns, keeping what it
// recorded.
volatile std::sig_atomic_t g_interrupted = 0;

extern "C" void on_interrupt(int signal) { g_interrupted = signal; }

// Installs on_interrupt for SIGINT and SIGTERM for the lifetime of the object, then restores the old
// handlers.
class InterruptGuard {
 public:
  InterruptGuard() {
    g_interrupted = 0;
    struct sigaction action {};
    action.sa_handler = on_interrupt;
    sigemptyset(&action.sa_mask);
    ::sigaction(SIGINT, &action, &old_int_);
    ::sigaction(SIGTERM, &action, &old_term_);
  }
  ~InterruptGuard() {
    ::sigaction(SIGINT, &old_int_, nullptr);
    ::sigaction(SIGTERM, &old_term_, nullptr);
  }
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

 private:
  struct sigaction old_int_ {};
  struct sigaction old_term_ {};
};

// The last kStderrTailBytes of a child's stderr, starting at a line boundary when possible, trimmed.
std::string stderr_tail(std::string text) {
  if (text.size() > kStderrTailBytes) {
    text = text.substr(text.size() - kStderrTailBytes);
    const std::size_t newline = text.find('\n');
    if (newline != std::string::npos && newline + 1 < text.size()) text = text.substr(newline + 1);
    text = "..." + text;
  }
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

// The body of the child that simulates `run` with `simulate`: its metrics (the typed record, by id:
// metrics/run_metrics.h to_message()) and wall time.
ProcessPool::Body simulate_run(const PlannedRun& run, const Scenario& scenario,
                               const std::string& configuration, const RunSimulation& simulate) {
  return [&run, &scenario, &configuration, &simulate]() -> Result<nlohmann::json> {
    Result<SimulationOutput> output = simulate(run, scenario, configuration);
    if (!output.is_ok()) return output.status();
    return nlohmann::json{{"metrics", to_message(output->metrics)}, {"wall_seconds", output->wall_seconds}};
  };
}

// The status and error of a run from the outcome of one of its processes: "ok", or what went wrong,
// prefixed with `what` ("" for the run's own process, "the baseline: " for its paired baseline's).
RunRecord failure_of(const ChildOutcome& outcome, double run_timeout, const std::string& what) {
  RunRecord record;
  const std::string tail = stderr_tail(outcome.stderr_text);
  auto with_tail = [&tail, &what](std::string message) {
    message = what + message;
    if (!tail.empty()) message += "; stderr: " + tail;
    return message;
  };

  if (outcome.timed_out) {
    record.status = RunStatus::kTimeout;
    record.error =
        with_tail(fmt::format("exceeded the run time limit of {:g} s and was killed", run_timeout));
    return record;
  }
  if (WIFSIGNALED(outcome.wait_status)) {
    record.status = RunStatus::kCrashed;
    record.error = with_tail(describe_signal(WTERMSIG(outcome.wait_status)));
    return record;
  }
  if (!outcome.clean_exit() || outcome.kind == ChildOutcome::Kind::kEmpty ||
      outcome.kind == ChildOutcome::Kind::kUnreadable) {
    record.status = RunStatus::kCrashed;
    record.error =
        with_tail("exited with status " + std::to_string(outcome.exit_status()) + " without a result");
    return record;
  }
  if (outcome.kind == ChildOutcome::Kind::kError) {
    record.status = RunStatus::kFailed;
    record.error = with_tail(outcome.error.empty() ? "the simulation reported an error without a message"
                                                   : outcome.error);
    return record;
  }
  record.status = RunStatus::kOk;
  return record;
}

// The record of `run` from the outcome of its process and, with a baseline, of its baseline's process.
RunRecord record_of(const PlannedRun& run, const ChildOutcome& outcome, const ChildOutcome* baseline,
                    const Sweep& sweep, double run_timeout) {
  RunRecord record = failure_of(outcome, run_timeout, "");
  if (record.status == RunStatus::kOk && baseline != nullptr)
    record = failure_of(*baseline, run_timeout, "the baseline: ");
  record.id = run.id;
  record.configuration = sweep.configurations[run.configuration].name;
  record.strategy = sweep.strategies[run.strategy];
  record.replication = run.replication;
  record.seed = run.seed;
  record.wall_seconds = outcome.seconds + (baseline != nullptr ? baseline->seconds : 0.0);
  if (record.status != RunStatus::kOk) return record;
  try {
    const RunMetrics metrics = metrics_from_message(outcome.value.at("metrics"));
    record.metrics = baseline != nullptr
                         ? flatten_paired_metrics(metrics, metrics_from_message(baseline->value.at("metrics")))
                         : flatten_metrics(metrics);
  } catch (const std::exception& error) {  // a malformed result: this run fails, the batch goes on
    record.status = RunStatus::kCrashed;
    record.error = std::string("sent a result that cannot be read (") + error.what() + ")";
    record.metrics.clear();
  }
  return record;
}

}  // namespace

Result<SimulationOutput> simulate_planned_run(const PlannedRun& run, const Scenario& variant,
                                              const std::string& /*configuration*/) {
  SimulationRequest request;
  request.scenario = &variant;
  request.seed = run.seed;
  request.label = "scenario";
  return simulate_here(request);
}

Result<BatchCounts> run_batch(const Sweep& sweep, const BatchOptions& options) {
  return run_batch(sweep, options, simulate_planned_run);
}

namespace {

// The result store of a batch and the ids of the runs it has recorded already: refuses a folder, and an
// existing file without --resume; creates or opens the file for `sweep` and, with --retry-failed, forgets
// its unsuccessful runs. A store error that is the file's fault (not a database, truncated) names the file.
struct OpenedStore {
  Store store;
  std::set<int> recorded;
};

Result<OpenedStore> open_store(const Sweep& sweep, const BatchOptions& options) {
  std::error_code error;
  const bool exists = std::filesystem::exists(options.db_path, error);
  if (std::filesystem::is_directory(options.db_path, error)) {
    return Status::invalid_argument(options.db_path + ": is a directory; --db names the SQLite results file");
  }
  if (exists && !options.resume) {
    return Status::failed_precondition(
        "'" + options.db_path +
        "' already exists: use --resume to continue that batch, or choose another "
        "--db");
  }
  Result<Store> opened = Store::open(options.db_path, true);
  if (!opened.is_ok()) return opened.status();
  Store& store = opened.value();
  auto named = [&options](const Status& status) {
    return status.code() == StatusCode::kInvalidArgument
               ? Status::invalid_argument(options.db_path + ": " + status.message())
               : status;
  };
  if (Status status = store.initialize(sweep); !status.is_ok()) return named(status);
  if (Status status = claim_shard(store, options.db_path, options.shard, !exists); !status.is_ok()) return status;
  if (options.retry_failed) {
    Result<int> deleted = store.delete_unsuccessful_runs();
    if (!deleted.is_ok()) return named(deleted.status());
  }
  Result<std::set<int>> recorded = store.recorded_run_ids();
  if (!recorded.is_ok()) return named(recorded.status());
  return OpenedStore{std::move(store), std::move(recorded.value())};
}

// The scenario of the run about to start (and, with baselines, that scenario without injections). Runs
// come in id order, so the replications of one (configuration, strategy) follow each other: one variant is
// loaded per (configuration, strategy) and only one is held at a time.
class VariantCache {
 public:
  explicit VariantCache(const Sweep& sweep) : sweep_(sweep) {}

  // The variant of `run`, or its baseline. Fails only if the scenario file changed since the sweep was
  // validated.
  Result<const Scenario*> get(const PlannedRun& run, bool baseline) {
    if (key_ != std::make_pair(run.configuration, run.strategy)) {
      variant_.reset();
      baseline_.reset();
      Result<Scenario> loaded = load_variant(sweep_, static_cast<std::size_t>(run.configuration),
                                             static_cast<std::size_t>(run.strategy));
      if (!loaded.is_ok()) return loaded.status();
      variant_ = std::move(loaded.value());
      if (sweep_.baseline) baseline_ = baseline_of(*variant_);
      key_ = {run.configuration, run.strategy};
    }
    return baseline ? &*baseline_ : &*variant_;
  }

 private:
  const Sweep& sweep_;
  std::optional<Scenario> variant_;
  std::optional<Scenario> baseline_;
  std::pair<int, int> key_{-1, -1};
};

// Child processes of a batch: with baselines each run has two (task 2 * i: the run i; 2 * i + 1: its paired
// baseline), and a run is recorded when both have ended. pair() takes an ended process and gives the run's
// outcome and its baseline's once both have ended (baseline nullopt without baselines), nullopt before.
class OutcomePairs {
 public:
  explicit OutcomePairs(bool baseline) : baseline_(baseline) {}
  std::size_t per_run() const { return baseline_ ? 2 : 1; }

  struct Pair {
    std::size_t run = 0;  // index of the run in the list of runs to do
    ChildOutcome outcome;
    std::optional<ChildOutcome> baseline;
  };
  std::optional<Pair> pair(const ChildOutcome& ended) {
    if (!baseline_) return Pair{ended.task, ended, std::nullopt};
    const auto found = waiting_.find(ended.task ^ 1u);
    if (found == waiting_.end()) {
      waiting_.emplace(ended.task, ended);
      return std::nullopt;
    }
    ChildOutcome other = std::move(found->second);
    waiting_.erase(found);
    const bool is_baseline = ended.task % 2 == 1;
    return is_baseline ? Pair{ended.task / 2, std::move(other), ended}
                       : Pair{ended.task / 2, ended, std::move(other)};
  }

 private:
  bool baseline_;
  std::map<std::size_t, ChildOutcome> waiting_;  // ended processes whose run's other process still runs
};

}  // namespace

Result<BatchCounts> run_batch(const Sweep& sweep, const BatchOptions& options,
                              const RunSimulation& simulate) {
  if (options.jobs < 1) return Status::invalid_argument("-j must be at least 1");
  if (options.run_timeout < 0) return Status::invalid_argument("--run-timeout must not be negative");
  if (Status valid = validate_variants(sweep); !valid.is_ok()) return valid;
  Result<OpenedStore> opened = open_store(sweep, options);
  if (!opened.is_ok()) return opened.status();
  Store& store = opened->store;

  const std::vector<PlannedRun> plan =
      options.shard ? runs_of_shard(sweep, plan_runs(sweep), *options.shard) : plan_runs(sweep);
  std::vector<PlannedRun> todo;
  for (const PlannedRun& run : plan) {
    if (opened->recorded.count(run.id) == 0) todo.push_back(run);
  }
  BatchCounts counts;
  counts.total = static_cast<int>(plan.size());
  counts.already_done = counts.total - static_cast<int>(todo.size());

  const Clock::time_point start = Clock::now();
  BatchProgress progress;
  progress.total = counts.total;
  progress.already_done = counts.already_done;
  auto report = [&] {
    progress.done = counts.ran;
    progress.failed = counts.failed;
    progress.elapsed_seconds = std::chrono::duration<double>(Clock::now() - start).count();
    if (options.on_progress) options.on_progress(progress);
  };
  report();

  InterruptGuard interrupt_guard;
  ProcessPool pool({options.run_timeout, true});
  auto interrupted = [&] {
    pool.kill_all();
    return Status::failed_precondition("interrupted by signal " + std::to_string(g_interrupted) + " (" +
                                       strsignal(g_interrupted) + ") after " + std::to_string(counts.ran) +
                                       " runs; they are recorded in '" + options.db_path +
                                       "': continue with --resume");
  };
  VariantCache variants(sweep);
  OutcomePairs pairs(sweep.baseline);
  const std::size_t tasks = todo.size() * pairs.per_run();
  std::size_t next = 0;
  while (next < tasks || pool.running() > 0) {
    if (g_interrupted != 0) return interrupted();
    // Fill the pool; a run's baseline starts right after it.
    while (next < tasks && static_cast<int>(pool.running()) < options.jobs) {
      const PlannedRun& run = todo[next / pairs.per_run()];
      const bool is_baseline = sweep.baseline && next % 2 == 1;
      Result<const Scenario*> scenario = variants.get(run, is_baseline);
      if (!scenario.is_ok()) return scenario.status();
      const std::string& name = sweep.configurations[run.configuration].name;
      const std::string baseline_name = name + "/baseline";  // lives until spawn() returns (it forks)
      Result<int> pid = pool.spawn(
          next, simulate_run(run, *scenario.value(), is_baseline ? baseline_name : name, simulate));
      if (!pid.is_ok()) return pid.status();
      spdlog::debug("run {}{} (configuration '{}', strategy '{}', replication {}, seed {}): process {}",
                    run.id, is_baseline ? " baseline" : "", name, sweep.strategies[run.strategy],
                    run.replication, run.seed, pid.value());
      ++next;
    }

    // Record whatever has finished (the pool stops whatever has run too long).
    Result<std::vector<ChildOutcome>> ended = pool.wait_any([] { return g_interrupted != 0; });
    if (!ended.is_ok()) return ended.status();
    for (const ChildOutcome& outcome : ended.value()) {
      // A child killed by SIGINT got the terminal's Ctrl-C with this process: not a result, not recorded.
      const bool child_interrupted =
          WIFSIGNALED(outcome.wait_status) && WTERMSIG(outcome.wait_status) == SIGINT;
      if (g_interrupted != 0 || child_interrupted) {
        if (g_interrupted == 0) g_interrupted = SIGINT;
        return interrupted();
      }
      std::optional<OutcomePairs::Pair> pair = pairs.pair(outcome);
      if (!pair) continue;  // recorded when the run's other process ends
      RunRecord record = record_of(todo[pair->run], pair->outcome,
                                   pair->baseline ? &*pair->baseline : nullptr, sweep, options.run_timeout);
      if (record.status != RunStatus::kOk) {
        spdlog::warn("run {} (configuration '{}', strategy '{}', replication {}) {}: {}", record.id,
                     record.configuration, record.strategy, record.replication,
                     run_status_name(record.status), record.error);
      }
      if (Status status = store.record(record); !status.is_ok()) return status;
      ++counts.ran;
      if (record.status != RunStatus::kOk) ++counts.failed;
      report();
    }
  }
  return counts;
}

}  // namespace hospsim::batch
