// Paired comparison of a run with its baseline (same scenario and seed, injections removed).
//
// The result has the shape of metrics_json() (metrics/run_metrics.h): {"region": {metric: ...}, "hospitals":
// {id: {...}}}, with the metrics the run reports; each becomes {"value", "baseline", "delta", "delta_pct"}
// where delta = value - baseline and delta_pct = 100 * delta / baseline (null when baseline is 0 or either
// side is null). A metric the baseline does not report (the attack metrics: a baseline has no injection) or
// a hospital it does not have pairs with null.
#pragma once

#include <nlohmann/json.hpp>

#include "hospsim/metrics.h"

namespace hospsim {

nlohmann::json paired_metrics(const RunMetrics& run, const RunMetrics& baseline);

// One metric pair as above: `value` and `baseline` are numbers or null.
nlohmann::json paired_value(const nlohmann::json& value, const nlohmann::json& baseline);

}  // namespace hospsim
