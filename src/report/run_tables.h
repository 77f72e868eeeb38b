// The tables `hospsim run` prints: the metrics read by MetricId from the typed records of the run and its
// paired baseline (report/metric_text.h), the calibration view from its typed figures (metrics/calibration.h).
#pragma once

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "hospsim/scenario.h"
#include "metrics/calibration.h"
#include "report/metric_text.h"
#include "report/run_files.h"

namespace hospsim {

// The readable table printed by `hospsim run`: per hospital and for the region, cancelled surgeries,
// cancelled appointments, ED load shift against the baseline, the median ED length of stay (and its change),
// diversion, and the worst IT availability.
// `seed` is the run's.
std::string format_run_table(const Scenario& scenario, std::uint64_t seed, const PairedRunMetrics& metrics);

// The change in ED arrivals against the paired baseline of one hospital (or the region), by cause: every
// term is a change (run minus baseline) of a metric of docs/model.md, with the sign it has in the arrivals:
//   arrivals = from_outpatients + ambulances_in - ambulances_out + advised_in - advised_out - stayed_home
//              + other
// (ed_from_outpatient, ed_diverted_in, ed_diverted_out, ed_advised_in, ed_advised_out, ed_stayed_home);
// `other` is what these do not explain (0 under common random numbers unless another mechanism moved
// patients). Absent without a baseline (no deltas).
struct EdShiftBreakdown {
  double arrivals = 0.0;
  double from_outpatients = 0.0;  // cancelled outpatients who presented to this ED instead
  double ambulances_in = 0.0;     // ambulances diverted here from another hospital
  double ambulances_out = 0.0;    // ambulances diverted from here to another hospital (subtracted)
  double advised_in = 0.0;        // walk-ins told to come here instead of their nearest ED
  double advised_out = 0.0;       // walk-ins told to go elsewhere (subtracted)
  double stayed_home = 0.0;       // walk-ins advised to stay home (subtracted)
  double other = 0.0;
};
std::optional<EdShiftBreakdown> ed_shift_breakdown(const PlaceMetrics& metrics);

// "+27 cancelled outpatients, +3 ambulances diverted in, -6 diverted out" (the non-zero terms of the
// breakdown, each signed as it counts in the arrivals); "no change by any cause" when all are 0.
std::string ed_shift_text(const EdShiftBreakdown& breakdown);

// The third table of `hospsim run` (with a baseline): per hospital and for the region, the change in ED
// arrivals by cause (EdShiftBreakdown), then LWBS and the p90 wait with their changes. "" without a baseline.
std::string format_ed_shift_table(const Scenario& scenario, const PairedRunMetrics& metrics);

// One row of the strategy comparison of `hospsim run FILE --strategy all`, for the region, read from that
// strategy's metrics (with a paired baseline): cancelled planned operations and cancelled appointments (with
// their change against the baseline), the change in ED arrivals and in patients who left without being seen,
// ambulances diverted (with the change), and the lowest availability of any IT service at any hospital (NAN
// when the run has none).
struct StrategyRow {
  std::string name;
  MetricCell surgeries_cancelled;
  MetricCell outpatient_cancelled;
  MetricCell ed_arrivals;
  MetricCell ed_lwbs;
  MetricCell ed_diverted;
  double lowest_availability = NAN;
};
// The rows of `runs` (each a pair of a strategy's name and its run: summary.json content and metrics), in
// order.
std::vector<StrategyRow> strategy_rows(const std::vector<std::pair<std::string, RunFiles>>& runs);

// The table of `hospsim run FILE --strategy all`: a header naming the scenario, its seed (summary.json's of
// the first run) and period, then one line per strategy_rows() row.
std::string format_strategy_table(const Scenario& scenario,
                                  const std::vector<std::pair<std::string, RunFiles>>& runs);

// The second table of `hospsim run`: the calibration figures of `view` per hospital and for the region, then
// one line "warning: HOSPITAL: FIGURE VALUE is outside the typical LOW-HIGH" per figure outside its typical
// range (calibration_warnings()).
std::string format_calibration_table(const Scenario& scenario, const CalibrationView& view);

}  // namespace hospsim
