// Paired comparison of a run with its baseline (same scenario and seed, injections removed).
//
// Both inputs have the shape of RunCollector::metrics(): {"region": {metric: value}, "hospitals": {id: {...}}}.
// The result has the same shape; each numeric metric becomes {"value", "baseline", "delta", "delta_pct"}
// where delta = value - baseline and delta_pct = 100 * delta / baseline (null when baseline is 0 or either
// side is null). Non-numeric values (null) are copied as they are.
#pragma once

#include <nlohmann/json.hpp>

namespace hospsim {

nlohmann::json paired_metrics(const nlohmann::json& run, const nlohmann::json& baseline);

// One metric pair as above.
nlohmann::json paired_value(const nlohmann::json& value, const nlohmann::json& baseline);

}  // namespace hospsim
