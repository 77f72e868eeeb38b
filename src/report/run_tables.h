// The tables `hospsim run` prints, read from the content of its summary.json (run/outputs.h).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "hospsim/scenario.h"

namespace hospsim {

// The readable table printed by `hospsim run`: per hospital and for the region, cancelled surgeries,
// cancelled appointments, ED load shift against the baseline, the median ED length of stay (and its change),
// diversion, and the worst IT availability.
std::string format_run_table(const Scenario& scenario, const nlohmann::json& summary);

// The table of `hospsim run FILE --strategy all`: one row per strategy (in the order given, each a pair of
// its name and its run's summary.json content, with a paired baseline), for the region: cancelled planned
// operations and cancelled appointments (with their change against the baseline), the change in ED arrivals
// and in patients who left without being seen, ambulances diverted (with the change), and the lowest
// availability of any IT service at any hospital.
std::string format_strategy_table(const Scenario& scenario,
                                  const std::vector<std::pair<std::string, nlohmann::json>>& summaries);

// The second table of `hospsim run`: summary["calibration"] per hospital and for the region, then one line
// "warning: HOSPITAL: FIGURE VALUE is outside the typical LOW-HIGH" per figure outside its typical range.
std::string format_calibration_table(const Scenario& scenario, const nlohmann::json& summary);

}  // namespace hospsim
