// simulate_here(): one simulation in this process, the recipe of a run from top to bottom.
#include <sys/resource.h>

#include <chrono>
#include <exception>
#include <memory>
#include <string>

#include <simgrid/s4u.hpp>
#include <xbt/log.h>

#include "clinical/clinical_driver.h"
#include "clinical/clinical_model.h"
#include "hospsim/events.h"
#include "hospsim/run.h"
#include "it/it_model.h"
#include "metrics/collector.h"
#include "metrics/records.h"
#include "platform/platform.h"

namespace hospsim {

Result<SimulationOutput> simulate_here(const SimulationRequest& request) {
  const Scenario& scenario = *request.scenario;
  const auto wall_start = std::chrono::steady_clock::now();
  try {
    EventBus bus;
    RunCollector collector(scenario);
    bus.subscribe(&collector);
    RecordCollector records;
    if (request.records) bus.subscribe(&records);

    std::unique_ptr<simgrid::s4u::Engine> engine = create_engine();
    Platform platform = build_platform(scenario);
    ItModel it(scenario, platform, bus, request.seed, request.it_model == ItModelMode::kElided);
    it.start();
    ClinicalModel clinical(scenario, it, bus, request.seed);
    start_clinical_driver(clinical, platform.control_host(), scenario.horizon, &it);
    start_horizon(platform, scenario.horizon, bus);
    engine->run();

    SimulationOutput output;
    output.metrics = collector.run_metrics();
    output.calibration = collector.calibration(output.metrics);
    output.log = collector.take_log();
    if (request.records) {
      RunRecords files = records.records();
      output.records_ed_csv = std::move(files.ed_csv);
      output.records_surgery_csv = std::move(files.surgery_csv);
      output.records_outpatient_csv = std::move(files.outpatient_csv);
    }
    output.diversions = collector.diversion_flows();
    output.events = bus.emitted();
    output.simulated_seconds = simgrid::s4u::Engine::get_clock();
    output.it_requests = it.counters().requests;
    output.it_requests_elided = it.counters().elided;
    rusage usage{};
    if (getrusage(RUSAGE_SELF, &usage) == 0) {
      output.peak_rss_kb = static_cast<std::uint64_t>(usage.ru_maxrss);
      output.cpu_seconds = usage.ru_utime.tv_sec + usage.ru_utime.tv_usec * 1e-6 + usage.ru_stime.tv_sec +
                           usage.ru_stime.tv_usec * 1e-6;
    }
    output.wall_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
    return output;
  } catch (const std::exception& error) {
    return Status::internal(std::string("simulation failed: ") + error.what());
  }
}

}  // namespace hospsim
