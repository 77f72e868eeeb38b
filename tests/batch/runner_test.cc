// Batches of the tiny scenario (one hospital, one data centre, one day): each run takes a fraction of a
// second, so these tests run whole batches in forked processes in a few seconds.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <map>

#include "batch/compare.h"
#include "batch/fault_hooks.h"
#include "batch/runner.h"
#include "batch/store.h"
#include "support/test_files.h"

namespace hospsim::batch {
namespace {

using testing::TempDir;
using testing::tiny_scenario;

// Two outage lengths x strategies none / same / second-link x 3 replications = 18 runs.
Sweep tiny_sweep() {
  Result<Sweep> sweep =
      parse_sweep(R"({"format": "hospsim-sweep/1", "name": "tiny", "description": "batch tests",
      "scenario": ")" +
                      tiny_scenario() + R"(",
      "grid": {"/injections/cut/duration": ["2h", "8h"]},
      "strategies": ["none", "same", "second-link"],
      "replications": 3})",
                  "sweep.json");
  REQUIRE(sweep.is_ok());
  return sweep.value();
}

BatchOptions options_for(const std::string& db, int jobs) {
  BatchOptions options;
  options.db_path = db;
  options.jobs = jobs;
  options.run_timeout = 120;
  return options;
}

BatchData read(const std::string& db) {
  Result<Store> store = Store::open(db, false);
  REQUIRE(store.is_ok());
  Result<BatchData> data = store->read();
  REQUIRE(data.is_ok());
  return data.value();
}

// "%.17g" or "null".
std::string number(const std::optional<double>& value) {
  char text[64] = "null";
  if (value.has_value()) std::snprintf(text, sizeof text, "%.17g", *value);
  return text;
}

// Everything but the timings, one line per run and metric, in id order.
std::string contents(const BatchData& data) {
  std::string text;
  for (const auto& [key, value] : data.metadata) text += key + "=" + value + "\n";
  for (const RunRecord& run : data.runs) {
    text += std::to_string(run.id) + " " + run.configuration + " " + run.strategy + " " +
            std::to_string(run.replication) + " " + std::to_string(run.seed) + " " + run_status_name(run.status) + " " +
            run.error + "\n";
    for (const MetricValue& metric : run.metrics) {
      text += "  " + metric.scope + ":" + metric.metric + "=" + number(metric.value);
      if (metric.baseline || metric.delta)
        text += " baseline " + number(metric.baseline) + " delta " + number(metric.delta);
      text += "\n";
    }
  }
  return text;
}

}  // namespace

TEST_CASE("batch::runner: -j 1 and -j 2 give the same database apart from timings", "[batch]") {
  TempDir dir;
  const Sweep sweep = tiny_sweep();
  Result<BatchCounts> one = run_batch(sweep, options_for(dir.file("one.db"), 1));
  REQUIRE(one.is_ok());
  CHECK(one->total == 18);
  CHECK(one->ran == 18);
  CHECK(one->failed == 0);
  Result<BatchCounts> two = run_batch(sweep, options_for(dir.file("two.db"), 2));
  REQUIRE(two.is_ok());
  const BatchData data = read(dir.file("one.db"));
  REQUIRE(data.runs.size() == 18);
  CHECK(data.runs[0].metrics.size() > 20);
  CHECK(contents(data) == contents(read(dir.file("two.db"))));
}

TEST_CASE("batch::runner: a strategy that changes nothing differs from none by exactly zero", "[batch]") {
  TempDir dir;
  Result<BatchCounts> counts = run_batch(tiny_sweep(), options_for(dir.file("b.db"), 2));
  REQUIRE(counts.is_ok());
  CompareOptions options;  // the default metrics
  Result<Comparison> comparison = compare(read(dir.file("b.db")), options);
  REQUIRE(comparison.is_ok());
  REQUIRE(comparison->metrics.size() == 5);
  int checked = 0;
  for (const MetricComparison& metric : comparison->metrics) {
    for (const ComparisonRow& row : metric.rows) {
      if (row.strategy != "same") continue;
      INFO(metric.metric.label() << " " << row.configuration);
      REQUIRE(row.difference.has_value());
      CHECK(row.difference->n == 3);
      CHECK(row.difference->mean == 0.0);
      CHECK(row.difference->half_width == 0.0);
      ++checked;
    }
  }
  CHECK(checked == 10);
  // The outage does something: the two outage lengths give different metrics (so "exactly zero" above is
  // not the zero of runs that never differ).
  const BatchData data = read(dir.file("b.db"));
  std::map<std::string, std::string> metrics_by_configuration;  // strategy "none", all replications
  for (const RunRecord& run : data.runs) {
    if (run.strategy != "none") continue;
    for (const MetricValue& metric : run.metrics) {
      char value[64] = "null";
      if (metric.value.has_value()) std::snprintf(value, sizeof value, "%.17g", *metric.value);
      metrics_by_configuration[run.configuration] +=
          std::to_string(run.replication) + " " + metric.scope + ":" + metric.metric + "=" + value + "\n";
    }
  }
  REQUIRE(metrics_by_configuration.size() == 2);
  CHECK_FALSE(metrics_by_configuration["duration=2h"].empty());
  CHECK(metrics_by_configuration["duration=2h"] != metrics_by_configuration["duration=8h"]);
}

TEST_CASE("batch::runner: a batch killed half way and resumed equals an uninterrupted one", "[batch]") {
  TempDir dir;
  const Sweep sweep = tiny_sweep();
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    BatchOptions options = options_for(dir.file("resumed.db"), 2);
    // SIGKILLs this child process as soon as 7 runs are committed (the runs in flight die with it).
    options.on_progress = [](const BatchProgress& progress) {
      if (progress.done >= 7) {
        std::fflush(nullptr);
        ::raise(SIGKILL);
      }
    };
    Result<BatchCounts> ignored = run_batch(sweep, options);
    ::_exit(0);  // not reached
  }
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  REQUIRE(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGKILL);
  CHECK(read(dir.file("resumed.db")).runs.size() == 7);

  SECTION("without --resume the existing database is refused") {
    Result<BatchCounts> again = run_batch(sweep, options_for(dir.file("resumed.db"), 2));
    REQUIRE_FALSE(again.is_ok());
    CHECK(again.status().code() == StatusCode::kFailedPrecondition);
    CHECK(again.status().message() == "'" + dir.file("resumed.db") +
                                          "' already exists: use --resume to continue that batch, or choose "
                                          "another --db");
  }
  SECTION("--resume runs only the missing runs") {
    BatchOptions options = options_for(dir.file("resumed.db"), 2);
    options.resume = true;
    Result<BatchCounts> resumed = run_batch(sweep, options);
    REQUIRE(resumed.is_ok());
    CHECK(resumed->already_done == 7);
    CHECK(resumed->ran == 11);
    Result<BatchCounts> whole = run_batch(sweep, options_for(dir.file("whole.db"), 1));
    REQUIRE(whole.is_ok());
    CHECK(contents(read(dir.file("resumed.db"))) == contents(read(dir.file("whole.db"))));
  }
}

TEST_CASE("batch::runner: a crashing run is recorded and the others complete", "[batch]") {
  TempDir dir;
  BatchOptions options = options_for(dir.file("b.db"), 2);
  Result<BatchCounts> counts = run_batch(tiny_sweep(), options, faulty_simulation("duration=8h", ""));
  REQUIRE(counts.is_ok());
  CHECK(counts->ran == 18);
  CHECK(counts->failed == 9);
  const BatchData data = read(dir.file("b.db"));
  REQUIRE(data.runs.size() == 18);
  for (const RunRecord& run : data.runs) {
    INFO("run " << run.id);
    if (run.configuration == "duration=8h") {
      CHECK(run.status == RunStatus::kCrashed);
      CHECK(run.error ==
            "killed by signal 6 (Aborted); stderr: test hook HOSPSIM_TEST_CRASH_CONFIG: aborting run " +
                std::to_string(run.id) + " of configuration 'duration=8h'");
      CHECK(run.metrics.empty());
    } else {
      CHECK(run.status == RunStatus::kOk);
      CHECK_FALSE(run.metrics.empty());
    }
  }

  SECTION("--resume --retry-failed runs the crashed runs again") {
    BatchOptions retry = options_for(dir.file("b.db"), 2);
    retry.resume = true;
    retry.retry_failed = true;
    Result<BatchCounts> again = run_batch(tiny_sweep(), retry);
    REQUIRE(again.is_ok());
    CHECK(again->already_done == 9);
    CHECK(again->ran == 9);
    CHECK(again->failed == 0);
  }
}

TEST_CASE("batch::runner: a run over its time limit is killed and recorded as timeout", "[batch]") {
  // Only the hanging configuration: every run sleeps until it is killed, so only the limit can end it, and
  // nothing here depends on how fast the machine is. Asserted is what the limit does: every run is killed
  // (SIGKILL, recorded as timeout with the limit in its error), none before the limit. Whether the child got
  // to write its stderr line before the kill depends on the machine's load, so the error may or may not end
  // with it; when it does, it is that line. (That normal runs finish under a limit, the other tests show;
  // that stderr is captured, the crash test does.)
  Result<Sweep> sweep =
      parse_sweep(R"({"format": "hospsim-sweep/1", "name": "hang", "description": "batch tests",
      "scenario": ")" +
                      tiny_scenario() + R"(",
      "grid": {"/injections/cut/duration": ["2h"]},
      "strategies": ["none", "same", "second-link"],
      "replications": 3})",
                  "sweep.json");
  REQUIRE(sweep.is_ok());
  TempDir dir;
  BatchOptions options = options_for(dir.file("b.db"), 2);
  options.run_timeout = 0.5;
  Result<BatchCounts> counts = run_batch(sweep.value(), options, faulty_simulation("", "duration=2h"));
  REQUIRE(counts.is_ok());
  CHECK(counts->ran == 9);
  CHECK(counts->failed == 9);
  const BatchData data = read(dir.file("b.db"));
  REQUIRE(data.runs.size() == 9);
  const std::string killed = "exceeded the run time limit of 0.5 s and was killed";
  for (const RunRecord& run : data.runs) {
    INFO("run " << run.id << ": " << run.error);
    CHECK(run.status == RunStatus::kTimeout);
    CHECK(run.metrics.empty());
    CHECK(run.wall_seconds >= 0.5);  // killed at the limit, never before it
    const std::string hook_line =
        "test hook HOSPSIM_TEST_HANG_CONFIG: run " + std::to_string(run.id) + " sleeps until it is killed";
    CHECK((run.error == killed || run.error == killed + "; stderr: " + hook_line));
  }
}

TEST_CASE("batch::runner: an invalid variant stops the batch before anything runs", "[batch]") {
  TempDir dir;
  Result<Sweep> sweep = parse_sweep(R"({"format": "hospsim-sweep/1", "name": "bad", "description": "d",
      "scenario": ")" + tiny_scenario() +
                                        R"(", "grid": {"/hospitals/hosp/ed/treatment_spaces": [4, -3]}})",
                                    "sweep.json");
  REQUIRE(sweep.is_ok());
  Result<BatchCounts> counts = run_batch(sweep.value(), options_for(dir.file("b.db"), 2));
  REQUIRE_FALSE(counts.is_ok());
  CHECK(counts.status().code() == StatusCode::kInvalidArgument);
  CHECK_THAT(counts.status().message(),
             Catch::StartsWith("sweep.json: configuration 'treatment_spaces=-3': " + tiny_scenario() +
                               ": /hospitals/hosp/ed/treatment_spaces: "));
  CHECK_FALSE(std::filesystem::exists(dir.file("b.db")));
}

}  // namespace hospsim::batch

namespace hospsim::batch {

TEST_CASE("batch::runner: with baseline every run has its paired no-injection run", "[batch]") {
  TempDir dir;
  // The outage at 8 h, and a configuration without injections that skips the duration key: the baseline of
  // an outage run is the no-outage run of the same strategy and replication (same seed).
  Result<Sweep> sweep =
      parse_sweep(R"({"format": "hospsim-sweep/1", "name": "paired", "description": "baseline test",
      "scenario": ")" +
                      tiny_scenario() + R"(", "baseline": true,
      "configurations": {"outage": {"description": "the cut"},
                         "no-outage": {"description": "no injection", "patch": {"injections": null},
                                       "skip_grid": true}},
      "grid": {"/injections/cut/duration": ["8h"]},
      "strategies": ["none", "second-link"], "replications": 2})",
                  "sweep.json");
  REQUIRE(sweep.is_ok());
  Result<BatchCounts> counts = run_batch(sweep.value(), options_for(dir.file("b.db"), 2));
  REQUIRE(counts.is_ok());
  CHECK(counts->ran == 8);
  CHECK(counts->failed == 0);
  const BatchData data = read(dir.file("b.db"));
  CHECK(data.with_baseline);
  REQUIRE(data.runs.size() == 8);
  std::map<std::string, const RunRecord*> no_outage;  // by "strategy/replication"
  for (const RunRecord& run : data.runs) {
    if (run.configuration == "no-outage")
      no_outage[run.strategy + "/" + std::to_string(run.replication)] = &run;
  }
  REQUIRE(no_outage.size() == 4);
  int deltas = 0;
  int nonzero = 0;
  for (const RunRecord& run : data.runs) {
    REQUIRE(run.status == RunStatus::kOk);
    const RunRecord& plain = *no_outage.at(run.strategy + "/" + std::to_string(run.replication));
    REQUIRE(run.metrics.size() == plain.metrics.size());
    for (std::size_t i = 0; i < run.metrics.size(); ++i) {
      const MetricValue& metric = run.metrics[i];
      INFO(run.configuration << " " << run.strategy << " " << run.replication << " " << metric.scope << ":"
                             << metric.metric);
      // The baseline is the value of the same strategy and seed without injections.
      CHECK(number(metric.baseline) == number(plain.metrics[i].value));
      if (metric.value && metric.baseline) {
        REQUIRE(metric.delta.has_value());
        CHECK(*metric.delta == *metric.value - *metric.baseline);
        ++deltas;
        if (*metric.delta != 0.0) ++nonzero;
      } else {
        CHECK_FALSE(metric.delta.has_value());
      }
      if (run.configuration == "no-outage") CHECK(number(metric.delta) == (metric.value ? "0" : "null"));
    }
  }
  CHECK(deltas > 100);
  CHECK(nonzero > 0);  // the outage changes something
  // The region's IT availability: 100% without injections, less under an 8-hour cut with one link.
  for (const MetricValue& metric : data.runs[0].metrics) {
    if (metric.scope != "region" || metric.metric != "it_availability_pct") continue;
    CHECK(metric.baseline == 100.0);
    CHECK(*metric.value < 100.0);
  }
}

TEST_CASE("batch::runner: a batch with baselines killed half way and resumed equals an uninterrupted one",
          "[batch]") {
  TempDir dir;
  Result<Sweep> sweep = parse_sweep(R"({"format": "hospsim-sweep/1", "name": "paired", "description": "d",
      "scenario": ")" + tiny_scenario() +
                                        R"(", "baseline": true, "strategies": ["none", "second-link"],
      "replications": 3})",
                                    "sweep.json");
  REQUIRE(sweep.is_ok());
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    BatchOptions options = options_for(dir.file("resumed.db"), 2);
    // SIGKILLs this child process as soon as 2 runs are committed (the processes in flight die with it).
    options.on_progress = [](const BatchProgress& progress) {
      if (progress.done >= 2) {
        std::fflush(nullptr);
        ::raise(SIGKILL);
      }
    };
    Result<BatchCounts> ignored = run_batch(sweep.value(), options);
    ::_exit(0);  // not reached
  }
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  REQUIRE(WIFSIGNALED(status));
  CHECK(read(dir.file("resumed.db")).runs.size() == 2);
  BatchOptions options = options_for(dir.file("resumed.db"), 2);
  options.resume = true;
  Result<BatchCounts> resumed = run_batch(sweep.value(), options);
  REQUIRE(resumed.is_ok());
  CHECK(resumed->ran == 4);
  Result<BatchCounts> whole = run_batch(sweep.value(), options_for(dir.file("whole.db"), 1));
  REQUIRE(whole.is_ok());
  const std::string text = contents(read(dir.file("whole.db")));
  CHECK_THAT(text, Catch::Contains(" baseline "));
  CHECK(contents(read(dir.file("resumed.db"))) == text);
}

TEST_CASE("batch::runner: a crashing baseline fails its run, named as the baseline", "[batch]") {
  TempDir dir;
  Result<Sweep> sweep = parse_sweep(R"({"format": "hospsim-sweep/1", "name": "paired", "description": "d",
      "scenario": ")" + tiny_scenario() +
                                        R"(", "baseline": true, "replications": 2})",
                                    "sweep.json");
  REQUIRE(sweep.is_ok());
  BatchOptions options = options_for(dir.file("b.db"), 2);
  Result<BatchCounts> counts = run_batch(sweep.value(), options, faulty_simulation("base/baseline", ""));
  REQUIRE(counts.is_ok());
  CHECK(counts->failed == 2);
  for (const RunRecord& run : read(dir.file("b.db")).runs) {
    CHECK(run.status == RunStatus::kCrashed);
    CHECK_THAT(run.error, Catch::StartsWith("the baseline: killed by signal 6 (Aborted); stderr: test hook"));
    CHECK(run.metrics.empty());
  }
}

}  // namespace hospsim::batch
