#include "batch/fault_hooks.h"

#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <utility>

#include <fmt/format.h>

namespace hospsim::batch {

RunSimulation faulty_simulation(std::string crash_configuration, std::string hang_configuration) {
  return [crash = std::move(crash_configuration), hang = std::move(hang_configuration)](
             const PlannedRun& run, const Scenario& variant,
             const std::string& configuration) -> Result<SimulationOutput> {
    if (!crash.empty() && crash == configuration) {
      const rlimit no_core{0, 0};
      ::setrlimit(RLIMIT_CORE, &no_core);
      fmt::print(stderr, "test hook HOSPSIM_TEST_CRASH_CONFIG: aborting run {} of configuration '{}'\n",
                 run.id, configuration);
      std::fflush(stderr);
      std::abort();
    }
    if (!hang.empty() && hang == configuration) {
      fmt::print(stderr, "test hook HOSPSIM_TEST_HANG_CONFIG: run {} sleeps until it is killed\n", run.id);
      std::fflush(stderr);
      for (;;) ::pause();
    }
    return simulate_planned_run(run, variant, configuration);
  };
}

}  // namespace hospsim::batch
