#include "check/plan.h"

#include <sys/wait.h>

#include <algorithm>
#include <map>
#include <optional>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "check/judge.h"
#include "hospsim/loader.h"
#include "hospsim/run.h"
#include "metrics/collector.h"
#include "metrics/summary.h"
#include "run/outputs.h"
#include "run/process_pool.h"
#include "scenario/files.h"
#include "scenario/json_document.h"

namespace hospsim::check {

namespace {

// The body of the child that simulates one paired run: its summary.json and events.csv.
ProcessPool::Body simulate_pair(const Scenario& scenario, std::uint64_t seed) {
  return [&scenario, seed]() -> Result<nlohmann::json> {
    Result<PairedOutput> output = run_with_baseline(scenario, seed, true, false);
    if (!output.is_ok()) return output.status();
    RunOutputTexts files =
        render_run_outputs(run_summary(scenario, seed, output.value()), scenario.start, output.value());
    return nlohmann::json{{"summary", std::move(files.summary_json)},
                          {"events", std::move(files.events_csv)}};
  };
}

void finish(Simulation& job, const ChildOutcome& outcome) {
  job.seconds = outcome.seconds;
  if (WIFSIGNALED(outcome.wait_status)) {
    job.error = "the simulation process was " + describe_signal(WTERMSIG(outcome.wait_status));
    return;
  }
  if (outcome.kind == ChildOutcome::Kind::kEmpty || outcome.kind == ChildOutcome::Kind::kUnreadable) {
    job.error =
        fmt::format("the simulation process exited with status {} without a result", outcome.exit_status());
    return;
  }
  if (outcome.kind == ChildOutcome::Kind::kError) {
    job.error = outcome.error;
    return;
  }
  job.ok = true;
  job.summary_json = outcome.value.at("summary").get<std::string>();
  job.events_csv = outcome.value.at("events").get<std::string>();
}

// The metrics section of the summary.json of any paired run of `scenario`: the metrics a collector gives
// before any event (their names do not depend on what happens, only on the scenario: its hospitals, and the
// attack metrics with a ransomware injection), each as {value, baseline, delta, delta_pct}.
nlohmann::json summary_skeleton(const Scenario& scenario) {
  RunCollector collector(scenario);
  collector.on_end(scenario.horizon);
  const RunMetrics metrics = collector.run_metrics();
  return {{"metrics", paired_metrics(metrics, metrics)}};
}

// The statistical expectations of `loaded` whose metric (METRIC or HOSPITAL:METRIC; a JSON pointer is judged
// after the runs) is not in summary.json, as problems at their "metric" key: found before simulating.
std::vector<Problem> unknown_metrics(const LoadedFile& loaded) {
  std::vector<Problem> problems;
  std::optional<nlohmann::json> skeleton;
  std::optional<JsonDocument> document;
  for (const Expectation& expectation : loaded.file.expectations) {
    if (expectation.kind != Kind::kStatistical || expectation.metric.empty() ||
        expectation.metric.front() == '/') {
      continue;
    }
    if (!skeleton) skeleton = summary_skeleton(loaded.scenario);
    const std::string pointer = expectation.summary_pointer();
    bool found = false;
    try {
      found = skeleton->contains(nlohmann::json::json_pointer(pointer));
    } catch (const nlohmann::json::exception&) {
      found = false;
    }
    if (found) continue;
    if (!document) {
      Result<JsonDocument> parsed = parse_json_document(loaded.text, loaded.file.path, "an expectation file");
      if (parsed.is_ok()) document = std::move(parsed.value());
    }
    const std::string at = expectation.pointer + "/metric";
    const TextPosition position = document ? document->position_of(at) : TextPosition{};
    problems.push_back(Problem{loaded.file.path, position.line, position.column, at,
                               fmt::format("metric \"{}\" is not in summary.json (no {}); {}",
                                           expectation.metric, pointer, known_members(*skeleton, pointer))});
  }
  return problems;
}

}  // namespace

Result<std::vector<LoadedFile>> load_files(const std::vector<std::string>& expectation_files) {
  std::vector<LoadedFile> files;
  std::vector<Problem> problems;
  for (const std::string& path : expectation_files) {
    // Read once: the text is parsed here and rewritten by --update.
    Result<std::string> text = read_input_file(path, kMaxExpectationBytes, "an expectation file");
    if (!text.is_ok()) {
      problems.push_back(Problem{"", 0, 0, "", text.status().message()});  // names the file itself
      continue;
    }
    Result<ExpectationFile> parsed = parse_expectations(text.value(), path);
    if (!parsed.is_ok()) {
      if (parsed.status().problems().empty()) {
        problems.push_back(Problem{"", 0, 0, "", parsed.status().message()});  // names the file itself
      }
      problems.insert(problems.end(), parsed.status().problems().begin(), parsed.status().problems().end());
      continue;
    }
    Result<Scenario> scenario = load_scenario_file(parsed->scenario_path, LoadOptions{parsed->strategy});
    if (!scenario.is_ok()) {
      if (scenario.status().problems().empty()) {
        problems.push_back(Problem{path, 0, 0, "/scenario", scenario.status().message()});
      }
      problems.insert(problems.end(), scenario.status().problems().begin(),
                      scenario.status().problems().end());
      continue;
    }
    LoadedFile loaded{parsed.value(), std::move(scenario.value()), std::move(text.value())};
    if (std::vector<Problem> unknown = unknown_metrics(loaded); !unknown.empty()) {
      problems.insert(problems.end(), unknown.begin(), unknown.end());
      continue;
    }
    files.push_back(std::move(loaded));
  }
  if (expectation_files.empty()) return Status::invalid_argument("no expectation files given or found");
  if (!problems.empty()) return Status::from_problems(problems);

  return files;
}

CheckPlan plan_simulations(const std::vector<LoadedFile>& files) {
  CheckPlan plan;
  std::vector<Simulation>& jobs = plan.simulations;
  std::map<std::pair<std::size_t, std::uint64_t>, std::size_t> job_of;
  auto job_for = [&](std::size_t file, std::uint64_t seed) {
    auto [it, inserted] = job_of.try_emplace({file, seed}, jobs.size());
    if (inserted) {
      Simulation job;
      job.file = file;
      job.seed = seed;
      jobs.push_back(std::move(job));
    }
    return it->second;
  };
  auto& needed = plan.needed;
  needed.resize(files.size());
  for (std::size_t f = 0; f < files.size(); ++f) {
    for (const Expectation& expectation : files[f].file.expectations) {
      const std::uint64_t seed = expectation.seed.value_or(files[f].scenario.seed);
      std::vector<std::size_t> runs;
      const int count = expectation.kind == Kind::kExact ? 1 : expectation.replications;
      for (int r = 0; r < count; ++r) {
        const std::size_t job = job_for(f, seed + static_cast<std::uint64_t>(r));
        ++jobs[job].users;
        runs.push_back(job);
      }
      needed[f].push_back(std::move(runs));
    }
  }
  return plan;
}

Status run_simulations(std::vector<Simulation>& jobs, const std::vector<LoadedFile>& files,
                       const CheckOptions& options) {
  const int total = static_cast<int>(jobs.size());
  int done = 0;
  if (options.on_progress) options.on_progress(done, total);
  ProcessPool pool({0.0, false});
  std::size_t next = 0;
  while (next < jobs.size() || pool.running() > 0) {
    while (next < jobs.size() && static_cast<int>(pool.running()) < std::max(1, options.jobs)) {
      Result<int> pid = pool.spawn(next, simulate_pair(files[jobs[next].file].scenario, jobs[next].seed));
      if (!pid.is_ok()) return pid.status();
      ++next;
    }
    Result<std::vector<ChildOutcome>> ended = pool.wait_any();
    if (!ended.is_ok()) return ended.status();
    for (const ChildOutcome& outcome : ended.value()) {
      finish(jobs[outcome.task], outcome);
      ++done;
      if (options.on_progress) options.on_progress(done, total);
    }
  }
  return Status::ok();
}

}  // namespace hospsim::check
