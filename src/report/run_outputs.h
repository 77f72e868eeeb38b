// The files and the table of `hospsim run`.
//
// DIR/summary.json  scenario identity, per-hospital and region metrics (paired with the baseline when there is
//                   one: {value, baseline, delta, delta_pct}), IT availability per hospital and service, and the
//                   calibration view of the baseline (src/metrics/calibration.h).
//                   Only behavioural state: no wall times, versions or paths, so equal runs give equal bytes.
// DIR/timeline.csv  time,run,hospital,metric,value (hourly; run = scenario | baseline)
// DIR/events.csv    the incident log of the scenario run
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "hospsim/run.h"
#include "hospsim/scenario.h"
#include "hospsim/status.h"

namespace hospsim {

nlohmann::json build_summary(const Scenario& scenario, std::uint64_t seed, const PairedOutput& output);

// Writes summary.json, timeline.csv and events.csv into `directory` (created if missing).
Status write_run_outputs(const std::string& directory, const Scenario& scenario, std::uint64_t seed,
                         const PairedOutput& output);

// The readable table printed by `hospsim run`: per hospital and for the region, cancelled surgeries,
// cancelled appointments, ED load shift against the baseline, the median ED length of stay (and its change),
// diversion, and the worst IT availability.
std::string format_run_table(const Scenario& scenario, const nlohmann::json& summary);

// The second table of `hospsim run`: summary["calibration"] per hospital and for the region, then one line
// "warning: HOSPITAL: FIGURE VALUE is outside the typical LOW-HIGH" per figure outside its typical range.
std::string format_calibration_table(const Scenario& scenario, const nlohmann::json& summary);

}  // namespace hospsim
