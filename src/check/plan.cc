#include "check/plan.h"

#include <sys/wait.h>

#include <algorithm>
#include <map>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "hospsim/loader.h"
#include "hospsim/run.h"
#include "run/outputs.h"
#include "run/process_pool.h"
#include "scenario/files.h"

namespace hospsim::check {

namespace {

// The text of an expectation file, kept for --update (the file was read and parsed just before).
constexpr std::size_t kMaxExpectationFileBytes = std::size_t{16} << 20;

// The body of the child that simulates one paired run: its summary.json and events.csv.
ProcessPool::Body simulate_pair(const Scenario& scenario, std::uint64_t seed) {
  return [&scenario, seed]() -> Result<nlohmann::json> {
    Result<PairedOutput> output = run_with_baseline(scenario, seed, true, false);
    if (!output.is_ok()) return output.status();
    RunOutputTexts files = render_run_outputs(scenario, seed, output.value());
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

}  // namespace

Result<std::vector<LoadedFile>> load_files(const std::vector<std::string>& expectation_files) {
  std::vector<LoadedFile> files;
  std::vector<Problem> problems;
  for (const std::string& path : expectation_files) {
    Result<ExpectationFile> parsed = load_expectations(path);
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
    Result<std::string> text = read_input_file(path, kMaxExpectationFileBytes, "an expectation file");
    files.push_back(LoadedFile{parsed.value(), std::move(scenario.value()),
                               text.is_ok() ? std::move(text.value()) : std::string()});
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
      for (int r = 0; r < count; ++r) runs.push_back(job_for(f, seed + static_cast<std::uint64_t>(r)));
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
