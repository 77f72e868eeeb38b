// The tables `hospsim run` prints, read from the content of its summary.json (run/outputs.h).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "hospsim/scenario.h"

namespace hospsim {

// The readable table printed by `hospsim run`: per hospital and for the region, cancelled surgeries,
// cancelled appointments, ED load shift against the baseline, the median ED length of stay (and its change),
// diversion, and the worst IT availability.
std::string format_run_table(const Scenario& scenario, const nlohmann::json& summary);

// The second table of `hospsim run`: summary["calibration"] per hospital and for the region, then one line
// "warning: HOSPITAL: FIGURE VALUE is outside the typical LOW-HIGH" per figure outside its typical range.
std::string format_calibration_table(const Scenario& scenario, const nlohmann::json& summary);

}  // namespace hospsim
