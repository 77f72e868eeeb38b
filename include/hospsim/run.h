// Running a scenario: one simulation per process, and the paired run + baseline of `hospsim run`.
//
// SimGrid allows one Engine per process (a second one silently carries the clock over), so every simulation
// runs in a forked child process that creates the Engine, simulates, writes its output back to the parent
// through an anonymous temporary file, and _exit()s. The parent never creates an Engine.
//
// A run's paired baseline is the same scenario and seed with every injection removed: the random streams are
// named after entities, so both runs draw the same numbers and their differences are caused by the
// injections.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "hospsim/metrics.h"
#include "hospsim/scenario.h"
#include "hospsim/status.h"
#include "hospsim/timeline.h"

namespace hospsim {

// What one simulation produces (see src/metrics for the meaning of each part).
struct SimulationOutput {
  // Every metric of the metric table by id, per hospital, per hospital and service and for the region
  // (include/hospsim/metrics.h; RunCollector::run_metrics()).
  RunMetrics metrics;
  // The calibration figures of this run (RunCollector::calibration(); src/metrics/calibration.h).
  RunCalibration calibration;
  // The hourly timeline and the incident log (include/hospsim/timeline.h; RunCollector::take_log()), as
  // typed rows; src/run/outputs.h renders them as timeline.csv and events.csv.
  RunLog log;
  // Patient-level records (metrics/records.h: ed.csv, surgery.csv, outpatient.csv with their headers); empty
  // unless SimulationRequest::records.
  std::string records_ed_csv;
  std::string records_surgery_csv;
  std::string records_outpatient_csv;
  // Diversion flows between hospitals, ordered by from then to (RunCollector::diversion_flows());
  // summary.json's "diversions".
  std::vector<DiversionFlow> diversions;
  std::uint64_t events = 0;   // model events emitted
  double wall_seconds = 0.0;  // wall-clock time of the simulation itself
  double simulated_seconds = 0.0;
  // Cost of the simulation, for `hospsim run --stats` and the benchmark (bench/); never part of the results.
  std::uint64_t it_requests = 0;         // IT requests (probes, clinical requests, orchestrator probes)
  std::uint64_t it_requests_elided = 0;  // of which accounted without being simulated (quiet paths)
  std::uint64_t peak_rss_kb = 0;  // peak resident set size of the process that simulated (ru_maxrss, KiB)
  double cpu_seconds = 0.0;       // user + system CPU time of that process
};

// How IT requests are simulated (docs/model.md, "Quiet-path elision"). kElided: requests on paths where
// nothing can fail are accounted instead of simulated (the default; the same outcomes, much faster).
// kFull: every request is simulated by SimGrid (the reference, `hospsim run --it-model full`).
enum class ItModelMode { kElided, kFull };

struct SimulationRequest {
  const Scenario* scenario = nullptr;
  std::uint64_t seed = 1;
  std::string label = "scenario";  // "scenario" or "baseline": names the run in error messages
  ItModelMode it_model = ItModelMode::kElided;
  bool records = false;  // also collect the patient-level records (SimulationOutput::records_*)
};

// Simulates in THIS process. REQUIRES: no SimGrid Engine was ever created in this process, and none will be
// after (use simulate_in_child() from a long-lived process). Fails with kInternal on an unexpected error.
Result<SimulationOutput> simulate_here(const SimulationRequest& request);

// Simulates in a forked child process and returns its output. A child that crashes, is killed, or exits
// without output gives kInternal with the exit status in the message. `time_limit` (wall seconds, 0 = none)
// kills a child that runs longer.
Result<SimulationOutput> simulate_in_child(const SimulationRequest& request, double time_limit = 0.0);

// The scenario with every injection removed (the paired baseline).
Scenario baseline_of(const Scenario& scenario);

struct PairedOutput {
  SimulationOutput run;
  std::optional<SimulationOutput> baseline;  // absent with `with_baseline` false
};

// The run and, unless disabled, its paired baseline, as two sibling processes (at the same time when
// `parallel` is true); with `records`, the run (not its baseline) also collects the patient-level records.
Result<PairedOutput> run_with_baseline(const Scenario& scenario, std::uint64_t seed, bool with_baseline,
                                       bool parallel, ItModelMode it_model = ItModelMode::kElided,
                                       bool records = false);

}  // namespace hospsim
