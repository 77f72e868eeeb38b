// The simulations a check needs (check/checker.h says what a check is): the expectation files and their
// scenarios loaded, the distinct (scenario, seed) paired runs planned, and run in forked processes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "check/checker.h"
#include "check/expectation.h"
#include "hospsim/scenario.h"
#include "hospsim/status.h"

namespace hospsim::check {

// One expectation file with its scenario (the file's strategy merged in).
struct LoadedFile {
  ExpectationFile file;
  Scenario scenario;
  std::string text;  // the expectation file's text (rewritten by --update)
};

// One paired simulation of a file's scenario at one seed, and what it produced.
struct Simulation {
  std::size_t file = 0;  // index into the loaded files (its scenario)
  std::uint64_t seed = 0;
  bool ok = false;
  std::string error;         // when !ok: why (a message, a signal, an exit status)
  std::string summary_json;  // summary.json bytes
  std::string events_csv;    // events.csv bytes
  double seconds = 0.0;      // wall time of its process
  int users = 0;             // expectations judged on it (it is run once for all of them)
};

struct CheckPlan {
  std::vector<Simulation> simulations;  // distinct (file, seed), in order of first use
  // needed[file][expectation]: the simulations the expectation is judged on (one for an exact expectation,
  // its replications at consecutive seeds for a statistical one).
  std::vector<std::vector<std::vector<std::size_t>>> needed;
};

// Loads every file and its scenario. Fails with kInvalidArgument listing the problems of every invalid file
// or scenario (nothing is simulated then), or naming a file that cannot be read.
Result<std::vector<LoadedFile>> load_files(const std::vector<std::string>& expectation_files);

// The distinct simulations `files` need; an expectation without a seed uses its scenario's.
CheckPlan plan_simulations(const std::vector<LoadedFile>& files);

// Runs every simulation, up to options.jobs at a time, each in its own process (run/process_pool.h), filling
// in what it produced; calls options.on_progress. Fails with kInternal when no process can be started.
Status run_simulations(std::vector<Simulation>& simulations, const std::vector<LoadedFile>& files,
                       const CheckOptions& options);

}  // namespace hospsim::check
