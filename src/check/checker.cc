#include "check/checker.h"

#include <algorithm>
#include <chrono>
#include <filesystem>

#include "check/judge.h"
#include "check/plan.h"
#include "scenario/files.h"

namespace hospsim::check {

int CheckReport::exit_code() const {
  if (errors > 0) return kExitInternal;
  if (bad_input > 0) return kExitBadInput;
  if (failed > 0) return kExitCheckFailed;
  return kExitOk;
}

std::vector<std::string> expand_paths(const std::vector<std::string>& paths) {
  std::vector<std::string> out;
  for (const std::string& path : paths) {
    std::error_code error;
    if (!std::filesystem::is_directory(path, error)) {
      out.push_back(path);
      continue;
    }
    std::vector<std::string> found;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(path, error)) {
      const std::string name = entry.path().filename().string();
      const std::string suffix = ".expect.json";
      if (entry.is_regular_file() && name.size() > suffix.size() &&
          name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
        found.push_back(entry.path().string());
      }
    }
    std::sort(found.begin(), found.end());
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;
}

Result<CheckReport> run_check(const std::vector<std::string>& expectation_files,
                              const CheckOptions& options) {
  Result<std::vector<LoadedFile>> loaded_files = load_files(expectation_files);
  if (!loaded_files.is_ok()) return loaded_files.status();
  std::vector<LoadedFile>& files = loaded_files.value();
  CheckPlan plan = plan_simulations(files);
  std::vector<Simulation>& jobs = plan.simulations;
  const auto& needed = plan.needed;
  const auto started = std::chrono::steady_clock::now();
  if (Status status = run_simulations(jobs, files, options); !status.is_ok()) return status;

  CheckReport report;
  report.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  report.simulations = static_cast<int>(jobs.size());
  for (std::size_t f = 0; f < files.size(); ++f) {
    LoadedFile& loaded = files[f];
    FileOutcome file_outcome;
    file_outcome.path = loaded.file.path;
    file_outcome.scenario = loaded.file.scenario_path;
    file_outcome.strategy = loaded.file.strategy;
    const std::string original_text = loaded.text;
    for (std::size_t e = 0; e < loaded.file.expectations.size(); ++e) {
      const Expectation& expectation = loaded.file.expectations[e];
      Outcome outcome;
      if (expectation.kind == Kind::kExact) {
        outcome = judge_exact(expectation, loaded, jobs[needed[f][e].front()], options.update, loaded.text,
                              report.updated);
      } else {
        std::vector<const Simulation*> runs;
        for (std::size_t j : needed[f][e]) runs.push_back(&jobs[j]);
        outcome = judge_statistical(expectation, loaded, runs, options.update, loaded.text, report.updated);
      }
      switch (outcome.verdict) {
        case Verdict::kPass:
          ++report.passed;
          break;
        case Verdict::kFail:
          ++report.failed;
          break;
        case Verdict::kBadInput:
          ++report.bad_input;
          break;
        case Verdict::kError:
          ++report.errors;
          break;
        case Verdict::kUpdated:
          break;
      }
      file_outcome.outcomes.push_back(std::move(outcome));
    }
    if (options.update && loaded.text != original_text) {
      if (Status written = write_file_atomically(loaded.file.path, loaded.text); !written.is_ok())
        return written;
    }
    report.files.push_back(std::move(file_outcome));
  }
  return report;
}

}  // namespace hospsim::check
