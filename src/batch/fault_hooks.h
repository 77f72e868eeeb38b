// Runs that fail on purpose, for the tests of the batch runner (tests/batch) and the test hooks of
// `hospsim batch` (src/cli/batch_command.cc: HOSPSIM_TEST_CRASH_CONFIG, HOSPSIM_TEST_HANG_CONFIG), through
// the runner's test seam (run_batch() with a RunSimulation, batch/runner.h). Not used by a normal batch.
#pragma once

#include <string>

#include "batch/runner.h"

namespace hospsim::batch {

// A RunSimulation that, in the child, aborts (without a core file) every run of configuration
// `crash_configuration` and sleeps until killed in every run of `hang_configuration`, after a line on stderr
// saying so; every other run is simulate_planned_run(). An empty name matches no configuration. The child of
// a paired baseline is named "<configuration>/baseline" (runner.h), so "NAME/baseline" fails only those.
RunSimulation faulty_simulation(std::string crash_configuration, std::string hang_configuration);

}  // namespace hospsim::batch
