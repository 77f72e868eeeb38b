// The calibration view: is the baseline a believable hospital?
//
// A paired delta is only as credible as the baseline it is taken against. The calibration view puts the
// figures a planner would check first (ED utilisation, LWBS, waits, length of stay, diversion, theatre
// utilisation, overruns, cancellations for lack of beds or session time, bed occupancy) beside the ranges
// published for real hospitals, and flags each figure outside its range. The figures come from
// RunCollector::calibration(); the ranges, their meaning and their sources are in docs/model.md
// ("Calibration view"). Nothing here changes a result: a warning says "look at your inputs", not "wrong".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "hospsim/metrics.h"

namespace hospsim {

// One figure of the calibration view: its name in summary.json, what the tables call it, its unit and, for
// the figures with one, its typical range.
struct CalibrationFigureInfo {
  CalibrationFigure id;
  std::string_view name;   // key in summary.json's "calibration"
  std::string_view label;  // short name for the warning line and the report's table
  std::string_view unit;   // "%", "min" or "hours"
  bool tabled = false;     // a column of the calibration tables (`hospsim run`, the report)
  std::string_view top;    // the column's heading in `hospsim run`'s table, two lines of at most 8 characters
  std::string_view bottom;
  bool ranged = false;  // has a typical range (low, high, basis)
  double low = 0.0;     // typical range, inclusive
  double high = 0.0;
  std::string_view basis;  // where the range comes from, in a sentence (full references in docs/model.md)
};

// Every figure, in CalibrationFigure order.
const std::vector<CalibrationFigureInfo>& calibration_figures();
const CalibrationFigureInfo& calibration_info(CalibrationFigure figure);
// The figure named `name`; nullptr for a name the table does not know.
const CalibrationFigureInfo* find_calibration_figure(std::string_view name);

// The calibration figures summary.json reports: those of the paired baseline (`of_baseline`) or, without a
// baseline, of the run itself.
struct CalibrationView {
  bool of_baseline = true;
  RunCalibration figures;

  friend bool operator==(const CalibrationView&, const CalibrationView&) = default;
};

// A hospital figure outside its typical range.
struct CalibrationWarning {
  std::string hospital;  // hospital id
  CalibrationFigure figure;
  double value = 0.0;
};

// The warnings of `view`: each hospital figure with a value and a range that lies outside it, ordered by
// hospital id then by figure.
std::vector<CalibrationWarning> calibration_warnings(const CalibrationView& view);

// summary.json's `calibration`:
//   "describes": "baseline" | "run", "note": what that means,
//   "region", "hospitals": {id: {...}}: every figure by name, null where it has no value,
//   "ranges": {figure: {"low", "high", "unit", "basis"}} of the figures with a range,
//   "warnings": [{"hospital", "figure", "value", "low", "high"}] (calibration_warnings()).
nlohmann::json calibration_json(const CalibrationView& view);

// The figures of one place as summary.json writes them ({name: number or null}).
nlohmann::json calibration_figures_json(const CalibrationFigures& figures);

}  // namespace hospsim
