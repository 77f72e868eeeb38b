// The calibration view: is the baseline a believable hospital?
//
// A paired delta is only as credible as the baseline it is taken against. The calibration view puts the
// figures a planner would check first (ED utilisation, LWBS, waits, length of stay, diversion, theatre
// utilisation, overruns, cancellations for lack of beds or session time, bed occupancy) beside the ranges
// published for real hospitals, and flags each figure outside its range. The figures come from
// RunCollector::calibration(); the ranges, their meaning and their sources are in docs/model.md
// ("Calibration view"). Nothing here changes a result: a warning says "look at your inputs", not "wrong".
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace hospsim {

// The typical range of one calibration figure.
struct CalibrationRange {
  std::string figure;  // key of the figure in RunCollector::calibration()
  std::string label;   // short name for the warning line and the table
  std::string unit;    // "%" or "min"
  double low = 0.0;    // typical range, inclusive
  double high = 0.0;
  std::string basis;   // where the range comes from, in a sentence (full references in docs/model.md)
};

// Every figure with a typical range, in table order.
const std::vector<CalibrationRange>& calibration_ranges();

// summary.json's `calibration`: the figures of the baseline run (`of_baseline`; otherwise of the run itself,
// with --no-baseline) with
//   "describes": "baseline" | "run", "note": what that means,
//   "region", "hospitals": the figures as given,
//   "ranges": {figure: {"low", "high", "unit", "basis"}},
//   "warnings": [{"hospital", "figure", "value", "low", "high"}] for each hospital figure (not null) outside its
//               range, ordered by hospital id then by calibration_ranges().
// REQUIRES: `figures` has the shape of RunCollector::calibration().
nlohmann::json calibration_view(const nlohmann::json& figures, bool of_baseline);

}  // namespace hospsim
