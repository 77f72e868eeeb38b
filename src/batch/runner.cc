#include "batch/runner.h"

#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include <spdlog/spdlog.h>

#include "batch/store.h"
#include "hospsim/run.h"
#include "run/child_io.h"

namespace hospsim::batch {

namespace {

using Clock = std::chrono::steady_clock;

constexpr int kChildOk = 0;
constexpr int kChildFailed = 3;
constexpr std::size_t kStderrTailBytes = 2000;
constexpr auto kPollInterval = std::chrono::milliseconds(5);

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

struct InFlight {
  PlannedRun run;
  pid_t pid = -1;
  std::FILE* result = nullptr;  // the child's metrics (CBOR)
  std::FILE* errors = nullptr;  // the child's stderr
  Clock::time_point started;
  bool timed_out = false;
};

// The last kStderrTailBytes of the child's stderr, starting at a line boundary when possible, trimmed.
std::string stderr_tail(std::FILE* file) {
  std::string text = read_all(file);
  if (text.size() > kStderrTailBytes) {
    text = text.substr(text.size() - kStderrTailBytes);
    const std::size_t newline = text.find('\n');
    if (newline != std::string::npos && newline + 1 < text.size()) text = text.substr(newline + 1);
    text = "..." + text;
  }
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

// The child: simulate one run and _exit(). Never returns.
[[noreturn]] void child_main(const PlannedRun& run, const Scenario& scenario,
                             const std::string& configuration, const BatchOptions& options, int result_fd,
                             int errors_fd) {
  ::dup2(errors_fd, STDERR_FILENO);
  // A crash must end this process with its own signal, not run a handler the parent installed (a test
  // framework's, for instance), so the parent can record how it died.
  for (int signal : {SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTERM, SIGINT}) std::signal(signal, SIG_DFL);
  if (!options.crash_configuration.empty() && options.crash_configuration == configuration) {
    const rlimit no_core{0, 0};
    ::setrlimit(RLIMIT_CORE, &no_core);
    std::fprintf(stderr, "test hook HOSPSIM_TEST_CRASH_CONFIG: aborting run %d of configuration '%s'\n",
                 run.id, configuration.c_str());
    std::fflush(stderr);
    std::abort();
  }
  if (!options.hang_configuration.empty() && options.hang_configuration == configuration) {
    std::fprintf(stderr, "test hook HOSPSIM_TEST_HANG_CONFIG: run %d sleeps until it is killed\n", run.id);
    std::fflush(stderr);
    for (;;) ::pause();
  }
  SimulationRequest request;
  request.scenario = &scenario;
  request.seed = run.seed;
  request.label = "scenario";
  Result<SimulationOutput> output = simulate_here(request);
  nlohmann::json message;
  if (output.is_ok()) {
    message = {{"metrics", output->metrics}, {"wall_seconds", output->wall_seconds}};
  } else {
    message = {{"error", output.status().message()}};
  }
  write_all(result_fd, nlohmann::json::to_cbor(message));
  std::fflush(nullptr);
  ::_exit(output.is_ok() ? kChildOk : kChildFailed);
}

std::string describe_signal(int signal) {
  return "killed by signal " + std::to_string(signal) + " (" + strsignal(signal) + ")";
}

RunRecord finish(InFlight& child, int wait_status, const Sweep& sweep, double run_timeout) {
  RunRecord record;
  record.id = child.run.id;
  record.configuration = sweep.configurations[child.run.configuration].name;
  record.strategy = sweep.strategies[child.run.strategy];
  record.replication = child.run.replication;
  record.seed = child.run.seed;
  record.wall_seconds = std::chrono::duration<double>(Clock::now() - child.started).count();
  const std::string result = read_all(child.result);
  const std::string tail = stderr_tail(child.errors);
  std::fclose(child.result);
  std::fclose(child.errors);
  auto with_tail = [&tail](std::string message) {
    if (!tail.empty()) message += "; stderr: " + tail;
    return message;
  };

  if (child.timed_out) {
    char limit[64];
    std::snprintf(limit, sizeof limit, "%g", run_timeout);
    record.status = "timeout";
    record.error = with_tail(std::string("exceeded the run time limit of ") + limit + " s and was killed");
    return record;
  }
  if (WIFSIGNALED(wait_status)) {
    record.status = "crashed";
    record.error = with_tail(describe_signal(WTERMSIG(wait_status)));
    return record;
  }
  const int exit_status = WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : -1;
  nlohmann::json message = nlohmann::json::from_cbor(result, true, false);
  if ((exit_status != kChildOk && exit_status != kChildFailed) || result.empty() || message.is_discarded()) {
    record.status = "crashed";
    record.error = with_tail("exited with status " + std::to_string(exit_status) + " without a result");
    return record;
  }
  if (message.contains("error")) {
    record.status = "failed";
    std::string error = message.at("error").is_string() ? message.at("error").get<std::string>() : "";
    if (error.empty()) error = "the simulation reported an error without a message";
    record.error = with_tail(error);
    return record;
  }
  record.status = "ok";
  record.metrics = flatten_metrics(message.at("metrics"));
  return record;
}

void kill_and_reap(std::vector<InFlight>& in_flight) {
  for (InFlight& child : in_flight) ::kill(child.pid, SIGKILL);
  for (InFlight& child : in_flight) {
    int status = 0;
    while (::waitpid(child.pid, &status, 0) < 0 && errno == EINTR) {
    }
    std::fclose(child.result);
    std::fclose(child.errors);
  }
  in_flight.clear();
}

}  // namespace

Result<BatchSummary> run_batch(const Sweep& sweep, const BatchOptions& options) {
  if (options.jobs < 1) return Status::invalid_argument("-j must be at least 1");
  if (options.run_timeout < 0) return Status::invalid_argument("--run-timeout must not be negative");
  if (Status valid = validate_variants(sweep); !valid.is_ok()) return valid;

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
  // A store error that is the file's fault (not a database, truncated) names the file.
  auto named = [&options](const Status& status) {
    return status.code() == StatusCode::kInvalidArgument
               ? Status::invalid_argument(options.db_path + ": " + status.message())
               : status;
  };
  if (Status status = store.initialize(sweep); !status.is_ok()) return named(status);
  if (options.retry_failed) {
    Result<int> deleted = store.delete_unsuccessful_runs();
    if (!deleted.is_ok()) return named(deleted.status());
  }
  Result<std::set<int>> recorded = store.recorded_run_ids();
  if (!recorded.is_ok()) return named(recorded.status());

  const std::vector<PlannedRun> plan = plan_runs(sweep);
  std::vector<PlannedRun> todo;
  for (const PlannedRun& run : plan) {
    if (recorded->count(run.id) == 0) todo.push_back(run);
  }
  BatchSummary summary;
  summary.total = static_cast<int>(plan.size());
  summary.already_done = summary.total - static_cast<int>(todo.size());

  const Clock::time_point start = Clock::now();
  BatchProgress progress;
  progress.total = summary.total;
  progress.already_done = summary.already_done;
  auto report = [&] {
    progress.done = summary.ran;
    progress.failed = summary.failed;
    progress.elapsed_seconds = std::chrono::duration<double>(Clock::now() - start).count();
    if (options.on_progress) options.on_progress(progress);
  };
  report();

  InterruptGuard interrupt_guard;
  auto interrupted = [&](std::vector<InFlight>& children) {
    kill_and_reap(children);
    return Status::failed_precondition("interrupted by signal " + std::to_string(g_interrupted) + " (" +
                                       strsignal(g_interrupted) + ") after " + std::to_string(summary.ran) +
                                       " runs; they are recorded in '" + options.db_path +
                                       "': continue with --resume");
  };
  // The variant of the run about to start. Runs come in id order, so the replications of one (configuration,
  // strategy) follow each other: one scenario is loaded per variant and only one is held at a time.
  std::optional<Scenario> variant;
  std::pair<int, int> variant_key{-1, -1};
  std::vector<InFlight> in_flight;
  std::size_t next = 0;
  while (next < todo.size() || !in_flight.empty()) {
    if (g_interrupted != 0) return interrupted(in_flight);
    // Fill the pool.
    while (next < todo.size() && static_cast<int>(in_flight.size()) < options.jobs) {
      const PlannedRun& run = todo[next];
      if (variant_key != std::make_pair(run.configuration, run.strategy)) {
        variant.reset();
        Result<Scenario> loaded = load_variant(sweep, static_cast<std::size_t>(run.configuration),
                                               static_cast<std::size_t>(run.strategy));
        if (!loaded.is_ok()) {  // validated above, so only if the scenario changed meanwhile
          kill_and_reap(in_flight);
          return loaded.status();
        }
        variant = std::move(loaded.value());
        variant_key = {run.configuration, run.strategy};
      }
      InFlight child;
      child.run = run;
      child.result = std::tmpfile();
      child.errors = std::tmpfile();
      if (child.result == nullptr || child.errors == nullptr) {
        if (child.result != nullptr) std::fclose(child.result);
        if (child.errors != nullptr) std::fclose(child.errors);
        kill_and_reap(in_flight);
        return Status::internal(std::string("cannot create a temporary file: ") + std::strerror(errno));
      }
      std::fflush(nullptr);
      spdlog::default_logger()->flush();
      child.started = Clock::now();
      const pid_t parent = ::getpid();
      child.pid = ::fork();
      if (child.pid < 0) {
        const int fork_error = errno;
        std::fclose(child.result);
        std::fclose(child.errors);
        kill_and_reap(in_flight);
        return Status::internal(std::string("fork failed: ") + std::strerror(fork_error));
      }
      if (child.pid == 0) {
        die_with_parent(parent);
        child_main(run, *variant, sweep.configurations[run.configuration].name, options,
                   ::fileno(child.result), ::fileno(child.errors));
      }
      spdlog::debug("run {} (configuration '{}', strategy '{}', replication {}, seed {}): process {}", run.id,
                    sweep.configurations[run.configuration].name, sweep.strategies[run.strategy],
                    run.replication, run.seed, child.pid);
      in_flight.push_back(child);
      ++next;
    }

    // Reap whatever has finished; stop whatever has run too long.
    bool reaped = false;
    for (std::size_t i = 0; i < in_flight.size();) {
      InFlight& child = in_flight[i];
      int wait_status = 0;
      const pid_t got = ::waitpid(child.pid, &wait_status, WNOHANG);
      if (got == 0) {
        const double running = std::chrono::duration<double>(Clock::now() - child.started).count();
        if (options.run_timeout > 0 && running > options.run_timeout && !child.timed_out) {
          child.timed_out = true;
          ::kill(child.pid, SIGKILL);
        }
        ++i;
        continue;
      }
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) {
        const int wait_error = errno;
        kill_and_reap(in_flight);
        return Status::internal(std::string("waitpid failed: ") + std::strerror(wait_error));
      }
      // A child killed by SIGINT got the terminal's Ctrl-C with this process: not a result, not recorded.
      const bool child_interrupted = WIFSIGNALED(wait_status) && WTERMSIG(wait_status) == SIGINT;
      RunRecord record = finish(child, wait_status, sweep, options.run_timeout);
      in_flight.erase(in_flight.begin() + static_cast<std::ptrdiff_t>(i));
      reaped = true;
      if (g_interrupted != 0 || child_interrupted) {
        if (g_interrupted == 0) g_interrupted = SIGINT;
        return interrupted(in_flight);
      }
      if (record.status != "ok") {
        spdlog::warn("run {} (configuration '{}', strategy '{}', replication {}) {}: {}", record.id,
                     record.configuration, record.strategy, record.replication, record.status, record.error);
      }
      if (Status status = store.record(record); !status.is_ok()) {
        kill_and_reap(in_flight);
        return status;
      }
      ++summary.ran;
      if (record.status != "ok") ++summary.failed;
      report();
      if (options.kill_after_runs > 0 && summary.ran >= options.kill_after_runs) {
        kill_and_reap(in_flight);
        std::fflush(nullptr);
        ::raise(SIGKILL);
      }
    }
    if (!reaped && !in_flight.empty()) std::this_thread::sleep_for(kPollInterval);
  }
  return summary;
}

}  // namespace hospsim::batch
