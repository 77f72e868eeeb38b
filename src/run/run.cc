#include "hospsim/run.h"

#include "run/output_message.h"
#include "run/process_pool.h"

#include <sys/wait.h>

#include <algorithm>
#include <string>
#include <vector>

namespace hospsim {

namespace {

// The output of a simulation child (`label`: "scenario" or "baseline"), or why there is none.
// Takes the result out of `outcome`.
Result<SimulationOutput> output_of(ChildOutcome& outcome, const std::string& label) {
  if (!outcome.clean_exit() || outcome.kind == ChildOutcome::Kind::kEmpty) {
    std::string how;
    if (outcome.timed_out) {
      how = "exceeded its time limit and was stopped";
    } else if (WIFSIGNALED(outcome.wait_status)) {
      how = "was " + describe_signal(WTERMSIG(outcome.wait_status));
    } else if (WIFEXITED(outcome.wait_status)) {
      how = "exited with status " + std::to_string(outcome.exit_status());
    } else {
      how = "ended abnormally";
    }
    return Status::internal("the " + label + " simulation process " + how + " without a result");
  }
  if (outcome.kind == ChildOutcome::Kind::kUnreadable) {
    return Status::internal("the " + label + " simulation wrote an unreadable result");
  }
  if (outcome.kind == ChildOutcome::Kind::kError) {
    return Status::internal("the " + label + " simulation failed: " + outcome.error);
  }
  Result<SimulationOutput> output = output_from_message(outcome.value);
  if (!output.is_ok()) {
    return Status::internal("the " + label +
                            " simulation wrote an unreadable result: " + output.status().message());
  }
  return output;
}

// The body of a simulation child.
ProcessPool::Body simulation(const SimulationRequest& request) {
  return [&request]() -> Result<nlohmann::json> {
    Result<SimulationOutput> result = simulate_here(request);
    if (!result.is_ok()) return result.status();
    return output_message(std::move(result.value()));
  };
}

}  // namespace

Result<SimulationOutput> simulate_in_child(const SimulationRequest& request, double time_limit) {
  ProcessPool pool({time_limit, false});
  if (Result<int> child = pool.spawn(0, simulation(request)); !child.is_ok()) return child.status();
  Result<std::vector<ChildOutcome>> ended = pool.wait_all();
  if (!ended.is_ok()) return ended.status();
  return output_of(ended.value().front(), request.label);
}

Scenario baseline_of(const Scenario& scenario) {
  Scenario baseline = scenario;
  baseline.injections.clear();
  return baseline;
}

Result<PairedOutput> run_with_baseline(const Scenario& scenario, std::uint64_t seed, bool with_baseline,
                                       bool parallel, ItModelMode it_model, bool records) {
  const Scenario baseline = baseline_of(scenario);
  SimulationRequest run_request{&scenario, seed, "scenario", it_model};
  run_request.records = records;
  SimulationRequest baseline_request{&baseline, seed, "baseline", it_model};

  PairedOutput output;
  if (!with_baseline) {
    Result<SimulationOutput> run = simulate_in_child(run_request);
    if (!run.is_ok()) return run.status();
    output.run = std::move(run.value());
    return output;
  }
  if (parallel) {
    ProcessPool pool({0.0, false});
    if (Result<int> child = pool.spawn(0, simulation(run_request)); !child.is_ok()) return child.status();
    if (Result<int> child = pool.spawn(1, simulation(baseline_request)); !child.is_ok()) return child.status();
    Result<std::vector<ChildOutcome>> ended = pool.wait_all();
    if (!ended.is_ok()) return ended.status();
    std::vector<ChildOutcome>& outcomes = ended.value();
    std::sort(outcomes.begin(), outcomes.end(),
              [](const ChildOutcome& a, const ChildOutcome& b) { return a.task < b.task; });
    Result<SimulationOutput> run = output_of(outcomes[0], "scenario");
    Result<SimulationOutput> base = output_of(outcomes[1], "baseline");
    if (!run.is_ok()) return run.status();
    if (!base.is_ok()) return base.status();
    output.run = std::move(run.value());
    output.baseline = std::move(base.value());
    return output;
  }
  Result<SimulationOutput> run = simulate_in_child(run_request);
  if (!run.is_ok()) return run.status();
  Result<SimulationOutput> base = simulate_in_child(baseline_request);
  if (!base.is_ok()) return base.status();
  output.run = std::move(run.value());
  output.baseline = std::move(base.value());
  return output;
}

}  // namespace hospsim
